"""What the target is: a relying party, a provider, or both, and where its OIDC parts live.

Discovery reads the home page, the provider metadata documents and the usual login paths of the
Django OIDC libraries, and follows links from the home page (same origin, capped). Every request
goes through the budgeted context; nothing here sends a credential or follows a redirect off the
target.
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import Awaitable
from dataclasses import dataclass, field
from typing import Any

import httpx

from .analysis import extract_links
from .context import BudgetExceeded, Fetched, ProbeContext, ProbeError, carries_credentials, query_params

# OpenID Connect Discovery 1.0 §4 (issuer + /.well-known/openid-configuration); RFC 8414 §3 for
# OAuth metadata (which, unlike DOT's OIDC document, lists the introspection endpoint).
# django-oauth-toolkit mounts both under its include, conventionally "o/".
DISCOVERY_PATHS = (
    ".well-known/openid-configuration",
    "o/.well-known/openid-configuration",
    ".well-known/oauth-authorization-server",
    "o/.well-known/oauth-authorization-server",
)
# The login views of the common libraries, in the order tried:
#   mozilla-django-oidc: path("oidc/", include("mozilla_django_oidc.urls")) -> oidc/authenticate/
#   django-allauth: accounts/<provider>/login/ and, for openid_connect apps, accounts/oidc/<id>/login/
#   python-social-auth (social-app-django): login/<backend>/
LOGIN_PATHS = (
    "oidc/authenticate/",
    "accounts/oidc/login/",
    "accounts/openid_connect/login/",
    "accounts/keycloak/login/",
    "accounts/okta/login/",
    "login/oidc/",
    "login/keycloak/",
    "login/okta-openidconnect/",
)
CALLBACK_PATHS = ("oidc/callback/", "complete/oidc/")
LOGOUT_PATHS = ("oidc/logout/", "logout/", "accounts/logout/")
# Provider endpoints of django-oauth-toolkit under "o/", used when no metadata is published.
DOT_ENDPOINTS = {
    "authorization_endpoint": "o/authorize/",
    "token_endpoint": "o/token/",
    "userinfo_endpoint": "o/userinfo/",
    "introspection_endpoint": "o/introspect/",
    "revocation_endpoint": "o/revoke_token/",
}
ENDPOINT_KEYS = (
    "authorization_endpoint", "token_endpoint", "userinfo_endpoint", "introspection_endpoint",
    "revocation_endpoint", "jwks_uri", "end_session_endpoint",
)
NOT_FOUND_PATH = "oidcguard-probe-not-found/"
_LOGIN_LINK = re.compile(r"log-?in|sign-?in|authenticate|/sso|/oidc/|/oauth", re.I)
_LOGOUT_LINK = re.compile(r"log-?out|sign-?out", re.I)


@dataclass(frozen=True, slots=True)
class Site:
    """The discovered shape of the target. Paths are relative to the base URL or absolute URLs."""

    home: Fetched | None = None
    not_found: Fetched | None = None  # the answer to a path that cannot exist
    metadata_response: Fetched | None = None
    metadata: dict[str, Any] = field(default_factory=dict)
    endpoints: dict[str, str] = field(default_factory=dict)  # on-target provider endpoints
    login: Fetched | None = None  # the RP login response that redirects to an authorization endpoint
    callback: str | None = None  # the RP's redirect_uri (callback) on this target, if known
    pages: tuple[Fetched, ...] = ()
    logout_paths: tuple[str, ...] = ()

    @property
    def authorization_request(self) -> str | None:
        return self.login.location if self.login is not None else None

    @property
    def is_relying_party(self) -> bool:
        return self.login is not None or self.callback is not None

    @property
    def is_provider(self) -> bool:
        return bool(self.metadata) or "authorization_endpoint" in self.endpoints


async def _try(coro: Awaitable[Fetched]) -> Fetched | None:
    try:
        return await coro
    except (ProbeError, BudgetExceeded):  # the engine reports a spent budget once, at the end
        return None


def _exists(response: Fetched | None) -> bool:
    return response is not None and response.ok and response.status not in (404, 410)


def _is_authorization_redirect(response: Fetched | None) -> bool:
    if response is None or not response.is_redirect:
        return False
    params = query_params(response.location or "")
    return "client_id" in params or "response_type" in params


async def discover(ctx: ProbeContext) -> Site:
    """Map the target. The home page must answer (the engine checks); everything else may fail."""
    home = await _try(ctx.fetch("GET", "", follow=True))
    login_candidates: list[str] = []
    if ctx.options.login_path:
        login_candidates.append(ctx.options.login_path)
    login_candidates.extend(LOGIN_PATHS)
    logout_candidates = list(LOGOUT_PATHS)
    linked: list[str] = []
    if home is not None and home.ok and "html" in home.content_type:
        for tag, href in extract_links(home.text):
            href = href.strip()
            if not href or href.startswith(("#", "mailto:", "javascript:", "data:", "tel:")):
                continue
            absolute = str(httpx.URL(home.url).join(href))
            if not ctx.on_target(absolute) or carries_credentials(absolute):
                continue  # off the target, or a link holding a token: requesting it would use it
            path_and_query = absolute.split("#", 1)[0]
            if _LOGOUT_LINK.search(path_and_query):
                logout_candidates.append(path_and_query)  # probed by OG208 only, with ?next=
            elif tag == "a" and _LOGIN_LINK.search(httpx.URL(absolute).path):
                login_candidates.append(path_and_query)
            else:
                linked.append(path_and_query)

    metadata_tasks = [_try(ctx.fetch("GET", p)) for p in DISCOVERY_PATHS]
    login_tasks = [_try(ctx.fetch("GET", p)) for p in _unique([ctx.url(c) for c in login_candidates])[:12]]
    page_targets = _unique([ctx.url(p) for p in (*ctx.options.extra_paths, *linked)])[: ctx.options.max_pages]
    page_tasks = [_try(ctx.fetch("GET", p, follow=True)) for p in page_targets]
    not_found_task = _try(ctx.fetch("GET", NOT_FOUND_PATH))
    results = await asyncio.gather(not_found_task, *metadata_tasks, *login_tasks, *page_tasks)
    not_found = results[0]
    metadata_responses = results[1 : 1 + len(metadata_tasks)]
    login_responses = results[1 + len(metadata_tasks) : 1 + len(metadata_tasks) + len(login_tasks)]
    pages = tuple(r for r in results[1 + len(metadata_tasks) + len(login_tasks) :] if r is not None and r.ok)

    metadata: dict[str, Any] = {}
    metadata_response: Fetched | None = None
    for response in metadata_responses:
        doc = response.json() if response is not None and response.status == 200 else None
        if isinstance(doc, dict) and ("issuer" in doc or "authorization_endpoint" in doc):
            if metadata_response is None:
                metadata_response = response
            for key, value in doc.items():
                metadata.setdefault(key, value)  # the OIDC document wins; RFC 8414 fills gaps

    endpoints: dict[str, str] = {}
    for key in ENDPOINT_KEYS:
        value = metadata.get(key)
        if isinstance(value, str) and ctx.on_target(value):
            endpoints[key] = value
    if not metadata:
        guesses = list(DOT_ENDPOINTS.items())
        answers = await asyncio.gather(*(_try(ctx.fetch("GET", path)) for _, path in guesses))
        for (key, path), answer in zip(guesses, answers, strict=True):
            if answer is not None and _exists(answer) and not looks_like_not_found(answer, not_found):
                endpoints[key] = ctx.url(path)

    login = next((r for r in login_responses if _is_authorization_redirect(r)), None)
    callback: str | None = None
    if login is not None:
        redirect_uri = query_params(login.location or "").get("redirect_uri")
        if redirect_uri and ctx.on_target(redirect_uri):
            callback = redirect_uri.split("?", 1)[0]
    if callback is None:
        answers = await asyncio.gather(*(_try(ctx.fetch("GET", p)) for p in CALLBACK_PATHS))
        for path, answer in zip(CALLBACK_PATHS, answers, strict=True):
            if answer is not None and _exists(answer) and not looks_like_not_found(answer, not_found):
                callback = ctx.url(path)
                break

    # Fetched here, before any rule runs, so the passive rules always see them (OG209, OG213).
    extra = [target for target in (callback, endpoints.get("jwks_uri")) if target]
    await asyncio.gather(*(_try(ctx.fetch("GET", target)) for target in extra))

    return Site(
        home=home,
        not_found=not_found,
        metadata_response=metadata_response,
        metadata=metadata,
        endpoints=endpoints,
        login=login,
        callback=callback,
        pages=pages,
        logout_paths=tuple(_unique([ctx.url(p) for p in logout_candidates])[:6]),
    )


def looks_like_not_found(response: Fetched, not_found: Fetched | None) -> bool:
    """A soft 404: the site answers every unknown path like this one."""
    return (
        not_found is not None
        and not_found.status == response.status
        and not_found.status != 404
        and abs(len(not_found.body) - len(response.body)) < 64
    )


def _unique(items: list[str]) -> list[str]:
    seen: set[str] = set()
    out: list[str] = []
    for item in items:
        if item not in seen:
            seen.add(item)
            out.append(item)
    return out


# ---------------------------------------------------------------------------------------------
# Requests several rules share. Identical requests are memoized, so each goes out once.

# RFC 2606 §2 reserves .invalid: these hosts can never resolve, so a redirect to them is never
# followed anywhere, by us or by anyone.
ATTACKER_ORIGIN = "https://oidcguard-attacker.invalid"
ATTACKER_URL = ATTACKER_ORIGIN + "/landing"
# What the prober sends where a credential would go: fake by construction, and recognisable
# when a server echoes it back (OG206).
CANARY_SECRET = "oidcguard-canary-7Yq2Lm9Xw4"  # noqa: OG103 - a fake canary by design
FORGED_CALLBACK = {"code": "oidcguard-forged-code", "state": "oidcguard-forged-state"}
MALFORMED_TOKEN_REQUEST = {
    "grant_type": "authorization_code",
    "code": "oidcguard-invalid-code",
    "redirect_uri": ATTACKER_ORIGIN + "/cb",
    "client_id": "oidcguard-probe",
    "client_secret": CANARY_SECRET,
}
INTROSPECTION_REQUEST = {"token": "oidcguard-invalid-token"}


def login_session_cookies(ctx: ProbeContext) -> dict[str, str]:
    """The cookies the RP's login view gave this anonymous visitor (its own, fresh session).

    mozilla-django-oidc stores the states it issued in the session and, with no session at all,
    answers a callback with a plain redirect; the state check only runs with a session, as in
    a browser that started a login. Handing the site back the anonymous cookie it just set is
    not sending a credential.
    """
    login = ctx.site.login
    if login is None:
        return {}
    cookies: dict[str, str] = {}
    for header in login.header_all("set-cookie"):
        name, _, rest = header.partition("=")
        value = rest.split(";", 1)[0].strip()
        if name.strip() and value and "max-age=0" not in header.lower():
            cookies[name.strip()] = value
    return cookies


def forged_callback(ctx: ProbeContext) -> Fetched | None:
    """The RP callback, in a fresh login session, given a code and a state it never issued."""
    if ctx.site.callback is None:
        return None
    cookies = login_session_cookies(ctx)
    headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in cookies.items())} if cookies else None
    return ctx.get(ctx.site.callback, params=FORGED_CALLBACK, headers=headers)


def callback_without_state(ctx: ProbeContext) -> Fetched | None:
    """The RP callback, in a fresh login session, given a code and no state."""
    if ctx.site.callback is None:
        return None
    cookies = login_session_cookies(ctx)
    headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in cookies.items())} if cookies else None
    return ctx.get(ctx.site.callback, params={"code": FORGED_CALLBACK["code"]}, headers=headers)


def malformed_token_request(ctx: ProbeContext) -> Fetched | None:
    """A POST to the token endpoint with an invalid code and a canary secret (--active only)."""
    endpoint = ctx.site.endpoints.get("token_endpoint")
    if endpoint is None or not ctx.options.active:
        return None
    return ctx.post(endpoint, data=MALFORMED_TOKEN_REQUEST)
