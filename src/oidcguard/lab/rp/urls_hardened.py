"""Hardened relying-party URLs: mozilla-django-oidc's views, a home page, a protected page."""

from __future__ import annotations

from django.urls import include, path

from . import views

urlpatterns = [
    path("", views.home, name="home"),
    path("health/", views.health),
    path("protected/", views.protected, name="protected"),
    path("oidc/", include("mozilla_django_oidc.urls")),
]
