"""Inputs: folders, rotated and gzip files, stdin, --jobs, the pure-`re` prefilter, and bad input."""

from __future__ import annotations

import gzip
import io
import os
import random
from pathlib import Path

import pytest
from click.testing import CliRunner

from oidcguard.cli import main
from oidcguard.logs import LogOptions, engine, scan_logs

from .helpers import NOW, summary
from .test_cases import CASE_02, CASE_03, CASE_16

TOKEN_LINE = CASE_16.splitlines()[0] + "\n"


def test_rotated_and_gzip_files_in_a_folder(tmp_path: Path) -> None:
    (tmp_path / "app.log").write_text("quiet\n" + TOKEN_LINE, encoding="utf-8")
    (tmp_path / "app.log.1").write_text(TOKEN_LINE, encoding="utf-8")
    with gzip.open(tmp_path / "app.log.2.gz", "wt", encoding="utf-8") as fh:
        fh.write("quiet\nquiet\n" + TOKEN_LINE)
    with gzip.open(tmp_path / "app.log.10.gz", "wt", encoding="utf-8") as fh:
        fh.write(TOKEN_LINE)
    nested = tmp_path / "nginx" / "old"
    nested.mkdir(parents=True)
    (nested / "access.log").write_text(TOKEN_LINE, encoding="utf-8")
    report = scan_logs([str(tmp_path)], LogOptions(now=NOW))
    assert report.errors == [] and report.files_scanned == 5
    [finding] = report.findings
    extra = dict(finding.extra)
    root = tmp_path.as_posix()
    # Natural order: app.log, app.log.1, app.log.2.gz, app.log.10.gz, then the subfolder.
    assert (finding.location.path, finding.location.line) == (f"{root}/app.log", 2)
    assert (extra["count"], extra["last"]) == (5, f"{root}/nginx/old/access.log:1")


def test_stdin_plain_and_gzip() -> None:
    report = scan_logs(["-"], LogOptions(now=NOW), stdin=io.BytesIO(CASE_16.encode()))
    assert summary(report) == [("OG303", 1, 2, 2)]
    assert report.findings[0].location.path == "<stdin>"
    zipped = scan_logs(["-"], LogOptions(now=NOW), stdin=io.BytesIO(gzip.compress(CASE_16.encode())))
    assert summary(zipped) == [("OG303", 1, 2, 2)]


def _big_log(path: Path, lines: int) -> tuple[str, dict[str, tuple[int, int, int]]]:
    """A log with tokens at known lines: secret -> (first, count, last)."""
    rng = random.Random(5)
    planted: dict[str, list[int]] = {}
    tokens = ["".join(rng.choice("ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789") for _ in range(32))
              for _ in range(40)]
    with path.open("w", encoding="utf-8") as fh:
        for n in range(1, lines + 1):
            if n % 997 == 0:
                tok = tokens[n % len(tokens)]
                planted.setdefault(tok, []).append(n)
                fh.write(f'198.51.100.9 - - [11/Mar/2025:09:42:17 +0000] "GET /x?access_token={tok} HTTP/1.1" 200 5 "-" "-"\n')
            else:
                fh.write(f'203.0.113.7 - - [11/Mar/2025:09:42:17 +0000] "GET /static/{n}.js HTTP/1.1" 200 {n} "-" "-"\n')
    return path.as_posix(), {t: (ls[0], len(ls), ls[-1]) for t, ls in planted.items()}


