"""Creates the provider's data at start: the test user and the three OAuth clients."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from oauth2_provider.models import get_application_model

from oidcguard.lab._config import LabConfig


def bootstrap(lab: LabConfig) -> None:
    Application = get_application_model()
    user = get_user_model().objects.create_user(lab.username, lab.email, lab.password)
    callback = f"{lab.rp_url}/oidc/callback/"
    Application.objects.create(
        name="Lab relying party",
        client_id=lab.confidential.client_id,
        client_secret=lab.confidential.client_secret,
        # Leaky: kept in plaintext so the admin shows it (OG142); hashed otherwise.
        hash_client_secret=not lab.leaky,
        client_type=Application.CLIENT_CONFIDENTIAL,
        authorization_grant_type=Application.GRANT_AUTHORIZATION_CODE,
        redirect_uris=callback,
        post_logout_redirect_uris=f"{lab.rp_url}/",
        algorithm=Application.RS256_ALGORITHM,
        skip_authorization=False,  # the scripted login goes through the consent form
        user=user,
    )
    Application.objects.create(
        name="Lab single-page app",
        client_id=lab.public.client_id,
        client_secret="",
        client_type=Application.CLIENT_PUBLIC,
        authorization_grant_type=Application.GRANT_AUTHORIZATION_CODE,
        redirect_uris=callback,
        algorithm=Application.RS256_ALGORITHM,
        user=user,
    )
    Application.objects.create(
        name="Lab service",
        client_id=lab.service.client_id,
        client_secret=lab.service.client_secret,
        hash_client_secret=not lab.leaky,
        client_type=Application.CLIENT_CONFIDENTIAL,
        authorization_grant_type=Application.GRANT_CLIENT_CREDENTIALS,
        user=user,
    )
