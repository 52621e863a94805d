"""Where credentials sit in log text: parameters, headers, cookies, META dumps.

What a secret *looks like* (known formats, JWTs, entropy, placeholders) lives in
`oidcguard.shapes`, the one catalogue; this module only knows the log-side *contexts* that frame a
value (`access_token=…`, `Authorization: Bearer …`, `'HTTP_COOKIE': '…'`) and the checks a framed
value must pass to count. The log rules and the redactor share these patterns.
"""

from __future__ import annotations

import base64
import binascii
import functools
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from .. import shapes
from ..rules import Hit
from .model import LogLine, normalise

# Characters a token, code or secret is made of once it is framed: RFC 6750 §2.1 b64token
# (`[A-Za-z0-9-._~+/]+=*`) plus `%` for percent-encoded values. The value ends at a quote, a
# backslash (an escaped `\r\n` inside a `b'…'` repr), `&`, whitespace or a bracket.
VALUE = r"[A-Za-z0-9._~+/=%\-]"

# The same parameters as JavaScript/Java clients and Keycloak JSON spell them (`accessToken`,
# `clientSecret`); matched caselessly, reported under the OAuth name.
CAMEL_PARAMS: dict[str, str] = {
    name.replace("_", ""): name for name in shapes.SENSITIVE_PARAMS if "_" in name
}
# Where a name starts: not inside another word, or right after an escaped `\r\n` of a
# `b'…'` wire dump (http.client's `send:` lines), where the preceding character is an `n`.
_START = r"(?:(?<![A-Za-z0-9_\-])|(?<=\\[rn]))"
# Longest first, so `id_token_hint` is not read as `id_token`.
_PARAM_NAMES = "|".join(sorted([*shapes.SENSITIVE_PARAMS, *CAMEL_PARAMS], key=len, reverse=True))
# name, an optional closing quote (JSON/Python reprs, escaped inside JSON strings), `=`/`:`
# (or `%3D` inside an encoded URL), an optional opening quote (or `b'`), then the value.
PARAM_RE = re.compile(
    rf"{_START}(?P<name>{_PARAM_NAMES})(?:\\?[\"'])?[ \t]*(?:=|:|%3[Dd])[ \t]*"
    rf"(?:b?\\?[\"'])?(?P<value>{VALUE}{{1,8192}})",
    re.I,
)
# A value labelled in prose: django-oauth-toolkit < 3.4.0 logs "wrong client secret <value>"
# (oauth2_provider/oauth2_validators.py, fixed by #1735).
LABEL_RE = re.compile(
    rf"(?<![A-Za-z0-9_])client[ \-]secret(?:[ \t]+(?:is|was|of))?[ \t]*[:=]?[ \t]*[\"']?(?P<value>{VALUE}{{8,8192}})",
    re.I,
)
# RFC 6750 §2.1: `Authorization: Bearer <b64token>`, also bare (`Adding header Bearer …`) and
# URL-encoded (`Bearer%20…`).
BEARER_RE = re.compile(rf"(?<![A-Za-z0-9_])bearer(?:[ \t]+|%20|\+)(?P<value>{VALUE}{{8,8192}})", re.I)
# RFC 7617: `Basic base64(user-id ":" password)`.
BASIC_RE = re.compile(r"(?<![A-Za-z0-9_])basic(?:[ \t]+|%20|\+)(?P<value>[A-Za-z0-9+/]{6,8192}={0,2})", re.I)
# Django REST framework's TokenAuthentication (`Authorization: Token <key>`) and `JWT <token>`
# (djangorestframework-jwt): only with the header name in front, since both words are common.
AUTH_SCHEME_RE = re.compile(
    rf"authorization\\?[\"']?[ \t]*[:=][ \t]*\\?[\"']?(?P<scheme>token|jwt)[ \t]+(?P<value>{VALUE}{{8,8192}})",
    re.I,
)
# Django's session and CSRF cookies in a Cookie header, a COOKIES dict or a form body.
_COOKIE_NAMES = "|".join(sorted(shapes.SENSITIVE_COOKIES, key=len, reverse=True))
COOKIE_RE = re.compile(
    rf"{_START}(?P<name>{_COOKIE_NAMES})\\?[\"']?[ \t]*[:=][ \t]*\\?[\"']?"
    rf"(?P<value>[A-Za-z0-9._:\-]{{8,4096}})",
    re.I,
)
# WSGI environ keys in a dumped request.META (Django's technical 500 text `KEY = 'value'`, a
# `repr(request.META)`, or a Sentry-like JSON event): PEP 3333 §environ variables.
META_RE = re.compile(
    r"(?:(?<![A-Za-z0-9_])|(?<=\\[rn]))(?P<key>HTTP_AUTHORIZATION|HTTP_PROXY_AUTHORIZATION|HTTP_COOKIE|HTTP_X_API_KEY)"
    r"\\?[\"']?[ \t]*[:=][ \t]*(?:\\?(?P<q>[\"']))?(?P<value>[^\"'\\\r\n]{1,8192})"
)
JWT_RE = re.compile(shapes.JWT_REGEX)


