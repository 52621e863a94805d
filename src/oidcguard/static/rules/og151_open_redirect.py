"""OG151: redirecting to a URL taken from the request without checking its host."""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator

from ...findings import Category, Confidence, Severity
from ...rules import Hit, rule
from ..context import ModuleSubject
from ..dataflow import Scope, code_role, const_str, dotted, keyword, module_index, scaled

_REDIRECTS = frozenset({"redirect", "HttpResponseRedirect", "HttpResponsePermanentRedirect"})
# Validators: Django's url_has_allowed_host_and_scheme (is_safe_url before 4.0), and the helpers
# projects wrap around it; any call whose name says it checks a URL's host counts.
_VALIDATOR = re.compile(r"url_has_allowed_host_and_scheme|is_safe_url|safe_url|allowed_host|is_safe_redirect|"
                        r"validate_redirect|safe_redirect|same_origin|is_same_domain", re.I)
# Request data an attacker writes into a link: the query string and form body.
_USER_SOURCES = re.compile(r"^(self\.)?(request|req)\.(GET|POST|query_params|data)\b")


@rule(
    id="OG151",
    name="open-redirect",
    title="Open redirect",
    category=Category.REDIRECT_VALIDATION,
    severity=Severity.MEDIUM,
    confidence=Confidence.HIGH,
    cwe=(601,),
    remediation="Check the target with django.utils.http.url_has_allowed_host_and_scheme(url, "
    "allowed_hosts={request.get_host()}, require_https=request.is_secure()) and fall back to a fixed page.",
    subject="module",
)
def open_redirect(subject: ModuleSubject) -> Iterator[Hit]:
    """
    ## What it does
    Flags `redirect(...)`, `HttpResponseRedirect(...)` and `HttpResponsePermanentRedirect(...)`
    whose target starts with a value from the query string or form body
    (`request.GET["next"]`, `request.POST.get("redirect_uri")`, DRF `query_params`), directly or
    through local variables, when the function never calls `url_has_allowed_host_and_scheme`
    (or a helper named like a URL check).

    ## Why is this bad?
    A login or logout view that sends the user wherever `?next=` says lets an attacker start a
    real login on the real site and land the user on a look-alike page — or, on OAuth callbacks,
    forward the authorization code or tokens carried in the URL to a host the attacker owns.

    ## Example
        return redirect(request.GET.get("next", "/"))                # OG151

    ## Use instead
        target = request.GET.get("next", "/")
        if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
            target = "/"
        return redirect(target)

    ## Known false positives
    Targets that only append request data to a fixed path (`f"/items/{request.GET['id']}"`,
    `"%s?q=%s" % (reverse("search"), quote(q))`, also through a local variable), values passed
    through `reverse()` or `urlencode()`, and `quote(..., safe="")` are not reported. A check done
    in a different function than the redirect is not seen: move it next to the redirect, or
    suppress the finding on that line.

    ## References
    - Django docs: `url_has_allowed_host_and_scheme`; RFC 9700 §4.11 (open redirection)
    - CWE-601: URL Redirection to Untrusted Site
    """
    source = subject.source
    text = source.text
    if "Redirect" not in text and "redirect" not in text:
        return
    if "GET" not in text and "POST" not in text and "query_params" not in text and "data" not in text:
        return
    role = code_role(source.rel, subject.project)
    index = module_index(source)
    if role is None or index is None:
        return
    for scope in index.scopes:
        validated: bool | None = None
        for call in scope.calls():
            name = (index.qualname(call.func) or "").rsplit(".", 1)[-1]
            if name not in _REDIRECTS:
                continue
            target = call.args[0] if call.args else keyword(call, "redirect_to") or keyword(call, "to")
            if target is None:
                continue
            label = _user_target(scope, target)
            if label is None:
                continue
            if validated is None:
                validated = _validates(scope)
            if validated:
                continue
            yield Hit(subject.location(call), f"{name}() to {label} without url_has_allowed_host_and_scheme: "
                      "an attacker's link can send users (and any code or token in the URL) to another site",
                      severity=scaled(role, Severity.MEDIUM), anchor=f"{scope.name}:{label}")


