"""Baselines: accept today's findings, report only new ones (`--baseline`, `--write-baseline`).

Matching is by `Finding.fingerprint` only: rule + file or URL path + secret hash (or the rule's
anchor text). Line numbers and message text are not part of it, so a baseline survives edits
above a finding and rewording of messages (detect-secrets' lesson). The file never holds a
secret: only the fingerprint and a 16-hex prefix of the secret's sha256, which are there so
that a reviewer can tell entries apart and tie them to a report.

    {
      "version": 1,
      "tool": "oidcguard",
      "findings": [
        {"fingerprint": "…20 hex…", "rule_id": "OG101", "path": "proj/settings.py",
         "secret_fingerprint": "…16 hex…"},
        {"fingerprint": "…", "rule_id": "OG209", "url": "https://rp.example/callback"}
      ]
    }
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from .findings import Finding
from .report import Report, Suppressed

BASELINE_VERSION = 1
_FINGERPRINT = re.compile(r"^[0-9a-f]{8,64}$")


def baseline_entry(finding: Finding) -> dict[str, str]:
    entry: dict[str, str] = {"fingerprint": finding.fingerprint, "rule_id": finding.rule_id}
    loc = finding.location
    if loc.url is not None:
        # Same cut as the fingerprint: no query, no fragment (values there may be tokens).
        entry["url"] = loc.url.split("?", 1)[0].split("#", 1)[0]
    elif loc.path is not None:
        entry["path"] = loc.path
    if finding.secret_hash:
        entry["secret_fingerprint"] = finding.secret_hash[:16]
    return entry


def baseline_dict(report: Report) -> dict[str, Any]:
    # Findings already matched by an older baseline are still present, so they stay in the new
    # one: `--baseline old.json --write-baseline new.json` must not forget them. noqa-suppressed
    # findings are handled in the source and do not belong here.
    present = list(report.findings) + [s.finding for s in report.suppressed if s.reason == "baseline"]
    entries = {f.fingerprint: baseline_entry(f) for f in present}
    return {
        "version": BASELINE_VERSION,
        "tool": "oidcguard",
        "findings": [entries[k] for k in sorted(entries, key=lambda k: (entries[k]["rule_id"], k))],
    }


def write_baseline(report: Report, path: Path) -> None:
    text = json.dumps(baseline_dict(report), indent=2, ensure_ascii=False) + "\n"
    Path(path).write_text(text, encoding="utf-8")


def read_baseline(path: Path) -> frozenset[str]:
    """The fingerprints in a baseline file; ValueError (with the reason) when it is malformed."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except UnicodeDecodeError as exc:
        raise ValueError(f"not UTF-8 text: {exc}") from None
    except json.JSONDecodeError as exc:
        raise ValueError(f"not valid JSON: {exc}") from None
    if not isinstance(data, dict):
        raise ValueError("expected a JSON object with 'version' and 'findings'")
    if data.get("version") != BASELINE_VERSION:
        found = data.get("version")
        raise ValueError(f"unsupported baseline version {found!r} (expected {BASELINE_VERSION})")
    entries = data.get("findings")
    if not isinstance(entries, list):
        raise ValueError("'findings' must be a list")
    fingerprints: set[str] = set()
    for i, entry in enumerate(entries):
        fp = entry.get("fingerprint") if isinstance(entry, dict) else None
        if not isinstance(fp, str) or not _FINGERPRINT.match(fp):
            raise ValueError(f"findings[{i}] has no valid 'fingerprint'")
        fingerprints.add(fp)
    return frozenset(fingerprints)


def apply_baseline(report: Report, path: Path) -> None:
    """Move findings whose fingerprint is in the baseline to `report.suppressed` ("baseline")."""
    known = read_baseline(path)
    kept: list[Finding] = []
    for finding in report.findings:
        if finding.fingerprint in known:
            report.suppressed.append(Suppressed(finding, "baseline"))
        else:
            kept.append(finding)
    report.findings = kept
