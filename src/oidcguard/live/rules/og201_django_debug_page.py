"""OG201: Django's technical 404/500 pages are served (DEBUG = True)."""

from __future__ import annotations

from collections.abc import Iterator

from ...findings import Category, Confidence, Severity
from ...rules import Hit, rule
from ..analysis import exception_title, technical_kind
from ..context import ProbeContext


@rule(
    id="OG201",
    name="django-debug-page",
    title="Django technical error page served (DEBUG = True)",
    category=Category.DEBUG_EXPOSURE,
    severity=Severity.HIGH,
    confidence=Confidence.HIGH,
    cwe=(215, 489),
    remediation="Set DEBUG = False in production (read it with a safe default, e.g. "
    "env.bool('DEBUG', default=False)) and serve your own 404/500 templates.",
    subject="probe",
    front="live",
)
def django_debug_page(ctx: ProbeContext) -> Iterator[Hit]:
    """
    ## What it does
    Flags responses that are Django's technical pages: the 404 page listing the URL patterns and
    the 500 page with the traceback, frame locals, request META and the settings.

    ## Why is this bad?
    Under `DEBUG = True` Django shows these pages to anyone. The 500 page prints every setting
    whose name escapes the reporter's pattern, every request header (the `Authorization` header
    before Django 5.2), and frame locals; and Django ignores `sensitive_variables` when DEBUG is
    on, so a failed token exchange shows the client secret and the tokens in the frame locals.

    ## Example
        GET /oidcguard-probe-not-found/  ->  404 "Using the URLconf defined in config.urls"

    ## Use instead
        DEBUG = env.bool("DEBUG", default=False)

    ## Probe behaviour
    Passive: reads every response the other checks fetched, including one GET to a path that
    cannot exist. The 404 page is reported once (it is site-wide); each URL that serves the
    500 page is reported.

    ## References
    - https://docs.djangoproject.com/en/stable/ref/settings/#debug
    - https://docs.djangoproject.com/en/stable/howto/error-reporting/
    - CWE-215, CWE-489
    """
    reported_404 = False
    not_found = ctx.site.not_found
    responses = ctx.responses()
    if not_found is not None and not_found in responses:
        # The 404 page is site-wide: report it at the path that cannot exist, whatever else 404s.
        responses = (not_found, *(r for r in responses if r is not not_found))
    for response in responses:
        kind = technical_kind(response)
        if kind == "404":
            if reported_404:
                continue
            reported_404 = True
            yield Hit(
                location=ctx.location(response),
                message="Django's technical 404 page (URL patterns, DEBUG = True) is served",
                evidence=f"HTTP {response.status}: Using the URLconf defined in …",
                anchor="technical-404",
            )
        elif kind == "500":
            title = exception_title(response)
            yield Hit(
                location=ctx.location(response),
                message=f"Django's technical error page ({title or 'traceback'}) is served with "
                "the traceback, request META and settings",
                evidence=f"HTTP {response.status}: {title or 'technical 500 page'}",
                anchor="technical-500",
            )
