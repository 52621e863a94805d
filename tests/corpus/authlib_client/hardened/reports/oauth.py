"""The Okta client, registered once at import."""
import logging

from authlib.integrations.django_client import OAuth

oauth = OAuth()
oauth.register("okta")

# urllib3 at DEBUG writes request lines with their query strings: keep it quiet.
logging.getLogger("urllib3").setLevel(logging.WARNING)


def fetch_groups(token):
    """Okta groups for the dashboard filters (the userinfo call in the token's scope)."""
    import requests

    userinfo = "https://acme-reports.okta-example.com/oauth2/v1/userinfo"
    resp = requests.get(userinfo, headers={"Authorization": f"Bearer {token['access_token']}"}, timeout=5)
    return resp.json().get("groups", [])
