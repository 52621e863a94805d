"""OG214: the authorization request the RP issues (read from its login redirect, not followed)."""

from __future__ import annotations

from collections.abc import Iterator

import httpx

from ...findings import Category, Confidence, Severity
from ...rules import Hit, rule
from ..context import ProbeContext, is_loopback_host, query_params

# RFC 6749 §10.10 asks for 128 bits of entropy at least in guessable values; 16 URL-safe
# characters carry about 96 bits, below which state/nonce are short by any measure.
MIN_RANDOM_LENGTH = 16


@rule(
    id="OG214",
    name="authorization-request",
    title="Weak authorization request: not code flow, no/short state or nonce, no PKCE S256",
    category=Category.PKCE,
    severity=Severity.MEDIUM,
    confidence=Confidence.HIGH,
    cwe=(352, 345),
    remediation="Use response_type=code with PKCE S256 (OIDC_USE_PKCE = True, "
    "OIDC_PKCE_CODE_CHALLENGE_METHOD = 'S256'), keep state and nonce on (OIDC_USE_NONCE = True) and "
    "long, and an https redirect_uri on your own host.",
    subject="probe",
    front="live",
)
def authorization_request(ctx: ProbeContext) -> Iterator[Hit]:
    """
    ## What it does
    Reads the `Location` of the RP's login redirect, i.e. the authorization request it sends
    the browser to the provider with, without following it. Reports: `response_type` other than
    `code` (high for implicit, medium for hybrid); missing `state` (high) or a short one (low);
    missing `nonce` (medium) or a short one (low); no PKCE `code_challenge` (medium) or method
    `plain` (medium); an `http://` `redirect_uri` outside loopback (medium) or one on another
    host than the one probed (low: often a public name in front of an internal one).

    ## Why is this bad?
    `state` stops login CSRF (RFC 6749 §10.12), `nonce` binds the ID token to this login (OIDC
    Core §3.1.2.1, §15.5.2), PKCE S256 stops code injection and theft (RFC 9700 §2.1.1, which
    makes it a MUST for public clients), and the implicit flow puts tokens in the browser URL
    (RFC 9700 §2.1.2). mozilla-django-oidc leaves PKCE off unless `OIDC_USE_PKCE = True`.

    ## Example
        Location: https://op.example/authorize?response_type=id_token+token&client_id=portal&state=abc

    ## Use instead
        Location: https://op.example/authorize?response_type=code&client_id=portal&state=<32 random>
                  &nonce=<32 random>&code_challenge=<S256>&code_challenge_method=S256
                  &redirect_uri=https://portal.example/oidc/callback/

    ## Probe behaviour
    Uses the login response discovery fetched (one GET per candidate login path, or the path
    given with `--login-path`). The finding's URL is the RP's login path; query values are
    never shown.

    ## References
    - RFC 6749 §4.1.1, §10.12; RFC 7636 §4.3; RFC 9700 §2.1.1, §2.1.2, §4.7
    - OpenID Connect Core 1.0 §3.1.2.1, §15.5.2
    - https://mozilla-django-oidc.readthedocs.io/en/stable/settings.html
    - CWE-352, CWE-345
    """
    login = ctx.site.login
    if login is None or login.location is None:
        return
    params = query_params(login.location)
    where = ctx.location(login)
    authorize = ctx.safe_url(str(httpx.URL(login.url).join(login.location)))

    def hit(message: str, severity: Severity, anchor: str) -> Hit:
        return Hit(location=where, message=message, severity=severity,
                   evidence=f"Location: {authorize}", anchor=anchor)

    response_type = set(params.get("response_type", "").split())
    if response_type and response_type != {"code"}:
        implicit = "code" not in response_type
        yield hit(
            f"login asks for response_type={' '.join(sorted(response_type))}: "
            + ("implicit flow, tokens in the browser URL" if implicit else "hybrid flow, tokens in the front channel"),
            Severity.HIGH if implicit else Severity.MEDIUM,
            "response-type",
        )
    for name, missing_severity in (("state", Severity.HIGH), ("nonce", Severity.MEDIUM)):
        value = params.get(name)
        if not value:
            yield hit(f"authorization request has no {name}", missing_severity, f"no-{name}")
        elif len(value) < MIN_RANDOM_LENGTH:
            yield hit(f"{name} is only {len(value)} characters long", Severity.LOW, f"short-{name}")
    method = params.get("code_challenge_method", "plain" if params.get("code_challenge") else "")
    if not params.get("code_challenge"):
        yield hit("authorization request has no PKCE code_challenge", Severity.MEDIUM, "no-pkce")
    elif method != "S256":
        yield hit(f"PKCE code_challenge_method is {method!r}, not S256", Severity.MEDIUM, "pkce-plain")
    redirect_uri = params.get("redirect_uri")
    if redirect_uri:
        target = httpx.URL(redirect_uri)
        if target.scheme == "http" and not is_loopback_host(target.host):
            yield hit("redirect_uri uses http://: the code travels in clear", Severity.MEDIUM, "http-redirect-uri")
        if target.host and target.host != httpx.URL(ctx.base_url).host:
            # Often legitimate (probing an internal name of a site with a public one), so low.
            yield hit(f"redirect_uri points to another host ({target.host}) than the one probed",
                      Severity.LOW, "foreign-redirect-uri")
