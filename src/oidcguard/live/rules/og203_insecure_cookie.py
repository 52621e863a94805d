"""OG203: session, CSRF and OIDC state cookies set without Secure/HttpOnly/SameSite."""

from __future__ import annotations

import re
from collections.abc import Iterator

from ...findings import Category, Confidence, Severity
from ...rules import Hit, rule
from ...shapes import find_known
from ..analysis import SetCookie, cookie_evidence, parse_set_cookie, tokens_in_signed_session
from ..context import Fetched, ProbeContext

# Django's SESSION_COOKIE_NAME / CSRF_COOKIE_NAME defaults and common renames; the cookies some
# OIDC/OAuth libraries keep their state, nonce or PKCE verifier in.
_SESSION = re.compile(r"^(sessionid|.*sess(ion)?(id)?)$", re.I)
_CSRF = re.compile(r"csrf|xsrf", re.I)
_STATE = re.compile(r"state|nonce|pkce|verifier|oidc|oauth", re.I)


@rule(
    id="OG203",
    name="insecure-cookie",
    title="Session, CSRF or OIDC state cookie without Secure, HttpOnly or SameSite",
    category=Category.INSECURE_COOKIE,
    severity=Severity.MEDIUM,
    confidence=Confidence.HIGH,
    cwe=(614, 1004, 1275),
    remediation="Set SESSION_COOKIE_SECURE = True, SESSION_COOKIE_HTTPONLY = True, "
    "SESSION_COOKIE_SAMESITE = 'Lax' and CSRF_COOKIE_SECURE = True; keep tokens out of cookies.",
    subject="probe",
    front="live",
)
def insecure_cookie(ctx: ProbeContext) -> Iterator[Hit]:
    """
    ## What it does
    Reads every `Set-Cookie` the site sent. A session cookie without `Secure` or `HttpOnly` is
    medium; one whose only gap is `SameSite` (missing or `None`) is low. The CSRF cookie without
    `Secure` (or with `SameSite=None`) is low. OIDC state/nonce/PKCE cookies without `Secure` or
    `HttpOnly` are low. A cookie whose value carries a readable token (a JWT, or a Django
    signed-cookie session holding OIDC tokens) is high.

    ## Why is this bad?
    The session cookie of an OIDC-authenticated user is a bearer credential: without `Secure` it
    also travels over any plain-http URL of the site, without `HttpOnly` page scripts can read
    it. A signed-cookie session is signed, not encrypted: anyone holding it reads the tokens.

    ## Example
        Set-Cookie: sessionid=60mt…; expires=…; Max-Age=1209600; Path=/

    ## Use instead
        Set-Cookie: sessionid=60mt…; HttpOnly; Secure; SameSite=Lax; Path=/

    ## Known problems
    `csrftoken` without `HttpOnly` is not reported: Django's documentation explains that it gives
    no protection (the token is in every form and JavaScript clients read it). On a plain-http
    loopback target `Secure` is not checked (there is no TLS to require); OG204 reports the
    missing TLS.

    ## Probe behaviour
    Passive: reads the responses the other checks fetched; each cookie name is reported once,
    at the first URL (in URL order) that set it. Cookie values are never shown whole.

    ## References
    - https://docs.djangoproject.com/en/stable/ref/settings/#csrf-cookie-httponly
    - RFC 6265bis §4.1.2.5-§4.1.2.7 (Secure, HttpOnly, SameSite)
    - CWE-614, CWE-1004, CWE-1275
    """
    check_secure = ctx.is_https or not ctx.is_loopback
    seen: set[str] = set()
    for response in ctx.responses():
        for header in response.header_all("set-cookie"):
            cookie = parse_set_cookie(header)
            if cookie is None or cookie.deleted or cookie.name in seen:
                continue
            seen.add(cookie.name)
            yield from _token_in_value(ctx, response, cookie)
            yield from _flags(ctx, response, cookie, check_secure)


def _flags(ctx: ProbeContext, response: Fetched, cookie: SetCookie, check_secure: bool) -> Iterator[Hit]:
    secure = cookie.has("secure") or not check_secure
    http_only = cookie.has("httponly")
    samesite = (cookie.get("samesite") or "").lower()
    weak_samesite = samesite in ("", "none")
    missing: list[str] = []
    severity: Severity | None = None
    if _CSRF.search(cookie.name):
        # HttpOnly on the CSRF cookie is deliberately not asked for (see Known problems).
        if not secure:
            missing.append("Secure")
        if samesite == "none":
            missing.append("SameSite (None)")
        severity = Severity.LOW if missing else None
        kind = "CSRF cookie"
    elif _SESSION.search(cookie.name):
        if not secure:
            missing.append("Secure")
        if not http_only:
            missing.append("HttpOnly")
        if weak_samesite:
            missing.append("SameSite" if not samesite else "SameSite (None)")
        if not secure or not http_only:
            severity = Severity.MEDIUM
        elif missing:
            severity = Severity.LOW
        kind = "session cookie"
    elif _STATE.search(cookie.name):
        if not secure:
            missing.append("Secure")
        if not http_only:
            missing.append("HttpOnly")
        severity = Severity.LOW if missing else None
        kind = "OIDC state cookie"
    else:
        return
    if severity is None:
        return
    yield Hit(
        location=ctx.location(response),
        message=f"{kind} {cookie.name!r} is set without {', '.join(missing)}",
        severity=severity,
        evidence=cookie_evidence(cookie),
        anchor=f"flags:{cookie.name}",
    )


def _token_in_value(ctx: ProbeContext, response: Fetched, cookie: SetCookie) -> Iterator[Hit]:
    tokens = [(m.name, m.value) for m in find_known(cookie.value) if m.kind == "jwt"]
    tokens += [(f"{key} in a signed-cookie session", value) for key, value in tokens_in_signed_session(cookie.value)]
    if not tokens:
        return
    label, token = tokens[0]
    yield Hit(
        location=ctx.location(response),
        message=f"cookie {cookie.name!r} carries a readable token ({label}); keep tokens server-side",
        secret=token,
        severity=Severity.HIGH,
        evidence=cookie_evidence(cookie),
        anchor=f"token:{cookie.name}",
    )
