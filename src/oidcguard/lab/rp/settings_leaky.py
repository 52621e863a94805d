"""The LEAKY relying party: every weakness here is deliberate; see ../README.md for the table."""

from __future__ import annotations

from pathlib import Path

from .settings_base import *  # noqa: F403 - a settings chain
from .settings_base import LOGGING, lab

DEBUG = True  # OG201/OG202/OG206/OG215: the forged-state callback renders the technical page
ROOT_URLCONF = "oidcguard.lab.rp.urls_leaky"
LAB_SOURCE_DIR = str(Path(lab.source_dir) / "rp")

# OG202/OG112: credentials in URL-valued settings the exception reporter does not mask.
DATABASE_URL = lab.database_url
CELERY_BROKER_URL = lab.broker_url

# The client-credentials client behind the leaky /api/docs/ view (OG209).
LAB_SERVICE_CLIENT_ID = lab.service.client_id
LAB_SERVICE_CLIENT_SECRET = lab.service.client_secret

# OG203/OG121: the session lives in a signed (readable, not encrypted) cookie, script-readable,
# sent over HTTP and cross-site, and mozilla-django-oidc stores the tokens in it.
SESSION_ENGINE = "django.contrib.sessions.backends.signed_cookies"
SESSION_COOKIE_HTTPONLY = False
SESSION_COOKIE_SAMESITE = None
CSRF_COOKIE_SAMESITE = None
OIDC_STORE_ACCESS_TOKEN = True
OIDC_STORE_ID_TOKEN = True

# OG209: no Referrer-Policy, so the callback URL (with its code) leaks in Referer headers.
SECURE_REFERRER_POLICY = None

# OG214: a short state, no nonce, no PKCE in the authorization request.
OIDC_STATE_SIZE = 8
OIDC_USE_NONCE = False
OIDC_USE_PKCE = False

# OG209/OG170: logging out by GET sends the ID token to the provider in the URL.
ALLOW_LOGOUT_GET_METHOD = True
OIDC_OP_LOGOUT_URL_METHOD = "oidcguard.lab.rp.leaky_views.provider_logout_url"

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
