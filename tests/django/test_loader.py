"""load_oidc_settings(): SPEC §3 — env and *_FILE, fail fast naming the variable (never the value),
https outside DEBUG, nonce and PKCE on."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from oidcguard.django import load_oidc_settings

SECRET = "kq3T9vLw2xPz8RbN5mQs7dYcAb12"
BASE = {
    "OIDC_RP_CLIENT_ID": "portal-web",
    "OIDC_RP_CLIENT_SECRET": SECRET,
    "OIDC_OP_AUTHORIZATION_ENDPOINT": "https://op.example.test/o/authorize/",
    "OIDC_OP_TOKEN_ENDPOINT": "https://op.example.test/o/token/",
    "OIDC_OP_USER_ENDPOINT": "https://op.example.test/o/userinfo/",
    "OIDC_OP_JWKS_ENDPOINT": "https://op.example.test/o/jwks/",
}


def test_mozilla_settings() -> None:
    assert load_oidc_settings(env=BASE) == {
        "OIDC_RP_CLIENT_ID": "portal-web",
        "OIDC_RP_CLIENT_SECRET": SECRET,
        "OIDC_OP_AUTHORIZATION_ENDPOINT": "https://op.example.test/o/authorize/",
        "OIDC_OP_TOKEN_ENDPOINT": "https://op.example.test/o/token/",
        "OIDC_OP_USER_ENDPOINT": "https://op.example.test/o/userinfo/",
        "OIDC_OP_JWKS_ENDPOINT": "https://op.example.test/o/jwks/",
        "OIDC_RP_SIGN_ALGO": "RS256",
        "OIDC_RP_SCOPES": "openid email",
        "OIDC_USE_NONCE": True,
        "OIDC_USE_PKCE": True,
        "OIDC_VERIFY_SSL": True,
        "OIDC_TIMEOUT": 10.0,
        "OIDC_ALLOW_UNSECURED_JWT": False,
        "OIDC_REDIRECT_REQUIRE_HTTPS": True,
        "OIDC_STORE_ACCESS_TOKEN": False,
        "OIDC_TOKEN_USE_BASIC_AUTH": True,
    }


@pytest.mark.parametrize("name", sorted(BASE))
def test_missing_variable_named_never_a_value(name: str) -> None:
    env = {k: v for k, v in BASE.items() if k != name}
    with pytest.raises(ImproperlyConfigured) as info:
        load_oidc_settings(env=env)
    message = str(info.value)
    assert name in message
    assert all(value not in message for value in env.values())


def test_secret_from_file(tmp_path: Path) -> None:
    secret_file = tmp_path / "client_secret"
    secret_file.write_text(SECRET + "\n", encoding="utf-8")
    env = {k: v for k, v in BASE.items() if k != "OIDC_RP_CLIENT_SECRET"}
    env["OIDC_RP_CLIENT_SECRET_FILE"] = str(secret_file)
    assert load_oidc_settings(env=env)["OIDC_RP_CLIENT_SECRET"] == SECRET


def test_unreadable_or_ambiguous_file(tmp_path: Path) -> None:
    env = {**BASE, "OIDC_RP_CLIENT_SECRET_FILE": str(tmp_path / "missing")}
    with pytest.raises(ImproperlyConfigured, match="either OIDC_RP_CLIENT_SECRET or OIDC_RP_CLIENT_SECRET_FILE"):
        load_oidc_settings(env=env)
    del env["OIDC_RP_CLIENT_SECRET"]
    with pytest.raises(ImproperlyConfigured, match="OIDC_RP_CLIENT_SECRET_FILE names a file that cannot be read"):
        load_oidc_settings(env=env)


def test_https_enforced_outside_debug_loopback_exempt() -> None:
    env = {**BASE, "OIDC_OP_TOKEN_ENDPOINT": "http://op.example.test/o/token/"}
    with pytest.raises(ImproperlyConfigured, match="OIDC_OP_TOKEN_ENDPOINT must use https:// outside DEBUG"):
        load_oidc_settings(env=env)
    assert load_oidc_settings(env=env, debug=True)["OIDC_OP_TOKEN_ENDPOINT"].startswith("http://")
    for host in ("127.0.0.1:8001", "localhost:8001", "[::1]:8001"):
        local = {**BASE, "OIDC_OP_TOKEN_ENDPOINT": f"http://{host}/o/token/"}
        assert load_oidc_settings(env=local)["OIDC_OP_TOKEN_ENDPOINT"] == f"http://{host}/o/token/"


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        ({"OIDC_USE_NONCE": "false"}, "OIDC_USE_NONCE cannot be turned off"),
        ({"OIDC_USE_PKCE": "0"}, "OIDC_USE_PKCE cannot be turned off"),
        ({"OIDC_USE_NONCE": "maybe"}, "OIDC_USE_NONCE must be one of"),
        ({"OIDC_RP_SIGN_ALGO": "HS256"}, "OIDC_RP_SIGN_ALGO must be an asymmetric algorithm"),
        ({"OIDC_VERIFY_SSL": "false"}, "OIDC_VERIFY_SSL cannot be false outside DEBUG"),
        ({"OIDC_RP_SCOPES": "email profile"}, "OIDC_RP_SCOPES must include openid"),
        ({"OIDC_OP_USER_ENDPOINT": "https://u:p@op.example.test/"}, "must not carry credentials"),
    ],
)
def test_refused_configurations(extra: dict[str, str], message: str) -> None:
    with pytest.raises(ImproperlyConfigured, match=message):
        load_oidc_settings(env={**BASE, **extra})


def test_ca_bundle_path_passed_through() -> None:
    assert load_oidc_settings(env={**BASE, "OIDC_VERIFY_SSL": "/etc/ssl/corp-ca.pem"})["OIDC_VERIFY_SSL"] == (
        "/etc/ssl/corp-ca.pem"
    )


def test_allauth_and_social_auth_equivalents() -> None:
    env = {**BASE, "OIDC_OP_ISSUER": "https://op.example.test/o"}
    allauth = load_oidc_settings(env=env, library="allauth")
    app = allauth["SOCIALACCOUNT_PROVIDERS"]["openid_connect"]["APPS"][0]
    assert app["secret"] == SECRET and app["settings"] == {"server_url": "https://op.example.test/o"}
    assert allauth["SOCIALACCOUNT_PROVIDERS"]["openid_connect"]["OAUTH_PKCE_ENABLED"] is True
    social = load_oidc_settings(env=env, library="social-auth")
    assert social["SOCIAL_AUTH_OIDC_OIDC_ENDPOINT"] == "https://op.example.test/o"
    assert social["SOCIAL_AUTH_OIDC_SECRET"] == SECRET
    with pytest.raises(ImproperlyConfigured, match="OIDC_OP_ISSUER is not set"):
        load_oidc_settings(env=BASE, library="allauth")
