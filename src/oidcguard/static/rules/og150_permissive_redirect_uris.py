"""OG150: redirect-URI validation loosened (settings)."""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from urllib.parse import urlsplit

from ...findings import Category, Confidence, Location, Severity
from ...rules import Hit, rule
from ..context import ModuleSubject, SettingsContext
from ..helpers import env_note, is_loopback_host, is_true
from ..project import Role

# `"redirect_uris": "..."` in JSON fixtures, `redirect_uris: ...` in YAML fixtures.
_FIXTURE_URIS = re.compile(r"""["']?redirect_uris["']?\s*:\s*["']?(?P<uris>[^"'\n]*)""")


@rule(
    id="OG150",
    name="permissive-redirect-uris",
    title="Redirect-URI validation loosened",
    category=Category.REDIRECT_VALIDATION,
    severity=Severity.MEDIUM,
    confidence=Confidence.HIGH,
    cwe=(601, 1390),
    remediation="Allow only https redirect URIs without wildcards at the provider; keep OIDC_REDIRECT_REQUIRE_HTTPS "
    "on and list only production hosts in OIDC_REDIRECT_ALLOWED_HOSTS.",
    subject=("settings", "file", "module"),
)
def permissive_redirect_uris(subject: SettingsContext | ModuleSubject) -> Iterator[Hit]:
    """
    ## What it does
    Provider side (django-oauth-toolkit): `OAUTH2_PROVIDER["ALLOWED_REDIRECT_URI_SCHEMES"]`
    containing `http`, and `ALLOW_URI_WILDCARDS = True` (DOT 3.1+).
    Relying-party side (mozilla-django-oidc): `OIDC_REDIRECT_REQUIRE_HTTPS = False` (low) and
    loopback/development hosts such as `localhost:3000` in `OIDC_REDIRECT_ALLOWED_HOSTS`.
    Registered applications: `redirect_uris` with a wildcard host or a non-loopback `http://`
    URI in `oauth2_provider.application` fixtures (JSON/YAML) and in migrations or seed code
    (`Application.objects.create(redirect_uris=...)`).

    ## Why is this bad?
    Each widens where an authorization code (provider) or a post-login user (relying party) can
    be sent. An `http` redirect URI hands the code to anyone on the network path; a wildcard
    hands it to any matching host, such as an attacker's deploy preview.

    ## Example
        OAUTH2_PROVIDER = {"ALLOWED_REDIRECT_URI_SCHEMES": ["https", "http"]}   # OG150

    ## Use instead
        OAUTH2_PROVIDER = {"ALLOWED_REDIRECT_URI_SCHEMES": ["https"]}

    ## Known false positives
    `"*"` in `OIDC_REDIRECT_ALLOWED_HOSTS` is *not* a wildcard — Django's
    `url_has_allowed_host_and_scheme` compares hosts exactly — so it is not reported as "any
    host". Loopback redirect URIs for native apps are fine at the provider. Development and test
    modules are reported at info.

    ## References
    - django-oauth-toolkit settings: ALLOWED_REDIRECT_URI_SCHEMES, ALLOW_URI_WILDCARDS
    - mozilla-django-oidc PRs #277, #287, #544
    - RFC 9700 §2.1 (exact redirect URI matching)
    """
    if isinstance(subject, SettingsContext):
        yield from _settings(subject)
    elif subject.source.tree is None:
        yield from _fixture(subject)
    else:
        yield from _code(subject)


def _loose(uris: str) -> list[str]:
    """The registered URIs (space-separated, as DOT stores them) that widen where codes go."""
    loose = []
    for uri in uris.split():
        try:
            parts = urlsplit(uri)
        except ValueError:
            continue
        host = parts.hostname or ""
        if "*" in (parts.netloc or "") or (parts.scheme == "http" and not is_loopback_host(host)):
            loose.append(uri)
    return loose


def _message(loose: list[str]) -> str:
    return (f"registered redirect URI(s) {' '.join(loose)} use a wildcard host or plain http: authorization "
            "codes can be delivered to other hosts or read on the network")


def _fixture(subject: ModuleSubject) -> Iterator[Hit]:
    source = subject.source
    if "redirect_uris" not in source.text or not source.rel.endswith((".json", ".yaml", ".yml")):
        return
    role = subject.project.role_of(source.rel)
    for n, line in enumerate(source.lines, 1):
        m = _FIXTURE_URIS.search(line)
        loose = _loose(m.group("uris")) if m else []
        if loose:
            yield Hit(Location(path=source.rel, line=n, column=m.start() + 1), _message(loose),
                      severity=Severity.MEDIUM if role is Role.PRODUCTION else Severity.INFO, anchor=" ".join(loose))


def _code(subject: ModuleSubject) -> Iterator[Hit]:
    source = subject.source
    if "redirect_uris" not in source.text or source.tree is None:
        return
    role = subject.project.role_of(source.rel)
    if "/tests/" in f"/{source.rel}" or source.rel.rsplit("/", 1)[-1].startswith("test"):
        role = Role.TEST
    for node in ast.walk(source.tree):
        if not isinstance(node, ast.Call):
            continue
        for kw in node.keywords:
            if kw.arg == "redirect_uris" and isinstance(kw.value, ast.Constant) and isinstance(kw.value.value, str):
                loose = _loose(kw.value.value)
                if loose:
                    yield Hit(subject.location(kw.value), _message(loose),
                              severity=Severity.MEDIUM if role is Role.PRODUCTION else Severity.INFO,
                              anchor=" ".join(loose))


def _settings(ctx: SettingsContext) -> Iterator[Hit]:

    provider = ctx.get("OAUTH2_PROVIDER")
    if provider is not None:
        schemes = provider.get("ALLOWED_REDIRECT_URI_SCHEMES")
        if schemes is not None and "http" in [s.lower() for s in schemes.strings()]:
            yield Hit(ctx.location(schemes), "ALLOWED_REDIRECT_URI_SCHEMES allows http: authorization codes can be "
                      "delivered in clear to any registered http:// URI", severity=ctx.severity(Severity.MEDIUM),
                      anchor="ALLOWED_REDIRECT_URI_SCHEMES")
        wildcards = provider.get("ALLOW_URI_WILDCARDS")
        if is_true(wildcards):
            yield Hit(ctx.location(wildcards), "ALLOW_URI_WILDCARDS lets registered redirect URIs contain wildcards: "
                      "codes go to any matching host", severity=ctx.severity(Severity.MEDIUM),
                      anchor="ALLOW_URI_WILDCARDS")
    require = ctx.get("OIDC_REDIRECT_REQUIRE_HTTPS")
    if require is not None and require.truthy() is False:
        yield Hit(ctx.location(require), f"OIDC_REDIRECT_REQUIRE_HTTPS is False{env_note(require)}: post-login "
                  "redirects to http:// URLs are followed", severity=ctx.severity(Severity.LOW),
                  anchor="OIDC_REDIRECT_REQUIRE_HTTPS")
    hosts = ctx.get("OIDC_REDIRECT_ALLOWED_HOSTS")
    loopback = [h for h in hosts.strings() if is_loopback_host(h)] if hosts is not None else []
    if hosts is not None and loopback:
        yield Hit(ctx.location(hosts), f"OIDC_REDIRECT_ALLOWED_HOSTS lists development host(s) "
                  f"{', '.join(loopback)} in production settings", severity=ctx.severity(Severity.LOW),
                  anchor="OIDC_REDIRECT_ALLOWED_HOSTS")
