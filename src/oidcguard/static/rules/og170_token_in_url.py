"""OG170: OAuth tokens put into URLs (query strings), accepted from them, or requested by implicit flows."""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator

from ...findings import Category, Confidence, Severity
from ...rules import Hit, rule
from ..context import ModuleSubject
from ..dataflow import Scope, code_role, const_str, dotted, keyword, module_index, scaled
from ..project import Role

# Parameters whose value is a bearer credential (RFC 6749 §5.1, OIDC Core §3.1.3.3, RFC 6749 §2.3.1).
_TOKEN_PARAMS = ("access_token", "id_token", "refresh_token", "client_secret", "code_verifier", "client_assertion")
# `?access_token=` / `&id_token=` right before an interpolated value.
_IN_QUERY = re.compile(r"[?&#](" + "|".join(_TOKEN_PARAMS) + r"|id_token_hint)=$")
_HINTS = ("access_token", "id_token", "refresh_token", "client_secret", "response_type", "code_verifier",
          "client_assertion")
_QUERY_ATTRS = frozenset({"GET", "query_params"})


@rule(
    id="OG170",
    name="token-in-url",
    title="Token carried in a URL",
    category=Category.TOKEN_IN_URL,
    severity=Severity.MEDIUM,
    confidence=Confidence.HIGH,
    cwe=(598,),
    remediation="Send tokens in the Authorization header (RFC 6750 §2.1) or a POST body, never in a query string; "
    "hand tokens to a front end through a server-side session, and use the authorization code flow.",
    subject="module",
)
def token_in_url(subject: ModuleSubject) -> Iterator[Hit]:
    """
    ## What it does
    Flags code that puts OAuth credentials into URLs: query strings built with
    `?access_token=`, `&refresh_token=`, `id_token=` or `client_secret=` followed by a value
    (f-strings, `%`, `.format`, concatenation), `params={"access_token": ...}` on HTTP-client
    calls, views that accept a token from the query string
    (`request.GET.get("access_token")`), and implicit flows (`response_type="token"` or
    `"id_token token"`). `id_token_hint` in a GET logout URL is reported at info.

    ## Why is this bad?
    URLs are copied into web-server and proxy access logs, browser history and the `Referer`
    header of the next request. A token there is a leaked credential; RFC 6750 §2.3 says not to
    send bearer tokens in URIs, and RFC 9700 §2.1.2 says not to use the implicit grant.

    ## Example
        return redirect(f"{settings.FRONTEND_URL}/cb?access_token={tokens['access_token']}")  # OG170
        requests.get(userinfo, params={"access_token": token})                             # OG170

    ## Use instead
        requests.get(userinfo, headers={"Authorization": f"Bearer {token}"})

    ## Known false positives
    A view that reads the query parameter only to refuse it (`if request.GET.get("access_token"):
    raise ParseError("use the Authorization header")`, or a name assigned from it and tested only
    in such an `if`) is not reported. A parameter named `access_token` whose value is a constant
    placeholder is not reported; tests are not scanned. `code` is not reported: the authorization
    code belongs in the redirect URL (RFC 6749 §4.1.2) and is single-use.

    ## References
    - RFC 6750 §2.3 and §5.3; RFC 9700 §2.1.2 (implicit grant), §4.3.2 (tokens in browser history)
    - CWE-598: Use of GET Request Method With Sensitive Query Strings
    """
    source = subject.source
    if not any(h in source.text for h in _HINTS):
        return
    role = code_role(source.rel, subject.project)
    index = module_index(source)
    if role is None or index is None:
        return
    for scope in index.scopes:
        rejected: set[int] | None = None
        for node in scope.of(ast.JoinedStr, ast.BinOp, ast.Call, ast.Subscript):
            if _reads_query(node):
                if rejected is None:
                    rejected = _rejected(scope)
                if id(node) in rejected:
                    continue
            if isinstance(node, ast.JoinedStr):
                yield from _fstring(subject, node, role)
            elif isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add | ast.Mod):
                yield from _binop(subject, node, role)
            elif isinstance(node, ast.Call):
                yield from _call(subject, node, role)
            elif isinstance(node, ast.Subscript) and const_str(node.slice) in _TOKEN_PARAMS \
                    and _query_dict(node.value):
                yield _accepts(subject, node, const_str(node.slice) or "", role)


