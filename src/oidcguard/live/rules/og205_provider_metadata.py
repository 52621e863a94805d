"""OG205: problems in the provider's discovery document."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import httpx

from ...findings import Category, Confidence, Severity
from ...rules import Hit, rule
from ..context import ProbeContext, is_loopback_host

# RFC 9700 §2.1.2: clients should not use the implicit grant or other response types that put
# tokens in the authorization response (the browser's URL).
_FRONT_CHANNEL = frozenset({"token", "id_token"})
_WELL_KNOWN = ("/.well-known/openid-configuration", "/.well-known/oauth-authorization-server")


@rule(
    id="OG205",
    name="provider-metadata",
    title="Discovery document problem (issuer, http endpoints, alg none, implicit, no S256)",
    category=Category.PROVIDER_METADATA,
    severity=Severity.MEDIUM,
    confidence=Confidence.HIGH,
    cwe=(16, 327, 319),
    remediation="Publish the exact issuer, https:// endpoints only, no 'none' signing algorithm, "
    "response_types_supported = ['code'] and code_challenge_methods_supported = ['S256'].",
    subject="probe",
    front="live",
)
def provider_metadata(ctx: ProbeContext) -> Iterator[Hit]:
    """
    ## What it does
    Reads `/.well-known/openid-configuration` (and RFC 8414's
    `/.well-known/oauth-authorization-server`, at the root and under django-oauth-toolkit's
    `o/`) and reports: an `issuer` that differs from the URL the document was fetched from
    (high); `http://` endpoints on a non-loopback host (high); `none` among the signing
    algorithms (high); implicit or hybrid response types (medium); no `S256` PKCE method
    (medium) or `plain` still offered (low).

    ## Why is this bad?
    Clients trust this document: a wrong issuer breaks ID token validation (or is bypassed),
    `none` invites unsigned ID tokens, implicit response types put tokens in browser URLs
    (RFC 9700 §2.1.2), and without S256 clients cannot protect the code (RFC 9700 §2.1.1).

    ## Example
        {"issuer": "https://login.example", "response_types_supported": ["code", "id_token token"],
         "id_token_signing_alg_values_supported": ["RS256", "none"]}

    ## Use instead
        OAUTH2_PROVIDER = {"OIDC_RESPONSE_TYPES_SUPPORTED": ["code"], "PKCE_REQUIRED": True, ...}

    ## Probe behaviour
    Reads the metadata documents discovery fetched (GET only). No other request.

    ## References
    - OpenID Connect Discovery 1.0 §3 and §4.3 (issuer must be identical)
    - RFC 8414 §2, §3.3; RFC 9700 §2.1.1, §2.1.2; RFC 7636 §4.2
    - CWE-16, CWE-327, CWE-319
    """
    response = ctx.site.metadata_response
    doc: dict[str, Any] = ctx.site.metadata
    if response is None or not doc:
        return
    where = ctx.location(response)
    issuer = doc.get("issuer")
    expected = _expected_issuer(response.url)
    if isinstance(issuer, str) and expected is not None and issuer.rstrip("/") != expected.rstrip("/"):
        yield Hit(
            location=where,
            message=f"issuer {issuer!r} differs from where the document is served ({expected!r})",
            severity=Severity.HIGH,
            anchor="issuer-mismatch",
        )
    insecure = sorted(
        key for key, value in doc.items()
        if (key.endswith("_endpoint") or key in ("issuer", "jwks_uri"))
        and isinstance(value, str) and value.startswith("http://")
        and not is_loopback_host(httpx.URL(value).host)
    )
    if insecure:
        yield Hit(
            location=where,
            message=f"http:// URLs published for {', '.join(insecure)}",
            severity=Severity.HIGH,
            anchor="http-endpoints",
        )
    none_algs = sorted(
        key for key, value in doc.items()
        if key.endswith("_alg_values_supported") and isinstance(value, list)
        and any(str(v).lower() == "none" for v in value)
    )
    if none_algs:
        yield Hit(
            location=where,
            message=f"'none' (unsigned tokens) is offered in {', '.join(none_algs)}",
            severity=Severity.HIGH,
            anchor="alg-none",
        )
    types = doc.get("response_types_supported")
    if isinstance(types, list):
        front = sorted({str(t) for t in types if set(str(t).split()) & _FRONT_CHANNEL})
        if front:
            yield Hit(
                location=where,
                message=f"implicit/hybrid response types offered: {', '.join(front)} (tokens in browser URLs)",
                anchor="implicit",
            )
    methods = doc.get("code_challenge_methods_supported")
    if doc.get("authorization_endpoint"):
        if not isinstance(methods, list) or "S256" not in methods:
            yield Hit(
                location=where,
                message="code_challenge_methods_supported does not list S256 (PKCE)",
                anchor="no-s256",
            )
        elif "plain" in methods:
            yield Hit(
                location=where,
                message="PKCE method 'plain' is still offered beside S256",
                severity=Severity.LOW,
                anchor="pkce-plain",
            )


def _expected_issuer(url: str) -> str | None:
    """OIDC Discovery §4: the issuer is the document URL minus the well-known suffix."""
    base = url.split("?", 1)[0].rstrip("/")
    for suffix in _WELL_KNOWN:
        if base.endswith(suffix):
            return base[: -len(suffix)] or None
    return None
