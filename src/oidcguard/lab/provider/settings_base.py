"""Provider settings shared by the leaky and the hardened configuration.

Every secret comes from the lab's run-time config (generated at start, see ``_config``); the
RSA signing key is generated when this module is imported, i.e. once per server process.
"""

from __future__ import annotations

from pathlib import Path

from oidcguard.lab._common import NoMigrations, generate_rsa_key_pem, lab_logging, lab_password_hashers
from oidcguard.lab._config import current

# Lower case on purpose: Django takes only upper-case names as settings, so the config (and
# every secret in it) stays off the debug pages' settings dump; only the settings below show.
lab = current()
LAB_MODE = lab.mode.value
TMP_DIR = Path(lab.tmp_dir)

SECRET_KEY = lab.provider_secret_key
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]

INSTALLED_APPS = [
    "oidcguard.lab.provider",  # first: its templates override django-oauth-toolkit's
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "oauth2_provider",
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
DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": str(TMP_DIR / "provider.sqlite3")}}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
MIGRATION_MODULES = NoMigrations()  # `migrate --run-syncdb` at start; see NoMigrations
PASSWORD_HASHERS = lab_password_hashers()  # throw-away credentials; see _hashers
USE_TZ = True
TIME_ZONE = "UTC"
STATIC_URL = "static/"
LOGIN_URL = "/accounts/login/"
LOGIN_REDIRECT_URL = "/"

# Provider and RP share the host 127.0.0.1 and cookies ignore ports (RFC 6265 §8.5): distinct
# names keep a browser from overwriting one site's session with the other's.
SESSION_COOKIE_NAME = "op_sessionid"
CSRF_COOKIE_NAME = "op_csrftoken"

OAUTH2_PROVIDER_BASE = {
    "OIDC_ENABLED": True,
    "OIDC_RSA_PRIVATE_KEY": generate_rsa_key_pem(),
    "OAUTH2_VALIDATOR_CLASS": "oidcguard.lab.provider.oidc.LabOAuth2Validator",
    "SCOPES": {
        "openid": "OpenID Connect",
        "email": "Your e-mail address",
        "profile": "Your user name",
        "read": "Read access to the lab API",
    },
    "DEFAULT_SCOPES": ["read"],
}

LOGGING = lab_logging(lab.log_path, "provider", redact=lab.redact_logs)