def _hit(subject: ModuleSubject, node: ast.AST, params: list[str], role: Role, how: str) -> Hit:
    only_hint = set(params) == {"id_token_hint"}
    names = ", ".join(sorted(set(params)))
    if only_hint:
        message = f"{how} puts id_token_hint in a URL: the ID token reaches logs and Referer headers (prefer POST)"
    else:
        message = f"{how} puts {names} in a URL: access logs, proxies and Referer headers receive it"
    return Hit(subject.location(node), message,
               severity=Severity.INFO if only_hint else scaled(role, Severity.MEDIUM),
               anchor=f"url:{names}")


def _fstring(subject: ModuleSubject, node: ast.JoinedStr, role: Role) -> Iterator[Hit]:
    params: list[str] = []
    for before, after in zip(node.values, node.values[1:], strict=False):
        text = const_str(before)
        if text is not None and isinstance(after, ast.FormattedValue):
            m = _IN_QUERY.search(text)
            if m:
                params.append(m.group(1))
    if params:
        yield _hit(subject, node, params, role, "this f-string")


def _binop(subject: ModuleSubject, node: ast.BinOp, role: Role) -> Iterator[Hit]:
    params: list[str] = []
    if isinstance(node.op, ast.Add):
        if isinstance(subject_parent := node.left, ast.BinOp) and isinstance(subject_parent.op, ast.Add) and \
                const_str(subject_parent.right) is not None:
            pieces: list[ast.expr] = [subject_parent.right, node.right]
        else:
            pieces = [node.left, node.right]
        text = const_str(pieces[0])
        m = _IN_QUERY.search(text) if text is not None else None
        if m and not isinstance(pieces[1], ast.Constant):
            params.append(m.group(1))
    else:
        left = const_str(node.left)
        if left is None:
            return
        params = [m.group(1) for m in re.finditer(r"[?&#](" + "|".join(_TOKEN_PARAMS) + r"|id_token_hint)=%", left)]
    if params:
        yield _hit(subject, node, params, role, "this string")


def _call(subject: ModuleSubject, node: ast.Call, role: Role) -> Iterator[Hit]:
    func = node.func
    # "...?access_token={}".format(token)
    if isinstance(func, ast.Attribute) and func.attr == "format" and const_str(func.value) is not None:
        text = const_str(func.value) or ""
        params = [m.group(1) for m in re.finditer(r"[?&#](" + "|".join(_TOKEN_PARAMS) + r"|id_token_hint)=\{", text)]
        if params:
            yield _hit(subject, node, params, role, "this format string")
        return
    # request.GET.get("access_token") / request.GET["access_token"] handled via the Subscript below.
    if isinstance(func, ast.Attribute) and func.attr in {"get", "getlist"} and node.args:
        key = const_str(node.args[0])
        if key in _TOKEN_PARAMS and _query_dict(func.value):
            yield _accepts(subject, node, key or "", role)
            return
    params_kw = keyword(node, "params")
    if isinstance(params_kw, ast.Dict):
        found = [const_str(k) for k, v in zip(params_kw.keys, params_kw.values, strict=True)
                 if const_str(k) in _TOKEN_PARAMS and not isinstance(v, ast.Constant)]
        if found:
            yield _hit(subject, params_kw, [f for f in found if f], role, "params=")
    elif isinstance(params_kw, ast.Call) and dotted(params_kw.func) == "dict":
        found = [kw.arg for kw in params_kw.keywords if kw.arg in _TOKEN_PARAMS]
        if found:
            yield _hit(subject, params_kw, [f for f in found if f], role, "params=")
    implicit = keyword(node, "response_type")
    if implicit is not None:
        yield from _implicit(subject, implicit, role)
    for arg in node.args:
        if isinstance(arg, ast.Dict):
            for k, v in zip(arg.keys, arg.values, strict=True):
                if const_str(k) == "response_type":
                    yield from _implicit(subject, v, role)


