"""A logging filter that masks OIDC/OAuth credentials before a handler writes a record.

Attach `RedactingFilter` to **every handler** in `LOGGING`, not to loggers: a logger's filters
only see records logged directly on that logger, never those propagated from its children
(Python docs, "Logging HOWTO" / `Logger.filter`; https://docs.python.org/3/library/logging.html#filter-objects),
so a filter on `"oauthlib"` misses `oauthlib.oauth2.rfc6749.grant_types...` — exactly where
oauthlib writes issued tokens (oauthlib#345, django-oauth-toolkit#1348)::

    LOGGING = {
        "version": 1,
        "filters": {"redact": {"()": "oidcguard.logging.RedactingFilter"}},
        "handlers": {
            "console": {"class": "logging.StreamHandler", "filters": ["redact"]},
            "file": {"class": "logging.FileHandler", "filename": "app.log", "filters": ["redact"]},
        },
        "root": {"handlers": ["console", "file"], "level": "INFO"},
    }

What it masks, in the message, its arguments (any type: dicts, tuples, objects whose `str` or
`repr` carries a token), the formatted exception text, `stack_info` and `extra` fields of type
str/bytes/dict/list/tuple:

- JWTs (validated: header and payload must decode to JSON) and known key formats (`shapes`);
- `Authorization` values (`Bearer`, `Basic`, ...), bare `Bearer <token>`/`Basic <b64(id:secret)>`;
- OAuth parameters `access_token`, `id_token`, `refresh_token`, `code`, `client_secret`,
  `client_assertion`, `code_verifier`, ... (`shapes.SENSITIVE_PARAMS`) in query strings, form
  bodies, dict reprs and JSON; `state` too with `mask_state=True`;
- `Cookie` header values, `sessionid`, `csrftoken`;
- labelled secrets in prose ("wrong client secret <value>", django-oauth-toolkit < 3.4.0, #1735);
- passwords in URLs (`scheme://user:password@host`);
- the app's own secret values: those given to the constructor, environment variables named in
  `secret_env`, and — read once, lazily, on the first record after Django's settings are
  configured — every secret-named setting (`SECRET_KEY`, `OIDC_RP_CLIENT_SECRET`, `DATABASES`
  passwords, nested provider dicts, URL passwords), each in raw, URL-encoded, base64 and
  `Basic base64(client_id:client_secret)` forms (RFC 6749 §2.3.1 form-encodes both before base64).

The mask is the project's one redaction, `oidcguard.shapes.redact`: a value becomes
`smDc…(30 chars, sha256:1a2b3c4d)`, a prefix of at most a quarter of it (never more than four
characters), its length and a hash prefix that matches the `secret_fingerprint` of oidcguard's
findings, so a masked log line can still be tied to a finding. Only the secret value is replaced:
the text around it (`client id 'mobile-app'`, header names, parameter names) stays byte for byte.

Guarantees: `filter()` never raises into logging (every error is swallowed), always returns True
(never drops a record), leaves a record with no secret untouched (same `msg`, same `args`
objects), and is cheap — a record with no secret material costs one `getMessage()`, a lowercase
copy and a few substring tests (measured by `bench/filter_bench.py`). When a secret is found in an
argument, that argument is replaced by a masked string (`MaskedArg`, whose `repr` is the masked
`repr` of the original, so `%r` and `%s` render as before); when the secret straddles the format
string and the arguments, the record's `msg` becomes the masked rendered message and `args` `()`.

Known limits: handlers that read `record.exc_info` themselves (Django's `AdminEmailHandler`,
Sentry) do not use the masked `exc_text` — use `oidcguard.django.ExceptionReporterFilter` for
those; `extra` objects of other types are left alone (their `str` may run queries); output written
by `print` or `http.client`'s `debuglevel` never passes through logging.
"""

from __future__ import annotations

import base64
import binascii
import logging
import os
import re
import sys
import threading
import weakref
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from typing import Any
from urllib.parse import quote, quote_plus

