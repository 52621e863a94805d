"""End-to-end tests of the lab: real servers on 127.0.0.1, a real login, real library logs.

Every request goes to the lab's own loopback URLs; attacker-looking hosts below only ever
appear inside header values and query parameters, never as a destination (no redirect is
followed, no proxy is read from the environment).
"""

from __future__ import annotations

import base64
import json
import socket
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

pytest.importorskip("django")
pytest.importorskip("oauth2_provider")
pytest.importorskip("mozilla_django_oidc")
httpx = pytest.importorskip("httpx")

from oidcguard.lab import Lab, LabError, running_lab  # noqa: E402
from oidcguard.lab.login import LoginResult, real_login, real_logout  # noqa: E402

EVIL = "https://evil.example/steal"


@pytest.fixture(scope="module")
def leaky() -> Iterator[Lab]:
    with running_lab("leaky") as lab:
        yield lab


@pytest.fixture(scope="module")
def hardened() -> Iterator[Lab]:
    with running_lab("hardened") as lab:
        yield lab


@pytest.fixture(scope="module")
def leaky_login(leaky: Lab) -> LoginResult:
    return real_login(leaky)


@pytest.fixture(scope="module")
def hardened_login(hardened: Lab) -> LoginResult:
    return real_login(hardened)


@pytest.fixture()
def client() -> Iterator[httpx.Client]:
    with httpx.Client(follow_redirects=False, trust_env=False, timeout=15) as c:
        yield c


def _closed(port: int) -> bool:
    with socket.socket() as sock:
        sock.settimeout(1)
        return sock.connect_ex(("127.0.0.1", port)) != 0


def _session_cookie(client: httpx.Client, lab: Lab) -> tuple[str, str]:
    """Start a login at the RP; return (the session cookie header, the state it issued)."""
    response = client.get(lab.login_url)
    cookie = response.headers["set-cookie"].split(";", 1)[0]
    state = parse_qs(urlsplit(response.headers["location"]).query)["state"][0]
    return cookie, state


# --- the real login, both modes --------------------------------------------------------------


def test_leaky_real_login_reaches_protected_page(leaky: Lab, leaky_login: LoginResult) -> None:
    assert leaky_login.protected_url == f"{leaky.rp_url}/protected/"
    assert f'<span id="email">{leaky.email}</span>' in leaky_login.protected_html
    # mozilla-django-oidc stored the tokens in the signed-cookie session, readable without a key
    assert leaky_login.access_token and leaky_login.id_token
    header, payload, _ = leaky_login.id_token.split(".")
    assert json.loads(base64.urlsafe_b64decode(header + "=="))["alg"] == "RS256"
    assert payload


def test_hardened_real_login_reaches_protected_page(hardened: Lab, hardened_login: LoginResult) -> None:
    assert f'<span id="email">{hardened.email}</span>' in hardened_login.protected_html
    assert hardened_login.session is None and hardened_login.access_token is None
    query = parse_qs(urlsplit(hardened_login.authorization_request).query)
    assert query["code_challenge_method"] == ["S256"] and len(query["state"][0]) >= 32 and query["nonce"]
    for header in hardened_login.set_cookie_headers:
        assert "Secure" in header and "HttpOnly" in header and "SameSite=Lax" in header


def test_logout_in_both_modes(leaky: Lab, hardened: Lab) -> None:
    # fresh logins: the module's shared ones must stay signed in for the other tests
    leaky_out = real_logout(leaky, real_login(leaky))
    assert leaky_out.location.startswith(f"{leaky.provider_url}/o/logout/?") and leaky_out.id_token_in_url
    hardened_out = real_logout(hardened, real_login(hardened))
    assert hardened_out.location == f"{hardened.rp_url}/" and not hardened_out.id_token_in_url


# --- logs --------------------------------------------------------------------------------------


def test_leaky_log_has_the_libraries_debug_lines(leaky: Lab, leaky_login: LoginResult, client: httpx.Client) -> None:
    # a client-credentials grant at the provider: oauthlib logs the token it issues
    token = parse_qs(urlsplit(client.get(f"{leaky.rp_url}/api/docs/").headers["location"]).query)["access_token"][0]
    log = leaky.log_path.read_text(encoding="utf-8")
    assert "[provider] DEBUG oauthlib.oauth2.rfc6749.grant_types.authorization_code: Token request validation ok" in log
    assert "DEBUG oauthlib.oauth2.rfc6749.grant_types.client_credentials: Issuing token" in log
    assert token in log
    assert "[rp] DEBUG urllib3.connectionpool:" in log and '"POST /o/token/ HTTP/1.1" 200' in log
    assert "[rp] INFO django.server:" in log
    assert leaky_login.code in log  # oauthlib's request body and the callback's access-log line
    assert leaky.config.confidential.client_secret in log  # client_secret_post, unsanitised by oauthlib