def _user_target(scope: Scope, node: ast.AST, depth: int = 0) -> str | None:
    """The label of request data the URL *starts* with (a fixed path prefix keeps it on-site)."""
    if depth > 8:
        return None
    if isinstance(node, ast.Name):
        values = _assigned(scope, node.id)
        if values is not None:
            # Every value the name is given: the redirect is open if any of them starts with user data.
            for value in values:
                found = _user_target(scope, value, depth + 1)
                if found is not None:
                    return found
            return None
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Mod):
        # "%s?signature=%s" % (reverse("search"), quote(q)): only the first `%s` can start the URL.
        fmt = node.left.value if isinstance(node.left, ast.Constant) else None
        if not isinstance(fmt, str):
            return _user_target(scope, node.left, depth + 1)
        if not fmt.startswith("%"):
            return None
        first = node.right.elts[0] if isinstance(node.right, ast.Tuple) and node.right.elts else node.right
        return _user_target(scope, first, depth + 1)
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "format" \
            and isinstance(node.func.value, ast.Constant) and isinstance(node.func.value.value, str):
        fmt = node.func.value.value
        if not fmt.startswith("{"):
            return None
        return _user_target(scope, node.args[0], depth + 1) if fmt.startswith(("{}", "{0}")) and node.args else None
    if isinstance(node, ast.Call):
        name = (dotted(node.func) or "").rsplit(".", 1)[-1]
        # urlencode() yields `k=v&...` (a relative reference); quote(..., safe="") encodes every `/`, so
        # neither can start `//host` or `scheme:`. quote() with its default safe="/" keeps `//evil.example`.
        if name == "urlencode" or (name in {"quote", "quote_plus"} and const_str(keyword(node, "safe")) == ""):
            return None
    if isinstance(node, ast.JoinedStr):
        if not node.values or not isinstance(node.values[0], ast.FormattedValue):
            return None
        return _user_target(scope, node.values[0].value, depth + 1)
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        return _user_target(scope, node.left, depth + 1)
    if isinstance(node, ast.BoolOp):
        for value in node.values:
            found = _user_target(scope, value, depth + 1)
            if found is not None:
                return found
        return None
    if isinstance(node, ast.IfExp):
        return _user_target(scope, node.body, depth + 1) or _user_target(scope, node.orelse, depth + 1)
    if isinstance(node, ast.Constant):
        return None
    taint = scope.taint(node)
    if taint is None or not taint.user or not _USER_SOURCES.match(taint.label):
        return None
    return taint.label


def _validates(scope: Scope) -> bool:
    for call in scope.calls():
        name = dotted(call.func) or ""
        if _VALIDATOR.search(name.rsplit(".", 1)[-1]):
            return True
    return False


def _assigned(scope: Scope, name: str) -> list[ast.expr] | None:
    """The values of `name = ...` in this scope when those are its only bindings, else None."""
    node = scope.node
    if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda):
        args = node.args
        params = [*args.posonlyargs, *args.args, *args.kwonlyargs, args.vararg, args.kwarg]
        if any(a is not None and a.arg == name for a in params):
            return None
    values: list[ast.expr] = []
    for n in scope.of(ast.Name):
        if n.id == name and not isinstance(n.ctx, ast.Load):  # type: ignore[attr-defined]
            values.append(n)  # type: ignore[arg-type]
    if not values:
        return None
    stores = {id(v) for v in values}
    found: list[ast.expr] = []
    for assign in scope.of(ast.Assign):
        targets = assign.targets  # type: ignore[attr-defined]
        if len(targets) == 1 and id(targets[0]) in stores:
            found.append(assign.value)  # type: ignore[attr-defined]
    return found if len(found) == len(values) else None