from .shapes import (
    JWT_REGEX,
    KNOWN_FORMATS,
    REDACTED_REGEX,
    SECRET_NAME,
    SENSITIVE_COOKIES,
    SENSITIVE_PARAMS,
    credentials_in_url,
    decode_jwt,
    is_placeholder,
    is_secret_candidate,
    redact,
)

__all__ = ["MaskedArg", "RedactingFilter", "Redactor", "secrets_from_settings"]

# --------------------------------------------------------------------------------------------
# The text engine

# Substrings (lower case) without which none of the patterns below can match: the prefilter.
_KEYWORDS: tuple[str, ...] = (
    "token", "code", "secret", "passw", "bearer", "basic", "authoriz", "cookie", "session",
    "csrf", "assertion", "cred", "private", "eyj", "api_key", "apikey", "api-key", "api key",
    # known key formats (shapes.KNOWN_FORMATS): their literal prefixes
    "akia", "asia", "ghp_", "gho_", "ghu_", "ghs_", "ghr_", "github_pat_", "glpat-", "xox",
    "sk_live_", "rk_live_", "aiza", "sg.", "sk-", "-----begin",
)
_CASED_KEYWORDS: tuple[str, ...] = ("SK",)  # Twilio keys: SK + 32 hex

_JWT_RE = re.compile(JWT_REGEX)
# Literal substrings each known format must contain: a regex starting with `\b` scans every
# position in CPython's engine, so it only runs when its prefix is there (a 10x saving on
# long lines). A shape added to shapes.py without an entry here simply always runs.
_KNOWN_GATES: dict[str, tuple[str, ...]] = {
    "aws-access-key": ("AKIA", "ASIA"),
    "github-token": ("ghp_", "gho_", "ghu_", "ghs_", "ghr_"),
    "github-pat": ("github_pat_",),
    "gitlab-token": ("glpat-",),
    "slack-token": ("xox",),
    "slack-webhook": ("hooks.slack.com",),
    "stripe-key": ("_live_",),
    "google-api-key": ("AIza",),
    "sendgrid-key": ("SG.",),
    "twilio-key": ("SK",),
    "openai-key": ("sk-",),
}
_KNOWN_RES = tuple(
    (_KNOWN_GATES.get(p.kind, ("",)), re.compile(p.regex)) for p in KNOWN_FORMATS if p.kind != "private-key"
)
_LABEL_GATES = ("secret", "passw", "token", "api", "cred", "verifier")
# The whole PEM block, not just its header (shapes' pattern marks the header only).
_PEM_RE = re.compile(
    r"-----BEGIN (?:[A-Z]+ )*PRIVATE KEY-----[\s\S]*?(?:-----END (?:[A-Z]+ )*PRIVATE KEY-----|\Z)"
)
_VALUE_STOP = r"""[^\s'",;<>\\()\[\]{}&]"""
# `Authorization: Bearer x`, `'HTTP_AUTHORIZATION': 'Basic x'`, `authorization=x`.
_AUTHZ_RE = re.compile(
    r"(?i)AUTHORIZATION['\"]?\s*[:=]\s*(?:b?['\"])?"
    r"(?:(?P<s>Bearer|Basic|Token|JWT|DPoP|MAC|Negotiate|Digest|ApiKey)\s+)?(?P<v>" + _VALUE_STOP + r"+)"
)
# A scheme and its credential without the header name (RFC 6750 §2.1, RFC 7617 §2).
_SCHEME_RE = re.compile(r"(?i)\b(?P<s>Bearer|Basic)\s+(?P<v>[A-Za-z0-9\-._~+/]{8,}=*)")


def _matches_at(regex: re.Pattern[str], text: str, haystack: str, needle: str) -> Iterator[re.Match[str]]:
    """`regex.match` at each occurrence of `needle` in `haystack` (text or its lower-case copy).

    CPython's regex engine tries every position of a pattern without a literal prefix; finding
    the literal with str.find first is 5-20x faster on long lines (a JWT is 700+ characters).
    """
    if len(haystack) != len(text):  # lower() changed the length (e.g. "İ"): offsets differ
        yield from regex.finditer(text)
        return
    start = haystack.find(needle)
    while start != -1:
        m = regex.match(text, start)
        if m is not None:
            yield m
        start = haystack.find(needle, max(start + 1, m.end() if m is not None else 0))
