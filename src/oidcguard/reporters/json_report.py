"""JSON: the machine-readable report.

Field names of findings are exactly `Finding.to_dict()` (SPEC §1). Order is deterministic
(`report.sorted_findings()`), and nothing that varies between identical runs (durations,
timestamps) is included, so two runs over the same tree produce the same bytes.
"""

from __future__ import annotations

import json
from typing import Any

from .. import __version__
from ..findings import Finding
from ..report import Report
from ..rules import Catalogue
from ._common import linked_secrets, sorted_suppressed, suppressed_counts


def summary(report: Report) -> dict[str, Any]:
    counts = report.counts()
    return {
        **counts,
        "total": sum(counts.values()),
        "score": report.score,
        "grade": report.grade,
        "suppressed": suppressed_counts(report),
        "files_scanned": report.files_scanned,
        "errors": len(report.errors),
    }


def linked(report: Report) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for digest, found in linked_secrets(report):
        out.append(
            {
                # Same 16-hex prefix as Finding.to_dict()["secret_fingerprint"], so consumers can join.
                "secret_fingerprint": digest[:16],
                "secret_kinds": sorted({f.secret_kind for f in found if f.secret_kind}),
                "findings": [_ref(f) for f in found],
            }
        )
    return out


def _ref(finding: Finding) -> dict[str, Any]:
    return {
        "rule_id": finding.rule_id,
        "fingerprint": finding.fingerprint,
        "location": finding.location.to_dict(),
    }


def as_dict(report: Report) -> dict[str, Any]:
    suppressed = sorted_suppressed(report)
    return {
        "tool": "oidcguard",
        "version": __version__,
        "front": report.front,
        "target": report.target,
        "summary": summary(report),
        "findings": [f.to_dict() for f in report.sorted_findings()],
        "suppressed": [{**s.finding.to_dict(), "reason": s.reason} for s in suppressed],
        "errors": [e.to_dict() for e in sorted(report.errors, key=lambda e: (e.path, e.reason))],
        "linked_secrets": linked(report),
    }


def render(report: Report, catalogue: Catalogue, *, color: bool = False) -> str:
    return json.dumps(as_dict(report), indent=2, ensure_ascii=False, default=str) + "\n"
