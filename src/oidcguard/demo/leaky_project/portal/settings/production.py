from .base import *  # noqa: F403

import sentry_sdk
from sentry_sdk.integrations.django import DjangoIntegration

CORS_ALLOW_ALL_ORIGINS = True
CORS_ALLOW_CREDENTIALS = True

sentry_sdk.init(dsn=os.environ["SENTRY_DSN"], integrations=[DjangoIntegration()])  # noqa: F405
