"""Shared helpers for the logs tests: scan text, summarise findings as exact tuples."""

from __future__ import annotations

from pathlib import Path

from oidcguard.findings import Finding, Severity
from oidcguard.logs import KnownSecrets, LogOptions, scan_logs
from oidcguard.report import Report

# A fixed clock (2025-06-01) so expiry decisions do not depend on when the tests run.
NOW = 1748736000.0


def scan_text(tmp_path: Path, text: str, name: str = "app.log", known: KnownSecrets | None = None,
              **options: object) -> Report:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return scan_logs([str(path)], LogOptions(known=known or KnownSecrets(), now=NOW, **options))  # type: ignore[arg-type]


def summary(report: Report) -> list[tuple[str, int, int, int]]:
    """Sorted (rule, first line, count, last line), one per finding: exact, never a bare count."""
    out = []
    for f in report.findings:
        extra = dict(f.extra)
        out.append((f.rule_id, f.location.line or 0, extra["count"], int(str(extra["last"]).rsplit(":", 1)[1])))
    return sorted(out)


def by_rule_line(report: Report) -> dict[tuple[str, int], list[Finding]]:
    out: dict[tuple[str, int], list[Finding]] = {}
    for f in report.findings:
        out.setdefault((f.rule_id, f.location.line or 0), []).append(f)
    return out


def in_range(severity: Severity, low: Severity, high: Severity) -> bool:
    return low <= severity <= high


def assert_no_secret(report: Report, *secrets: str) -> None:
    """No finding field, in any output form, holds a secret whole."""
    blob = repr([f.to_dict() for f in report.findings]) + repr(report.errors)
    for s in secrets:
        assert s not in blob
