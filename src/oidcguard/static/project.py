"""Project discovery: settings modules and their chains, roles, OIDC libraries and pinned versions.

Everything here reads files and ASTs; nothing imports the scanned project.
"""

from __future__ import annotations

import ast
import enum
import fnmatch
import re
import sys
import warnings
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import PurePosixPath

from ..findings import Location
from .settings_model import CallRecord, Evaluator, ModuleResult
from .values import Value


class _Rel:
    """The few PurePosixPath queries the discovery needs, on a plain string (one per file: cheap)."""

    __slots__ = ("name", "parts", "stem")

    def __init__(self, rel: str) -> None:
        self.parts = tuple(rel.split("/"))
        self.name = self.parts[-1]
        self.stem = self.name.rsplit(".", 1)[0] if "." in self.name[1:] else self.name


class Role(enum.Enum):
    PRODUCTION = "production"
    DEVELOPMENT = "development"
    TEST = "test"


# Module-name words that mark a settings module as development or test. Anything else
# (production, prod, staging, base, common, settings) is treated as the production chain.
_TEST_WORDS = re.compile(r"(^|[_.\-/])(tests?|testing|ci|pytest|unittest|e2e)([_.\-/]|$)", re.I)
_DEV_WORDS = re.compile(r"(^|[_.\-/])(local|dev|develop|development|debug|localhost|sandbox|example|sample|demo|"
                        r"docker_dev|devel)([_.\-/]|s?$)", re.I)

_TEST_FOLDERS = frozenset({"tests", "test", "testing", "e2e", "testproject", "test_project", "testapp_settings"})
_DEV_FOLDERS = frozenset({"examples", "example", "docs", "doc", "samples", "sample", "demo", "demos", "sandbox",
                          "bench", "benchmarks",
                          "tutorial"})
# Folders that hold a local stack (a test identity provider's container, a dev compose setup): only
# for fixtures, whose rows there seed that stack (`docker/images/oidcprovider/fixtures.json` in
# tecken and socorro). A settings module under `docker/` may well be the production image's.
_DEV_FIXTURE_FOLDERS = frozenset({"docker", "dev", "devel", "development", "local", "localdev", "local_dev"})

# Names that show a module is a Django settings module even when not called settings.py.
_DJANGO_SETTING_NAMES = frozenset({
    "INSTALLED_APPS", "MIDDLEWARE", "DATABASES", "ROOT_URLCONF", "SECRET_KEY", "TEMPLATES",
    "AUTHENTICATION_BACKENDS", "WSGI_APPLICATION", "ALLOWED_HOSTS", "STATIC_URL", "LOGGING",
})

# Import names / app labels of the OIDC/OAuth libraries oidcguard knows, and their PyPI names.
OIDC_LIBRARIES = {
    "mozilla_django_oidc": "mozilla-django-oidc",
    "oauth2_provider": "django-oauth-toolkit",
    "allauth": "django-allauth",
    "social_django": "social-auth-app-django",
    "social_core": "social-auth-core",
    "authlib": "authlib",
    "oidc_provider": "django-oidc-provider",
    "django_auth_adfs": "django-auth-adfs",
    "requests_oauthlib": "requests-oauthlib",
    "oauthlib": "oauthlib",
}
_PACKAGE_TO_MODULE = {v: k for k, v in OIDC_LIBRARIES.items()}
_SETTING_ASSIGNMENT = re.compile(r"^(" + "|".join(sorted(_DJANGO_SETTING_NAMES)) + r")\s*=", re.M)
_IMPORT_OF_LIBRARY = re.compile(r"^\s*(?:from|import)\s+(" + "|".join(OIDC_LIBRARIES) + r")\b", re.M)

_SETTINGS_ENV = re.compile(r"DJANGO_SETTINGS_MODULE['\"]?\s*[,=:]\s*['\"]?([A-Za-z_][\w.]*)")
_DEV_REQUIREMENTS = re.compile(r"(^|[/._-])(dev|develop|test|tests|testing|local|ci|docs|lint)([/._-]|$)", re.I)
_REQUIREMENT = re.compile(r"^\s*([A-Za-z0-9][A-Za-z0-9._\-\[\]]*)\s*(?:(==|>=|~=|<=|<|>|===)\s*([0-9][\w.\-+]*))?")


