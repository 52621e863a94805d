"""The runtime add-on: add `"oidcguard.django"` to INSTALLED_APPS (SPEC §3).

- system checks: the catalogue's settings rules on the resolved settings, as `oidcguard.W1NN`
  messages in `manage.py check --deploy` (`checks.py`);
- `ExceptionReporterFilter` / `ExceptionReporter`: error pages and admin e-mails without
  credentials (`reporter.py`);
- `load_oidc_settings()`: strict OIDC settings from the environment (`loader.py`);
- `middleware.OIDCCallbackMiddleware`: `Referrer-Policy: no-referrer` on the callback, and its
  `code`/`state` kept out of Django's own logs;
- `manage.py oidcguard`: the static scan of the project plus the checks, as a report.

Importing this package needs neither configured settings nor Django itself: the names below are
resolved on first use (PEP 562 module `__getattr__`), so `DEFAULT_EXCEPTION_REPORTER_FILTER =
"oidcguard.django.ExceptionReporterFilter"` and `from oidcguard.django import load_oidc_settings`
inside a settings module both work.
"""

from __future__ import annotations

import importlib
from typing import Any

_LAZY: dict[str, str] = {
    "ExceptionReporterFilter": "oidcguard.django.reporter",
    "ExceptionReporter": "oidcguard.django.reporter",
    "load_oidc_settings": "oidcguard.django.loader",
    "OIDCCallbackMiddleware": "oidcguard.django.middleware",
}

__all__ = sorted(_LAZY)


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted([*globals(), *_LAZY])
