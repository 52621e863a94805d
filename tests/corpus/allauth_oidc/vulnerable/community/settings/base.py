"""Community forum: logs members in through the foundation's Keycloak (allauth openid_connect)."""
from pathlib import Path

import dj_database_url
from decouple import Csv, config

BASE_DIR = Path(__file__).resolve().parent.parent.parent

SECRET_KEY = config("SECRET_KEY", default="w3Rk9!pX2@vN7#qL5$zT8^mB1&hJ4*cF6(gD0)sY")  # label: OG105
DEBUG = config("DEBUG", default=True, cast=bool)  # label: OG110
ALLOWED_HOSTS = config("ALLOWED_HOSTS", default="*", cast=Csv())  # label: OG153

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sites",
    "allauth",
    "allauth.account",
    "allauth.socialaccount",
    "allauth.socialaccount.providers.openid_connect",
    "forum",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "allauth.account.middleware.AccountMiddleware",
]

AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]

ROOT_URLCONF = "community.urls"
SITE_ID = 1

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {"context_processors": [
            "django.template.context_processors.request",
            "django.contrib.auth.context_processors.auth",
            "django.contrib.messages.context_processors.messages",
        ]},
    },
]

DATABASES = {"default": dj_database_url.parse(config("DATABASE_URL", default="sqlite:///db.sqlite3"))}

REDIS_URL = config("REDIS_URL", default="redis://:Vq8mZ2xK7pR4tW9n@redis.internal:6379/0")  # label: OG112
CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}
SESSION_ENGINE = "django.contrib.sessions.backends.signed_cookies"

# Moderation alerts go to #forum-mods.
SLACK_BOT_TOKEN = "xoxb-4821937465-9173648205-Kq7mZ2xV9pR4tW8nL3yB6cHj"  # label: OG103

ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "http"  # label: OG131
SOCIALACCOUNT_STORE_TOKENS = True  # label: OG121
SOCIALACCOUNT_PROVIDERS = {
    "openid_connect": {
        "OAUTH_PKCE_ENABLED": True,
        "APPS": [
            {
                "provider_id": "foundation-keycloak",
                "name": "Foundation account",
                "client_id": "community-forum",
                "secret": "T4nW8qZ1xV6mK3pL9rB2yH5cJ7fD0sGe",  # label: OG101
                "settings": {
                    "server_url": "http://id.foundation-example.org/realms/members/.well-known/openid-configuration",  # label: OG130
                    "token_auth_method": "client_secret_basic",
                },
            },
        ],
    },
}

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "INFO"},
    "loggers": {
        "allauth": {"level": "DEBUG"},
        "requests_oauthlib": {"level": "DEBUG"},  # label: OG140
        "urllib3": {"level": config("URLLIB3_LOG_LEVEL", default="DEBUG")},  # label: OG140
    },
}
