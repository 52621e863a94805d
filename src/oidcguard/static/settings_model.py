"""A Django settings model built from the AST only: the project is never imported or run.

`evaluate_module()` walks a settings module's top-level statements in order and returns the
namespace it leaves: each name's `Value` with provenance. It follows `from .base import *`
(through a resolver callback), `+=`, item assignment (`LOGGING["loggers"]["x"] = {...}`),
`.update()`/`.append()`/`.extend()`, dict/list literals, names, f-strings and `+` of constants,
`if` tests it can decide, and environment lookups through `os.environ`/`os.getenv`,
django-environ, python-decouple and django-configurations, including aliases
(`from os import getenv`, `env = environ.Env()`, `from decouple import config as cfg`).
"""

from __future__ import annotations

import ast
import operator
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any

from .values import MISSING, UNKNOWN, Origin, Value, computed, literal

# django-environ method → cast. `env("X")` and `env.str` give raw strings.
_ENVIRON_CASTS = {
    "str": "str", "bool": "bool", "int": "int", "float": "float", "list": "list", "tuple": "list",
    "dict": "dict", "json": "json", "url": "url", "db": "url", "db_url": "url", "cache": "url",
    "cache_url": "url", "email": "url", "email_url": "url", "search_url": "url", "path": "str",
}
# django-configurations value classes → cast.
_CONFIGURATIONS_CASTS = {
    "Value": "str", "BooleanValue": "bool", "IntegerValue": "int", "FloatValue": "float",
    "ListValue": "list", "TupleValue": "list", "SetValue": "list", "DictValue": "dict",
    "SecretValue": "str", "URLValue": "str", "DatabaseURLValue": "url", "CacheURLValue": "url",
    "EmailURLValue": "url", "PathValue": "str", "RegexValue": "str",
}
_FACTORIES = frozenset({"environ.Env", "environ.environ.Env", "environ.FileAwareEnv", "decouple.AutoConfig",
                        "everett.manager.ConfigManager", "everett.manager.ConfigManager.basic_config",
                        "decouple.Config"})
_ALIASABLE = frozenset({"os.environ", "os.environ.get", "os.getenv", "environ.Env", "environ.FileAwareEnv",
                        "decouple.config"})
_TRUE_STRINGS = frozenset({"true", "1", "yes", "y", "on", "t"})

StarResolver = Callable[[str, int, bool], "ModuleResult | None"]


@dataclass(slots=True)
class CallRecord:
    """A top-level call worth remembering (e.g. `sentry_sdk.init(...)`)."""

    qualname: str
    node: ast.Call
    path: str | None


@dataclass(slots=True)
class ModuleResult:
    namespace: dict[str, Value]
    calls: list[CallRecord] = field(default_factory=list)
    star_imports: list[str] = field(default_factory=list)  # dotted/relative names imported with *
    applied_star_imports: list[str] = field(default_factory=list)  # the ones resolved and merged
    classes: dict[str, dict[str, Value]] = field(default_factory=dict)  # django-configurations
    # Every assignment of each name, in order (star-imported ones first): a secret written in an
    # assignment that a later line overrides is still committed to the repository.
    history: dict[str, list[Value]] = field(default_factory=dict)
    # Local names bound to known factories/functions (`env` → "environ.Env()"): a module that
    # star-imports this one can call `env.bool(...)` too (cookiecutter-django's layout).
    aliases: dict[str, str] = field(default_factory=dict)


