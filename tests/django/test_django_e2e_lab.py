"""End to end on the lab: a real login through django-oauth-toolkit and mozilla-django-oidc with
DEBUG logging of mozilla_django_oidc, oauthlib, oauth2_provider, urllib3, requests, django.request
and django.server captured to one file (the leaky lab's LOGGING).

Without the filter, `oidcguard logs` finds the real code, tokens and client secret of that login
(the leak is real); with `RedactingFilter` on the handler, neither `oidcguard logs` nor an exact
search finds any of them, and the records are all still there."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

pytest.importorskip("oauth2_provider")
pytest.importorskip("mozilla_django_oidc")
httpx = pytest.importorskip("httpx")

from oidcguard.lab import running_lab  # noqa: E402
from oidcguard.lab.login import real_login  # noqa: E402
from oidcguard.shapes import secret_hash  # noqa: E402


@dataclass(frozen=True)
class Run:
    log: str
    findings: list[dict[str, object]]
    tokens: dict[str, str]  # what this login really used: code, access token, ..., client secret


def _login_and_scan(redact: bool, tmp_path: Path) -> Run:
    with running_lab("leaky", redact_logs=redact) as lab:
        result = real_login(lab)
        # The home page links here: a client-credentials grant, so oauthlib logs "Issuing token".
        httpx.get(lab.rp_url + "/api/docs/", follow_redirects=False, timeout=30, trust_env=False)
        log_copy = tmp_path / f"lab-{'redacted' if redact else 'plain'}.log"
        log_copy.write_text(Path(lab.log_path).read_text(encoding="utf-8"), encoding="utf-8")
        env_copy = tmp_path / "lab.env"
        env_copy.write_text(Path(lab.env_file).read_text(encoding="utf-8"), encoding="utf-8")
        tokens = {"code": result.code, "client_secret": lab.secrets()["OIDC_RP_CLIENT_SECRET"]}
        if result.access_token:
            tokens["access_token"] = result.access_token
        if result.id_token:
            tokens["id_token"] = result.id_token
        for i, seen in enumerate(result.secrets_seen):
            tokens[f"seen_{i}"] = seen
        for name, value in lab.secrets().items():
            tokens[name] = value
    scan = subprocess.run(
        [sys.executable, "-m", "oidcguard", "logs", str(log_copy), "--format", "json", "-q", "--env-file",
         str(env_copy)],
        capture_output=True, text=True, timeout=300, check=False,
    )
    report = json.loads(scan.stdout)
    return Run(log_copy.read_text(encoding="utf-8"), report["findings"], tokens)


@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Run, Run]]:
    tmp = tmp_path_factory.mktemp("e2e")
    yield _login_and_scan(False, tmp), _login_and_scan(True, tmp)


def _fingerprints(run: Run) -> set[object]:
    return {f.get("secret_fingerprint") for f in run.findings}


def test_without_filter_the_leak_is_real(runs: tuple[Run, Run]) -> None:
    plain, _ = runs
    for name in ("code", "access_token", "client_secret"):
        assert plain.tokens[name] in plain.log, name
        assert secret_hash(plain.tokens[name])[:16] in _fingerprints(plain), name


def test_with_filter_no_token_is_found(runs: tuple[Run, Run]) -> None:
    _, redacted = runs
    leaked = [name for name, value in redacted.tokens.items() if value and value in redacted.log]
    assert leaked == []
    assert [f for f in redacted.findings if str(f["rule_id"]).startswith("OG30")] == []
    hashes = {secret_hash(v)[:16] for v in redacted.tokens.values() if v}
    assert not hashes & _fingerprints(redacted)


def test_with_filter_no_record_is_dropped(runs: tuple[Run, Run]) -> None:
    plain, redacted = runs
    for marker in ("Created authorization code grant", "Issuing token to client id", "GET /oidc/callback/?code=",
                   "django.server", "urllib3.connectionpool", "oauth2_provider"):
        assert marker in plain.log and marker in redacted.log, marker
    assert abs(len(plain.log.splitlines()) - len(redacted.log.splitlines())) <= 2
