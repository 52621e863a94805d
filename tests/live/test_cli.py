"""`oidcguard probe URL`: exit codes, report on stdout, one-line target errors, --active gating."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from oidcguard.cli import main

from .helpers import DEBUG_FOOTER
from .servers import Quiet, serve, url_of

SECRET = "kq3TzR8pWv2LmN5xYb7QfJ4hDs9GcE6a"


class _Leaky(Quiet):
    def do_GET(self) -> None:  # noqa: N802 - stdlib name
        self.record()
        if self.path == "/":
            self.send_text(200, f'<script>var cfg = {{"client_secret": "{SECRET}"}};</script>'.encode())
        else:
            self.send_text(404, f"<p>Using the URLconf defined in <code>x.urls</code></p>{DEBUG_FOOTER}".encode())

    def do_POST(self) -> None:  # noqa: N802
        self.record()
        self.server.hits.append("POST " + self.path)  # type: ignore[attr-defined]
        self.send_text(400, b'{"error": "invalid_request"}')


class _Clean(Quiet):
    def do_GET(self) -> None:  # noqa: N802
        self.record()
        self.send_text(200 if self.path == "/" else 404, b"<h1>hello</h1>")


def test_findings_exit_1_with_a_json_report() -> None:
    with serve(_Leaky) as server:
        result = CliRunner().invoke(main, ["probe", url_of(server), "--format", "json", "--timeout", "2"])
    assert result.exit_code == 1, result.output
    data = json.loads(result.stdout)
    rules = {f["rule_id"] for f in data["findings"]}
    assert {"OG201", "OG213"} <= rules
    assert SECRET not in result.output
    assert result.stderr == ""  # not a TTY: no progress


def test_clean_site_exits_0() -> None:
    with serve(_Clean) as server:
        result = CliRunner().invoke(main, ["probe", url_of(server), "--format", "json"])
    assert result.exit_code == 0, result.output


def test_active_flag_gates_posts() -> None:
    class _Provider(_Leaky):
        def do_GET(self) -> None:  # noqa: N802
            self.record()
            if self.path.startswith("/.well-known/openid-configuration"):
                base = f"http://127.0.0.1:{self.server.server_address[1]}"  # type: ignore[index]
                doc = {"issuer": base, "authorization_endpoint": f"{base}/o/authorize/",
                       "token_endpoint": f"{base}/o/token/", "introspection_endpoint": f"{base}/o/introspect/"}
                self.send_text(200, json.dumps(doc).encode(), {"Content-Type": "application/json"})
            else:
                self.send_text(404, b"no")

    with serve(_Provider) as server:
        CliRunner().invoke(main, ["probe", url_of(server), "-q"])
        assert not any(h.startswith("POST") for h in server.hits)
        CliRunner().invoke(main, ["probe", url_of(server), "-q", "--active"])
        assert any(h.startswith("POST ") for h in server.hits)


@pytest.mark.parametrize("target", ["http://127.0.0.1:1/", "not-a-url", "ftp://127.0.0.1/"])
def test_target_errors_exit_2_with_one_line(target: str) -> None:
    result = CliRunner().invoke(main, ["probe", target, "--timeout", "1"])
    assert result.exit_code == 2
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("oidcguard: error: cannot probe")
    assert "Traceback" not in result.stderr


def test_select_runs_only_the_selected_rules() -> None:
    with serve(_Leaky) as server:
        everything = CliRunner().invoke(main, ["probe", url_of(server), "-q"])
        all_hits = len(server.hits)
        server.hits.clear()
        only = CliRunner().invoke(main, ["probe", url_of(server), "-q", "--select", "OG204", "--format", "json"])
        assert everything.exit_code == 1 and only.exit_code == 0
        assert len(server.hits) < all_hits  # OG210's paths and the other rules' requests were never sent
    assert {f["rule_id"] for f in json.loads(only.stdout)["findings"]} == {"OG204"}
