"""Every report format, built from findings of a throwaway rule declared here.

Assertions are exact (whole dicts, whole sets); no format may print the test secret unless the
finding was made with show_secrets.
"""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from oidcguard import __version__
from oidcguard.findings import Category, Confidence, Finding, Location, Severity, ToolError
from oidcguard.report import Report, Suppressed
from oidcguard.reporters import FORMATS, render
from oidcguard.reporters import catalogue as catalogue_module
from oidcguard.reporters.catalogue import DOCS_COMMAND, docs_files, render_catalogue, write_docs
from oidcguard.rules import Catalogue, Hit, Rule, load_catalogue, rule
from oidcguard.shapes import secret_hash

SECRET = "zQ4QwjusRmpdquaTKdOZsHshCEQDi8Qs"
SCHEMA = Path(__file__).resolve().parents[2] / "shared" / "data" / "sarif-schema-2.1.0.json"
REPO = Path(__file__).resolve().parents[1]


@rule(
    id="OG199",
    name="test-secret-rule",
    title="Test secret in [settings]",  # brackets: rich markup must not eat them
    category=Category.HARDCODED_SECRET,
    severity=Severity.HIGH,
    confidence=Confidence.HIGH,
    cwe=(798,),
    remediation="Read it from the environment <not> a literal | pipe.",
    subject="test",
)
def secret_rule(subject: object) -> Iterator[Hit]:
    """## What it does
    Flags a secret, for the reporter tests.

    ## Why is this bad?
    Secrets leak.

    ## Example
        SECRET = "..."
    """
    yield from ()


@rule(
    id="OG299",
    name="test-url-rule",
    title="Test token in URL",
    category=Category.TOKEN_IN_URL,
    severity=Severity.MEDIUM,
    confidence=Confidence.MEDIUM,
    cwe=(598, 200),
    remediation="Use the code flow.",
    subject="test",
    front="live",
)
def url_rule(subject: object) -> Iterator[Hit]:
    """## What it does
    Flags a token in a URL, for the reporter tests."""
    yield from ()


CATALOGUE = Catalogue((secret_rule, url_rule))

SETTINGS_HIT = Hit(
    location=Location(path="proj/settings.py", line=12, column=25),
    message="OIDC_RP_CLIENT_SECRET is hard-coded <b>here</b> [bold]",
    secret=SECRET,
    evidence=f'OIDC_RP_CLIENT_SECRET = "{SECRET}"',
    secret_kind="client secret",
)
LOG_HIT = Hit(
    location=Location(path="logs/app.log", line=7),
    message="client secret in a log line",
    secret=SECRET,
    severity=Severity.CRITICAL,
)
URL_HIT = Hit(
    location=Location(url="https://rp.example:8443/oidc/callback/", method="GET"),
    message="callback URL carries access_token",
    anchor="access_token",
)
NOQA_HIT = Hit(
    location=Location(path="proj/local.py", line=3),
    message="suppressed one",
    secret="another-secret-value-1234",
)


def make_report(*, show_secrets: bool = False) -> Report:
    def finding(r: Rule, hit: Hit) -> Finding:
        return r.finding(hit, show_secrets=show_secrets)

    return Report(
        front="demo",
        target="proj",
        findings=[
            finding(url_rule, URL_HIT),
            finding(secret_rule, SETTINGS_HIT),
            finding(secret_rule, LOG_HIT),
        ],
        suppressed=[Suppressed(finding(secret_rule, NOQA_HIT), "noqa")],
        errors=[ToolError("proj/broken.py", "SyntaxError: invalid syntax (line 3)")],
        files_scanned=5,
    )


def test_rule_finding_redacts() -> None:
    f = secret_rule.finding(SETTINGS_HIT)
    assert SECRET not in f.evidence
    assert f.evidence == f'OIDC_RP_CLIENT_SECRET = "zQ4Q…(32 chars, sha256:{secret_hash(SECRET)[:8]})"'


