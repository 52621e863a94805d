"""OG207: introspection or token endpoints that answer without client authentication."""

from __future__ import annotations

from collections.abc import Iterator

from ...findings import Category, Confidence, Severity
from ...rules import Hit, rule
from ..context import Fetched, ProbeContext, ProbeError
from ..discovery import INTROSPECTION_REQUEST


@rule(
    id="OG207",
    name="unauthenticated-endpoint",
    title="Introspection or token endpoint answers without client authentication",
    category=Category.EXPOSED_ENDPOINT,
    severity=Severity.HIGH,
    confidence=Confidence.HIGH,
    cwe=(306,),
    remediation="Require client authentication (or a bearer token with an introspection scope) "
    "on the introspection endpoint, and client authentication on the token endpoint for "
    "confidential clients.",
    subject="probe",
    front="live",
)
def unauthenticated_endpoint(ctx: ProbeContext) -> Iterator[Hit]:
    """
    ## What it does
    Asks the introspection endpoint about a made-up token with no credentials (GET; with
    `--active` also the RFC 7662 POST). An answer with an `active` member means anyone can
    introspect tokens. With `--active`, also asks the token endpoint for a client-credentials
    token without any client authentication; a token in the answer is critical.

    ## Why is this bad?
    RFC 7662 §2.1 requires the introspection endpoint to authorize its callers, or anyone who
    finds a token can learn whether it is live, whose it is and what it can do (token scanning).
    A token endpoint that issues tokens without client authentication hands out access.

    ## Example
        GET /o/introspect/?token=…  ->  200 {"active": false}

    ## Use instead
    django-oauth-toolkit's `IntrospectTokenView` requires a bearer token with the
    `introspection` scope or client credentials; keep it that way.

    ## Probe behaviour
    One GET to the introspection endpoint found by discovery. `--active`: one POST to it, and one
    `grant_type=client_credentials` POST to the token endpoint without credentials. The token
    sent is a fixed fake value; a token received is never shown or kept.

    ## References
    - RFC 7662 §2.1, §4; RFC 6749 §3.2.1
    - CWE-306
    """
    introspection = ctx.site.endpoints.get("introspection_endpoint")
    if introspection is not None:
        answers = [ctx.get(introspection, params=INTROSPECTION_REQUEST)]
        if ctx.options.active:
            try:
                answers.append(ctx.post(introspection, data=INTROSPECTION_REQUEST))
            except ProbeError:
                pass
        for answer in answers:
            if _introspection_answer(answer):
                yield Hit(
                    location=ctx.location(answer),
                    message="introspection endpoint answers an unauthenticated caller "
                    f"({answer.method}, HTTP {answer.status})",
                    anchor="introspection",
                )
                break
    token_endpoint = ctx.site.endpoints.get("token_endpoint")
    if token_endpoint is not None and ctx.options.active:
        answer = ctx.post(token_endpoint, data={"grant_type": "client_credentials"})
        body = answer.json() if answer.status == 200 else None
        if isinstance(body, dict) and isinstance(body.get("access_token"), str):
            yield Hit(
                location=ctx.location(answer),
                message="token endpoint issued a client_credentials token without client authentication",
                severity=Severity.CRITICAL,
                anchor="token",
            )


def _introspection_answer(answer: Fetched) -> bool:
    if answer.status != 200:
        return False
    body = answer.json()
    return isinstance(body, dict) and "active" in body
