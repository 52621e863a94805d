"""The HARDENED provider: the same provider with the leaky settings turned the safe way."""

from __future__ import annotations

from .settings_base import *  # noqa: F403 - a settings chain
from .settings_base import OAUTH2_PROVIDER_BASE, lab

DEBUG = False
ROOT_URLCONF = "oidcguard.lab.provider.urls_hardened"

SESSION_COOKIE_SECURE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SECURE = True
CSRF_COOKIE_HTTPONLY = True
CSRF_COOKIE_SAMESITE = "Lax"
SECURE_HSTS_SECONDS = 31_536_000  # sent on HTTPS requests only (Django's SecurityMiddleware)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

OAUTH2_PROVIDER = {
    **OAUTH2_PROVIDER_BASE,
    "PKCE_REQUIRED": True,
    "OIDC_RESPONSE_TYPES_SUPPORTED": ["code"],
    # https only, unless the lab itself runs on plain HTTP (loopback, the default).
    "ALLOWED_REDIRECT_URI_SCHEMES": ["https"] if lab.tls else ["http", "https"],
    "REFRESH_TOKEN_REUSE_PROTECTION": True,
    "ACCESS_TOKEN_EXPIRE_SECONDS": 300,
    # RFC 9700 gates (django-oauth-toolkit 3.x): no implicit or password grant, no "plain"
    # PKCE, no access token in the query string, hashed token storage.
    "COMPLIANT_BCP_RFC9700_IMPLICIT_GRANT": True,
    "COMPLIANT_BCP_RFC9700_PASSWORD_GRANT": True,
    "COMPLIANT_BCP_RFC9700_PKCE_METHOD": True,
    "COMPLIANT_BCP_RFC9700_ACCESS_TOKEN_TRANSPORT": True,
    "COMPLIANT_BCP_RFC9700_TOKEN_STORAGE": True,
}
