from .base import *  # noqa: F401,F403

SECRET_KEY = "test-suite-signing-key-4b9e1c7a2f8d3e6b0a5c9f1d7e3b8a2c"
DEBUG = False
DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"}}
CELERY_BROKER_URL = "memory://"
OAUTH2_PROVIDER = {**OAUTH2_PROVIDER, "PKCE_REQUIRED": False}
