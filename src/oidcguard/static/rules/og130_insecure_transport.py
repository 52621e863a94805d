"""OG130: OIDC back-channel without TLS verification, or over plain http."""

from __future__ import annotations

import re
from collections.abc import Iterator

from ...findings import Category, Confidence, Severity
from ...rules import Hit, rule
from ..code_parts import og130_code
from ..context import ModuleSubject, SettingsContext
from ..helpers import insecure_http_url, walk
from ..values import Origin

# Settings (or nested keys) that name an OIDC/OAuth endpoint or issuer.
_ENDPOINT_NAME = re.compile(
    r"^(OIDC_|SOCIAL_AUTH_|KEYCLOAK_|OKTA_|AUTH0_|AZURE_AD_|OAUTH2?_).*(ENDPOINT|URL|URI|ISSUER|SERVER|DOMAIN)$"
)
_NESTED_ENDPOINT_KEY = re.compile(r"(endpoint|server_url|metadata_url|_url$|^url$|issuer|authorize|token)", re.I)
_CONTAINERS = frozenset({"SOCIALACCOUNT_PROVIDERS", "AUTHLIB_OAUTH_CLIENTS", "OAUTH2_PROVIDER", "OIDC_PROVIDERS"})


@rule(
    id="OG130",
    name="insecure-oidc-transport",
    title="OIDC traffic without TLS or without certificate checks",
    category=Category.INSECURE_TRANSPORT,
    severity=Severity.HIGH,
    confidence=Confidence.HIGH,
    cwe=(295, 319),
    remediation="Keep OIDC_VERIFY_SSL = True (point REQUESTS_CA_BUNDLE at a private CA if needed) and use https:// "
    "for every provider endpoint.",
    subject=("settings", "module"),
)
def insecure_transport(ctx: SettingsContext | ModuleSubject) -> Iterator[Hit]:
    """
    ## What it does
    Flags `OIDC_VERIFY_SSL = False` (mozilla-django-oidc), including an environment default of
    False (low), and `http://` provider endpoints or issuers (other than loopback) in OIDC
    settings, allauth `server_url` and authlib client configuration.
    In code: `verify=False` on requests/httpx calls, sessions and clients (`session.verify =
    False`), pyoidc `Client(verify_ssl=False)`, `ssl._create_unverified_context()`,
    `CERT_NONE`, `check_hostname = False` (medium), and `urllib3.disable_warnings()` (low: it
    hides the warnings that unverified requests produce). `verify="/path/ca.pem"` is the fix.

    ## Why is this bad?
    The token request carries the authorization code and the client secret; the JWKS response
    decides which ID tokens are accepted. Without TLS, or with certificate checks off, anyone on
    the network path reads them or serves a forged JWKS and mints accepted ID tokens.

    ## Example
        OIDC_VERIFY_SSL = False                                    # OG130
        OIDC_OP_TOKEN_ENDPOINT = "http://sso.example.com/token"    # OG130

    ## Use instead
        OIDC_VERIFY_SSL = True      # the default

    ## Known false positives
    `http://localhost`/`127.0.0.1` endpoints (local development providers) are not reported;
    development and test modules are reported at info. A string read from the environment
    (`os.environ.get("OIDC_VERIFY_SSL", True)`) is not treated as "off".

    ## References
    - mozilla-django-oidc issue #382; RFC 9700 §4.x (TLS for all endpoints)
    - CWE-295: Improper Certificate Validation; CWE-319: Cleartext Transmission
    """
    if isinstance(ctx, ModuleSubject):
        yield from og130_code(ctx)  # the code part lives in static/code_parts.py
        return


    verify = ctx.get("OIDC_VERIFY_SSL")
    if verify is not None and verify.known and verify.effective is False:
        literal = verify.origin is Origin.LITERAL
        yield Hit(
            ctx.location(verify),
            "OIDC_VERIFY_SSL is False: token, userinfo and JWKS requests accept any certificate"
            + ("" if literal else f" unless ${verify.env_name or '?'} turns it on"),
            severity=ctx.severity(Severity.HIGH if literal else Severity.LOW),
            anchor="OIDC_VERIFY_SSL",
        )
    for name, top in ctx.namespace.items():
        nested = name in _CONTAINERS or name.startswith("SOCIAL_AUTH_")
        if not (_ENDPOINT_NAME.search(name) or nested):
            continue
        for keys, value, _ in walk(top):
            if keys and not (isinstance(keys[-1], str) and _NESTED_ENDPOINT_KEY.search(keys[-1])):
                continue
            for text in value.strings() if not value.items else ():
                if insecure_http_url(text):
                    label = name + "".join(f"[{k!r}]" for k in keys)
                    token = "TOKEN" in label.upper()
                    yield Hit(
                        ctx.location(value),
                        f"{label} is a plain-http provider URL: codes, secrets and tokens cross the network "
                        "unencrypted",
                        severity=ctx.severity(Severity.HIGH if token else Severity.MEDIUM),
                        anchor=label,
                    )
