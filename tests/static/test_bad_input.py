"""Bad input never crashes a scan: each case is skipped with a reason and the rest is scanned."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from oidcguard.config import Config
from oidcguard.static.engine import scan_project

from .harness import CATALOGUE

LEAK = 'OIDC_RP_CLIENT_SECRET = "zQ4QwjusRmpdquaTKdOZsHshCEQDi8Qs"\n'


def scan(root: Path):
    return scan_project(root, Config(), CATALOGUE)


def good_project(root: Path) -> None:
    (root / "rp").mkdir(parents=True)
    (root / "rp" / "settings.py").write_text(LEAK)


def rules_at(report) -> set[tuple[str, str, int]]:
    return {(f.rule_id, f.location.path, f.location.line) for f in report.findings if f.rule_id == "OG101"}


def test_syntax_error_is_reported_and_rest_scanned(tmp_path: Path) -> None:
    good_project(tmp_path)
    (tmp_path / "broken.py").write_text("def f(:\n    pass\n")
    report = scan(tmp_path)
    assert rules_at(report) == {("OG101", "rp/settings.py", 1)}
    assert [(e.path, e.reason) for e in report.errors] == [
        ("broken.py", f"cannot parse Python at line 1: invalid syntax (read with the Python "
                      f"{sys.version_info.major}.{sys.version_info.minor} grammar)")]


def test_non_utf8_bytes(tmp_path: Path) -> None:
    good_project(tmp_path)
    (tmp_path / "latin.py").write_bytes(b"NAME = '\xe9t\xe9'\n")
    report = scan(tmp_path)
    assert rules_at(report) == {("OG101", "rp/settings.py", 1)}
    assert [e.path for e in report.errors] == ["latin.py"]
    assert "not valid text" in report.errors[0].reason


def test_declared_latin1_encoding_is_honoured(tmp_path: Path) -> None:
    (tmp_path / "rp").mkdir()
    (tmp_path / "rp" / "settings.py").write_bytes(b"# -*- coding: latin-1 -*-\nNAME = '\xe9'\n" + LEAK.encode())
    report = scan(tmp_path)
    assert report.errors == []
    assert rules_at(report) == {("OG101", "rp/settings.py", 3)}


def test_fifty_megabyte_generated_settings_file(tmp_path: Path) -> None:
    good_project(tmp_path)
    big = tmp_path / "gen" / "settings.py"
    big.parent.mkdir()
    line = 'X_%08d = "padding-padding-padding-padding"\n'
    with big.open("w") as out:
        for i in range(0, 50 * 1024 * 1024 // len(line % 0) + 1):
            out.write(line % i)
    assert big.stat().st_size >= 50 * 1024 * 1024
    report = scan(tmp_path)
    assert rules_at(report) == {("OG101", "rp/settings.py", 1)}
    assert [e.path for e in report.errors] == ["gen/settings.py"]
    assert "over the" in report.errors[0].reason


def test_binary_file_with_py_suffix(tmp_path: Path) -> None:
    good_project(tmp_path)
    (tmp_path / "blob.py").write_bytes(os.urandom(64) + b"\x00" * 16)
    report = scan(tmp_path)
    assert rules_at(report) == {("OG101", "rp/settings.py", 1)}
    assert [e.path for e in report.errors] == ["blob.py"]


@pytest.mark.skipif(sys.platform == "win32", reason="symlinks")
def test_symlink_loops(tmp_path: Path) -> None:
    good_project(tmp_path)
    (tmp_path / "loop").symlink_to(tmp_path, target_is_directory=True)  # folder loop: not followed
    (tmp_path / "a.py").symlink_to(tmp_path / "b.py")
    (tmp_path / "b.py").symlink_to(tmp_path / "a.py")  # file loop: ELOOP
    report = scan(tmp_path)
    assert rules_at(report) == {("OG101", "rp/settings.py", 1)}
    assert sorted(e.path for e in report.errors) == ["a.py", "b.py"]


def test_empty_directory(tmp_path: Path) -> None:
    report = scan(tmp_path)
    assert report.findings == [] and report.errors == [] and report.files_scanned == 0


def run_cli(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "oidcguard", *args], capture_output=True, text=True, cwd=cwd,
                          timeout=120)


def test_missing_path_exits_2_with_one_line(tmp_path: Path) -> None:
    result = run_cli("scan", str(tmp_path / "nope"))
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr.strip().splitlines() == [f"oidcguard: error: path does not exist: {tmp_path / 'nope'}"]


def test_empty_directory_exits_0(tmp_path: Path) -> None:
    result = run_cli("scan", str(tmp_path), "--format", "json")
    assert result.returncode == 0, result.stderr


def test_bad_input_keeps_exit_code_meaningful(tmp_path: Path) -> None:
    good_project(tmp_path)
    (tmp_path / "broken.py").write_text("def f(:\n")
    result = run_cli("scan", str(tmp_path), "--format", "json")
    assert result.returncode == 1  # the high OG101 still fails the run
    assert "skipped broken.py" in result.stderr
