"""Text for people, rendered with rich into a string (the CLI writes it).

Without colour (piped, redirected, CI logs) the output is plain text with no escape codes, and
each fact of a finding sits on its own line so that `grep` works on it. Every piece of finding
data goes through `rich.text.Text`, never through markup, so a message or evidence containing
`[bold]`-like text cannot restyle or hide the output.
"""

from __future__ import annotations

import io
import shutil

from rich.console import Console
from rich.text import Text

from .. import __version__
from ..findings import Finding, Severity
from ..report import Report
from ..rules import Catalogue
from ._common import by_category, cwe_label, extra_facts, linked_secrets, secret_label, suppressed_counts

# Wide enough for a path:line plus a rule id; fixed when piped so output does not depend on
# whatever terminal happened to launch the CI job.
PLAIN_WIDTH = 100

SEVERITY_STYLE = {
    Severity.CRITICAL: "bold white on red",
    Severity.HIGH: "bold red",
    Severity.MEDIUM: "bold yellow",
    Severity.LOW: "cyan",
    Severity.INFO: "dim",
}


def _console(color: bool) -> tuple[Console, io.StringIO]:
    buffer = io.StringIO()
    width = shutil.get_terminal_size((PLAIN_WIDTH, 24)).columns if color else PLAIN_WIDTH
    console = Console(
        file=buffer,
        force_terminal=color,
        color_system="auto" if color else None,
        no_color=not color,
        width=width,
        highlight=False,  # rich's auto-highlighting would colour parts of secrets' previews
        emoji=False,
        markup=False,
        soft_wrap=True,  # one line per fact, however long the path or URL
    )
    return console, buffer


def _finding(console: Console, finding: Finding) -> None:
    head = Text("  ")
    head.append(f"{finding.severity.label.upper():<8}", style=SEVERITY_STYLE[finding.severity])
    head.append(f" {finding.rule_id} ", style="bold")
    head.append(str(finding.location), style="underline")
    console.print(head)
    console.print(Text(f"    {finding.title}: {finding.message}"))
    meta = f"    severity {finding.severity.label}, confidence {finding.confidence.label}"
    if finding.cwe:
        meta += f", {cwe_label(finding.cwe)}"
    console.print(Text(meta, style="dim"))
    if finding.evidence:
        line = Text("    evidence: ", style="dim")
        line.append(finding.evidence, style="magenta")
        console.print(line)
    facts = extra_facts(finding)
    if facts:
        console.print(Text(f"    details: {facts}", style="dim"))
    if finding.remediation:
        line = Text("    fix: ", style="green")
        line.append(finding.remediation)
        console.print(line)


def _summary(console: Console, report: Report) -> None:
    counts = report.counts()
    total = sum(counts.values())
    line = Text(f"{total} finding{'s' if total != 1 else ''}: ", style="bold")
    for i, (label, n) in enumerate(counts.items()):
        if i:
            line.append(", ")
        line.append(f"{n} {label}", style=SEVERITY_STYLE[Severity.parse(label)] if n else "dim")
    console.print(line)
    sup = suppressed_counts(report)
    console.print(
        Text(
            "suppressed: " + ", ".join(f"{n} {reason}" for reason, n in sup.items())
            + f"; errors: {len(report.errors)}; files scanned: {report.files_scanned}"
        )
    )
    grade_style = {"A": "bold green", "B": "green", "C": "yellow", "D": "red", "E": "bold red"}
    score = Text("score: ")
    score.append(f"{report.score}/100, grade {report.grade}", style=grade_style.get(report.grade, "bold red"))
    console.print(score)


def render(report: Report, catalogue: Catalogue, *, color: bool = False) -> str:
    console, buffer = _console(color)
    console.print(Text(f"oidcguard {__version__}: {report.front} {report.target}", style="bold"))
    findings = report.sorted_findings()
    if not findings:
        console.print(Text("No findings.", style="green"))
    for category, group in by_category(findings):
        console.print()
        console.rule(Text(f"{category.value} ({len(group)})", style="bold"), align="left")
        for finding in group:
            _finding(console, finding)

    linked = linked_secrets(report)
    if linked:
        console.print()
        console.rule(Text("same secret seen in several places", style="bold"), align="left")
        for digest, group in linked:
            console.print(Text(f"  {secret_label(digest, group)}: {len(group)} places", style="bold"))
            for f in group:
                console.print(Text(f"    {f.rule_id} {f.location}"))

    if report.errors:
        console.print()
        console.rule(Text(f"errors ({len(report.errors)})", style="bold"), align="left")
        for error in sorted(report.errors, key=lambda e: (e.path, e.reason)):
            console.print(Text(f"  {error.path}: {error.reason}"))

    console.print()
    _summary(console, report)
    return buffer.getvalue()