# --- no secret in any format -------------------------------------------------------------------


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_secret_never_printed(fmt: str) -> None:
    text = render(make_report(), fmt, catalogue=CATALOGUE)
    assert SECRET not in text
    assert "another-secret-value-1234" not in text
    # Not even a long fragment of it (a prefix of a quarter is the most the redactor shows).
    assert SECRET[:9] not in text


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_secret_printed_when_asked(fmt: str) -> None:
    text = render(make_report(show_secrets=True), fmt, catalogue=CATALOGUE)
    assert SECRET in text


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_output_is_deterministic(fmt: str) -> None:
    first = render(make_report(), fmt, catalogue=CATALOGUE)
    report = make_report()
    report.findings.reverse()
    assert render(report, fmt, catalogue=CATALOGUE) == first


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_empty_report_renders(fmt: str) -> None:
    text = render(Report(front="scan", target="."), fmt, catalogue=Catalogue(()))
    assert "oidcguard" in text


HOSTILE = "bad [/] [bold]x[/bold] <script>alert(1)</script> | `tick` \x00\x07\x1b[31m ]]> &amp; \u2028 end"


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_hostile_text_renders_everywhere(fmt: str) -> None:
    """Messages and paths come from scanned files, pages and logs: no format may choke on them."""
    hit = Hit(location=Location(path=f"weird {HOSTILE}.py", line=1), message=HOSTILE, evidence=HOSTILE)
    report = Report(front="scan", target=HOSTILE, findings=[secret_rule.finding(hit)])
    report.errors.append(ToolError(HOSTILE, HOSTILE))
    text = render(report, fmt, catalogue=CATALOGUE)
    assert "end" in text
    if fmt == "junit":
        ET.fromstring(text)
    if fmt in {"json", "sarif"}:
        json.loads(text)
    if fmt in {"html", "markdown"}:
        assert "<script>" not in text


def test_unknown_format() -> None:
    with pytest.raises(ValueError, match="unknown report format 'yaml'"):
        render(make_report(), "yaml", catalogue=CATALOGUE)


# --- json ------------------------------------------------------------------------------------


def test_json_exact() -> None:
    data = json.loads(render(make_report(), "json", catalogue=CATALOGUE))
    settings = secret_rule.finding(SETTINGS_HIT)
    log = secret_rule.finding(LOG_HIT)
    url = url_rule.finding(URL_HIT)
    noqa = secret_rule.finding(NOQA_HIT)
    digest = secret_hash(SECRET)
    preview = f"zQ4Q…(32 chars, sha256:{digest[:8]})"
    assert data == {
        "tool": "oidcguard",
        "version": __version__,
        "front": "demo",
        "target": "proj",
        "summary": {
            "critical": 1,
            "high": 1,
            "medium": 1,
            "low": 0,
            "info": 0,
            "total": 3,
            "score": 100 - 40 - 20 - round(8 * 0.7),
            "grade": "E",
            "suppressed": {"noqa": 1, "baseline": 0},
            "files_scanned": 5,
            "errors": 1,
        },
        "findings": [
            {
                "rule_id": "OG199",
                "category": "hardcoded-secret",
                "severity": "critical",
                "confidence": "high",
                "title": "Test secret in [settings]",
                "message": "client secret in a log line",
                "location": {"path": "logs/app.log", "line": 7, "column": None, "end_line": None},
                "evidence": preview,
                "fingerprint": log.fingerprint,
                "remediation": "Read it from the environment <not> a literal | pipe.",
                "cwe": [798],
                "secret_fingerprint": digest[:16],
            },
            {
                "rule_id": "OG199",
                "category": "hardcoded-secret",
                "severity": "high",
                "confidence": "high",
                "title": "Test secret in [settings]",
                "message": "OIDC_RP_CLIENT_SECRET is hard-coded <b>here</b> [bold]",
                "location": {"path": "proj/settings.py", "line": 12, "column": 25, "end_line": None},
                "evidence": f'OIDC_RP_CLIENT_SECRET = "{preview}"',
                "fingerprint": settings.fingerprint,
                "remediation": "Read it from the environment <not> a literal | pipe.",
                "cwe": [798],
                "secret_fingerprint": digest[:16],
            },
            {
                "rule_id": "OG299",
                "category": "token-in-url",
                "severity": "medium",
                "confidence": "medium",
                "title": "Test token in URL",
                "message": "callback URL carries access_token",
                "location": {"url": "https://rp.example:8443/oidc/callback/", "method": "GET"},
                "evidence": "",
                "fingerprint": url.fingerprint,
                "remediation": "Use the code flow.",
                "cwe": [598, 200],
            },
        ],
        "suppressed": [{**noqa.to_dict(), "reason": "noqa"}],
        "errors": [{"path": "proj/broken.py", "reason": "SyntaxError: invalid syntax (line 3)"}],
        "linked_secrets": [
            {
                "secret_fingerprint": digest[:16],
                "secret_kinds": ["client secret"],
                "findings": [
                    {"rule_id": "OG199", "fingerprint": log.fingerprint, "location": log.location.to_dict()},
                    {
                        "rule_id": "OG199",
                        "fingerprint": settings.fingerprint,
                        "location": settings.location.to_dict(),
                    },
                ],
            }
        ],
    }