# `scheme://user:password@host`
_URL_CRED_RE = re.compile(r"(?i)\b[a-z][a-z0-9+.\-]*://[^:/@\s'\"]*:(?P<v>[^@/\s'\"]+)@")
# `Cookie: a=b; sessionid=c`, `'HTTP_COOKIE': '...'`, `Set-Cookie: sessionid=...; Path=/`.
_COOKIE_RE = re.compile(r"(?i)\b(?:HTTP_)?(?:Set-)?Cookie['\"]?\s*[:=]\s*(?:b?['\"])?(?P<v>[^'\"\r\n\\]+)")
_COOKIE_PAIR_RE = re.compile(r"(?P<n>[\w.\-]+)=(?P<v>[^;,\s]*)")
_COOKIE_ATTRS = frozenset({"expires", "max-age", "path", "domain", "samesite", "secure", "httponly"})
# `'access_token': 'x'`, `"client_secret":"x"`, `\"code\": \"x\"` (dict reprs and JSON).
_QUOTED_KV_RE = re.compile(
    r"(?P<q>\\?['\"])(?P<n>[A-Za-z_][\w\-]{0,60})(?P=q)\s*:\s*b?(?P<vq>\\?['\"])(?P<v>[^'\"\\\r\n]*)(?P=vq)"
)
# Names whose values are credentials whatever the surrounding syntax.
_SECRET_KEY_RE = re.compile(
    r"(?i)(?:^|[_\-])(?:token|secret|password|passwd|pass|api_?key|private_?key|cred|creds|credentials?)$"
)
# Prose: "wrong client secret <value>" (django-oauth-toolkit < 3.4.0), "password: <value>".
_LABELLED_RE = re.compile(
    r"(?i)\b(?:client[ _\-]?secret|client[ _\-]?cred(?:ential)?s?|secret(?:[ _\-]?key)?|password|passwd|"
    r"(?:access|refresh|id|bearer|auth)[ _\-]?token|api[ _\-]?key|code[ _\-]?verifier)\b['\"]?"
    r"(?P<sep>\s*[:=]\s*|\s+(?:(?:is|was|of)\s+)?)['\"]?(?P<v>" + _VALUE_STOP + r"+)"
)
# `%s`, `%(name)r`, `{name}`: format placeholders, never values.
_FORMAT_SPEC_RE = re.compile(r"%(?:\([^)]*\))?[-#0 +]*\d*(?:\.\d+)?[a-zA-Z%]|\{[^{}]*\}")
_MASKED_AT_RE = re.compile(r"[^\s…]{0,4}" + REDACTED_REGEX)
_MIN_NAMED_VALUE = 3  # `password=abc` is still a password
_MIN_PARAM_VALUE = 6  # `code=200`, `token=none` are not credentials


def _is_secret_name(name: str, names: frozenset[str]) -> bool:
    return name.lower() in names or bool(_SECRET_KEY_RE.search(name))


def _mixed(value: str) -> bool:
    """Letters and digits, or both cases: what generated secrets look like (not a word, not a number)."""
    letters = any(c.isalpha() for c in value)
    return letters and (any(c.isdigit() for c in value) or (value.lower() != value and value.upper() != value))


def _valid_basic(value: str) -> bool:
    """A Basic credential decodes to `user-id:password` (RFC 7617 §2)."""
    try:
        decoded = base64.b64decode(value + "=" * (-len(value) % 4), validate=True)
    except (binascii.Error, ValueError):
        return False
    return b":" in decoded and len(decoded) >= 3


