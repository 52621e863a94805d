"""Django system checks: the catalogue's settings rules on the *resolved* settings.

Registered with `deploy=True`, so they run in `manage.py check --deploy` (like Django's own
`security.W0NN` checks, django/core/checks/security/base.py). One message per finding, id
`oidcguard.W` + the rule number (OG150 -> `oidcguard.W150`; an info-level finding becomes
`oidcguard.I150`, which never fails a check run), the finding's message as `msg` and its
remediation as `hint`. `SILENCED_SYSTEM_CHECKS = ["oidcguard.W150"]` works as for any check.

The rules themselves live in the static front (`oidcguard.static.runtime.check_django_settings`)
so the same rule judges the settings model of `oidcguard scan` and the real settings object here
(STYLE: "Rules that only need setting values run in two places").
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from django.apps import AppConfig
from django.conf import settings
from django.core import checks

from ..findings import Category, Finding, Severity

__all__ = ["TAG", "check_id", "oidc_settings_check", "runtime_findings"]

TAG = "oidcguard"
# Where a value came from (a literal in the source, an env lookup with a literal default) is
# only visible to the static scan; a resolved setting has no origin, so these categories would
# flag every secret correctly read from the environment. `manage.py oidcguard` runs them on the
# source instead; Django's own security.W009 judges a weak SECRET_KEY at run time.
SOURCE_ONLY = frozenset({Category.HARDCODED_SECRET, Category.SECRET_DEFAULT})
# A check that itself failed: reported, never raised (a crashing check aborts `manage.py check`).
E_UNAVAILABLE = "oidcguard.W000"


def check_id(finding: Finding) -> str:
    prefix = "I" if finding.severity == Severity.INFO else "W"
    return f"oidcguard.{prefix}{finding.rule_id.removeprefix('OG')}"


def runtime_findings(settings_obj: Any = None) -> list[Finding]:
    """The settings rules' findings on `settings_obj` (default: django.conf.settings)."""
    from ..static.runtime import check_django_settings

    found = check_django_settings(settings if settings_obj is None else settings_obj)
    found = [f for f in found if f.category not in SOURCE_ONLY]
    return sorted(found, key=lambda f: (f.rule_id, f.location.path or "", f.location.line or 0))


def to_message(finding: Finding) -> checks.CheckMessage:
    level = checks.Info if finding.severity == Severity.INFO else checks.Warning
    obj = finding.location.path or None
    return level(msg=finding.message, hint=finding.remediation or None, obj=obj, id=check_id(finding))


@checks.register(checks.Tags.security, TAG, deploy=True)
def oidc_settings_check(
    app_configs: Sequence[AppConfig] | None = None, **kwargs: Any
) -> Iterable[checks.CheckMessage]:
    try:
        findings = runtime_findings()
    except ImportError:
        return [
            checks.Warning(
                "oidcguard's settings rules could not be imported",
                hint="Reinstall oidcguard; `oidcguard scan` still checks the settings statically.",
                id=E_UNAVAILABLE,
            )
        ]
    except Exception as exc:
        return [
            checks.Warning(
                f"oidcguard could not check the settings ({type(exc).__name__})",
                hint="Run `oidcguard scan` on the project, and report this as a bug.",
                id=E_UNAVAILABLE,
            )
        ]
    return [to_message(f) for f in findings]
