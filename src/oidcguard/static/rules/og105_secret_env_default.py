"""OG105: environment lookup of a secret with a real-looking literal fallback."""

from __future__ import annotations

from collections.abc import Iterator

from ...findings import Category, Confidence, Severity
from ...rules import Hit, rule
from ...shapes import SECRET_NAME, is_secret_candidate
from ..context import SettingsContext
from ..helpers import walk
from ..project import Role
from ..values import Origin


@rule(
    id="OG105",
    name="secret-env-default",
    title="Secret read from the environment with a literal fallback",
    category=Category.SECRET_DEFAULT,
    severity=Severity.HIGH,
    confidence=Confidence.HIGH,
    cwe=(798, 1188),
    remediation="Drop the default so a missing variable fails at start-up "
    "(os.environ['NAME'], env('NAME')), and rotate the value that was in the repository.",
    subject="settings",
)
def secret_env_default(ctx: SettingsContext) -> Iterator[Hit]:
    """
    ## What it does
    Flags `os.environ.get("DJANGO_SECRET_KEY", "<literal>")`, `os.getenv(...)`, django-environ
    `env(..., default=...)`, python-decouple `config(..., default=...)` and
    `os.environ.get(...) or "<literal>"` when the setting holds a secret.

    ## Why is this bad?
    It looks environment-driven, but when the variable is missing the site silently runs on a
    value anyone can read in the repository. For `SECRET_KEY` even a placeholder (`"change-me"`)
    is a working signing key: sessions, password-reset links and signed OIDC state can be forged.

    ## Example
        SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "3xz1k^fma)688od0s")   # OG105

    ## Use instead
        SECRET_KEY = os.environ["DJANGO_SECRET_KEY"]

    ## Known false positives
    For secrets other than `SECRET_KEY`, a placeholder default (`"change-me"`) is not reported:
    the identity provider rejects it, so it gives an attacker nothing. Development modules are
    reported at low, test modules not at all.

    ## References
    - CWE-1188: Initialization of a Resource with an Insecure Default
    - CWE-798: Use of Hard-coded Credentials
    """
    if ctx.role is Role.TEST:
        return
    severity = Severity.HIGH if ctx.role is Role.PRODUCTION else Severity.LOW
    for name, top in ctx.assignments():
        for keys, value, _ in walk(top):
            key = str(keys[-1]) if keys else name
            if value.origin is not Origin.ENV_DEFAULT or not isinstance(value.effective, str):
                continue
            is_signing_key = not keys and name == "SECRET_KEY"
            if not is_signing_key and not (SECRET_NAME.search(key) and is_secret_candidate(value.effective)):
                continue
            if is_signing_key and not value.effective.strip():
                continue
            label = name + "".join(f"[{k!r}]" for k in keys)
            yield Hit(
                location=ctx.location(value),
                message=f"{label} falls back to a literal when ${value.env_name or '?'} is unset; "
                "the published value becomes the real one",
                secret=value.effective,
                severity=severity,
                secret_kind="Django SECRET_KEY" if is_signing_key else "secret",
            )