class Evaluator:
    """Evaluates one module's top level. One instance per module evaluation."""

    def __init__(self, path: str | None, resolve_star: StarResolver | None = None,
                 initial: dict[str, Value] | None = None) -> None:
        self.path = path
        self.resolve_star = resolve_star
        self.ns: dict[str, Value] = dict(initial or {})
        self.aliases: dict[str, str] = {}  # local name → qualified name ("getenv" → "os.getenv")
        self.env_defaults: dict[str, Value] = {}  # os.environ.setdefault("X", "lit")
        self.environ_schemes: dict[str, tuple[str, Value]] = {}  # environ.Env(X=(bool, False))
        self.result = ModuleResult(self.ns)
        self.history = self.result.history
        self.result.aliases = self.aliases
        self._conditional = 0
        self._in_try = 0

    # ---------------------------------------------------------------- statements

    def run(self, tree: ast.Module) -> ModuleResult:
        self._block(tree.body)
        return self.result

    def _block(self, body: list[ast.stmt]) -> None:
        for stmt in body:
            try:
                self._stmt(stmt)
            except RecursionError:
                continue  # a pathological expression: skip the statement, keep the rest

    def _stmt(self, stmt: ast.stmt) -> None:
        if isinstance(stmt, ast.Import):
            for alias in stmt.names:
                local = alias.asname or alias.name.split(".")[0]
                self.aliases[local] = alias.name if alias.asname else alias.name.split(".")[0]
        elif isinstance(stmt, ast.ImportFrom):
            self._import_from(stmt)
        elif isinstance(stmt, ast.Assign):
            self._alias_factory(stmt)
            value = self.expr(stmt.value)
            for target in stmt.targets:
                self._assign(target, value, stmt)
        elif isinstance(stmt, ast.AnnAssign) and stmt.value is not None:
            self._assign(stmt.target, self.expr(stmt.value), stmt)
        elif isinstance(stmt, ast.AugAssign):
            self._aug_assign(stmt)
        elif isinstance(stmt, ast.Expr) and isinstance(stmt.value, ast.Call):
            self._call_statement(stmt.value)
        elif isinstance(stmt, ast.If):
            self._if(stmt)
        elif isinstance(stmt, ast.Try):
            self._in_try += 1  # `try: from .local import *`: an optional override file
            self._block(stmt.body)
            self._in_try -= 1
            self._block(stmt.orelse)
            self._block(stmt.finalbody)
        elif isinstance(stmt, ast.With):
            self._block(stmt.body)
        elif isinstance(stmt, ast.ClassDef):
            self._class(stmt)

    def _alias_factory(self, stmt: ast.Assign) -> None:
        """`env = environ.Env()`, `config = AutoConfig()`, `getenv = os.environ.get` become aliases."""
        node = stmt.value
        qual = self.qualname(node.func if isinstance(node, ast.Call) else node) if isinstance(
            node, ast.Call | ast.Attribute | ast.Name) else None
        if not qual:
            return
        if isinstance(node, ast.Call) and qual in _FACTORIES:
            qual += "()"
        elif isinstance(node, ast.Call) or qual not in _ALIASABLE:
            return
        for target in stmt.targets:
            if isinstance(target, ast.Name):
                self.aliases[target.id] = qual

    def _import_from(self, stmt: ast.ImportFrom) -> None:
        module = "." * stmt.level + (stmt.module or "")
        for alias in stmt.names:
            if alias.name == "*":
                self.result.star_imports.append(module)
                if self.resolve_star is not None:
                    imported = self.resolve_star(module, stmt.lineno, self._conditional > 0 or self._in_try > 0)
                    if imported is not None:
                        self.result.applied_star_imports.append(module)
                        self.ns.update(imported.namespace)
                        for name, values in imported.history.items():
                            self.history.setdefault(name, []).extend(values)
                        for name, qual in imported.aliases.items():
                            self.aliases.setdefault(name, qual)
                continue
            local = alias.asname or alias.name
            qual = f"{(stmt.module or '')}.{alias.name}".lstrip(".")
            self.aliases[local] = qual
            # `from .base import env, DEBUG`: take the name's value and alias from a settings module.
            if self.resolve_star is not None and (stmt.level or "settings" in (stmt.module or "")):
                imported = self.resolve_star(module, stmt.lineno, True)
                if imported is not None:
                    if alias.name in imported.aliases:
                        self.aliases[local] = imported.aliases[alias.name]
                    if alias.name in imported.namespace:
                        self.ns[local] = imported.namespace[alias.name]

    def _assign(self, target: ast.expr, value: Value, stmt: ast.stmt) -> None:
        value = self._mark(value)
        if isinstance(target, ast.Name):
            located = self._located(value, stmt)
            self.ns[target.id] = located
            self.history.setdefault(target.id, []).append(located)
        elif isinstance(target, ast.Tuple | ast.List):
            # a, b = 1, 2 — pair up only when the right side is a literal of the same length
            elements = value.elements() if isinstance(value.items, list) else []
            for i, element_target in enumerate(target.elts):
                element = elements[i] if i < len(elements) else computed(stmt, self.path)
                self._assign(element_target, element, stmt)
        elif isinstance(target, ast.Subscript):
            self._set_item(target, value, stmt)
        elif isinstance(target, ast.Attribute):
            qual = self.qualname(target)
            if qual:
                self.result.calls.append(CallRecord("=" + qual, _assign_as_call(stmt), self.path))

    def _located(self, value: Value, stmt: ast.stmt) -> Value:
        """A value assigned by this statement is located at it (a Name copy points here)."""
        if value.origin is Origin.LITERAL and value.node is not None and value.path == self.path:
            return value
        if value.node is None or value.path != self.path:
            return replace(value, node=stmt, path=self.path)
        return value

    def _set_item(self, target: ast.Subscript, value: Value, stmt: ast.stmt) -> None:
        chain: list[Any] = []
        node: ast.expr = target
        while isinstance(node, ast.Subscript):
            key = self.expr(node.slice)
            if not key.known:
                return
            chain.append(key.effective)
            node = node.value
        if not isinstance(node, ast.Name) or node.id not in self.ns:
            return
        chain.reverse()
        updated = _with_item(self.ns[node.id], chain, self._located(value, stmt))
        self.ns[node.id] = updated
        # The history keeps the container as it now is, so secret rules see the assigned item.
        self.history.setdefault(node.id, []).append(updated)

    def _aug_assign(self, stmt: ast.AugAssign) -> None:
        if not isinstance(stmt.target, ast.Name):
            return
        name = stmt.target.id
        current = self.ns.get(name)
        addition = self.expr(stmt.value)
        if current is None:
            return
        if isinstance(stmt.op, ast.Add | ast.BitOr):
            combined = _combine(current, addition, stmt, self.path)
            self.ns[name] = self._mark(combined)

    def _call_statement(self, call: ast.Call) -> None:
        qual = self.qualname(call.func) or ""
        self.result.calls.append(CallRecord(qual, call, self.path))
        if qual == "os.environ.setdefault" and len(call.args) == 2:
            name, default = self.expr(call.args[0]), self.expr(call.args[1])
            if isinstance(name.effective, str):
                self.env_defaults[name.effective] = self._mark(default)
            return
        func = call.func
        if isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name) and func.value.id in self.ns:
            owner = self.ns[func.value.id]
            arg = self.expr(call.args[0]) if call.args else None
            if func.attr in {"append", "extend", "insert"} and isinstance(owner.items, list):
                items = list(owner.items)
                if func.attr == "append" and arg is not None:
                    items.append(arg)
                elif func.attr == "insert" and len(call.args) == 2:
                    items.insert(0, self.expr(call.args[1]))
                elif func.attr == "extend" and arg is not None and isinstance(arg.items, list):
                    items.extend(arg.items)
                self.ns[func.value.id] = _list_value(items, owner, self.path)
            elif func.attr == "update" and isinstance(owner.items, dict) and arg is not None:
                self.ns[func.value.id] = _combine(owner, arg, call, self.path)

    def _if(self, stmt: ast.If) -> None:
        test = self.expr(stmt.test)
        decided = test.truthy() if test.known else None
        # A test on the environment is decided by its default (the model's "nothing set" view),
        # but what the chosen branch assigns is only conditionally what production runs.
        from_env = 1 if test.from_env or test.env_name else 0
        if decided is not None:
            self._conditional += from_env
            self._block(stmt.body if decided else stmt.orelse)
            self._conditional -= from_env
        else:
            self._conditional += 1
            self._block(stmt.body)
            self._block(stmt.orelse)
            self._conditional -= 1

    def _class(self, stmt: ast.ClassDef) -> None:
        """django-configurations: `class Production(Base): DEBUG = False` — a settings chain."""
        inherited: dict[str, Value] = {}
        for base in stmt.bases:
            if isinstance(base, ast.Name) and base.id in self.result.classes:
                inherited.update(self.result.classes[base.id])
        if not inherited and not any(
            (self.qualname(b) or "").endswith("Configuration") for b in stmt.bases
        ):
            return
        inner = Evaluator(self.path, None, {**self.ns, **inherited})
        inner.aliases = dict(self.aliases)
        inner._block(stmt.body)
        own = {k: v for k, v in inner.ns.items() if k.isupper() and (k in inherited or k not in self.ns
               or inner.ns[k] is not self.ns[k])}
        self.result.classes[stmt.name] = {**inherited, **own}

    def _mark(self, value: Value) -> Value:
        return replace(value, conditional=True) if self._conditional and not value.conditional else value

    # ---------------------------------------------------------------- expressions

    def qualname(self, node: ast.expr) -> str | None:
        """`os.environ.get` → "os.environ.get"; aliases resolved; calls kept as `X()`."""
        if isinstance(node, ast.Name):
            return self.aliases.get(node.id, node.id)
        if isinstance(node, ast.Attribute):
            base = self.qualname(node.value)
            return None if base is None else f"{base}.{node.attr}"
        if isinstance(node, ast.Call):
            base = self.qualname(node.func)
            return None if base is None else f"{base}()"
        return None

    def expr(self, node: ast.expr) -> Value:
        path = self.path
        if isinstance(node, ast.Constant):
            return literal(node.value, node, path)
        if isinstance(node, ast.List | ast.Tuple | ast.Set):
            items = [self.expr(e) for e in node.elts if not isinstance(e, ast.Starred)]
            value = _list_value(items, None, path, node)
            if any(isinstance(e, ast.Starred) for e in node.elts):
                return replace(value, effective=UNKNOWN)
            if isinstance(node, ast.Tuple) and value.known:
                value = replace(value, effective=tuple(value.effective))
            return value
        if isinstance(node, ast.Dict):
            entries: dict[Any, Value] = {}
            for k, v in zip(node.keys, node.values, strict=True):
                if k is None:  # **spread
                    spread = self.expr(v)
                    if isinstance(spread.items, dict):
                        entries.update(spread.items)
                    continue
                key = self.expr(k)
                if key.known and _hashable(key.effective):
                    entries[key.effective] = self.expr(v)
            return _dict_value(entries, node, path)
        if isinstance(node, ast.Name):
            if node.id in self.ns:
                return self.ns[node.id]
            return computed(node, path)
        if isinstance(node, ast.JoinedStr):
            return self._fstring(node)
        if isinstance(node, ast.BinOp):
            return self._binop(node)
        if isinstance(node, ast.UnaryOp):
            operand = self.expr(node.operand)
            if isinstance(node.op, ast.Not) and operand.truthy() is not None:
                return replace(operand, node=node, effective=not operand.truthy(), items=None,
                               cast="bool" if operand.from_env else None, path=path)
            if isinstance(node.op, ast.USub) and isinstance(operand.effective, int | float):
                return replace(operand, node=node, effective=-operand.effective, path=path)
            return computed(node, path)
        if isinstance(node, ast.BoolOp):
            return self._boolop(node)
        if isinstance(node, ast.Compare):
            return self._compare(node)
        if isinstance(node, ast.Subscript):
            return self._subscript(node)
        if isinstance(node, ast.Call):
            return self._call(node)
        if isinstance(node, ast.IfExp):
            test = self.expr(node.test)
            if test.truthy() is True:
                return self.expr(node.body)
            if test.truthy() is False:
                return self.expr(node.orelse)
            return computed(node, path)
        return computed(node, path)

    def _fstring(self, node: ast.JoinedStr) -> Value:
        parts: list[str] = []
        origin = Origin.LITERAL
        for part in node.values:
            if isinstance(part, ast.Constant) and isinstance(part.value, str):
                parts.append(part.value)
            elif isinstance(part, ast.FormattedValue):
                inner = self.expr(part.value)
                if not inner.known or part.format_spec is not None:
                    return computed(node, self.path)
                if inner.from_env:
                    origin = Origin.ENV_DEFAULT
                parts.append(str(inner.effective))
            else:
                return computed(node, self.path)
        return Value(origin, path=self.path, node=node, effective="".join(parts))

    def _binop(self, node: ast.BinOp) -> Value:
        left, right = self.expr(node.left), self.expr(node.right)
        if isinstance(node.op, ast.Add) and (isinstance(left.items, list) and isinstance(right.items, list)):
            return _list_value(left.elements() + right.elements(), None, self.path, node)
        if isinstance(node.op, ast.BitOr) and isinstance(left.items, dict) and isinstance(right.items, dict):
            return _dict_value({**left.items, **right.items}, node, self.path)
        ops: dict[type, Callable[[Any, Any], Any]] = {
            ast.Add: operator.add, ast.Mult: operator.mul, ast.Sub: operator.sub, ast.Mod: operator.mod,
        }
        fn = ops.get(type(node.op))
        if fn is None or not (left.known and right.known):
            return computed(node, self.path)
        if isinstance(node.op, ast.Mult) and _too_big(left.effective, right.effective):
            return computed(node, self.path)
        try:
            result = fn(left.effective, right.effective)
        except Exception:  # noqa: BLE001 - mismatched literal types: not statically known
            return computed(node, self.path)
        origin = Origin.ENV_DEFAULT if (left.from_env or right.from_env) else Origin.LITERAL
        return Value(origin, path=self.path, node=node, effective=result)

    def _boolop(self, node: ast.BoolOp) -> Value:
        values = [self.expr(v) for v in node.values]
        first = values[0]
        if isinstance(node.op, ast.Or) and first.from_env:
            # os.environ.get("X") or <fallback>: the fallback is the default.
            fallback = values[-1]
            if fallback.origin is Origin.LITERAL and fallback.known:
                return Value(Origin.ENV_DEFAULT, path=self.path, node=node, effective=fallback.effective,
                             env_name=first.env_name, cast=first.cast)
            return Value(Origin.COMPUTED, path=self.path, node=node, env_name=first.env_name)
        if all(v.known for v in values):
            result: Any = values[0].effective
            for v in values[1:]:
                if isinstance(node.op, ast.Or):
                    result = result or v.effective
                else:
                    result = result and v.effective
            origin = Origin.ENV_DEFAULT if any(v.from_env for v in values) else Origin.LITERAL
            return Value(origin, path=self.path, node=node, effective=result,
                         env_name=next((v.env_name for v in values if v.env_name), None))
        return computed(node, self.path)

    def _compare(self, node: ast.Compare) -> Value:
        if len(node.ops) != 1:
            return computed(node, self.path)
        left, right = self.expr(node.left), self.expr(node.comparators[0])
        if not (left.known and right.known):
            return computed(node, self.path)
        ops: dict[type, Callable[[Any, Any], Any]] = {
            ast.Eq: operator.eq, ast.NotEq: operator.ne, ast.In: lambda a, b: a in b,
            ast.NotIn: lambda a, b: a not in b, ast.Is: operator.is_, ast.IsNot: operator.is_not,
        }
        fn = ops.get(type(node.ops[0]))
        if fn is None:
            return computed(node, self.path)
        try:
            result = bool(fn(left.effective, right.effective))
        except Exception:  # noqa: BLE001
            return computed(node, self.path)
        env = left if left.from_env else right if right.from_env else None
        if env is not None:
            return Value(Origin.ENV_DEFAULT, path=self.path, node=node, effective=result,
                         env_name=env.env_name, cast="bool")
        return literal(result, node, self.path)

    def _subscript(self, node: ast.Subscript) -> Value:
        qual = self.qualname(node.value)
        if qual == "os.environ":
            name = self.expr(node.slice)
            env_name = name.effective if isinstance(name.effective, str) else None
            return self._env_value(node, env_name, required=True, default=None, cast="str")
        container = self.expr(node.value)
        key = self.expr(node.slice)
        if key.known and isinstance(container.items, dict) and _hashable(key.effective):
            found = container.items.get(key.effective)
            if found is not None:
                return found
        if key.known and isinstance(container.items, list) and isinstance(key.effective, int):
            try:
                return container.items[key.effective]
            except IndexError:
                pass
        return computed(node, self.path)

    def _call(self, node: ast.Call) -> Value:
        qual = self.qualname(node.func) or ""
        args = node.args
        kwargs = {kw.arg: kw.value for kw in node.keywords if kw.arg}
        # os.environ.get / os.getenv
        if qual in {"os.environ.get", "os.getenv"}:
            default_node = args[1] if len(args) > 1 else kwargs.get("default")
            return self._env_call(node, args, default_node, cast="str", required=False)
        # django-environ: env("X"), env.bool("X", default=...), Env().str(...)
        env_method = _environ_method(qual)
        if env_method is not None:
            default_node = kwargs.get("default", args[1] if len(args) > 1 else None)
            cast = _ENVIRON_CASTS.get(env_method, "str")
            return self._env_call(node, args, default_node, cast=cast, required=True, environ=True)
        # python-decouple: config("X", default=..., cast=bool)
        if qual in {"decouple.config", "decouple.AutoConfig()", "decouple.Config()"}:
            default_node = kwargs.get("default", args[1] if len(args) > 1 else None)
            cast = _decouple_cast(kwargs.get("cast"), self)
            return self._env_call(node, args, default_node, cast=cast, required=True)
        # everett (used by Mozilla's tecken and socorro): _config("X", default="...", parser=bool).
        # Defaults are strings that the parser converts; no default means the key is required.
        if qual in {"everett.manager.ConfigManager()", "everett.manager.ConfigManager.basic_config()"}:
            parser = self.qualname(kwargs["parser"]) if "parser" in kwargs else None
            cast = "bool" if parser in {"bool", "everett.manager.parse_bool"} else (
                "int" if parser == "int" else "str")
            return self._env_call(node, args, kwargs.get("default"), cast=cast, required=True)
        # django-configurations: values.BooleanValue(default=..., environ_name=...)
        cls = _configurations_class(qual)
        if cls is not None:
            default_node = kwargs.get("default", args[0] if args else None)
            name_node = kwargs.get("environ_name")
            env_name = None
            if name_node is not None and isinstance(self.expr(name_node).effective, str):
                env_name = self.expr(name_node).effective
            if cls == "SecretValue" or default_node is None:
                return self._env_value(node, env_name, required=True, default=None,
                                       cast=_CONFIGURATIONS_CASTS.get(cls, "str"))
            return self._env_value(node, env_name, required=False, default=self.expr(default_node),
                                   cast=_CONFIGURATIONS_CASTS.get(cls, "str"))
        # bool(os.getenv("DEBUG")) — any non-empty string, "False" included, is True
        if qual in {"bool", "int", "str", "float"} and len(args) == 1:
            inner = self.expr(args[0])
            if inner.known:
                try:
                    converted = {"bool": bool, "int": int, "str": str, "float": float}[qual](inner.effective)
                except (TypeError, ValueError):
                    return computed(node, self.path)
                cast = inner.cast
                if qual == "bool" and inner.from_env and inner.cast == "str":
                    cast = "truthy-string"
                return replace(inner, node=node, path=self.path, effective=converted, cast=cast, items=None)
            return computed(node, self.path)
        # "x".lower() / .upper() / .strip() / .split(",") on known strings (env defaults included)
        if isinstance(node.func, ast.Attribute) and node.func.attr in {"lower", "upper", "strip", "split",
                                                                       "capitalize", "title"}:
            inner = self.expr(node.func.value)
            if isinstance(inner.effective, str):
                method = getattr(inner.effective, node.func.attr)
                call_args = [self.expr(a).effective for a in args]
                if any(a is UNKNOWN for a in call_args):
                    return computed(node, self.path)
                try:
                    result = method(*call_args)
                except Exception:  # noqa: BLE001
                    return computed(node, self.path)
                return replace(inner, node=node, path=self.path, effective=result,
                               cast=inner.cast, items=None)
        # environ.Env(DEBUG=(bool, False)) — remember scheme defaults
        if qual in {"environ.Env", "environ.environ.Env", "environ.FileAwareEnv"}:
            for key, val in kwargs.items():
                if isinstance(val, ast.Tuple) and len(val.elts) == 2:
                    cast_name = val.elts[0].id if isinstance(val.elts[0], ast.Name) else "str"
                    self.environ_schemes[key] = (cast_name, self.expr(val.elts[1]))
        return computed(node, self.path)

    def _env_call(self, node: ast.Call, args: list[ast.expr], default_node: ast.expr | None, *,
                  cast: str, required: bool, environ: bool = False) -> Value:
        if not args:
            return computed(node, self.path)
        name = self.expr(args[0])
        env_name = name.effective if isinstance(name.effective, str) else None
        if default_node is None and environ and env_name in self.environ_schemes:
            scheme_cast, scheme_default = self.environ_schemes[env_name]
            return self._env_value(node, env_name, required=False, default=scheme_default,
                                   cast=_ENVIRON_CASTS.get(scheme_cast, cast))
        if default_node is None:
            return self._env_value(node, env_name, required=required, default=None, cast=cast)
        default = self.expr(default_node)
        if (not required and default.origin is Origin.LITERAL and default.effective is None):
            return self._env_value(node, env_name, required=False, default=None, cast=cast)
        return self._env_value(node, env_name, required=False, default=default, cast=cast)

    def _env_value(self, node: ast.AST, env_name: str | None, *, required: bool, default: Value | None,
                   cast: str) -> Value:
        if env_name is not None and env_name in self.env_defaults and default is None:
            default = self.env_defaults[env_name]
        if default is None:
            origin = Origin.ENV if required else Origin.ENV_OPTIONAL
            effective = MISSING if required else None
            return Value(origin, path=self.path, node=node, effective=effective, env_name=env_name, cast=cast)
        if default.origin is not Origin.LITERAL:
            return Value(Origin.COMPUTED, path=self.path, node=node, env_name=env_name, cast=cast,
                         effective=default.effective if default.known else UNKNOWN)
        effective = _apply_cast(default.effective, cast)
        return Value(Origin.ENV_DEFAULT, path=self.path, node=node, effective=effective, env_name=env_name,
                     cast=cast, items=default.items)


