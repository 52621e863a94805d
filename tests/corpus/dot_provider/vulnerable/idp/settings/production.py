from .base import *  # noqa: F401,F403

SESSION_COOKIE_SECURE = True
SESSION_COOKIE_HTTPONLY = False  # label: OG120
CSRF_COOKIE_SECURE = False  # label: OG120
SECURE_SSL_REDIRECT = False  # label: OG131
SECURE_HSTS_SECONDS = 0  # label: OG131
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Kept on in production to diagnose slow token requests.
INSTALLED_APPS += ["debug_toolbar"]
MIDDLEWARE.insert(0, "debug_toolbar.middleware.DebugToolbarMiddleware")
DEBUG_TOOLBAR_CONFIG = {"SHOW_TOOLBAR_CALLBACK": lambda request: True}  # label: OG111

ADMINS = [("IdP on-call", "idp-oncall@acme-example.com")]
