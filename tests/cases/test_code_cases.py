"""Acceptance cases of ../shared/cases that concern code: 05 (python and fixture parts), 11 variant C,
15 (code part), 16 (static part), 17 and 19 (traps). Each builds the case's files in a tmp_path, scans
them, and compares exact (rule, path, line) sets and severities."""

from __future__ import annotations

import textwrap
from pathlib import Path

from oidcguard.config import Config
from oidcguard.findings import Category, Finding, Severity
from oidcguard.rules import load_catalogue
from oidcguard.static.engine import scan_project

CATALOGUE = load_catalogue()


def scan(root: Path, files: dict[str, str], *, include_info: bool = False) -> list[Finding]:
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    report = scan_project(root, Config(), CATALOGUE)
    assert report.errors == [], report.errors
    return [f for f in report.findings if include_info or f.severity > Severity.INFO]


def where(findings: list[Finding], *rule_ids: str) -> set[tuple[str, str, int]]:
    return {(f.rule_id, f.location.path or "", f.location.line or 0) for f in findings if f.rule_id in rule_ids}


def severity_of(findings: list[Finding], rule_id: str, path: str, line: int) -> Severity:
    [found] = [f for f in findings if (f.rule_id, f.location.path, f.location.line) == (rule_id, path, line)]
    return found.severity


# ---------------------------------------------------------------------------------------------- case 05

MIGRATION_05 = '''
import os

from django.db import migrations


def seed(apps, schema_editor):
    Application = apps.get_model("oauth2_provider", "Application")
    Application.objects.create(
        name="portal",
        client_id="portal-web",
        client_type="confidential",
        authorization_grant_type="authorization-code",
        client_secret="10HnbqaFMZOyAmY5dhtePklMayoo8oMt",
        hash_client_secret=False,
        algorithm="RS256",
        redirect_uris="https://portal.example.test/oidc/callback/",
    )
    Application.objects.create(
        name="legacy-partner",
        client_id="partner-hs",
        client_type="confidential",
        authorization_grant_type="authorization-code",
        client_secret=os.environ["PARTNER_CLIENT_SECRET"],
        hash_client_secret=False,
        algorithm="HS256",
        redirect_uris="https://partner.example.test/cb",
    )


class Migration(migrations.Migration):
    dependencies = [("oauth2_provider", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
'''

FIXTURE_05 = '''
[
  {
    "model": "oauth2_provider.application",
    "pk": 1,
    "fields": {
      "name": "portal",
      "client_id": "portal-web",
      "client_type": "confidential",
      "authorization_grant_type": "authorization-code",
      "client_secret": "ime3IXLISdztpnacAExJWMKf9JVVBHT7",
      "hash_client_secret": false,
      "algorithm": "RS256"
    }
  },
  {
    "model": "oauth2_provider.application",
    "pk": 2,
    "fields": {
      "name": "reports",
      "client_id": "reports-api",
      "client_type": "confidential",
      "authorization_grant_type": "client-credentials",
      "client_secret": "pbkdf2_sha256$870000$u8jzPde0IgxLd6GncfBAep$F41sD9OQH/I5oaCV8g+TlWUM+TgLjtsiSmskih6STo8=",
      "hash_client_secret": true,
      "algorithm": ""
    }
  }
]
'''

MIG = "provider/migrations/0004_seed_applications.py"
FIX = "provider/fixtures/applications.json"


