"""Production settings: deployed with DJANGO_SETTINGS_MODULE=staffportal.settings.production."""
from .base import *  # noqa: F401,F403

ALLOWED_HOSTS = ["portal.internal.example.com"]

SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_SSL_REDIRECT = True
SECURE_HSTS_SECONDS = 60 * 60 * 24 * 365
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

OIDC_VERIFY_SSL = True
OIDC_ALLOW_UNSECURED_JWT = False
OIDC_VERIFY_KID = True
OIDC_USE_PKCE = True
OIDC_REDIRECT_REQUIRE_HTTPS = True
OIDC_REDIRECT_ALLOWED_HOSTS = ["portal.internal.example.com"]

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": "INFO"},
    "loggers": {
        "django.db.backends": {"level": "INFO"},
        "mozilla_django_oidc": {"level": "INFO"},
    },
}