# -------------------------------------------------------------------- helpers


def _environ_method(qual: str) -> str | None:
    """'environ.Env()' → '' (call), 'environ.Env().bool' → 'bool'; None when not django-environ."""
    for prefix in ("environ.Env()", "environ.environ.Env()", "environ.FileAwareEnv()"):
        if qual == prefix:
            return "str"
        if qual.startswith(prefix + ".") and qual.count(".") == prefix.count(".") + 1:
            return qual.rsplit(".", 1)[1]
    return None


def _configurations_class(qual: str) -> str | None:
    for prefix in ("configurations.values.", "values."):
        if qual.startswith(prefix):
            name = qual[len(prefix):]
            if name in _CONFIGURATIONS_CASTS:
                return name
    return None


def _decouple_cast(node: ast.expr | None, ev: Evaluator) -> str:
    if node is None:
        return "str"
    qual = ev.qualname(node) or ""
    if qual in {"bool", "int", "float"}:
        return qual
    if qual.endswith("Csv") or qual.endswith("Csv()"):
        return "list"
    return "str"


def _apply_cast(value: Any, cast: str) -> Any:
    """What a library's cast makes of a literal default (django-environ casts defaults too)."""
    if cast == "bool" and isinstance(value, str):
        return value.strip().lower() in _TRUE_STRINGS
    if cast == "int" and isinstance(value, str):
        try:
            return int(value)
        except ValueError:
            return value
    if cast == "list" and isinstance(value, str):
        return [v.strip() for v in value.split(",") if v.strip()]
    return value


