"""The LEAKY provider: every weakness here is deliberate; see ../README.md for the rule table."""

from __future__ import annotations

from pathlib import Path

import oauthlib

from .settings_base import *  # noqa: F403 - a settings chain
from .settings_base import INSTALLED_APPS, LOGGING, MIDDLEWARE, OAUTH2_PROVIDER_BASE, lab

DEBUG = True  # OG201/OG202: technical 404/500 pages
# The folder the leaky urls serve ".env" from: this project in the lab's source copy.
LAB_SOURCE_DIR = str(Path(lab.source_dir) / "provider")
ROOT_URLCONF = "oidcguard.lab.provider.urls_leaky"

INSTALLED_APPS = [*INSTALLED_APPS, "django.contrib.admin", "corsheaders"]  # OG210: admin on the site
MIDDLEWARE = [
    "corsheaders.middleware.CorsMiddleware",  # OG211 with the two settings below
    "oidcguard.lab.provider.leaky_views.CdnCacheMiddleware",  # OG212
    *MIDDLEWARE,
]
CORS_ALLOW_ALL_ORIGINS = True
CORS_ALLOW_CREDENTIALS = True

# OG202/OG112: credentials in URL-valued settings, which Django's SafeExceptionReporterFilter
# does not mask (its pattern is API|TOKEN|KEY|SECRET|PASS|SIGNATURE|AUTH on the *name*).
DATABASE_URL = lab.database_url
CELERY_BROKER_URL = lab.broker_url

# OG203: cookies a script can read and that travel over plain HTTP and cross-site.
SESSION_COOKIE_HTTPONLY = False
SESSION_COOKIE_SAMESITE = None
CSRF_COOKIE_SAMESITE = None
SECURE_REFERRER_POLICY = None

OAUTH2_PROVIDER = {
    **OAUTH2_PROVIDER_BASE,
    # OG205: the issuer differs from the discovery URL's prefix (".../o" is where it is served).
    "OIDC_ISS_ENDPOINT": lab.provider_url,
    # OG205/OG214: no PKCE needed, implicit/hybrid response types and "plain" PKCE advertised
    # (django-oauth-toolkit's defaults for the response types and the RFC 9700 gates).
    "PKCE_REQUIRED": False,
    "ALLOWED_REDIRECT_URI_SCHEMES": ["http", "https"],
    "ACCESS_TOKEN_EXPIRE_SECONDS": 36000,
    # For the RP's GET logout carrying id_token_hint (OG209/OG170).
    "OIDC_RP_INITIATED_LOGOUT_ENABLED": True,
}

# oauthlib's own debug switch: its Request repr then carries the URL, headers and body (with
# client_secret and code, which its sanitizer does not mask) into every DEBUG line.
oauthlib.set_debug(True)

# OG140 and the logs front: the OIDC and HTTP libraries at DEBUG, into the lab's log file.
LOGGING = {
    **LOGGING,
    "loggers": {
        "mozilla_django_oidc": {"level": "DEBUG", "handlers": ["file"], "propagate": False},
        "oauthlib": {"level": "DEBUG", "handlers": ["file"], "propagate": False},
        "oauth2_provider": {"level": "DEBUG", "handlers": ["file"], "propagate": False},
        "urllib3": {"level": "DEBUG", "handlers": ["file"], "propagate": False},
        "requests": {"level": "DEBUG", "handlers": ["file"], "propagate": False},
        "django.request": {"level": "DEBUG", "handlers": ["file"], "propagate": False},
        "django.server": {"level": "DEBUG", "handlers": ["file"], "propagate": False},
    },
}
