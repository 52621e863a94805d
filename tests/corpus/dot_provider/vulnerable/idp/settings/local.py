from .base import *  # noqa: F401,F403

SECRET_KEY = "django-insecure-r8$w1^zq!k3@x7m#p2v&t9n*b4c%j6h0f5g=d+s"  # label: OG102
DEBUG = True
DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": BASE_DIR / "db.sqlite3"}}
CELERY_BROKER_URL = "redis://localhost:6379/0"
CELERY_TASK_ALWAYS_EAGER = True
