"""`oidcguard demo`: every front runs on the bundled targets, and no secret is printed whole."""

from __future__ import annotations

import pytest

from oidcguard.config import Config
from oidcguard.demo import HARDENED_PROJECT, LEAKY_PROJECT
from oidcguard.findings import Severity
from oidcguard.rules import load_catalogue
from oidcguard.static.engine import scan_project


def test_hardened_demo_twin_is_clean() -> None:
    report = scan_project(HARDENED_PROJECT, Config(), load_catalogue())
    assert [(f.rule_id, f.location.path, f.location.line) for f in report.findings if f.severity > Severity.INFO] == []


def test_leaky_demo_project_fires_across_categories() -> None:
    report = scan_project(LEAKY_PROJECT, Config(), load_catalogue())
    categories = {f.category.value for f in report.findings if f.severity >= Severity.MEDIUM}
    assert {"hardcoded-secret", "secret-default", "debug-exposure", "error-report-leak", "insecure-cookie",
            "token-client-storage", "cors", "insecure-transport", "verbose-logging", "redirect-validation",
            "token-validation"} <= categories


def test_full_demo_runs_every_front_and_prints_no_secret(monkeypatch: pytest.MonkeyPatch) -> None:
    pytest.importorskip("oauth2_provider")
    pytest.importorskip("mozilla_django_oidc")
    import contextlib

    import oidcguard.lab
    import oidcguard.lab.login
    from oidcguard.demo import run_demo
    from oidcguard.reporters import render

    seen: list[str] = []
    real_lab, real_login = oidcguard.lab.running_lab, oidcguard.lab.login.real_login

    @contextlib.contextmanager
    def recording_lab(*args, **kwargs):
        with real_lab(*args, **kwargs) as lab:
            seen.extend(v for v in lab.secrets().values() if len(v) >= 8)
            yield lab

    def recording_login(lab, **kwargs):
        result = real_login(lab, **kwargs)
        seen.extend(t for t in (result.access_token, result.id_token, result.code) if t)
        return result

    monkeypatch.setattr(oidcguard.lab, "running_lab", recording_lab)
    monkeypatch.setattr(oidcguard.lab.login, "real_login", recording_login)
    catalogue = load_catalogue()
    report = run_demo(Config(), catalogue)
    assert seen, "the lab exposed no secrets to check"
    assert {f.rule_id[:3] for f in report.findings} == {"OG1", "OG2", "OG3"}
    assert all(f.location.url.split("/")[2].startswith("127.0.0.1:") for f in report.findings if f.location.url)
    for fmt in ("text", "json", "sarif", "html", "markdown", "junit"):
        output = render(report, fmt, catalogue=catalogue)
        leaked = [s[:4] for s in seen if s in output]
        assert leaked == [], f"{fmt} output prints secrets starting {leaked}"
