"""OG120: session and CSRF cookie flags."""

from __future__ import annotations

from collections.abc import Iterator

from ...findings import Category, Confidence, Severity
from ...rules import Hit, rule
from ..context import SettingsContext
from ..helpers import anchor, env_note, silenced
from ..project import Role


@rule(
    id="OG120",
    name="insecure-cookie-settings",
    title="Session or CSRF cookie flags weakened",
    category=Category.INSECURE_COOKIE,
    severity=Severity.MEDIUM,
    confidence=Confidence.HIGH,
    cwe=(614, 1004, 1275),
    remediation="Set SESSION_COOKIE_SECURE = True, CSRF_COOKIE_SECURE = True, keep SESSION_COOKIE_HTTPONLY = True "
    "and SameSite 'Lax' (the defaults) in production.",
    subject="settings",
)
def insecure_cookie(ctx: SettingsContext) -> Iterator[Hit]:
    """
    ## What it does
    Flags `SESSION_COOKIE_SECURE`/`CSRF_COOKIE_SECURE` that are not true (including an
    environment default of False), `SESSION_COOKIE_HTTPONLY = False`, and
    `SESSION_COOKIE_SAMESITE`/`CSRF_COOKIE_SAMESITE = None`. With an OIDC library in use and no
    `SESSION_COOKIE_SECURE` at all, Django's default (False) is reported at low.

    ## Why is this bad?
    The session cookie *is* the OIDC login: without `Secure` it travels over any plain-http
    request to the site; without `HttpOnly` page scripts can read it; with `SameSite=None` and
    no `Secure` browsers reject or leak it cross-site.

    ## Example
        SESSION_COOKIE_SECURE = env.bool("SESSION_COOKIE_SECURE", default=False)   # OG120

    ## Use instead
        SESSION_COOKIE_SECURE = True

    ## Known false positives
    A flag whose Django check is silenced (`security.W012`, `security.W016`) is an info note.
    `CSRF_COOKIE_HTTPONLY = False` is Django's default and is *not* reported: Django's docs
    explain that HttpOnly on the CSRF cookie gives no practical protection. Development and
    test modules are reported at info.

    ## References
    - Django docs: SESSION_COOKIE_SECURE, CSRF_COOKIE_HTTPONLY; `check --deploy` W012, W016
    - CWE-614, CWE-1004, CWE-1275
    """

    # Django's own check ids for the same settings: a silenced check is a recorded decision.
    checks = (
        ("SESSION_COOKIE_SECURE", Severity.MEDIUM, "the session cookie is sent over plain http", "security.W012"),
        ("CSRF_COOKIE_SECURE", Severity.LOW, "the CSRF cookie is sent over plain http", "security.W016"),
    )
    for name, base, why, check in checks:
        value = ctx.get(name)
        if value is not None and value.truthy() is False:
            severity = Severity.INFO if silenced(ctx, check) else ctx.severity(base)
            yield Hit(ctx.location(value), f"{name} is False{env_note(value)}: {why}", severity=severity,
                      anchor=name)
    if ctx.get("SESSION_COOKIE_SECURE") is None and ctx.uses_oidc() and ctx.role is Role.PRODUCTION \
            and not ctx.runtime:
        where = anchor(ctx, "SESSION_ENGINE", "MIDDLEWARE", "INSTALLED_APPS")
        if where is not None:
            yield Hit(ctx.location(where), "SESSION_COOKIE_SECURE is not set (Django's default is False): "
                      "the OIDC session cookie is sent over plain http", severity=Severity.LOW,
                      confidence=Confidence.MEDIUM, anchor="SESSION_COOKIE_SECURE-absent")
    httponly = ctx.get("SESSION_COOKIE_HTTPONLY")
    if httponly is not None and httponly.truthy() is False:
        yield Hit(ctx.location(httponly), f"SESSION_COOKIE_HTTPONLY is False{env_note(httponly)}: page scripts can "
                  "read the session cookie", severity=ctx.severity(Severity.MEDIUM), anchor="SESSION_COOKIE_HTTPONLY")
    for name in ("SESSION_COOKIE_SAMESITE", "CSRF_COOKIE_SAMESITE"):
        value = ctx.get(name)
        if value is not None and value.known and (value.effective is None or value.effective is False or
                                                  str(value.effective).lower() == "none"):
            yield Hit(ctx.location(value), f"{name} is None: the cookie is sent on cross-site requests",
                      severity=ctx.severity(Severity.LOW), anchor=name)
