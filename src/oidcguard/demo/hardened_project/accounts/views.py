import logging

import requests
from django.conf import settings
from django.http import JsonResponse
from django.shortcuts import redirect
from django.utils.http import url_has_allowed_host_and_scheme

logger = logging.getLogger(__name__)


def profile(request):
    token = request.session.get("oidc_access_token")
    logger.info("fetching profile for user %s", request.user.pk)
    response = requests.get(
        settings.OIDC_OP_USER_ENDPOINT, headers={"Authorization": f"Bearer {token}"}, timeout=10
    )
    return JsonResponse(response.json())


def after_login(request):
    target = request.GET.get("next", "/")
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=True):
        target = "/"
    return redirect(target)
