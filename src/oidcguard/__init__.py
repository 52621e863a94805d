"""oidcguard: find and stop the leaking of OIDC client secrets, API keys and tokens from Django apps."""

__version__ = "0.1.0"
