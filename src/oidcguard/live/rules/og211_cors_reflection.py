"""OG211: token/userinfo endpoints reflecting any Origin with credentials allowed."""

from __future__ import annotations

from collections.abc import Iterator

from ...findings import Category, Confidence, Severity
from ...rules import Hit, rule
from ..context import Fetched, ProbeContext, ProbeError
from ..discovery import ATTACKER_ORIGIN

_ENDPOINTS = ("token_endpoint", "userinfo_endpoint", "introspection_endpoint", "revocation_endpoint")


@rule(
    id="OG211",
    name="cors-reflection",
    title="Endpoint reflects an arbitrary Origin with credentials allowed",
    category=Category.CORS,
    severity=Severity.HIGH,
    confidence=Confidence.HIGH,
    cwe=(942, 346),
    remediation="List the allowed origins explicitly (CORS_ALLOWED_ORIGINS) and never combine a "
    "reflected or wildcard origin with CORS_ALLOW_CREDENTIALS = True.",
    subject="probe",
    front="live",
)
def cors_reflection(ctx: ProbeContext) -> Iterator[Hit]:
    """
    ## What it does
    Sends `Origin: https://oidcguard-attacker.invalid` to the home page, the RP callback and the
    token, userinfo, introspection and revocation endpoints (a GET, and an OPTIONS preflight to
    the token endpoint), and reports answers that echo that origin in
    `Access-Control-Allow-Origin` together with `Access-Control-Allow-Credentials: true`.

    ## Why is this bad?
    With credentials allowed for any origin, any web page the user visits can call these
    endpoints with the user's cookies and read the answers: tokens, user info, session-bound
    data. This is the live twin of `CORS_ALLOW_ALL_ORIGINS` with credentials (OG123).

    ## Example
        Access-Control-Allow-Origin: https://attacker.example
        Access-Control-Allow-Credentials: true

    ## Use instead
        CORS_ALLOWED_ORIGINS = ["https://app.example.com"]

    ## Probe behaviour
    One GET per endpoint with an `Origin` header, one OPTIONS preflight to the token endpoint.
    No cookie or token is sent.

    ## References
    - https://fetch.spec.whatwg.org/#http-cors-protocol
    - https://portswigger.net/web-security/cors
    - CWE-942, CWE-346
    """
    headers = {"Origin": ATTACKER_ORIGIN}
    targets: list[str] = [""]
    if ctx.site.callback is not None:
        targets.append(ctx.site.callback)
    targets.extend(ctx.site.endpoints[k] for k in _ENDPOINTS if k in ctx.site.endpoints)
    answers: list[Fetched] = []
    for target in targets:
        try:
            answers.append(ctx.get(target, headers=headers))
        except ProbeError:
            continue
    token = ctx.site.endpoints.get("token_endpoint")
    if token is not None:
        preflight = {**headers, "Access-Control-Request-Method": "POST"}
        try:
            answers.append(ctx.options_request(token, headers=preflight))
        except ProbeError:
            pass
    for answer in answers:
        allowed = (answer.header("access-control-allow-origin") or "").strip()
        credentials = (answer.header("access-control-allow-credentials") or "").strip().lower() == "true"
        if allowed == ATTACKER_ORIGIN and credentials:
            yield Hit(
                location=ctx.location(answer),
                message="any Origin is reflected with Access-Control-Allow-Credentials: true",
                evidence=f"Access-Control-Allow-Origin: {allowed}; Access-Control-Allow-Credentials: true",
                anchor=f"cors:{answer.method}",
            )
