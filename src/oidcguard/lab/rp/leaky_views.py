"""Deliberately bad relying-party code, mounted only by the LEAKY configuration.

Each view imitates a mistake seen in real apps where no library setting produces the weakness
on its own; ../README.md maps each one to the live rule it feeds.
"""

from __future__ import annotations

import functools
from urllib.parse import urlencode

import requests
from django.conf import settings
from django.contrib import auth
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import render


def home(request: HttpRequest) -> HttpResponse:
    """OG213: the front-end config carries the client secret ("the SPA needs it")."""
    oidc_config = {
        "authority": settings.LAB_PROVIDER_URL,
        "client_id": settings.OIDC_RP_CLIENT_ID,
        "client_secret": settings.OIDC_RP_CLIENT_SECRET,
        "redirect_uri": request.build_absolute_uri("/oidc/callback/"),
    }
    return render(request, "rp/home_leaky.html", {"oidc_config": oidc_config})


def logout_next(request: HttpRequest) -> HttpResponseRedirect:
    """OG208/OG151: logs out and redirects to ``next`` without url_has_allowed_host_and_scheme."""
    auth.logout(request)
    return HttpResponseRedirect(request.GET.get("next", "/"))


@functools.cache
def _service_token() -> str:
    # A real client-credentials grant at the lab provider (oauthlib logs its issuance).
    response = requests.post(
        f"{settings.LAB_PROVIDER_URL}/o/token/",
        data={"grant_type": "client_credentials", "scope": "read"},
        auth=(settings.LAB_SERVICE_CLIENT_ID, settings.LAB_SERVICE_CLIENT_SECRET),
        timeout=10,
        verify=settings.OIDC_VERIFY_SSL,
    )
    response.raise_for_status()
    return str(response.json()["access_token"])


def api_docs(request: HttpRequest) -> HttpResponseRedirect:
    """OG209/OG170: "open the API explorer, already signed in" — a bearer token in Location."""
    return HttpResponseRedirect("/api/status/?" + urlencode({"access_token": _service_token()}))


def api_status(request: HttpRequest) -> JsonResponse:
    return JsonResponse({"status": "ok", "authenticated": "access_token" in request.GET})


def provider_logout_url(request: HttpRequest) -> str:
    """mozilla-django-oidc's OIDC_OP_LOGOUT_URL_METHOD: the ID token goes out in a GET URL."""
    params = {
        "id_token_hint": request.session.get("oidc_id_token", ""),
        "client_id": settings.OIDC_RP_CLIENT_ID,
        "post_logout_redirect_uri": request.build_absolute_uri("/"),
    }
    return f"{settings.LAB_PROVIDER_URL}/o/logout/?{urlencode(params)}"