def test_json_findings_are_to_dict() -> None:
    report = make_report()
    data = json.loads(render(report, "json", catalogue=CATALOGUE))
    assert data["findings"] == [f.to_dict() for f in report.sorted_findings()]


# --- sarif -----------------------------------------------------------------------------------


def _sarif(report: Report | None = None) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(render(report or make_report(), "sarif", catalogue=CATALOGUE))
    return data


def test_sarif_validates_against_official_schema() -> None:
    if not SCHEMA.is_file():
        pytest.skip(f"official SARIF 2.1.0 schema not found at {SCHEMA} (it lives in the shared data folder)")
    jsonschema = pytest.importorskip("jsonschema")
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    validator_cls = jsonschema.validators.validator_for(schema)
    validator = validator_cls(schema, format_checker=validator_cls.FORMAT_CHECKER)
    for report in (make_report(), Report(front="scan", target=".")):
        errors = sorted(validator.iter_errors(_sarif(report)), key=lambda e: list(e.absolute_path))
        assert [f"{list(e.absolute_path)}: {e.message}" for e in errors] == []


def test_sarif_rules() -> None:
    run = _sarif()["runs"][0]
    assert run["tool"]["driver"]["name"] == "oidcguard"
    assert run["tool"]["driver"]["version"] == __version__
    assert run["tool"]["driver"]["rules"][0] == {
        "id": "OG199",
        "name": "test-secret-rule",
        "shortDescription": {"text": "Test secret in [settings]"},
        "fullDescription": {"text": "Flags a secret, for the reporter tests."},
        "help": {
            "text": secret_rule.doc
            + "\n\n## Remediation\nRead it from the environment <not> a literal | pipe."
            + "\n\n(hardcoded-secret, high severity, high confidence, CWE-798)",
            "markdown": secret_rule.doc
            + "\n\n## Remediation\nRead it from the environment <not> a literal | pipe."
            + "\n\n*hardcoded-secret, high severity, high confidence, CWE-798*",
        },
        "defaultConfiguration": {"level": "error"},
        "properties": {
            "tags": ["security", "hardcoded-secret", "external/cwe/cwe-798"],
            "precision": "high",
            "security-severity": "8.0",
            "problem.severity": "error",
        },
    }
    assert [r["id"] for r in run["tool"]["driver"]["rules"]] == ["OG199", "OG299"]
    assert run["tool"]["driver"]["rules"][1]["properties"]["tags"] == [
        "security",
        "token-in-url",
        "external/cwe/cwe-598",
        "external/cwe/cwe-200",
    ]
    assert run["tool"]["driver"]["rules"][1]["properties"]["security-severity"] == "5.5"


