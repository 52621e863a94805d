"""Leaky provider URLs: the hardened ones, with deliberately bad views mounted in front."""

from __future__ import annotations

from django.conf import settings
from django.contrib import admin
from django.urls import path, re_path
from django.views.static import serve

from . import leaky_views
from .urls_hardened import urlpatterns as hardened_urlpatterns

urlpatterns = [
    path("o/introspect/", leaky_views.open_introspection),  # OG207
    path("o/authorize/", leaky_views.PromptNoneAuthorizationView.as_view()),  # OG208
    path("admin/", admin.site.urls),  # OG210
    # OG210/OG213: "serve the project folder in development" — and with it the .env file.
    re_path(r"^(?P<path>\.env)$", serve, {"document_root": settings.LAB_SOURCE_DIR}),
    *hardened_urlpatterns,
]
