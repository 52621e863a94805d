"""OG303: a sensitive OAuth/OIDC parameter (token, code, client secret) in a logged URL or body."""

from __future__ import annotations

import re
from collections.abc import Iterator

from ... import shapes
from ...findings import Category, Confidence, Severity
from ...rules import Hit, rule
from ..contexts import CAMEL_PARAMS, LABEL_RE, PARAM_RE, clean, credible, per_line
from ..model import LogLine

ANCHORS: tuple[str, ...] = (
    r"(?i)(?:access|refresh|id|logout|subject|actor)_?token",
    r"(?i)client[_ \-]?(?:secret|assertion)",
    r"(?i)(?:code_?verifier|device_?code)",
    r"(?i)[?&]code(?:=|%3D)",
    r"(?i)code[\x22']?[ \t]*[:=][ \t]*[\x22']?[A-Za-z0-9._~+/%\-]{8}",
    r"(?i)[?&\x22' \t]token(?:=|%3D|[\x22']?[ \t]*:)",
    r"(?i)password[\x22']?[ \t]*[:=]",
)

# How bad each parameter is (RFC 6749 §10.3–10.6, RFC 9700 §4): client secrets and refresh
# tokens are long-lived and mint access; access tokens are bearer credentials until they expire;
# codes and verifiers are single-use and short-lived, dangerous only before redemption.
_SEVERITY: dict[str, Severity] = {
    "client_secret": Severity.CRITICAL,
    "refresh_token": Severity.CRITICAL,
    "password": Severity.CRITICAL,
    "access_token": Severity.HIGH,
    "token": Severity.HIGH,
    "subject_token": Severity.HIGH,
    "actor_token": Severity.HIGH,
    "id_token": Severity.MEDIUM,
    "id_token_hint": Severity.MEDIUM,
    "logout_token": Severity.LOW,
    "code": Severity.MEDIUM,
    "device_code": Severity.MEDIUM,
    "client_assertion": Severity.MEDIUM,
    "code_verifier": Severity.LOW,
}
_KIND: dict[str, str] = {
    "client_secret": "client secret", "refresh_token": "refresh token", "password": "password",
    "access_token": "access token", "token": "token", "id_token": "ID token", "code": "authorization code",
    "code_verifier": "PKCE code verifier", "client_assertion": "client assertion",
}
# `code` is a common word (`code=200`, `"code": 404`, `error_code`): it counts only as an
# authorization code on an OAuth callback or token request (RFC 6749 §4.1.2/§4.1.3).
_CALLBACK_HINT = re.compile(
    r"state=|redirect_uri|authorization_code|callback|/cb\b|/complete/|oidc|oauth|/login|/auth|/sso", re.I
)


def _code_in_context(view: str, start: int) -> bool:
    before = view[max(0, start - 1): start]
    if before not in {"?", "&", "\"", "'", " ", "\t", ";"} and start != 0:
        return False
    return bool(_CALLBACK_HINT.search(view))


@rule(
    id="OG303",
    name="oauth-parameter-in-log",
    title="OAuth token, code or client secret in a logged URL or body",
    category=Category.LEAKED_CREDENTIAL,
    severity=Severity.HIGH,
    confidence=Confidence.HIGH,
    cwe=(532, 598),
    remediation=(
        "Send tokens in the Authorization header, never in URLs; keep oauthlib/oauth2_provider loggers at "
        "INFO; mask query strings in access logs; revoke the token or rotate the client secret."
    ),
    subject="logs",
    front="logs",
)
def oauth_parameter_in_log(line: LogLine) -> Iterator[Hit]:
    """
    ## What it does
    Finds the values of sensitive OAuth/OIDC parameters (`access_token`, `id_token`,
    `refresh_token`, `client_secret`, `client_assertion`, `code_verifier`, `token`, `password`,
    and `code` on a callback or token request) in logged URLs, form bodies, JSON and Python dict
    reprs, and values labelled "client secret" in prose. URL-encoded and JSON-escaped values are
    decoded first. A value that is a JWT is left to OG301, which reads its claims.

    Client secrets, refresh tokens and passwords are critical; access tokens high; ID tokens,
    codes and client assertions medium; code verifiers and logout tokens low.

    ## Why is this bad?
    Tokens in URLs are copied into access logs, proxies and `Referer` headers; oauthlib's grant
    handlers log every token they issue at DEBUG (oauthlib #345, django-oauth-toolkit #1348), and
    django-oauth-toolkit before 3.4.0 logged the client secret it rejected (#1735).

    ## Example
        203.0.113.7 - - [11/Mar/2025:09:42:17 +0000] "GET /api/items/?access_token=GDZH… HTTP/1.1" 200 512

    ## Use instead
        GET /api/items/ HTTP/1.1   with   Authorization: Bearer …   (and no header logging)

    ## Known false positives
    `code=200`, `"code": 404`, `error_code`, `state` values, placeholders (`<token>`, `***`,
    `None`) and values already masked by `redact()` are ignored.

    ## References
    - RFC 6749 §10.3 (access tokens), §10.4 (refresh tokens), §10.5 (codes); RFC 9700 §4.3
    - https://github.com/oauthlib/oauthlib/issues/345
    - https://github.com/django-oauth/django-oauth-toolkit/issues/1348
    - CWE-532 (sensitive information in log file), CWE-598 (GET request with sensitive query strings)
    """

    def find(view: str) -> Iterator[tuple[str, Hit]]:
        for m in PARAM_RE.finditer(view):
            name = m.group("name").lower()
            name = CAMEL_PARAMS.get(name, name)
            value = clean(m.group("value"))
            if name == "code" and not _code_in_context(view, m.start()):
                continue
            if view[m.end("value"): m.end("value") + 1] == "$":
                continue  # `pbkdf2_sha256$720000$…`: a Django password hash, not a password
            if shapes.decode_jwt(value) is not None:
                continue  # OG301 reads the JWT's claims
            if not credible(value, min_length=6 if name == "password" else 8):
                continue
            if line.known.by_value(value) is not None:
                continue  # OG304 names the setting it comes from
            yield value, Hit(
                location=line.location(m.group("value")),
                message=f"{_KIND.get(name, name)} ({name}) written to the log",
                secret=value,
                severity=_SEVERITY.get(name, Severity.HIGH),
                secret_kind=_KIND.get(name, name),
                extra=(("parameter", name),),
            )
        for m in LABEL_RE.finditer(view):
            value = clean(m.group("value"))
            if credible(value) and line.known.by_value(value) is None:
                yield value, Hit(
                    location=line.location(m.group("value")),
                    message="client secret written to the log (labelled 'client secret')",
                    secret=value,
                    severity=Severity.CRITICAL,
                    secret_kind="client secret",
                    extra=(("parameter", "client_secret"),),
                )

    yield from per_line(line, find)