def _hashable(value: Any) -> bool:
    try:
        hash(value)
    except TypeError:
        return False
    return True


def _too_big(a: Any, b: Any) -> bool:
    for seq, n in ((a, b), (b, a)):
        if isinstance(seq, str | list | tuple) and isinstance(n, int) and len(seq) * n > 1_000_000:
            return True
    return False


def _list_value(items: list[Value], base: Value | None, path: str | None, node: ast.AST | None = None) -> Value:
    effective: Any = [v.effective for v in items]
    if any(v.effective is UNKNOWN or v.effective is MISSING for v in items):
        effective = UNKNOWN
    origin = base.origin if base is not None else Origin.LITERAL
    return Value(origin if origin is Origin.LITERAL else Origin.COMPUTED, path=base.path if base else path,
                 node=base.node if base else node, effective=effective, items=items)


def _dict_value(entries: dict[Any, Value], node: ast.AST | None, path: str | None) -> Value:
    # A dict's effective value keeps known entries; unknown entries stay UNKNOWN inside.
    effective = {k: v.effective for k, v in entries.items()}
    return Value(Origin.LITERAL, path=path, node=node, effective=effective, items=entries)


def _with_item(container: Value, chain: list[Any], value: Value) -> Value:
    """container[k1][k2]... = value, returning new Values (they are frozen)."""
    if not chain or not isinstance(container.items, dict | list):
        return container
    key, rest = chain[0], chain[1:]
    if isinstance(container.items, dict):
        entries = dict(container.items)
        if rest:
            inner = entries.get(key)
            if inner is None:
                inner = _dict_value({}, value.node, value.path)
            entries[key] = _with_item(inner, rest, value)
        else:
            entries[key] = value
        return replace(_dict_value(entries, container.node, container.path), origin=container.origin,
                       conditional=container.conditional)
    if isinstance(container.items, list) and isinstance(key, int) and -len(container.items) <= key < len(
            container.items):
        items = list(container.items)
        items[key] = _with_item(items[key], rest, value) if rest else value
        return replace(_list_value(items, container, container.path), conditional=container.conditional)
    return container


