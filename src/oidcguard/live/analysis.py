"""Reading responses: Django debug pages, tracebacks, cookies, links and secrets in served text.

Pure functions over `Fetched` responses and strings, shared by the live rules. Secret shapes come
from `oidcguard.shapes` (the one catalogue); this module only knows where secrets sit in a page.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import re
import threading
import zlib
from dataclasses import dataclass
from html.parser import HTMLParser
from typing import Any
from urllib.parse import quote

from ..findings import Severity
from ..shapes import (
    CLIENT_SECRET_NAME,
    SECRET_NAME,
    credentials_in_url,
    decode_jwt,
    find_known,
    is_redacted,
    is_secret_candidate,
    looks_fake,
)
from .context import Fetched

# ---------------------------------------------------------------------------------------------
# Django's technical pages (django/views/templates/technical_500.html, technical_404.html and
# their .txt twins). Both end with "You're seeing this error because you have DEBUG = True".

_DEBUG_FOOTER = re.compile(r"you have\s*(?:<code>)?\s*DEBUG\s*=\s*True", re.I)
_TECH_404 = re.compile(r"Using the URLconf defined in|Django tried these URL patterns", re.I)
_TECH_500 = re.compile(r'<div id="summary">|Exception Value:|<h2>Traceback|Request information', re.I)


def is_technical_page(response: Fetched) -> bool:
    return bool(_DEBUG_FOOTER.search(response.decoded))


def technical_kind(response: Fetched) -> str | None:
    """"404" for the URL-pattern page, "500" for the traceback page (any status), else None."""
    if not is_technical_page(response):
        return None
    if _TECH_500.search(response.decoded):
        return "500"
    if _TECH_404.search(response.decoded):
        return "404"
    return "500"


def exception_title(response: Fetched) -> str:
    """`KeyError at /reports/export/` from a technical page's <title>, without the path."""
    m = re.search(r"<title>\s*([^<]{1,200}?)\s*</title>", response.decoded, re.I)
    if not m:
        return ""
    return m.group(1).split(" at /", 1)[0].strip()


# Tracebacks, SQL errors and settings dumps in any error body (OG206).
_TRACEBACK = re.compile(
    r"Traceback \(most recent call last\)|File \"[^\"]+\.py\", line \d+|Exception Location:|"
    r"\bat [\w.$]+\([\w]+\.java:\d+\)",
)
_SQL = re.compile(
    r"sqlite3\.\w*Error|psycopg2?\.\w+|django\.db\.utils\.\w+|\bOperationalError\b|"
    r"\bProgrammingError\b|\bIntegrityError\b|MySQLdb|ORA-\d{5}|\bSELECT\s[\w\s\",.*]{1,200}?\sFROM\s",
)
_SETTINGS = re.compile(r"\b(SECRET_KEY|DATABASES|INSTALLED_APPS|OIDC_RP_CLIENT_SECRET|OAUTH2_PROVIDER)\b")


# Literal prefilters: Python's re has no fast path for patterns starting with \b or a class, and
# a hostile or huge body must not cost seconds per pattern.
_TRACEBACK_HINTS = ("Traceback", 'File "', "Exception Location", ".java:")
_SQL_HINTS = ("sqlite3", "psycopg", "django.db", "OperationalError", "ProgrammingError", "IntegrityError",
              "MySQLdb", "ORA-", "SELECT")


def leak_markers(text: str) -> list[str]:
    """What an error body gives away: 'stack trace', 'SQL error', 'settings'."""
    found: list[str] = []
    if any(h in text for h in _TRACEBACK_HINTS) and _TRACEBACK.search(text):
        found.append("stack trace")
    if any(h in text for h in _SQL_HINTS) and _SQL.search(text):
        found.append("SQL error")
    if len(set(_SETTINGS.findall(text))) >= 2:
        found.append("settings")
    return found


# ---------------------------------------------------------------------------------------------
# Cookies


@dataclass(frozen=True, slots=True)
class SetCookie:
    name: str
    value: str
    attributes: tuple[tuple[str, str], ...]  # (name, value) as sent; compare names case-insensitively
    raw: str

    def has(self, attribute: str) -> bool:
        return any(k.lower() == attribute.lower() for k, _ in self.attributes)

    def get(self, attribute: str) -> str | None:
        return next((v for k, v in self.attributes if k.lower() == attribute.lower()), None)

    @property
    def deleted(self) -> bool:
        """A deletion (empty value or Max-Age=0): Django's way of removing a cookie."""
        return self.value in ("", '""') or self.get("max-age") == "0"


