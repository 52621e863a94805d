"""OG104: secrets in committed non-Python files: `.env`, docker-compose environments, Django fixtures."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import PurePosixPath

from ...findings import Category, Confidence, Location, Severity
from ...rules import Hit, rule
from ...shapes import credentials_in_url, is_password_hash, is_secret_candidate, looks_fake
from ..context import ModuleSubject
from ..dataflow import code_role, secret_setting
from ..project import Role

# Env files that document variables rather than hold them (case 18): never reported.
_TEMPLATE_ENV = re.compile(r"\.(example|sample|template|tmpl|dist|defaults?|skel)$|\.example\.|example", re.I)
_ENV_LINE = re.compile(r"^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*)$")
_YAML_MAP = re.compile(r"^(\s*)([A-Za-z_][A-Za-z0-9_]*)\s*:\s*(.*)$")
_YAML_LIST = re.compile(r"""^(\s*)-\s*['"]?([A-Za-z_][A-Za-z0-9_]*)=(.*?)['"]?\s*$""")
# Fixture field names that hold credentials (django-oauth-toolkit Application.client_secret,
# allauth SocialApp.secret, API key models).
_FIXTURE_FIELDS = re.compile(r"^(client_secret|secret|secret_key|api_key|token|key|access_token|refresh_token)$", re.I)


@rule(
    id="OG104",
    name="secret-in-config-file",
    title="Secret committed in a config or fixture file",
    category=Category.HARDCODED_SECRET,
    severity=Severity.HIGH,
    confidence=Confidence.HIGH,
    cwe=(798, 312),
    remediation="Remove the file or the value from the repository (and its history), rotate the secret, and "
    "provide it at deploy time: an untracked .env, docker secrets, or the platform's secret store.",
    subject="file",
)
def secret_in_config_file(subject: ModuleSubject) -> Iterator[Hit]:
    """
    ## What it does
    Flags secrets in non-Python files that are usually committed:
    - `.env` files: `NAME=value` where the name says secret (`*_SECRET`, `*_PASSWORD`,
      `*_TOKEN`, `*_API_KEY`) and the value looks like key material, or any URL with a password
      (`REDIS_URL=redis://:pw@host`);
    - docker-compose files: the same, in `environment:` maps and lists;
    - `.ini`/`.cfg` files (uWSGI `env = NAME=value`, gunicorn and app configs; not the test
      runners' `pytest.ini`, `tox.ini`, `setup.cfg`);
    - Kubernetes manifests: container `env:` entries with a literal `value:` and `kind: Secret`
      `stringData:` entries;
    - Django fixtures (JSON/YAML): credential fields such as django-oauth-toolkit
      `oauth2_provider.application` rows with a plaintext `client_secret`.

    ## Why is this bad?
    Whoever can read the repository, an image layer or a CI cache can use the secret; deleting
    the file later does not remove it from git history.

    ## Example
        SOCIAL_AUTH_OIDC_SECRET=Ub6nK1xZ8qW3mR7tP2vL9yH4cJ5fD0sGa      # .env, OG104

    ## Use instead
        # .env.example (committed)            # .env (untracked, from the vault)
        SOCIAL_AUTH_OIDC_SECRET=              SOCIAL_AUTH_OIDC_SECRET=...

    ## Known false positives
    Example and template env files (`.env.example`, `.env.sample`, `.env.template`) are never
    reported; development env files are reported at info; placeholders and values that announce
    themselves as fake (`change-me`, `ThisIsAnExampleKeyForDevPurposeOnly`) and Django password
    hashes are ignored. Fixtures of a local stack (under `docker/`, `dev/` or `local/`, such as a
    test identity provider's `docker/images/oidcprovider/fixtures.json`) are development: info. A
    `.env` file that is listed in `.gitignore` and never committed is still reported: it is a
    plaintext secret on the disk that was scanned.

    ## References
    - CWE-798: Use of Hard-coded Credentials; CWE-312: Cleartext Storage of Sensitive Information
    - Docker docs: "Manage sensitive data with Docker secrets"
    """
    source = subject.source
    name = PurePosixPath(source.rel).name
    lower = name.lower()
    if lower.startswith(".env") or lower.endswith(".env"):
        if _TEMPLATE_ENV.search(name):
            return
        role = _role(subject)
        if role is not None:
            yield from _env_file(subject, role)
    elif lower.startswith(("docker-compose", "compose.")) and lower.endswith((".yml", ".yaml")):
        role = _role(subject)
        if role is not None:
            yield from _compose(subject, role)
    elif lower.endswith((".ini", ".cfg")) and lower not in _TEST_CONFIGS:
        role = _role(subject)
        if role is not None:
            yield from _ini(subject, role)
    elif lower.endswith((".yml", ".yaml")) and _K8S_KIND.search(source.text) and (
            "env:" in source.text or "stringData:" in source.text):
        role = _role(subject)
        if role is not None:
            yield from _kubernetes(subject, role)
    elif "fixtures" in source.rel.split("/")[:-1] or lower.endswith(("fixture.json", "fixtures.json")):
        role = _role(subject)
        if role is None:
            return
        if lower.endswith(".json"):
            yield from _json_fixture(subject, role)
        elif lower.endswith((".yaml", ".yml")):
            yield from _yaml_fixture(subject, role)


