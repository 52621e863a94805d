"""Deliberately bad provider code, mounted only by the LEAKY configuration.

Each piece imitates a mistake seen in real deployments where no library setting produces the
weakness on its own; ../README.md maps each one to the live rule it feeds.
"""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse, HttpResponseBase, HttpResponseRedirect
from django.views.decorators.csrf import csrf_exempt
from oauth2_provider.views import AuthorizationView, IntrospectTokenView


class CdnCacheMiddleware:
    """OG212: "let the CDN cache the OAuth endpoints" — token responses lose ``no-store``."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response = self.get_response(request)
        if request.path.startswith("/o/token/"):
            response.headers.pop("Pragma", None)
            response["Cache-Control"] = "public, max-age=300"
        return response


@csrf_exempt
def open_introspection(request: HttpRequest) -> HttpResponse:
    """OG207: RFC 7662 introspection that skips the client authentication it requires (§2.1)."""
    token = request.POST.get("token") or request.GET.get("token")
    return IntrospectTokenView.get_token_response(token)


class PromptNoneAuthorizationView(AuthorizationView):
    """OG208: answers ``prompt=none`` for an anonymous user (OIDC Core §3.1.2.6) by redirecting
    to whatever ``redirect_uri`` came in, before django-oauth-toolkit validates it — the
    authorization server as an open redirector (RFC 9700 §4.11.2)."""

    def dispatch(self, request: HttpRequest, *args: object, **kwargs: object) -> HttpResponseBase:
        if "none" in request.GET.get("prompt", "").split() and not request.user.is_authenticated:
            target = request.GET.get("redirect_uri", "")
            params = {"error": "login_required", "state": request.GET.get("state", "")}
            separator = "&" if "?" in target else "?"
            response = HttpResponseRedirect("/")
            response["Location"] = f"{target}{separator}{urlencode(params)}"  # unvalidated
            return response
        return super().dispatch(request, *args, **kwargs)
