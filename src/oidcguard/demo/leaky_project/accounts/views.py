import logging

import requests
from django.conf import settings
from django.http import JsonResponse
from django.shortcuts import redirect

logger = logging.getLogger(__name__)


def profile(request):
    token = request.session.get("oidc_access_token")
    logger.info("fetching profile with token %s", token)
    response = requests.get(settings.OIDC_OP_USER_ENDPOINT, params={"access_token": token}, verify=False, timeout=10)
    return JsonResponse(response.json())


def after_login(request):
    return redirect(request.GET["next"])
