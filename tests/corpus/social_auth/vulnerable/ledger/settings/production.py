import os

import sentry_sdk
from sentry_sdk.integrations.django import DjangoIntegration

from .base import *  # noqa: F401,F403

DEBUG = True  # label: OG110  (left on after an incident, "temporarily")

SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_SSL_REDIRECT = True
SECURE_HSTS_SECONDS = 31536000
USE_X_FORWARDED_HOST = True  # label: OG131

LOGGING["root"]["level"] = "DEBUG"  # label: OG140

sentry_sdk.init(  # label: OG112
    dsn=os.environ.get("SENTRY_DSN", ""),
    integrations=[DjangoIntegration()],
    send_default_pii=True,
    traces_sample_rate=0.1,
)
