"""Acceptance cases 01, 02, 03 and 16 (shared/cases): their "Logs" expectations, exactly."""

from __future__ import annotations

from pathlib import Path

from oidcguard.findings import Category, Severity

from .helpers import assert_no_secret, by_rule_line, scan_text, summary

CASE_01 = """\
2025-03-11 09:42:17,204 DEBUG oauth2_provider.oauth2_validators Failed basic auth: wrong client secret z889DRaAdR6RbgT3OMWgCkzNJiswm4zU
2025-03-11 09:42:19,876 DEBUG oauth2_provider.oauth2_validators Failed body auth: wrong client secret z889DRaAdR6RbgT3OMWgCkzNJiswm4zU
"""  # noqa: E501

CASE_02 = """\
2025-03-11 10:05:02,118 DEBUG oauthlib.oauth2.rfc6749.grant_types.resource_owner_password_credentials Issuing token {'access_token': 'smDcJSgZk0z1ObHjodepknaqsw7O48', 'expires_in': 36000, 'token_type': 'Bearer', 'scope': 'read write', 'refresh_token': 'nZyuLn3chQgMtdzgmvuL4SP7ceJmgE'} to client id 'mobile-app' (<Application: Mobile app>) and username alice.
2025-03-11 10:05:09,540 DEBUG oauthlib.oauth2.rfc6749.grant_types.client_credentials Issuing token to client id 'billing-worker' (<Application: Billing worker>), {'access_token': 'ihGRLJg539jIv020Kypuf5hmx1AqYe', 'expires_in': 36000, 'token_type': 'Bearer', 'scope': 'invoices:read'}.
"""  # noqa: E501

CASE_03 = """\
2025-03-11 11:20:31,015 DEBUG requests_oauthlib.oauth2_session Adding token {'access_token': 'YupuCPLKcCt1o5b0H0t9jTetMKRlI1Xo', 'token_type': 'Bearer', 'expires_in': 300} to request.
2025-03-11 11:20:31,402 DEBUG requests_oauthlib.oauth2_session Request headers were {'User-Agent': 'python-requests/2.32.3', 'Accept': 'application/json', 'Authorization': 'Basic cmVwb3J0cy1zeW5jOmFLZkZxd2lMdFNEMGJSTW00czR3NjVhbkZmZVRxSWlY', 'Content-Type': 'application/x-www-form-urlencoded'}
send: b'GET /v1/me HTTP/1.1\\r\\nHost: api.example.test\\r\\nUser-Agent: python-requests/2.32.3\\r\\nAuthorization: Bearer t6VoG1u55orGLKBNIREGXXA6GhrQWtfA\\r\\n\\r\\n'
"""  # noqa: E501

CASE_16 = """\
203.0.113.7 - - [11/Mar/2025:09:42:17 +0000] "GET /api/items/?access_token=GDZHffkfGS2u3dPPZZVonmlIOlIPVwQX HTTP/1.1" 200 512 "-" "Mozilla/5.0 (X11; Linux x86_64)"
203.0.113.7 - - [11/Mar/2025:09:42:18 +0000] "GET /static/app.js HTTP/1.1" 200 90211 "https://api.example.test/api/items/?access_token=GDZHffkfGS2u3dPPZZVonmlIOlIPVwQX" "Mozilla/5.0 (X11; Linux x86_64)"
"""  # noqa: E501


def test_case_01_dot_client_secret(tmp_path: Path) -> None:
    report = scan_text(tmp_path, CASE_01, "provider.log")
    assert summary(report) == [("OG303", 1, 2, 2)]
    [finding] = report.findings
    assert finding.severity >= Severity.HIGH
    assert finding.category is Category.LEAKED_CREDENTIAL
    assert finding.secret_kind == "client secret"
    assert_no_secret(report, "z889DRaAdR6RbgT3OMWgCkzNJiswm4zU")


def test_case_02_oauthlib_issued_tokens(tmp_path: Path) -> None:
    report = scan_text(tmp_path, CASE_02, "provider.log")
    # One finding per distinct token: two on line 1 (access, refresh), one on line 2.
    assert summary(report) == [("OG303", 1, 1, 1), ("OG303", 1, 1, 1), ("OG303", 2, 1, 2)]
    kinds = {(f.location.line, f.secret_kind): f.severity for f in report.findings}
    assert set(kinds) == {(1, "access token"), (1, "refresh token"), (2, "access token")}
    assert Severity.MEDIUM <= kinds[(1, "access token")] <= Severity.HIGH
    assert kinds[(1, "refresh token")] >= Severity.HIGH
    assert Severity.MEDIUM <= kinds[(2, "access token")] <= Severity.HIGH
    assert_no_secret(report, "smDcJSgZk0z1ObHjodepknaqsw7O48", "nZyuLn3chQgMtdzgmvuL4SP7ceJmgE",
                     "ihGRLJg539jIv020Kypuf5hmx1AqYe")


def test_case_03_requests_oauthlib_headers(tmp_path: Path) -> None:
    report = scan_text(tmp_path, CASE_03)
    assert summary(report) == [("OG302", 2, 1, 2), ("OG302", 3, 1, 3), ("OG303", 1, 1, 1)]
    found = by_rule_line(report)
    assert Severity.MEDIUM <= found[("OG303", 1)][0].severity <= Severity.HIGH
    assert found[("OG302", 2)][0].severity >= Severity.HIGH
    assert Severity.MEDIUM <= found[("OG302", 3)][0].severity <= Severity.HIGH
    # The bearer value ends at the escaped \r\n of the bytes repr.
    assert found[("OG302", 3)][0].evidence.startswith("t6Vo…(32 chars")
    assert_no_secret(report, "YupuCPLKcCt1o5b0H0t9jTetMKRlI1Xo", "t6VoG1u55orGLKBNIREGXXA6GhrQWtfA",
                     "cmVwb3J0cy1zeW5jOmFLZkZxd2lMdFNEMGJSTW00czR3NjVhbkZmZVRxSWlY", "aKfFqwiLtSD0bRMm4s4w65anFfeTqIiX")


def test_case_16_tokens_in_query_string(tmp_path: Path) -> None:
    report = scan_text(tmp_path, CASE_16, "access.log")
    assert summary(report) == [("OG303", 1, 2, 2)]
    [finding] = report.findings
    assert Severity.MEDIUM <= finding.severity <= Severity.HIGH
    assert dict(finding.extra)["layout"] == "access-combined"
    assert_no_secret(report, "GDZHffkfGS2u3dPPZZVonmlIOlIPVwQX")


def test_findings_once_per_secret_across_files(tmp_path: Path) -> None:
    from oidcguard.logs import LogOptions, scan_logs

    (tmp_path / "a.log").write_text(CASE_16, encoding="utf-8")
    (tmp_path / "b.log").write_text(CASE_16, encoding="utf-8")
    report = scan_logs([str(tmp_path)], LogOptions(now=1.0))
    [finding] = report.findings
    extra = dict(finding.extra)
    assert (extra["count"], extra["first"], extra["last"]) == (4, f"{tmp_path.as_posix()}/a.log:1",
                                                               f"{tmp_path.as_posix()}/b.log:2")