def _encoded_forms(secret: str) -> set[str]:
    """The forms a secret takes in logs: raw, URL-encoded, base64 (standard and URL-safe)."""
    raw = secret.encode("utf-8", "surrogatepass")
    forms = {secret, quote(secret, safe=""), quote_plus(secret)}
    for enc in (base64.b64encode(raw), base64.urlsafe_b64encode(raw)):
        text = enc.decode("ascii")
        forms.add(text)
        forms.add(text.rstrip("="))
    return forms


def _basic_forms(client_id: str, secret: str) -> set[str]:
    """`Basic base64(id:secret)`, plain and with RFC 6749 §2.3.1's form-encoding of both parts."""
    forms: set[str] = set()
    for cid, sec in ((client_id, secret), (quote_plus(client_id), quote_plus(secret))):
        forms.add(base64.b64encode(f"{cid}:{sec}".encode("utf-8", "surrogatepass")).decode("ascii"))
    return forms


class Redactor:
    """Finds credentials in text and replaces each by `shapes.redact(value)`.

    Shared by the logging filter and `oidcguard.django.ExceptionReporterFilter`. Thread-safe:
    the set of known secret values is replaced atomically, never mutated in place.
    """

    def __init__(
        self,
        secrets: Iterable[str] = (),
        client_credentials: Iterable[tuple[str, str]] = (),
        *,
        mask_state: bool = False,
        min_secret_length: int = 8,
    ) -> None:
        self.names: frozenset[str] = SENSITIVE_PARAMS | SENSITIVE_COOKIES | (
            frozenset({"state"}) if mask_state else frozenset()
        )
        self._keywords = _KEYWORDS + (("state",) if mask_state else ())
        self.min_secret_length = min_secret_length
        alternatives = "|".join(sorted((re.escape(n) for n in self.names), key=len, reverse=True))
        # `?code=x&state=y`, `code%3Dx` inside an encoded redirect URI; not `status_code=500`
        # (a word character, dot or dash before the name is another name).
        self._kv_re = re.compile(
            r"(?:(?<![\w.\-])|(?<=%3[fF])|(?<=%2[06]))(?i:" + alternatives + r")(?:=(?P<v>" + _VALUE_STOP + r"+)"
            r"|%3[dD](?P<w>[^\s'\",;<>\\)\]}&%]+))"
        )
        self._kv_needles = tuple(f"{n}{sep}" for n in self.names for sep in ("=", "%3d"))
        self._literals: tuple[str, ...] = ()
        self.add_secrets(secrets, client_credentials)

    # -- configuration ----------------------------------------------------------------------

    def add_secrets(self, secrets: Iterable[str], client_credentials: Iterable[tuple[str, str]] = ()) -> None:
        """Add the app's own secret values (and client id/secret pairs) in all encoded forms."""
        forms = set(self._literals)
        for secret in secrets:
            if self._usable_secret(secret):
                forms |= _encoded_forms(secret)
        for client_id, secret in client_credentials:
            if isinstance(client_id, str) and self._usable_secret(secret):
                forms |= _encoded_forms(secret) | _basic_forms(client_id, secret)
        # Longest first: a base64 form must win over a raw form it happens to contain.
        self._literals = tuple(sorted((f for f in forms if len(f) >= self.min_secret_length), key=len,
                                      reverse=True))

    def _usable_secret(self, value: object) -> bool:
        return isinstance(value, str) and len(value) >= self.min_secret_length and not is_placeholder(value)

    @property
    def literal_count(self) -> int:
        return len(self._literals)

    # -- detection --------------------------------------------------------------------------

    def might_contain(self, text: str) -> bool:
        """The cheap prefilter: False means no pattern can match `text`."""
        low = text.lower()
        for keyword in self._keywords:
            if keyword in low:
                return True
        for keyword in _CASED_KEYWORDS:
            if keyword in text:
                return True
        if "://" in text and "@" in text:
            return True
        for literal in self._literals:
            if literal in text:
                return True
        return False

    def _value_ok(self, text: str, start: int, value: str, minimum: int) -> bool:
        if len(value) < minimum or is_placeholder(value) or _FORMAT_SPEC_RE.fullmatch(value):
            return False
        return not _MASKED_AT_RE.match(text, start)  # already masked: idempotent

    def spans(self, text: str) -> list[tuple[int, int]]:
        """Where the credential values are in `text` (value only, never the label around it)."""
        found: list[tuple[int, int]] = []
        add = found.append
        low = text.lower()
        jwt_starts: set[int] = set()
        if "eyJ" in text:
            for m in _matches_at(_JWT_RE, text, text, "eyJ"):
                if decode_jwt(m.group(0)) is not None:
                    add(m.span())
                    jwt_starts.add(m.start())
        for gates, regex in _KNOWN_RES:
            if any(gate in text for gate in gates):
                for m in regex.finditer(text):
                    add(m.span())
        if "-----BEGIN" in text:
            for m in _PEM_RE.finditer(text):
                add(m.span())
        if "authoriz" in low:
            for m in _matches_at(_AUTHZ_RE, text, low, "authoriz"):
                value = m.group("v")
                # With a scheme the value is the credential; without one, only if it looks like
                # key material ("Authorization: failed" is prose).
                if m.group("s") is None and not (is_secret_candidate(value, min_length=8) and _mixed(value)):
                    continue
                if self._value_ok(text, m.start("v"), value, 4):
                    add(m.span("v"))
        for scheme in ("bearer", "basic"):
            for m in _matches_at(_SCHEME_RE, text, low, scheme):
                value = m.group("v")
                if m.start("v") in jwt_starts:
                    continue  # `Bearer <JWT>`: already masked, and validating it again is costly
                if m.group("s").lower() == "basic":
                    ok = _valid_basic(value)
                else:
                    ok = is_secret_candidate(value, min_length=12)
                if ok and not _MASKED_AT_RE.match(text, m.start("v")):
                    add(m.span("v"))
        if any(needle in low for needle in self._kv_needles):
            for m in self._kv_re.finditer(text):
                group = "v" if m.group("v") is not None else "w"
                name = m.group(0).split("=", 1)[0].split("%", 1)[0].lower()
                minimum = _MIN_NAMED_VALUE if name in {"password", "client_secret"} else _MIN_PARAM_VALUE
                if self._value_ok(text, m.start(group), m.group(group), minimum):
                    add(m.span(group))
        if "'" in text or '"' in text:
            for m in _QUOTED_KV_RE.finditer(text):
                if self.is_secret_name(m.group("n")) and self._value_ok(
                    text, m.start("v"), m.group("v"), _MIN_NAMED_VALUE
                ):
                    add(m.span("v"))
        if "cookie" in low:
            self._cookie_spans(text, add)
        if "://" in text and "@" in text:
            for m in _URL_CRED_RE.finditer(text):
                if self._value_ok(text, m.start("v"), m.group("v"), 1):
                    add(m.span("v"))
        for literal in self._literals:
            start = text.find(literal)
            while start != -1:
                add((start, start + len(literal)))
                start = text.find(literal, start + len(literal))
        if not any(gate in low for gate in _LABEL_GATES):
            return found
        pos = 0
        while (m := _LABELLED_RE.search(text, pos)) is not None:
            # A rejected value may itself start the next label ("password password: x"), so
            # the search resumes at the value, not after it.
            pos = m.start("v")
            value = m.group("v")
            if not is_secret_candidate(value, min_length=8):
                continue
            if ":" not in m.group("sep") and "=" not in m.group("sep") and not (len(value) >= 16 and _mixed(value)):
                # Prose: "password 12345678 times", "secret web-01 rotated" are not secrets;
                # "wrong client secret z889DRaAdR6RbgT3OMWgCkzNJiswm4zU" (case 01) is.
                continue
            pos = m.end()
            if not _MASKED_AT_RE.match(text, m.start("v")):
                add(m.span("v"))
        return found

    def _cookie_spans(self, text: str, add: Callable[[tuple[int, int]], None]) -> None:
        for m in _COOKIE_RE.finditer(text):
            base = m.start("v")
            for pair in _COOKIE_PAIR_RE.finditer(m.group("v")):
                name, value = pair.group("n"), pair.group("v")
                if name.lower() in _COOKIE_ATTRS:
                    continue
                # Any cookie may be a session (oauth2-proxy, a custom name): a named one, or a
                # value that looks like key material; `theme=dark` stays.
                if not (self.is_secret_name(name) or (is_secret_candidate(value, min_length=8) and _mixed(value))):
                    continue
                if self._value_ok(text, base + pair.start("v"), value, 4):
                    add((base + pair.start("v"), base + pair.end("v")))

    def mask(self, text: str, replace: Callable[[str], str] = redact) -> str:
        """`text` with every credential value replaced by `replace(value)` (its redacted preview).

        Returns the very same object when nothing was found, so callers can test `is`.
        """
        if not text or not self.might_contain(text):
            return text
        spans = self.spans(text)
        if not spans:
            return text
        spans.sort()
        merged: list[list[int]] = []
        for start, end in spans:
            if merged and start <= merged[-1][1]:
                merged[-1][1] = max(merged[-1][1], end)
            else:
                merged.append([start, end])
        parts: list[str] = []
        pos = 0
        for start, end in merged:
            parts.append(text[pos:start])
            parts.append(replace(text[start:end]))
            pos = end
        parts.append(text[pos:])
        return "".join(parts)

    def mask_value(self, value: Any, key: str | None = None, replace: Callable[[str], str] = redact) -> Any:
        """A masked copy of a log argument or extra value, or `value` itself when clean.

        Containers are rebuilt with masked leaves (a value under a credential-named key is masked
        whole); other objects become a `MaskedArg` only if their `str` or `repr` holds a secret.
        """
        if value is None or isinstance(value, bool | int | float):
            return value
        if isinstance(value, str):
            if key is not None and self.is_secret_name(key) and self._value_ok(
                value, 0, value, _MIN_NAMED_VALUE
            ):
                masked = replace(value)
                return MaskedArg(masked, repr(masked))
            masked = self.mask(value, replace)
            return value if masked is value else MaskedArg(masked, repr(masked))
        if isinstance(value, bytes):
            text = repr(value)
            masked = self.mask(text, replace)
            return value if masked is text else MaskedArg(masked, masked)
        if isinstance(value, Mapping):
            items = [(k, self.mask_value(v, str(k), replace)) for k, v in value.items()]
            if all(new is old for (_, new), old in zip(items, value.values(), strict=True)):
                return value
            return dict(items)
        if isinstance(value, list | tuple):
            new_items = [self.mask_value(v, key, replace) for v in value]
            if all(new is old for new, old in zip(new_items, value, strict=True)):
                return value
            return tuple(new_items) if isinstance(value, tuple) else new_items
        text = _safe_str(value)
        rep = _safe_repr(value)
        masked_text, masked_rep = self.mask(text, replace), self.mask(rep, replace)
        if masked_text is text and masked_rep is rep:
            return value
        return MaskedArg(masked_text, masked_rep)

    def is_secret_name(self, name: str) -> bool:
        """Whether a parameter, dict key or header of this name holds a credential."""
        if name.lower() == "state":
            return "state" in self.names
        return _is_secret_name(name, self.names)


