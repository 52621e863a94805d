"""OG101: OIDC/OAuth client secret written as a literal."""

from __future__ import annotations

from collections.abc import Iterator

from ...findings import Category, Confidence, Severity
from ...rules import Hit, rule
from ...shapes import CLIENT_SECRET_NAME, is_secret_candidate
from ..code_parts import og101_code
from ..context import ModuleSubject, SettingsContext
from ..helpers import walk
from ..project import Role
from ..values import Origin, Value

# allauth: SOCIALACCOUNT_PROVIDERS[provider]["APP"|"APPS"][...]["secret"];
# authlib: AUTHLIB_OAUTH_CLIENTS[name]["client_secret"]; DOT/social-auth dict styles alike.
_NESTED_SECRET_KEYS = frozenset({"secret", "client_secret", "secret_key"})


@rule(
    id="OG101",
    name="hardcoded-oidc-client-secret",
    title="OIDC client secret hard-coded",
    category=Category.HARDCODED_SECRET,
    severity=Severity.HIGH,
    confidence=Confidence.HIGH,
    cwe=(798,),
    remediation="Read the client secret from the environment or a secret store "
    "(os.environ['OIDC_RP_CLIENT_SECRET']) and rotate the one in the repository at the IdP.",
    subject=("settings", "module"),
)
def hardcoded_client_secret(ctx: SettingsContext | ModuleSubject) -> Iterator[Hit]:
    """
    ## What it does
    Flags an OIDC/OAuth client secret assigned as a string literal in a settings module:
    `OIDC_RP_CLIENT_SECRET` (mozilla-django-oidc), `SOCIAL_AUTH_*_SECRET` (social-auth),
    `SOCIALACCOUNT_PROVIDERS[...]["APPS"][...]["secret"]` (django-allauth),
    `AUTHLIB_OAUTH_CLIENTS[...]["client_secret"]` (authlib) and any `*_CLIENT_SECRET`.
    In code (migrations included): `client_secret="<literal>"` passed to
    `Application.objects.create(...)` (django-oauth-toolkit), authlib `oauth.register(...)`,
    `OAuth2Session(...)` and similar calls, and allauth `SocialApp(secret=...)`.

    ## Why is this bad?
    Anyone who can read the repository, a wheel or an image can authenticate as the relying
    party at the identity provider: exchange stolen authorization codes, refresh tokens, and
    (with HS256 ID tokens) mint ID tokens the application accepts.

    ## Example
        OIDC_RP_CLIENT_SECRET = "Pq9xWm2ZtR7vLk4nB8sYd3Hf"      # OG101

    ## Use instead
        OIDC_RP_CLIENT_SECRET = os.environ["OIDC_RP_CLIENT_SECRET"]

    ## Known false positives
    The value decides, not the name: placeholders (`<client-secret>`, `change-me`, `${VAR}`),
    values that announce themselves as fake (`test-client-secret`) and vocabulary words are
    ignored. Test settings modules are not reported. A literal used as the *default* of an
    environment lookup is OG105, not OG101.

    ## References
    - CWE-798: Use of Hard-coded Credentials
    - OAuth 2.0 Security BCP (RFC 9700) §2.5 client authentication
    """
    if isinstance(ctx, ModuleSubject):
        yield from og101_code(ctx)  # the code part lives in static/code_parts.py
        return
    if ctx.role is Role.TEST:
        return
    for name, value in ctx.assignments():
        if CLIENT_SECRET_NAME.search(name):
            yield from _literal_secret(ctx, name, value)
        elif name in {"SOCIALACCOUNT_PROVIDERS", "AUTHLIB_OAUTH_CLIENTS", "OAUTH_CLIENTS"} or name.endswith(
            "_OIDC_CONFIG"
        ):
            for keys, nested, _ in walk(value):
                if keys and isinstance(keys[-1], str) and keys[-1].lower() in _NESTED_SECRET_KEYS:
                    label = name + "".join(f"[{k!r}]" for k in keys)
                    yield from _literal_secret(ctx, label, nested)


def _literal_secret(ctx: SettingsContext, label: str, value: Value) -> Iterator[Hit]:
    if value.origin is not Origin.LITERAL or not isinstance(value.effective, str):
        return
    if not is_secret_candidate(value.effective):
        return
    yield Hit(
        location=ctx.location(value),
        message=f"{label} is a hard-coded client secret; read it from the environment and rotate it",
        secret=value.effective,
        severity=ctx.severity(Severity.HIGH) if ctx.role is Role.PRODUCTION else Severity.LOW,
        secret_kind="client secret",
    )
