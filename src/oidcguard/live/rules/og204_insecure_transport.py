"""OG204: no HTTPS, HTTP not redirected to HTTPS, missing or short HSTS."""

from __future__ import annotations

import re
from collections.abc import Iterator

import httpx

from ...findings import Category, Confidence, Severity
from ...rules import Hit, rule
from ..context import Fetched, ProbeContext, ProbeError

# Six months: Mozilla Observatory's floor for a passing HSTS policy; the preload list wants a year.
MIN_HSTS_SECONDS = 15_768_000


@rule(
    id="OG204",
    name="insecure-transport",
    title="No HTTPS, HTTP not redirected to HTTPS, or missing/short HSTS",
    category=Category.INSECURE_TRANSPORT,
    severity=Severity.MEDIUM,
    confidence=Confidence.HIGH,
    cwe=(319, 523),
    remediation="Serve only HTTPS: SECURE_SSL_REDIRECT = True (or redirect at the proxy) and "
    "SECURE_HSTS_SECONDS = 31536000 with SECURE_PROXY_SSL_HEADER set behind a proxy.",
    subject="probe",
    front="live",
)
def insecure_transport(ctx: ProbeContext) -> Iterator[Hit]:
    """
    ## What it does
    On a plain-http target, reports that the site (and so its session cookie and the OIDC
    callback carrying the code) is served without TLS: high on a public host, info on loopback
    (a development server). On an https target, checks that `http://` on the same host redirects
    to `https://`, and that the home page sends `Strict-Transport-Security` with a max-age of at
    least six months.

    ## Why is this bad?
    Without TLS, and without HSTS to stop the first plain-http request, the session cookie, the
    authorization code and any token in transit can be read or changed on the network. RFC 9700
    §4.1 (OAuth security BCP) and OIDC Core §16.17 require TLS for every OIDC exchange.

    ## Example
        GET https://portal.example/   ->   200, no Strict-Transport-Security header

    ## Use instead
        SECURE_SSL_REDIRECT = True
        SECURE_HSTS_SECONDS = 31536000
        SECURE_HSTS_INCLUDE_SUBDOMAINS = True

    ## Probe behaviour
    Uses the home page already fetched, plus one GET to `http://` on the same host and the default
    port when the target is `https://` on port 443. Nothing else.

    ## References
    - RFC 6797 (HSTS) §6.1, §7.2; RFC 9700 §4.1; OIDC Core 1.0 §16.17
    - https://docs.djangoproject.com/en/stable/ref/middleware/#http-strict-transport-security
    - CWE-319, CWE-523
    """
    home = ctx.get("", follow=True)
    if not ctx.is_https:
        if ctx.is_loopback:
            yield Hit(
                location=ctx.location(home),
                message="served over plain HTTP (loopback development server; production must use TLS)",
                severity=Severity.INFO,
                anchor="no-https",
            )
        else:
            yield Hit(
                location=ctx.location(home),
                message="site is served over plain HTTP: session cookies and OIDC codes travel in clear",
                severity=Severity.HIGH,
                anchor="no-https",
            )
        return
    if home.ok:
        yield from _hsts(ctx, home.header("strict-transport-security"), home)
    twin = ctx.http_twin
    if twin is None:
        return
    plain = f"http://{twin[1]}/"
    try:
        answer = ctx.get(plain)
    except ProbeError:
        return
    if not answer.ok:
        return  # nothing listens on port 80: nothing is served in clear
    if answer.is_redirect:
        target = httpx.URL(plain).join(answer.location or "")
        if target.scheme == "https":
            return
    yield Hit(
        location=ctx.location(answer),
        message=f"http:// is answered (HTTP {answer.status}) without a redirect to https://",
        anchor="no-https-redirect",
    )


def _hsts(ctx: ProbeContext, value: str | None, home: Fetched) -> Iterator[Hit]:
    if not value:
        yield Hit(
            location=ctx.location(home),
            message="no Strict-Transport-Security header: the first plain-http request can be intercepted",
            anchor="no-hsts",
        )
        return
    m = re.search(r"max-age\s*=\s*\"?(\d+)", value, re.I)
    seconds = int(m.group(1)) if m else 0
    if seconds < MIN_HSTS_SECONDS:
        yield Hit(
            location=ctx.location(home),
            message=f"Strict-Transport-Security max-age={seconds} is shorter than six months",
            severity=Severity.MEDIUM if seconds == 0 else Severity.LOW,
            evidence=f"Strict-Transport-Security: {value[:120]}",
            anchor="short-hsts",
        )