def test_hardened_log_has_no_debug_lines_nor_secrets(hardened: Lab, hardened_login: LoginResult) -> None:
    log = hardened.log_path.read_text(encoding="utf-8")
    assert " DEBUG " not in log
    assert hardened_login.code not in log
    assert hardened.config.confidential.client_secret not in log


def test_redacting_filter_leaves_no_credential_in_the_leaky_logs(client: httpx.Client) -> None:
    """SPEC §6: the libraries' real DEBUG lines, through oidcguard.logging.RedactingFilter."""
    with running_lab("leaky", redact_logs=True) as lab:
        login = real_login(lab)
        service_token = parse_qs(urlsplit(client.get(f"{lab.rp_url}/api/docs/").headers["location"]).query)
        log = lab.log_path.read_text(encoding="utf-8")
    assert "DEBUG oauthlib.oauth2.rfc6749.grant_types.authorization_code: Token request validation ok" in log
    leaked = [login.code, login.access_token, login.id_token, service_token["access_token"][0], *lab.secrets().values()]
    assert [value for value in leaked if value and value in log] == []


# --- the leaky lab's planted live issues (and their absence when hardened) ---------------------


def test_og201_technical_404(leaky: Lab, hardened: Lab, client: httpx.Client) -> None:
    for url in (leaky.rp_url, leaky.provider_url):
        response = client.get(f"{url}/no-such-page/")
        assert response.status_code == 404 and "Using the URLconf defined in" in response.text
    assert "URLconf" not in client.get(f"{hardened.rp_url}/no-such-page/").text


def test_og202_og206_og215_forged_state_shows_debug_page_with_secrets(
    leaky: Lab, hardened: Lab, client: httpx.Client
) -> None:
    cookie, _ = _session_cookie(client, leaky)
    client.cookies.clear()
    page = client.get(f"{leaky.rp_url}/oidc/callback/?code=forged&state=forged", headers={"Cookie": cookie})
    assert page.status_code == 400 and "SuspiciousOperation" in page.text and "Traceback" in page.text
    assert leaky.config.database_password in page.text and leaky.config.broker_password in page.text

    cookie, _ = _session_cookie(client, hardened)
    client.cookies.clear()
    page = client.get(f"{hardened.rp_url}/oidc/callback/?code=forged&state=forged", headers={"Cookie": cookie})
    assert page.status_code == 400 and "Traceback" not in page.text


def test_og203_cookie_flags(leaky: Lab, client: httpx.Client) -> None:
    header = client.get(leaky.login_url).headers["set-cookie"]
    assert header.startswith("sessionid=.") and "HttpOnly" not in header
    assert "Secure" not in header and "SameSite" not in header


def test_og205_discovery(leaky: Lab, hardened: Lab, client: httpx.Client) -> None:
    doc = client.get(leaky.discovery_url).json()
    assert doc["issuer"] == leaky.provider_url  # served under /o: issuer mismatch
    assert "token" in doc["response_types_supported"] and "plain" in doc["code_challenge_methods_supported"]
    doc = client.get(hardened.discovery_url).json()
    assert doc["issuer"] == f"{hardened.provider_url}/o"
    assert doc["response_types_supported"] == ["code"] and doc["code_challenge_methods_supported"] == ["S256"]


def test_og207_introspection_without_client_auth(leaky: Lab, hardened: Lab, client: httpx.Client) -> None:
    assert client.get(f"{leaky.provider_url}/o/introspect/?token=x").json() == {"active": False}
    assert client.get(f"{hardened.provider_url}/o/introspect/?token=x").status_code in (401, 403)


def test_og208_open_redirects(leaky: Lab, hardened: Lab, client: httpx.Client) -> None:
    assert client.get(f"{leaky.rp_url}/logout/", params={"next": EVIL}).headers["location"] == EVIL
    assert client.get(f"{hardened.rp_url}/logout/", params={"next": EVIL}).status_code == 404
    params = {"client_id": "", "response_type": "code", "scope": "openid", "prompt": "none", "state": "s"}
    params["client_id"], params["redirect_uri"] = leaky.client_id, EVIL
    location = client.get(f"{leaky.provider_url}/o/authorize/", params=params).headers["location"]
    assert location.startswith(EVIL + "?error=login_required")
    params["client_id"] = hardened.client_id
    response = client.get(f"{hardened.provider_url}/o/authorize/", params=params)
    assert response.status_code == 400 and "location" not in response.headers  # checked before login