class MaskedArg(str):
    """A masked stand-in for a log argument: `%s` gives the masked `str`, `%r` the masked `repr`."""

    _repr: str

    def __new__(cls, text: str, rep: str) -> MaskedArg:
        obj = super().__new__(cls, text)
        obj._repr = rep
        return obj

    def __repr__(self) -> str:
        return self._repr


def _safe_str(value: object) -> str:
    try:
        return str(value)
    except Exception:  # an object whose __str__ fails must not break logging
        return ""


def _safe_repr(value: object) -> str:
    try:
        return repr(value)
    except Exception:
        return ""


# --------------------------------------------------------------------------------------------
# Secrets from Django settings (the app's own configured values)

# Values under these names are endpoints, algorithms or switches, not secrets, even though
# SECRET_NAME matches them (OIDC_OP_TOKEN_ENDPOINT, OIDC_TOKEN_USE_BASIC_AUTH ...).
_NOT_SECRET_NAME = re.compile(
    r"(?i)(?:_ENDPOINT|_URL|_URI|_URIS|_ALGO|_ALG|_TYPE|_NAME|_METHOD|_CLASS|_BACKEND|_HEADER|_PATH|"
    r"_EXPIRY|_EXPIRE_SECONDS|_SECONDS|_AGE|_SIZE|_USE_\w+|_VALIDATORS|_GENERATOR|_MODEL|_HASHERS)$"
)


