"""Every static rule fires exactly on its positive fixtures' annotated lines and stays silent on its negatives."""

from __future__ import annotations

from pathlib import Path

import pytest

from oidcguard.findings import Severity

from .harness import CATALOGUE, actual, expected

FIXTURES = Path(__file__).parent.parent / "fixtures" / "static"
STATIC_RULES = sorted(r.id for r in CATALOGUE if r.front == "static")
CASES = sorted(p for p in FIXTURES.glob("OG*/*") if p.is_dir())


@pytest.mark.parametrize("case", CASES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_findings_match_annotations(case: Path) -> None:
    rule_id = case.parent.name
    want, severities = expected(case, {rule_id})
    # Info notes are allowed anywhere ("at most info"); they are compared only where annotated.
    got = {k: f for k, f in actual(case, {rule_id}).items() if f.severity > Severity.INFO or k in want}
    # Exact sets: a missed finding and a spurious one cannot cancel out.
    assert set(got) == want
    for key, severity in severities.items():
        assert got[key].severity is Severity.parse(severity), f"{key}: {got[key].severity.label} != {severity}"


def test_negative_fixtures_expect_nothing() -> None:
    for case in CASES:
        if case.name.startswith("negative"):
            assert expected(case, set(STATIC_RULES))[0] == set(), f"{case} is a negative fixture with expectations"


@pytest.mark.parametrize("rule_id", STATIC_RULES)
def test_every_static_rule_has_both_fixtures(rule_id: str) -> None:
    folder = FIXTURES / rule_id
    kinds = {p.name.split("_")[0].split("-")[0] for p in folder.iterdir() if p.is_dir()} if folder.is_dir() else set()
    assert {"positive", "negative"} <= kinds, f"{rule_id} needs tests/fixtures/static/{rule_id}/positive* and negative*"
    positive_expectations = set()
    for case in folder.glob("positive*"):
        positive_expectations |= expected(case, {rule_id})[0]
    assert positive_expectations, f"{rule_id}'s positive fixtures annotate no line with '# expect: {rule_id}'"