def test_case_05_migration_and_fixture(tmp_path: Path) -> None:
    found = scan(tmp_path, {"requirements.txt": "django-oauth-toolkit==3.4.0\n", MIG: MIGRATION_05, FIX: FIXTURE_05})
    assert where(found, "OG101", "OG142", "OG160") == {
        ("OG101", MIG, 13), ("OG142", MIG, 14), ("OG160", MIG, 25), ("OG142", FIX, 11),
    }
    assert severity_of(found, "OG101", MIG, 13) >= Severity.HIGH
    assert severity_of(found, "OG142", MIG, 14) is Severity.MEDIUM
    assert severity_of(found, "OG160", MIG, 25) is Severity.LOW
    assert severity_of(found, "OG142", FIX, 11) is Severity.MEDIUM
    assert where(found, "OG104") == {("OG104", FIX, 10)}
    assert severity_of(found, "OG104", FIX, 10) >= Severity.HIGH
    # Line 24 (HS256 needs the plaintext secret) is not OG142; line 23's password hash is no secret.
    assert not {(p, n) for _, p, n in where(found, "OG103", "OG104")} & {(FIX, 23)}
    assert ("OG142", MIG, 24) not in where(found, "OG142")


def test_case_05_secret_never_shown(tmp_path: Path) -> None:
    found = scan(tmp_path, {MIG: MIGRATION_05})
    [og101] = [f for f in found if f.rule_id == "OG101"]
    text = repr(og101.to_dict())
    assert "10HnbqaFMZOyAmY5dhtePklMayoo8oMt" not in text
    assert og101.secret_hash


# ---------------------------------------------------------------------------------------------- case 11 C

VIEWS_11C = '''
import secrets

import jwt
from django.conf import settings
from django.shortcuts import redirect

from .oidc import build_authorize_url, exchange_code, finish_login, signing_key


def login(request):
    state, nonce = secrets.token_urlsafe(32), secrets.token_urlsafe(32)
    request.session["oidc_state"], request.session["oidc_nonce"] = state, nonce
    return redirect(build_authorize_url(state=state, nonce=nonce))


def callback(request):
    if request.GET.get("state") != request.session.pop("oidc_state", None):
        return redirect("/login/failed/")
    tokens = exchange_code(request.GET["code"])
    claims = jwt.decode(
        tokens["id_token"],
        signing_key(tokens["id_token"]),
        algorithms=["RS256"],
        audience=settings.OIDC_RP_CLIENT_ID,
        issuer=settings.OIDC_OP_ISSUER,
    )
    return finish_login(request, claims["sub"])
'''

NONCE_CHECK = '''    if claims.get("nonce") != request.session.pop("oidc_nonce", None):
        return redirect("/login/failed/")
'''


def test_case_11c_nonce_never_compared(tmp_path: Path) -> None:
    found = scan(tmp_path, {"accounts/views.py": VIEWS_11C})
    assert where(found, "OG161") == {("OG161", "accounts/views.py", 20)}
    assert Severity.LOW <= severity_of(found, "OG161", "accounts/views.py", 20) <= Severity.MEDIUM


def test_case_11c_nonce_compared_is_clean(tmp_path: Path) -> None:
    fixed = VIEWS_11C.replace("    return finish_login(", NONCE_CHECK + "    return finish_login(")
    found = scan(tmp_path, {"accounts/views.py": fixed}, include_info=True)
    assert where(found, "OG161") == set()


# ---------------------------------------------------------------------------------------------- case 15

CLIENT_15 = '''
import requests
import urllib3
from django.conf import settings
from oic.oic import Client
from oic.utils.authn.client import CLIENT_AUTHN_METHOD

urllib3.disable_warnings(urllib3.exceptions.InsecureRequestWarning)

client = Client(client_authn_method=CLIENT_AUTHN_METHOD, verify_ssl=False)


def exchange_code(payload):
    return requests.post(settings.OIDC_OP_TOKEN_ENDPOINT, data=payload, verify=False, timeout=10)
'''
SETTINGS_15 = '''
OIDC_OP_TOKEN_ENDPOINT = "https://op.example.test/token"
OIDC_OP_USER_ENDPOINT = "https://op.example.test/userinfo"
OIDC_OP_JWKS_ENDPOINT = "https://op.example.test/jwks"
OIDC_VERIFY_SSL = False
'''
CLIENT = "accounts/oidc_client.py"


