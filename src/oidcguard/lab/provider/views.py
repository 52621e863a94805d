"""Provider views both configurations share."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def home(request: HttpRequest) -> HttpResponse:
    return render(request, "provider/home.html")


def health(request: HttpRequest) -> HttpResponse:
    """What the launcher polls: answers once migrations and the bootstrap are done."""
    return HttpResponse("ok", content_type="text/plain")
