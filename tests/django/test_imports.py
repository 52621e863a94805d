"""Importing the add-on needs no configured settings (a settings module imports it), and the
logging filter never imports Django itself."""

from __future__ import annotations

import subprocess
import sys


def _run(code: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=False)


def test_import_without_settings() -> None:
    result = _run(
        "import oidcguard.django as d\n"
        "from oidcguard.django import load_oidc_settings\n"
        "from django.conf import settings\n"
        "assert not settings.configured\n"
        "assert 'ExceptionReporterFilter' in dir(d)\n"
    )
    assert result.returncode == 0, result.stderr


def test_logging_filter_does_not_import_django() -> None:
    result = _run(
        "import logging, sys\n"
        "from oidcguard.logging import RedactingFilter\n"
        "f = RedactingFilter()\n"
        "r = logging.LogRecord('x', 20, 'f', 1, 'code=%s', ('Xa7bQ9fLk2mN3pR5sT8vW0yZ',), None)\n"
        "assert f.filter(r) and 'Xa7bQ9' not in r.getMessage()\n"
        "assert 'django' not in sys.modules, sorted(m for m in sys.modules if 'django' in m)\n"
    )
    assert result.returncode == 0, result.stderr
