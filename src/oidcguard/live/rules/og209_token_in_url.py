"""OG209: tokens in Location headers, links or page URLs; callback pages without Referrer-Policy."""

from __future__ import annotations

import re
from collections.abc import Iterator

import httpx

from ...findings import Category, Confidence, Severity
from ...rules import Hit, rule
from ...shapes import decode_jwt, find_known
from ..analysis import extract_links
from ..context import Fetched, ProbeContext, ProbeError, query_params

# Parameters that carry tokens or client credentials (RFC 6749 §4.2.2, §5.1; OIDC Core §3.2.2.5).
# `code` is left out: a code in the redirect back to the RP is the authorization code flow.
_TOKEN_PARAMS = ("access_token", "refresh_token", "id_token", "client_secret", "token")
_SEVERE = frozenset({"refresh_token", "client_secret"})
# Referrer policies that still send the full URL (with its code) to other origins.
_WEAK_POLICIES = frozenset({"unsafe-url", "no-referrer-when-downgrade"})
_META_REFERRER = re.compile(r"<meta[^>]+name=[\"']referrer[\"'][^>]*content=[\"']([^\"']+)", re.I)


@rule(
    id="OG209",
    name="token-in-url",
    title="Token in a redirect Location, link or page URL; callback without Referrer-Policy",
    category=Category.TOKEN_IN_URL,
    severity=Severity.MEDIUM,
    confidence=Confidence.HIGH,
    cwe=(598, 200),
    remediation="Keep tokens out of URLs: hand them over in a POST body or keep them server-side, "
    "use the code flow, and send Referrer-Policy: same-origin (Django's default) on the callback.",
    subject="probe",
    front="live",
)
def token_in_url(ctx: ProbeContext) -> Iterator[Hit]:
    """
    ## What it does
    Reports `Location` headers and links in pages whose query or fragment carries
    `access_token`, `id_token`, `refresh_token`, `client_secret`, `token` or any JWT (medium;
    high for a refresh token or client secret), a `Location` forwarding an authorization `code`
    from anywhere but the provider's authorization endpoint (medium), and an RP callback page
    served without a `Referrer-Policy` (low) or with one that leaks full URLs across origins
    (medium).

    ## Why is this bad?
    A URL is copied into access logs, proxies, browser history and the `Referer` header of the
    next request. RFC 6750 §2.3 and RFC 9700 §4.3 advise against tokens in URLs; the callback URL
    carries the authorization code, which leaks through `Referer` to any third-party resource
    the callback page loads.

    ## Example
        HTTP/1.1 302 Found
        Location: https://spa.example/cb?access_token=eyJ…&refresh_token=bwmW…

    ## Use instead
    Return to the front end without tokens in the URL (a session, or a POST-based handover), and
    keep `SECURE_REFERRER_POLICY = "same-origin"`.

    ## Probe behaviour
    Passive for Location headers and links: reads what the other checks fetched. One GET to the
    RP callback (no parameters) for its Referrer-Policy. Tokens are never shown whole: the
    finding's URL keeps parameter names only.

    ## References
    - RFC 6750 §2.3, §5.3; RFC 9700 §4.2, §4.3.2
    - https://docs.djangoproject.com/en/stable/ref/middleware/#referrer-policy
    - CWE-598, CWE-200
    """
    seen: set[str] = set()
    authorize = ctx.site.endpoints.get("authorization_endpoint", "")
    for response in ctx.responses():
        if response.is_redirect:
            # A provider's authorization endpoint sends the code back to the RP: that is the flow.
            # Anyone else forwarding a code in a URL spreads it (RFC 9700 §4.2).
            with_code = not response.url.startswith(authorize) if authorize else True
            found = _tokens(response.location or "", with_code=with_code)
            if found and found[0][1] not in seen:
                seen.update(v for _, v in found)
                yield _hit(ctx, response, found, "Location header")
        if response.ok and "html" in response.content_type:
            for _tag, href in extract_links(response.text):
                found = _tokens(href)
                if found and found[0][1] not in seen:
                    seen.update(v for _, v in found)
                    yield _hit(ctx, response, found, "link in the page")
    yield from _callback_referrer_policy(ctx)


def _tokens(url: str, *, with_code: bool = False) -> list[tuple[str, str]]:
    """(parameter, value) pairs of `url` that hold tokens, most severe first."""
    if "?" not in url and "#" not in url:
        return []
    found: list[tuple[str, str]] = []
    for name, value in query_params(url).items():
        if len(value) < 8:
            continue
        if with_code and name.lower() == "code" and len(value) >= 16 and " " not in value:
            found.append((name, value))
        elif name.lower() in _TOKEN_PARAMS or (decode_jwt(value) is not None):
            found.append((name, value))
        elif any(m.kind != "jwt" for m in find_known(value)):
            found.append((name, value))
    found.sort(key=lambda pair: pair[0].lower() not in _SEVERE)
    return found


def _hit(ctx: ProbeContext, response: Fetched, found: list[tuple[str, str]], where: str) -> Hit:
    names = [name for name, _ in found]
    severe = any(n.lower() in _SEVERE for n in names)
    if not severe:
        info = decode_jwt(found[0][1])
        severe = info is not None and info.token_type == "refresh"
    target = ctx.safe_url(_target_of(response, where))
    return Hit(
        location=ctx.location(response),
        message=f"{where} carries {', '.join(sorted(set(names)))} in the URL",
        secret=found[0][1],
        severity=Severity.HIGH if severe else Severity.MEDIUM,
        evidence=f"{where}: {target}",
        anchor=f"{where}:{','.join(sorted(set(names)))}",
    )


def _target_of(response: Fetched, where: str) -> str:
    if where == "Location header":
        return str(httpx.URL(response.url).join(response.location or ""))
    return response.url


def _callback_referrer_policy(ctx: ProbeContext) -> Iterator[Hit]:
    callback = ctx.site.callback
    if callback is None:
        return
    try:
        page = ctx.get(callback)
    except ProbeError:
        return
    if not page.ok or page.is_redirect or "html" not in page.content_type:
        return  # a redirect sends no Referer of its own URL; only a rendered page leaks it
    header = (page.header("referrer-policy") or "").lower()
    meta = _META_REFERRER.search(page.text)
    policies = [p.strip() for p in (header.split(",") if header else [])]
    if meta:
        policies.append(meta.group(1).strip().lower())
    if not policies:
        yield Hit(
            location=ctx.location(page),
            message="OIDC callback page is served without a Referrer-Policy (the code can leak via Referer)",
            severity=Severity.LOW,
            anchor="callback-no-referrer-policy",
        )
    elif policies[-1] in _WEAK_POLICIES:  # the last recognised policy wins (W3C Referrer Policy §11.1)
        yield Hit(
            location=ctx.location(page),
            message=f"OIDC callback page sends Referrer-Policy: {policies[-1]} (full URL, with the code, "
            "goes to other origins)",
            evidence=f"Referrer-Policy: {policies[-1]}",
            anchor="callback-weak-referrer-policy",
        )