def test_jobs_and_small_blocks_give_the_same_answer(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path, planted = _big_log(tmp_path / "big.log", 60_000)
    expected = sorted(("OG303", first, count, last) for first, count, last in planted.values())
    single = scan_logs([path], LogOptions(now=NOW))
    assert summary(single) == expected
    monkeypatch.setattr(engine, "SPLIT_MIN", 1 << 16)
    split = scan_logs([path], LogOptions(now=NOW, jobs=2, block_size=1 << 16))
    assert summary(split) == expected
    assert [f.fingerprint for f in split.findings] == [f.fingerprint for f in single.findings]


@pytest.mark.parametrize("prefilter_engine", ["hyperscan", "re2", "re"])
def test_every_prefilter_engine_picks_the_same_lines(tmp_path: Path, prefilter_engine: str) -> None:
    pytest.importorskip(prefilter_engine)
    from oidcguard.logs import prefilter
    from oidcguard.logs.model import KnownSecret, KnownSecrets

    known = KnownSecrets.of((KnownSecret("OIDC_RP_CLIENT_SECRET", "Own5ecretV4lue+with/slash=", "env", True),))
    anchors = prefilter.anchors_for(engine.rule_anchors(), known, own=0)
    built = prefilter.build(anchors, engine=prefilter_engine)
    assert built.engine == prefilter_engine
    text = (CASE_02 + CASE_03 + CASE_16 + "quiet\nx Own5ecretV4lue%2Bwith%2Fslash%3D\n").encode()
    reference = prefilter.build(anchors, engine="re").line_starts(text)
    assert built.line_starts(text) == reference and len(reference) == 8
    report = scan_logs(["-"], LogOptions(now=NOW, engine=prefilter_engine, known=known),
                       stdin=io.BytesIO(text))
    assert len(report.findings) == 8


# ------------------------------------------------------------------------------- bad input


def test_truncated_gzip_keeps_what_was_read(tmp_path: Path) -> None:
    body = (TOKEN_LINE + "".join(f"filler line {i} {os.urandom(8).hex()}\n" for i in range(20_000))).encode()
    data = gzip.compress(body)
    (tmp_path / "cut.log.gz").write_bytes(data[: len(data) // 2])
    (tmp_path / "ok.log").write_text(CASE_03, encoding="utf-8")
    report = scan_logs([str(tmp_path)], LogOptions(now=NOW, block_size=1 << 14))
    [error] = report.errors
    assert error.path.endswith("cut.log.gz") and error.reason.startswith("read failed after line ")
    assert sorted((Path(f.location.path or "").name, f.location.line) for f in report.findings) == [
        ("cut.log.gz", 1), ("ok.log", 1), ("ok.log", 2), ("ok.log", 3)]


def test_binary_junk_is_skipped(tmp_path: Path) -> None:
    (tmp_path / "core.dump").write_bytes(bytes(random.Random(1).randbytes(50_000)) + b"\x00" * 10)
    (tmp_path / "app.log").write_text(CASE_16, encoding="utf-8")
    report = scan_logs([str(tmp_path)], LogOptions(now=NOW))
    assert [(Path(e.path).name, e.reason) for e in report.errors] == [
        ("core.dump", "binary content (NUL bytes), not a text log: skipped")]
    assert summary(report) == [("OG303", 1, 2, 2)]


def test_invalid_utf8_is_reported_and_scanned_byte_exact(tmp_path: Path) -> None:
    raw = b"caf\xe9 latin-1 line\n" + CASE_16.encode() + b"\xff\xfe broken\n"
    (tmp_path / "app.log").write_bytes(raw)
    out = tmp_path / "out"
    report = scan_logs([str(tmp_path / "app.log")], LogOptions(now=NOW, redact_to=out))
    assert [e.reason for e in report.errors] == ["invalid UTF-8 at line 1; scanned with the bytes kept as they are"]
    assert summary(report) == [("OG303", 2, 2, 3)]
    copy = next(out.rglob("app.log")).read_bytes()
    assert copy.startswith(b"caf\xe9 latin-1 line\n") and copy.endswith(b"\xff\xfe broken\n")
    assert b"GDZHffkfGS2u3dPPZZVonmlIOlIPVwQX" not in copy and copy.count(b"\n") == raw.count(b"\n")


def test_a_single_20_mb_line(tmp_path: Path) -> None:
    with (tmp_path / "huge.log").open("wb") as fh:
        fh.write(b"x" * (20 << 20) + b"\n")
        fh.write(CASE_16.encode())
    report = scan_logs([str(tmp_path / "huge.log")], LogOptions(now=NOW))
    [error] = report.errors
    assert error.reason.startswith(f"line 1 is {20 << 20} bytes long")
    assert summary(report) == [("OG303", 2, 2, 3)]


def test_a_long_line_among_short_ones(tmp_path: Path) -> None:
    line = b"GET /?access_token=" + b"A" * (2 << 20) + b"\n"
    (tmp_path / "long.log").write_bytes(CASE_16.encode() + line + CASE_16.encode())
    report = scan_logs([str(tmp_path / "long.log")], LogOptions(now=NOW))
    assert [e.reason.split(" is ")[0] for e in report.errors] == ["line 3"]
    assert summary(report) == [("OG303", 1, 4, 5)]


def test_unreadable_files_among_readable_ones(tmp_path: Path) -> None:
    (tmp_path / "ok.log").write_text(CASE_16, encoding="utf-8")
    (tmp_path / "dangling.log").symlink_to(tmp_path / "gone.log")
    loop = tmp_path / "loop"
    loop.mkdir()
    (loop / "self").symlink_to(loop, target_is_directory=True)
    locked = tmp_path / "locked.log"
    locked.write_text(CASE_02, encoding="utf-8")
    locked.chmod(0)
    try:
        report = scan_logs([str(tmp_path), str(tmp_path / "missing.log")], LogOptions(now=NOW))
    finally:
        locked.chmod(0o600)
    reasons = {Path(e.path).name: e.reason for e in report.errors}
    assert reasons["dangling.log"].startswith("cannot read")
    assert reasons["missing.log"] == "no such file or folder"
    if os.geteuid() != 0:  # root reads a mode-000 file anyway
        assert reasons["locked.log"].startswith("cannot read")
    assert sorted((Path(f.location.path or "").name, f.location.line) for f in report.findings
                  if f.location.path and f.location.path.endswith("ok.log")) == [("ok.log", 1)]


# ------------------------------------------------------------------------------------ CLI


def test_cli_json_exit_codes_and_no_secret(tmp_path: Path) -> None:
    (tmp_path / "app.log").write_text(CASE_03, encoding="utf-8")
    (tmp_path / "clean.log").write_text("nothing to see\n", encoding="utf-8")
    runner = CliRunner()
    leaky = runner.invoke(main, ["logs", "--format", "json", str(tmp_path / "app.log")])
    assert leaky.exit_code == 1, leaky.output
    for secret in ("YupuCPLKcCt1o5b0H0t9jTetMKRlI1Xo", "t6VoG1u55orGLKBNIREGXXA6GhrQWtfA",
                   "cmVwb3J0cy1zeW5jOmFLZkZxd2lMdFNEMGJSTW00czR3NjVhbkZmZVRxSWlY"):
        assert secret not in leaky.output
    import json

    data = json.loads(leaky.stdout)
    assert sorted((f["rule_id"], f["location"]["line"]) for f in data["findings"]) == [
        ("OG302", 2), ("OG302", 3), ("OG303", 1)]
    clean = runner.invoke(main, ["logs", "--format", "json", str(tmp_path / "clean.log")])
    assert clean.exit_code == 0
    missing = runner.invoke(main, ["logs", str(tmp_path / "nope.log")])
    assert missing.exit_code == 2 and "no readable log input" in missing.output
    below = runner.invoke(main, ["logs", "--format", "json", "--fail-on", "critical", "--select", "OG303",
                                 str(tmp_path / "app.log")])
    assert below.exit_code == 0


def test_cli_stdin_env_file_and_redact_to(tmp_path: Path) -> None:
    env = tmp_path / ".env"
    env.write_text("OIDC_RP_CLIENT_SECRET=Zq8Lm2Xv9Kt4Wy7Pn1Bc6Jd3\n", encoding="utf-8")
    out = tmp_path / "redacted"
    result = CliRunner().invoke(
        main, ["logs", "--format", "json", "--env-file", str(env), "--redact-to", str(out), "-"],
        input="2025-03-11 DEBUG cfg loaded Zq8Lm2Xv9Kt4Wy7Pn1Bc6Jd3\nquiet\n",
    )
    assert result.exit_code == 1, result.output
    assert "Zq8Lm2Xv9Kt4Wy7Pn1Bc6Jd3" not in result.output
    assert '"rule_id": "OG304"' in result.stdout
    copy = (out / "stdin.log").read_text(encoding="utf-8")
    assert "Zq8Lm2Xv9Kt4Wy7Pn1Bc6Jd3" not in copy and copy.endswith("\nquiet\n")


def test_cli_only_unusable_input_is_a_target_error(tmp_path: Path) -> None:
    (tmp_path / "core.dump").write_bytes(b"\x7fELF\x00\x00\x01" * 100)
    result = CliRunner().invoke(main, ["logs", "--format", "json", str(tmp_path / "core.dump")])
    assert result.exit_code == 2
    assert "binary content" in result.output and "Traceback" not in result.output


def test_distinct_secrets_are_capped(tmp_path: Path) -> None:
    path, planted = _big_log(tmp_path / "many.log", 20_000)
    report = scan_logs([path], LogOptions(now=NOW, max_distinct=5))
    assert len(report.findings) == 5
    [error] = report.errors
    assert error.reason.startswith("more than 5 distinct secrets; from line ")


CASE_SECRETS = (
    "YupuCPLKcCt1o5b0H0t9jTetMKRlI1Xo", "t6VoG1u55orGLKBNIREGXXA6GhrQWtfA",
    "cmVwb3J0cy1zeW5jOmFLZkZxd2lMdFNEMGJSTW00czR3NjVhbkZmZVRxSWlY", "aKfFqwiLtSD0bRMm4s4w65anFfeTqIiX",
    "smDcJSgZk0z1ObHjodepknaqsw7O48", "nZyuLn3chQgMtdzgmvuL4SP7ceJmgE", "ihGRLJg539jIv020Kypuf5hmx1AqYe",
    "GDZHffkfGS2u3dPPZZVonmlIOlIPVwQX",
)


@pytest.mark.parametrize("fmt", ["text", "json", "sarif", "html", "junit", "markdown"])
def test_no_case_secret_in_any_report_format(tmp_path: Path, fmt: str) -> None:
    (tmp_path / "app.log").write_text(CASE_02 + CASE_03 + CASE_16, encoding="utf-8")
    out = tmp_path / f"report.{fmt}"
    result = CliRunner().invoke(main, ["logs", "--format", fmt, "-o", str(out), str(tmp_path / "app.log")])
    assert result.exit_code == 1, result.output
    written = out.read_text(encoding="utf-8") + result.output
    assert "OG303" in written
    for secret in CASE_SECRETS:
        assert secret not in written


def test_an_engine_bug_costs_one_file_not_the_run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "a.log").write_text(CASE_16, encoding="utf-8")
    (tmp_path / "b.log").write_text(CASE_03, encoding="utf-8")
    real = engine._Scanner.scan_line

    def flaky(self: engine._Scanner, raw: bytes, line_no: int, mask: int = -1) -> bytes | None:
        if self.unit.source.display.endswith("a.log"):
            raise RuntimeError("boom")
        return real(self, raw, line_no, mask)

    monkeypatch.setattr(engine._Scanner, "scan_line", flaky)
    report = scan_logs([str(tmp_path)], LogOptions(now=NOW))
    assert [(Path(e.path).name, e.reason) for e in report.errors] == [
        ("a.log", "internal error after line 0: RuntimeError; the lines before it were scanned")]
    assert {Path(f.location.path or "").name for f in report.findings} == {"b.log"}