@dataclass(slots=True)
class SourceFile:
    """One file of the scanned tree. A Python file is parsed once, on first use of `tree`.

    Parsing lazily lets the engine parse settings modules up front and every other module in
    worker processes, so each file is still parsed exactly once.
    """

    rel: str  # project-relative POSIX path
    text: str
    is_python: bool = False
    parse_error: str | None = None
    _tree: ast.Module | None = field(default=None, repr=False)
    _parsed: bool = field(default=False, repr=False)

    @property
    def tree(self) -> ast.Module | None:
        """The module's AST; None for non-Python files and for files that do not parse."""
        if not self._parsed:
            self._parsed = True
            if self.is_python:
                self._tree, self.parse_error = _parse(self.text, self.rel)
        return self._tree

    @property
    def lines(self) -> list[str]:
        return self.text.splitlines()

    @property
    def module_name(self) -> str:
        head, _, last = self.rel.rpartition("/")
        if "." in last[1:]:
            last = last.rsplit(".", 1)[0]
        parts = [p for p in head.split("/") if p] + [last]
        if parts and parts[-1] == "__init__":
            parts.pop()
        return ".".join(parts)


def _parse(text: str, rel: str) -> tuple[ast.Module | None, str | None]:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # SyntaxWarning for invalid escapes in scanned code
            return ast.parse(text, filename=rel), None
    except (SyntaxError, ValueError, RecursionError, MemoryError) as exc:
        line = getattr(exc, "lineno", None)
        where = f" at line {line}" if line else ""
        msg = getattr(exc, "msg", None) or exc.__class__.__name__
        grammar = f"{sys.version_info.major}.{sys.version_info.minor}"
        return None, f"cannot parse Python{where}: {msg} (read with the Python {grammar} grammar)"


@dataclass(frozen=True, slots=True)
class Pin:
    package: str  # normalised PyPI name
    version: tuple[int, ...] | None  # exact pin (==) or lower bound; None when unpinned
    exact: bool
    location: Location


@dataclass(slots=True)
class Chain:
    """A settings module that Django may load, with everything it star-imports, resolved."""

    root: SourceFile
    role: Role
    namespace: dict[str, Value]
    calls: list[CallRecord]
    name: str  # dotted module name, or "module:Class" for django-configurations
    history: dict[str, list[Value]] = field(default_factory=dict)

    def get(self, name: str) -> Value | None:
        return self.namespace.get(name)


