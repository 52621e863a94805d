"""Rule declaration and the catalogue.

A rule is one small function with its metadata beside it and its docs in its docstring:

    @rule(id="OG101", name="hardcoded-oidc-client-secret", category=Category.HARDCODED_SECRET,
          severity=Severity.HIGH, confidence=Confidence.HIGH, cwe=(798,),
          title="...", remediation="...")
    def hardcoded_oidc_client_secret(subject) -> Iterator[Hit]:
        '''## What it does ...'''

Rules are pure: they take a parsed subject and yield `Hit`s. `Rule.run()` turns hits into frozen
findings, hashing and redacting any secret. The catalogue is built on demand by `load_catalogue()`
from the bundled rule packages and the `oidcguard.rules` entry point group: no import-time
singleton, nothing registered as a side effect.
"""

from __future__ import annotations

import functools
import importlib
import inspect
import pkgutil
import re
import textwrap
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from importlib.metadata import entry_points
from typing import Any

from .findings import Category, Confidence, Finding, Location, Severity
from .shapes import redact, secret_hash

RULE_ID = re.compile(r"^OG[1-3]\d\d$")
DOC_HEADINGS = ("## What it does", "## Why is this bad?", "## Example")

# The bundled rule packages, one per front. Each module inside holds one rule.
RULE_PACKAGES = ("oidcguard.static.rules", "oidcguard.logs.rules", "oidcguard.live.rules")


@dataclass(frozen=True, slots=True)
class Hit:
    """What a rule reports; the rule's metadata fills in the rest of the finding."""

    location: Location
    message: str
    secret: str | None = None  # hashed and redacted by Rule.run, never stored
    severity: Severity | None = None  # context-aware override of the rule's default
    confidence: Confidence | None = None
    evidence: str | None = None  # non-secret evidence (e.g. "DEBUG = True"); redacted if secret given
    anchor: str = ""  # location-independent content for the fingerprint when there is no secret
    secret_kind: str = ""
    extra: tuple[tuple[str, Any], ...] = ()


@dataclass(frozen=True, slots=True)
class Rule:
    id: str
    name: str
    title: str
    category: Category
    severity: Severity
    confidence: Confidence
    cwe: tuple[int, ...]
    remediation: str
    check: Callable[..., Iterable[Hit]] = field(repr=False, compare=False)
    doc: str = ""
    front: str = "static"
    # What the check takes: "settings" (a SettingsContext), "module" ((SourceFile, Project) for
    # Python files), "file" (the same for other files), "project", "logs", "probe". A rule may
    # take several; its check then dispatches on the subject's type.
    subjects: tuple[str, ...] = ()

    def run(self, subject: Any, *, show_secrets: bool = False) -> Iterator[Finding]:
        for hit in self.check(subject):
            yield self.finding(hit, show_secrets=show_secrets)

    def finding(self, hit: Hit, *, show_secrets: bool = False) -> Finding:
        evidence = hit.evidence or ""
        digest = ""
        if hit.secret:
            digest = secret_hash(hit.secret)
            preview = redact(hit.secret, show=show_secrets)
            evidence = evidence.replace(hit.secret, preview) if evidence else preview
        extra = hit.extra + ((("anchor", hit.anchor),) if hit.anchor else ())
        return Finding(
            rule_id=self.id,
            category=self.category,
            severity=self.severity if hit.severity is None else hit.severity,
            confidence=self.confidence if hit.confidence is None else hit.confidence,
            title=self.title,
            message=hit.message,
            location=hit.location,
            remediation=self.remediation,
            cwe=self.cwe,
            evidence=evidence,
            secret_hash=digest,
            secret_kind=hit.secret_kind,
            extra=extra,
        )


def rule(
    *,
    id: str,
    name: str,
    title: str,
    category: Category,
    severity: Severity,
    confidence: Confidence,
    cwe: tuple[int, ...],
    remediation: str,
    subject: str | tuple[str, ...],
    front: str = "static",
) -> Callable[[Callable[..., Iterable[Hit]]], Rule]:
    """Declare a rule; its docstring becomes its documentation (`oidcguard explain`)."""

    def wrap(check: Callable[..., Iterable[Hit]]) -> Rule:
        return Rule(
            id=id,
            name=name,
            title=title,
            category=category,
            severity=severity,
            confidence=confidence,
            cwe=cwe,
            remediation=remediation,
            check=check,
            doc=textwrap.dedent(inspect.getdoc(check) or "").strip(),
            front=front,
            subjects=(subject,) if isinstance(subject, str) else tuple(subject),
        )

    return wrap


@dataclass(frozen=True, slots=True)
class Catalogue:
    rules: tuple[Rule, ...]

    def __iter__(self) -> Iterator[Rule]:
        return iter(self.rules)

    def __len__(self) -> int:
        return len(self.rules)

    def get(self, rule_id: str) -> Rule | None:
        rule_id = rule_id.upper()
        return next((r for r in self.rules if r.id == rule_id), None)

    def for_subject(self, subject: str) -> tuple[Rule, ...]:
        return tuple(r for r in self.rules if subject in r.subjects)

    def ids(self) -> frozenset[str]:
        return frozenset(r.id for r in self.rules)


def load_catalogue(packages: Iterable[str] = RULE_PACKAGES, *, plugins: bool = True) -> Catalogue:
    """The catalogue of the given rule packages (and plugins). Built once per argument set: the
    result is immutable, and the CLI asks for it several times per run."""
    return _load_catalogue(tuple(packages), plugins)


@functools.cache
def _load_catalogue(packages: tuple[str, ...], plugins: bool) -> Catalogue:
    found: dict[str, Rule] = {}
    for package_name in packages:
        try:
            package = importlib.import_module(package_name)
        except ModuleNotFoundError:
            continue
        for info in pkgutil.iter_modules(package.__path__, package_name + "."):
            _collect(importlib.import_module(info.name), found)
    if plugins:
        for ep in entry_points(group="oidcguard.rules"):
            _collect(ep.load(), found)
    return Catalogue(tuple(sorted(found.values(), key=lambda r: r.id)))


def _collect(module: Any, found: dict[str, Rule]) -> None:
    items = vars(module).values() if inspect.ismodule(module) else [module]
    for obj in items:
        if isinstance(obj, Rule):
            if obj.id in found and found[obj.id] is not obj:
                raise ValueError(f"rule id {obj.id} declared twice ({found[obj.id].name}, {obj.name})")
            found[obj.id] = obj


def selects(rule_: Rule, selectors: Iterable[str]) -> bool:
    """Whether a rule matches any of ids/prefixes (OG1, OG101) or category names."""
    for sel in selectors:
        sel = sel.strip()
        if not sel:
            continue
        if sel.upper().startswith("OG") and rule_.id.startswith(sel.upper()):
            return True
        if sel.lower() == rule_.category.value:
            return True
    return False
