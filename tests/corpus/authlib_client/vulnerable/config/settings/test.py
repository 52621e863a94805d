from .base import *  # noqa: F401,F403

SECRET_KEY = "reports-tests-3e8a1f6c9b2d7e4a0c5f8b1d6e9a3c7f"
DEBUG = False
DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"}}
