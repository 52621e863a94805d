"""The labelled corpus (tests/corpus/<project>/{vulnerable,hardened}, labels.json).

- every label of a rule in the catalogue is reported, at low or above, on its exact (path, line);
- a vulnerable project reports nothing at low or above that is not labelled, except the
  justified `known_extra` entries of its labels.json;
- a hardened twin reports nothing at medium or above.

Info notes are ignored both ways. Labels of rules not yet in the catalogue are skipped, and
start counting the day the rule lands. `bench/detection_bench.py` prints the same comparison as
recall and precision per category.

Where the corpus finds a rule bug, the label stays and the one affected item is marked
xfail(strict=True) below, so the suite stays green and the fix turns it into a failure to remove.
"""

from __future__ import annotations

import functools
import json
from pathlib import Path

import pytest

from oidcguard.config import Config
from oidcguard.findings import Finding, Severity
from oidcguard.rules import load_catalogue
from oidcguard.static.engine import scan_project

CORPUS = Path(__file__).parent / "corpus"
CATALOGUE = load_catalogue()
STATIC_RULES = frozenset(r.id for r in CATALOGUE if r.front == "static")
PROJECTS = sorted(p.name for p in CORPUS.iterdir() if (p / "labels.json").is_file())

Key = tuple[str, str, int]  # (rule, "vulnerable/<path>", line)

# Labelled issues the scanner misses because of a rule/engine bug or a part of a rule that is
# specified (SPEC §4) but not implemented yet: (project, rule, path, line) -> reason.
KNOWN_MISSES: dict[tuple[str, str, str, int], str] = {}

# Findings at low or above (vulnerable) / medium or above (hardened) that are false because of a
# rule bug: (project, rule, path, line) -> reason. Each is asserted absent, xfail(strict=True).
KNOWN_FALSE: dict[tuple[str, str, str, int], str] = {}


@functools.cache
def scan(project: str, variant: str) -> tuple[dict[Key, Finding], tuple[str, ...]]:
    report = scan_project(CORPUS / project / variant, Config(), CATALOGUE)
    found = {
        (f.rule_id, f"{variant}/{f.location.path}", f.location.line or 0): f
        for f in report.findings
        if f.rule_id in STATIC_RULES and f.severity >= Severity.LOW
    }
    return found, tuple(f"{e.path}: {e.reason}" for e in report.errors)


@functools.cache
def labels(project: str) -> dict[str, object]:
    return json.loads((CORPUS / project / "labels.json").read_text())


def label_keys(project: str) -> set[Key]:
    return {(x["rule"], x["path"], x["line"]) for x in labels(project)["labels"]}


def extra_keys(project: str) -> set[Key]:
    return {(x["rule"], x["path"], x["line"]) for x in labels(project)["known_extra"]}


def _label_params() -> list[object]:
    params = []
    for project in PROJECTS:
        for rule, path, line in sorted(label_keys(project), key=lambda k: (k[1], k[2], k[0])):
            marks = []
            reason = KNOWN_MISSES.get((project, rule, path, line))
            if reason:
                marks.append(pytest.mark.xfail(strict=True, reason=reason))
            elif rule not in STATIC_RULES:
                marks.append(pytest.mark.skip(reason=f"{rule} is not in the catalogue yet"))
            params.append(pytest.param(project, (rule, path, line), marks=marks,
                                       id=f"{project}:{rule}:{path.split('/', 1)[1]}:{line}"))
    return params


@pytest.mark.parametrize(("project", "key"), _label_params())
def test_label_is_reported(project: str, key: Key) -> None:
    found, _ = scan(project, "vulnerable")
    assert key in found, f"{key} not reported at low or above; reported: {sorted(found)}"


@pytest.mark.parametrize("project", PROJECTS)
def test_vulnerable_project_has_no_unlabelled_finding(project: str) -> None:
    found, _ = scan(project, "vulnerable")
    accepted = label_keys(project) | extra_keys(project) | _false_keys(project)
    spurious = {k: found[k].message for k in set(found) - accepted}
    assert spurious == {}


@pytest.mark.parametrize("project", PROJECTS)
def test_hardened_twin_has_nothing_at_medium_or_above(project: str) -> None:
    found, _ = scan(project, "hardened")
    serious = {k: f"{f.severity.name}: {f.message}" for k, f in found.items()
               if f.severity >= Severity.MEDIUM and k not in _false_keys(project)}
    assert serious == {}


@pytest.mark.parametrize(
    ("project", "key"),
    [pytest.param(p, (r, path, line), marks=pytest.mark.xfail(strict=True, reason=why), id=f"{p}:{r}:{path}:{line}")
     for (p, r, path, line), why in sorted(KNOWN_FALSE.items())],
)
def test_known_false_positive_is_gone(project: str, key: Key) -> None:
    if key[0] not in STATIC_RULES:
        pytest.skip(f"{key[0]} is not in the catalogue")
    found, _ = scan(project, key[1].split("/", 1)[0])
    assert key not in found


def _false_keys(project: str) -> set[Key]:
    return {(r, path, line) for (p, r, path, line) in KNOWN_FALSE if p == project}


@pytest.mark.parametrize("project", PROJECTS)
@pytest.mark.parametrize("variant", ["vulnerable", "hardened"])
def test_scan_reports_no_errors(project: str, variant: str) -> None:
    assert scan(project, variant)[1] == ()


def test_every_static_rule_is_planted_somewhere() -> None:
    planted = set().union(*(label_keys(p) for p in PROJECTS))
    assert STATIC_RULES - {rule for rule, _, _ in planted} == set()


@pytest.mark.parametrize("project", PROJECTS)
def test_labels_are_well_formed(project: str) -> None:
    data = labels(project)
    for item in data["labels"] + data["known_extra"]:
        path = CORPUS / project / item["path"]
        assert item["path"].startswith("vulnerable/") and path.is_file(), item
        assert 1 <= item["line"] <= len(path.read_text(encoding="utf-8").splitlines()), item
    for item in data["known_extra"]:
        assert len(item.get("why", "")) > 20, f"known_extra entries need a reason: {item}"
    assert (CORPUS / project / "hardened").is_dir()


def test_known_items_are_still_in_the_corpus() -> None:
    for project, rule, path, line in KNOWN_MISSES:
        assert (rule, path, line) in label_keys(project), (project, rule, path, line)
