from .base import *  # noqa: F401,F403

SECRET_KEY = "forum-tests-9c1e5a7b3d2f8e4a6c0b9d1f3e7a5c2b"
DEBUG = False
DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"}}
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
