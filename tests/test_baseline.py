"""Baselines: written without secrets or line numbers, matched by fingerprint only."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest

from oidcguard.baseline import apply_baseline, write_baseline
from oidcguard.findings import Category, Confidence, Finding, Location, Severity
from oidcguard.report import Report, Suppressed
from oidcguard.rules import Hit, rule
from oidcguard.shapes import secret_hash

SECRET = "zQ4QwjusRmpdquaTKdOZsHshCEQDi8Qs"
NEW_SECRET = "Pq9vL2mX7rT4wZ8nB3kJ6hF1sD5gA0eY"


@rule(
    id="OG198",
    name="baseline-test-rule",
    title="Baseline test rule",
    category=Category.HARDCODED_SECRET,
    severity=Severity.HIGH,
    confidence=Confidence.HIGH,
    cwe=(798,),
    remediation="Move it to the environment.",
    subject="test",
)
def baseline_rule(subject: object) -> Iterator[Hit]:
    """## What it does
    Nothing; findings are built by hand in the tests."""
    yield from ()


def settings_finding(line: int = 12, secret: str = SECRET, path: str = "proj/settings.py") -> Finding:
    return baseline_rule.finding(
        Hit(location=Location(path=path, line=line), message=f"secret at line {line}", secret=secret)
    )


def url_finding(query: str = "") -> Finding:
    return baseline_rule.finding(
        Hit(
            location=Location(url=f"https://rp.example/oidc/callback/{query}"),
            message="token in URL",
            anchor="access_token",
        )
    )


def test_written_file_exact(tmp_path: Path) -> None:
    path = tmp_path / "baseline.json"
    settings, url = settings_finding(), url_finding()
    write_baseline(Report(front="scan", target=".", findings=[url, settings]), path)
    text = path.read_text(encoding="utf-8")
    assert SECRET not in text
    expected_entries = sorted(
        [
            {
                "fingerprint": settings.fingerprint,
                "rule_id": "OG198",
                "path": "proj/settings.py",
                "secret_fingerprint": secret_hash(SECRET)[:16],
            },
            {"fingerprint": url.fingerprint, "rule_id": "OG198", "url": "https://rp.example/oidc/callback/"},
        ],
        key=lambda e: e["fingerprint"],
    )
    assert json.loads(text) == {"version": 1, "tool": "oidcguard", "findings": expected_entries}


def test_no_secret_even_with_show_secrets(tmp_path: Path) -> None:
    path = tmp_path / "baseline.json"
    shown = baseline_rule.finding(
        Hit(location=Location(path="proj/settings.py", line=1), message="m", secret=SECRET), show_secrets=True
    )
    assert SECRET in shown.evidence
    write_baseline(Report(front="scan", target=".", findings=[shown]), path)
    text = path.read_text(encoding="utf-8")
    assert SECRET not in text and SECRET[:9] not in text
    # The fingerprint does not depend on how the evidence was shown.
    assert json.loads(text)["findings"][0]["fingerprint"] == settings_finding(line=1).fingerprint


def test_round_trip_suppresses_exactly_the_baselined(tmp_path: Path) -> None:
    path = tmp_path / "baseline.json"
    old_settings, old_url = settings_finding(), url_finding()
    write_baseline(Report(front="scan", target=".", findings=[old_settings, old_url]), path)

    # Next run: the old secret moved down 5 lines (same fingerprint), the URL gained a query
    # (fingerprints ignore it), and a new secret appeared in the same file.
    moved = settings_finding(line=17)
    url_with_query = url_finding("?access_token=xyz")
    new = settings_finding(line=30, secret=NEW_SECRET)
    other_file = settings_finding(path="proj/prod.py")
    report = Report(front="scan", target=".", findings=[moved, url_with_query, new, other_file])
    apply_baseline(report, path)

    assert report.findings == [new, other_file]
    assert report.suppressed == [Suppressed(moved, "baseline"), Suppressed(url_with_query, "baseline")]


def test_apply_keeps_existing_suppressions(tmp_path: Path) -> None:
    path = tmp_path / "baseline.json"
    write_baseline(Report(front="scan", target=".", findings=[settings_finding()]), path)
    noqa = Suppressed(settings_finding(line=3, secret=NEW_SECRET), "noqa")
    report = Report(front="scan", target=".", findings=[settings_finding(line=40)], suppressed=[noqa])
    apply_baseline(report, path)
    assert report.findings == []
    assert report.suppressed == [noqa, Suppressed(settings_finding(line=40), "baseline")]


def test_rewriting_keeps_baselined_findings(tmp_path: Path) -> None:
    """`--baseline old --write-baseline new` must not forget what the old baseline matched."""
    old, new_path = tmp_path / "old.json", tmp_path / "new.json"
    write_baseline(Report(front="scan", target=".", findings=[settings_finding()]), old)
    new = settings_finding(line=30, secret=NEW_SECRET)
    noqa = Suppressed(settings_finding(path="proj/local.py"), "noqa")
    report = Report(front="scan", target=".", findings=[settings_finding(), new], suppressed=[noqa])
    apply_baseline(report, old)
    write_baseline(report, new_path)
    fingerprints = [e["fingerprint"] for e in json.loads(new_path.read_text(encoding="utf-8"))["findings"]]
    assert fingerprints == sorted([settings_finding().fingerprint, new.fingerprint])


def test_severity_change_still_matches(tmp_path: Path) -> None:
    path = tmp_path / "baseline.json"
    write_baseline(Report(front="scan", target=".", findings=[settings_finding()]), path)
    lowered = replace(settings_finding(), severity=Severity.LOW, message="reworded")
    report = Report(front="scan", target=".", findings=[lowered])
    apply_baseline(report, path)
    assert report.suppressed == [Suppressed(lowered, "baseline")]


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        ("not json", "not valid JSON"),
        ("[]", "expected a JSON object"),
        ('{"version": 2, "findings": []}', "unsupported baseline version 2"),
        ('{"findings": []}', "unsupported baseline version None"),
        ('{"version": 1}', "'findings' must be a list"),
        ('{"version": 1, "findings": [{"rule_id": "OG101"}]}', r"findings\[0\] has no valid 'fingerprint'"),
        ('{"version": 1, "findings": ["abc"]}', r"findings\[0\] has no valid 'fingerprint'"),
        ('{"version": 1, "findings": [{"fingerprint": "ZZZ not hex"}]}', r"findings\[0\] has no valid"),
    ],
)
def test_malformed_baseline(tmp_path: Path, content: str, reason: str) -> None:
    path = tmp_path / "baseline.json"
    path.write_text(content, encoding="utf-8")
    report = Report(front="scan", target=".", findings=[settings_finding()])
    with pytest.raises(ValueError, match=reason):
        apply_baseline(report, path)
    assert report.findings == [settings_finding()]


def test_non_utf8_baseline(tmp_path: Path) -> None:
    path = tmp_path / "baseline.json"
    path.write_bytes(b"\xff\xfe{")
    with pytest.raises(ValueError, match="not UTF-8"):
        apply_baseline(Report(front="scan", target="."), path)


def test_missing_baseline_is_oserror(tmp_path: Path) -> None:
    # cli.finish() turns OSError and ValueError alike into a one-line usage error (exit 2).
    with pytest.raises(OSError):
        apply_baseline(Report(front="scan", target="."), tmp_path / "nope.json")
