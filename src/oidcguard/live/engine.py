"""Run the live rules against one target: discovery, then the rules, in two stages.

Stage 1 runs the rules that make their own requests (concurrently, each in a worker thread whose
requests the event loop serves with bounded concurrency). Stage 2 runs the passive rules, which
read every response fetched so far: running them last makes their result independent of the
order in which stage 1 happened to finish.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import httpx

from ..findings import Finding, ToolError
from ..report import Report
from ..rules import Catalogue, Rule, load_catalogue
from ..shapes import find_known, redact
from .context import BudgetExceeded, ProbeContext, ProbeError, ProbeOptions, TargetError, origin_of, safe_url
from .discovery import discover

# Rules that only read responses other rules and discovery fetched.
PASSIVE_RULES: frozenset[str] = frozenset({"OG201", "OG202", "OG203", "OG209", "OG212", "OG213"})


@dataclass(frozen=True, slots=True)
class ProbeResult:
    report: Report
    requests: int
    duration_s: float


def live_rules(catalogue: Catalogue | None = None) -> tuple[Rule, ...]:
    """The live rules: the bundled ones and any plugin rule declared for the "probe" subject.

    Only the live package is imported: a probe does not depend on the other fronts' rules.
    """
    catalogue = catalogue or load_catalogue(("oidcguard.live.rules",))
    return tuple(r for r in catalogue if r.front == "live" and "probe" in r.subjects)


def probe(
    url: str,
    options: ProbeOptions | None = None,
    *,
    rules: Iterable[Rule] | None = None,
    transport: httpx.AsyncBaseTransport | None = None,
    show_secrets: bool = False,
    on_request: Callable[[int], None] | None = None,
) -> ProbeResult:
    """Probe `url` and return the report. Raises TargetError when the target cannot be probed."""
    return asyncio.run(
        aprobe(url, options, rules=rules, transport=transport, show_secrets=show_secrets,
               on_request=on_request)
    )


async def aprobe(
    url: str,
    options: ProbeOptions | None = None,
    *,
    rules: Iterable[Rule] | None = None,
    transport: httpx.AsyncBaseTransport | None = None,
    show_secrets: bool = False,
    on_request: Callable[[int], None] | None = None,
) -> ProbeResult:
    started = time.monotonic()
    selected = tuple(rules) if rules is not None else live_rules()
    ctx = ProbeContext(url, options, transport=transport, on_request=on_request)
    report = Report(front="probe", target=safe_url(ctx.base_url))
    async with ctx:
        try:
            home = await ctx.fetch("GET", "", follow=True)
        except (ProbeError, BudgetExceeded) as exc:
            raise TargetError(str(exc)) from None
        if not home.ok:
            raise TargetError(home.error)
        ctx.site = await discover(ctx)
        active = [r for r in selected if r.id not in PASSIVE_RULES]
        passive = [r for r in selected if r.id in PASSIVE_RULES]
        loop = asyncio.get_running_loop()
        # A pool of our own, one thread per rule: rule threads block on requests that the loop
        # serves, and the loop needs the default executor for getaddrinfo; sharing it could
        # starve name resolution on a machine with few cores.
        pool = ThreadPoolExecutor(max_workers=max(1, len(active), len(passive)), thread_name_prefix="oidcguard-rule")
        try:
            for stage in (active, passive):
                outcomes = await asyncio.gather(
                    *(loop.run_in_executor(pool, _run_rule, rule, ctx, show_secrets) for rule in stage)
                )
                for findings, errors in outcomes:
                    report.findings.extend(findings)
                    report.errors.extend(errors)
        finally:
            # Never wait here: on cancellation (Ctrl-C) rule threads may be waiting for this very
            # loop; they give up on their own within one timeout (ProbeContext.request).
            pool.shutdown(wait=False, cancel_futures=True)
        if ctx.exhausted:
            report.errors.append(ToolError(report.target, f"stopped early, some checks skipped: {ctx.exhausted}"))
        for response in ctx.responses():
            # A closed port 80 next to an https target is the good case of OG204, not an error.
            if not response.ok and origin_of(response.url) == origin_of(ctx.base_url):
                report.errors.append(ToolError(safe_url(response.url), response.error))
    report.findings = _dedupe(report.findings)
    report.errors = _dedupe_errors(report.errors)
    report.duration_s = time.monotonic() - started
    return ProbeResult(report=report, requests=ctx.requests_sent, duration_s=report.duration_s)


def _run_rule(rule: Rule, ctx: ProbeContext, show_secrets: bool) -> tuple[list[Finding], list[ToolError]]:
    """Run one rule to completion in a worker thread; a failing rule never stops the run."""
    findings: list[Finding] = []
    try:
        for finding in rule.run(ctx, show_secrets=show_secrets):
            findings.append(finding)
    except BudgetExceeded:
        return findings, []  # reported once for the whole run (ctx.exhausted)
    except ProbeError as exc:
        return findings, [ToolError(rule.id, f"{type(exc).__name__}: {exc}")]
    except Exception as exc:  # a crashing rule is a tool error for this rule; the run goes on
        return findings, [ToolError(rule.id, f"rule crashed: {type(exc).__name__}: {_masked(str(exc))}")]
    return findings, []


def _masked(text: str) -> str:
    """An exception message, shortened, with any secret shape in it redacted."""
    for match in find_known(text):
        text = text.replace(match.value, redact(match.value))
    return text.splitlines()[0][:160] if text else ""


def _dedupe(findings: list[Finding]) -> list[Finding]:
    seen: set[tuple[str, str]] = set()
    out: list[Finding] = []
    for f in sorted(findings, key=lambda f: (f.rule_id, f.location.url or "", f.message)):
        key = (f.fingerprint, str(f.location))
        if key not in seen:
            seen.add(key)
            out.append(f)
    return out


def _dedupe_errors(errors: list[ToolError]) -> list[ToolError]:
    seen: set[tuple[str, str]] = set()
    out: list[ToolError] = []
    for e in errors:
        if (e.path, e.reason) not in seen:
            seen.add((e.path, e.reason))
            out.append(e)
    return out
