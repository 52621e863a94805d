"""OG121: OIDC tokens stored in a session that lives in the browser."""

from __future__ import annotations

from collections.abc import Iterator

from ...findings import Category, Confidence, Severity
from ...rules import Hit, rule
from ..context import SettingsContext
from ..helpers import is_true

_SIGNED_COOKIES = "django.contrib.sessions.backends.signed_cookies"
# Settings that make a library keep tokens in request.session.
_STORE_FLAGS = ("OIDC_STORE_ACCESS_TOKEN", "OIDC_STORE_ID_TOKEN", "OIDC_STORE_REFRESH_TOKEN",
                "SOCIALACCOUNT_STORE_TOKENS", "SOCIAL_AUTH_STORE_TOKENS")


@rule(
    id="OG121",
    name="tokens-in-cookie-session",
    title="Tokens stored in a cookie-backed session",
    category=Category.TOKEN_CLIENT_STORAGE,
    severity=Severity.MEDIUM,
    confidence=Confidence.HIGH,
    cwe=(539, 312),
    remediation="Use a server-side session engine (db, cache, cached_db) when storing tokens, or stop storing them.",
    subject="settings",
)
def tokens_in_client_session(ctx: SettingsContext) -> Iterator[Hit]:
    """
    ## What it does
    Flags `OIDC_STORE_ACCESS_TOKEN`/`OIDC_STORE_ID_TOKEN` (mozilla-django-oidc) and similar
    token-storing flags when `SESSION_ENGINE` is `signed_cookies`.

    ## Why is this bad?
    The signed-cookie engine keeps the whole session in the cookie, signed but not encrypted:
    the access and ID tokens are readable by anyone holding the cookie (browser extensions,
    proxies, logs of `Cookie` headers), and stay valid after logout.

    ## Example
        SESSION_ENGINE = "django.contrib.sessions.backends.signed_cookies"
        OIDC_STORE_ACCESS_TOKEN = True        # OG121

    ## Use instead
        SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"

    ## Known false positives
    None known: the combination always puts the token into the cookie.

    ## References
    - Django docs: "Using cookie-based sessions" (data is signed, not encrypted)
    - CWE-539, CWE-312
    """
    engine = ctx.get("SESSION_ENGINE")
    if engine is None or engine.effective != _SIGNED_COOKIES:
        return
    for name in _STORE_FLAGS:
        value = ctx.get(name)
        if is_true(value):
            yield Hit(ctx.location(value), f"{name} keeps tokens in request.session, and SESSION_ENGINE stores the "
                      "session in a readable cookie", severity=ctx.severity(Severity.MEDIUM), anchor=name)
