"""`oidcguard demo`: every front on the bundled demo targets, one combined report.

The static part scans `leaky_project/` (a mozilla-django-oidc relying party with planted
leaks). The live part, when the `lab` extra is installed, starts the leaky lab (a real
django-oauth-toolkit provider and mozilla-django-oidc relying party on 127.0.0.1), runs a real
login, probes both sites, scans the lab's source and the DEBUG logs the login produced.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

from ..config import Config
from ..report import Report
from ..rules import Catalogue
from ..static.engine import scan_project

DEMO_DIR = Path(__file__).parent
LEAKY_PROJECT = DEMO_DIR / "leaky_project"
HARDENED_PROJECT = DEMO_DIR / "hardened_project"


def run_demo(config: Config, catalogue: Catalogue, *, static_only: bool = False,
             note: Callable[[str], None] = lambda _: None) -> Report:
    started = time.perf_counter()
    combined = Report(front="demo", target="bundled demo targets")
    note(f"oidcguard demo: scanning {LEAKY_PROJECT.name} (static)")
    combined.merge(_prefixed(scan_project(LEAKY_PROJECT, config, catalogue), "leaky_project"))
    if not static_only:
        live = _live_part(config, catalogue, note)
        if live is not None:
            combined.merge(live)
    combined.duration_s = time.perf_counter() - started
    return combined


def _prefixed(report: Report, prefix: str) -> Report:
    """Paths relative to the demo folder, so findings of several targets stay apart."""
    from dataclasses import replace

    report.findings = [
        replace(f, location=replace(f.location, path=f"{prefix}/{f.location.path}"))
        if f.location.path is not None else f
        for f in report.findings
    ]
    return report


def _live_part(config: Config, catalogue: Catalogue, note: Callable[[str], None]) -> Report | None:
    try:
        from ..lab import running_lab
        from ..lab.login import real_login
    except ImportError as exc:
        note(f"oidcguard demo: live part skipped ({exc}); install the lab extra: pip install 'oidcguard[lab]'")
        return None
    from ..live import ProbeOptions, TargetError
    from ..live import probe as run_probe
    from ..logs import LogOptions, scan_logs
    from ..logs.known import load

    report = Report(front="demo", target="lab")
    note("oidcguard demo: starting the leaky lab (django-oauth-toolkit provider + mozilla-django-oidc RP)")
    with running_lab("leaky") as lab:
        login = real_login(lab)
        note(f"oidcguard demo: real login done ({len(login.steps)} steps); probing {lab.rp_url} and "
             f"{lab.provider_url}")
        live_rules = [r for r in catalogue if r.front == "live" and config.wants_rule(r.id, r.category)]
        for url, client_id in ((lab.rp_url, None), (lab.provider_url, lab.public_client_id)):
            options = ProbeOptions(client_id=client_id, redirect_uri=lab.callback_url if client_id else None,
                                   known_secrets=tuple(lab.secrets().values()))
            try:
                result = run_probe(url, options, rules=live_rules, show_secrets=config.show_secrets)
            except TargetError as exc:
                note(f"oidcguard demo: cannot probe {url}: {exc}")
                continue
            report.merge(result.report)
        note(f"oidcguard demo: scanning the lab's source and the DEBUG log of the login ({lab.log_path.name})")
        report.merge(_prefixed(scan_project(lab.source_dir, config, catalogue), "lab"))
        known = load(env_files=[lab.env_file])
        logs_report = scan_logs([str(lab.log_path)], LogOptions(known=known, show_secrets=config.show_secrets))
        logs_report.findings = [f for f in logs_report.findings if config.wants(f)]
        report.merge(logs_report)
    return report
