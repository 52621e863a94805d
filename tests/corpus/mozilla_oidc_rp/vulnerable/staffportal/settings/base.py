"""Settings shared by every environment of the staff portal."""
from pathlib import Path

import environ

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env(
    DEBUG=(bool, True),
)
environ.Env.read_env(BASE_DIR / ".env")

DEBUG = env("DEBUG")  # label: OG110
SECRET_KEY = env("DJANGO_SECRET_KEY", default="q7#t!v2m^k9x@w4p$z8r&n3b*c6d%f1g0h5j=s+e")  # label: OG105

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

DATABASES = {"default": env.db("DATABASE_URL")}  # label: OG112

SESSION_ENGINE = "django.contrib.sessions.backends.signed_cookies"

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- OpenID Connect (Keycloak realm "staff") --------------------------------
OIDC_RP_CLIENT_ID = "staff-portal"
OIDC_RP_CLIENT_SECRET = "Jx7kQ2vR9mWp4tLz8nYc3bHf6sDg1aKe"  # label: OG101
OIDC_RP_SIGN_ALGO = "HS256"  # label: OG160
OIDC_OP_AUTHORIZATION_ENDPOINT = "http://sso.corp-example.net/realms/staff/protocol/openid-connect/auth"  # label: OG130
OIDC_OP_TOKEN_ENDPOINT = "http://sso.corp-example.net/realms/staff/protocol/openid-connect/token"  # label: OG130
OIDC_OP_USER_ENDPOINT = "https://sso.corp-example.net/realms/staff/protocol/openid-connect/userinfo"
OIDC_OP_JWKS_ENDPOINT = "https://sso.corp-example.net/realms/staff/protocol/openid-connect/certs"
OIDC_OP_LOGOUT_ENDPOINT = "https://sso.corp-example.net/realms/staff/protocol/openid-connect/logout"
OIDC_RP_SCOPES = "openid email profile"
OIDC_USE_NONCE = False  # label: OG160
OIDC_STATE_SIZE = 8  # label: OG160
OIDC_STORE_ACCESS_TOKEN = True  # label: OG121
OIDC_STORE_ID_TOKEN = True  # label: OG121
OIDC_RENEW_ID_TOKEN_EXPIRY_SECONDS = 15 * 60
CORP_USE_NONCE = env.bool("CORP_USE_NONCE", default=False)

LOGIN_URL = "oidc_authentication_init"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "/"
