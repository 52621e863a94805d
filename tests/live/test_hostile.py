"""Hostile targets: tiny servers on 127.0.0.1 that misbehave. The prober neither hangs nor crashes.

Each test starts its own server on a free loopback port and stops it. No other traffic.
"""

from __future__ import annotations

import datetime
import socket
import ssl
import threading
import time
from pathlib import Path

import pytest

from oidcguard.live import ProbeOptions, TargetError, probe

from .servers import Quiet, serve, url_of

FAST = ProbeOptions(timeout=0.5, total_time=10.0, max_requests=120)


def test_server_that_never_answers() -> None:
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(64)
    held: list[socket.socket] = []
    stop = threading.Event()

    def accept() -> None:
        listener.settimeout(0.1)
        while not stop.is_set():
            try:
                conn, _ = listener.accept()
                held.append(conn)  # accept, read nothing, answer nothing
            except OSError:
                continue

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    try:
        started = time.monotonic()
        with pytest.raises(TargetError, match="no complete answer"):
            probe(f"http://127.0.0.1:{listener.getsockname()[1]}/", FAST)
        assert time.monotonic() - started < 5
    finally:
        stop.set()
        thread.join(timeout=5)
        for conn in held:
            conn.close()
        listener.close()


class _Drip(Quiet):
    def do_GET(self) -> None:  # noqa: N802 - stdlib name
        self.record()
        if self.path == "/":
            self.send_text(200, b'<a href="/drip/">slow</a>')
            return
        if self.path != "/drip/":
            self.send_text(404, b"no")
            return
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", "100000")
        self.end_headers()
        try:
            for _ in range(400):  # one byte every 50 ms: 20 s if nobody gives up
                self.wfile.write(b"x")
                self.wfile.flush()
                time.sleep(0.05)
        except OSError:
            pass


def test_drip_feeding_server() -> None:
    with serve(_Drip) as server:
        started = time.monotonic()
        result = probe(url_of(server), FAST)
        elapsed = time.monotonic() - started
    assert elapsed < 10
    assert "/drip/" in server.hits
    assert any(e.path.endswith("/drip/") and "no complete answer" in e.reason for e in result.report.errors)


class _Huge(Quiet):
    def do_GET(self) -> None:  # noqa: N802
        self.record()
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", str(1 << 30))  # announces 1 GB; produced lazily below
        self.end_headers()
        chunk = b"<p>" + b"a" * 65533
        try:
            for _ in range((1 << 30) // len(chunk)):
                self.wfile.write(chunk)
                self.server.sent += len(chunk)  # type: ignore[attr-defined]
        except OSError:
            pass  # the prober hung up after its cap


def test_one_gigabyte_body_is_capped() -> None:
    options = ProbeOptions(timeout=2.0, total_time=20.0, max_body=256 * 1024)
    with serve(_Huge) as server:
        result = probe(url_of(server), options)
        requests = len(server.hits)
        sent = server.sent
    assert result.requests == requests
    # Each response was cut at the cap: what the server managed to push is bounded by the cap plus
    # the socket buffers, per request, far from 1 GB each.
    assert sent < requests * 16 * 1024 * 1024


class _Loop(Quiet):
    def do_GET(self) -> None:  # noqa: N802
        self.record()
        target = "/b/" if self.path.startswith("/a/") else "/a/"
        self.send_text(302, b"", {"Location": target})


def test_redirect_loop() -> None:
    with serve(_Loop) as server:
        started = time.monotonic()
        result = probe(url_of(server), FAST)
    assert time.monotonic() - started < 10
    assert result.requests <= FAST.max_requests


def _self_signed(tmp: Path) -> ssl.SSLContext:
    pytest.importorskip("cryptography")
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = datetime.datetime.now(datetime.UTC)
    cert = (
        x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
        .serial_number(x509.random_serial_number()).not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=1)).sign(key, hashes.SHA256())
    )
    (tmp / "cert.pem").write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    (tmp / "key.pem").write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                                    serialization.NoEncryption()))
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(tmp / "cert.pem", tmp / "key.pem")
    return context


class _Hello(Quiet):
    def do_GET(self) -> None:  # noqa: N802
        self.record()
        self.send_text(200, b"hello")


def test_invalid_tls_is_a_target_error(tmp_path: Path) -> None:
    with serve(_Hello, tls=_self_signed(tmp_path)) as server:
        with pytest.raises(TargetError, match="TLS"):
            probe(url_of(server, "https"), FAST)
        assert server.hits == []  # the handshake failed: no request was ever sent


def test_redirect_to_another_host_is_not_followed(tmp_path: Path) -> None:
    with serve(_Hello) as other:
        elsewhere = url_of(other)

        class _Away(Quiet):
            def do_GET(self) -> None:  # noqa: N802
                self.record()
                if self.path == "/":
                    self.send_text(302, b"", {"Location": elsewhere + "landing/"})
                elif self.path == "/page/":
                    self.send_text(200, f'<a href="{elsewhere}x/">x</a><script src="{elsewhere}a.js"></script>'.encode())
                else:
                    self.send_text(302, b"", {"Location": elsewhere + "y/"})

        with serve(_Away) as target:
            result = probe(url_of(target), ProbeOptions(timeout=0.5, extra_paths=("/page/",)))
            assert target.hits  # the target was probed
        assert other.hits == []  # and the other host never heard from us
    other_port = elsewhere.rsplit(":", 1)[1]
    assert all(other_port not in (f.location.url or "") for f in result.report.findings)
