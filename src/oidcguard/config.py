"""`[tool.oidcguard]` in pyproject.toml; command-line options win.

    [tool.oidcguard]
    exclude = ["legacy/**", "**/migrations/0001_*.py"]
    settings-module = "myproject.settings.production"
    disable = ["OG131"]            # same as --ignore
    select = []                    # same as --select
    fail-on = "medium"
    fail-under = 80
    format = "text"
    development-settings = ["**/settings/staging_local.py"]   # treat as development
    production-settings = ["**/settings/live.py"]             # treat as production
    secret-env = ["CORP_OIDC_SECRET"]   # extra env names that hold secrets (known secret sources)
"""

from __future__ import annotations

import fnmatch
import functools
import re
import tomllib
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from .findings import Finding, Severity
from .rules import selects

DEFAULT_EXCLUDE = (
    ".git/**", "**/.git/**", "**/node_modules/**", "**/.venv/**", "**/venv/**", "**/.tox/**",
    "**/__pycache__/**", "**/site-packages/**", "**/.mypy_cache/**", "**/dist/**", "**/build/**",
)


class ConfigError(Exception):
    pass


@dataclass(frozen=True, slots=True)
class Config:
    fmt: str = "text"
    fail_on: Severity = Severity.HIGH
    fail_under: int | None = None
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    exclude: tuple[str, ...] = DEFAULT_EXCLUDE
    settings_module: str | None = None
    development_settings: tuple[str, ...] = ()
    production_settings: tuple[str, ...] = ()
    secret_env: tuple[str, ...] = ()
    show_secrets: bool = False
    jobs: int | None = None
    source: str | None = field(default=None, compare=False)  # where the config was read from

    def wants(self, finding: Finding) -> bool:
        return self.wants_rule(finding.rule_id, finding.category)

    def wants_rule(self, rule_id: str, category: Any) -> bool:
        probe = _RuleView(rule_id, category)
        if self.select and not selects(probe, self.select):  # type: ignore[arg-type]
            return False
        return not (self.ignore and selects(probe, self.ignore))  # type: ignore[arg-type]

    def excluded(self, relpath: str) -> bool:
        matcher = _exclude_matcher(self.exclude)
        # "/" + path lets "**/build/**" also exclude a top-level build/ folder.
        return any(matcher(p) is not None for p in (relpath, relpath + "/", "/" + relpath, "/" + relpath + "/"))

    def override(self, **changes: Any) -> Config:
        clean: dict[str, Any] = {}
        for key, value in changes.items():
            if value is None:
                continue
            if key == "fail_on":
                value = _severity(value)
            elif key in {"select", "ignore"}:
                value = tuple(_split(value))
            clean[key] = value
        return replace(self, **clean)


@functools.cache
def _exclude_matcher(patterns: tuple[str, ...]) -> Callable[[str], re.Match[str] | None]:
    """All exclude globs as one compiled regex (fnmatch semantics), built once per pattern set."""
    if not patterns:
        return lambda _: None
    return re.compile("|".join(f"(?:{fnmatch.translate(p)})" for p in patterns)).match


@dataclass(frozen=True, slots=True)
class _RuleView:
    id: str
    category: Any


def _split(values: Any) -> list[str]:
    out: list[str] = []
    for v in values if isinstance(values, list | tuple) else [values]:
        out.extend(p.strip() for p in str(v).split(",") if p.strip())
    return out


def _severity(value: Any) -> Severity:
    if isinstance(value, Severity):
        return value
    try:
        return Severity.parse(str(value))
    except ValueError as exc:
        raise ConfigError(str(exc)) from None


_KEYS = {
    "format": "fmt",
    "fail-on": "fail_on",
    "fail-under": "fail_under",
    "select": "select",
    "ignore": "ignore",
    "disable": "ignore",
    "exclude": "exclude",
    "extend-exclude": "exclude",
    "settings-module": "settings_module",
    "development-settings": "development_settings",
    "production-settings": "production_settings",
    "secret-env": "secret_env",
    "jobs": "jobs",
}


def load_config(path: Path | None, *, start: Path) -> Config:
    """Read `[tool.oidcguard]` from `path`, or from the nearest pyproject.toml above `start`."""
    if path is None:
        for folder in [start.resolve(), *start.resolve().parents]:
            candidate = folder / "pyproject.toml"
            if candidate.is_file():
                path = candidate
                break
    if path is None:
        return Config()
    try:
        data = tomllib.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"cannot read {path}: {exc}") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path} is not valid TOML: {exc}") from None
    section = data.get("tool", {}).get("oidcguard", {})
    if not isinstance(section, dict):
        raise ConfigError(f"{path}: [tool.oidcguard] must be a table")
    values: dict[str, Any] = {"source": str(path)}
    for key, raw in section.items():
        if key not in _KEYS:
            raise ConfigError(f"{path}: unknown key {key!r} in [tool.oidcguard]")
        attr = _KEYS[key]
        if attr == "fail_on":
            values[attr] = _severity(raw)
        elif attr in {"select", "ignore", "development_settings", "production_settings", "secret_env"}:
            values[attr] = tuple(values.get(attr, ())) + tuple(_split(raw))
        elif attr == "exclude":
            values[attr] = tuple(values.get(attr, DEFAULT_EXCLUDE)) + tuple(_split(raw))
        elif attr in {"fail_under", "jobs"}:
            if not isinstance(raw, int):
                raise ConfigError(f"{path}: {key} must be an integer")
            values[attr] = raw
        else:
            if not isinstance(raw, str):
                raise ConfigError(f"{path}: {key} must be a string")
            values[attr] = raw
    return Config(**values)
