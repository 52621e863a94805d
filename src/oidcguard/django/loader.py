"""Strict OIDC settings from the environment, for a settings module (SPEC §3).

    # settings.py
    from oidcguard.django import load_oidc_settings

    DEBUG = os.environ.get("DJANGO_DEBUG", "") == "1"
    globals().update(load_oidc_settings(debug=DEBUG))

Every value is read from an environment variable or, for container secrets (Docker/Kubernetes
secrets mounted as files), from the file named by `<NAME>_FILE`. A missing required variable
raises `ImproperlyConfigured` naming the variable — never a value — at start-up, instead of
mozilla-django-oidc failing on the first login with a `None` endpoint (OG106). Outside DEBUG every
endpoint must be `https://` (loopback hosts exempt, as RFC 8252 §7.3 allows for native apps and
local development); nonce and PKCE (S256) are always on and cannot be switched off from the
environment (OG160, OG152); HS256 ID-token signatures (keyed with the client secret, OG160) and
`OIDC_VERIFY_SSL=false` outside DEBUG (OG130) are refused.

The mozilla-django-oidc settings are returned under their own names; `library="allauth"` or
`library="social-auth"` returns django-allauth's `SOCIALACCOUNT_PROVIDERS["openid_connect"]` or
python-social-auth's `SOCIAL_AUTH_OIDC_*` equivalents instead.
"""

from __future__ import annotations

import ipaddress
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from django.core.exceptions import ImproperlyConfigured

__all__ = ["load_oidc_settings"]

# mozilla-django-oidc's endpoints (mozilla_django_oidc/auth.py, views.py).
_ENDPOINTS = (
    "OIDC_OP_AUTHORIZATION_ENDPOINT",
    "OIDC_OP_TOKEN_ENDPOINT",
    "OIDC_OP_USER_ENDPOINT",
)
_OPTIONAL_URLS = ("OIDC_OP_JWKS_ENDPOINT", "OIDC_OP_LOGOUT_ENDPOINT", "OIDC_OP_ISSUER")
# Asymmetric ID-token algorithms; HS* key the signature with the client secret (OIDC Core §10.1).
_ASYMMETRIC = ("RS", "ES", "PS", "Ed")
_FALSE = frozenset({"0", "false", "no", "off"})
_TRUE = frozenset({"1", "true", "yes", "on"})


def _read(env: Mapping[str, str], name: str) -> str | None:
    """`NAME` or the contents of the file named by `NAME_FILE`; None when neither is set."""
    direct = env.get(name, "")
    file_name = env.get(f"{name}_FILE", "")
    if direct and file_name:
        raise ImproperlyConfigured(f"set either {name} or {name}_FILE, not both")
    if file_name:
        try:
            # Secrets files usually end with a newline that is not part of the secret.
            text = Path(file_name).read_text(encoding="utf-8").strip()
        except (OSError, UnicodeDecodeError) as exc:
            raise ImproperlyConfigured(f"{name}_FILE names a file that cannot be read ({type(exc).__name__})") from None
        if not text:
            raise ImproperlyConfigured(f"{name}_FILE names an empty file")
        return text
    return direct.strip() or None


def _require(env: Mapping[str, str], name: str) -> str:
    value = _read(env, name)
    if value is None:
        raise ImproperlyConfigured(f"{name} is not set (set {name} or {name}_FILE in the environment)")
    return value


def _flag(env: Mapping[str, str], name: str, default: bool) -> bool:
    value = _read(env, name)
    if value is None:
        return default
    if value.lower() in _TRUE:
        return True
    if value.lower() in _FALSE:
        return False
    # "False" being truthy is the trap of case 12; refuse anything that is not a clear boolean.
    raise ImproperlyConfigured(f"{name} must be one of 1/0, true/false, yes/no, on/off")


def _is_loopback(host: str | None) -> bool:
    if not host:
        return False
    if host == "localhost" or host.endswith(".localhost"):  # RFC 6761 §6.3
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _check_url(name: str, url: str, debug: bool) -> str:
    parts = urlsplit(url)
    if parts.scheme not in {"https", "http"} or not parts.hostname:
        raise ImproperlyConfigured(f"{name} must be an absolute https:// URL")
    if parts.username or parts.password:
        raise ImproperlyConfigured(f"{name} must not carry credentials in the URL")
    if parts.scheme == "http" and not debug and not _is_loopback(parts.hostname):
        # The token endpoint receives the code and the client secret, the JWKS the keys that
        # validate ID tokens: over http both are readable and forgeable on the path (OG130).
        raise ImproperlyConfigured(f"{name} must use https:// outside DEBUG")
    return url


