import logging

import requests
from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import JsonResponse
from django.shortcuts import render

log = logging.getLogger(__name__)


@login_required
def invoices(request):
    return render(request, "billing/invoices.html")


@login_required
def export(request):
    social = request.user.social_auth.get(provider="oidc")
    access_token = social.extra_data["access_token"]
    log.info("exporting for %s with token %s", request.user, access_token)  # label: OG141
    resp = requests.get(  # label: OG130
        "https://erp.corp-example.io/api/v2/invoices",
        params={"access_token": access_token},  # label: OG170
        verify=False,
        timeout=10,
    )
    return JsonResponse({"count": len(resp.json()), "erp": settings.SOCIAL_AUTH_OIDC_OIDC_ENDPOINT})
