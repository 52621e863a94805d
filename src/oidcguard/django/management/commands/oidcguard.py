"""`manage.py oidcguard`: the static scan of the project plus the runtime settings checks.

    python manage.py oidcguard [--format text|json|sarif|html|junit|markdown] [-o FILE]
                               [--fail-on high] [--path DIR] [--no-scan]

The static front reads `settings.BASE_DIR` (or `--path`) without importing anything from it;
the settings rules then run once more on the resolved settings of this process, so values that
only exist at run time (environment, secrets files) are judged too. Exit status 1 when a finding
is at or above `--fail-on`, like `oidcguard scan`.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from oidcguard.reporters import FORMATS


class Command(BaseCommand):
    help = "Scan the project with oidcguard and check the resolved OIDC/secret settings."
    requires_system_checks: list[str] = []  # this command is the check

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--format", dest="fmt", default=None, choices=sorted(FORMATS))
        parser.add_argument("-o", "--output", default=None, help="Write the report to this file.")
        parser.add_argument("--fail-on", default=None, help="Lowest severity that fails (default: high).")
        parser.add_argument("--path", default=None, help="Project directory (default: settings.BASE_DIR).")
        parser.add_argument("--no-scan", action="store_true", help="Only the runtime settings checks.")

    def handle(self, *args: Any, **options: Any) -> None:
        from oidcguard.config import ConfigError, load_config
        from oidcguard.django.checks import runtime_findings
        from oidcguard.report import Report
        from oidcguard.reporters import render
        from oidcguard.rules import load_catalogue

        base = options["path"] or getattr(settings, "BASE_DIR", None)
        root = Path(str(base)) if base else None
        try:
            config = load_config(None, start=root or Path.cwd())
            if options["fmt"]:
                config = config.override(fmt=options["fmt"])
            if options["fail_on"]:
                config = config.override(fail_on=options["fail_on"])
        except (ConfigError, ValueError) as exc:
            raise CommandError(str(exc), returncode=2) from None

        catalogue = load_catalogue()
        started = time.monotonic()
        if root is not None and not options["no_scan"]:
            if not root.is_dir():
                raise CommandError(f"not a directory: {root}", returncode=2)
            from oidcguard.static.engine import scan_project

            report = scan_project(root, config, catalogue)
        else:
            report = Report(front="scan", target=str(root or "settings"))
        try:
            report.findings.extend(runtime_findings())
        except Exception as exc:  # the static part of the report is still worth printing
            self.stderr.write(f"oidcguard: runtime settings checks failed ({type(exc).__name__})")
        report.findings = [f for f in report.findings if config.wants(f)]
        report.duration_s = time.monotonic() - started

        text = render(report, config.fmt, catalogue=catalogue, color=False)
        if options["output"]:
            Path(options["output"]).write_text(text, encoding="utf-8")
        else:
            self.stdout.write(text, ending="" if text.endswith("\n") else "\n")
        for error in report.errors:
            self.stderr.write(f"oidcguard: skipped {error.path}: {error.reason}")
        if any(f.severity >= config.fail_on for f in report.findings):
            raise CommandError(f"findings at or above {config.fail_on.label}", returncode=1)
