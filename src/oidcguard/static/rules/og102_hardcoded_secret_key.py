"""OG102: SECRET_KEY written as a literal in a non-test settings module."""

from __future__ import annotations

from collections.abc import Iterator

from ...findings import Category, Confidence, Severity
from ...rules import Hit, rule
from ...shapes import is_placeholder
from ..context import SettingsContext
from ..project import Role
from ..values import Origin, Value


@rule(
    id="OG102",
    name="hardcoded-secret-key",
    title="Django SECRET_KEY hard-coded",
    category=Category.HARDCODED_SECRET,
    severity=Severity.HIGH,
    confidence=Confidence.HIGH,
    cwe=(798, 321),
    remediation="Read SECRET_KEY from the environment with no default (env('DJANGO_SECRET_KEY')) "
    "and rotate the committed key.",
    subject="settings",
)
def hardcoded_secret_key(ctx: SettingsContext) -> Iterator[Hit]:
    """
    ## What it does
    Flags `SECRET_KEY = "<literal>"` in a settings module of the production chain (a development
    module is reported at low).

    ## Why is this bad?
    Django signs sessions (including the signed-cookie session engine), password-reset links,
    messages and any `signing.dumps()` value — such as OIDC `state` blobs — with this key. Anyone
    who reads it from the repository can forge them. A value that *looks* fake in the production
    chain (`"test-only-not-secret"`) is still the key Django signs with, so it is reported too;
    a `django-insecure-` prefix means the `startproject` key was never replaced.

    ## Example
        SECRET_KEY = "django-insecure-3xz1k^fma)688od0s_8cj5)y6m9us"   # OG102

    ## Use instead
        SECRET_KEY = env("DJANGO_SECRET_KEY")        # fails loudly when unset

    ## Known false positives
    Test settings modules (`settings/test.py`, `test_settings.py`) are not reported. A literal
    *fallback* of an environment lookup is reported once, as OG105.

    ## References
    - CWE-798: Use of Hard-coded Credentials; CWE-321: Use of Hard-coded Cryptographic Key
    - Django docs: settings SECRET_KEY, "Deployment checklist"
    """
    if ctx.role is Role.TEST:
        return
    for name, value in ctx.assignments():
        if name == "SECRET_KEY" and value.origin is Origin.LITERAL and isinstance(value.effective, str):
            yield from _literal_key(ctx, value)


def _literal_key(ctx: SettingsContext, value: Value) -> Iterator[Hit]:
    key = value.effective
    if not key.strip():
        return  # Django refuses to start with an empty SECRET_KEY
    notes = []
    if key.startswith("django-insecure-"):
        notes.append("the startproject key was never replaced")
    if is_placeholder(key) or len(key) < 32:
        notes.append(f"only {len(key)} characters")
    extra = f" ({'; '.join(notes)})" if notes else ""
    yield Hit(
        location=ctx.location(value),
        message=f"SECRET_KEY is hard-coded{extra}; anyone with the source can forge sessions and signed values",
        secret=key,
        severity=Severity.HIGH if ctx.role is Role.PRODUCTION else Severity.LOW,
        secret_kind="Django SECRET_KEY",
    )