def parse_set_cookie(header: str) -> SetCookie | None:
    parts = [p.strip() for p in header.split(";")]
    if not parts or "=" not in parts[0]:
        return None
    name, _, value = parts[0].partition("=")
    attrs: list[tuple[str, str]] = []
    for part in parts[1:]:
        if not part:
            continue
        key, _, val = part.partition("=")
        attrs.append((key.strip(), val.strip()))
    return SetCookie(name.strip(), value.strip(), tuple(attrs), header)


def cookie_evidence(cookie: SetCookie) -> str:
    """The Set-Cookie line with its value masked: a session id is a credential."""
    value = _mask_value(cookie.value)
    attrs = "".join(f"; {k}={v}" if v else f"; {k}" for k, v in cookie.attributes if k.lower() != "expires")
    return f"Set-Cookie: {cookie.name}={value}{attrs}"


def _mask_value(value: str) -> str:
    from ..shapes import redact

    return redact(value) if len(value) >= 8 else ("…" if value else "")


_TOKEN_KEYS = re.compile(r"(access|id|refresh)_?token|oidc_.*token|code_verifier", re.I)


def tokens_in_signed_session(value: str) -> list[tuple[str, str]]:
    """(key, token) pairs inside a Django signed-cookie session value, read without its key.

    django.core.signing.dumps: base64url(JSON), "." prefix when zlib-compressed, then
    ":timestamp:signature". The signature protects integrity only; anyone can read the payload.
    """
    payload = value.strip('"').split(":", 1)[0]
    compressed = payload.startswith(".")
    payload = payload.lstrip(".")
    if len(payload) < 8:
        return []
    try:
        raw = base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4))
        if compressed:
            raw = zlib.decompressobj().decompress(raw, 1 << 20)
        data = json.loads(raw)
    except (ValueError, binascii.Error, zlib.error, UnicodeDecodeError):
        return []
    found: list[tuple[str, str]] = []

    def walk(obj: Any) -> None:
        if isinstance(obj, dict):
            for key, item in obj.items():
                if isinstance(item, str) and _TOKEN_KEYS.search(str(key)) and len(item) >= 8:
                    found.append((str(key), item))
                else:
                    walk(item)
        elif isinstance(obj, list):
            for item in obj:
                walk(item)

    walk(data)
    return found


# ---------------------------------------------------------------------------------------------
# Links


