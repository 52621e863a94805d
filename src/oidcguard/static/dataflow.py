"""A small intra-procedural data-flow layer for the code rules (OG122, OG141, OG142, OG151, OG161, OG170).

One walk over a module's AST (the one parse the engine already did) sorts every node into its
function scope and records imports; each scope's assignments are then read in source order to
build a map from local names to what they hold. Rules ask `Scope.taint(expr)` what an expression
carries:

- request data (`request.GET/POST/headers/META/body/COOKIES`, DRF `query_params`/`data`),
- credentials: token-endpoint responses and their `.json()`, mozilla-django-oidc `get_token`,
  authlib `fetch_token`/`authorize_access_token`, requests-oauthlib `fetch_token`, session keys
  such as `oidc_access_token`, `settings.<SECRET-NAMED>`, `os.environ`, and values under
  OAuth parameter keys (`tokens["access_token"]`),
- and, weakest, variables and attributes merely named like tokens or secrets.

Values are followed through assignments, f-strings, `%`/`.format`, concatenation, `str()`,
dict/attribute access and simple aliases — not through arbitrary calls (`hash(token)` is not the
token), which keeps findings precise. Confidence says how the value was known: HIGH from a known
source, MEDIUM from an OAuth key name, LOW from a variable name only.

The layer is built lazily and cached per tree, so every rule that needs it shares one walk.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from ..findings import Confidence, Severity
from ..shapes import SECRET_NAME, SENSITIVE_PARAMS
from .project import Project, Role, SourceFile

FunctionNode = ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda


@dataclass(frozen=True, slots=True)
class Taint:
    """What an expression carries."""

    label: str  # for messages: "request.GET['next']", "the token response", "settings.X"
    secret: bool = False  # a credential: token, code, client secret, Authorization, settings secret
    user: bool = False  # attacker-controlled request data
    confidence: Confidence = Confidence.LOW
    # Where the secret comes from: "token" (OAuth tokens/codes), "setting" (a configured secret or
    # the environment), "header" (Authorization/Cookie/META), "name" (a variable name only).
    kind: str = ""

    def stronger(self, other: Taint | None) -> Taint:
        if other is None:
            return self
        return merge(self, other)


def merge(a: Taint | None, b: Taint | None) -> Taint | None:
    """The union of two taints: secret if either is, user if either is, the stronger label."""
    if a is None:
        return b
    if b is None:
        return a
    best = a if _rank(a) >= _rank(b) else b
    return Taint(best.label, a.secret or b.secret, a.user or b.user, max(a.confidence, b.confidence), best.kind)


def _rank(t: Taint) -> tuple[int, int, int]:
    return (int(t.secret), int(t.confidence), int(t.user))


# ------------------------------------------------------------------------------------------ names

# Variable/attribute names that hold credentials. Bare `token`/`tokens`/`secret`/`password` are
# only trusted in modules that speak OAuth (the Django template engine is full of `token`s).
_SPECIFIC_NAME = re.compile(
    r"^_?(?:(?:access|id|refresh|bearer|auth|api|oauth2?|oidc|jwt|client|logout|subject|service|app)_?tokens?|"
    r"client_?secret|secret_?key|api_?key|private_?key|auth_?header|authorization|bearer|client_?credentials|"
    r"token_?response|token_?data|token_?info|oidc_?tokens?|code_?verifier|client_?assertion)$",
    re.I,
)
# Not `tokens`: in OAuth libraries that is as often a table of token *types* or handlers.
_GENERIC_NAME = re.compile(r"^_?(?:token|secret|password|passwd|credentials?|creds)$", re.I)
# OAuth vocabulary in a module's (lower-cased) text: it deals with tokens, so a bare `token` is one.
# Substring tests: a case-insensitive regex alternation is ~7x slower over a large tree.
_OAUTH_VOCAB = ("access_token", "id_token", "refresh_token", "oidc", "oauth", "openid", "bearer", "client_secret",
                "jwt")

# Keys whose values are credentials wherever they appear (RFC 6749 §5.1, OIDC Core §3.1.3.3, ...).
_STRONG_KEYS = frozenset(SENSITIVE_PARAMS - {"code", "token", "password", "id_token_hint"}) | {
    "Authorization", "authorization", "HTTP_AUTHORIZATION", "HTTP_COOKIE", "Cookie", "cookie",
    "oidc_access_token", "oidc_id_token", "oidc_refresh_token",
}
# Keys that are credentials when read from request data or a token response (the OAuth `code`).
_REQUEST_KEYS = _STRONG_KEYS | {"code", "token", "password", "sessionid", "csrftoken", "state"}
# mozilla-django-oidc stores tokens under these session keys (OIDC_STORE_*_TOKEN); allauth and
# hand-written flows use similar ones.
_SESSION_KEY = re.compile(r"(access|id|refresh|oidc|oauth)_?(token|secret)|^token$|tokens$", re.I)
# ...but not their bookkeeping (mozilla-django-oidc's oidc_id_token_expiration).
_SESSION_META = re.compile(r"expir|_type$|_at$|time|_uri$|_url$|scope|_id$|_count$", re.I)
# Settings names that carry secrets, minus the ones that merely describe them.
_NOT_SECRET_SETTING = re.compile(
    r"ENDPOINT|URL|URI|PATH|_TYPE|EXPIR|LIFETIME|SECONDS|_AGE$|_NAME$|HEADER|FIELD|LENGTH|SIZE|METHOD|ALGO|"
    r"^OIDC_STORE_|_USE_|^USE_|_CLASS|BACKEND|_KID$|_KEY_ID$|PARAM|FALLBACKS|STORE|_FILE$|_DIR$|_ID$|CACHE|"
    r"_HASH|_PREFIX|_COOKIE_|_TIMEOUT|REFRESH_|VALIDATOR|_SCOPE|_GENERATOR|HASHER",
    re.I,
)

_REQUEST_WHOLE = {
    # attr: (secret, label-kind)
    "GET": False, "POST": False, "query_params": False, "data": False, "FILES": False,
    "headers": True, "META": True, "body": True, "COOKIES": True,
}
# Calls whose result is a token response, by the library that defines them:
# mozilla-django-oidc OIDCAuthenticationBackend.get_token; authlib OAuth2Client.fetch_token /
# fetch_access_token / authorize_access_token; requests-oauthlib OAuth2Session.fetch_token /
# refresh_token; social-core BaseOAuth2.request_access_token; allauth OAuth2Client.get_access_token.
_TOKEN_CALLS = frozenset({
    "get_token", "fetch_token", "fetch_access_token", "authorize_access_token", "refresh_token",
    "request_access_token", "get_access_token", "refresh_access_token",
})
_TOKEN_CALL_NAME = re.compile(r"^(fetch|get|exchange|obtain|request|refresh|retrieve)_\w*tokens?$|^exchange_code\w*$")
# Calls that return (a form of) their receiver or first argument unchanged in secrecy.
_PASS_METHODS = frozenset({
    "json", "strip", "lstrip", "rstrip", "decode", "encode", "lower", "upper", "copy", "items", "values",
    "get_json", "dict", "to_dict", "replace", "removeprefix", "split", "partition", "splitlines",
})
# Not `sorted`/`list`/`set`: over a token response they give its keys, not its values.
_PASS_FUNCS = frozenset({"str", "repr", "bytes", "dict", "format", "json.dumps", "urlencode",
                         "urllib.parse.urlencode", "pprint.pformat", "pformat", "vars"})


# Encodings and decodings keep what the data is (a base64-decoded cookie is still the cookie).
_PASS_TAILS = frozenset({"urlencode", "dumps", "pformat", "b64decode", "urlsafe_b64decode", "b64encode",
                         "urlsafe_b64encode", "b32decode", "unquote", "unquote_plus", "quote", "quote_plus",
                         "decompress", "unhexlify", "fromhex"})


def secret_setting(name: str) -> bool:
    """`settings.<name>` holds a secret value (not an endpoint, a flag or a lifetime)."""
    return bool(SECRET_NAME.search(name)) and not _NOT_SECRET_SETTING.search(name)


def const_str(node: ast.AST | None) -> str | None:
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None


def keyword(call: ast.Call, name: str) -> ast.expr | None:
    return next((kw.value for kw in call.keywords if kw.arg == name), None)


def dotted(node: ast.AST) -> str | None:
    """`a.b.c` for a chain of names and attributes, else None."""
    parts: list[str] = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if isinstance(node, ast.Name):
        parts.append(node.id)
        return ".".join(reversed(parts))
    return None


# ------------------------------------------------------------------------------------------ index


@dataclass(slots=True)
class Scope:
    """One function (or the module body): its nodes and what its local names hold."""

    node: ast.AST
    module: ModuleIndex
    nodes: list[ast.AST] = field(default_factory=list)
    # The same nodes bucketed by class, so a rule looking for calls does not test every node.
    by_type: dict[type, list[ast.AST]] = field(default_factory=dict)
    _env: dict[str, Taint | None] | None = None
    _busy: set[str] = field(default_factory=set)

    @property
    def name(self) -> str:
        return getattr(self.node, "name", "<module>")

    def calls(self) -> list[ast.Call]:
        return self.by_type.get(ast.Call, [])  # type: ignore[return-value]

    def of(self, *classes: type) -> Iterator[ast.AST]:
        """Nodes of these classes (exact classes, as `type(node)`), class by class."""
        for cls in classes:
            yield from self.by_type.get(cls, ())

    def qualname(self, node: ast.AST) -> str | None:
        return self.module.qualname(node)

    # -------------------------------------------------------------- environment

    @property
    def env(self) -> dict[str, Taint | None]:
        if self._env is None:
            self._env = {}
            self._build_env()
        return self._env

    def _bind(self, target: ast.AST, taint: Taint | None) -> None:
        assert self._env is not None
        if isinstance(target, ast.Tuple | ast.List):
            for element in target.elts:
                self._bind(element, taint)
            return
        if isinstance(target, ast.Starred):
            self._bind(target.value, taint)
            return
        key = dotted(target)
        if key is None:
            return
        # Union over every assignment: `x = request.GET["next"]` in one branch taints x everywhere.
        self._env[key] = merge(self._env.get(key), taint) if key in self._env else taint

    def _build_env(self) -> None:
        assigns = list(self.of(ast.Assign, ast.AnnAssign, ast.AugAssign, ast.For, ast.AsyncFor, ast.NamedExpr,
                               ast.withitem))
        assigns.sort(key=lambda n: (getattr(n, "lineno", 0), getattr(n, "col_offset", 0)))
        for n in assigns:
            if isinstance(n, ast.Assign):
                for target in n.targets:
                    if isinstance(target, ast.Tuple | ast.List) and isinstance(n.value, ast.Tuple | ast.List) \
                            and len(target.elts) == len(n.value.elts):
                        for t, v in zip(target.elts, n.value.elts, strict=True):
                            self._bind(t, self.taint(v))
                    else:
                        self._bind(target, self.taint(n.value))
            elif isinstance(n, ast.AnnAssign) and n.value is not None:
                self._bind(n.target, self.taint(n.value))
            elif isinstance(n, ast.AugAssign):
                self._bind(n.target, merge(self.taint(n.target), self.taint(n.value)))
            elif isinstance(n, ast.For | ast.AsyncFor):
                self._bind(n.target, self.taint(n.iter))
            elif isinstance(n, ast.NamedExpr):
                self._bind(n.target, self.taint(n.value))
            elif isinstance(n, ast.withitem) and n.optional_vars is not None:
                self._bind(n.optional_vars, self.taint(n.context_expr))

    # -------------------------------------------------------------- taint

    def taint(self, node: ast.AST | None) -> Taint | None:
        """What `node` carries, or None for nothing of interest."""
        if node is None:
            return None
        try:
            return self._taint(node, 0)
        except RecursionError:
            return None

    def _lookup(self, key: str, fallback_name: str) -> Taint | None:
        if self._env is None:
            env = self.env
        else:
            env = self._env
        if key in env:
            return env[key]
        return self.module.name_taint(fallback_name)

    def _taint(self, node: ast.AST, depth: int) -> Taint | None:
        if depth > 40:
            return None
        d = depth + 1
        if isinstance(node, ast.Name):
            if node.id in self._busy:
                return None
            self._busy.add(node.id)
            try:
                return self._lookup(node.id, node.id)
            finally:
                self._busy.discard(node.id)
        if isinstance(node, ast.Attribute):
            return self._attribute(node, d)
        if isinstance(node, ast.Subscript):
            if isinstance(node.slice, ast.Slice):
                return None  # token[:8]: a prefix kept for correlation, not the credential
            key = const_str(node.slice)
            return self._keyed(node.value, key, d, node)
        if isinstance(node, ast.Call):
            return self._call(node, d)
        if isinstance(node, ast.JoinedStr):
            found: Taint | None = None
            for part in node.values:
                if isinstance(part, ast.FormattedValue):
                    found = merge(found, self._taint(part.value, d))
            return found
        if isinstance(node, ast.FormattedValue):
            return self._taint(node.value, d)
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add | ast.Mod):
            return merge(self._taint(node.left, d), self._taint(node.right, d))
        if isinstance(node, ast.BoolOp):
            found = None
            for v in node.values:
                found = merge(found, self._taint(v, d))
            return found
        if isinstance(node, ast.IfExp):
            return merge(self._taint(node.body, d), self._taint(node.orelse, d))
        if isinstance(node, ast.Tuple | ast.List | ast.Set):
            found = None
            for v in node.elts:
                found = merge(found, self._taint(v, d))
            return found
        if isinstance(node, ast.Dict):
            found = None
            for k, v in zip(node.keys, node.values, strict=True):
                if k is None:  # {**other}
                    found = merge(found, self._taint(v, d))
                    continue
                t = self._taint(v, d)
                key = const_str(k)
                if t is None and key in _STRONG_KEYS and not isinstance(v, ast.Constant):
                    t = Taint(f"the {key!r} value", secret=True, confidence=Confidence.MEDIUM, kind="token")
                found = merge(found, t)
            return found
        if isinstance(node, ast.ListComp | ast.SetComp | ast.GeneratorExp | ast.DictComp):
            parts = [node.key, node.value] if isinstance(node, ast.DictComp) else [node.elt]
            found = None
            for part in [*parts, *(g.iter for g in node.generators)]:
                found = merge(found, self._taint(part, d))
            return found
        if isinstance(node, ast.Starred):
            return self._taint(node.value, d)
        if isinstance(node, ast.Await):
            return self._taint(node.value, d)
        return None

    def _attribute(self, node: ast.Attribute, d: int) -> Taint | None:
        base = dotted(node.value)
        attr = node.attr
        if base is not None and _is_request(base) and attr in _REQUEST_WHOLE:
            secret = _REQUEST_WHOLE[attr]
            return Taint(f"{base}.{attr}", secret=secret, user=True, confidence=Confidence.HIGH,
                         kind="header" if secret else "")
        if base is not None and self.module.is_settings(base):
            if secret_setting(attr):
                return Taint(f"settings.{attr}", secret=True, confidence=Confidence.HIGH, kind="setting")
            if attr == "__dict__":
                return Taint("settings.__dict__", secret=True, confidence=Confidence.HIGH, kind="setting")
            return None
        qual = self.qualname(node)
        if qual == "os.environ":
            return Taint("os.environ", secret=True, confidence=Confidence.HIGH, kind="setting")
        full = dotted(node)
        if full is not None and self._env is not None and full in self._env:
            return self._env[full]
        if full is not None and self._env is None and full in self.env:
            return self.env[full]
        inner = self._taint(node.value, d)
        if inner is not None and inner.secret and inner.kind in {"token", "header", "setting"}:
            if attr in {"headers", "text", "content", "body", "data"} or attr in _STRONG_KEYS:
                return inner
            if _SPECIFIC_NAME.match(attr) or _GENERIC_NAME.match(attr):
                return Taint(f"{inner.label}.{attr}", secret=True, user=inner.user,
                             confidence=inner.confidence, kind=inner.kind)
        named = self.module.name_taint(attr)
        if named is not None:
            return named
        if inner is not None and inner.user and not inner.secret:
            return inner
        return None

    def _keyed(self, container: ast.AST, key: str | None, d: int, node: ast.AST) -> Taint | None:
        base = dotted(container)
        if base is not None and (base.endswith("session") and _is_request(base.rsplit(".", 1)[0])):
            if key is not None and _SESSION_KEY.search(key) and not _SESSION_META.search(key):
                return Taint(f"session[{key!r}]", secret=True, confidence=Confidence.HIGH, kind="token")
            return None
        inner = self._taint(container, d)
        if inner is not None and (inner.user or inner.kind in {"header", "setting"}) and inner.label in {
                "os.environ"} | {f"{b}.{a}" for b in ("request", "self.request") for a in _REQUEST_WHOLE}:
            # One entry of a whole-request or environment mapping: secret only for credential keys.
            label = f"{inner.label}[{key!r}]" if key is not None else f"{inner.label}[...]"
            if key is None:
                return Taint(label, secret=False, user=inner.user, confidence=inner.confidence)
            if inner.label == "os.environ":
                if secret_setting(key):
                    return Taint(label, secret=True, confidence=Confidence.HIGH, kind="setting")
                return None
            secret = key in _REQUEST_KEYS or key.upper().replace("-", "_") in {"AUTHORIZATION", "HTTP_AUTHORIZATION",
                                                                                "COOKIE", "HTTP_COOKIE"}
            return Taint(label, secret=secret, user=inner.user, confidence=Confidence.HIGH,
                         kind="token" if secret else "")
        if inner is not None and inner.secret and inner.kind == "name" and key is None:
            return None  # tokens.get(kind): an entry of something merely named like a secret
        if inner is not None and inner.secret:
            if key is None or key in _REQUEST_KEYS or _SPECIFIC_NAME.match(key) or _GENERIC_NAME.match(key):
                return inner if key is None else Taint(f"{inner.label}[{key!r}]", True, inner.user,
                                                       inner.confidence, inner.kind)
            if inner.kind == "token" and key in {"token_type", "expires_in", "expires_at", "scope", "sub", "iss",
                                                 "aud", "exp", "iat", "email", "name", "nonce"}:
                return None  # metadata of a token response, not the token
            return inner
        if key is not None and key in _STRONG_KEYS:
            return Taint(f"[{key!r}]", secret=True, user=bool(inner and inner.user), confidence=Confidence.MEDIUM,
                         kind="token")
        if inner is not None and inner.user:
            return Taint(f"{inner.label}[{key!r}]" if key else inner.label, secret=False, user=True,
                         confidence=inner.confidence)
        return None

    def _call(self, node: ast.Call, d: int) -> Taint | None:
        func = node.func
        qual = self.qualname(func) or ""
        tail = qual.rsplit(".", 1)[-1] if qual else (func.attr if isinstance(func, ast.Attribute) else "")
        if isinstance(func, ast.Attribute):
            method = func.attr
            if method in {"get", "pop", "getlist", "setdefault"} and node.args:
                return self._keyed(func.value, const_str(node.args[0]), d, node)
            if method == "format" and isinstance(func.value, ast.Constant):
                found: Taint | None = None
                for a in [*node.args, *(kw.value for kw in node.keywords)]:
                    found = merge(found, self._taint(a, d))
                return found
            if method == "join" and isinstance(func.value, ast.Constant) and node.args:
                return self._taint(node.args[0], d)
            if method in _TOKEN_CALLS:
                return Taint(f"the result of {method}()", secret=True, confidence=Confidence.HIGH, kind="token")
            if method in _PASS_METHODS:
                return self._taint(func.value, d)
            if method in {"post", "request"} and _token_endpoint(node):
                return Taint("the token-endpoint response", secret=True, confidence=Confidence.HIGH, kind="token")
        if qual in {"getattr", "vars", "dir"} and node.args and self.module.is_settings(dotted(node.args[0]) or ""):
            attr = const_str(node.args[1]) if len(node.args) > 1 else None
            if qual == "dir":
                return None  # names only; `getattr(settings, name)` over them is the dump
            if attr is None:
                # getattr(settings, name) over names, vars(settings): the whole settings object.
                return Taint("every setting", secret=True, confidence=Confidence.HIGH, kind="setting")
            if secret_setting(attr):
                return Taint(f"settings.{attr}", secret=True, confidence=Confidence.HIGH, kind="setting")
            return None
        if qual in _PASS_FUNCS or tail in _PASS_TAILS:
            found = None
            for a in [*node.args, *(kw.value for kw in node.keywords)]:
                found = merge(found, self._taint(a, d))
            return found
        if tail and tail in _TOKEN_CALLS:
            return Taint(f"the result of {tail}()", secret=True, confidence=Confidence.HIGH, kind="token")
        if tail and _TOKEN_CALL_NAME.match(tail):
            return Taint(f"the result of {tail}()", secret=True, confidence=Confidence.MEDIUM, kind="token")
        return None


def _is_request(base: str) -> bool:
    return base in {"request", "self.request", "req", "info.context"}


def _token_endpoint(call: ast.Call) -> bool:
    """`requests.post(settings.OIDC_OP_TOKEN_ENDPOINT, ...)` / `.post(".../token", ...)`."""
    url = call.args[0] if call.args else keyword(call, "url")
    if url is None:
        return False
    text = const_str(url) or dotted(url) or ""
    return bool(re.search(r"token(_endpoint|_url|_uri)?$|/token/?$", text, re.I))


@dataclass(slots=True)
class ModuleIndex:
    source: SourceFile
    tree: ast.Module
    imports: dict[str, str] = field(default_factory=dict)  # local name -> qualified name
    scopes: list[Scope] = field(default_factory=list)
    _oauth: bool | None = None
    parents: dict[int, ast.AST] = field(default_factory=dict)  # id(node) -> parent, for statements' calls

    def qualname(self, node: ast.AST) -> str | None:
        """`jwt.decode` for `decode` imported `from jwt import decode`, `pyjwt.decode` as `jwt.decode`."""
        name = dotted(node)
        if name is None:
            return None
        head, _, rest = name.partition(".")
        head = self.imports.get(head, head)
        return f"{head}.{rest}" if rest else head

    def is_settings(self, base: str) -> bool:
        # `from django.conf import settings` (or the bare name, the universal convention).
        if base == "settings":
            return self.imports.get("settings", "django.conf.settings") == "django.conf.settings"
        return base == "django.conf.settings" or self.imports.get(base) == "django.conf.settings"

    @property
    def oauth(self) -> bool:
        if self._oauth is None:
            low = self.source.text.lower()
            self._oauth = any(word in low for word in _OAUTH_VOCAB)
        return self._oauth

    def name_taint(self, name: str) -> Taint | None:
        bare = name.rsplit(".", 1)[-1]
        if _SPECIFIC_NAME.match(bare) or (self.oauth and _GENERIC_NAME.match(bare)):
            return Taint(f"`{bare}`", secret=True, confidence=Confidence.LOW, kind="name")
        return None

    def scope_of(self, node: ast.AST) -> Scope | None:
        for scope in self.scopes:
            if scope.node is node:
                return scope
        return None


_FUNCTIONS = (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)
# Fields that never hold a node a rule looks at: names and flags (str/int), expression contexts and
# operator singletons (`ctx`, `op`, `ops`). Skipping them cuts the walk by about a third.
_NON_CHILD = frozenset({"ctx", "op", "ops", "id", "attr", "arg", "name", "names", "module", "level", "type_comment",
                        "kind", "conversion", "is_async", "simple", "tag", "type_ignores"})
_CHILD_FIELDS: dict[type, tuple[str, ...]] = {}


def _child_fields(cls: type) -> tuple[str, ...]:
    fields = _CHILD_FIELDS.get(cls)
    if fields is None:
        fields = _CHILD_FIELDS[cls] = tuple(f for f in cls._fields if f not in _NON_CHILD)  # type: ignore[attr-defined]
    return fields


def build_index(source: SourceFile) -> ModuleIndex:
    """One walk: each node goes to its innermost function scope; imports are recorded on the way.

    A hand-rolled traversal over the child-bearing `_fields` (2-3x faster than `ast.walk`, which
    matters: this is the one walk every code rule shares).
    """
    assert source.tree is not None
    index = ModuleIndex(source, source.tree)
    imports = index.imports
    pending: list[tuple[ast.AST, Scope]] = [(source.tree, Scope(source.tree, index))]
    ast_type = ast.AST
    fields_of = _CHILD_FIELDS
    while pending:
        root, scope = pending.pop()
        index.scopes.append(scope)
        nodes = scope.nodes
        append = nodes.append
        by_type = scope.by_type
        stack = [root]
        pop, push = stack.pop, stack.append
        while stack:
            node = pop()
            cls = node.__class__
            fields = fields_of.get(cls) or _child_fields(cls)
            for name in fields:
                value = getattr(node, name, None)
                if value.__class__ is list:
                    children = value
                elif isinstance(value, ast_type):
                    children = (value,)
                else:
                    continue
                for child in children:
                    if not isinstance(child, ast_type):
                        continue  # None keys of {**d}
                    append(child)
                    ccls = child.__class__
                    bucket = by_type.get(ccls)
                    if bucket is None:
                        by_type[ccls] = [child]
                    else:
                        bucket.append(child)
                    if ccls in _FUNCTIONS:
                        pending.append((child, Scope(child, index)))
                    else:
                        push(child)
            if cls is ast.Import:
                for alias in node.names:  # type: ignore[attr-defined]
                    top = alias.name.split(".")[0]
                    imports[alias.asname or top] = alias.name if alias.asname else top
            elif cls is ast.ImportFrom and node.module:  # type: ignore[attr-defined]
                for alias in node.names:  # type: ignore[attr-defined]
                    imports[alias.asname or alias.name] = f"{node.module}.{alias.name}"  # type: ignore[attr-defined]
    return index


# One index per tree, shared by every rule that runs on the file. Bounded: the engine runs rule by
# rule over all files, so a small cache would thrash; keyed by id() with the tree kept alive.
_CACHE: dict[int, tuple[ast.Module, ModuleIndex]] = {}
_CACHE_MAX = 4096


def module_index(source: SourceFile) -> ModuleIndex | None:
    tree = source.tree
    if tree is None:
        return None
    hit = _CACHE.get(id(tree))
    if hit is not None and hit[0] is tree:
        return hit[1]
    index = build_index(source)
    if len(_CACHE) >= _CACHE_MAX:
        _CACHE.clear()
    _CACHE[id(tree)] = (tree, index)
    return index


def is_test_file(rel: str) -> bool:
    """Test code mocks servers and uses fake tokens: code rules stay out of it."""
    parts = rel.split("/")
    name = parts[-1]
    return name.startswith("test_") or name.endswith("_test.py") or name in {"tests.py", "conftest.py"} or \
        any(p in {"tests", "test", "testing"} for p in parts[:-1])



# role_of() costs a few pathlib operations; every code rule asks it for every file.
_ROLES: dict[tuple[int, str], Role | None] = {}  # keyed by project identity, root and globs


def code_role(rel: str, project: Project) -> Role | None:
    """The role of a code file: None for tests (code rules stay silent there), else its settings-style role."""
    key = (id(project), f"{project.root}\x1f{project.dev_globs}\x1f{project.prod_globs}\x1f{rel}")
    if key in _ROLES:
        return _ROLES[key]
    if is_test_file(rel):
        role: Role | None = None
    else:
        found = project.role_of(rel)
        role = None if found is Role.TEST else found
    if len(_ROLES) >= _CACHE_MAX:
        _ROLES.clear()
    _ROLES[key] = role
    return role


def scaled(role: Role, base: Severity) -> Severity:
    """Development code reports at info; production code at the rule's severity."""
    return base if role is Role.PRODUCTION else Severity.INFO
