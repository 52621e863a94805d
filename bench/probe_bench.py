"""Live probe benchmark: wall time and request count of a full probe of the leaky lab (SPEC §5).

    python bench/probe_bench.py [--runs N] [--concurrency N] [--active]

Starts the leaky lab (django-oauth-toolkit provider + mozilla-django-oidc RP on 127.0.0.1),
then runs a full probe of each site N times and prints, per site, the best and median wall
time, the request count, requests per second and the findings per severity. The default is the
safe probe (GET/HEAD/OPTIONS, no client id); `--active` adds the malformed POSTs and the
redirect-URI tests with the lab's public client. Lab start-up (about 5 s) is not counted.
Traffic goes only to the lab's loopback ports.
"""

from __future__ import annotations

import argparse
import statistics
import sys
from collections import Counter

from oidcguard.lab import running_lab
from oidcguard.live import ProbeOptions, ProbeResult, probe


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--concurrency", type=int, default=ProbeOptions().concurrency)
    parser.add_argument("--active", action="store_true")
    args = parser.parse_args(argv)

    with running_lab("leaky") as lab:
        targets = {
            "rp": (lab.rp_url, ProbeOptions(concurrency=args.concurrency, active=args.active)),
            "provider": (lab.provider_url, ProbeOptions(
                concurrency=args.concurrency, active=args.active,
                client_id=lab.public_client_id if args.active else None,
                redirect_uri=lab.callback_url if args.active else None)),
        }
        mode = "active" if args.active else "safe"
        print(f"probe benchmark: leaky lab, {mode} probe, concurrency {args.concurrency}, {args.runs} runs")
        print(f"{'site':<9} {'best s':>7} {'median s':>9} {'requests':>9} {'req/s':>7}  "
              "findings (crit/high/med/low/info)")
        total_best = 0.0
        total_requests = 0
        for name, (url, options) in targets.items():
            results: list[ProbeResult] = [probe(url, options) for _ in range(args.runs)]
            times = [r.duration_s for r in results]
            last = results[-1]
            counts = Counter(f.severity.label for f in last.report.findings)
            severities = "/".join(str(counts.get(s, 0)) for s in ("critical", "high", "medium", "low", "info"))
            best = min(times)
            total_best += best
            total_requests += last.requests
            rules = " ".join(sorted({f.rule_id for f in last.report.findings}))
            print(f"{name:<9} {best:>7.2f} {statistics.median(times):>9.2f} {last.requests:>9} "
                  f"{last.requests / best:>7.0f}  {severities}  rules: {rules}")
        print(f"{'both':<9} {total_best:>7.2f} {'':>9} {total_requests:>9}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
