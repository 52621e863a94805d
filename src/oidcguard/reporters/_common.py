"""What every reporter needs: rule metadata for a finding, grouping, counts.

Kept apart from the format modules so that text, HTML, Markdown, SARIF and JUnit agree on
ordering and on the numbers they print.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from ..findings import Category, Confidence, Finding, Severity
from ..report import Report, Suppressed
from ..rules import Catalogue, Rule

# The two suppression reasons the engine produces; always reported, even at zero, so that
# consumers of the JSON summary can rely on both keys.
SUPPRESSION_REASONS = ("noqa", "baseline")

# Report.front names the command; Rule.front names the rule package. `demo` runs every front.
RULE_FRONTS = {"scan": ("static",), "probe": ("live",), "logs": ("logs",)}


@dataclass(frozen=True, slots=True)
class RuleInfo:
    """Rule metadata for reporting; built from the catalogue, or from a finding when the rule
    is not in it (a plugin that is no longer installed, a rule declared in a test)."""

    id: str
    name: str
    title: str
    category: Category
    severity: Severity
    confidence: Confidence
    cwe: tuple[int, ...]
    remediation: str
    doc: str
    front: str

    @classmethod
    def from_rule(cls, rule: Rule) -> RuleInfo:
        return cls(
            id=rule.id,
            name=rule.name,
            title=rule.title,
            category=rule.category,
            severity=rule.severity,
            confidence=rule.confidence,
            cwe=rule.cwe,
            remediation=rule.remediation,
            doc=rule.doc,
            front=rule.front,
        )

    @classmethod
    def from_finding(cls, finding: Finding) -> RuleInfo:
        return cls(
            id=finding.rule_id,
            name=finding.title.lower().replace(" ", "-"),
            title=finding.title,
            category=finding.category,
            severity=finding.severity,
            confidence=finding.confidence,
            cwe=finding.cwe,
            remediation=finding.remediation,
            doc="",
            front="",
        )


def rule_info(rule_id: str, catalogue: Catalogue, finding: Finding | None = None) -> RuleInfo:
    found = catalogue.get(rule_id)
    if found is not None:
        return RuleInfo.from_rule(found)
    if finding is None:
        raise KeyError(rule_id)
    return RuleInfo.from_finding(finding)


def sorted_suppressed(report: Report) -> list[Suppressed]:
    """Suppressed findings in the same order as `report.sorted_findings()`."""
    return sorted(report.suppressed, key=lambda s: (-s.finding.severity, s.finding.sort_key(), s.reason))


def all_findings(report: Report) -> list[Finding]:
    """Reported and suppressed findings, in the report's deterministic order."""
    return report.sorted_findings() + [s.finding for s in sorted_suppressed(report)]


def referenced_rules(report: Report, catalogue: Catalogue) -> list[RuleInfo]:
    """One entry per rule id that appears in the report (findings or suppressed), by id."""
    first: dict[str, Finding] = {}
    for f in all_findings(report):
        first.setdefault(f.rule_id, f)
    return [rule_info(rid, catalogue, first[rid]) for rid in sorted(first)]


def front_rules(report: Report, catalogue: Catalogue) -> list[RuleInfo]:
    """The catalogue rules that belong to the report's front, plus any rule seen in it."""
    fronts = RULE_FRONTS.get(report.front)
    infos = {r.id: RuleInfo.from_rule(r) for r in catalogue if fronts is None or r.front in fronts}
    for info in referenced_rules(report, catalogue):
        infos.setdefault(info.id, info)
    return [infos[k] for k in sorted(infos)]


def by_category(findings: list[Finding]) -> list[tuple[Category, list[Finding]]]:
    """Findings grouped by category; the worst category first, then by name.

    Inside a group the input order is kept (callers pass `report.sorted_findings()`, which is
    severity first), so a group reads from its most to its least severe finding.
    """
    groups: dict[Category, list[Finding]] = {}
    for f in findings:
        groups.setdefault(f.category, []).append(f)
    return sorted(groups.items(), key=lambda kv: (-max(f.severity for f in kv[1]), kv[0].value))


def by_severity(findings: list[Finding]) -> list[tuple[Severity, list[Finding]]]:
    groups: dict[Severity, list[Finding]] = {}
    for f in findings:
        groups.setdefault(f.severity, []).append(f)
    return sorted(groups.items(), key=lambda kv: -kv[0])


def suppressed_counts(report: Report) -> dict[str, int]:
    counts = Counter(s.reason for s in report.suppressed)
    out = {reason: counts.pop(reason, 0) for reason in SUPPRESSION_REASONS}
    out.update(sorted(counts.items()))
    return out


def linked_secrets(report: Report) -> list[tuple[str, list[Finding]]]:
    """`report.linked_secrets()` in a stable order, each group in the report's order."""
    groups = report.linked_secrets()
    return [
        (digest, sorted(found, key=lambda f: f.sort_key()))
        for digest, found in sorted(groups.items(), key=lambda kv: min(f.sort_key() for f in kv[1]))
    ]


def what_it_does(doc: str) -> str:
    """The first paragraph under the docstring's `## What it does` heading (ruff's layout), or ""."""
    match = re.search(r"^##\s*What it does\s*\n(.*?)(?:\n\s*\n|\n##|\Z)", doc, re.M | re.S)
    return " ".join(match.group(1).split()) if match else ""


def extra_facts(finding: Finding) -> str:
    """Front-specific facts (a log finding's count, first and last line) as `k=v, ...`; the
    fingerprint anchor is internal and left out, as in `Finding.to_dict()`."""
    return ", ".join(f"{k}={v}" for k, v in finding.extra if k != "anchor")


def cwe_label(cwe: tuple[int, ...]) -> str:
    return ", ".join(f"CWE-{n}" for n in cwe)


def secret_label(digest: str, findings: list[Finding]) -> str:
    """A short public name for a secret: its kind (when known) and a hash prefix, never the value."""
    kinds = sorted({f.secret_kind for f in findings if f.secret_kind})
    prefix = f"sha256:{digest[:16]}"
    return f"{' / '.join(kinds)} {prefix}" if kinds else prefix


def summary_line(report: Report) -> str:
    """One plain line: counts per severity, suppressed, errors, files, score; used by several formats."""
    counts = report.counts()
    total = sum(counts.values())
    per = ", ".join(f"{n} {label}" for label, n in counts.items())
    sup = suppressed_counts(report)
    sup_text = ", ".join(f"{n} {reason}" for reason, n in sup.items())
    noun = "finding" if total == 1 else "findings"
    return (
        f"{total} {noun} ({per}); suppressed: {sup_text}; errors: {len(report.errors)}; "
        f"files scanned: {report.files_scanned}; score {report.score}/100, grade {report.grade}"
    )
