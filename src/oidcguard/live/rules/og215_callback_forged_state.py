"""OG215: the RP callback given a forged or missing state does not fail cleanly."""

from __future__ import annotations

from collections.abc import Iterator

from ...findings import Category, Confidence, Severity
from ...rules import Hit, rule
from ..analysis import leak_markers, parse_set_cookie, technical_kind
from ..context import Fetched, ProbeContext
from ..discovery import callback_without_state, forged_callback, login_session_cookies


@rule(
    id="OG215",
    name="callback-forged-state",
    title="OIDC callback does not fail cleanly on a forged or missing state",
    category=Category.TOKEN_VALIDATION,
    severity=Severity.HIGH,
    confidence=Confidence.HIGH,
    cwe=(352, 755),
    remediation="Reject a callback whose state is missing or unknown with a plain 400 or a "
    "redirect to the login-failure page; turn DEBUG off; never log the user in without a valid "
    "state, code exchange and ID token check.",
    subject="probe",
    front="live",
)
def callback_forged_state(ctx: ProbeContext) -> Iterator[Hit]:
    """
    ## What it does
    Calls the RP's OIDC callback with a `code` and a `state` it never issued, and with a `code`
    and no `state`. A Django debug page (high), a 5xx answer (medium; high when it shows a
    traceback or SQL), or an answer that sets a session cookie (medium, low confidence: a
    session may have been created) means the callback does not fail cleanly.

    ## Why is this bad?
    The state check is the RP's defence against login CSRF (RFC 6749 §10.12, OIDC Core
    §3.1.2.7). A callback that crashes on a forged state shows its internals (and, under DEBUG,
    its settings); one that hands out a session without a valid state can be driven by an
    attacker's code.

    ## Example
        GET /oidc/callback/?code=x&state=y  ->  400, Django technical page
        "SuspiciousOperation: OIDC callback state not found in session `oidc_states`!"

    ## Use instead
    DEBUG off; mozilla-django-oidc then answers 400 or redirects to
    `LOGIN_REDIRECT_URL_FAILURE`.

    ## Probe behaviour
    Two GETs to the callback found from the login redirect's `redirect_uri` (or the usual
    library paths), each carrying the anonymous session cookie the login view just set (the state
    check only runs inside a login session). The code and state are fixed fake values.

    ## References
    - RFC 6749 §10.12; RFC 9700 §4.7; OpenID Connect Core 1.0 §3.1.2.7
    - CWE-352, CWE-755
    """
    forged = forged_callback(ctx)
    missing = callback_without_state(ctx)
    for answer, what in ((forged, "a forged state"), (missing, "no state")):
        if answer is None:
            continue
        hit = _judge(ctx, answer, what)
        if hit is not None:
            yield hit
            return  # one finding per callback: the second answer says the same


def _judge(ctx: ProbeContext, answer: Fetched, what: str) -> Hit | None:
    if not answer.ok:
        return None
    if technical_kind(answer) is not None:
        return Hit(
            location=ctx.location(answer),
            message=f"callback given {what} answers with Django's debug page (HTTP {answer.status})",
            anchor="callback",
        )
    if answer.status >= 500:
        markers = leak_markers(answer.decoded)
        return Hit(
            location=ctx.location(answer),
            message=f"callback given {what} fails with HTTP {answer.status}"
            + (f" showing {', '.join(markers)}" if markers else ""),
            severity=Severity.HIGH if markers else Severity.MEDIUM,
            anchor="callback",
        )
    for header in answer.header_all("set-cookie"):
        cookie = parse_set_cookie(header)
        if (cookie is not None and not cookie.deleted and "sess" in cookie.name.lower()
                and cookie.name not in login_session_cookies(ctx)):  # a new session, not ours renewed
            return Hit(
                location=ctx.location(answer),
                message=f"callback given {what} sets a session cookie ({cookie.name}): a session "
                "may have been created without a valid state",
                severity=Severity.MEDIUM,
                confidence=Confidence.LOW,
                anchor="callback",
            )
    return None
