"""OG202: secret values visible in a served error page."""

from __future__ import annotations

import time
from collections.abc import Iterator

from ...findings import Category, Confidence, Severity
from ...rules import Hit, rule
from ...shapes import decode_jwt
from ..analysis import secrets_in_text, technical_kind, with_article
from ..context import ProbeContext
from ..discovery import CANARY_SECRET


@rule(
    id="OG202",
    name="secret-in-error-page",
    title="Secret value visible in a served error page",
    category=Category.ERROR_REPORT_LEAK,
    severity=Severity.HIGH,
    confidence=Confidence.HIGH,
    cwe=(209, 215),
    remediation="Rotate the exposed secret, turn DEBUG off, and set DEFAULT_EXCEPTION_REPORTER_FILTER "
    "to a filter that masks every credential (oidcguard.django.ExceptionReporterFilter).",
    subject="probe",
    front="live",
)
def secret_in_error_page(ctx: ProbeContext) -> Iterator[Hit]:
    """
    ## What it does
    Looks inside every served error page (status 4xx/5xx, or a Django technical page with any
    status) for secret values: known key formats and JWTs, passwords inside URLs
    (`postgres://app:password@db`), credential-named values that are not masked
    (`'secret': '…'`, `HTTP_AUTHORIZATION`), and the app's own configured secret values.
    HTML entities are decoded first: Django escapes quotes as `&#x27;`.

    ## Why is this bad?
    Django masks settings and META keys by name only (API, AUTH (5.2+), TOKEN, KEY, SECRET, PASS,
    SIGNATURE). Before 3.1 it did not look inside lists (allauth's `APPS` list), before 5.2 it did
    not mask `HTTP_AUTHORIZATION`, and it never masks `DATABASE_URL` or neutral names. A served
    page hands those values to anyone who can trigger the error.

    ## Example
        <td>DATABASE_URL</td><td class="code"><pre>&#x27;postgres://app:i6us…@db:5432/app&#x27;</pre></td>

    ## Use instead
        DEBUG = False
        DEFAULT_EXCEPTION_REPORTER_FILTER = "oidcguard.django.ExceptionReporterFilter"

    ## Probe behaviour
    Passive: reads the error pages the other checks fetched. Each secret is reported once, at the
    first URL (in URL order) that shows it, redacted, with a hash that ties it to the same secret
    found by `scan` or `logs`.

    ## References
    - Django tickets #31451 (lists), #23004 and #35646 (Authorization header)
    - https://docs.djangoproject.com/en/stable/howto/error-reporting/#filtering-error-reports
    - CWE-209, CWE-215
    """
    seen: set[str] = set()
    now = time.time()
    for response in ctx.responses():
        if response.status < 400 and technical_kind(response) is None:
            continue
        for item in secrets_in_text(response.decoded, ctx.options.known_secrets):
            if item.value in seen or item.value == CANARY_SECRET:  # our own fake, echoed: OG206's
                continue
            seen.add(item.value)
            severity = max(item.severity, Severity.HIGH)
            if item.kind == "jwt":
                info = decode_jwt(item.value)
                if info is not None and info.expired(now) and info.token_type != "refresh":
                    severity = Severity.MEDIUM  # an expired access/ID token no longer opens anything
            where = f" under {item.name}" if item.name else ""
            yield Hit(
                location=ctx.location(response),
                message=f"error page (HTTP {response.status}) shows {with_article(item.label)}{where}",
                secret=item.value,
                severity=severity,
                evidence=item.context or f"{item.name + ': ' if item.name else ''}{item.value}",
                secret_kind=item.kind,
            )
