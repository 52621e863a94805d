"""Fixture harness: `# expect: OG101` / `# expect: OG101[high]` annotations, exact (rule, path, line) sets."""

from __future__ import annotations

import re
from pathlib import Path

from oidcguard.config import Config
from oidcguard.findings import Finding
from oidcguard.rules import load_catalogue
from oidcguard.static.engine import scan_project

EXPECT = re.compile(r"#\s*expect:\s*(?P<items>OG\d{3}(?:\[[a-z]+\])?(?:\s*,\s*OG\d{3}(?:\[[a-z]+\])?)*)")
ITEM = re.compile(r"(OG\d{3})(?:\[([a-z]+)\])?")
CATALOGUE = load_catalogue()


def expected(root: Path, rule_ids: set[str]) -> tuple[set[tuple[str, str, int]], dict[tuple[str, str, int], str]]:
    found: set[tuple[str, str, int]] = set()
    severities: dict[tuple[str, str, int], str] = {}
    # Formats without comments (JSON) list their expectations in an EXPECT file at the fixture's
    # root: one "OG150[medium] path/to/file.json:10" per line.
    sidecar = root / "EXPECT"
    if sidecar.is_file():
        for entry in sidecar.read_text().split("\n"):
            m = re.fullmatch(r"(OG\d{3})(?:\[([a-z]+)\])?\s+(\S+):(\d+)", entry.strip())
            if m and m.group(1) in rule_ids:
                key = (m.group(1), m.group(3), int(m.group(4)))
                found.add(key)
                if m.group(2):
                    severities[key] = m.group(2)
    for path in sorted(root.rglob("*")):
        if not path.is_file() or path == sidecar:
            continue
        rel = path.relative_to(root).as_posix()
        for n, line in enumerate(path.read_text(encoding="utf-8", errors="replace").splitlines(), 1):
            m = EXPECT.search(line)
            if not m:
                continue
            for rule_id, severity in ITEM.findall(m.group("items")):
                if rule_id in rule_ids:
                    key = (rule_id, rel, n)
                    found.add(key)
                    if severity:
                        severities[key] = severity
    return found, severities


def scan(root: Path, config: Config | None = None) -> list[Finding]:
    return scan_project(root, config or Config(), CATALOGUE).findings


def actual(root: Path, rule_ids: set[str], config: Config | None = None) -> dict[tuple[str, str, int], Finding]:
    return {
        (f.rule_id, f.location.path or "", f.location.line or 0): f
        for f in scan(root, config)
        if f.rule_id in rule_ids
    }
