"""The app's own secrets for OG304: from an env file, named environment variables, or settings.

This is the one place of the logs front that reads configuration and the environment; the rules
only see the resulting `KnownSecrets`. Values are kept in memory for the run and never printed.
"""

from __future__ import annotations

import ast
import os
import re
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

from .. import shapes
from .model import KnownSecret, KnownSecrets

# Names whose value is public but part of Basic credentials: mozilla-django-oidc
# OIDC_RP_CLIENT_ID, python-social-auth SOCIAL_AUTH_<BACKEND>_KEY, allauth "client_id".
_CLIENT_ID_NAME = re.compile(r"(^|_)CLIENT_ID$|^SOCIAL_AUTH_.*_KEY$", re.I)
_ENV_LINE = re.compile(r"^\s*(?:export\s+)?(?P<name>[A-Za-z_][A-Za-z0-9_]*)\s*=\s*(?P<value>.*?)\s*$")


class KnownSecretsError(Exception):
    """A secrets source named on the command line cannot be used (exit code 2)."""


def _is_client_secret(name: str) -> bool:
    return bool(shapes.CLIENT_SECRET_NAME.search(name)) or name.upper() in {"SECRET_KEY", "DJANGO_SECRET_KEY"}


def _usable(value: str, *, explicit: bool) -> bool:
    """Long and random enough that finding it in a log means it leaked, not a coincidence."""
    value = value.strip()
    if shapes.is_placeholder(value) or shapes.looks_fake(value):
        return False
    return len(value) >= (6 if explicit else 8) and (explicit or shapes.is_secret_candidate(value))


def _secrets_in(pairs: Iterable[tuple[str, str]], source: str, *, explicit: bool = False) -> Iterator[KnownSecret]:
    for name, value in pairs:
        password = shapes.credentials_in_url(value)
        if password is not None and _usable(password, explicit=True):
            yield KnownSecret(name, password, source, client_secret=False)
            continue
        if (explicit or shapes.SECRET_NAME.search(name)) and _usable(value, explicit=explicit):
            yield KnownSecret(name, value, source, client_secret=_is_client_secret(name))


def parse_env_file(text: str) -> list[tuple[str, str]]:
    """KEY=VALUE lines as docker-compose / django-environ / python-dotenv read them."""
    pairs: list[tuple[str, str]] = []
    for raw in text.splitlines():
        if not raw.strip() or raw.lstrip().startswith("#"):
            continue
        m = _ENV_LINE.match(raw)
        if not m:
            continue
        value = m.group("value")
        if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
            value = value[1:-1]
        elif " #" in value:
            value = value.split(" #", 1)[0].rstrip()
        pairs.append((m.group("name"), value))
    return pairs


def from_env_file(path: Path) -> tuple[list[KnownSecret], list[str]]:
    try:
        text = path.read_text(encoding="utf-8", errors="surrogateescape")
    except OSError as exc:
        raise KnownSecretsError(f"cannot read --env-file {path}: {exc.strerror or exc}") from None
    pairs = parse_env_file(text)
    ids = [v for n, v in pairs if _CLIENT_ID_NAME.search(n) and v]
    return list(_secrets_in(pairs, f"env file {path.name}")), ids


def from_environment(names: Iterable[str], environ: Mapping[str, str]) -> tuple[list[KnownSecret], list[str]]:
    secrets: list[KnownSecret] = []
    for name in names:
        value = environ.get(name)
        if value is None:
            raise KnownSecretsError(f"--secret-env {name}: no such environment variable")
        secrets.extend(_secrets_in([(name, value)], "environment", explicit=True))
    ids = [v for n, v in environ.items() if _CLIENT_ID_NAME.search(n) and v and len(v) < 200]
    return secrets, ids


def _walk(name: str, value: Any) -> Iterator[tuple[str, Any]]:
    """(dotted name, Value) for a setting and the entries of its nested dicts and lists."""
    yield name, value
    items = getattr(value, "items", None)
    if isinstance(items, dict):
        for key, sub in items.items():
            yield from _walk(f"{name}.{key}" if isinstance(key, str) else name, sub)
    elif isinstance(items, list):
        for sub in items:
            yield from _walk(name, sub)


def from_settings(path: Path, environ: Mapping[str, str]) -> tuple[list[KnownSecret], list[str]]:
    """Secret values a settings module holds: literals, env defaults, and env vars it reads.

    Uses the static front's settings model (`oidcguard.static.settings_model`): the module is
    parsed, never imported. For a setting read from the environment, the variable's current value
    (if set where oidcguard runs) is the secret.
    """
    try:
        from ..static.settings_model import evaluate_module
    except ImportError as exc:  # pragma: no cover - the static front ships with the package
        raise KnownSecretsError(f"--secrets-from-settings needs the static front: {exc}") from None
    try:
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    except (OSError, SyntaxError, UnicodeDecodeError, ValueError) as exc:
        raise KnownSecretsError(f"cannot read settings {path}: {exc}") from None
    seen: set[Path] = {path.resolve()}

    def resolve_star(module: str, _line: int, _conditional: bool, folder: Path = path.parent) -> Any:
        # `from .base import *` in a settings package: the sibling module, parsed the same way.
        level = len(module) - len(module.lstrip("."))
        if level == 0:
            return None  # an absolute import: not resolvable without the project's layout
        base = folder
        for _ in range(level - 1):
            base = base.parent
        target = base.joinpath(*module.lstrip(".").split(".")).with_suffix(".py")
        if target.resolve() in seen or not target.is_file():
            return None
        seen.add(target.resolve())
        try:
            sub = ast.parse(target.read_text(encoding="utf-8"), filename=str(target))
        except (OSError, SyntaxError, UnicodeDecodeError, ValueError):
            return None
        return evaluate_module(sub, str(target), lambda m, n, c: resolve_star(m, n, c, target.parent))

    namespace = evaluate_module(tree, str(path), resolve_star).namespace
    secrets: list[KnownSecret] = []
    ids: list[str] = []
    source = f"settings {path.name}"
    for top, value in namespace.items():
        for name, v in _walk(top, value):
            leaf = name.rsplit(".", 1)[-1]
            text = v.effective if isinstance(getattr(v, "effective", None), str) else None
            env_name = getattr(v, "env_name", None)
            if env_name and env_name in environ:
                text = environ[env_name]
            if not text:
                continue
            if _CLIENT_ID_NAME.search(leaf) or leaf.lower() == "client_id":
                ids.append(text)
            elif leaf.lower() in {"secret", "client_secret", "key"} and "." in name:
                if _usable(text, explicit=False):
                    secrets.append(KnownSecret(name, text, source, client_secret=leaf.lower() != "key"))
            else:
                secrets.extend(KnownSecret(name, s.value, source, s.client_secret)
                               for s in _secrets_in([(leaf, text)], source))
    return secrets, ids


def load(*, env_files: Iterable[Path] = (), env_names: Iterable[str] = (), settings: Iterable[Path] = (),
         environ: Mapping[str, str] | None = None) -> KnownSecrets:
    environ = os.environ if environ is None else environ
    secrets: list[KnownSecret] = []
    ids: list[str] = []
    for path in env_files:
        s, i = from_env_file(Path(path))
        secrets += s
        ids += i
    names = list(env_names)
    if names:
        s, i = from_environment(names, environ)
        secrets += s
        ids += i
    for path in settings:
        s, i = from_settings(Path(path), environ)
        secrets += s
        ids += i
    return KnownSecrets.of(tuple(secrets), tuple(i for i in ids if i))
