"""OG111: django-debug-toolbar / django-silk opened to everyone."""

from __future__ import annotations

import ast
from collections.abc import Iterator

from ...findings import Category, Confidence, Severity
from ...rules import Hit, rule
from ..context import SettingsContext
from ..project import Role
from ..values import Origin, Value

# INTERNAL_IPS entries that admit any client (Django compares REMOTE_ADDR with `in`; people write
# these expecting wildcards, or use a list subclass whose __contains__ returns True).
_ANY_IP = frozenset({"*", "0.0.0.0", "0.0.0.0/0", "::/0", "::"})


@rule(
    id="OG111",
    name="debug-tools-exposed",
    title="Debug toolbar or profiler open to everyone",
    category=Category.DEBUG_EXPOSURE,
    severity=Severity.HIGH,
    confidence=Confidence.HIGH,
    cwe=(489, 200),
    remediation="Install django-debug-toolbar and django-silk only in development settings; keep the toolbar's "
    "default SHOW_TOOLBAR_CALLBACK (DEBUG and INTERNAL_IPS) and require SILKY_AUTHENTICATION/SILKY_AUTHORISATION.",
    subject="settings",
)
def debug_tools_exposed(ctx: SettingsContext) -> Iterator[Hit]:
    """
    ## What it does
    In production settings: django-debug-toolbar's `SHOW_TOOLBAR_CALLBACK` that always returns
    True (a lambda or a function in the project), `INTERNAL_IPS` that admits any address while
    the toolbar is installed, and django-silk installed without `SILKY_AUTHENTICATION` and
    `SILKY_AUTHORISATION`.

    ## Why is this bad?
    The toolbar shows every setting (the client secret included), request headers (the session
    cookie, `Authorization`), SQL and templates; silk records request and response bodies and
    headers — token responses and bearer tokens — and serves them at `/silk/`.

    ## Example
        DEBUG_TOOLBAR_CONFIG = {"SHOW_TOOLBAR_CALLBACK": lambda request: True}   # OG111

    ## Use instead
        # settings/dev.py only
        INSTALLED_APPS += ["debug_toolbar"]
        INTERNAL_IPS = ["127.0.0.1"]

    ## Known false positives
    The toolbar merely installed in base settings is not reported: its default callback shows it
    only with DEBUG on and a client in INTERNAL_IPS. Development and test settings are reported
    at info, and so is a tool added inside an `if` on a DEBUG-like setting (`if DEBUG:`,
    `if SHOW_DEBUG_INFO:`) that the scanner cannot decide: the SPEC's concern is a tool enabled
    outside DEBUG.

    ## References
    - django-debug-toolbar docs: SHOW_TOOLBAR_CALLBACK; django-silk README (SILKY_AUTHENTICATION)
    - CWE-489: Active Debug Code
    """
    def sev(base: Severity) -> Severity:
        return base if ctx.role is Role.PRODUCTION else Severity.INFO

    def hit(value: Value | None, fallback: Value | None, message: str, base: Severity, anchor: str) -> Hit:
        guard = _debug_guard(ctx, value or fallback)
        if guard is not None:
            return Hit(ctx.location(value, fallback), f"{message} — but only under `if {guard}:`, which is meant to "
                       "be off in production", severity=Severity.INFO, confidence=Confidence.LOW, anchor=anchor)
        return Hit(ctx.location(value, fallback), message, severity=sev(base), anchor=anchor)

    apps = _strings(ctx.get("INSTALLED_APPS"))
    toolbar = "debug_toolbar" in apps
    config = ctx.get("DEBUG_TOOLBAR_CONFIG")
    callback = config.get("SHOW_TOOLBAR_CALLBACK") if config is not None else None
    if callback is not None and _always_true(ctx, callback):
        yield hit(callback, config, "SHOW_TOOLBAR_CALLBACK always returns True: every visitor sees the debug "
                  "toolbar (settings, headers, SQL)", Severity.HIGH, "SHOW_TOOLBAR_CALLBACK")
    ips = ctx.get("INTERNAL_IPS")
    debug = ctx.get("DEBUG")
    # Only a literal False rules the toolbar out; an environment-driven DEBUG can be turned on.
    debug_off = debug is not None and debug.origin is Origin.LITERAL and debug.effective is False
    if toolbar and ips is not None and not debug_off and _admits_anyone(ips):
        yield hit(ips, None, "INTERNAL_IPS admits any address while the debug toolbar is installed",
                  Severity.MEDIUM, "INTERNAL_IPS")
    if "silk" in apps:
        auth = ctx.get("SILKY_AUTHENTICATION")
        authz = ctx.get("SILKY_AUTHORISATION")
        if not (_true(auth) and _true(authz)):
            where = ctx.get("INSTALLED_APPS")
            element = next((e for e in where.elements() if e.effective == "silk" and e.line), None) if where else None
            yield hit(element, where, "django-silk is installed without SILKY_AUTHENTICATION and "
                      "SILKY_AUTHORISATION: /silk/ shows recorded requests (Authorization headers, token responses) "
                      "to anyone", Severity.HIGH, "silk")


