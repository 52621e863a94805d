"""`oidcguard scan --history`: secrets that were ever committed, including ones deleted since.

A secret that reached git history must be rotated: deleting it in a later commit leaves it in
every clone. This reads `git log -p` once (added lines only, `-U0`), looks at each added line
with the same shape catalogue as the other fronts (known formats, secret-named assignments whose
value looks like key material, passwords in URLs) and reports each distinct secret once, at the
first commit that added it, as OG103 (code) or OG104 (other files). Secrets still present in the
working tree are already reported by the normal scan and are skipped here by their hash.

Uses the `git` command (no library); a tree that is not a git repository yields a tool error.
"""

from __future__ import annotations

import re
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from ..findings import Finding, Location, ToolError
from ..rules import Catalogue, Hit
from ..shapes import credentials_in_url, find_known, is_secret_candidate, looks_fake, secret_hash
from .dataflow import is_test_file, secret_setting
from .engine import _TEXT_NAMES

# NAME = "value", NAME: value, "name": "value", NAME=value (env files, YAML, JSON, Python).
_ASSIGN = re.compile(
    r"""(?P<name>[A-Za-z_][A-Za-z0-9_.\-]*)["']?\s*[:=]\s*[rbu]?(?P<q>["']?)(?P<value>[^"'\s#,;)]{8,})"""
)
_MODULE_PATH = re.compile(r"^[A-Za-z_]\w*(\.[A-Za-z_]\w*)+$")  # oauth2_provider.middleware.OAuth2TokenMiddleware
_TEMPLATE_FILE = re.compile(r"\.(example|sample|template|tmpl|dist)$|example", re.I)
_HEADER = re.compile(r"^@@ -\d+(?:,\d+)? \+(?P<start>\d+)(?:,\d+)? @@")
_TIMEOUT_S = 300


@dataclass(frozen=True, slots=True)
class Added:
    commit: str
    path: str
    line: int
    text: str


def added_lines(root: Path) -> Iterator[Added]:
    """Every line added by any commit on any ref, oldest commit first."""
    cmd = ["git", "-C", str(root), "log", "--all", "--reverse", "-p", "-U0", "--no-color", "--no-ext-diff",
           "--no-renames", "--format=%x00%H", "--diff-filter=AM", "--relative", "--", "."]  # paths as the scan sees
    out = subprocess.run(cmd, capture_output=True, check=True, timeout=_TIMEOUT_S).stdout
    commit = path = ""
    line = 0
    for raw in out.decode("utf-8", "replace").splitlines():
        if raw.startswith("\x00"):
            commit, path = raw[1:].strip(), ""
        elif raw.startswith("+++ "):
            target = raw[4:]
            path = target[2:] if target.startswith("b/") else ""
        elif raw.startswith("@@"):
            m = _HEADER.match(raw)
            line = int(m.group("start")) if m else 0
        elif raw.startswith("+") and path and commit:
            yield Added(commit, path, line, raw[1:])
            line += 1


def secrets_in_line(text: str, *, python: bool = False) -> Iterator[tuple[str, str]]:
    """(secret, kind) pairs on one added line. In Python only string literals count (`token = call.args[0]`
    is code, not a value)."""
    for match in find_known(text):
        if not looks_fake(match.value):
            yield match.value, match.name
    for m in _ASSIGN.finditer(text):
        name, value = m.group("name").rsplit(".", 1)[-1], m.group("value")
        if (python and not m.group("q")) or _MODULE_PATH.match(value) or value[0] in "{[(<$%":
            continue
        password = credentials_in_url(value)
        if password is not None and len(password) >= 6:
            yield password, "password in a URL"
        elif secret_setting(name) and is_secret_candidate(value, min_length=12) and \
                any(c.isdigit() for c in value):
            yield value, f"secret ({name})"


def scan_history(root: Path, catalogue: Catalogue, known_hashes: set[str], errors: list[ToolError], *,
                 show_secrets: bool = False) -> list[Finding]:
    code_rule, file_rule = catalogue.get("OG103"), catalogue.get("OG104")
    if code_rule is None or file_rule is None:
        return []
    try:
        lines = list(added_lines(root))
    except (OSError, subprocess.SubprocessError) as exc:
        errors.append(ToolError(str(root), f"--history: cannot read git history ({exc.__class__.__name__})"))
        return []
    seen = set(known_hashes)
    found: list[Finding] = []
    for added in lines:
        name = PurePosixPath(added.path).name
        python = name.endswith(".py")
        # The files the scan itself reads (not docs: rule docs show example secrets on purpose).
        if is_test_file(added.path) or _TEMPLATE_FILE.search(name) or not (python or _TEXT_NAMES.search(name)):
            continue
        for secret, kind in secrets_in_line(added.text, python=python):
            digest = secret_hash(secret)
            if digest in seen:
                continue
            seen.add(digest)
            rule_ = code_rule if added.path.endswith(".py") else file_rule
            hit = Hit(Location(path=added.path, line=added.line, column=1),
                      f"{kind} was committed in {added.commit[:12]}: it stays in the git history of every clone, "
                      "so rotate it (deleting the file does not help)", secret=secret, secret_kind=kind,
                      extra=(("commit", added.commit),))
            found.append(rule_.finding(hit, show_secrets=show_secrets))
    return found
