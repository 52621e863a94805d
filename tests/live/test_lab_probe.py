"""End to end against the lab: real django-oauth-toolkit and mozilla-django-oidc on 127.0.0.1.

Leaky: every OG2xx rule fires, at the URL the lab README says it plants it. Hardened: nothing at
medium or above. Every request goes to the lab's own loopback URLs.
"""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest

pytest.importorskip("oauth2_provider")
pytest.importorskip("mozilla_django_oidc")

from oidcguard.findings import Finding, Severity  # noqa: E402
from oidcguard.lab import Lab, running_lab  # noqa: E402
from oidcguard.live import ProbeOptions, ProbeResult, probe  # noqa: E402


def _probe_both(lab: Lab) -> tuple[ProbeResult, ProbeResult]:
    rp = probe(lab.rp_url, ProbeOptions(active=True))
    provider = probe(lab.provider_url, ProbeOptions(active=True, client_id=lab.public_client_id,
                                                    redirect_uri=lab.callback_url))
    return rp, provider


@pytest.fixture(scope="module")
def leaky() -> Iterator[tuple[Lab, ProbeResult, ProbeResult]]:
    with running_lab("leaky") as lab:
        yield (lab, *_probe_both(lab))


@pytest.fixture(scope="module")
def hardened() -> Iterator[tuple[Lab, ProbeResult, ProbeResult]]:
    with running_lab("hardened") as lab:
        yield (lab, *_probe_both(lab))


def _urls(findings: list[Finding], rule_id: str) -> set[str]:
    return {f.location.url or "" for f in findings if f.rule_id == rule_id}


RP_EXPECTED = {
    "OG201": "/oidcguard-probe-not-found/",
    "OG202": "/oidc/callback/?code=…&state=…",
    "OG203": "/oidc/authenticate/",
    "OG204": "/",
    "OG206": "/oidc/callback/?code=…&state=…",
    "OG208": "/logout/?next=…",
    "OG209": "/api/docs/",
    "OG210": "/.env",
    "OG213": "/",
    "OG214": "/oidc/authenticate/",
    "OG215": "/oidc/callback/?code=…&state=…",
}
PROVIDER_EXPECTED = {
    "OG201": "/oidcguard-probe-not-found/",
    "OG204": "/",
    "OG205": "/o/.well-known/openid-configuration",
    "OG207": "/o/introspect/?token=…",
    "OG208": "/o/authorize/?response_type=code&client_id=…&redirect_uri=…&scope=openid&state=…&prompt=none"
             "&code_challenge=…&code_challenge_method=S256",
    "OG210": "/.env",
    "OG211": "/o/userinfo/",
    "OG212": "/o/token/",
    "OG213": "/.env",
}


@pytest.mark.parametrize(("rule_id", "path"), sorted(RP_EXPECTED.items()))
def test_leaky_rp_rule_fires_at_the_planted_url(leaky: tuple[Lab, ProbeResult, ProbeResult], rule_id: str,
                                                path: str) -> None:
    lab, rp, _ = leaky
    assert lab.rp_url + path in _urls(rp.report.findings, rule_id)


@pytest.mark.parametrize(("rule_id", "path"), sorted(PROVIDER_EXPECTED.items()))
def test_leaky_provider_rule_fires_at_the_planted_url(leaky: tuple[Lab, ProbeResult, ProbeResult], rule_id: str,
                                                      path: str) -> None:
    lab, _, provider = leaky
    assert lab.provider_url + path in _urls(provider.report.findings, rule_id)


def test_leaky_lab_fires_every_live_rule(leaky: tuple[Lab, ProbeResult, ProbeResult]) -> None:
    _, rp, provider = leaky
    fired = {f.rule_id for f in rp.report.findings + provider.report.findings}
    assert fired == {f"OG2{n:02d}" for n in range(1, 16)}


def test_leaky_findings_never_show_a_lab_secret(leaky: tuple[Lab, ProbeResult, ProbeResult]) -> None:
    lab, rp, provider = leaky
    dumped = json.dumps([f.to_dict() for f in rp.report.findings + provider.report.findings])
    for name, value in lab.secrets().items():
        if len(value) >= 8:
            assert value not in dumped, name
    # the secrets the probe found are tied to the lab's by hash, not shown
    from oidcguard.shapes import secret_hash

    hashes = {f.secret_hash for f in rp.report.findings + provider.report.findings if f.secret_hash}
    assert hashes & {secret_hash(v) for v in lab.secrets().values()}


def test_probe_stays_on_loopback_and_is_fast(leaky: tuple[Lab, ProbeResult, ProbeResult]) -> None:
    lab, rp, provider = leaky
    for result, base in ((rp, lab.rp_url), (provider, lab.provider_url)):
        assert base.startswith("http://127.0.0.1:")
        assert all((f.location.url or "").startswith(base) for f in result.report.findings)
        assert result.requests < 100
        assert result.duration_s < 15  # a few seconds on a developer machine


def test_hardened_lab_has_nothing_at_medium_or_above(hardened: tuple[Lab, ProbeResult, ProbeResult]) -> None:
    _, rp, provider = hardened
    serious = [(f.rule_id, f.location.url, f.message) for f in rp.report.findings + provider.report.findings
               if f.severity >= Severity.MEDIUM]
    assert serious == []


@pytest.mark.parametrize("mode", ["leaky", "hardened"])
def test_lab_over_tls(mode: str) -> None:
    """With the lab's throw-away CA: OG204 at its https severity (no HSTS) when leaky, nothing when hardened."""
    pytest.importorskip("cryptography")
    with running_lab(mode, tls=True) as lab:
        assert lab.ca_file is not None
        results = [probe(url, ProbeOptions(ca_file=str(lab.ca_file))) for url in (lab.rp_url, lab.provider_url)]
        untrusted = None
        try:
            probe(lab.rp_url, ProbeOptions())
        except Exception as exc:  # noqa: BLE001 - the assertion below names what is expected
            untrusted = exc
    findings = [f for r in results for f in r.report.findings]
    assert type(untrusted).__name__ == "TargetError" and "TLS" in str(untrusted)
    og204 = {(f.location.url, f.severity) for f in findings if f.rule_id == "OG204"}
    if mode == "leaky":
        assert og204 == {(lab.rp_url + "/", Severity.MEDIUM), (lab.provider_url + "/", Severity.MEDIUM)}
    else:
        assert og204 == set()
        assert [f for f in findings if f.severity >= Severity.MEDIUM] == []
