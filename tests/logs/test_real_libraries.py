"""Log lines written by the real libraries at DEBUG, captured in the test and then scanned.

oauthlib issues tokens through `oauthlib.oauth2.Server`; requests-oauthlib, requests, urllib3
and http.client talk to a tiny HTTP server this test starts on 127.0.0.1 (no other traffic).
"""

from __future__ import annotations

import contextlib
import io
import json
import logging
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from oidcguard.findings import Severity
from oidcguard.logs import KnownSecret, KnownSecrets

from .helpers import assert_no_secret, scan_text, summary

FORMAT = "%(asctime)s %(levelname)s %(name)s %(message)s"


@contextlib.contextmanager
def debug_log(*names: str) -> Iterator[io.StringIO]:
    buffer = io.StringIO()
    handler = logging.StreamHandler(buffer)
    handler.setFormatter(logging.Formatter(FORMAT))
    saved = []
    for name in names:
        logger = logging.getLogger(name)
        saved.append((logger, logger.level, logger.propagate))
        logger.addHandler(handler)
        logger.setLevel(logging.DEBUG)
        logger.propagate = False
    try:
        yield buffer
    finally:
        for logger, level, propagate in saved:
            logger.removeHandler(handler)
            logger.setLevel(level)
            logger.propagate = propagate


def lines_with(text: str, value: str) -> list[int]:
    return [i for i, line in enumerate(text.splitlines(), 1) if value in line]


# ---------------------------------------------------------------------------------------- oauthlib


class _Client:
    client_id = "mobile-app"


def _validator() -> Any:
    from oauthlib.oauth2 import RequestValidator

    class Validator(RequestValidator):  # type: ignore[misc]
        def client_authentication_required(self, request: Any, *a: Any, **k: Any) -> bool:
            return True

        def authenticate_client(self, request: Any, *a: Any, **k: Any) -> bool:
            request.client = _Client()
            request.client_id = "mobile-app"
            return True

        def validate_user(self, username: str, password: str, client: Any, request: Any, *a: Any, **k: Any) -> bool:
            request.user = username
            return True

        def validate_grant_type(self, *a: Any, **k: Any) -> bool:
            return True

        def validate_scopes(self, *a: Any, **k: Any) -> bool:
            return True

        def get_default_scopes(self, *a: Any, **k: Any) -> list[str]:
            return ["read", "write"]

        def save_bearer_token(self, token: Any, request: Any, *a: Any, **k: Any) -> None:
            return None

    return Validator()


def test_oauthlib_issued_tokens_are_found(tmp_path: Path) -> None:
    from oauthlib.oauth2 import Server

    server = Server(_validator())
    with debug_log("oauthlib") as buffer:
        _, body, status = server.create_token_response(
            "https://op.example.test/o/token/", http_method="POST",
            body="grant_type=password&username=alice&password=correct-horse-battery",
            headers={"Content-Type": "application/x-www-form-urlencoded"},
        )
        _, body2, status2 = server.create_token_response(
            "https://op.example.test/o/token/", http_method="POST", body="grant_type=client_credentials",
            headers={"Content-Type": "application/x-www-form-urlencoded"},
        )
    assert (status, status2) == (200, 200)
    issued, issued2 = json.loads(body), json.loads(body2)
    text = buffer.getvalue()
    access, refresh, access2 = issued["access_token"], issued["refresh_token"], issued2["access_token"]
    assert lines_with(text, access) and lines_with(text, refresh) and lines_with(text, access2)
    report = scan_text(tmp_path, text, "provider.log")

    def where(value: str) -> tuple[int, int, int]:
        found = lines_with(text, value)
        return found[0], len(found), found[-1]

    expected = sorted([("OG303", *where(access)), ("OG303", *where(refresh)), ("OG303", *where(access2))])
    assert summary(report) == expected
    severity = {f.secret_kind: f.severity for f in report.findings if f.location.line == where(refresh)[0]}
    assert severity["refresh token"] == Severity.CRITICAL
    assert Severity.MEDIUM <= severity["access token"] <= Severity.HIGH
    assert_no_secret(report, access, refresh, access2)


# ------------------------------------------------------------------- requests-oauthlib, urllib3


class _Handler(BaseHTTPRequestHandler):
    def do_GET(self) -> None:  # noqa: N802 - http.server's naming
        self._reply({"sub": "user-7305"})

    def do_POST(self) -> None:  # noqa: N802
        length = int(self.headers.get("Content-Length") or 0)
        self.rfile.read(length)
        self._reply({"access_token": "srvAccessZ8k2LmQ9vX4tR7yP1wN6", "token_type": "Bearer",
                     "expires_in": 300, "refresh_token": "srvRefreshH3jK8nB5vC2xM9qL4"})

    def _reply(self, data: dict[str, Any]) -> None:
        payload = json.dumps(data).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - keep the test quiet
        return None


@pytest.fixture()
def local_server() -> Iterator[str]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)  # loopback only
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()


