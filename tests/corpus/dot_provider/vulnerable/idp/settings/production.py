from .base import *  # noqa: F401,F403

SESSION_COOKIE_SECURE = True
SESSION_COOKIE_HTTPONLY = False  # label: OG120
CSRF_COOKIE_SECURE = False  # label: OG120
SECURE_SSL_REDIRECT = False  # label: OG131
SECURE_HSTS_SECONDS = 0  # label: OG131
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

ADMINS = [("IdP on-call", "idp-oncall@acme-example.com")]