def load_oidc_settings(
    *,
    debug: bool = False,
    env: Mapping[str, str] | None = None,
    library: str = "mozilla-django-oidc",
    public_client: bool = False,
) -> dict[str, Any]:
    """Settings for the OIDC library, read from the environment; raises ImproperlyConfigured.

    Required: `OIDC_RP_CLIENT_ID`, `OIDC_RP_CLIENT_SECRET` (unless `public_client`),
    `OIDC_OP_AUTHORIZATION_ENDPOINT`, `OIDC_OP_TOKEN_ENDPOINT`, `OIDC_OP_USER_ENDPOINT`, and
    `OIDC_OP_JWKS_ENDPOINT` for the asymmetric algorithms (`OIDC_RP_SIGN_ALGO`, default RS256).
    Optional: `OIDC_RP_SCOPES` (default `openid email`), `OIDC_OP_LOGOUT_ENDPOINT`,
    `OIDC_OP_ISSUER` (required for allauth), `OIDC_VERIFY_SSL` (true, false only under DEBUG, or a
    CA bundle path), `OIDC_TIMEOUT` (seconds, default 10). Each may come from `<NAME>_FILE`.
    """
    env = os.environ if env is None else env
    client_id = _require(env, "OIDC_RP_CLIENT_ID")
    client_secret = None if public_client else _require(env, "OIDC_RP_CLIENT_SECRET")
    endpoints = {name: _check_url(name, _require(env, name), debug) for name in _ENDPOINTS}
    optional = {}
    for name in _OPTIONAL_URLS:
        value = _read(env, name)
        if value is not None:
            optional[name] = _check_url(name, value, debug)

    algo = _read(env, "OIDC_RP_SIGN_ALGO") or "RS256"
    if not algo.startswith(_ASYMMETRIC):
        raise ImproperlyConfigured(
            "OIDC_RP_SIGN_ALGO must be an asymmetric algorithm such as RS256 or ES256 "
            "(HS256 keys ID tokens with the client secret)"
        )
    if "OIDC_OP_JWKS_ENDPOINT" not in optional:
        raise ImproperlyConfigured(
            "OIDC_OP_JWKS_ENDPOINT is not set (set OIDC_OP_JWKS_ENDPOINT or OIDC_OP_JWKS_ENDPOINT_FILE "
            f"in the environment; {algo} ID tokens are verified with the provider's keys)"
        )
    # Nonce and PKCE cannot be turned off here: a variable asking for it is a configuration error.
    for name in ("OIDC_USE_NONCE", "OIDC_USE_PKCE"):
        if not _flag(env, name, True):
            raise ImproperlyConfigured(f"{name} cannot be turned off (replay and code-interception protection)")
    verify: bool | str = True
    verify_raw = _read(env, "OIDC_VERIFY_SSL")
    if verify_raw is not None:
        if verify_raw.lower() in _FALSE:
            if not debug:
                raise ImproperlyConfigured("OIDC_VERIFY_SSL cannot be false outside DEBUG; give a CA bundle path")
            verify = False
        elif verify_raw.lower() not in _TRUE:
            verify = verify_raw  # requests takes a string as a CA bundle path
    timeout_raw = _read(env, "OIDC_TIMEOUT") or "10"
    try:
        timeout = float(timeout_raw)
    except ValueError:
        raise ImproperlyConfigured("OIDC_TIMEOUT must be a number of seconds") from None
    scopes = _read(env, "OIDC_RP_SCOPES") or "openid email"
    if "openid" not in scopes.split():
        raise ImproperlyConfigured("OIDC_RP_SCOPES must include openid")

    if library == "mozilla-django-oidc":
        result: dict[str, Any] = {
            "OIDC_RP_CLIENT_ID": client_id,
            **endpoints,
            "OIDC_OP_JWKS_ENDPOINT": optional["OIDC_OP_JWKS_ENDPOINT"],
            "OIDC_RP_SIGN_ALGO": algo,
            "OIDC_RP_SCOPES": scopes,
            "OIDC_USE_NONCE": True,
            "OIDC_USE_PKCE": True,
            "OIDC_VERIFY_SSL": verify,
            "OIDC_TIMEOUT": timeout,
            "OIDC_ALLOW_UNSECURED_JWT": False,
            # https-only post-login redirects outside DEBUG (mozilla-django-oidc #277/#287).
            "OIDC_REDIRECT_REQUIRE_HTTPS": not debug,
            # Tokens stay out of the session unless the project opts in (OG121).
            "OIDC_STORE_ACCESS_TOKEN": False,
        }
        if client_secret is not None:
            result["OIDC_RP_CLIENT_SECRET"] = client_secret
            # client_secret_basic keeps the secret out of the form body, which HTTP clients
            # and provider-side request logging print more often than headers (RFC 6749 §2.3.1).
            result["OIDC_TOKEN_USE_BASIC_AUTH"] = True
        if "OIDC_OP_LOGOUT_ENDPOINT" in optional:
            result["OIDC_OP_LOGOUT_ENDPOINT"] = optional["OIDC_OP_LOGOUT_ENDPOINT"]
        return result
    if library == "allauth":
        issuer = optional.get("OIDC_OP_ISSUER")
        if issuer is None:
            raise ImproperlyConfigured("OIDC_OP_ISSUER is not set (set OIDC_OP_ISSUER or OIDC_OP_ISSUER_FILE)")
        app: dict[str, Any] = {
            "provider_id": _read(env, "OIDC_PROVIDER_ID") or "oidc",
            "name": _read(env, "OIDC_PROVIDER_NAME") or "OpenID Connect",
            "client_id": client_id,
            "settings": {"server_url": issuer},
        }
        if client_secret is not None:
            app["secret"] = client_secret
        return {
            "SOCIALACCOUNT_PROVIDERS": {"openid_connect": {"OAUTH_PKCE_ENABLED": True, "APPS": [app]}},
            "SOCIALACCOUNT_STORE_TOKENS": False,
        }
    if library == "social-auth":
        issuer = optional.get("OIDC_OP_ISSUER")
        if issuer is None:
            raise ImproperlyConfigured("OIDC_OP_ISSUER is not set (set OIDC_OP_ISSUER or OIDC_OP_ISSUER_FILE)")
        social: dict[str, Any] = {
            "SOCIAL_AUTH_OIDC_OIDC_ENDPOINT": issuer,
            "SOCIAL_AUTH_OIDC_KEY": client_id,
            "SOCIAL_AUTH_OIDC_SCOPE": [s for s in scopes.split() if s != "openid"],
            "SOCIAL_AUTH_REDIRECT_IS_HTTPS": not debug,
        }
        if client_secret is not None:
            social["SOCIAL_AUTH_OIDC_SECRET"] = client_secret
        return social
    raise ImproperlyConfigured(f"unknown library {library!r} (mozilla-django-oidc, allauth, social-auth)")
