"""OG152: PKCE off, plain challenges, implicit flows, refresh-token reuse (settings)."""

from __future__ import annotations

from collections.abc import Iterator

from ...findings import Category, Confidence, Severity
from ...rules import Hit, rule
from ..context import SettingsContext
from ..helpers import is_false

_FRONT_CHANNEL = ("token", "id_token")


@rule(
    id="OG152",
    name="pkce-weakened",
    title="PKCE or flow hardening switched off",
    category=Category.PKCE,
    severity=Severity.LOW,
    confidence=Confidence.HIGH,
    cwe=(345, 287),
    remediation="Keep PKCE required with S256, support only response_type=code, and rotate refresh tokens.",
    subject="settings",
)
def pkce_weakened(ctx: SettingsContext) -> Iterator[Hit]:
    """
    ## What it does
    django-oauth-toolkit: `PKCE_REQUIRED = False` (or absent before 2.0.0, when False was the
    default), `OIDC_RESPONSE_TYPES_SUPPORTED` with implicit/hybrid types (`token`, `id_token`),
    `ROTATE_REFRESH_TOKEN = False`. mozilla-django-oidc: `OIDC_USE_PKCE = False` set explicitly,
    `OIDC_PKCE_CODE_CHALLENGE_METHOD = "plain"`.

    ## Why is this bad?
    PKCE makes an intercepted authorization code useless; without it, a code leaked through a
    log, a `Referer` or a loose redirect URI can be redeemed. Implicit flows put tokens in the
    browser URL. Unrotated refresh tokens stay valid after being stolen.

    ## Example
        OAUTH2_PROVIDER = {"PKCE_REQUIRED": False}     # OG152

    ## Use instead
        OAUTH2_PROVIDER = {"PKCE_REQUIRED": True}      # DOT's default since 2.0.0

    ## Known false positives
    Development and test modules are reported at info.

    ## References
    - RFC 7636 (PKCE); RFC 9700 §2.1.1 (PKCE for all clients), §2.1.2 (no implicit grant)
    - django-oauth-toolkit CHANGELOG 2.0.0 (PKCE_REQUIRED default True)
    """

    provider = ctx.get("OAUTH2_PROVIDER")
    if provider is not None and isinstance(provider.items, dict):
        pkce = provider.get("PKCE_REQUIRED")
        if is_false(pkce):
            yield Hit(ctx.location(pkce), "PKCE_REQUIRED is False: an intercepted authorization code can be redeemed",
                      severity=ctx.severity(Severity.LOW), anchor="PKCE_REQUIRED")
        dot = ctx.version("django-oauth-toolkit")
        if pkce is None and dot is not None and dot < (2, 0):
            yield Hit(ctx.location(provider), f"django-oauth-toolkit {'.'.join(map(str, dot))} does not require PKCE "
                      "unless PKCE_REQUIRED is set", severity=ctx.severity(Severity.LOW),
                      anchor="PKCE_REQUIRED-default")
        types = provider.get("OIDC_RESPONSE_TYPES_SUPPORTED")
        implicit = [t for t in types.strings() if set(t.split()) & set(_FRONT_CHANNEL)] if types else []
        if types is not None and implicit:
            yield Hit(ctx.location(types), f"implicit/hybrid response types enabled ({', '.join(implicit)}): tokens "
                      "travel in the browser URL", severity=ctx.severity(Severity.MEDIUM),
                      anchor="OIDC_RESPONSE_TYPES_SUPPORTED")
        rotate = provider.get("ROTATE_REFRESH_TOKEN")
        if is_false(rotate):
            yield Hit(ctx.location(rotate), "ROTATE_REFRESH_TOKEN is False: a stolen refresh token stays usable",
                      severity=ctx.severity(Severity.LOW), anchor="ROTATE_REFRESH_TOKEN")
    use_pkce = ctx.get("OIDC_USE_PKCE")
    if is_false(use_pkce) and use_pkce is not None and use_pkce.line is not None:
        yield Hit(ctx.location(use_pkce), "OIDC_USE_PKCE is False: the relying party sends no code challenge",
                  severity=ctx.severity(Severity.LOW), anchor="OIDC_USE_PKCE")
    method = ctx.get("OIDC_PKCE_CODE_CHALLENGE_METHOD")
    if method is not None and isinstance(method.effective, str) and method.effective.lower() == "plain":
        yield Hit(ctx.location(method), "PKCE 'plain' sends the verifier itself as the challenge: use S256",
                  severity=ctx.severity(Severity.MEDIUM), anchor="OIDC_PKCE_CODE_CHALLENGE_METHOD")
