import logging

import requests
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
    log.info("exporting invoices for %s", request.user)
    resp = requests.get(
        "https://erp.corp-example.io/api/v2/invoices",
        headers={"Authorization": f"Bearer {access_token}"},
        timeout=10,
    )
    return JsonResponse({"count": len(resp.json())})
