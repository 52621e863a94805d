"""OG306: a Django error report dumped into a log with Authorization/Cookie in its request META."""

from __future__ import annotations

from collections.abc import Iterator

from ... import shapes
from ...findings import Category, Confidence, Severity
from ...rules import Hit, rule
from ..contexts import META_RE, clean, credible, decode_basic, per_line
from ..model import LogLine

ANCHORS: tuple[str, ...] = (r"HTTP_(?:PROXY_)?AUTHORIZATION|HTTP_COOKIE|HTTP_X_API_KEY",)

_COOKIE_SEVERITY = {"sessionid": Severity.HIGH, "csrftoken": Severity.LOW}


def _credentials(key: str, value: str) -> Iterator[tuple[str, str, Severity]]:
    """(secret, what, severity) inside one META header value."""
    if key.endswith("AUTHORIZATION"):
        scheme, _, credential = value.strip().partition(" ")
        credential = credential.strip()
        if not credential:
            return
        if scheme.lower() == "basic":
            creds = decode_basic(credential)
            if creds is not None and creds.password:
                yield credential, f"Basic credentials for {creds.user[:64]!r}", Severity.CRITICAL
            return
        if credible(clean(credential)):
            yield clean(credential), f"{scheme[:16]} credential", Severity.HIGH
    elif key == "HTTP_COOKIE":
        for part in value.split(";"):
            name, _, cookie = part.strip().partition("=")
            name = name.strip().lower()
            if name in shapes.SENSITIVE_COOKIES or "session" in name or "token" in name:
                cookie = clean(cookie.strip())
                if credible(cookie, min_length=16):
                    yield cookie, f"{name} cookie", _COOKIE_SEVERITY.get(name, Severity.HIGH)
    elif credible(clean(value.strip())):
        yield clean(value.strip()), "API key header", Severity.HIGH


@rule(
    id="OG306",
    name="error-report-meta-in-log",
    title="Django error report with Authorization/Cookie headers in a log",
    category=Category.DEBUG_EXPOSURE,
    severity=Severity.HIGH,
    confidence=Confidence.HIGH,
    cwe=(209, 532),
    remediation=(
        "Set DEFAULT_EXCEPTION_REPORTER_FILTER to oidcguard.django.ExceptionReporterFilter (or a "
        "SafeExceptionReporterFilter that masks HTTP_AUTHORIZATION/HTTP_COOKIE), stop logging request.META, "
        "and rotate what was exposed."
    ),
    subject="logs",
    front="logs",
)
def error_report_meta_in_log(line: LogLine) -> Iterator[Hit]:
    """
    ## What it does
    Finds request `META` entries `HTTP_AUTHORIZATION`, `HTTP_PROXY_AUTHORIZATION`, `HTTP_COOKIE`
    and `HTTP_X_API_KEY` with unmasked values in logs: Django's plain-text error report
    (`HTTP_AUTHORIZATION = 'Bearer …'` under `META:`), `repr(request.META)` or a request repr
    logged by application code, and JSON error events. Values Django already masked
    (`'********************'`) are ignored.

    ## Why is this bad?
    Django's `SafeExceptionReporterFilter` hides META keys matching
    `API|TOKEN|KEY|SECRET|PASS|SIGNATURE|HTTP_COOKIE` — `AUTH` only from Django 5.2 — so
    older versions, custom reporters, or code that logs `request.META` write the bearer token,
    Basic credentials and session cookie of the failing request into the error log or e-mail.

    ## Example
        META:
        HTTP_AUTHORIZATION = 'Bearer 4vN0qgK1…'
        HTTP_COOKIE = 'sessionid=8k2j…; csrftoken=…'

    ## Use instead
        HTTP_AUTHORIZATION = '********************'

    ## Known false positives
    A META dump of a request without credentials (empty or masked values) does not fire.

    ## References
    - Django docs: "Filtering error reports", SafeExceptionReporterFilter.hidden_settings
    - PEP 3333 (WSGI environ `HTTP_*` variables)
    - CWE-209 (error message with sensitive information), CWE-532
    """

    def find(view: str) -> Iterator[tuple[str, Hit]]:
        for m in META_RE.finditer(view):
            key, value = m.group("key"), m.group("value")
            if not value.strip() or set(value.strip()) <= {"*"} or shapes.is_redacted(value):
                continue
            for secret, what, severity in _credentials(key, value):
                yield secret, Hit(
                    location=line.location(secret),
                    message=f"request META {key} dumped into the log with its {what} unmasked",
                    secret=secret,
                    severity=severity,
                    secret_kind=what.split(" for ")[0],
                    extra=(("meta_key", key),),
                )

    yield from per_line(line, find)
