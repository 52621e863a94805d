"""Markdown for pull-request comments and `$GITHUB_STEP_SUMMARY`.

GitHub renders inline HTML in Markdown (sanitised), so every table cell is HTML-escaped and
its pipes turned into `&#124;`: a finding's message or evidence can neither break the table nor
inject markup into the comment.
"""

from __future__ import annotations

import html

from .. import __version__
from ..findings import Finding
from ..report import Report
from ..rules import Catalogue
from ._common import by_category, linked_secrets, secret_label, sorted_suppressed, suppressed_counts


def cell(text: str) -> str:
    return html.escape(" ".join(text.split()), quote=False).replace("|", "&#124;")


def code(text: str) -> str:
    return f"<code>{cell(text)}</code>" if text else ""


def _finding_row(f: Finding) -> str:
    return (
        f"| {f.severity.label} | {f.confidence.label} | {f.rule_id} | {cell(f.category.value)} "
        f"| {code(str(f.location))} | {cell(f.message)} | {code(f.evidence)} | {cell(f.remediation)} |"
    )


_FINDINGS_HEADER = (
    "| severity | confidence | rule | category | location | message | evidence | fix |\n"
    "|---|---|---|---|---|---|---|---|"
)


def render(report: Report, catalogue: Catalogue, *, color: bool = False) -> str:
    lines: list[str] = [f"## oidcguard {__version__}: {cell(report.front)} {code(report.target)}", ""]
    counts = report.counts()
    sup = suppressed_counts(report)
    lines += [
        "| score | grade | " + " | ".join(counts) + " | " + " | ".join(f"suppressed ({r})" for r in sup)
        + " | errors | files scanned |",
        "|" + "---|" * (2 + len(counts) + len(sup) + 2),
        f"| {report.score}/100 | **{report.grade}** | " + " | ".join(str(n) for n in counts.values())
        + " | " + " | ".join(str(n) for n in sup.values())
        + f" | {len(report.errors)} | {report.files_scanned} |",
        "",
    ]
    findings = report.sorted_findings()
    if findings:
        lines += ["### Findings", ""]
        for category, group in by_category(findings):
            lines += [f"#### {cell(category.value)} ({len(group)})", "", _FINDINGS_HEADER]
            lines += [_finding_row(f) for f in group]
            lines.append("")
    else:
        lines += ["No findings.", ""]

    linked = linked_secrets(report)
    if linked:
        lines += ["### Same secret seen in several places", ""]
        for digest, group in linked:
            places = ", ".join(f"{f.rule_id} {code(str(f.location))}" for f in group)
            lines.append(f"- {code(secret_label(digest, group))}: {places}")
        lines.append("")

    suppressed = sorted_suppressed(report)
    if suppressed:
        # Collapsed: reviewers should see that something was silenced, without the noise.
        lines += [f"<details><summary>Suppressed findings ({len(suppressed)})</summary>", ""]
        lines += ["| reason | rule | location | message |", "|---|---|---|---|"]
        lines += [
            f"| {cell(s.reason)} | {s.finding.rule_id} | {code(str(s.finding.location))} "
            f"| {cell(s.finding.message)} |"
            for s in suppressed
        ]
        lines += ["", "</details>", ""]

    if report.errors:
        lines += ["### Errors", ""]
        errors = sorted(report.errors, key=lambda e: (e.path, e.reason))
        lines += [f"- {code(e.path)}: {cell(e.reason)}" for e in errors]
        lines.append("")
    return "\n".join(lines)