# Test-runner configuration (pytest-env values, tox setenv) only ever runs tests.
_TEST_CONFIGS = frozenset({"pytest.ini", "tox.ini", ".coveragerc", "setup.cfg"})
_K8S_KIND = re.compile(r"^kind:\s*(Deployment|StatefulSet|DaemonSet|Job|CronJob|Pod|Secret|ConfigMap)\s*$", re.M)
_INI_LINE = re.compile(r"^\s*([A-Za-z_][A-Za-z0-9_.-]*)\s*[=:]\s*(.+)$")
_K8S_NAME = re.compile(r"""^\s*-\s*name:\s*['"]?([A-Za-z_][A-Za-z0-9_]*)['"]?\s*$""")
_K8S_VALUE = re.compile(r"^\s*value:\s*(.+)$")


def _ini(subject: ModuleSubject, role: Role) -> Iterator[Hit]:
    """`.ini`/`.cfg` files (uWSGI, gunicorn, app configs): `name = value`, and uWSGI's
    `env = NAME=value` lines."""
    for n, line in enumerate(subject.source.lines, 1):
        stripped = line.strip()
        if not stripped or stripped[0] in "#;[":
            continue
        m = _INI_LINE.match(line)
        if m is None:
            continue
        name, value = m.group(1), _unquote(m.group(2))
        inner = _ENV_LINE.match(value) if name.lower() == "env" else None
        if inner is not None:
            name, value = inner.group(1), _unquote(inner.group(2))
        found = _secret(name, value)
        if found is not None:
            yield _hit(subject, n, name, found, role)


def _kubernetes(subject: ModuleSubject, role: Role) -> Iterator[Hit]:
    """Kubernetes manifests: container `env:` entries with a literal `value:` (a `valueFrom:
    secretKeyRef` is the right way), and `kind: Secret` `stringData:` entries (plaintext)."""
    lines = subject.source.lines
    string_data: int | None = None
    for n, line in enumerate(lines, 1):
        indent = len(line) - len(line.lstrip())
        if string_data is not None and line.strip() and indent <= string_data:
            string_data = None
        if re.match(r"^\s*stringData\s*:\s*$", line):
            string_data = indent
            continue
        if string_data is not None:
            m = _YAML_MAP.match(line)
            if m is not None:
                found = _secret(m.group(2), _unquote(m.group(3)))
                if found is not None:
                    yield _hit(subject, n, m.group(2), found, role)
            continue
        m = _K8S_NAME.match(line)
        if m is None or n >= len(lines):
            continue
        v = _K8S_VALUE.match(lines[n])
        if v is not None:
            found = _secret(m.group(1), _unquote(v.group(1)))
            if found is not None:
                yield _hit(subject, n + 1, m.group(1), found, role)


# `.env.local`, `.env.development`, `.env.test`: the suffix is the role (role_of() only sees ".env").
_ENV_DEV = re.compile(r"[._-](local|dev|develop|development|docker-dev|sandbox)([._-]|$)", re.I)
_ENV_TEST = re.compile(r"[._-](test|tests|testing|ci|pytest|e2e)([._-]|$)", re.I)


def _role(subject: ModuleSubject) -> Role | None:
    name = PurePosixPath(subject.source.rel).name
    if _ENV_TEST.search(name):
        return None
    role = code_role(subject.source.rel, subject.project)
    if role is Role.PRODUCTION and _ENV_DEV.search(name):
        return Role.DEVELOPMENT
    return role


