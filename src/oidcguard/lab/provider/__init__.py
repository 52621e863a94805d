"""The lab's OpenID provider: django-oauth-toolkit with OIDC enabled (a Django project and app)."""