@dataclass(frozen=True, slots=True)
class BasicCredentials:
    user: str
    password: str


def decode_basic(blob: str) -> BasicCredentials | None:
    """`user:password` inside a Basic value, or None when it is not one (prose, junk)."""
    try:
        raw = base64.b64decode(blob + "=" * (-len(blob) % 4), validate=True)
        text = raw.decode("utf-8")
    except (binascii.Error, UnicodeDecodeError, ValueError):
        return None
    user, sep, password = text.partition(":")
    if not sep or not text.isprintable():
        return None
    return BasicCredentials(user, password)


@functools.lru_cache(maxsize=8192)
def credible(value: str, *, min_length: int = 8) -> bool:
    """A framed value that can be a live credential: not a placeholder, word, hash or preview.

    Cached: the same value is judged once per view of a line and again on every line that
    repeats it, and the judgement (entropy, placeholder and fake-word checks) costs ~40 µs.
    """
    if len(value) < min_length or shapes.is_redacted(value) or shapes.is_password_hash(value):
        return False
    if value.lower() in shapes.SENSITIVE_PARAMS or value.lower() in {"bearer", "basic", "none", "null"}:
        return False
    if shapes.is_secret_candidate(value, min_length=min_length):
        return True
    # `is_secret_candidate` reads any letters-only string as vocabulary. A framed value of 16+
    # mixed-case letters that is not a few CamelCase words is a random token: oauthlib's
    # generate_token draws 30 characters from letters and digits, and about 0.5% of its tokens
    # hold no digit (measured over 200,000 tokens).
    return (
        len(value) >= 16 and value.isascii() and value.isalpha() and not value.islower() and not value.isupper()
        and not _CAMEL_WORDS.fullmatch(value) and shapes.shannon_entropy(value) >= 3.5 and not shapes.looks_fake(value)
    )


_CAMEL_WORDS = re.compile(r"(?:[A-Z]?[a-z]{2,}){1,6}")


_TOKEN_RUN = re.compile(r"[A-Za-z0-9._~+/=\-]+")


def clean(raw: str) -> str:
    """The value as the secret it is: percent-decoded, a sentence's full stop dropped.

    A percent-encoded URL inside a URL (`redirect_uri=…%3Faccess_token%3Dabc%26state%3D…`)
    decodes to `abc&state=…`: the value ends where the decoded text stops being token characters.
    """
    value = normalise(raw)
    if value is not raw:
        run = _TOKEN_RUN.match(value)
        value = run.group(0) if run else ""
    while value.endswith((".", ",")):
        value = value[:-1]
    return value


def per_line(line: LogLine, find: Callable[[str], Iterable[tuple[str, Hit]]]) -> Iterator[Hit]:
    """Run `find` over every view of the line; each secret counts as often as its best view shows it.

    Views are alternative readings of the same bytes (raw, JSON-decoded, URL-decoded), so a secret
    seen in two views is one occurrence, not two.
    """
    best: dict[str, list[Hit]] = {}
    for view in line.views or (line.text,):
        got: dict[str, list[Hit]] = {}
        for secret, item in find(view):
            got.setdefault(secret, []).append(item)
        for secret, items in got.items():
            if len(items) > len(best.get(secret, ())):
                best[secret] = items
    for items in best.values():
        yield from items

