from django.http import HttpRequest, HttpResponse
from django.urls import path


def callback(request: HttpRequest) -> HttpResponse:
    # Echo what the view sees, so tests can prove the middleware never changes it.
    return HttpResponse(f"code={request.GET.get('code')} state={request.GET.get('state')}")


def broken(request: HttpRequest) -> HttpResponse:
    raise RuntimeError("callback failed")


urlpatterns = [
    path("oidc/callback/", callback, name="oidc_authentication_callback"),
    path("oidc/broken/", broken),
]
