"""OG123: CORS admits any origin together with credentials."""

from __future__ import annotations

import re
from collections.abc import Iterator

from ...findings import Category, Confidence, Severity
from ...rules import Hit, rule
from ..context import SettingsContext
from ..helpers import is_true

# Regexes that admit any origin: unanchored or a bare wildcard host.
_ANY = ("https://attacker.example", "http://evil.test", "null")


@rule(
    id="OG123",
    name="cors-any-origin-with-credentials",
    title="CORS allows any origin with credentials",
    category=Category.CORS,
    severity=Severity.HIGH,
    confidence=Confidence.HIGH,
    cwe=(942, 346),
    remediation="List the allowed origins in CORS_ALLOWED_ORIGINS; never combine allow-all with credentials.",
    subject="settings",
)
def cors_any_origin(ctx: SettingsContext) -> Iterator[Hit]:
    """
    ## What it does
    Flags django-cors-headers `CORS_ALLOW_ALL_ORIGINS`/`CORS_ORIGIN_ALLOW_ALL = True`, or a
    `CORS_ALLOWED_ORIGIN_REGEXES` entry that matches an arbitrary origin, when
    `CORS_ALLOW_CREDENTIALS = True`.

    ## Why is this bad?
    django-cors-headers then reflects any `Origin` with `Access-Control-Allow-Credentials: true`:
    any website the user visits can call the API with the user's session cookie and read the
    answers — userinfo, tokens, anything a logged-in user sees.

    ## Example
        CORS_ALLOW_ALL_ORIGINS = True
        CORS_ALLOW_CREDENTIALS = True      # OG123 on the line above

    ## Use instead
        CORS_ALLOWED_ORIGINS = ["https://app.example.com"]

    ## Known false positives
    Allow-all without credentials is not reported (public, cookie-less APIs).

    ## References
    - django-cors-headers README (CORS_ALLOW_CREDENTIALS)
    - CWE-942: Permissive Cross-domain Policy
    """
    if not is_true(ctx.get("CORS_ALLOW_CREDENTIALS")):
        return
    for name in ("CORS_ALLOW_ALL_ORIGINS", "CORS_ORIGIN_ALLOW_ALL"):
        value = ctx.get(name)
        if is_true(value):
            yield Hit(ctx.location(value), f"{name} with CORS_ALLOW_CREDENTIALS: any site can make credentialed "
                      "requests and read the answers", severity=ctx.severity(Severity.HIGH), anchor=name)
    for name in ("CORS_ALLOWED_ORIGIN_REGEXES", "CORS_ORIGIN_REGEX_WHITELIST"):
        value = ctx.get(name)
        for item in value.elements() if value else ():
            if isinstance(item.effective, str) and _admits_any(item.effective):
                yield Hit(ctx.location(item), f"{name} entry {item.effective!r} matches any origin, with credentials",
                          severity=ctx.severity(Severity.HIGH), anchor=item.effective)


def _admits_any(pattern: str) -> bool:
    try:
        regex = re.compile(pattern)
    except re.error:
        return False
    return any(regex.match(origin) for origin in _ANY[:2])
