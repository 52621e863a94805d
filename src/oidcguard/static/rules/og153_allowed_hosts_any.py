"""OG153: ALLOWED_HOSTS admits any Host while redirect URIs are built from it."""

from __future__ import annotations

from collections.abc import Iterator

from ...findings import Category, Confidence, Severity
from ...rules import Hit, rule
from ..context import SettingsContext

# Relying-party libraries that build the redirect_uri with request.build_absolute_uri().
_RP_LIBRARIES = ("mozilla_django_oidc", "allauth", "social_django", "social_core", "authlib", "django_auth_adfs")


@rule(
    id="OG153",
    name="allowed-hosts-any",
    title="Any Host header accepted while redirect URIs are built from it",
    category=Category.REDIRECT_VALIDATION,
    severity=Severity.MEDIUM,
    confidence=Confidence.HIGH,
    cwe=(644, 601),
    remediation="List the site's real host names in ALLOWED_HOSTS.",
    subject="settings",
)
def allowed_hosts_any(ctx: SettingsContext) -> Iterator[Hit]:
    """
    ## What it does
    Flags `ALLOWED_HOSTS` containing `"*"` (or `"."`-only patterns that admit any host) in the
    production chain of a project whose OIDC relying-party library builds the `redirect_uri` from
    the request (mozilla-django-oidc, django-allauth, social-auth, authlib).

    ## Why is this bad?
    With any Host accepted, a request with `Host: attacker.example` makes the login redirect
    carry `redirect_uri=https://attacker.example/oidc/callback/`; where the provider matches
    loosely, the code goes to the attacker. Password-reset mails are poisoned the same way.

    ## Example
        ALLOWED_HOSTS = ["*"]         # OG153

    ## Use instead
        ALLOWED_HOSTS = ["portal.example.com"]

    ## Known false positives
    Development and test modules are reported at info.

    ## References
    - Django docs: ALLOWED_HOSTS, "Host header validation"
    - CWE-644: Improper Neutralization of HTTP Headers for Scripting Syntax
    """
    hosts = ctx.get("ALLOWED_HOSTS")
    if hosts is None or not any(ctx.uses(lib) for lib in _RP_LIBRARIES):
        return
    for item in hosts.elements() or [hosts]:
        for text in item.strings():
            if text.strip() in {"*", "."}:
                yield Hit(ctx.location(item, hosts), "ALLOWED_HOSTS accepts any Host header, and the OIDC library "
                          "builds redirect_uri from it", severity=ctx.severity(Severity.MEDIUM), anchor="ALLOWED_HOSTS")
                return
