from .base import *  # noqa: F401,F403

SECRET_KEY = "ledger-test-suite-0a9b8c7d6e5f4a3b2c1d0e9f8a7b6c5d"
DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"}}
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
SOCIAL_AUTH_OIDC_SECRET = "test-oidc-secret"
