"""JUnit XML for CI dashboards (GitLab, Jenkins, Azure Pipelines test tabs).

One testcase per finding (a failure), one passing testcase per rule of the front that found
nothing, so the dashboard shows what was checked as well as what failed. Suppressed findings
are `skipped` with the reason; files the run could not read are `error` testcases. Built with
`xml.etree`, so every message is escaped by the serializer, never by hand.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET

from ..findings import Finding
from ..report import Report
from ..rules import Catalogue
from ._common import extra_facts, front_rules, sorted_suppressed

# XML 1.0 cannot carry most control characters even escaped; a log line may contain them.
_XML_INVALID = {c: None for c in range(0x20) if c not in (0x09, 0x0A, 0x0D)}


def _clean(text: str) -> str:
    return text.translate(_XML_INVALID)


def _case(suite: ET.Element, classname: str, name: str) -> ET.Element:
    attrs = {"classname": _clean(classname), "name": _clean(name), "time": "0"}
    return ET.SubElement(suite, "testcase", attrs)


def _details(f: Finding) -> str:
    lines = [
        f"{f.rule_id} {f.title}",
        f"location: {f.location}",
        f"severity: {f.severity.label}, confidence: {f.confidence.label}",
        f"message: {f.message}",
    ]
    if f.evidence:
        lines.append(f"evidence: {f.evidence}")
    facts = extra_facts(f)
    if facts:
        lines.append(f"details: {facts}")
    if f.remediation:
        lines.append(f"fix: {f.remediation}")
    return _clean("\n".join(lines))


def render(report: Report, catalogue: Catalogue, *, color: bool = False) -> str:
    root = ET.Element("testsuites", {"name": "oidcguard"})
    suite = ET.SubElement(root, "testsuite", {"name": _clean(f"oidcguard.{report.front}")})
    tests = failures = skipped = errors = 0

    findings = report.sorted_findings()
    suppressed = sorted_suppressed(report)
    seen = {f.rule_id for f in findings} | {s.finding.rule_id for s in suppressed}
    for info in front_rules(report, catalogue):
        classname = f"oidcguard.{info.category.value}.{info.id}"
        for f in findings:
            if f.rule_id == info.id:
                case = _case(suite, classname, f"{f.rule_id} {f.location}")
                failure = ET.SubElement(
                    case, "failure", {"message": _clean(f.message), "type": f.severity.label}
                )
                failure.text = _details(f)
                tests += 1
                failures += 1
        for s in suppressed:
            if s.finding.rule_id == info.id:
                case = _case(suite, classname, f"{s.finding.rule_id} {s.finding.location}")
                ET.SubElement(case, "skipped", {"message": f"suppressed ({s.reason})"})
                tests += 1
                skipped += 1
        if info.id not in seen:
            _case(suite, classname, f"{info.id} {info.title}")
            tests += 1

    for error in sorted(report.errors, key=lambda e: (e.path, e.reason)):
        case = _case(suite, "oidcguard.errors", error.path)
        ET.SubElement(case, "error", {"message": _clean(error.reason), "type": "skipped-input"})
        tests += 1
        errors += 1

    counts = {"tests": str(tests), "failures": str(failures), "errors": str(errors), "skipped": str(skipped)}
    suite.attrib.update({**counts, "time": "0"})
    root.attrib.update({k: v for k, v in counts.items() if k != "skipped"})
    ET.indent(root)
    return ET.tostring(root, encoding="unicode", xml_declaration=True) + "\n"
