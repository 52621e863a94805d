"""Settings rules on a real, resolved Django settings object (for `manage.py check --deploy`).

The same rule functions that `oidcguard scan` runs on the AST model run here on the values
Django actually loaded. Findings carry no file location; their ids map 1:1 to `oidcguard.W1NN`.
"""

from __future__ import annotations

from typing import Any

from ..findings import Finding
from ..rules import Catalogue, load_catalogue
from .context import SettingsContext


def check_django_settings(settings: Any, catalogue: Catalogue | None = None) -> list[Finding]:
    """Run every settings rule on `django.conf.settings` (or any object with upper-case attributes)."""
    ctx = SettingsContext.from_django(settings)
    findings: list[Finding] = []
    for rule_ in (catalogue or load_catalogue()).for_subject("settings"):
        try:
            findings.extend(rule_.run(ctx))
        except Exception:  # noqa: BLE001,S112 - a rule must never break `manage.py check`
            continue
    return findings
