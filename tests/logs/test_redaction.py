"""--redact-to: same lines, same order, only the secrets masked; the copy scans clean."""

from __future__ import annotations

import base64
import gzip
import json
from pathlib import Path

import pytest

from oidcguard.logs import KnownSecret, KnownSecrets, LogOptions, scan_logs
from oidcguard.shapes import redact

from .helpers import NOW
from .test_cases import CASE_01, CASE_02, CASE_03, CASE_16

OWN = "Own5ecretV4lue+with/slash="
SECRETS = {
    "z889DRaAdR6RbgT3OMWgCkzNJiswm4zU", "smDcJSgZk0z1ObHjodepknaqsw7O48", "nZyuLn3chQgMtdzgmvuL4SP7ceJmgE",
    "ihGRLJg539jIv020Kypuf5hmx1AqYe", "YupuCPLKcCt1o5b0H0t9jTetMKRlI1Xo", "t6VoG1u55orGLKBNIREGXXA6GhrQWtfA",
    "cmVwb3J0cy1zeW5jOmFLZkZxd2lMdFNEMGJSTW00czR3NjVhbkZmZVRxSWlY", "GDZHffkfGS2u3dPPZZVonmlIOlIPVwQX",
}
EXTRA = [
    json.dumps({"level": "debug", "msg": "callback https:\\/\\/rp.example.test\\/cb?code=SplxlOBeZQQYbYS6WxSbIA&state=af0ifjsldkj"}),
    "2025-03-11 10:00:00,000 DEBUG app posting client_secret=" + OWN.replace("+", "%2B").replace("/", "%2F").replace("=", "%3D"),
    "2025-03-11 10:00:00,000 DEBUG app Authorization: Basic " + base64.b64encode(f"portal-web:{OWN}".encode()).decode(),
    "a line with nothing in it, and \u00e9 non-ASCII text",
]


def test_redacted_copy_keeps_lines_and_masks_only_secrets(tmp_path: Path) -> None:
    logs = tmp_path / "logs"
    logs.mkdir()
    text = CASE_01 + CASE_02 + CASE_03 + CASE_16 + "\n".join(EXTRA) + "\r\nlast line without newline"
    (logs / "app.log").write_bytes(text.encode("utf-8"))
    with gzip.open(logs / "app.log.1.gz", "wt", encoding="utf-8") as fh:
        fh.write(CASE_16)
    known = KnownSecrets.of((KnownSecret("OIDC_RP_CLIENT_SECRET", OWN, "env", True),), ("portal-web",))
    out = tmp_path / "out"
    report = scan_logs([str(logs)], LogOptions(known=known, now=NOW, redact_to=out))
    assert report.errors == []

    copy = (out / logs.relative_to("/") / "app.log").read_bytes().decode("utf-8")
    original_lines, copied_lines = text.split("\n"), copy.split("\n")
    assert len(copied_lines) == len(original_lines)
    for before, after in zip(original_lines, copied_lines, strict=True):
        for secret in SECRETS | {OWN, "SplxlOBeZQQYbYS6WxSbIA"}:
            assert secret not in after
        if before == after:
            continue
        # Only the secret spans changed: undoing the masks gives the original line back.
        restored = after
        for secret in SECRETS | {OWN, "SplxlOBeZQQYbYS6WxSbIA"}:
            restored = restored.replace(redact(secret), secret)
        encoded_own = EXTRA[1].rsplit("=", 3)[0]
        assert restored == before or encoded_own in before or "Basic" in before, (before, after)
    # Lines without secrets are byte-identical, including the CRLF and the missing final newline.
    assert copied_lines[-1] == "last line without newline"
    assert "a line with nothing in it, and \u00e9 non-ASCII text\r" in copied_lines

    with gzip.open(out / logs.relative_to("/") / "app.log.1.gz", "rt", encoding="utf-8") as fh:
        gz_copy = fh.read()
    assert gz_copy == CASE_16.replace("GDZHffkfGS2u3dPPZZVonmlIOlIPVwQX", redact("GDZHffkfGS2u3dPPZZVonmlIOlIPVwQX"))

    # The redacted copies scan clean.
    rescan = scan_logs([str(out)], LogOptions(known=known, now=NOW))
    assert [(f.rule_id, f.location) for f in rescan.findings] == []


def test_redact_to_never_overwrites_the_input(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "access.log").write_text(CASE_16, encoding="utf-8")
    report = scan_logs(["access.log"], LogOptions(now=NOW, redact_to=tmp_path))
    assert [e.reason for e in report.errors] == ["--redact-to would overwrite the input: no copy written"]
    assert [f.rule_id for f in report.findings] == ["OG303"]  # still scanned
    assert (tmp_path / "access.log").read_text(encoding="utf-8") == CASE_16


def test_private_key_block_is_masked_whole(tmp_path: Path) -> None:
    body = ["MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7", "VJTUt9Us8cKjMzEfYyjiWA4R4/M2bS1+fWIcPm15j9zB/Adk"]
    text = ("2025-03-11 ERROR cfg loaded key -----BEGIN PRIVATE KEY-----\n" + "\n".join(body)
            + "\n-----END PRIVATE KEY-----\nafter\n")
    (tmp_path / "app.log").write_text(text, encoding="utf-8")
    out = tmp_path / "out"
    report = scan_logs([str(tmp_path / "app.log")], LogOptions(now=NOW, redact_to=out))
    assert [(f.rule_id, f.location.line, f.severity.label) for f in report.findings] == [("OG305", 1, "critical")]
    copy = next(out.rglob("app.log")).read_text(encoding="utf-8").split("\n")
    assert len(copy) == len(text.split("\n"))
    assert copy[1:3] == ["[oidcguard: private key line removed]"] * 2
    assert copy[3:] == ["-----END PRIVATE KEY-----", "after", ""]