def secrets_from_settings(settings: Any) -> tuple[list[str], list[tuple[str, str]]]:
    """Secret values and (client_id, client_secret) pairs from a configured settings object.

    Only settings the project set itself are read (`settings.is_overridden`), so Django's
    deprecated defaults are never touched. Never raises.
    """
    secrets: list[str] = []
    pairs: list[tuple[str, str]] = []

    def walk(name: str, value: Any, depth: int) -> None:
        if depth > 6:
            return
        if isinstance(value, str):
            password = credentials_in_url(value)
            if password:
                secrets.append(password)
            elif SECRET_NAME.search(name) and not _NOT_SECRET_NAME.search(name) and "://" not in value:
                secrets.append(value)
        elif isinstance(value, Mapping):
            keys = {str(k).lower(): v for k, v in value.items()}
            client_id = keys.get("client_id")
            secret = keys.get("secret", keys.get("client_secret"))
            if isinstance(client_id, str) and isinstance(secret, str):
                pairs.append((client_id, secret))
            for k, v in value.items():
                walk(str(k), v, depth + 1)
        elif isinstance(value, list | tuple):
            for item in value:
                walk(name, item, depth + 1)

    try:
        names = [n for n in dir(settings) if n.isupper()]
    except Exception:
        return secrets, pairs
    values: dict[str, Any] = {}
    for name in names:
        try:
            if hasattr(settings, "is_overridden") and not settings.is_overridden(name):
                continue
            values[name] = getattr(settings, name)
        except Exception:
            continue
    for name, value in values.items():
        try:
            walk(name, value, 0)
        except Exception:
            continue
    # mozilla-django-oidc's client credentials, and python-social-auth's KEY/SECRET pairs.
    client_id = values.get("OIDC_RP_CLIENT_ID")
    client_secret = values.get("OIDC_RP_CLIENT_SECRET")
    if isinstance(client_id, str) and isinstance(client_secret, str):
        pairs.append((client_id, client_secret))
    for name, value in values.items():
        if name.startswith("SOCIAL_AUTH_") and name.endswith("_SECRET") and isinstance(value, str):
            key = values.get(name[: -len("_SECRET")] + "_KEY")
            if isinstance(key, str):
                pairs.append((key, value))
    return secrets, pairs


