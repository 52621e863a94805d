"""The provider's claims: mozilla-django-oidc matches users by the ``email`` claim."""

from __future__ import annotations

from typing import Any

from oauth2_provider.oauth2_validators import OAuth2Validator


class LabOAuth2Validator(OAuth2Validator):
    # django-oauth-toolkit releases a claim only for the scope named here (OIDC Core §5.4).
    oidc_claim_scope = {**OAuth2Validator.oidc_claim_scope, "preferred_username": "profile"}

    def get_additional_claims(self, request: Any) -> dict[str, Any]:
        return {"email": request.user.email, "preferred_username": request.user.get_username()}
