"""What the AST tells about a setting's value, with its provenance.

A `Value` is either a literal, a container of nested `Value`s (so a rule can point at the exact
line of `"level": "DEBUG"` deep inside `LOGGING`), an environment lookup (required, optional, or
with a literal default), or something computed that we do not evaluate.

`effective` is the value the setting takes when the environment does NOT set the variable: that
is the value a forgotten deployment runs with, and the one most rules judge.
"""

from __future__ import annotations

import ast
import enum
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from typing import Any


class _Sentinel:
    __slots__ = ("name",)

    def __init__(self, name: str) -> None:
        self.name = name

    def __repr__(self) -> str:
        return self.name

    def __bool__(self) -> bool:
        raise TypeError(f"{self.name} has no truth value; test with `is`")


UNKNOWN: Any = _Sentinel("UNKNOWN")  # not statically known
MISSING: Any = _Sentinel("MISSING")  # required env var not set: the lookup raises at start-up


class Origin(enum.Enum):
    LITERAL = "literal"  # written in the source
    ENV = "env"  # required environment lookup: fails loudly when unset
    ENV_OPTIONAL = "env-optional"  # environment lookup that silently yields None/"" when unset
    ENV_DEFAULT = "env-default"  # environment lookup with a literal fallback
    COMPUTED = "computed"  # anything else (function calls, file reads, random keys)


@dataclass(frozen=True, slots=True)
class Value:
    origin: Origin
    path: str | None = None  # project-relative file of the assignment
    node: ast.AST | None = field(default=None, repr=False, compare=False)
    effective: Any = UNKNOWN  # python value when the environment sets nothing
    env_name: str | None = None
    # How an env string becomes the value: "str" (raw string: "False" is truthy), "bool"
    # (parsed by a library: "False" is False), "int", "list", ... None for literals.
    cast: str | None = None
    items: dict[Any, Value] | list[Value] | None = field(default=None, repr=False)
    conditional: bool = False  # assigned inside an `if` whose test we could not decide
    line_override: int | None = None

    @property
    def line(self) -> int | None:
        if self.line_override is not None:
            return self.line_override
        return getattr(self.node, "lineno", None)

    @property
    def column(self) -> int | None:
        col = getattr(self.node, "col_offset", None)
        return None if col is None else col + 1

    @property
    def end_line(self) -> int | None:
        return getattr(self.node, "end_lineno", None)

    @property
    def known(self) -> bool:
        return self.effective is not UNKNOWN and self.effective is not MISSING

    @property
    def from_env(self) -> bool:
        return self.origin in (Origin.ENV, Origin.ENV_OPTIONAL, Origin.ENV_DEFAULT)

    def get(self, key: Any) -> Value | None:
        """Nested value of a dict literal, by key (None when absent or not a dict)."""
        if isinstance(self.items, dict):
            return self.items.get(key)
        return None

    def get_ci(self, key: str) -> Value | None:
        """Case-insensitive key lookup (allauth/social-auth mix cases)."""
        if isinstance(self.items, dict):
            for k, v in self.items.items():
                if isinstance(k, str) and k.lower() == key.lower():
                    return v
        return None

    def elements(self) -> list[Value]:
        if isinstance(self.items, list):
            return self.items
        if isinstance(self.items, dict):
            return list(self.items.values())
        return []

    def entries(self) -> Iterator[tuple[Any, Value]]:
        if isinstance(self.items, dict):
            yield from self.items.items()

    def truthy(self) -> bool | None:
        """Truth of the effective value; None when unknown."""
        if not self.known:
            return None
        try:
            return bool(self.effective)
        except Exception:  # noqa: BLE001 - a user object's __bool__ cannot be trusted
            return None

    def strings(self) -> list[str]:
        """The string value, or the strings of a list/tuple (for scheme/host lists)."""
        if isinstance(self.effective, str):
            return [self.effective]
        if isinstance(self.effective, list | tuple | set | frozenset):
            return [x for x in self.effective if isinstance(x, str)]
        return []

    def at(self, path: str | None) -> Value:
        return replace(self, path=path)


def literal(effective: Any, node: ast.AST | None, path: str | None, items: Any = None) -> Value:
    return Value(Origin.LITERAL, path=path, node=node, effective=effective, items=items)


def computed(node: ast.AST | None, path: str | None) -> Value:
    return Value(Origin.COMPUTED, path=path, node=node)
