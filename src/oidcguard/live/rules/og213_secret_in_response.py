"""OG213: secrets or the app's configured secret values in served HTML/JS/JSON."""

from __future__ import annotations

from collections.abc import Iterator

from ...findings import Category, Confidence, Severity
from ...rules import Hit, rule
from ..analysis import private_jwks_members, secrets_in_text, technical_kind, with_article
from ..context import ProbeContext
from ..discovery import CANARY_SECRET


@rule(
    id="OG213",
    name="secret-in-response",
    title="Secret served in a page, script or JSON document",
    category=Category.SECRET_IN_RESPONSE,
    severity=Severity.HIGH,
    confidence=Confidence.HIGH,
    cwe=(200, 540, 522),
    remediation="Rotate the exposed secret and keep it server-side: never render settings, client "
    "secrets or tokens into templates, scripts or API answers; publish only public JWKS members.",
    subject="probe",
    front="live",
)
def secret_in_response(ctx: ProbeContext) -> Iterator[Hit]:
    """
    ## What it does
    Looks inside every successfully served page, script and JSON document (after decoding HTML
    entities) for secrets: known key formats, JWTs, private keys, passwords inside URLs,
    credential-named values (`client_secret: "…"`, `"OIDC_RP_CLIENT_SECRET": "…"`), the app's own
    configured secret values (`secret-env` in `[tool.oidcguard]`), and private-key members
    (`d`, `p`, `q`, …, or a symmetric `k`) in the provider's JWKS.

    ## Why is this bad?
    Anything served is public. A client secret in a page lets anyone impersonate the RP at the
    provider; a private JWKS member lets anyone sign ID tokens the provider's clients accept.

    ## Example
        <script>const oidc = {clientId: "portal", clientSecret: "kq3T…"};</script>

    ## Use instead
    Public clients use PKCE and no secret; confidential clients keep the secret in the server's
    environment.

    ## Known problems
    Some keys are public by design when restricted elsewhere (a Google Maps browser key limited
    by referrer, a Stripe publishable key): review those and suppress them with a baseline.

    ## Probe behaviour
    Passive: reads the pages, scripts and documents discovery fetched (home page, linked pages and
    scripts up to a cap, metadata, JWKS). Error pages are OG202's. Each secret is reported once,
    redacted, with a hash that ties it to the same secret found by other fronts.

    ## References
    - RFC 7517 §4, RFC 7518 §6.2.2, §6.3.2, §6.4 (private JWK members)
    - CWE-200, CWE-540, CWE-522
    """
    seen: set[str] = set()
    jwks = ctx.site.endpoints.get("jwks_uri")
    for response in ctx.responses():
        if not response.ok or response.status >= 400 or technical_kind(response) is not None:
            continue
        if jwks is not None and response.url == jwks:
            members = private_jwks_members(response.json())
            if members:
                doc = response.json()
                first_private = next(
                    str(k[m]) for k in doc["keys"] if isinstance(k, dict) for m in members if m in k
                )
                seen.add(first_private)
                yield Hit(
                    location=ctx.location(response),
                    message=f"JWKS publishes private key members ({', '.join(members)})",
                    secret=first_private,
                    severity=Severity.CRITICAL,
                    secret_kind="private-key",
                )
        plain = not any(t in response.content_type for t in ("html", "json", "javascript", "xml"))
        for item in secrets_in_text(response.decoded, ctx.options.known_secrets, env_lines=plain):
            if item.value in seen or item.value == CANARY_SECRET:  # our own fake, echoed: OG206's
                continue
            seen.add(item.value)
            where = f" under {item.name}" if item.name else ""
            yield Hit(
                location=ctx.location(response),
                message=f"served {response.content_type or 'response'} contains {with_article(item.label)}{where}",
                secret=item.value,
                severity=max(item.severity, Severity.HIGH),
                evidence=item.context or f"{item.name + ': ' if item.name else ''}{item.value}",
                secret_kind=item.kind,
            )