def test_case_15_code_part(tmp_path: Path) -> None:
    found = scan(tmp_path, {CLIENT: CLIENT_15, "rp/settings/production.py": SETTINGS_15})
    assert where(found, "OG130") == {
        ("OG130", "rp/settings/production.py", 4), ("OG130", CLIENT, 7), ("OG130", CLIENT, 9), ("OG130", CLIENT, 13),
    }
    assert Severity.LOW <= severity_of(found, "OG130", CLIENT, 7) <= Severity.MEDIUM
    assert severity_of(found, "OG130", CLIENT, 9) is Severity.HIGH
    assert severity_of(found, "OG130", CLIENT, 13) is Severity.HIGH


def test_case_15_ca_bundle_is_the_fix(tmp_path: Path) -> None:
    fixed = CLIENT_15.replace("verify=False", 'verify="/etc/ssl/certs/corp-ca.pem"')
    found = scan(tmp_path, {CLIENT: fixed}, include_info=True)
    assert ("OG130", CLIENT, 13) not in where(found, "OG130")


# ---------------------------------------------------------------------------------------------- case 16

VIEWS_16 = '''
import requests
from django.conf import settings
from django.shortcuts import redirect

from .auth import authenticate_bearer


def api_auth(request):
    token = request.GET.get("access_token") or request.headers.get("Authorization", "")[7:]
    return authenticate_bearer(token)


def oidc_done(request, tokens):
    return redirect(f"{settings.FRONTEND_URL}/cb?access_token={tokens['access_token']}&refresh_token={tokens['refresh_token']}")


def fetch_profile(token):
    return requests.get(settings.OIDC_OP_USER_ENDPOINT, params={"access_token": token}, timeout=10)
'''

SAFE_16 = '''
import requests


def api_auth(request):
    return request.headers["Authorization"]


def fetch_profile(url, token):
    return requests.get(url, headers={"Authorization": f"Bearer {token}"})
'''


def test_case_16_tokens_in_urls(tmp_path: Path) -> None:
    found = scan(tmp_path, {"api/views.py": VIEWS_16})
    assert where(found, "OG170") == {("OG170", "api/views.py", n) for n in (9, 14, 18)}
    assert all(f.severity is Severity.MEDIUM for f in found if f.rule_id == "OG170")


def test_case_16_header_is_fine(tmp_path: Path) -> None:
    found = scan(tmp_path, {"api/views.py": SAFE_16}, include_info=True)
    assert where(found, "OG170") == set()


# ---------------------------------------------------------------------------------------------- case 17

OAUTH_17 = '''
from enum import Enum


class GrantType(str, Enum):
    authorization_code = "authorization_code"
    refresh_token = "refresh_token"
    client_credentials = "client_credentials"


TOKEN_ENDPOINT_AUTH_METHODS = ["client_secret_basic", "client_secret_post", "private_key_jwt"]
PASSWORD_FIELD = "password"
SECRET_HEADER_NAME = "X-Client-Secret"
PAGINATION_KEYS = {"NextToken": "next_token"}


def token_response(tok):
    return {"access_token": tok, "token_type": "Bearer", "expires_in": 300}


def is_refresh(token_type_hint):
    return token_type_hint == "refresh_token"
'''
SETTINGS_17 = '''
OIDC_RP_CLIENT_ID = "portal-web"
OIDC_RP_SCOPES = "openid email"
OIDC_TOKEN_USE_BASIC_AUTH = True
'''
_SECRET_CATEGORIES = {Category.HARDCODED_SECRET, Category.SECRET_DEFAULT}


def test_case_17_vocabulary_is_not_a_secret(tmp_path: Path) -> None:
    found = scan(tmp_path, {"accounts/oauth.py": OAUTH_17, "rp/settings.py": SETTINGS_17}, include_info=True)
    assert [f for f in found if f.category in _SECRET_CATEGORIES] == []


