"""Developer settings: runserver against the local Keycloak from docker-compose."""
from .base import *  # noqa: F401,F403

DEBUG = True
ALLOWED_HOSTS = ["localhost", "127.0.0.1"]
INTERNAL_IPS = ["127.0.0.1"]

OIDC_OP_AUTHORIZATION_ENDPOINT = "http://localhost:8080/realms/staff/protocol/openid-connect/auth"
OIDC_OP_TOKEN_ENDPOINT = "http://localhost:8080/realms/staff/protocol/openid-connect/token"
OIDC_OP_USER_ENDPOINT = "http://localhost:8080/realms/staff/protocol/openid-connect/userinfo"
OIDC_OP_JWKS_ENDPOINT = "http://localhost:8080/realms/staff/protocol/openid-connect/certs"

EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
