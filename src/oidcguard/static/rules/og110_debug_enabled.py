"""OG110: DEBUG on in the production settings chain."""

from __future__ import annotations

from collections.abc import Iterator

from ...findings import Category, Confidence, Severity
from ...rules import Hit, rule
from ..context import SettingsContext
from ..project import Role
from ..values import Origin


@rule(
    id="OG110",
    name="debug-enabled",
    title="DEBUG enabled",
    category=Category.DEBUG_EXPOSURE,
    severity=Severity.HIGH,
    confidence=Confidence.HIGH,
    cwe=(489, 215),
    remediation="Set DEBUG = False in production, read it with a real boolean parser "
    "(env.bool('DEBUG', default=False)), never bool(os.getenv('DEBUG')).",
    subject="settings",
)
def debug_enabled(ctx: SettingsContext) -> Iterator[Hit]:
    """
    ## What it does
    Flags `DEBUG = True` in the production chain, a truthy default of an environment lookup,
    and the `bool(os.getenv("DEBUG"))` / `os.getenv("DEBUG", False)` trap where the string
    `"False"` is truthy.

    ## Why is this bad?
    The technical 404/500 pages show URL patterns, settings and tracebacks with frame locals.
    With an OIDC library installed this is critical: under DEBUG Django ignores
    `@sensitive_variables`, so a failed token exchange shows frame locals holding the client
    secret, the authorization code and the tokens (django/views/debug.py,
    `SafeExceptionReporterFilter.is_active`).

    ## Example
        DEBUG = bool(os.getenv("DEBUG", "False"))      # OG110: always True ("False" is a non-empty string)

    ## Use instead
        DEBUG = env.bool("DEBUG", default=False)

    ## Known false positives
    Development and test settings modules are reported at info only.

    ## References
    - CWE-489: Active Debug Code; CWE-215: Insertion of Sensitive Information Into Debugging Code
    - Django docs: DEBUG ("Never deploy a site into production with DEBUG turned on")
    """
    value = ctx.get("DEBUG")
    if value is None:
        return
    base = Severity.CRITICAL if ctx.uses_oidc() else Severity.HIGH
    severity = base if ctx.role is Role.PRODUCTION else Severity.INFO
    oidc = " with an OIDC library installed, error pages show the client secret and tokens" if ctx.uses_oidc() else ""
    if value.cast in {"truthy-string", "str"} and value.from_env:
        if value.truthy() is True or value.cast == "truthy-string":
            yield Hit(
                location=ctx.location(value),
                message=f"DEBUG is a raw environment string: any non-empty value, 'False' included, turns it on{oidc}",
                severity=severity,
                confidence=Confidence.MEDIUM,
                anchor="DEBUG",
            )
        return
    if value.truthy() is not True:
        return
    if value.origin is Origin.ENV_DEFAULT:
        yield Hit(
            location=ctx.location(value),
            message=f"DEBUG defaults to on when ${value.env_name or '?'} is unset{oidc}",
            severity=severity,
            confidence=Confidence.MEDIUM,
            anchor="DEBUG",
        )
        return
    if value.origin is Origin.LITERAL:
        yield Hit(
            location=ctx.location(value),
            message=f"DEBUG = True in the {ctx.role.value} settings{oidc}",
            severity=severity,
            confidence=Confidence.MEDIUM if value.conditional else Confidence.HIGH,
            anchor="DEBUG",
        )