def _strings(value: Value | None) -> set[str]:
    if value is None:
        return set()
    found = set(value.strings())
    for element in value.elements():
        found.update(element.strings())
    return {s.split(".")[0] for s in found}


def _true(value: Value | None) -> bool:
    return value is not None and value.known and value.effective is True


def _always_true(ctx: SettingsContext, value: Value) -> bool:
    node = value.node
    if isinstance(node, ast.Lambda):
        return _returns_true(node.body)
    if isinstance(value.effective, str) and "." in value.effective and ctx.project is not None:
        module, _, name = value.effective.rpartition(".")
        importer = ctx.project.files.get(value.path or "")
        target = ctx.project._resolve_module(module, importer) if importer is not None else None
        if target is None or target.tree is None:
            return False
        for stmt in target.tree.body:
            if isinstance(stmt, ast.FunctionDef) and stmt.name == name:
                body = [s for s in stmt.body if not (isinstance(s, ast.Expr) and isinstance(s.value, ast.Constant))]
                return len(body) == 1 and isinstance(body[0], ast.Return) and _returns_true(body[0].value)
    return False


def _returns_true(node: ast.AST | None) -> bool:
    return isinstance(node, ast.Constant) and node.value is True


def _admits_anyone(value: Value) -> bool:
    texts = set(value.strings())
    for element in value.elements():
        texts.update(element.strings())
    if texts & _ANY_IP:
        return True
    # class AllIPs(list): def __contains__(self, item): return True  ->  INTERNAL_IPS = AllIPs()
    node = value.node
    return isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and any(
        w in node.func.id.lower() for w in ("all", "any", "everyone", "wildcard"))


def _debug_guard(ctx: SettingsContext, value: Value | None) -> str | None:
    """The test of an `if` on a DEBUG-like name whose body (not its else) assigns `value`'s line."""
    if value is None or value.line is None or ctx.project is None:
        return None
    source = ctx.project.files.get(value.path or "")
    tree = source.tree if source is not None else None
    if tree is None:
        return None
    line = value.line
    for node in ast.walk(tree):
        if not isinstance(node, ast.If) or not node.body:
            continue
        first, last = node.body[0].lineno, node.body[-1].end_lineno or node.body[-1].lineno
        if not first <= line <= last or not _debug_test(node.test):
            continue
        return ast.unparse(node.test)
    return None


def _debug_test(test: ast.AST) -> bool:
    """`DEBUG`, `settings.DEBUG`, `SHOW_DEBUG_INFO and X`: a positive test on a debug switch."""
    if isinstance(test, ast.BoolOp):
        # `DEBUG and X` is off whenever DEBUG is; `DEBUG or X` is not.
        parts = [_debug_test(v) for v in test.values]
        return any(parts) if isinstance(test.op, ast.And) else all(parts)
    if any(isinstance(n, ast.UnaryOp) and isinstance(n.op, ast.Not) for n in ast.walk(test)):
        return False
    for n in ast.walk(test):
        name = n.id if isinstance(n, ast.Name) else n.attr if isinstance(n, ast.Attribute) else \
            n.value if isinstance(n, ast.Constant) and isinstance(n.value, str) else None
        if name is not None and "DEBUG" in name.upper():
            return True
    return False