CLIENT_SECRET = "aKfFqwiLtSD0bRMm4s4w65anFfeTqIiX"
BEARER = "t6VoG1u55orGLKBNIREGXXA6GhrQWtfA"


def _requests_oauthlib_log(base: str, monkeypatch: pytest.MonkeyPatch) -> str:
    import http.client

    from oauthlib.oauth2 import BackendApplicationClient
    from requests_oauthlib import OAuth2Session

    # requests-oauthlib refuses http:// unless told otherwise (oauthlib's InsecureTransportError);
    # the server is on loopback.
    monkeypatch.setenv("OAUTHLIB_INSECURE_TRANSPORT", "1")
    stdout = io.StringIO()
    with debug_log("requests_oauthlib", "urllib3") as buffer:
        session = OAuth2Session(client=BackendApplicationClient(client_id="reports-sync"))
        session.fetch_token(f"{base}/o/token/", client_id="reports-sync", client_secret=CLIENT_SECRET, timeout=5)
        api = OAuth2Session("reports-sync", token={"access_token": BEARER, "token_type": "Bearer"})
        monkeypatch.setattr(http.client.HTTPConnection, "debuglevel", 1)
        with contextlib.redirect_stdout(stdout):
            api.get(f"{base}/v1/me", timeout=5)
        monkeypatch.setattr(http.client.HTTPConnection, "debuglevel", 0)
        import requests

        requests.get(f"{base}/v1/items/", params={"access_token": "qUeRyT0kEn5vB8nM2xL7kJ4hG"}, timeout=5)
    return buffer.getvalue() + stdout.getvalue()


def test_requests_oauthlib_urllib3_http_client(tmp_path: Path, local_server: str,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    text = _requests_oauthlib_log(local_server, monkeypatch)
    report = scan_text(tmp_path, text)
    found = {(f.rule_id, f.secret_kind): f for f in report.findings}
    # The token request's Basic header (client id + secret), the issued tokens logged by
    # fetch_token, the bearer token added to the API call (also in http.client's send: dump),
    # and the token urllib3 logs in the query string.
    basic = found[("OG302", "Basic credentials")]
    assert basic.severity == Severity.CRITICAL
    assert basic.location.line == lines_with(text, "'Basic ")[0]
    bearer = [f for f in report.findings if f.evidence.startswith("t6Vo")]
    assert len(bearer) == 1 and bearer[0].severity >= Severity.MEDIUM
    assert dict(bearer[0].extra)["count"] == len(lines_with(text, BEARER))
    query = [f for f in report.findings if f.evidence.startswith("qUeR")]
    assert [(f.rule_id, f.location.line) for f in query] == [("OG303", lines_with(text, "qUeRyT0kEn")[0])]
    refresh = [f for f in report.findings if f.evidence.startswith("srvR")]
    assert [(f.rule_id, f.severity) for f in refresh] == [("OG303", Severity.CRITICAL)]
    assert_no_secret(report, CLIENT_SECRET, BEARER, "srvAccessZ8k2LmQ9vX4tR7yP1wN6", "srvRefreshH3jK8nB5vC2xM9qL4")


def test_own_client_secret_inside_basic_is_og304(tmp_path: Path, local_server: str,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    text = _requests_oauthlib_log(local_server, monkeypatch)
    known = KnownSecrets.of((KnownSecret("OIDC_RP_CLIENT_SECRET", CLIENT_SECRET, "env file .env", True),),
                            ("reports-sync",))
    report = scan_text(tmp_path, text, known=known)
    own = [f for f in report.findings if f.rule_id == "OG304"]
    assert [(f.location.line, f.severity, dict(f.extra)["form"]) for f in own] == [
        (lines_with(text, "'Basic ")[0], Severity.CRITICAL, "Basic credentials")]
    assert "OIDC_RP_CLIENT_SECRET" in own[0].message
    assert not [f for f in report.findings if f.rule_id == "OG302" and f.secret_kind == "Basic credentials"]
    assert_no_secret(report, CLIENT_SECRET)


def test_traceback_with_captured_locals(tmp_path: Path) -> None:
    """`traceback` with capture_locals=True (as some error reporters do) prints frame locals."""
    import traceback

    def exchange(code: str) -> None:
        client_secret = "tRb7Kq2mW9xL4vB8nZ3pQ6sD"  # noqa: F841 - a local the traceback shows
        raise ValueError("token endpoint said invalid_grant")

    try:
        exchange("SplxlOBeZQQYbYS6WxSbIA")
    except ValueError as exc:
        text = "".join(traceback.TracebackException.from_exception(exc, capture_locals=True).format())
    report = scan_text(tmp_path, text, "error.log")
    line = lines_with(text, "tRb7Kq2mW9xL4vB8nZ3pQ6sD")[0]
    assert [(f.rule_id, f.location.line, f.severity) for f in report.findings] == [
        ("OG303", line, Severity.CRITICAL)]
    assert dict(report.findings[0].extra)["layout"] == "traceback"