# --------------------------------------------------------------------------------------------
# The filter

# Attributes every LogRecord has; anything else on a record came from `extra=`.
_STANDARD_ATTRS = frozenset(vars(logging.LogRecord("", 0, "", 0, "", (), None))) | {
    "message", "asctime", "taskName",
}
_BASE_ATTR_COUNT = len(vars(logging.LogRecord("", 0, "", 0, "", (), None)))


class RedactingFilter(logging.Filter):
    """Masks credentials in log records; attach it to every handler (see the module docs).

    dictConfig: `{"()": "oidcguard.logging.RedactingFilter", "mask_state": True,
    "secret_env": ["CORP_OIDC_SECRET"]}`. Constructor arguments:

    - `secrets`: extra secret values to mask (in all encodings);
    - `client_credentials`: `(client_id, client_secret)` pairs, for their `Basic` form too;
    - `secret_env`: environment variable names whose values are secrets;
    - `mask_state`: also mask the OAuth `state` parameter (off by default: it is a CSRF
      nonce bound to one login, not a credential, RFC 6749 §10.12);
    - `use_django_settings`: read the app's secret values from Django's settings (default True).
    """

    def __init__(
        self,
        secrets: Iterable[str] = (),
        client_credentials: Iterable[Sequence[str]] = (),
        secret_env: Iterable[str] = (),
        mask_state: bool = False,
        use_django_settings: bool = True,
    ) -> None:
        # No logger name: logging.Filter(name) would drop records from other loggers.
        super().__init__()
        pairs = [(str(p[0]), str(p[1])) for p in client_credentials if len(p) == 2]
        env_values = [os.environ[n] for n in secret_env if os.environ.get(n)]
        self.redactor = Redactor([*secrets, *env_values], pairs, mask_state=mask_state)
        self._settings_pending = use_django_settings
        self._lock = threading.Lock()
        # Records this filter has already seen (the same filter on several handlers). Kept
        # beside the record, not on it: JSON formatters serialise every non-standard attribute.
        self._seen: weakref.WeakSet[logging.LogRecord] = weakref.WeakSet()

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            if record in self._seen:
                return True  # masking is idempotent; this only saves the second pass
            if self._settings_pending:
                self._load_settings()
            self._redact(record)
            self._seen.add(record)
        except Exception:  # never raise into logging, never drop the record
            pass
        return True

    # -- Django settings, read once --------------------------------------------------------

    def _load_settings(self) -> None:
        # Never import Django from here: only look at it once the app has imported it and its
        # settings are configured (LOGGING is applied by django.setup() after that, but the
        # filter may also be built earlier, e.g. by a library).
        conf = sys.modules.get("django.conf")
        if conf is None:
            return
        settings = getattr(conf, "settings", None)
        if settings is None or not getattr(settings, "configured", False):
            return
        with self._lock:
            if not self._settings_pending:
                return
            secrets, pairs = secrets_from_settings(settings)
            self.redactor.add_secrets(secrets, pairs)
            self._settings_pending = False

    # -- the record ---------------------------------------------------------------------------

    def _redact(self, record: logging.LogRecord) -> None:
        redactor = self.redactor
        self._redact_message(record)
        if record.exc_text:
            record.exc_text = redactor.mask(record.exc_text)
        elif record.exc_info and record.exc_info[0] is not None:
            text = logging.Formatter().formatException(record.exc_info)
            masked = redactor.mask(text)
            if masked is not text:
                # Formatter.format() uses exc_text as is when it is set, so this text is printed.
                record.exc_text = masked
        if record.stack_info:
            record.stack_info = redactor.mask(record.stack_info)
        if len(record.__dict__) <= _BASE_ATTR_COUNT:
            return  # no `extra=` (the common case): skip building the set difference
        for key in record.__dict__.keys() - _STANDARD_ATTRS:
            value = record.__dict__[key]
            if isinstance(value, str | bytes | Mapping | list | tuple):
                masked_value = redactor.mask_value(value, key)
                if masked_value is not value:
                    record.__dict__[key] = masked_value

    def _redact_message(self, record: logging.LogRecord) -> None:
        redactor = self.redactor
        msg, args = record.msg, record.args
        try:
            full: str | None = record.getMessage()
        except Exception:
            full = None
        if full is None:
            # A broken format: logging reports it itself; still mask what it will print.
            text = msg if isinstance(msg, str) else _safe_str(msg)
            masked = redactor.mask(text)
            if masked is not text:
                record.msg = masked
            if args:
                record.args = redactor.mask_value(args)
            return
        if not redactor.might_contain(full):
            return
        masked_full = redactor.mask(full)
        if masked_full is full:
            return
        if args:
            # Keep the template and the arguments' structure when masking them one by one
            # renders exactly the masked message; otherwise (a label in the template, its
            # value in an argument) store the masked rendering itself.
            text = msg if isinstance(msg, str) else _safe_str(msg)
            new_msg = redactor.mask(text)
            new_args = redactor.mask_value(args)
            try:
                if new_msg % new_args == masked_full:
                    record.msg, record.args = new_msg, new_args
                    return
            except Exception:
                pass
        record.msg, record.args = masked_full, ()