def _accepts(subject: ModuleSubject, node: ast.AST, key: str, role: Role) -> Hit:
    return Hit(subject.location(node), f"the view accepts {key} from the query string: clients will send it in "
               "URLs that access logs and Referer headers keep", severity=scaled(role, Severity.MEDIUM),
               anchor=f"accept:{key}")


def _implicit(subject: ModuleSubject, value: ast.AST, role: Role) -> Iterator[Hit]:
    text = const_str(value)
    if text is None:
        return
    kinds = set(text.split())
    if kinds & {"token", "id_token"}:
        yield Hit(subject.location(value), f"response_type={text!r} is an implicit/hybrid flow: tokens come back "
                  "in the browser URL fragment", severity=scaled(role, Severity.MEDIUM),
                  anchor=f"implicit:{text}")


def _query_dict(node: ast.AST) -> bool:
    name = dotted(node)
    if name is None:
        return False
    base, _, attr = name.rpartition(".")
    return attr in _QUERY_ATTRS and base in {"request", "self.request", "req"}


def _reads_query(node: ast.AST) -> bool:
    """`request.GET.get("access_token")` / `request.GET["access_token"]`."""
    if isinstance(node, ast.Subscript):
        return const_str(node.slice) in _TOKEN_PARAMS and _query_dict(node.value)
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in {"get", "getlist"}:
        return bool(node.args) and const_str(node.args[0]) in _TOKEN_PARAMS and _query_dict(node.func.value)
    return False


_ERROR_NAME = re.compile(r"Error|Exception|Bad|Forbidden|Unauthori[sz]ed|Denied|Invalid|Reject|NotAllowed")


def _refuses(body: list[ast.stmt]) -> bool:
    """The block ends by raising, or by returning an error response (a 4xx status or an error-named class)."""
    if not body:
        return False
    last = body[-1]
    if isinstance(last, ast.Raise):
        return True
    if not isinstance(last, ast.Return) or not isinstance(last.value, ast.Call):
        return False
    call = last.value
    name = dotted(call.func) or ""
    if _ERROR_NAME.search(name.rsplit(".", 1)[-1]):
        return True
    status = keyword(call, "status")
    if isinstance(status, ast.Constant) and isinstance(status.value, int):
        return 400 <= status.value < 500
    return status is not None and "HTTP_4" in (dotted(status) or "")


def _rejected(scope: Scope) -> set[int]:
    """Query reads whose only use is the test of an `if` that refuses the request."""
    ifs = [n for n in scope.of(ast.If) if _refuses(n.body)]  # type: ignore[attr-defined]
    out: set[int] = set()
    tested: dict[str, int] = {}  # name -> how many of its loads sit in refusing tests
    for stmt in ifs:
        for sub in ast.walk(stmt.test):
            if _reads_query(sub):
                out.add(id(sub))
            elif isinstance(sub, ast.Name) and isinstance(sub.ctx, ast.Load):
                tested[sub.id] = tested.get(sub.id, 0) + 1
    if not tested:
        return out
    loads: dict[str, int] = {}
    for sub in scope.of(ast.Name):
        if isinstance(sub.ctx, ast.Load):  # type: ignore[attr-defined]
            loads[sub.id] = loads.get(sub.id, 0) + 1  # type: ignore[attr-defined]
    for assign in scope.of(ast.Assign):
        targets = assign.targets  # type: ignore[attr-defined]
        value = assign.value  # type: ignore[attr-defined]
        if len(targets) == 1 and isinstance(targets[0], ast.Name) and _reads_query(value):
            name = targets[0].id
            if tested.get(name) and tested[name] == loads.get(name):
                out.add(id(value))
    return out
