"""Relying-party settings shared by the leaky and the hardened configuration.

mozilla-django-oidc against the lab provider; the client secret comes from the lab's run-time
config (generated at start), never from the source.
"""

from __future__ import annotations

from pathlib import Path

from oidcguard.lab._common import NoMigrations, lab_logging, lab_password_hashers
from oidcguard.lab._config import current

# Lower case on purpose: Django takes only upper-case names as settings, so the config (and
# every secret in it) stays off the debug pages' settings dump; only the settings below show.
lab = current()
LAB_MODE = lab.mode.value
LAB_PROVIDER_URL = lab.provider_url
TMP_DIR = Path(lab.tmp_dir)

SECRET_KEY = lab.rp_secret_key
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]

INSTALLED_APPS = [
    "oidcguard.lab.rp",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "mozilla_django_oidc",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
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

WSGI_APPLICATION = "oidcguard.lab.wsgi.application"
DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": str(TMP_DIR / "rp.sqlite3")}}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
MIGRATION_MODULES = NoMigrations()  # `migrate --run-syncdb` at start; see NoMigrations
PASSWORD_HASHERS = lab_password_hashers()  # throw-away credentials; see _hashers
USE_TZ = True
TIME_ZONE = "UTC"
STATIC_URL = "static/"

AUTHENTICATION_BACKENDS = ["mozilla_django_oidc.auth.OIDCAuthenticationBackend"]
LOGIN_URL = "/oidc/authenticate/"
LOGIN_REDIRECT_URL = "/protected/"
LOGOUT_REDIRECT_URL = "/"

OIDC_RP_CLIENT_ID = lab.confidential.client_id
OIDC_RP_CLIENT_SECRET = lab.confidential.client_secret
OIDC_RP_SIGN_ALGO = "RS256"
OIDC_RP_SCOPES = "openid email profile"
OIDC_OP_AUTHORIZATION_ENDPOINT = f"{lab.provider_url}/o/authorize/"
OIDC_OP_TOKEN_ENDPOINT = f"{lab.provider_url}/o/token/"
OIDC_OP_USER_ENDPOINT = f"{lab.provider_url}/o/userinfo/"
OIDC_OP_JWKS_ENDPOINT = f"{lab.provider_url}/o/.well-known/jwks.json"
OIDC_TIMEOUT = 10
# With TLS, trust the lab's throw-away CA (requests takes a CA bundle path for verify).
OIDC_VERIFY_SSL = lab.ca_file or True

LOGGING = lab_logging(lab.log_path, "rp", redact=lab.redact_logs)
