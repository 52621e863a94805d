"""SARIF 2.1.0 for GitHub code scanning and other SARIF viewers.

Validated in the tests against the official OASIS schema. Shaped by what GitHub's ingestion
(code scanning's "SARIF support" page) reads:

- `tool.driver.rules` carry `shortDescription`, `fullDescription`, `help` (text and markdown,
  from the rule's docstring), `defaultConfiguration.level` and `properties.security-severity`,
  which GitHub maps to its critical/high/medium/low alert severity;
- each result carries `partialFingerprints`, so GitHub matches alerts across runs by our own
  line-independent fingerprint instead of hashing source lines it may not have;
- suppressed findings are kept, with `suppressions` (GitHub closes those alerts), because a
  silently dropped result would reopen as "fixed" and then "new" when the noqa is removed.
"""

from __future__ import annotations

import json
import re
from typing import Any
from urllib.parse import quote, urlsplit

from .. import __version__
from ..findings import Confidence, Finding, Location, ToolError
from ..report import Report
from ..rules import Catalogue
from ._common import RuleInfo, cwe_label, referenced_rules, sorted_suppressed, what_it_does

SCHEMA_URI = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
FINGERPRINT_KEY = "oidcguard/v1"

# GitHub reads `precision` for ranking alerts: very-high, high, medium, low.
_PRECISION = {Confidence.HIGH: "high", Confidence.MEDIUM: "medium", Confidence.LOW: "low"}

_SUPPRESSION_KIND = {"noqa": "inSource", "baseline": "external"}
_SUPPRESSION_TEXT = {"noqa": "suppressed by a # noqa comment", "baseline": "listed in the baseline file"}


def _rule_descriptor(info: RuleInfo) -> dict[str, Any]:
    tags = ["security", info.category.value, *(f"external/cwe/cwe-{n}" for n in info.cwe)]
    help_md = info.doc or info.title
    if info.remediation:
        help_md += f"\n\n## Remediation\n{info.remediation}"
    meta = f"{info.category.value}, {info.severity.label} severity, {info.confidence.label} confidence"
    if info.cwe:
        meta += f", {cwe_label(info.cwe)}"
    # GitHub shows fullDescription under the alert title: the docstring's "What it does"
    # paragraph says more than the title; fall back to title and fix.
    full = what_it_does(info.doc) or (f"{info.title}. {info.remediation}" if info.remediation else info.title)
    return {
        "id": info.id,
        "name": info.name,
        "shortDescription": {"text": info.title},
        "fullDescription": {"text": full},
        # The docstrings are written in Markdown (ruff's headings); plain-text viewers get the same
        # text, which reads fine unrendered.
        "help": {"text": f"{help_md}\n\n({meta})", "markdown": f"{help_md}\n\n*{meta}*"},
        "defaultConfiguration": {"level": info.severity.sarif_level},
        "properties": {
            "tags": tags,
            "precision": _PRECISION[info.confidence],
            "security-severity": info.severity.security_severity,
            "problem.severity": _problem_severity(info.severity.sarif_level),
        },
    }


def _problem_severity(level: str) -> str:
    # CodeQL's non-security severity scale; GitHub shows it when security-severity is absent.
    return {"error": "error", "warning": "warning"}.get(level, "recommendation")


_UNSAFE_SEGMENT = re.compile(r"^\.{1,2}$")


def _url_as_relative_uri(url: str) -> str:
    """`https://rp.example:8443/oidc/cb/?x` -> `rp.example_8443/oidc/cb/`.

    GitHub's ingestion rejects a location whose URI has a scheme other than `file`
    ("unrecognized SARIF location URI scheme") and requires every result to have a
    physicalLocation with a non-empty URI. So a live finding gets a relative URI naming the
    host and path (the port's colon would otherwise parse as a scheme), and the full URL is
    kept in a logicalLocation and in the result's properties, where the schema allows it.
    """
    parts = urlsplit(url)
    host = (parts.hostname or "unknown-host") + (f"_{parts.port}" if parts.port else "")
    segments = [s for s in parts.path.split("/") if s and not _UNSAFE_SEGMENT.match(s)]
    path = "/".join([host, *segments]) + ("/" if parts.path.endswith("/") and segments else "")
    return quote(path, safe="/_-.~")


