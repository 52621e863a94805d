"""Settings for the test suite."""
from .base import *  # noqa: F401,F403

SECRET_KEY = "unit-tests-only-7f3a9c2e4b1d8f6a0c5e9b3d7f2a4c8e"
DEBUG = False
DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"}}
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
OIDC_RP_CLIENT_SECRET = "pytest-client-secret"
OIDC_OP_TOKEN_ENDPOINT = "http://testserver/token"
