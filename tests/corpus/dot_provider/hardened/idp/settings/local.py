from django.core.management.utils import get_random_secret_key

from .base import *  # noqa: F401,F403

SECRET_KEY = get_random_secret_key()
DEBUG = True
DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": BASE_DIR / "db.sqlite3"}}
CELERY_BROKER_URL = "redis://localhost:6379/0"
CELERY_TASK_ALWAYS_EAGER = True