def test_sarif_results() -> None:
    run = _sarif()["runs"][0]
    log = secret_rule.finding(LOG_HIT)
    settings = secret_rule.finding(SETTINGS_HIT)
    url = url_rule.finding(URL_HIT)
    noqa = secret_rule.finding(NOQA_HIT)
    simplified = [
        (
            r["ruleId"],
            r["ruleIndex"],
            r["level"],
            r["locations"],
            r["partialFingerprints"],
            r["properties"]["severity"],
            r.get("suppressions"),
        )
        for r in run["results"]
    ]
    assert simplified == [
        (
            "OG199",
            0,
            "error",
            [{"physicalLocation": {"artifactLocation": {"uri": "logs/app.log"}, "region": {"startLine": 7}}}],
            {"oidcguard/v1": log.fingerprint},
            "critical",
            None,
        ),
        (
            "OG199",
            0,
            "error",
            [
                {
                    "physicalLocation": {
                        "artifactLocation": {"uri": "proj/settings.py"},
                        "region": {"startLine": 12, "startColumn": 25},
                    }
                }
            ],
            {"oidcguard/v1": settings.fingerprint},
            "high",
            None,
        ),
        (
            "OG299",
            1,
            "warning",
            [
                {
                    "physicalLocation": {"artifactLocation": {"uri": "rp.example_8443/oidc/callback/"}},
                    "logicalLocations": [
                        {
                            "fullyQualifiedName": "GET https://rp.example:8443/oidc/callback/",
                            "kind": "resource",
                        }
                    ],
                }
            ],
            {"oidcguard/v1": url.fingerprint},
            "medium",
            None,
        ),
        (
            "OG199",
            0,
            "error",
            [
                {
                    "physicalLocation": {
                        "artifactLocation": {"uri": "proj/local.py"},
                        "region": {"startLine": 3},
                    }
                }
            ],
            {"oidcguard/v1": noqa.fingerprint},
            "high",
            [{"kind": "inSource", "status": "accepted", "justification": "suppressed by a # noqa comment"}],
        ),
    ]
    assert run["results"][2]["properties"] == {
        "severity": "medium",
        "confidence": "medium",
        "category": "token-in-url",
        "url": "https://rp.example:8443/oidc/callback/",
        "remediation": "Use the code flow.",
    }
    assert run["results"][0]["message"] == {"text": f"client secret in a log line (evidence: {log.evidence})"}


def test_sarif_baseline_suppression_and_errors() -> None:
    report = make_report()
    baselined = report.findings.pop(0)
    report.suppressed.append(Suppressed(baselined, "baseline"))
    run = _sarif(report)["runs"][0]
    suppressions = {r["partialFingerprints"]["oidcguard/v1"]: r.get("suppressions") for r in run["results"]}
    assert suppressions[baselined.fingerprint] == [
        {"kind": "external", "status": "accepted", "justification": "listed in the baseline file"}
    ]
    assert run["invocations"] == [
        {
            "executionSuccessful": True,
            "toolExecutionNotifications": [
                {
                    "level": "warning",
                    "message": {"text": "skipped proj/broken.py: SyntaxError: invalid syntax (line 3)"},
                    "locations": [{"physicalLocation": {"artifactLocation": {"uri": "proj/broken.py"}}}],
                }
            ],
        }
    ]


def test_sarif_uri_of_odd_paths_and_urls() -> None:
    from oidcguard.reporters.sarif import _file_uri, _url_as_relative_uri

    assert _file_uri("my proj/sett#ings.py") == "my%20proj/sett%23ings.py"
    assert _file_uri("/abs/settings.py") == "file:///abs/settings.py"
    assert _url_as_relative_uri("http://localhost:8000/") == "localhost_8000"
    assert _url_as_relative_uri("https://idp.example/../a/./b?x=1") == "idp.example/a/b"


# --- text ------------------------------------------------------------------------------------


def test_text_plain_when_piped() -> None:
    text = render(make_report(), "text", catalogue=CATALOGUE)
    assert "\x1b[" not in text
    lines = text.splitlines()
    log = secret_rule.finding(LOG_HIT)
    settings = secret_rule.finding(SETTINGS_HIT)
    assert "  CRITICAL OG199 logs/app.log:7" in lines
    assert "    Test secret in [settings]: OIDC_RP_CLIENT_SECRET is hard-coded <b>here</b> [bold]" in lines
    assert f"    evidence: {settings.evidence}" in lines
    assert "    fix: Read it from the environment <not> a literal | pipe." in lines
    assert "    severity medium, confidence medium, CWE-598, CWE-200" in lines
    assert "  MEDIUM   OG299 GET https://rp.example:8443/oidc/callback/" in lines
    assert f"  client secret sha256:{log.secret_hash[:16]}: 2 places" in lines
    assert "    OG199 logs/app.log:7" in lines
    assert "  proj/broken.py: SyntaxError: invalid syntax (line 3)" in lines
    assert lines[-3:] == [
        "3 findings: 1 critical, 1 high, 1 medium, 0 low, 0 info",
        "suppressed: 1 noqa, 0 baseline; errors: 1; files scanned: 5",
        "score: 34/100, grade E",
    ]
    headings = [line.rstrip("─ ") for line in lines if line.endswith("─")]
    assert headings == [
        "hardcoded-secret (2)",
        "token-in-url (1)",
        "same secret seen in several places",
        "errors (1)",
    ]


