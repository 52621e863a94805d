"""OG131: HTTPS not enforced for the site (redirect, HSTS, proxy header, http redirect URIs)."""

from __future__ import annotations

from collections.abc import Iterator

from ...findings import Category, Confidence, Severity
from ...rules import Hit, rule
from ..context import SettingsContext
from ..helpers import anchor, is_false, is_true, silenced
from ..project import Role


@rule(
    id="OG131",
    name="https-not-enforced",
    title="HTTPS not enforced",
    category=Category.INSECURE_TRANSPORT,
    severity=Severity.LOW,
    confidence=Confidence.MEDIUM,
    cwe=(319, 523),
    remediation="Set SECURE_SSL_REDIRECT = True, SECURE_HSTS_SECONDS >= 31536000, SECURE_PROXY_SSL_HEADER behind a "
    "TLS-terminating proxy, and build OIDC redirect URIs with https.",
    subject="settings",
)
def https_not_enforced(ctx: SettingsContext) -> Iterator[Hit]:
    """
    ## What it does
    In the production chain, flags `SECURE_SSL_REDIRECT = False`, `SECURE_HSTS_SECONDS` of 0 (or
    absent while an OIDC library is used), `USE_X_FORWARDED_HOST = True` without
    `SECURE_PROXY_SSL_HEADER`, and settings that make OIDC libraries build `http://` redirect
    URIs: `SOCIAL_AUTH_REDIRECT_IS_HTTPS = False`, allauth `ACCOUNT_DEFAULT_HTTP_PROTOCOL = "http"`.

    ## Why is this bad?
    Without HSTS and a redirect, the first request of a session can go over plain http, where
    the session cookie and the login redirect can be read or rewritten. An `http://` redirect URI
    sends the authorization code over the network in clear.

    ## Example
        SECURE_HSTS_SECONDS = 0            # OG131

    ## Use instead
        SECURE_HSTS_SECONDS = 31536000
        SECURE_SSL_REDIRECT = True

    ## Known false positives
    Sites whose proxy enforces HTTPS and HSTS can suppress with `# noqa: OG131`. Where the project
    silenced Django's own check (`security.W004`, `security.W008` in `SILENCED_SYSTEM_CHECKS`), or
    sets HSTS and `SECURE_PROXY_SSL_HEADER` while `SECURE_SSL_REDIRECT` is off (the proxy
    redirects), the finding is an info note. Development and test modules are not reported.

    ## References
    - Django docs: SECURE_HSTS_SECONDS, SECURE_SSL_REDIRECT (`check --deploy` W004, W008)
    - CWE-319, CWE-523
    """
    if ctx.role is not Role.PRODUCTION:
        return
    redirect = ctx.get("SECURE_SSL_REDIRECT")
    hsts = ctx.get("SECURE_HSTS_SECONDS")
    hsts_on = hsts is not None and hsts.known and bool(hsts.effective)
    if is_false(redirect):
        # With HSTS and the proxy header set, the redirect is the proxy's job (found on bluebutton:
        # "ALB handles HTTPS redirect"); a silenced security.W008 records the same decision.
        handled = (hsts_on and ctx.get("SECURE_PROXY_SSL_HEADER") is not None) or silenced(ctx, "security.W008")
        yield Hit(ctx.location(redirect), "SECURE_SSL_REDIRECT is False: plain-http requests are served"
                  + (" (the proxy is said to redirect)" if handled else ""),
                  severity=Severity.INFO if handled else None, anchor="SECURE_SSL_REDIRECT")
    hsts_silenced = silenced(ctx, "security.W004")
    if hsts is not None and hsts.known and not hsts.effective:
        yield Hit(ctx.location(hsts), "SECURE_HSTS_SECONDS is 0: browsers are not told to insist on https",
                  severity=Severity.INFO if hsts_silenced else None, anchor="SECURE_HSTS_SECONDS")
    elif hsts is None and ctx.uses_oidc() and not ctx.runtime and not hsts_silenced:
        where = anchor(ctx, "SECURE_SSL_REDIRECT", "SESSION_COOKIE_SECURE", "MIDDLEWARE", "INSTALLED_APPS")
        if where is not None:
            yield Hit(ctx.location(where), "SECURE_HSTS_SECONDS is not set: browsers are not told to insist on https",
                      confidence=Confidence.LOW, anchor="SECURE_HSTS_SECONDS-absent")
    forwarded = ctx.get("USE_X_FORWARDED_HOST")
    if is_true(forwarded) and ctx.get("SECURE_PROXY_SSL_HEADER") is None:
        yield Hit(ctx.location(forwarded), "behind a proxy without SECURE_PROXY_SSL_HEADER, Django sees every request "
                  "as http and builds http:// redirect URIs", anchor="SECURE_PROXY_SSL_HEADER")
    social = ctx.get("SOCIAL_AUTH_REDIRECT_IS_HTTPS")
    if is_false(social):
        yield Hit(ctx.location(social), "SOCIAL_AUTH_REDIRECT_IS_HTTPS is False: social-auth builds http:// redirect "
                  "URIs, and the authorization code crosses the network in clear", severity=Severity.MEDIUM,
                  anchor="SOCIAL_AUTH_REDIRECT_IS_HTTPS")
    protocol = ctx.get("ACCOUNT_DEFAULT_HTTP_PROTOCOL")
    if protocol is not None and protocol.effective == "http":
        yield Hit(ctx.location(protocol), "ACCOUNT_DEFAULT_HTTP_PROTOCOL is 'http': allauth builds http:// redirect "
                  "URIs for the provider", severity=Severity.MEDIUM, anchor="ACCOUNT_DEFAULT_HTTP_PROTOCOL")
