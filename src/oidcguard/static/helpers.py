"""Small shared queries for static rules."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlsplit

from .context import SettingsContext
from .values import Origin, Value

LOOPBACK_HOSTS = frozenset({"localhost", "127.0.0.1", "::1", "[::1]", "0.0.0.0"})
DEBUG_LEVELS = frozenset({"DEBUG", "NOTSET", 10, 0, "10"})


def walk(value: Value, keys: tuple[Any, ...] = (), through_list: bool = False
         ) -> Iterator[tuple[tuple[Any, ...], Value, bool]]:
    """Every nested value with its key path, and whether the path crosses a list."""
    yield keys, value, through_list
    if isinstance(value.items, dict):
        for k, v in value.items.items():
            yield from walk(v, (*keys, k), through_list)
    elif isinstance(value.items, list):
        for i, v in enumerate(value.items):
            yield from walk(v, (*keys, i), True)


def is_loopback_host(host: str | None) -> bool:
    if not host:
        return False
    host = host.lower().split(":")[0] if not host.startswith("[") else host.lower()
    return host in LOOPBACK_HOSTS or host.endswith(".localhost") or host.startswith("127.")


def insecure_http_url(text: str) -> bool:
    """An http:// URL to a host other than loopback."""
    if not text.lower().startswith("http://"):
        return False
    try:
        host = urlsplit(text).hostname
    except ValueError:
        return False
    return not is_loopback_host(host)


def is_true(value: Value | None) -> bool:
    return value is not None and value.truthy() is True


def is_false(value: Value | None) -> bool:
    return value is not None and value.truthy() is False


def env_note(value: Value) -> str:
    """How the value came about, for messages."""
    if value.origin is Origin.ENV_DEFAULT and value.env_name:
        return f" (the default when ${value.env_name} is not set)"
    return ""


def anchor(ctx: SettingsContext, *names: str) -> Value | None:
    """The first of these settings that is present: where to point a finding about an absent one."""
    for name in names:
        value = ctx.get(name)
        if value is not None and value.line is not None:
            return value
    return None


def first_with_prefix(ctx: SettingsContext, prefix: str) -> Value | None:
    found = [v for k, v in ctx.namespace.items() if k.startswith(prefix) and v.line is not None]
    return min(found, key=lambda v: (v.path or "", v.line or 0), default=None)


def level_name(value: Value | None) -> str | None:
    """A logging level as text ("DEBUG"), from a literal, env default or `logging.DEBUG`."""
    if value is None:
        return None
    if isinstance(value.effective, str):
        return value.effective.upper()
    if isinstance(value.effective, int) and not isinstance(value.effective, bool):
        return {10: "DEBUG", 20: "INFO", 30: "WARNING", 40: "ERROR", 50: "CRITICAL", 0: "NOTSET"}.get(value.effective)
    node = value.node
    text = getattr(getattr(node, "value", None), "attr", None) or getattr(node, "attr", None)
    if isinstance(text, str) and text.isupper():
        return text
    return None


IDENT = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


def silenced(ctx: SettingsContext, django_check: str) -> bool:
    """Whether the project silenced Django's own check for the same thing (`security.W004`):
    a recorded decision (e.g. "HSTS is set in nginx") that a finding should not re-litigate."""
    value = ctx.get("SILENCED_SYSTEM_CHECKS")
    return value is not None and django_check in value.strings()