def test_og209_token_in_location_and_no_referrer_policy(leaky: Lab, hardened: Lab, client: httpx.Client) -> None:
    response = client.get(f"{leaky.rp_url}/api/docs/")
    assert response.status_code == 302 and "access_token=" in response.headers["location"]
    assert "referrer-policy" not in client.get(leaky.login_url).headers
    assert client.get(hardened.login_url).headers["referrer-policy"] == "same-origin"


def test_og210_og213_env_file_and_secret_in_page(leaky: Lab, hardened: Lab, client: httpx.Client) -> None:
    secret = leaky.config.confidential.client_secret
    assert f"OIDC_RP_CLIENT_SECRET={secret}" in client.get(f"{leaky.rp_url}/.env").text
    assert leaky.config.service.client_secret in client.get(f"{leaky.provider_url}/.env").text
    assert secret in client.get(f"{leaky.rp_url}/").text
    assert client.get(f"{hardened.rp_url}/.env").status_code == 404
    assert hardened.config.confidential.client_secret not in client.get(f"{hardened.rp_url}/").text


def test_og211_cors_reflection(leaky: Lab, hardened: Lab, client: httpx.Client) -> None:
    origin = {"Origin": "https://evil.example"}
    for path in ("/o/userinfo/", "/o/token/"):
        headers = client.get(f"{leaky.provider_url}{path}", headers=origin).headers
        assert headers["access-control-allow-origin"] == "https://evil.example"
        assert headers["access-control-allow-credentials"] == "true"
        assert "access-control-allow-origin" not in client.get(f"{hardened.provider_url}{path}", headers=origin).headers


def test_og212_token_response_cache_control(leaky: Lab, hardened: Lab, client: httpx.Client) -> None:
    bad = {"grant_type": "authorization_code", "code": "x", "client_id": "nobody"}
    leaky_response = client.post(f"{leaky.provider_url}/o/token/", data=bad)
    assert leaky_response.status_code in (400, 401) and "no-store" not in leaky_response.headers["cache-control"]
    hardened_response = client.post(f"{hardened.provider_url}/o/token/", data=bad)
    assert hardened_response.status_code in (400, 401) and hardened_response.headers["cache-control"] == "no-store"


def test_og214_weak_authorization_request(leaky: Lab, client: httpx.Client) -> None:
    query = parse_qs(urlsplit(client.get(leaky.login_url).headers["location"]).query)
    assert len(query["state"][0]) == 8 and "nonce" not in query and "code_challenge" not in query


# --- lifecycle -----------------------------------------------------------------------------------


def test_tls_lab_then_servers_stop_and_temp_dir_goes_even_when_the_body_raises() -> None:
    with pytest.raises(ZeroDivisionError):
        with running_lab("hardened", tls=True) as lab:
            ports, tmp = lab.ports, Path(lab.config.tmp_dir)
            assert lab.rp_url.startswith("https://127.0.0.1:") and lab.provider_url.startswith("https://127.0.0.1:")
            login = real_login(lab)
            assert f'<span id="email">{lab.email}</span>' in login.protected_html
            with httpx.Client(verify=lab.ssl_context(), trust_env=False, follow_redirects=False) as tls_client:
                for url in (lab.rp_url, lab.provider_url):
                    hsts = tls_client.get(f"{url}/").headers["strict-transport-security"]
                    assert hsts.startswith("max-age=31536000")
            with httpx.Client(trust_env=False) as untrusting, pytest.raises(httpx.ConnectError):
                untrusting.get(f"{lab.rp_url}/")  # the throw-away CA is trusted only when asked
            assert not _closed(ports[0]) and not _closed(ports[1])
            1 / 0  # noqa: B018 - a failing test body
    assert _closed(ports[0]) and _closed(ports[1])
    assert not tmp.exists()


def test_bad_mode_is_refused() -> None:
    with pytest.raises(ValueError):
        with running_lab("medium"):
            pass  # pragma: no cover


def test_lab_error_is_a_runtime_error() -> None:
    assert issubclass(LabError, RuntimeError)


def test_cli_lab_up_runs_until_ctrl_c() -> None:
    import re
    import signal
    import subprocess
    import sys

    process = subprocess.Popen(
        [sys.executable, "-m", "oidcguard", "lab", "up", "--hardened"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        lines = []
        for line in process.stderr:  # type: ignore[union-attr]
            lines.append(line)
            if line.startswith("  secrets"):
                break
        banner = "".join(lines)
        ports = [int(p) for p in re.findall(r"http://127\.0\.0\.1:(\d+)/ ", banner)]
        assert "is up" in banner and len(ports) == 2 and not _closed(ports[0])
        process.send_signal(signal.SIGINT)
        assert process.wait(20) == 0
        assert all(_closed(port) for port in ports)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
