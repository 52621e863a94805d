import logging

from django.contrib.auth import views as auth_views
from django.http import JsonResponse
from oauth2_provider.decorators import protected_resource
from oauth2_provider.models import AccessToken

log = logging.getLogger(__name__)


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"

    # LoginView.get_success_url() checks "next" with url_has_allowed_host_and_scheme.
    redirect_authenticated_user = True


@protected_resource(scopes=["profile"])
def me(request):
    log.info("userinfo call for client %s", request.access_token.application.client_id)
    user = request.resource_owner
    return JsonResponse({"sub": str(user.pk), "email": user.email})


def introspect_debug(request):
    token = AccessToken.objects.select_related("application").get(pk=request.POST["id"])
    return JsonResponse({"client_id": token.application.client_id, "expires": token.expires.isoformat()})
