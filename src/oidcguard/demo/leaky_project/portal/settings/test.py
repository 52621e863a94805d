from .base import *  # noqa: F403

SECRET_KEY = "test-only-not-secret"
OIDC_RP_CLIENT_SECRET = "test-client-secret"
