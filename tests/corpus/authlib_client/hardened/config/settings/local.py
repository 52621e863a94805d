from .base import *  # noqa: F401,F403

DEBUG = True
ALLOWED_HOSTS = ["localhost"]
AUTHLIB_OAUTH_CLIENTS["okta"]["server_metadata_url"] = "http://localhost:8080/.well-known/openid-configuration"
