"""Relying-party views both configurations share."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def home(request: HttpRequest) -> HttpResponse:
    return render(request, "rp/home.html")


@login_required
def protected(request: HttpRequest) -> HttpResponse:
    return render(request, "rp/protected.html")


def health(request: HttpRequest) -> HttpResponse:
    """What the launcher polls: answers once migrations are done."""
    return HttpResponse("ok", content_type="text/plain")
