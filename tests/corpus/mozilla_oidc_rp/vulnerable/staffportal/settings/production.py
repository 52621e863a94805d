"""Production settings: deployed with DJANGO_SETTINGS_MODULE=staffportal.settings.production."""
from .base import *  # noqa: F401,F403

ALLOWED_HOSTS = ["*"]  # label: OG153

SESSION_COOKIE_SECURE = env.bool("SESSION_COOKIE_SECURE", default=False)  # label: OG120
CSRF_COOKIE_SECURE = True
SECURE_SSL_REDIRECT = True
SECURE_HSTS_SECONDS = 60 * 60 * 24 * 365
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

OIDC_VERIFY_SSL = False  # label: OG130
OIDC_ALLOW_UNSECURED_JWT = env("OIDC_ALLOW_UNSECURED_JWT", default="False")  # label: OG160
OIDC_VERIFY_KID = False  # label: OG160
OIDC_USE_PKCE = False  # label: OG152
OIDC_REDIRECT_REQUIRE_HTTPS = True
OIDC_REDIRECT_ALLOWED_HOSTS = ["portal.internal.example.com", "localhost:8000"]  # label: OG150

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": "DEBUG"},  # label: OG140
    "loggers": {
        "django.db.backends": {"level": "INFO"},
    },
}
