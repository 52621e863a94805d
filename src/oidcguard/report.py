"""The result of one run of any front, handed to the reporters, and the run's score."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from .findings import Confidence, Finding, Severity, ToolError

# Score: start at 100 and subtract, per finding, its severity weight times a confidence factor.
# A single critical finding costs 40, so it alone drops a project to a C; info findings cost nothing.
SEVERITY_WEIGHT = {
    Severity.CRITICAL: 40.0,
    Severity.HIGH: 20.0,
    Severity.MEDIUM: 8.0,
    Severity.LOW: 2.0,
    Severity.INFO: 0.0,
}
CONFIDENCE_FACTOR = {Confidence.HIGH: 1.0, Confidence.MEDIUM: 0.7, Confidence.LOW: 0.4}
GRADES = ((90, "A"), (80, "B"), (60, "C"), (40, "D"), (20, "E"))


def score(findings: list[Finding] | tuple[Finding, ...]) -> int:
    penalty = sum(SEVERITY_WEIGHT[f.severity] * CONFIDENCE_FACTOR[f.confidence] for f in findings)
    return max(0, round(100 - penalty))


def grade(value: int) -> str:
    return next((letter for floor, letter in GRADES if value >= floor), "F")


@dataclass(frozen=True, slots=True)
class Suppressed:
    """A finding silenced by `# noqa` or a baseline: counted in the summary, never dropped silently."""

    finding: Finding
    reason: str  # "noqa" or "baseline"


@dataclass(slots=True)
class Report:
    front: str  # "scan", "probe", "logs", "demo"
    target: str  # what was looked at: a path, a URL, a list of files
    findings: list[Finding] = field(default_factory=list)
    suppressed: list[Suppressed] = field(default_factory=list)
    errors: list[ToolError] = field(default_factory=list)
    # Diagnostics that are not failures to read input, e.g. an unused noqa suppression.
    notes: list[ToolError] = field(default_factory=list)
    files_scanned: int = 0
    duration_s: float = 0.0

    def sorted_findings(self) -> list[Finding]:
        return sorted(self.findings, key=lambda f: (-f.severity, f.sort_key()))

    @property
    def score(self) -> int:
        return score(self.findings)

    @property
    def grade(self) -> str:
        return grade(self.score)

    def counts(self) -> dict[str, int]:
        by = Counter(f.severity.label for f in self.findings)
        return {s.label: by.get(s.label, 0) for s in sorted(Severity, reverse=True)}

    def max_severity(self) -> Severity | None:
        return max((f.severity for f in self.findings), default=None)

    def merge(self, other: Report) -> None:
        self.findings.extend(other.findings)
        self.suppressed.extend(other.suppressed)
        self.errors.extend(other.errors)
        self.notes.extend(other.notes)
        self.files_scanned += other.files_scanned
        self.duration_s += other.duration_s

    def linked_secrets(self) -> dict[str, list[Finding]]:
        """Findings from more than one place that share a secret (same hash): SPEC §2."""
        groups: dict[str, list[Finding]] = {}
        for f in self.findings:
            if f.secret_hash:
                groups.setdefault(f.secret_hash, []).append(f)
        return {h: fs for h, fs in groups.items() if len({(x.rule_id, x.location) for x in fs}) > 1}
