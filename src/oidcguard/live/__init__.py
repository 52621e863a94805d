"""The live front: `oidcguard probe URL`, a safe prober of a running Django OIDC site.

    from oidcguard.live import ProbeOptions, probe
    result = probe("http://127.0.0.1:8000/", ProbeOptions(max_requests=100))
    result.report.findings, result.requests, result.duration_s
"""

from .context import (
    BudgetExceeded,
    Fetched,
    NotAllowed,
    OffTarget,
    ProbeContext,
    ProbeError,
    ProbeOptions,
    TargetError,
    safe_url,
)
from .engine import ProbeResult, aprobe, live_rules, probe

__all__ = [
    "BudgetExceeded",
    "Fetched",
    "NotAllowed",
    "OffTarget",
    "ProbeContext",
    "ProbeError",
    "ProbeOptions",
    "ProbeResult",
    "TargetError",
    "aprobe",
    "live_rules",
    "probe",
    "safe_url",
]
