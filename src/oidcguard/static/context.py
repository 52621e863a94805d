"""What a settings rule sees: one resolved settings chain, its role, the project's libraries.

The same context can be built from the AST model (`oidcguard scan`) or from a real, resolved
Django settings object (`oidcguard.django`'s system checks): rules do not know which.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from ..findings import Location, Severity
from .project import OIDC_LIBRARIES, Chain, Project, Role, SourceFile
from .settings_model import CallRecord
from .values import Origin, Value


@dataclass(slots=True)
class SettingsContext:
    namespace: dict[str, Value]
    role: Role = Role.PRODUCTION
    libraries: set[str] = field(default_factory=set)
    versions: dict[str, tuple[int, ...] | None] = field(default_factory=dict)
    pin_locations: dict[str, Location] = field(default_factory=dict)
    calls: list[CallRecord] = field(default_factory=list)
    project: Project | None = None
    name: str = ""
    runtime: bool = False  # built from a live settings object: no source locations
    history: dict[str, list[Value]] = field(default_factory=dict)

    @classmethod
    def from_chain(cls, chain: Chain, project: Project) -> SettingsContext:
        return cls(
            namespace=chain.namespace,
            role=chain.role,
            libraries=project.libraries,
            versions={p: pin.version for p, pin in project.pins.items()},
            pin_locations={p: pin.location for p, pin in project.pins.items()},
            calls=chain.calls,
            project=project,
            name=chain.name,
            history=chain.history,
        )

    @classmethod
    def from_django(cls, settings: Any) -> SettingsContext:
        """A context over a configured `django.conf.settings` (the values Django really uses)."""
        from importlib import metadata

        namespace: dict[str, Value] = {}
        for name in dir(settings):
            if not name.isupper():
                continue
            try:
                namespace[name] = runtime_value(getattr(settings, name))
            except Exception:  # noqa: BLE001 - a lazy setting that fails to resolve is skipped
                continue
        libraries = set()
        for app in [*getattr(settings, "INSTALLED_APPS", []), *getattr(settings, "AUTHENTICATION_BACKENDS", [])]:
            top = str(app).split(".")[0]
            if top in OIDC_LIBRARIES:
                libraries.add(top)
        versions: dict[str, tuple[int, ...] | None] = {}
        for package in ("django", *OIDC_LIBRARIES.values()):
            try:
                versions[package] = tuple(int(p) for p in metadata.version(package).split(".")[:3] if p.isdigit())
            except metadata.PackageNotFoundError:
                continue
        return cls(namespace=namespace, libraries=libraries, versions=versions, runtime=True,
                   name=getattr(settings, "SETTINGS_MODULE", "") or "")

    # ---------------------------------------------------------------- queries

    def get(self, name: str) -> Value | None:
        return self.namespace.get(name)

    def assignments(self) -> Iterator[tuple[str, Value]]:
        """Every assignment of every name in the chain, overridden ones included (for secret rules)."""
        if not self.history:
            yield from self.namespace.items()
            return
        for name, values in self.history.items():
            for value in values:
                yield name, value

    def uses(self, module: str) -> bool:
        return module in self.libraries

    def uses_oidc(self) -> bool:
        return bool(self.libraries & {"mozilla_django_oidc", "oauth2_provider", "allauth", "social_django",
                                      "social_core", "authlib", "oidc_provider", "django_auth_adfs"})

    def version(self, package: str) -> tuple[int, ...] | None:
        return self.versions.get(package)

    def production(self) -> bool:
        return self.role is Role.PRODUCTION

    def severity(self, base: Severity) -> Severity:
        """Context-aware severity: development and test modules report at info."""
        return base if self.role is Role.PRODUCTION else Severity.INFO

    def location(self, value: Value | None, fallback: Value | None = None) -> Location:
        for v in (value, fallback):
            if v is not None and v.line is not None:
                return Location(path=v.path, line=v.line, column=v.column, end_line=v.end_line)
        return Location(path=self.name or None)

    def calls_to(self, *qualnames: str) -> Iterator[CallRecord]:
        for call in self.calls:
            if call.qualname in qualnames:
                yield call

    def all_calls_in_project(self, *qualnames: str) -> Iterator[CallRecord]:
        """Top-level calls recorded in any evaluated module (settings, wsgi, apps)."""
        if self.project is None:
            yield from self.calls_to(*qualnames)
            return
        for result in self.project._results.values():
            for call in result.calls:
                if call.qualname in qualnames:
                    yield call


def runtime_value(obj: Any) -> Value:
    """A real Python value as a `Value` with no source location."""
    if isinstance(obj, dict):
        items = {k: runtime_value(v) for k, v in obj.items()}
        return Value(Origin.LITERAL, effective=obj, items=items)
    if isinstance(obj, list | tuple):
        return Value(Origin.LITERAL, effective=obj, items=[runtime_value(v) for v in obj])
    return Value(Origin.LITERAL, effective=obj)


def keyword(call: ast.Call, name: str) -> ast.expr | None:
    return next((kw.value for kw in call.keywords if kw.arg == name), None)


@dataclass(frozen=True, slots=True)
class ModuleSubject:
    """What a code or file rule sees: one parsed file and the project around it."""

    source: SourceFile
    project: Project

    def location(self, node: ast.AST) -> Location:
        return Location(path=self.source.rel, line=getattr(node, "lineno", None),
                        column=getattr(node, "col_offset", -1) + 1 or None,
                        end_line=getattr(node, "end_lineno", None))