class _LinkParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[tuple[str, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k: v for k, v in attrs if v is not None}
        if tag in ("a", "link", "area") and "href" in values:
            self.links.append((tag, values["href"]))
        elif tag in ("script", "iframe", "img") and "src" in values:
            self.links.append((tag, values["src"]))
        elif tag == "form" and values.get("method", "get").lower() == "get" and "action" in values:
            self.links.append((tag, values["action"]))
        elif tag == "meta" and values.get("http-equiv", "").lower() == "refresh":
            m = re.search(r"url\s*=\s*(\S+)", values.get("content", ""), re.I)
            if m:
                self.links.append((tag, m.group(1).strip("'\"")))


def extract_links(text: str) -> list[tuple[str, str]]:
    """(tag, url) for every link, script, form (GET) and meta refresh in an HTML page."""
    parser = _LinkParser()
    try:
        parser.feed(text)
        parser.close()
    except (AssertionError, ValueError):  # malformed markup: keep what was read
        pass
    return parser.links


# ---------------------------------------------------------------------------------------------
# Secrets in served text (OG202, OG213)


def with_article(label: str) -> str:
    """"an AWS access key id", "a JWT": the article for a label that may start with a vowel."""
    return ("an " if label[:1].lower() in "aeiou" else "a ") + label


@dataclass(frozen=True, slots=True)
class SecretInText:
    value: str
    kind: str  # "jwt", "url-password", "named", "configured", or a shapes kind
    label: str  # human: "database password in DATABASE_URL", "ID token (JWT)"
    name: str  # the setting/key it sat under, if any
    severity: Severity
    context: str = ""  # the text around it, to show with the secret masked (never alone)


# `NAME': 'value'`, `"name": "value"`, `name = "value"`, `name: 'value'` and the Django settings
# table row `<td>NAME</td><td class="code"><pre>'value'</pre></td>` (entities already decoded).
_NAMED_VALUE = re.compile(
    r"""(?<![A-Za-z0-9_\-])(?P<name>[A-Za-z_][A-Za-z0-9_\-]{1,63})['"]?\s*
        (?:[:=]|</td>\s*<td[^>]*>\s*<pre[^>]*>)\s*
        (?:b?['"])(?P<value>[^'"\s<>]{8,512})['"]""",
    re.X,
)
_NOT_SECRET_NAMES = re.compile(r"csrf|xsrf|_url$|_uri$|endpoint|_name$|_type$|_expir|_length$|_size$|"
                               r"_algo|_class$|_backend|_path$|_header$|_timeout|_age$|_field", re.I)
_URL_WITH_PASSWORD = re.compile(
    r"(?<![a-z0-9+.\-])[a-z][a-z0-9+.\-]{0,30}://[^\s:/@'\"<>]*:[^\s@/'\"<>]+@[^\s'\"<>]+", re.I
)


# `NAME=value` lines of .env files and shell exports, values unquoted.
_ENV_LINE = re.compile(r"^\s*(?:export\s+)?(?P<name>[A-Za-z_][A-Za-z0-9_]*)\s*=\s*(?P<value>[^\s'\"#]{8,512})\s*$",
                       re.M)


_CACHE: dict[tuple[str, tuple[str, ...], bool], list[SecretInText]] = {}
_CACHE_LOCK = threading.Lock()


def secrets_in_text(text: str, known_secrets: tuple[str, ...] = (), *, env_lines: bool = False) -> list[SecretInText]:
    """Every secret visible in `text` (HTML entities already decoded), each value once.

    `env_lines` also reads unquoted `NAME=value` lines (a served .env file or shell script).
    Results are cached by the text's digest: sites that answer many paths with the same body
    (soft 404s, catch-all pages, hostile servers) cost one scan, not one per path and rule.
    """
    key = (hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest(), known_secrets, env_lines)
    with _CACHE_LOCK:
        cached = _CACHE.get(key)
    if cached is not None:
        return list(cached)
    result = _secrets_in_text(text, known_secrets, env_lines)
    with _CACHE_LOCK:
        if len(_CACHE) > 256:
            _CACHE.clear()
        _CACHE[key] = result
    return list(result)


def _secrets_in_text(text: str, known_secrets: tuple[str, ...], env_lines: bool) -> list[SecretInText]:
    found: dict[str, SecretInText] = {}

    def add(item: SecretInText) -> None:
        if item.value not in found and not is_redacted(item.value):
            found[item.value] = item

    for secret in known_secrets:
        if len(secret) >= 6 and (secret in text or quote(secret, safe="") in text):
            add(SecretInText(secret, "configured", "configured secret value", "", Severity.CRITICAL))
    for match in find_known(text):
        if match.kind == "jwt" and decode_jwt(match.value) is None:
            continue
        add(SecretInText(match.value, match.kind, match.name, "", match.severity))
    for m in _URL_WITH_PASSWORD.finditer(text):
        password = credentials_in_url(m.group(0))
        if password and len(password) >= 6 and not looks_fake(password):
            # scheme://user:<password>@host, without path or query (which may hold other secrets)
            shown = m.group(0).split("@", 1)[0] + "@" + m.group(0).split("@", 1)[1].split("/", 1)[0]
            add(SecretInText(password, "url-password", "password inside a URL", "", Severity.HIGH, shown))
    named = list(_NAMED_VALUE.finditer(text)) + (list(_ENV_LINE.finditer(text)) if env_lines else [])
    for m in named:
        name, value = m.group("name"), m.group("value")
        if not SECRET_NAME.search(name) or _NOT_SECRET_NAMES.search(name):
            continue
        if not is_secret_candidate(value) or looks_fake(value):
            continue
        client_secret = bool(CLIENT_SECRET_NAME.search(name)) or name.lower() in {"secret", "clientsecret"}
        severity = Severity.CRITICAL if client_secret else Severity.HIGH
        label = "client secret" if client_secret else f"value of {name}"
        add(SecretInText(value, "named", label, name, severity))
    return list(found.values())


def private_jwks_members(document: Any) -> list[str]:
    """Private-key members (RFC 7518 §6.3.2, §6.2.2, §6.4) found in a JWKS document."""
    leaked: list[str] = []
    keys = document.get("keys") if isinstance(document, dict) else None
    for key in keys if isinstance(keys, list) else []:
        if isinstance(key, dict):
            leaked.extend(m for m in ("d", "p", "q", "dp", "dq", "qi", "k") if m in key)
    return sorted(set(leaked))
