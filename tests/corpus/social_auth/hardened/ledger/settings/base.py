"""Ledger: internal billing app. Staff sign in with the company IdP through social-auth (OIDC)."""
import os
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent.parent

SECRET_KEY = os.environ["DJANGO_SECRET_KEY"]
DEBUG = False

ALLOWED_HOSTS = ["ledger.corp-example.io"]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "corsheaders",
    "social_django",
    "billing",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "corsheaders.middleware.CorsMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "social_django.middleware.SocialAuthExceptionMiddleware",
]

AUTHENTICATION_BACKENDS = [
    "social_core.backends.open_id_connect.OpenIdConnectAuth",
    "social_core.backends.keycloak.KeycloakOAuth2",
    "django.contrib.auth.backends.ModelBackend",
]

ROOT_URLCONF = "ledger.urls"
WSGI_APPLICATION = "ledger.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {"context_processors": [
            "django.template.context_processors.request",
            "django.contrib.auth.context_processors.auth",
            "django.contrib.messages.context_processors.messages",
            "social_django.context_processors.backends",
        ]},
    },
]

DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": "ledger",
        "USER": "ledger",
        "PASSWORD": os.environ["LEDGER_DB_PASSWORD"],
        "HOST": os.environ.get("LEDGER_DB_HOST", "localhost"),
    }
}

CACHES = {
    "default": {
        "BACKEND": "django_redis.cache.RedisCache",
        "LOCATION": os.environ["REDIS_URL"],
    }
}

ADMINS = [("Ledger team", "ledger-alerts@corp-example.io")]
# REDIS_URL holds a password: error e-mails must mask it.
DEFAULT_EXCEPTION_REPORTER_FILTER = "oidcguard.django.ExceptionReporterFilter"

# --- social-auth: company OIDC provider and the legacy Keycloak realm ------------------
SOCIAL_AUTH_OIDC_OIDC_ENDPOINT = "https://login.corp-example.io/oidc"
SOCIAL_AUTH_OIDC_KEY = os.environ["SOCIAL_AUTH_OIDC_KEY"]
SOCIAL_AUTH_OIDC_SECRET = os.environ["SOCIAL_AUTH_OIDC_SECRET"]
SOCIAL_AUTH_KEYCLOAK_KEY = "ledger"
SOCIAL_AUTH_KEYCLOAK_SECRET = os.environ["SOCIAL_AUTH_KEYCLOAK_SECRET"]
SOCIAL_AUTH_KEYCLOAK_AUTHORIZATION_URL = "https://legacy-sso.corp-example.io/realms/ledger/protocol/openid-connect/auth"
SOCIAL_AUTH_KEYCLOAK_ACCESS_TOKEN_URL = "https://legacy-sso.corp-example.io/realms/ledger/protocol/openid-connect/token"
SOCIAL_AUTH_REDIRECT_IS_HTTPS = True
SOCIAL_AUTH_STORE_TOKENS = True
SOCIAL_AUTH_LOGIN_REDIRECT_URL = "/invoices/"

CORS_ALLOWED_ORIGIN_REGEXES = [r"^https://[a-z0-9-]+\.corp-example\.io$"]
CORS_ALLOW_CREDENTIALS = True

STATIC_URL = "static/"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {
        "console": {"class": "logging.StreamHandler"},
        "mail_admins": {"class": "django.utils.log.AdminEmailHandler", "level": "ERROR"},
    },
    "root": {"handlers": ["console"], "level": "WARNING"},
    "loggers": {
        "django.request": {"handlers": ["mail_admins"], "level": "ERROR", "propagate": True},
        "social": {"level": "INFO"},
    },
}
