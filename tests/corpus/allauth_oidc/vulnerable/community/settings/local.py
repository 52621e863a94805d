from .base import *  # noqa: F401,F403

DEBUG = True
ALLOWED_HOSTS = ["localhost", "127.0.0.1", "[::1]"]
SOCIALACCOUNT_PROVIDERS["openid_connect"]["APPS"][0]["secret"] = "Nq5wX8zR2mV7kT1pL4yB9cH3jF6sD0gA"  # label: OG101
SOCIALACCOUNT_PROVIDERS["openid_connect"]["APPS"][0]["settings"]["server_url"] = (
    "http://localhost:8080/realms/members/.well-known/openid-configuration"
)
EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
