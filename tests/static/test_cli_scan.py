"""`oidcguard scan` end to end through the CLI: exit codes, selection, suppression, config, redaction."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

SECRET = "zQ4QwjusRmpdquaTKdOZsHshCEQDi8Qs"


def run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "oidcguard", *args], capture_output=True, text=True, cwd=cwd,
                          timeout=120)


def project(root: Path, settings: str, pyproject: str | None = None) -> Path:
    (root / "rp").mkdir(parents=True, exist_ok=True)
    (root / "rp" / "settings.py").write_text(settings)
    if pyproject is not None:
        (root / "pyproject.toml").write_text(pyproject)
    return root


def findings(result: subprocess.CompletedProcess[str]) -> set[tuple[str, int]]:
    data = json.loads(result.stdout)
    return {(f["rule_id"], f["location"]["line"]) for f in data["findings"]}


LEAKY = f'OIDC_RP_CLIENT_SECRET = "{SECRET}"\nOIDC_USE_NONCE = False\n'


def test_exit_1_at_or_above_fail_on_and_0_below(tmp_path: Path) -> None:
    project(tmp_path, LEAKY)
    assert run("scan", str(tmp_path), "--format", "json").returncode == 1
    assert run("scan", str(tmp_path), "--format", "json", "--fail-on", "critical").returncode == 0


def test_bad_fail_on_is_usage_error(tmp_path: Path) -> None:
    project(tmp_path, LEAKY)
    result = run("scan", str(tmp_path), "--fail-on", "urgent")
    assert result.returncode == 2 and result.stdout == ""
    assert "unknown severity 'urgent'" in result.stderr


def test_select_and_ignore_by_id_and_category(tmp_path: Path) -> None:
    project(tmp_path, LEAKY)
    assert findings(run("scan", str(tmp_path), "--format", "json", "--select", "OG101")) == {("OG101", 1)}
    assert findings(run("scan", str(tmp_path), "--format", "json", "--select", "token-validation")) == {("OG160", 2)}
    assert findings(run("scan", str(tmp_path), "--format", "json", "--ignore", "OG101,OG160")) == set()


def test_secret_never_printed_unless_asked(tmp_path: Path) -> None:
    project(tmp_path, LEAKY)
    for fmt in ("text", "json", "sarif", "html", "markdown", "junit"):
        result = run("scan", str(tmp_path), "--format", fmt)
        assert SECRET not in result.stdout + result.stderr, fmt
    shown = run("scan", str(tmp_path), "--format", "json", "--show-secrets")
    assert SECRET in shown.stdout


def test_noqa_suppresses_and_is_counted(tmp_path: Path) -> None:
    project(tmp_path, f'OIDC_RP_CLIENT_SECRET = "{SECRET}"  # noqa: OG101\n')
    result = run("scan", str(tmp_path), "--format", "json")
    data = json.loads(result.stdout)
    assert data["findings"] == []
    assert data["summary"]["suppressed"]["noqa"] == 1
    assert result.returncode == 0


def test_bare_noqa_does_not_hide_a_secret(tmp_path: Path) -> None:
    project(tmp_path, f'OIDC_RP_CLIENT_SECRET = "{SECRET}"  # noqa\n')
    assert findings(run("scan", str(tmp_path), "--format", "json", "--select", "OG101")) == {("OG101", 1)}


def test_unused_noqa_is_reported(tmp_path: Path) -> None:
    project(tmp_path, 'OIDC_RP_CLIENT_ID = "portal"  # noqa: OG101\n')
    result = run("scan", str(tmp_path), "--format", "json")
    assert "unused suppression: OG101 does not fire here" in result.stderr


def test_pyproject_config_and_cli_override(tmp_path: Path) -> None:
    project(tmp_path, LEAKY, '[tool.oidcguard]\ndisable = ["OG101"]\nfail-on = "medium"\n')
    result = run("scan", str(tmp_path), "--format", "json")
    assert findings(result) == {("OG160", 2)}
    assert result.returncode == 1  # medium OG160 fails at fail-on = medium
    assert run("scan", str(tmp_path), "--format", "json", "--fail-on", "high").returncode == 0


def test_bad_config_is_usage_error(tmp_path: Path) -> None:
    project(tmp_path, LEAKY, "[tool.oidcguard]\nfail-on = 3\nbogus = 1\n")
    result = run("scan", str(tmp_path))
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1 and "oidcguard: error:" in result.stderr


def test_exclude_glob(tmp_path: Path) -> None:
    project(tmp_path, LEAKY, '[tool.oidcguard]\nexclude = ["rp/**"]\n')
    assert findings(run("scan", str(tmp_path), "--format", "json")) == set()


def test_baseline_round_trip(tmp_path: Path) -> None:
    project(tmp_path, LEAKY)
    baseline = tmp_path / "baseline.json"
    run("scan", str(tmp_path), "--format", "json", "--write-baseline", str(baseline))
    assert SECRET not in baseline.read_text()
    (tmp_path / "rp" / "settings.py").write_text("# moved\n" + LEAKY + "SESSION_COOKIE_HTTPONLY = False\n")
    result = run("scan", str(tmp_path), "--format", "json", "--baseline", str(baseline))
    assert findings(result) == {("OG120", 4)}


def test_rules_and_explain() -> None:
    listing = run("rules")
    assert listing.returncode == 0 and "OG101" in listing.stdout and "OG160" in listing.stdout
    explained = run("explain", "og101")
    assert explained.returncode == 0
    for heading in ("## What it does", "## Why is this bad?", "## Example"):
        assert heading in explained.stdout
    missing = run("explain", "OG999")
    assert missing.returncode == 2 and "no rule 'OG999'" in missing.stderr


def test_unknown_selector_is_usage_error(tmp_path: Path) -> None:
    project(tmp_path, LEAKY)
    for args in (("--select", "NOPE"), ("--ignore", "OG9"), ("--select", "not-a-category")):
        result = run("scan", str(tmp_path), *args)
        assert result.returncode == 2 and result.stdout == "", args
        assert result.stderr.count("\n") == 1 and "unknown rule id or category" in result.stderr


def test_click_usage_errors_are_one_line() -> None:
    for args in (("scan", "--format", "xml"), ("scan", "--bogus"), ("scan", "--jobs", "0"), ("nope",)):
        result = run(*args)
        assert result.returncode == 2, args
        assert result.stderr.count("\n") == 1 and result.stderr.startswith("oidcguard: error:"), result.stderr


def test_output_format_from_extension_and_unwritable_output(tmp_path: Path) -> None:
    project(tmp_path, LEAKY)
    out = tmp_path / "report.sarif"
    assert run("scan", str(tmp_path), "-o", str(out)).returncode == 1
    assert json.loads(out.read_text())["version"] == "2.1.0"
    for option in ("-o", "--write-baseline"):
        result = run("scan", str(tmp_path), option, str(tmp_path / "missing" / "x.json"))
        assert result.returncode == 2 and "Traceback" not in result.stderr
        assert result.stderr.count("\n") == 1


def test_noqa_in_a_string_is_not_a_directive(tmp_path: Path) -> None:
    project(tmp_path, f'OIDC_RP_CLIENT_SECRET = "{SECRET}"\nDOC = """# noqa: OG101"""\n'
                      f'OIDC_RP_CLIENT_ID = "x"  # noqa: OG999\n')
    result = run("scan", str(tmp_path), "--format", "json", "--select", "OG101")
    assert findings(result) == {("OG101", 1)}
    notes = [line for line in result.stderr.splitlines() if "unused suppression" in line]
    assert notes == ["oidcguard: note: rp/settings.py:3: unused suppression: no such rule"]
