"""OG302: an Authorization header value or a Django session/CSRF cookie in a log."""

from __future__ import annotations

from collections.abc import Iterator

from ...findings import Category, Confidence, Severity
from ...rules import Hit, rule
from ..contexts import AUTH_SCHEME_RE, BASIC_RE, BEARER_RE, COOKIE_RE, clean, credible, decode_basic, per_line
from ..model import LogLine

ANCHORS: tuple[str, ...] = (
    r"(?i)bearer",
    r"(?i)basic(?:[ \t]+|%20|\+)[A-Za-z0-9+/]{6}",
    r"(?i)authorization",
    r"(?i)sessionid",
    r"(?i)csrftoken",
    r"(?i)csrfmiddlewaretoken",
)


def basic_hit(line: LogLine, blob: str, *, where: str = "Authorization: Basic") -> Hit | None:
    """A Basic credential worth reporting: it decodes to `user:password` with a real password."""
    creds = decode_basic(blob)
    if creds is None or not creds.password or not credible(creds.password, min_length=4):
        return None
    if line.known.by_value(creds.password) is not None:
        return None  # the app's own secret: OG304 reports it with its name
    # RFC 6749 §2.3.1: a client authenticates with Basic base64(client_id:client_secret); the
    # decoded password is a client secret or a user's password, either way a long-lived credential.
    return Hit(
        location=line.location(blob),
        message=(
            f"{where} credentials for {creds.user[:64]!r} written to the log "
            "(the value decodes to the user/client id and its secret)"
        ),
        secret=blob,
        severity=Severity.CRITICAL,
        secret_kind="Basic credentials",
        extra=(("user", creds.user[:64]),),
    )


@rule(
    id="OG302",
    name="auth-header-in-log",
    title="Authorization header or session cookie in a log",
    category=Category.LEAKED_CREDENTIAL,
    severity=Severity.HIGH,
    confidence=Confidence.HIGH,
    cwe=(532,),
    remediation=(
        "Do not log request headers (http.client debuglevel, requests_oauthlib DEBUG, header dumps); "
        "mask them with oidcguard.logging.RedactingFilter, and rotate the credential."
    ),
    subject="logs",
    front="logs",
)
def auth_header_in_log(line: LogLine) -> Iterator[Hit]:
    """
    ## What it does
    Finds `Authorization: Bearer …`, `Basic …` (decoded to check it holds `user:password`),
    `Token …`/`JWT …` header values, and Django's `sessionid`/`csrftoken` cookies in log lines,
    whether written as a header, a Python dict repr, a `b'…\\r\\n'` wire dump or URL-encoded.

    Basic credentials are critical (a client secret or password, long-lived); a bearer token or a
    session cookie is high; a CSRF token is low (it is not a credential on its own).

    ## Why is this bad?
    `requests_oauthlib` at DEBUG logs the headers of its token requests and
    `http.client.HTTPConnection.debuglevel = 1` prints every request line and header (see
    requests-oauthlib issue #536). A bearer token or session id lets anyone who reads the log act
    as the user; Basic credentials hand over the client secret itself.

    ## Example
        send: b'GET /v1/me HTTP/1.1\\r\\nAuthorization: Bearer t6VoG1u55orGLKBN…\\r\\n\\r\\n'

    ## Use instead
    Keep `requests_oauthlib`, `urllib3` and `http.client` debugging off in production, or log
    through `oidcguard.logging.RedactingFilter`, which keeps the header name and masks the value.

    ## Known false positives
    `token_type: Bearer`, `WWW-Authenticate: Bearer realm="api"` and prose such as "Basic auth
    failed" are ignored: the value must look like key material, and a Basic value must decode.

    ## References
    - RFC 6750 §2.1 and §5.3, RFC 7617 §2, RFC 6749 §2.3.1
    - https://github.com/requests/requests-oauthlib/issues/536
    - CWE-532: Insertion of Sensitive Information into Log File
    """

    def find(view: str) -> Iterator[tuple[str, Hit]]:
        for m in BEARER_RE.finditer(view):
            token = clean(m.group("value"))
            if credible(token) and line.known.by_value(token) is None:
                yield token, Hit(
                    location=line.location(m.group("value")),
                    message="bearer token from an Authorization header written to the log",
                    secret=token,
                    severity=Severity.HIGH,
                    secret_kind="bearer token",
                )
        for m in AUTH_SCHEME_RE.finditer(view):
            token = clean(m.group("value"))
            if credible(token) and line.known.by_value(token) is None:
                scheme = m.group("scheme").capitalize() if m.group("scheme").lower() == "token" else "JWT"
                yield token, Hit(
                    location=line.location(m.group("value")),
                    message=f"Authorization: {scheme} credential written to the log",
                    secret=token,
                    severity=Severity.HIGH,
                    secret_kind=f"{scheme} credential",
                )
        for m in BASIC_RE.finditer(view):
            blob = m.group("value")
            hit = basic_hit(line, blob)
            if hit is not None:
                yield blob, hit
        for m in COOKIE_RE.finditer(view):
            value, name = clean(m.group("value")), m.group("name").lower()
            if not credible(value, min_length=16):
                continue
            session = name == "sessionid"
            yield value, Hit(
                location=line.location(m.group("value")),
                message=(
                    "Django session cookie written to the log: anyone who reads it can take over the session"
                    if session else f"Django CSRF token ({name}) written to the log"
                ),
                secret=value,
                severity=Severity.HIGH if session else Severity.LOW,
                secret_kind="session cookie" if session else "CSRF token",
            )

    yield from per_line(line, find)
