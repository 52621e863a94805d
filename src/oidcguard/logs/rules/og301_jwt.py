"""OG301: a JSON Web Token written to a log."""

from __future__ import annotations

import time
from collections.abc import Iterator

from ... import shapes
from ...findings import Category, Confidence, Severity
from ...rules import Hit, rule
from ..contexts import JWT_RE, per_line
from ..model import LogLine

# Any JWT starts with a base64url JSON header and payload, both `{"` → `eyJ` (RFC 7519 §3).
ANCHORS: tuple[str, ...] = (r"eyJ[A-Za-z0-9_\-]{5,}\.eyJ",)

# The parameter a JWT is the value of says what it is when its claims do not (an opaque `typ`).
_LABELS = (
    ("refresh_token", "refresh"), ("id_token_hint", "id"), ("id_token", "id"), ("logout_token", "logout"),
    ("access_token", "access"), ("client_assertion", "assertion"), ("subject_token", "access"),
)
_NAMES = {
    "id": "ID token", "access": "access token", "refresh": "refresh token", "logout": "logout token",
    "assertion": "client assertion", "unknown": "JWT",
}


def _kind(info: shapes.JwtInfo, before: str) -> str:
    kind = info.token_type
    if kind == "unknown" or kind == "access":
        label = before[-48:].lower()
        for name, labelled in _LABELS:
            if name in label:
                return labelled if kind == "unknown" or labelled == "refresh" else kind
    return kind


def _severity(kind: str, expired: bool) -> Severity:
    # A refresh token mints new access tokens for as long as it lives (RFC 6749 §1.5): always
    # severe. An expired access or ID token can no longer be replayed (RFC 7519 §4.1.4), so it
    # is kept for the record at low; a live access token is a bearer credential (RFC 6750 §5.2).
    if kind == "refresh":
        return Severity.CRITICAL
    if expired:
        return Severity.LOW
    if kind == "access":
        return Severity.HIGH
    if kind == "logout":
        return Severity.LOW
    return Severity.MEDIUM


def _when(exp: object) -> str:
    if not isinstance(exp, int | float):
        return "no expiry"
    try:
        return time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime(exp))
    except (OverflowError, OSError, ValueError):
        return "unreadable expiry"


@rule(
    id="OG301",
    name="jwt-in-log",
    title="JSON Web Token in a log",
    category=Category.LEAKED_CREDENTIAL,
    severity=Severity.HIGH,
    confidence=Confidence.HIGH,
    cwe=(532,),
    remediation=(
        "Stop logging tokens (set oauthlib/requests_oauthlib/urllib3 loggers to INFO, add "
        "oidcguard.logging.RedactingFilter), revoke the token if still valid, and purge the log copies."
    ),
    subject="logs",
    front="logs",
)
def jwt_in_log(line: LogLine) -> Iterator[Hit]:
    """
    ## What it does
    Finds JSON Web Tokens in log lines. A candidate must decode to a JSON header with `alg` and a
    JSON claims object, so strings that only look like JWTs do not count. The claims are read
    offline, never verified and never sent anywhere, to tell an ID, access, refresh or logout
    token apart (from `typ`, `token_use`, `nonce`/`at_hash`, `scope`, or the parameter the token
    was the value of) and to read `iss`, `aud` and `exp`.

    Severity follows what the token still allows: a refresh token is critical; a live access
    token is high; a live ID token, client assertion or token of unknown kind is medium; an
    expired token or a logout token is low.

    ## Why is this bad?
    An access token is a bearer credential: whoever holds it is the user at the API until it
    expires (RFC 6750 §5.2). Logs are kept long, copied to aggregators, and read by many more
    people than those who may act as the user.

    ## Example
        2025-03-11 10:05:02 DEBUG api.auth token ok eyJhbGciOiJSUzI1NiIs...

    ## Use instead
        2025-03-11 10:05:02 DEBUG api.auth token ok for sub=user-7305 (jti=8OAcM6k9)

    ## Known false positives
    A JWT whose `exp` lies in the past is reported at low severity, not dropped: it still shows
    that tokens reach the log. Unsigned example tokens in docs are reported like any other.

    ## References
    - RFC 7519 (JSON Web Token), RFC 6750 §5 (bearer token security considerations)
    - CWE-532: Insertion of Sensitive Information into Log File
    - OWASP Logging Cheat Sheet: data to exclude
    """

    def find(view: str) -> Iterator[tuple[str, Hit]]:
        for m in JWT_RE.finditer(view):
            token = m.group(0)
            info = shapes.decode_jwt(token)
            if info is None:
                continue
            kind = _kind(info, view[: m.start()])
            expired = info.expired(line.now)
            iss = str(info.claims.get("iss", "?"))[:80]
            aud = info.claims.get("aud", "?")
            aud_text = ",".join(map(str, aud)) if isinstance(aud, list) else str(aud)
            state = "expired" if expired else "not expired"
            alg = str(info.header.get("alg", "?"))[:16]
            yield token, Hit(
                location=line.location(token),
                message=(
                    f"{_NAMES[kind]} (JWT, alg {alg}) from issuer {iss} for audience {aud_text[:80]}, "
                    f"exp {_when(info.claims.get('exp'))} ({state}) written to the log"
                ),
                secret=token,
                severity=_severity(kind, expired),
                secret_kind=f"{_NAMES[kind]} (JWT)",
                extra=(("token_type", kind), ("expired", expired)),
            )

    yield from per_line(line, find)
