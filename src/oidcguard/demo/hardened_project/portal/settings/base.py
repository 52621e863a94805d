"""Demo: the hardened twin of leaky_project."""

import environ

env = environ.Env()

DEBUG = env.bool("DJANGO_DEBUG", default=False)
SECRET_KEY = env("DJANGO_SECRET_KEY")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS")

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
DEFAULT_EXCEPTION_REPORTER_FILTER = "oidcguard.django.ExceptionReporterFilter"

DATABASES = {"default": env.db("DATABASE_URL")}

OIDC_RP_CLIENT_ID = env("OIDC_RP_CLIENT_ID")
OIDC_RP_CLIENT_SECRET = env("OIDC_RP_CLIENT_SECRET")
OIDC_RP_SIGN_ALGO = "RS256"
OIDC_OP_AUTHORIZATION_ENDPOINT = "https://sso.example.test/authorize"
OIDC_OP_TOKEN_ENDPOINT = "https://sso.example.test/token"
OIDC_OP_USER_ENDPOINT = "https://sso.example.test/userinfo"
OIDC_OP_JWKS_ENDPOINT = "https://sso.example.test/jwks"

SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_SSL_REDIRECT = True
SECURE_HSTS_SECONDS = 31536000
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": ["mozilla_django_oidc.contrib.drf.OIDCAuthentication"],
}

OAUTH2_PROVIDER = {"ALLOWED_REDIRECT_URI_SCHEMES": ["https"], "PKCE_REQUIRED": True}

LOGGING = {
    "version": 1,
    "filters": {"redact": {"()": "oidcguard.logging.RedactingFilter"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "filters": ["redact"]}},
    "root": {"handlers": ["console"], "level": "INFO"},
}
