"""Identity provider for the Acme customer apps (django-oauth-toolkit, OIDC enabled)."""
import os
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent.parent

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY") or "8vLq#2Zr!m5Kx@9Tw$4Pn&7Bd^3Hs*6Jf0Gc=1Yk"  # label: OG105
DEBUG = bool(os.getenv("DJANGO_DEBUG", "False"))  # label: OG110

ALLOWED_HOSTS = os.environ.get("ALLOWED_HOSTS", "id.acme-example.com").split(",")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "corsheaders",
    "rest_framework",
    "oauth2_provider",
    "accounts",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "corsheaders.middleware.CorsMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
]

ROOT_URLCONF = "idp.urls"
WSGI_APPLICATION = "idp.wsgi.application"
LOGIN_URL = "/accounts/login/"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {"context_processors": [
            "django.template.context_processors.request",
            "django.contrib.auth.context_processors.auth",
            "django.contrib.messages.context_processors.messages",
        ]},
    },
]

DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": os.environ.get("POSTGRES_DB", "idp"),
        "USER": os.environ.get("POSTGRES_USER", "idp"),
        "PASSWORD": os.environ["POSTGRES_PASSWORD"],
        "HOST": os.environ.get("POSTGRES_HOST", "db"),
    }
}

CELERY_BROKER_URL = os.environ["CELERY_BROKER_URL"]  # label: OG112

SESSION_SERIALIZER = "django.contrib.sessions.serializers.PickleSerializer"  # label: OG122

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "oauth2_provider.contrib.rest_framework.OAuth2Authentication",  # label: OG112
        "rest_framework.authentication.SessionAuthentication",
    ],
}

OAUTH2_PROVIDER = {
    "OIDC_ENABLED": True,
    "OIDC_RSA_PRIVATE_KEY": os.environ.get(  # label: OG105
        "OIDC_RSA_PRIVATE_KEY",
        "-----BEGIN RSA PRIVATE KEY-----\nUvImZaYMEtKJGF2VDuiBNgkWb2sRPReNbA/TkB/yOaGglfIPk5VlDPk4C47bIkpr\nJIoekk6P0K4uGpSSozBfGIy2EJAPnjR/rohtxlB3lex0XEw/yy6yxz4Uk0yGfuBX\nunJJm/oSHoNrKsFXJu59awr2qxPDjpLK4NFQV7FZmH+UzHQR1xfxRXmyqhAPu7NP\npZP+rtJySLdi46tYBfB2WiucHX4PN8RJIb0/ZWTq338UKnJm\n-----END RSA PRIVATE KEY-----\n",  # label: OG103
    ),
    "SCOPES": {"openid": "OpenID Connect scope", "profile": "Profile", "email": "E-mail"},
    "PKCE_REQUIRED": False,  # label: OG152
    "ALLOWED_REDIRECT_URI_SCHEMES": ["http", "https"],  # label: OG150
    "ALLOW_URI_WILDCARDS": True,  # label: OG150
    "OIDC_RESPONSE_TYPES_SUPPORTED": ["code", "token", "id_token", "id_token token"],  # label: OG152
    "ROTATE_REFRESH_TOKEN": False,  # label: OG152
    "ACCESS_TOKEN_EXPIRE_SECONDS": 36000,
}

CORS_ALLOW_ALL_ORIGINS = True  # label: OG123
CORS_ALLOW_CREDENTIALS = True

STATIC_URL = "static/"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "loggers": {
        "oauthlib": {"handlers": ["console"], "level": "DEBUG"},  # label: OG140
        "oauth2_provider": {"handlers": ["console"], "level": os.environ.get("DOT_LOG_LEVEL", "DEBUG")},  # label: OG140
        "django": {"handlers": ["console"], "level": "INFO"},
    },
}
