"""What the log rules look at: one log line (with its decoded views) and the app's own secrets.

The engine hands each rule a `LogLine`. Rules are pure: they read the line, the app's own
secrets and the run's clock from it, and yield hits; they never open files or read the
environment.
"""

from __future__ import annotations

import base64
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from urllib.parse import quote, quote_plus, unquote

from ..findings import Location


@dataclass(frozen=True, slots=True)
class KnownSecret:
    """One of the app's own configured secret values (OG304), and where it was configured."""

    name: str  # the setting or variable name, e.g. OIDC_RP_CLIENT_SECRET (never the value)
    value: str
    source: str  # "env-file .env", "environment", "settings myproject/settings.py"
    client_secret: bool = False  # a client secret or SECRET_KEY: always critical


@dataclass(frozen=True, slots=True)
class SecretForm:
    """A way the secret can be written into a log: raw, URL-encoded, base64, Basic, JSON-escaped."""

    text: str
    label: str
    secret: KnownSecret


@dataclass(frozen=True, slots=True)
class KnownSecrets:
    secrets: tuple[KnownSecret, ...] = ()
    client_ids: tuple[str, ...] = ()  # public, but Basic credentials are base64(client_id:secret)
    forms: tuple[SecretForm, ...] = field(default=(), compare=False)

    @classmethod
    def of(cls, secrets: tuple[KnownSecret, ...], client_ids: tuple[str, ...] = ()) -> KnownSecrets:
        unique: dict[str, KnownSecret] = {}
        for s in secrets:
            unique.setdefault(s.value, s)
        ids = tuple(dict.fromkeys(client_ids))
        chosen = tuple(unique.values())
        return cls(chosen, ids, tuple(_forms(chosen, ids)))

    def by_value(self, value: str) -> KnownSecret | None:
        return next((s for s in self.secrets if s.value == value), None)

    def __bool__(self) -> bool:
        return bool(self.secrets)


def _b64(data: str, *, url: bool = False) -> str:
    raw = data.encode("utf-8", "surrogatepass")
    return (base64.urlsafe_b64encode(raw) if url else base64.b64encode(raw)).decode("ascii")


def _forms(secrets: tuple[KnownSecret, ...], client_ids: tuple[str, ...]) -> Iterator[SecretForm]:
    for s in secrets:
        v = s.value
        candidates = [
            (v, "raw"),
            (quote(v, safe=""), "URL-encoded"),
            (quote_plus(v, safe=""), "URL-encoded"),
            (json.dumps(v)[1:-1], "JSON-escaped"),
            (json.dumps(v, ensure_ascii=False)[1:-1], "JSON-escaped"),
            (_b64(v), "base64"),
            (_b64(v).rstrip("="), "base64"),
            (_b64(v, url=True).rstrip("="), "base64url"),
        ]
        # RFC 7617 §2 / RFC 6749 §2.3.1: HTTP Basic client authentication is
        # base64(urlencode(client_id) ":" urlencode(client_secret)).
        for cid in client_ids:
            candidates.append((_b64(f"{cid}:{v}"), "Basic credentials"))
            candidates.append((_b64(f"{quote_plus(cid)}:{quote_plus(v)}"), "Basic credentials"))
        seen: set[str] = set()
        for text, label in candidates:
            if text and text not in seen:
                seen.add(text)
                yield SecretForm(text, label, s)


@dataclass(frozen=True, slots=True)
class LogLine:
    """One physical line of a log, decoded, with the views rules match against."""

    path: str
    number: int  # 1-based
    text: str  # the line as written (without its newline), invalid bytes kept as surrogates
    known: KnownSecrets = KnownSecrets()
    now: float = 0.0  # the run's clock, for JWT expiry (rules never read the clock themselves)
    layout: str = ""  # "nginx-combined", "json", "django-runserver", ... (see layouts.py)
    views: tuple[str, ...] = ()  # text first, then JSON-unescaped values and URL-decoded copies

    def location(self, value: str | None = None) -> Location:
        column = None
        if value:
            at = self.text.find(value)
            column = at + 1 if at >= 0 else None
        return Location(path=self.path, line=self.number, column=column)


# A value in a query string or form body may be percent-encoded; the same secret is the same
# secret whichever way it was written, so it is hashed (and counted) in decoded form.
_PERCENT = re.compile(r"%[0-9A-Fa-f]{2}")


def normalise(value: str) -> str:
    return unquote(value) if _PERCENT.search(value) else value
