"""The lab's relying party: mozilla-django-oidc against the lab provider (a Django project and app)."""
