"""The `oidcguard.django` app: add it to INSTALLED_APPS to get the checks and the command."""

from __future__ import annotations

from django.apps import AppConfig


class OidcGuardConfig(AppConfig):
    name = "oidcguard.django"
    label = "oidcguard"  # the last dotted part, "django", would clash with nothing but reads badly
    verbose_name = "oidcguard"
    default = True

    def ready(self) -> None:
        # Registering in ready() (not at import) is what Django's docs recommend for checks:
        # https://docs.djangoproject.com/en/stable/topics/checks/#registering-and-labeling-checks
        from . import checks  # noqa: F401