def test_case_17_control(tmp_path: Path) -> None:
    control = SETTINGS_17 + 'OIDC_RP_CLIENT_SECRET = "zQ4QwjusRmpdquaTKdOZsHshCEQDi8Qs"\n'
    found = scan(tmp_path, {"accounts/oauth.py": OAUTH_17, "rp/settings.py": control}, include_info=True)
    secrets = [f for f in found if f.category in _SECRET_CATEGORIES]
    assert [(f.rule_id, f.location.path, f.location.line, f.severity) for f in secrets] == [
        ("OG101", "rp/settings.py", 4, Severity.HIGH)
    ]


# ---------------------------------------------------------------------------------------------- case 19

SETTINGS_19 = '''
import os
from pathlib import Path

import environ
from django.core.management.utils import get_random_secret_key

from myproject.secrets import get_secret

env = environ.Env()

SECRET_KEY = os.environ["DJANGO_SECRET_KEY"]
OIDC_RP_CLIENT_SECRET = env("OIDC_RP_CLIENT_SECRET")
SOCIAL_AUTH_OIDC_SECRET = get_secret("social_auth_oidc_secret")
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY") or get_random_secret_key()
OIDC_RP_CLIENT_SECRET = Path(os.environ["OIDC_RP_CLIENT_SECRET_FILE"]).read_text().strip()
'''


def test_case_19_env_and_secret_store_lookups(tmp_path: Path) -> None:
    found = scan(tmp_path, {"myproject/settings/production.py": SETTINGS_19}, include_info=True)
    trap_rules = {"OG101", "OG102", "OG103", "OG105", "OG106"}
    loud = [f for f in found if f.rule_id in trap_rules and (f.severity > Severity.INFO or f.location.line != 14)]
    assert loud == []


# ---------------------------------------------------------------------------------------------- case 18

FILES_18 = {
    "myproject/settings/test.py": """
        from .base import *  # noqa: F403

        SECRET_KEY = "test-only-not-secret"
        OIDC_RP_CLIENT_SECRET = "test-client-secret"
    """,
    "myproject/settings/base.py": """
        import os

        import environ

        env = environ.Env()

        if env.bool("TOOL_ENV", default=False):
            # collectstatic and compilemessages during the image build only
            os.environ.setdefault("DJANGO_SECRET_KEY", "fakekey")

        SECRET_KEY = env("DJANGO_SECRET_KEY")
    """,
    ".env.example": """
        DJANGO_SECRET_KEY=change-me
        OIDC_RP_CLIENT_SECRET=<your-client-secret>
    """,
    "env.d/development/common": """
        DJANGO_SECRET_KEY=ThisIsAnExampleKeyForDevPurposeOnly
        OIDC_RP_CLIENT_SECRET=ThisIsAnExampleSecretForDevPurposeOnly
    """,
    "Dockerfile": """
        FROM python:3.12-slim AS build
        WORKDIR /app
        COPY . .
        RUN pip install --no-cache-dir -r requirements.txt
        RUN DJANGO_SECRET_KEY=build-only python manage.py collectstatic --noinput
    """,
}


def test_case_18_dev_ci_and_example_values(tmp_path: Path) -> None:
    found = scan(tmp_path, FILES_18)
    assert [f for f in found if f.rule_id in {"OG101", "OG102", "OG104", "OG105"}] == []


def test_case_18_dev_env_file_is_info_at_most(tmp_path: Path) -> None:
    files = {".env.development": "OIDC_RP_CLIENT_SECRET=Zr5Ux2Wq8Kt4Hn7Mb3Vc6Lp9\n"}
    assert [f for f in scan(tmp_path, files) if f.rule_id == "OG104"] == []
    production = scan(tmp_path / "prod", {".env": "OIDC_RP_CLIENT_SECRET=Zr5Ux2Wq8Kt4Hn7Mb3Vc6Lp9\n"})
    assert where(production, "OG104") == {("OG104", ".env", 1)}