@dataclass(slots=True)
class Project:
    root: str
    files: dict[str, SourceFile] = field(default_factory=dict)
    settings_files: list[SourceFile] = field(default_factory=list)
    chains: list[Chain] = field(default_factory=list)
    pins: dict[str, Pin] = field(default_factory=dict)
    declared_settings_modules: set[str] = field(default_factory=set)
    libraries: set[str] = field(default_factory=set)  # import names of OIDC libraries in use
    dev_globs: tuple[str, ...] = ()
    prod_globs: tuple[str, ...] = ()
    _results: dict[str, ModuleResult] = field(default_factory=dict)

    # ---------------------------------------------------------------- discovery

    def role_of(self, rel: str, name: str = "") -> Role:
        if any(fnmatch.fnmatch(rel, g) for g in self.prod_globs):
            return Role.PRODUCTION
        if any(fnmatch.fnmatch(rel, g) for g in self.dev_globs):
            return Role.DEVELOPMENT
        stem = PurePosixPath(rel).with_suffix("").as_posix()
        subject = f"{stem}/{name}" if name else stem
        # Only the settings part of the path decides: a project called "testapp" is not a test.
        tail = "/".join(subject.split("/")[-2:])
        if _TEST_WORDS.search(tail):
            return Role.TEST
        if _DEV_WORDS.search(tail):
            return Role.DEVELOPMENT
        # Whole folder names anywhere in the path: `tests/projects/regular/settings.py` is a test
        # project, `examples/spa/backend/settings.py` an example (found on django-allauth).
        folders = {part.lower() for part in PurePosixPath(rel).parts[:-1]}
        if folders & _TEST_FOLDERS:
            return Role.TEST
        if folders & _DEV_FOLDERS:
            return Role.DEVELOPMENT
        if folders & _DEV_FIXTURE_FOLDERS and _is_fixture(rel):
            return Role.DEVELOPMENT
        return Role.PRODUCTION

    def version_of(self, package: str) -> tuple[int, ...] | None:
        pin = self.pins.get(package)
        return pin.version if pin else None

    def uses(self, module: str) -> bool:
        return module in self.libraries

    def is_settings_candidate(self, f: SourceFile) -> bool:
        p = _Rel(f.rel)
        if self.declared_settings_modules and f.module_name in self.declared_settings_modules:
            return True
        if p.name == "global_settings.py":
            return False  # Django's own defaults module, not a settings chain
        if p.name == "settings.py" or "settings" in p.parts[:-1] or p.stem.startswith("settings_") or \
                p.stem.endswith("_settings"):
            return True
        if not f.is_python or p.name == "global_settings.py":
            return False
        return len(set(_SETTING_ASSIGNMENT.findall(f.text))) >= 3

    def discover(self) -> None:
        self._read_declared_settings()
        self._read_pins()
        self.settings_files = [f for f in self.files.values()
                               if f.is_python and self.is_settings_candidate(f) and f.tree is not None]
        imported: set[str] = set()
        for f in self.settings_files:
            result = self._evaluate(f)
            for star in result.applied_star_imports:
                target = self._resolve_module(star, f)
                if target is not None:
                    imported.add(target.rel)
        for f in sorted(self.settings_files, key=lambda x: x.rel):
            result = self._results[f.rel]
            if result.classes:
                for cls, namespace in result.classes.items():
                    self.chains.append(Chain(f, self.role_of(f.rel, cls), {**result.namespace, **namespace},
                                             result.calls, f"{f.module_name}:{cls}",
                                             {k: [v] for k, v in namespace.items()}))
                continue
            if f.rel in imported and f.module_name not in self.declared_settings_modules:
                continue  # a base module: judged through the chains that import it
            self.chains.append(Chain(f, self.role_of(f.rel), result.namespace, self._all_calls(f),
                                     f.module_name, result.history))
        for chain in self.chains:
            self._note_libraries(chain)

    def _all_calls(self, f: SourceFile, seen: set[str] | None = None) -> list[CallRecord]:
        seen = seen if seen is not None else set()
        if f.rel in seen:
            return []
        seen.add(f.rel)
        result = self._results.get(f.rel)
        if result is None:
            return []
        calls = list(result.calls)
        for star in result.star_imports:
            target = self._resolve_module(star, f)
            if target is not None:
                calls.extend(self._all_calls(target, seen))
        return calls

    def _evaluate(self, f: SourceFile, stack: tuple[str, ...] = ()) -> ModuleResult:
        if f.rel in self._results:
            return self._results[f.rel]
        assert f.tree is not None

        def resolve(module: str, lineno: int, conditional: bool) -> ModuleResult | None:
            target = self._resolve_module(module, f)
            if target is None or target.tree is None or target.rel in stack or target.rel == f.rel:
                return None
            # `try: from .local import *` at the end of production settings: a developer's
            # override file, usually not deployed; it must not make production look safe or unsafe.
            if conditional and self.role_of(target.rel) is not Role.PRODUCTION and \
                    self.role_of(f.rel) is Role.PRODUCTION:
                return None
            return self._evaluate(target, (*stack, f.rel))

        evaluator = Evaluator(f.rel, resolve)
        # Python-level `try:` imports are common for optional local settings: mark them conditional.
        result = evaluator.run(f.tree)
        self._results[f.rel] = result
        return result

    def _resolve_module(self, module: str, importer: SourceFile) -> SourceFile | None:
        if module.startswith("."):
            level = len(module) - len(module.lstrip("."))
            package = PurePosixPath(importer.rel).parent
            for _ in range(level - 1):
                package = package.parent
            rest = module.lstrip(".")
            base = package.joinpath(*rest.split(".")) if rest else package
        else:
            base = PurePosixPath(*module.split("."))
        for candidate in (f"{base}.py", f"{base}/__init__.py"):
            key = candidate.lstrip("./") if candidate.startswith("./") else candidate
            if key in self.files:
                return self.files[key]
        if not module.startswith("."):
            suffix = "/" + base.as_posix()
            for rel, f in self.files.items():
                if rel.endswith(suffix + ".py") or rel.endswith(suffix + "/__init__.py"):
                    return f
        return None

    def _read_declared_settings(self) -> None:
        for rel, f in self.files.items():
            name = rel.rsplit("/", 1)[-1]
            if name in {"manage.py", "wsgi.py", "asgi.py", ".env", "pytest.ini", "setup.cfg", "tox.ini",
                        "pyproject.toml", "conftest.py"} or name.startswith(".env"):
                for m in _SETTINGS_ENV.finditer(f.text):
                    self.declared_settings_modules.add(m.group(1))

    def _read_pins(self) -> None:
        for rel, f in sorted(self.files.items()):
            name = rel.rsplit("/", 1)[-1]
            if re.match(r"requirements.*\.(txt|in)$", name) or (
                    "requirements" in rel.split("/")[:-1] and name.endswith((".txt", ".in"))):
                for i, line in enumerate(f.lines, 1):
                    self._pin_line(line.split("#", 1)[0], rel, i)
            elif name == "pyproject.toml" or name == "setup.py" or name == "setup.cfg" or name == "Pipfile":
                for i, line in enumerate(f.lines, 1):
                    for m in re.finditer(r"['\"]([A-Za-z0-9][A-Za-z0-9._\-\[\]]*\s*(?:==|>=|~=)\s*[0-9][\w.]*)['\"]",
                                         line):
                        self._pin_line(m.group(1), rel, i)
            elif name in {"poetry.lock", "uv.lock"}:
                # [[package]] tables: name = "x" then version = "1.2.3" a line or two below.
                lines = f.lines
                for i, line in enumerate(lines, 1):
                    m = re.match(r'^name = "([^"]+)"', line)
                    if m and i < len(lines):
                        v = re.match(r'^version = "([^"]+)"', lines[i])
                        if v:
                            self._pin_line(f"{m.group(1)}=={v.group(1)}", rel, i)
            elif name == "Pipfile.lock":
                for i, line in enumerate(f.lines, 1):
                    m = re.search(r'"version":\s*"==([0-9][\w.]*)"', line)
                    if m:
                        back = next((f.lines[j] for j in range(i - 2, max(-1, i - 8), -1)
                                     if re.search(r'^\s*"([A-Za-z0-9._\-]+)":\s*\{', f.lines[j])), None)
                        if back is not None:
                            pkg = re.search(r'"([A-Za-z0-9._\-]+)"', back)
                            if pkg:
                                self._pin_line(f"{pkg.group(1)}=={m.group(1)}", rel, i)

    def _pin_line(self, text: str, rel: str, line: int) -> None:
        m = _REQUIREMENT.match(text)
        if not m or text.strip().startswith("-"):
            return
        package = re.sub(r"\[.*\]", "", m.group(1)).lower().replace("_", "-")
        version = _version_tuple(m.group(3)) if m.group(3) else None
        pin = Pin(package, version, m.group(2) in {"==", "==="}, Location(path=rel, line=line, column=1))
        current = self.pins.get(package)
        # Several requirement files pin the same package: the production one speaks for the
        # deployment (found on bluebutton: requirements.dev.txt sorted before requirements.txt).
        if current is None or (_DEV_REQUIREMENTS.search(current.location.path or "")
                               and not _DEV_REQUIREMENTS.search(rel)):
            self.pins[package] = pin
        if package in _PACKAGE_TO_MODULE:
            self.libraries.add(_PACKAGE_TO_MODULE[package])

    def _note_libraries(self, chain: Chain) -> None:
        for name in ("INSTALLED_APPS", "AUTHENTICATION_BACKENDS"):
            value = chain.get(name)
            for entry in value.strings() if value else []:
                top = entry.split(".")[0]
                if top in OIDC_LIBRARIES:
                    self.libraries.add(top)


def _version_tuple(text: str) -> tuple[int, ...] | None:
    parts: list[int] = []
    for piece in text.split("."):
        m = re.match(r"\d+", piece)
        if not m:
            break
        parts.append(int(m.group(0)))
    return tuple(parts) or None


def imported_libraries(texts: Iterable[str]) -> set[str]:
    """Top-level import names of known OIDC libraries used anywhere in code (a text scan: no parse)."""
    found: set[str] = set()
    for text in texts:
        if "import" in text:
            found.update(_IMPORT_OF_LIBRARY.findall(text))
    return found


def _is_fixture(rel: str) -> bool:
    """A Django fixture: under a `fixtures/` folder, or named `fixture(s).json/yaml`."""
    path = PurePosixPath(rel)
    name = path.name.lower()
    return "fixtures" in path.parts[:-1] or name.endswith(
        ("fixture.json", "fixtures.json", "fixture.yaml", "fixtures.yaml", "fixture.yml", "fixtures.yml"))
