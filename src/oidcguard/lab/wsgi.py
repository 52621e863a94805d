"""WSGI entry for either lab project (DJANGO_SETTINGS_MODULE picks which one)."""

from __future__ import annotations

from django.core.wsgi import get_wsgi_application

application = get_wsgi_application()
