"""Leaky relying-party URLs: the hardened ones, with deliberately bad views mounted in front."""

from __future__ import annotations

from django.conf import settings
from django.urls import path, re_path
from django.views.static import serve

from . import leaky_views
from .urls_hardened import urlpatterns as hardened_urlpatterns

urlpatterns = [
    path("", leaky_views.home, name="home"),  # OG213
    path("logout/", leaky_views.logout_next),  # OG208
    path("api/docs/", leaky_views.api_docs),  # OG209
    path("api/status/", leaky_views.api_status),
    # OG210/OG213: "serve the project folder in development" — and with it the .env file.
    re_path(r"^(?P<path>\.env)$", serve, {"document_root": settings.LAB_SOURCE_DIR}),
    *hardened_urlpatterns,
]