def _combine(current: Value, addition: Value, node: ast.AST, path: str | None) -> Value:
    if isinstance(current.items, list) and isinstance(addition.items, list):
        return _list_value(current.elements() + addition.elements(), current, path)
    if isinstance(current.items, dict) and isinstance(addition.items, dict):
        return _dict_value({**current.items, **addition.items}, current.node, current.path)
    if current.known and addition.known:
        try:
            return replace(current, effective=current.effective + addition.effective, node=node, path=path)
        except TypeError:
            pass
    return computed(node, path)


def _assign_as_call(stmt: ast.stmt) -> ast.Call:
    """Wrap `a.b = v` as a pseudo-call record so rules can find attribute assignments."""
    call = ast.Call(func=ast.Name("="), args=[stmt.value] if isinstance(stmt, ast.Assign) else [], keywords=[])
    ast.copy_location(call, stmt)
    call.end_lineno = getattr(stmt, "end_lineno", None)
    return call


def evaluate_module(tree: ast.Module, path: str | None, resolve_star: StarResolver | None = None) -> ModuleResult:
    return Evaluator(path, resolve_star).run(tree)


def is_setting_name(name: str) -> bool:
    return name.isupper() and not name.startswith("_")


__all__ = ["Evaluator", "ModuleResult", "CallRecord", "evaluate_module", "is_setting_name", "MISSING", "UNKNOWN"]
