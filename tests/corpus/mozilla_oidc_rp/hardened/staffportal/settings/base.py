"""Settings shared by every environment of the staff portal."""
from pathlib import Path

import environ

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env(
    DEBUG=(bool, False),
)
environ.Env.read_env(BASE_DIR / ".env")

DEBUG = env("DEBUG")
SECRET_KEY = env("DJANGO_SECRET_KEY")

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["portal.internal.example.com"])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "mozilla_django_oidc",
    "portal",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "mozilla_django_oidc.middleware.SessionRefresh",
]

AUTHENTICATION_BACKENDS = [
    "portal.auth.PortalOIDCBackend",
    "django.contrib.auth.backends.ModelBackend",
]

ROOT_URLCONF = "staffportal.urls"
WSGI_APPLICATION = "staffportal.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

DATABASES = {"default": env.db("DATABASE_URL")}

# Masks DATABASE_URL and the OIDC settings in error pages and admin e-mails.
DEFAULT_EXCEPTION_REPORTER_FILTER = "oidcguard.django.ExceptionReporterFilter"

SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- OpenID Connect (Keycloak realm "staff") --------------------------------
OIDC_RP_CLIENT_ID = "staff-portal"
OIDC_RP_CLIENT_SECRET = env("OIDC_RP_CLIENT_SECRET")
OIDC_RP_SIGN_ALGO = "RS256"
OIDC_OP_AUTHORIZATION_ENDPOINT = "https://sso.corp-example.net/realms/staff/protocol/openid-connect/auth"
OIDC_OP_TOKEN_ENDPOINT = "https://sso.corp-example.net/realms/staff/protocol/openid-connect/token"
OIDC_OP_USER_ENDPOINT = "https://sso.corp-example.net/realms/staff/protocol/openid-connect/userinfo"
OIDC_OP_JWKS_ENDPOINT = "https://sso.corp-example.net/realms/staff/protocol/openid-connect/certs"
OIDC_OP_LOGOUT_ENDPOINT = "https://sso.corp-example.net/realms/staff/protocol/openid-connect/logout"
OIDC_RP_SCOPES = "openid email profile"
OIDC_USE_NONCE = True
OIDC_STATE_SIZE = 32
OIDC_STORE_ACCESS_TOKEN = True
OIDC_STORE_ID_TOKEN = True
OIDC_RENEW_ID_TOKEN_EXPIRY_SECONDS = 15 * 60
CORP_USE_NONCE = env.bool("CORP_USE_NONCE", default=True)

LOGIN_URL = "oidc_authentication_init"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "/"
