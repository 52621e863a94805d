"""The Okta client, registered once at import."""
import http.client
import logging

from authlib.integrations.django_client import OAuth

oauth = OAuth()
oauth.register("okta")

# Left in from debugging a token-endpoint 401 with Okta support.
http.client.HTTPConnection.debuglevel = 1  # label: OG140
logging.getLogger("urllib3").setLevel(logging.DEBUG)  # label: OG140


def fetch_groups(token):
    """Okta groups for the dashboard filters (the userinfo call in the token's scope)."""
    import requests

    userinfo = "https://acme-reports.okta-example.com/oauth2/v1/userinfo"
    resp = requests.get(f"{userinfo}?access_token={token['access_token']}", timeout=5)  # label: OG170
    return resp.json().get("groups", [])
