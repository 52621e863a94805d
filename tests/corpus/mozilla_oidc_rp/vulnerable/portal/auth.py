"""OIDC backend: maps Keycloak groups to Django staff flags."""
import logging

from django.conf import settings
from mozilla_django_oidc.auth import OIDCAuthenticationBackend

log = logging.getLogger(__name__)


class PortalOIDCBackend(OIDCAuthenticationBackend):
    def get_settings(self, attr, *args):
        overrides = {
            "OIDC_USE_NONCE": settings.CORP_USE_NONCE,  # label: OG160
        }
        if attr in overrides:
            return overrides[attr]
        return super().get_settings(attr, *args)

    def get_token(self, payload):
        token_info = super().get_token(payload)
        log.debug("token response: %s", token_info)  # label: OG141
        return token_info

    def create_user(self, claims):
        user = super().create_user(claims)
        return self.update_user(user, claims)

    def update_user(self, user, claims):
        groups = claims.get("groups", [])
        user.first_name = claims.get("given_name", "")
        user.last_name = claims.get("family_name", "")
        user.is_staff = "portal-staff" in groups
        user.save()
        return user
