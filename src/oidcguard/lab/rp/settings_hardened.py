"""The HARDENED relying party."""

from __future__ import annotations

from .settings_base import *  # noqa: F403 - a settings chain

DEBUG = False
ROOT_URLCONF = "oidcguard.lab.rp.urls_hardened"

SESSION_COOKIE_SECURE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"  # Lax, not Strict: the callback is a cross-site top-level GET
CSRF_COOKIE_SECURE = True
CSRF_COOKIE_HTTPONLY = True
CSRF_COOKIE_SAMESITE = "Lax"
SECURE_HSTS_SECONDS = 31_536_000  # sent on HTTPS requests only (Django's SecurityMiddleware)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

OIDC_USE_NONCE = True
OIDC_USE_PKCE = True
OIDC_PKCE_CODE_CHALLENGE_METHOD = "S256"
OIDC_STATE_SIZE = 32
OIDC_NONCE_SIZE = 32
OIDC_STORE_ACCESS_TOKEN = False
OIDC_STORE_ID_TOKEN = False
