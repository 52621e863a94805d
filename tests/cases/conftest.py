"""Helpers for the acceptance cases of ../shared/cases: build the case's files, scan, compare exactly."""

from __future__ import annotations

import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest

from oidcguard.config import Config
from oidcguard.findings import Finding, Severity
from oidcguard.rules import load_catalogue
from oidcguard.static.engine import scan_project

CATALOGUE = load_catalogue()

Scan = Callable[..., list[Finding]]


@pytest.fixture()
def scan_files(tmp_path: Path) -> Scan:
    def scan(files: dict[str, str], *, include_info: bool = False) -> list[Finding]:
        for rel, text in files.items():
            path = tmp_path / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
        report = scan_project(tmp_path, Config(), CATALOGUE)
        assert report.errors == [], report.errors
        return [f for f in report.findings if include_info or f.severity > Severity.INFO]

    return scan


def where(findings: list[Finding], *rule_ids: str) -> set[tuple[str, str, int]]:
    return {(f.rule_id, f.location.path or "", f.location.line or 0) for f in findings if f.rule_id in rule_ids}


def severity_of(findings: list[Finding], rule_id: str, path: str, line: int) -> Severity:
    [found] = [f for f in findings if (f.rule_id, f.location.path, f.location.line) == (rule_id, path, line)]
    return found.severity


def between(value: Severity, low: str, high: str) -> bool:
    return Severity.parse(low) <= value <= Severity.parse(high)