def test_text_color_on_terminal() -> None:
    text = render(make_report(), "text", catalogue=CATALOGUE, color=True)
    assert "\x1b[" in text
    assert "[settings]" in text and "[bold]" in text


# --- html ------------------------------------------------------------------------------------


def test_html_self_contained_and_escaped() -> None:
    text = render(make_report(), "html", catalogue=CATALOGUE)
    assert text.startswith("<!DOCTYPE html>")
    lowered = text.lower()
    assert "<script" not in lowered
    assert re.findall(r"<link\b", lowered) == []
    assert re.findall(r"""(?:src|href)\s*=\s*["']?\s*(?:https?:)?//""", lowered) == []
    assert re.findall(r"url\(|@import", lowered) == []
    # Finding text is escaped, never interpreted.
    assert "<b>here</b>" not in text
    assert "hard-coded &lt;b&gt;here&lt;/b&gt; [bold]" in text
    assert "environment &lt;not&gt; a literal | pipe." in text
    assert '<h2 id="cat-hardcoded-secret">hardcoded-secret (2)</h2>' in text
    assert "<code>GET https://rp.example:8443/oidc/callback/</code>" not in text  # location is plain text
    assert '<p class="mono">GET https://rp.example:8443/oidc/callback/</p>' in text


# --- markdown --------------------------------------------------------------------------------


def test_markdown_tables() -> None:
    text = render(make_report(), "markdown", catalogue=CATALOGUE)
    lines = text.splitlines()
    assert lines[0] == f"## oidcguard {__version__}: demo <code>proj</code>"
    assert lines[2:5] == [
        "| score | grade | critical | high | medium | low | info | suppressed (noqa) | suppressed (baseline) "
        "| errors | files scanned |",
        "|---|---|---|---|---|---|---|---|---|---|---|",
        "| 34/100 | **E** | 1 | 1 | 1 | 0 | 0 | 1 | 0 | 1 | 5 |",
    ]
    settings = secret_rule.finding(SETTINGS_HIT)
    evidence = settings.evidence  # quotes need no escaping outside attributes
    assert (
        "| high | high | OG199 | hardcoded-secret | <code>proj/settings.py:12:25</code> "
        "| OIDC_RP_CLIENT_SECRET is hard-coded &lt;b&gt;here&lt;/b&gt; [bold] "
        f"| <code>{evidence}</code> | Read it from the environment &lt;not&gt; a literal &#124; pipe. |"
    ) in lines
    # Every table row has the same number of unescaped cell separators as its header.
    for line in lines:
        if line.startswith("| severity") or line.startswith("| high") or line.startswith("| critical"):
            assert line.count("|") == 9


# --- junit -----------------------------------------------------------------------------------


def test_junit_parses() -> None:
    text = render(make_report(), "junit", catalogue=CATALOGUE)
    root = ET.fromstring(text.encode())
    suite = root.find("testsuite")
    assert suite is not None
    assert {k: suite.get(k) for k in ("name", "tests", "failures", "errors", "skipped")} == {
        "name": "oidcguard.demo",
        "tests": "5",
        "failures": "3",
        "errors": "1",
        "skipped": "1",
    }
    cases = [(c.get("classname"), c.get("name"), [child.tag for child in c]) for c in suite.iter("testcase")]
    assert cases == [
        ("oidcguard.hardcoded-secret.OG199", "OG199 logs/app.log:7", ["failure"]),
        ("oidcguard.hardcoded-secret.OG199", "OG199 proj/settings.py:12:25", ["failure"]),
        ("oidcguard.hardcoded-secret.OG199", "OG199 proj/local.py:3", ["skipped"]),
        ("oidcguard.token-in-url.OG299", "OG299 GET https://rp.example:8443/oidc/callback/", ["failure"]),
        ("oidcguard.errors", "proj/broken.py", ["error"]),
    ]


def test_junit_passing_rules_for_front() -> None:
    text = render(Report(front="probe", target="https://rp.example"), "junit", catalogue=CATALOGUE)
    root = ET.fromstring(text)
    cases = [(c.get("name"), list(c)) for c in root.iter("testcase")]
    assert cases == [("OG299 Test token in URL", [])]