def _file_uri(path: str) -> str:
    if path.startswith("/"):
        # An absolute path (a target outside the project): a file URI, never a bare absolute path.
        return "file://" + quote(path, safe="/_-.~")
    return quote(path, safe="/_-.~")


def _location(loc: Location) -> dict[str, Any]:
    if loc.url is not None:
        return {
            "physicalLocation": {"artifactLocation": {"uri": _url_as_relative_uri(loc.url)}},
            "logicalLocations": [
                {"fullyQualifiedName": f"{loc.method or 'GET'} {loc.url}", "kind": "resource"}
            ],
        }
    physical: dict[str, Any] = {"artifactLocation": {"uri": _file_uri(loc.path or ".")}}
    if loc.line:
        region: dict[str, Any] = {"startLine": loc.line}
        if loc.column:
            region["startColumn"] = loc.column
        if loc.end_line and loc.end_line >= loc.line:
            region["endLine"] = loc.end_line
        physical["region"] = region
    return {"physicalLocation": physical}


def _result(finding: Finding, rule_index: int, reason: str | None) -> dict[str, Any]:
    text = finding.message
    if finding.evidence:
        text += f" (evidence: {finding.evidence})"
    properties: dict[str, Any] = {
        "severity": finding.severity.label,
        "confidence": finding.confidence.label,
        "category": finding.category.value,
    }
    if finding.location.url is not None:
        properties["url"] = finding.location.url
    if finding.secret_hash:
        properties["secret_fingerprint"] = finding.secret_hash[:16]
    if finding.remediation:
        properties["remediation"] = finding.remediation
    result: dict[str, Any] = {
        "ruleId": finding.rule_id,
        "ruleIndex": rule_index,
        "level": finding.severity.sarif_level,
        "message": {"text": text},
        "locations": [_location(finding.location)],
        "partialFingerprints": {FINGERPRINT_KEY: finding.fingerprint},
        "properties": properties,
    }
    if reason is not None:
        result["suppressions"] = [
            {
                "kind": _SUPPRESSION_KIND.get(reason, "external"),
                "status": "accepted",
                "justification": _SUPPRESSION_TEXT.get(reason, reason),
            }
        ]
    return result


def _notification(error: ToolError) -> dict[str, Any]:
    note: dict[str, Any] = {"level": "warning", "message": {"text": f"skipped {error.path}: {error.reason}"}}
    # Only a project-relative path is a location GitHub can map; URLs and "-" (stdin) stay in the text.
    if error.path and "://" not in error.path and error.path != "-":
        note["locations"] = [{"physicalLocation": {"artifactLocation": {"uri": _file_uri(error.path)}}}]
    return note


def as_dict(report: Report, catalogue: Catalogue) -> dict[str, Any]:
    rules = referenced_rules(report, catalogue)
    index = {info.id: i for i, info in enumerate(rules)}
    results = [_result(f, index[f.rule_id], None) for f in report.sorted_findings()]
    results += [_result(s.finding, index[s.finding.rule_id], s.reason) for s in sorted_suppressed(report)]
    errors = sorted(report.errors, key=lambda e: (e.path, e.reason))
    return {
        "$schema": SCHEMA_URI,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "oidcguard",
                        "version": __version__,
                        "semanticVersion": __version__,
                        # Only rules with results: the catalogue spans three fronts, and listing
                        # the others would suggest they ran.
                        "rules": [_rule_descriptor(info) for info in rules],
                    }
                },
                "invocations": [
                    {
                        # Skipped files are notifications, not a failed run: the rest was analysed.
                        "executionSuccessful": True,
                        "toolExecutionNotifications": [_notification(e) for e in errors],
                    }
                ],
                "results": results,
                "properties": {
                    "front": report.front,
                    "target": report.target,
                    "score": report.score,
                    "grade": report.grade,
                    "filesScanned": report.files_scanned,
                },
            }
        ],
    }


def render(report: Report, catalogue: Catalogue, *, color: bool = False) -> str:
    return json.dumps(as_dict(report, catalogue), indent=2, ensure_ascii=False, default=str) + "\n"
