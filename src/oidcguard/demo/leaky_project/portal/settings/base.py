"""Demo: a leaky relying party. Every secret below is fake and generated for the demo."""

import os

import environ

env = environ.Env()

DEBUG = bool(os.getenv("DJANGO_DEBUG", "False"))
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "django-insecure-q8#v2m!x7k@p4w$z9r&t1y^u6i*o3e(a5s)d0f-g+h")
ALLOWED_HOSTS = ["*"]

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "rest_framework",
    "mozilla_django_oidc",
    "oauth2_provider",
]
AUTHENTICATION_BACKENDS = ["mozilla_django_oidc.auth.OIDCAuthenticationBackend"]
ROOT_URLCONF = "portal.urls"

DATABASE_URL = os.environ["DATABASE_URL"]

OIDC_RP_CLIENT_ID = "portal-web"
OIDC_RP_CLIENT_SECRET = "kVt7Qm2XwR9pLs4ZcN8bHy3Jd6Fg1AeU"
OIDC_OP_AUTHORIZATION_ENDPOINT = "https://sso.example.test/authorize"
OIDC_OP_TOKEN_ENDPOINT = "http://sso.example.test/token"
OIDC_OP_USER_ENDPOINT = "https://sso.example.test/userinfo"
OIDC_VERIFY_SSL = False
OIDC_USE_NONCE = False
OIDC_STORE_ACCESS_TOKEN = True
OIDC_STORE_ID_TOKEN = True

SESSION_ENGINE = "django.contrib.sessions.backends.signed_cookies"
SESSION_COOKIE_SECURE = env.bool("SESSION_COOKIE_SECURE", default=False)
SESSION_COOKIE_HTTPONLY = False

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": ["mozilla_django_oidc.contrib.drf.OIDCAuthentication"],
}

OAUTH2_PROVIDER = {
    "ALLOWED_REDIRECT_URI_SCHEMES": ["https", "http"],
    "PKCE_REQUIRED": False,
}

LOGGING = {
    "version": 1,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "DEBUG"},
}