def test_junit_strips_xml_invalid_characters() -> None:
    report = Report(front="logs", target="-")
    report.findings.append(
        url_rule.finding(Hit(location=Location(path="a.log", line=1), message="bell\x07here"))
    )
    root = ET.fromstring(render(report, "junit", catalogue=CATALOGUE))
    failure = root.find(".//failure")
    assert failure is not None and failure.get("message") == "bellhere"


# --- catalogue and rule docs -----------------------------------------------------------------


def test_catalogue_formats() -> None:
    assert json.loads(render_catalogue(CATALOGUE, "json"))[1] == {
        "id": "OG299",
        "name": "test-url-rule",
        "title": "Test token in URL",
        "category": "token-in-url",
        "severity": "medium",
        "confidence": "medium",
        "cwe": [598, 200],
        "front": "live",
        "subjects": ["test"],
        "remediation": "Use the code flow.",
        "doc": "## What it does\nFlags a token in a URL, for the reporter tests.",
    }
    assert render_catalogue(CATALOGUE, "markdown").splitlines() == [
        "| id | category | severity | confidence | title |",
        "|---|---|---|---|---|",
        "| OG199 | hardcoded-secret | high | high | Test secret in [settings] |",
        "| OG299 | token-in-url | medium | medium | Test token in URL |",
    ]
    text = render_catalogue(CATALOGUE, "text")
    assert "Test secret in [settings]" in text and "OG299" in text and "\x1b[" not in text


def test_docs_pages(tmp_path: Path) -> None:
    (tmp_path / "OG100.md").write_text("stale page of a removed rule", encoding="utf-8")
    (tmp_path / "notes.txt").write_text("not generated", encoding="utf-8")
    write_docs(CATALOGUE, tmp_path)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["OG199.md", "OG299.md", "README.md", "notes.txt"]
    page = (tmp_path / "OG299.md").read_text(encoding="utf-8")
    assert page.splitlines()[2:9] == [
        "# OG299: Test token in URL",
        "",
        "| | |",
        "|---|---|",
        "| id | `OG299` |",
        "| name | `test-url-rule` |",
        "| category | `token-in-url` |",
    ]
    assert (
        "## What it does\nFlags a token in a URL, for the reporter tests.\n\n"
        "## Remediation\n\nUse the code flow.\n" in page
    )
    index = (tmp_path / "README.md").read_text(encoding="utf-8")
    assert "| [OG199](OG199.md) | hardcoded-secret | high | high | Test secret in [settings] |" in index


def test_docs_command_writes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(catalogue_module, "load_catalogue", lambda: CATALOGUE)
    assert catalogue_module.main(["--write", str(tmp_path / "rules")]) == 0
    assert sorted(p.name for p in (tmp_path / "rules").iterdir()) == ["OG199.md", "OG299.md", "README.md"]


def test_rules_command_uses_render_catalogue(monkeypatch: pytest.MonkeyPatch) -> None:
    from click.testing import CliRunner

    from oidcguard import cli

    monkeypatch.setattr(cli, "load_catalogue", lambda: CATALOGUE)
    result = CliRunner().invoke(cli.main, ["rules", "--format", "markdown"])
    assert (result.exit_code, result.output) == (0, render_catalogue(CATALOGUE, "markdown"))


def test_committed_rule_docs_are_current(tmp_path: Path) -> None:
    catalogue = load_catalogue()
    if not len(catalogue):
        pytest.skip("the catalogue has no rules yet, so there are no rule docs to compare")
    committed = REPO / "docs" / "rules"
    write_docs(catalogue, tmp_path)
    expected = {p.name: p.read_text(encoding="utf-8") for p in tmp_path.glob("*.md")}
    assert sorted(expected) == sorted(docs_files(catalogue))
    actual = (
        {p.name: p.read_text(encoding="utf-8") for p in committed.glob("*.md")} if committed.is_dir() else {}
    )
    hint = f"docs/rules/ is out of date with the rule docstrings; regenerate it with: {DOCS_COMMAND}"
    assert sorted(actual) == sorted(expected), hint
    stale = sorted(name for name in expected if actual[name] != expected[name])
    assert stale == [], hint
