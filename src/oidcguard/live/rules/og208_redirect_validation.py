"""OG208: unregistered redirect_uri accepted by the provider; open redirect on RP login/logout."""

from __future__ import annotations

import base64
import hashlib
from collections.abc import Iterator

import httpx

from ...findings import Category, Confidence, Severity
from ...rules import Hit, rule
from ..context import Fetched, ProbeContext, ProbeError, query_params
from ..discovery import ATTACKER_ORIGIN, ATTACKER_URL

# A fixed PKCE pair (RFC 7636 §4.1-4.2): providers that require PKCE still validate the rest.
_VERIFIER = "oidcguard-probe-verifier-0123456789-abcdefghijklmnopqrstuvwxyz"
_CHALLENGE = base64.urlsafe_b64encode(hashlib.sha256(_VERIFIER.encode()).digest()).rstrip(b"=").decode()
_NEXT_PARAMS = ("next",)


@rule(
    id="OG208",
    name="redirect-validation",
    title="Unregistered redirect_uri accepted, or open redirect on the RP's login/logout",
    category=Category.REDIRECT_VALIDATION,
    severity=Severity.HIGH,
    confidence=Confidence.HIGH,
    cwe=(601,),
    remediation="Register exact https redirect URIs (no wildcards, no http outside loopback) and "
    "validate every next/redirect target with url_has_allowed_host_and_scheme().",
    subject="probe",
    front="live",
)
def redirect_validation(ctx: ProbeContext) -> Iterator[Hit]:
    """
    ## What it does
    Provider, with `--client-id`: sends authorization requests (`prompt=none`, so no login page
    is needed) whose `redirect_uri` is an attacker URL, and, with `--redirect-uri`, the
    registered URI with an extra path segment and downgraded to `http://`. A redirect to any of
    them means the provider would deliver codes there.
    Relying party: asks the login and logout views to send the browser to `?next=` an attacker
    URL; a redirect there is an open redirect. And sends the login request with a forged `Host`
    header: a `redirect_uri` built on that host means `ALLOWED_HOSTS` admits any host and the
    provider would return the code to whoever forged it (the live twin of OG153).

    ## Why is this bad?
    RFC 6749 §4.1.2.1 and RFC 9700 §4.1 require exact redirect URI matching: a provider that
    redirects to an unregistered URI hands authorization codes (and with implicit flows, tokens)
    to an attacker. An open redirect on the RP turns the login into a phishing link and, chained
    with a loose redirect URI, into code theft.

    ## Example
        GET /o/authorize/?client_id=portal&redirect_uri=https://attacker.example/cb&prompt=none
        ->  302 Location: https://attacker.example/cb?error=login_required

    ## Use instead
        OAUTH2_PROVIDER = {"ALLOWED_REDIRECT_URI_SCHEMES": ["https"], "ALLOW_URI_WILDCARDS": False}
        if not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}): ...

    ## Probe behaviour
    GET only. Up to three authorization requests (with `--client-id`), one GET per RP login
    or logout path found, and one login GET with a forged `Host` header (same connection). The
    attacker host is under `.invalid` (RFC 2606): it never resolves, and the prober never
    follows the redirect.

    ## References
    - RFC 6749 §3.1.2, §4.1.2.1, §10.15; RFC 9700 §2.1, §4.1; OIDC Core §3.1.2.6
    - https://docs.djangoproject.com/en/stable/ref/utils/#django.utils.http.url_has_allowed_host_and_scheme
    - CWE-601
    """
    yield from _provider(ctx)
    yield from _relying_party(ctx)
    yield from _host_header(ctx)


def _provider(ctx: ProbeContext) -> Iterator[Hit]:
    client_id = ctx.options.client_id
    endpoint = ctx.site.endpoints.get("authorization_endpoint")
    if not client_id or endpoint is None:
        return
    variants = [("an unregistered attacker URI", ATTACKER_ORIGIN + "/callback")]
    registered = ctx.options.redirect_uri
    if registered:
        parsed = httpx.URL(registered)
        variants.append(("the registered URI with an extra path", registered.rstrip("/") + "/oidcguard-extra"))
        if parsed.scheme == "https":
            variants.append(("the registered URI downgraded to http://", "http://" + registered[len("https://"):]))
    for label, uri in variants:
        params = {
            "response_type": "code",
            "client_id": client_id,
            "redirect_uri": uri,
            "scope": "openid",
            "state": "oidcguard-probe-state",
            "prompt": "none",
            "code_challenge": _CHALLENGE,
            "code_challenge_method": "S256",
        }
        answer = ctx.get(endpoint, params=params)
        if _redirects_to(answer, uri):
            yield Hit(
                location=ctx.location(answer),
                message=f"authorization endpoint redirects to {label} for client {client_id!r}",
                evidence=f"redirect_uri={ctx.safe_url(uri)} -> HTTP {answer.status}",
                anchor=f"provider:{label}",
            )


def _relying_party(ctx: ProbeContext) -> Iterator[Hit]:
    paths: list[str] = []
    if ctx.site.login is not None:
        paths.append(ctx.site.login.url.split("?", 1)[0])
    paths.extend(ctx.site.logout_paths)
    for path in paths:
        for name in _NEXT_PARAMS:
            try:
                answer = ctx.get(path, params={name: ATTACKER_URL})
            except ProbeError:
                continue
            if _redirects_to(answer, ATTACKER_ORIGIN, any_scheme=True):
                yield Hit(
                    location=ctx.location(answer),
                    message=f"?{name}= sends the browser to any site (open redirect)",
                    evidence=f"Location: {ctx.safe_url(answer.location or '')}",
                    anchor=f"rp:{httpx.URL(answer.url).path}:{name}",
                )


def _host_header(ctx: ProbeContext) -> Iterator[Hit]:
    """The RP builds its redirect_uri from the request's Host header (ALLOWED_HOSTS = ["*"])."""
    login = ctx.site.login
    if login is None:
        return
    attacker_host = httpx.URL(ATTACKER_ORIGIN).host
    try:
        # Same connection, same target: only the Host header names another site.
        answer = ctx.get(login.url, headers={"Host": attacker_host})
    except ProbeError:
        return
    if not answer.is_redirect:
        return
    redirect_uri = query_params(answer.location or "").get("redirect_uri", "")
    if redirect_uri and httpx.URL(redirect_uri).host == attacker_host:
        yield Hit(
            location=ctx.location(answer),
            message="the login builds redirect_uri from the Host header: a forged Host sends the code "
            "elsewhere (ALLOWED_HOSTS admits any host)",
            evidence=f"Host: {attacker_host} -> redirect_uri={ctx.safe_url(redirect_uri)}",
            anchor="rp:host-header",
        )


def _redirects_to(answer: Fetched, target: str, *, any_scheme: bool = False) -> bool:
    if not answer.is_redirect:
        return False
    location = (answer.location or "").strip()
    resolved = str(httpx.URL(answer.url).join(location))
    target_url = httpx.URL(target)
    got = httpx.URL(resolved)
    if got.host != target_url.host:
        return False
    if not any_scheme and (got.scheme, got.port) != (target_url.scheme, target_url.port):
        return False
    return got.path.rstrip("/").startswith(target_url.path.rstrip("/"))
