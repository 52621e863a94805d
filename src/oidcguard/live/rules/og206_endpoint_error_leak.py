"""OG206: token/introspection/userinfo/callback error responses that give too much away."""

from __future__ import annotations

from collections.abc import Iterator

from ...findings import Category, Confidence, Severity
from ...rules import Hit, rule
from ..analysis import leak_markers
from ..context import Fetched, ProbeContext, ProbeError
from ..discovery import (
    CANARY_SECRET,
    INTROSPECTION_REQUEST,
    forged_callback,
    malformed_token_request,
)

_ENDPOINTS = ("token_endpoint", "userinfo_endpoint", "introspection_endpoint", "revocation_endpoint")


@rule(
    id="OG206",
    name="endpoint-error-leak",
    title="OIDC endpoint error response leaks a stack trace, SQL, settings or echoes credentials",
    category=Category.ERROR_REPORT_LEAK,
    severity=Severity.MEDIUM,
    confidence=Confidence.HIGH,
    cwe=(209, 550),
    remediation="Answer OAuth errors with the RFC 6749 §5.2 JSON error only; turn DEBUG off and "
    "never echo request parameters (client_secret, code, token) back.",
    subject="probe",
    front="live",
)
def endpoint_error_leak(ctx: ProbeContext) -> Iterator[Hit]:
    """
    ## What it does
    Provokes error answers from the token, userinfo, introspection and revocation endpoints
    (GET without parameters; with `--active`, a malformed POST carrying a fake canary
    `client_secret`) and from the RP callback (a forged `code` and `state`), then reports an
    answer that contains a Python traceback, an SQL error, a settings dump (medium to high), or
    that echoes the canary secret back (high).

    ## Why is this bad?
    These endpoints handle the client secret, codes and tokens. An error that prints a traceback
    shows frame locals and code paths; one that echoes parameters puts client secrets into
    responses that proxies and browsers keep.

    ## Example
        POST /o/token/  ->  500  "Traceback (most recent call last): … client_secret='…'"

    ## Use instead
    Return `{"error": "invalid_grant"}` with status 400 and nothing else.

    ## Probe behaviour
    Safe mode: one GET per endpoint found in the discovery document, and the forged callback GET
    shared with OG215. `--active` adds one malformed POST to the token endpoint and one to the
    introspection endpoint; the secret sent is a fixed canary, never a real credential.

    ## References
    - RFC 6749 §5.2; OWASP Error Handling Cheat Sheet
    - CWE-209, CWE-550
    """
    answers: list[Fetched] = []
    for key in _ENDPOINTS:
        endpoint = ctx.site.endpoints.get(key)
        if endpoint is not None:
            answers.append(ctx.get(endpoint))
    callback = forged_callback(ctx)
    if callback is not None:
        answers.append(callback)
    if ctx.options.active:
        token = malformed_token_request(ctx)
        if token is not None:
            answers.append(token)
        introspection = ctx.site.endpoints.get("introspection_endpoint")
        if introspection is not None:
            try:
                answers.append(ctx.post(introspection, data=INTROSPECTION_REQUEST))
            except ProbeError:
                pass
    for answer in answers:
        if not answer.ok or answer.status < 400:
            continue
        markers = leak_markers(answer.decoded)
        echoed = CANARY_SECRET in answer.text
        if echoed:
            markers.append("the client_secret sent")
        if not markers:
            continue
        severity = Severity.HIGH if echoed or "settings" in markers else Severity.MEDIUM
        yield Hit(
            location=ctx.location(answer),
            message=f"error response (HTTP {answer.status}) exposes {', '.join(markers)}",
            severity=severity,
            evidence=f"HTTP {answer.status} {answer.content_type or ''}".strip(),
            anchor="+".join(sorted(markers)),
        )