def _severity(role: Role) -> Severity:
    return Severity.HIGH if role is Role.PRODUCTION else Severity.INFO


def _unquote(raw: str) -> str:
    """The value of `KEY=value` / `KEY: value`: quotes removed, a trailing ` # comment` dropped."""
    raw = raw.strip()
    if raw[:1] in {"'", '"'}:
        end = raw.find(raw[0], 1)
        return raw[1:end] if end > 0 else raw[1:]
    return raw.split(" #", 1)[0].strip()


def _secret(name: str, value: str) -> tuple[str, str] | None:
    """(secret, kind) when this assignment holds one."""
    password = credentials_in_url(value)
    if password is not None and not looks_fake(password) and len(password) >= 6:
        return password, "password in a URL"
    if secret_setting(name) and is_secret_candidate(value):
        return value, "secret"
    return None


def _hit(subject: ModuleSubject, line: int, name: str, found: tuple[str, str], role: Role) -> Hit:
    secret, kind = found
    return Hit(Location(path=subject.source.rel, line=line, column=1), f"{name} holds a {kind} in a committed file: "
               "rotate it and provide it at deploy time", secret=secret, severity=_severity(role), secret_kind=kind,
               confidence=Confidence.HIGH if kind != "secret" or "SECRET" in name.upper() else Confidence.MEDIUM)


def _env_file(subject: ModuleSubject, role: Role) -> Iterator[Hit]:
    for n, line in enumerate(subject.source.lines, 1):
        m = _ENV_LINE.match(line)
        if m is None or line.lstrip().startswith("#"):
            continue
        found = _secret(m.group(1), _unquote(m.group(2)))
        if found is not None:
            yield _hit(subject, n, m.group(1), found, role)


def _compose(subject: ModuleSubject, role: Role) -> Iterator[Hit]:
    env_indent: int | None = None
    for n, line in enumerate(subject.source.lines, 1):
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        indent = len(line) - len(line.lstrip())
        if env_indent is not None and indent <= env_indent:
            env_indent = None
        if re.match(r"^\s*environment\s*:\s*(#.*)?$", line):
            env_indent = indent
            continue
        if env_indent is None:
            continue
        m = _YAML_LIST.match(line)
        if m is not None:
            name, value = m.group(2), _unquote(m.group(3))
        else:
            mm = _YAML_MAP.match(line)
            if mm is None:
                continue
            name, value = mm.group(2), _unquote(mm.group(3))
        found = _secret(name, value)
        if found is not None:
            yield _hit(subject, n, name, found, role)


def _json_fixture(subject: ModuleSubject, role: Role) -> Iterator[Hit]:
    source = subject.source
    if '"fields"' not in source.text:
        return
    try:
        rows = json.loads(source.text)
    except ValueError:
        return
    if not isinstance(rows, list):
        return
    lines = source.lines
    start = 0
    for row in rows:
        fields = row.get("fields") if isinstance(row, dict) else None
        if not isinstance(fields, dict):
            continue
        for key, value in fields.items():
            if not (isinstance(value, str) and _FIXTURE_FIELDS.match(key)):
                continue
            if is_password_hash(value) or not is_secret_candidate(value):
                continue
            needle = f'"{key}": {json.dumps(value)}'
            line = next((i for i in range(start, len(lines)) if needle in lines[i]), None)
            if line is None:
                line = next((i for i in range(start, len(lines)) if json.dumps(value) in lines[i]), None)
            if line is None:
                continue
            start = line + 1
            model = row.get("model", "fixture")
            yield Hit(Location(path=source.rel, line=line + 1, column=1), f"{model} row with a plaintext {key} in a "
                      "fixture: rotate it and create the row at deploy time", secret=value, severity=_severity(role),
                      secret_kind="client secret" if "secret" in key else "secret")


def _yaml_fixture(subject: ModuleSubject, role: Role) -> Iterator[Hit]:
    for n, line in enumerate(subject.source.lines, 1):
        m = _YAML_MAP.match(line)
        if m is None or not _FIXTURE_FIELDS.match(m.group(2)):
            continue
        value = _unquote(m.group(3))
        if value and not is_password_hash(value) and is_secret_candidate(value):
            yield Hit(Location(path=subject.source.rel, line=n, column=1), f"fixture row with a plaintext "
                      f"{m.group(2)}: rotate it and create the row at deploy time", secret=value,
                      severity=_severity(role), secret_kind="secret")
