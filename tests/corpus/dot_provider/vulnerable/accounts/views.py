import logging

from django.contrib.auth import views as auth_views
from django.http import JsonResponse, HttpResponseRedirect
from oauth2_provider.decorators import protected_resource
from oauth2_provider.models import AccessToken

log = logging.getLogger(__name__)


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"

    def form_valid(self, form):
        super().form_valid(form)
        return HttpResponseRedirect(self.request.GET["next"])  # label: OG151


@protected_resource(scopes=["profile"])
def me(request):
    log.info("userinfo call with %s", request.META.get("HTTP_AUTHORIZATION"))  # label: OG141
    user = request.resource_owner
    return JsonResponse({"sub": str(user.pk), "email": user.email})


def introspect_debug(request):
    token = AccessToken.objects.select_related("application").get(token=request.GET["token"])
    return JsonResponse({
        "token": token.token,
        "client_id": token.application.client_id,
        "client_secret": token.application.client_secret,  # label: OG142
    })
