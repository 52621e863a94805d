"""OG161: JWTs decoded without verification, with `none` allowed, without an audience, or without a nonce check."""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator

from ...findings import Category, Confidence, Severity
from ...rules import Hit, rule
from ..context import ModuleSubject
from ..dataflow import Scope, code_role, const_str, dotted, keyword, module_index, scaled
from ..project import Role

# PyJWT (jwt.decode, jwt.api_jwt.decode, PyJWT().decode), python-jose (jose.jwt.decode),
# authlib (authlib.jose.jwt.decode: verifies the signature, claims only on .validate()).
# PyJWT >= 2 also has decode_complete (claims plus header and signature), checked the same way.
_DECODERS = re.compile(r"(^|\.)(jwt|api_jwt|PyJWT\(\))\.decode(_complete)?$|^jose\.jwt\.decode$|^jwt\.decode$|"
                       r"^jose\.jwt\.get_unverified_claims$|^jwt\.get_unverified_claims$")
# Claims read from an unverified token only to find the key or the provider: routing, not trust.
_ROUTING_KEYS = frozenset({"kid", "iss", "alg", "typ", "jku", "x5u", "x5t", "tid"})


@rule(
    id="OG161",
    name="unverified-jwt",
    title="JWT accepted without full verification",
    category=Category.TOKEN_VALIDATION,
    severity=Severity.HIGH,
    confidence=Confidence.HIGH,
    cwe=(347, 345),
    remediation="Decode with the provider's key, an explicit algorithms list (e.g. ['RS256']), audience= the "
    "client id and issuer=; compare the ID token's nonce with the one stored at login.",
    subject="module",
)
def unverified_jwt(subject: ModuleSubject) -> Iterator[Hit]:
    """
    ## What it does
    Flags JWT decoding that does not verify what it must:
    - PyJWT (`jwt.decode`, `jwt.decode_complete`) `options={"verify_signature": False}` or
      `verify=False` (PyJWT 1.x), python-jose `get_unverified_claims`, `algorithms` that include
      `none` — high;
    - `options={"verify_aud": False}` or `verify_exp`/`verify_iss` off — medium;
    - a verified decode with no `audience=` — low (tokens minted for another client are accepted
      when they carry no `aud`, or with libraries that skip the check);
    - authlib `jwt.decode(...)` whose claims are never `.validate()`d — medium;
    - an ID token decoded in a hand-written login flow whose `nonce` is never compared
      (OIDC Core §3.1.3.7 step 11) — medium;
    - the payload hand-decoded with base64 (`token.split(".")[1]`) and used for a decision — medium.

    ## Why is this bad?
    An unverified token is just JSON anyone can write: forged claims (`sub`, groups, roles) log an
    attacker in as anyone. Without the audience check a token issued to another client is
    accepted; without the nonce check a captured ID token can be replayed into a new login.

    ## Example
        claims = jwt.decode(tokens["id_token"], options={"verify_signature": False})   # OG161

    ## Use instead
        claims = jwt.decode(tokens["id_token"], key, algorithms=["RS256"],
                            audience=settings.OIDC_RP_CLIENT_ID, issuer=settings.OIDC_OP_ISSUER)
        if claims.get("nonce") != request.session.pop("oidc_nonce", None):
            return redirect("/login/failed/")

    ## Known false positives
    An unverified decode used only to pick the key or provider (`kid`, `iss`) before a verified
    decode is not reported, nor `get_unverified_header`. An unverified decode inside an `if` on a
    setting (`if settings.ALLOW_UNSIGNED:`, `if self.get_settings("OIDC_ALLOW_UNSECURED_JWT", False):`)
    is an opt-in and is reported at info only (whether the setting is on is OG160's job). Tests are
    not scanned.

    ## References
    - OIDC Core §3.1.3.7 (ID token validation); RFC 8725 (JWT BCP) §3.1, §3.9
    - mozilla-django-oidc issue #312 (nonce); PyJWT docs "Reading the claimset without validation"
    - CWE-347: Improper Verification of Cryptographic Signature
    """
    source = subject.source
    text = source.text
    if "jwt" not in text and "jose" not in text and "b64decode" not in text:
        return
    role = code_role(source.rel, subject.project)
    index = module_index(source)
    if role is None or index is None:
        return
    module_nonce = "nonce" in text
    for scope in index.scopes:
        decodes = [(call, index.qualname(call.func) or "") for call in scope.calls()]
        decodes = [(call, qual) for call, qual in decodes if _DECODERS.search(qual) or qual.startswith(
            "authlib.jose.") and qual.endswith(".decode")]
        verified = [call for call, qual in decodes if "unverified" not in qual and not _unverified(call, qual)]
        for call, qual in decodes:
            if qual.startswith("authlib."):
                if not any(isinstance(c.func, ast.Attribute) and c.func.attr == "validate" for c in scope.calls()):
                    yield Hit(subject.location(call), "authlib jwt.decode() checks the signature only; the claims "
                              "(exp, iss, aud) are checked by claims.validate(), which is never called here",
                              severity=scaled(role, Severity.MEDIUM), anchor=f"{scope.name}:authlib-validate")
                continue
            # A verified decode in the other branch of an `if` does not verify this one (bluebutton:
            # decode_complete under a feature switch, the unverified decode in its else).
            verified_here = any(not _exclusive(scope, call, other) for other in verified if other is not call)
            yield from _check(subject, scope, call, qual, role, verified_here, module_nonce)
        yield from _hand_decoded(subject, scope, role, bool(decodes))


def _unverified(call: ast.Call, qual: str) -> bool:
    if qual.endswith("get_unverified_claims"):
        return True
    verify = keyword(call, "verify")
    if isinstance(verify, ast.Constant) and verify.value is False:
        return True
    return _option(call, "verify_signature") is False


def _option(call: ast.Call, name: str) -> bool | None:
    options = keyword(call, "options")
    if isinstance(options, ast.Dict):
        for k, v in zip(options.keys, options.values, strict=True):
            if const_str(k) == name and isinstance(v, ast.Constant) and isinstance(v.value, bool):
                return v.value
    return None


def _check(subject: ModuleSubject, scope: Scope, call: ast.Call, qual: str, role: Role, verified_here: bool,
           module_nonce: bool) -> Iterator[Hit]:
    algorithms = keyword(call, "algorithms") or (call.args[2] if len(call.args) > 2 else None)
    if isinstance(algorithms, ast.List | ast.Tuple | ast.Set) and any(
            (const_str(e) or "").lower() == "none" for e in algorithms.elts):
        yield Hit(subject.location(algorithms), "algorithms include 'none': an unsigned token is accepted as valid",
                  severity=scaled(role, Severity.HIGH), anchor=f"{scope.name}:alg-none")
    if _unverified(call, qual):
        if verified_here or _routing_only(scope, call):
            return  # read to pick a key or provider, then verified: not a finding
        flag = _setting_guard(scope, call)
        if flag is not None:
            yield Hit(subject.location(call), f"{qual}() without signature verification, only when the setting "
                      f"{flag} is on: an opt-in for unsigned tokens (check that it stays off in production)",
                      severity=Severity.INFO, confidence=Confidence.LOW, anchor=f"{scope.name}:unverified")
            return
        yield Hit(subject.location(call), f"{qual}() without signature verification: anyone can forge these claims",
                  severity=scaled(role, Severity.HIGH), anchor=f"{scope.name}:unverified")
        return
    off = [name for name in ("verify_aud", "verify_exp", "verify_iss") if _option(call, name) is False]
    if off:
        yield Hit(subject.location(call), f"{qual}() with {', '.join(off)} off: expired tokens or tokens for other "
                  "clients or issuers are accepted", severity=scaled(role, Severity.MEDIUM),
                  anchor=f"{scope.name}:{'-'.join(off)}")
    elif keyword(call, "audience") is None and not any(kw.arg is None for kw in call.keywords) \
            and scope.module.oauth:  # an app's own JWTs (e-mail links) have no OAuth audience to check
        yield Hit(subject.location(call), f"{qual}() without audience=: a token issued to another client can be "
                  "accepted", severity=scaled(role, Severity.LOW), confidence=Confidence.MEDIUM,
                  anchor=f"{scope.name}:no-audience")
    token = call.args[0] if call.args else keyword(call, "jwt") or keyword(call, "token")
    if module_nonce and token is not None and "id_token" in ast.unparse(token) and not _mentions_nonce(scope) \
            and not _claims_handed_on(scope, call):
        yield Hit(subject.location(call), "the ID token's nonce is never compared with the one stored at login: a "
                  "captured ID token can be replayed", severity=scaled(role, Severity.MEDIUM),
                  confidence=Confidence.MEDIUM, anchor=f"{scope.name}:nonce")


def _mentions_nonce(scope: Scope) -> bool:
    for node in scope.nodes:
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and "nonce" in node.value.lower():
            return True
        if isinstance(node, ast.Name) and "nonce" in node.id.lower():
            return True
        if isinstance(node, ast.Attribute) and "nonce" in node.attr.lower():
            return True
    return False


def _result_names(scope: Scope, call: ast.Call) -> set[str]:
    names: set[str] = set()
    for node in scope.nodes:
        if isinstance(node, ast.Assign) and node.value is call:
            names |= {t.id for t in node.targets if isinstance(t, ast.Name)}
    return names


def _claims_handed_on(scope: Scope, call: ast.Call) -> bool:
    """The whole claims dict goes to another function or back to the caller, which may compare the nonce."""
    names = _result_names(scope, call)
    for node in scope.nodes:
        if isinstance(node, ast.Call) and any(isinstance(a, ast.Name) and a.id in names for a in node.args):
            return True
        if isinstance(node, ast.Return) and isinstance(node.value, ast.Name) and node.value.id in names:
            return True
    return False


def _routing_only(scope: Scope, call: ast.Call) -> bool:
    """The unverified claims are only read for kid/iss/alg (to choose a key), never used otherwise."""
    for node in scope.nodes:
        if isinstance(node, ast.Subscript) and node.value is call:  # jwt.decode(...)["iss"]
            return const_str(node.slice) in _ROUTING_KEYS
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.value is call \
                and node.func.attr == "get":  # jwt.decode(...).get("iss")
            return bool(node.args) and const_str(node.args[0]) in _ROUTING_KEYS
    names = _result_names(scope, call)
    if not names:
        return False
    uses = 0
    for node in scope.nodes:
        if isinstance(node, ast.Subscript) and isinstance(node.value, ast.Name) and node.value.id in names:
            if const_str(node.slice) not in _ROUTING_KEYS:
                return False
            uses += 1
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "get" \
                and isinstance(node.func.value, ast.Name) and node.func.value.id in names:
            if not node.args or const_str(node.args[0]) not in _ROUTING_KEYS:
                return False
            uses += 1
    loads = sum(1 for node in scope.nodes if isinstance(node, ast.Name) and node.id in names
                and isinstance(node.ctx, ast.Load))
    return uses > 0 and uses == loads


_DECISION_ATTRS = frozenset({"is_staff", "is_superuser", "is_active", "session"})


def _hand_decoded(subject: ModuleSubject, scope: Scope, role: Role, has_decoder: bool) -> Iterator[Hit]:
    """`base64.urlsafe_b64decode(token.split(".")[1] ...)` read as claims and used to decide something."""
    if has_decoder:
        return
    payload_names: set[str] = set()
    for node in scope.nodes:
        if isinstance(node, ast.Assign) and _jwt_payload_slice(node.value):
            payload_names |= {t.id for t in node.targets if isinstance(t, ast.Name)}
    for call in scope.calls():
        tail = (dotted(call.func) or "").rsplit(".", 1)[-1]
        if tail not in {"b64decode", "urlsafe_b64decode"} or not call.args:
            continue
        arg = call.args[0]
        base = arg.left if isinstance(arg, ast.BinOp) else arg
        if not (_jwt_payload_slice(base) or isinstance(base, ast.Name) and base.id in payload_names):
            continue
        if not _decides(scope):
            continue
        yield Hit(subject.location(call), "a JWT payload is base64-decoded by hand and trusted: its signature is "
                  "never checked", severity=scaled(role, Severity.MEDIUM), confidence=Confidence.MEDIUM,
                  anchor=f"{scope.name}:hand-decoded")


def _jwt_payload_slice(node: ast.AST) -> bool:
    """`<x>.split(".")[1]`."""
    return isinstance(node, ast.Subscript) and isinstance(node.slice, ast.Constant) and node.slice.value == 1 \
        and isinstance(node.value, ast.Call) and isinstance(node.value.func, ast.Attribute) \
        and node.value.func.attr == "split" and bool(node.value.args) and const_str(node.value.args[0]) == "."


def _decides(scope: Scope) -> bool:
    for node in scope.nodes:
        if isinstance(node, ast.If):
            return True
        if isinstance(node, ast.Attribute) and node.attr in _DECISION_ATTRS and isinstance(node.ctx, ast.Store):
            return True
        if isinstance(node, ast.Call) and (dotted(node.func) or "").rsplit(".", 1)[-1] in {"login", "authenticate"}:
            return True
    return False


_SETTING_GETTERS = frozenset({"get_settings", "get_setting", "import_from_settings"})
_SETTING_NAME = re.compile(r"^[A-Z][A-Z0-9_]+$")


def _setting_flag(scope: Scope, test: ast.AST) -> str | None:
    """The setting an `if` test switches on (positively: `not FLAG` and comparisons do not count)."""
    if isinstance(test, ast.BoolOp) and isinstance(test.op, ast.And):
        for value in test.values:
            found = _setting_flag(scope, value)
            if found is not None:
                return found
        return None
    if isinstance(test, ast.Attribute) and _SETTING_NAME.match(test.attr):
        base = dotted(test.value)
        if base is not None and scope.module.is_settings(base):
            return f"settings.{test.attr}"
    if isinstance(test, ast.Call) and test.args:
        name = (dotted(test.func) or "").rsplit(".", 1)[-1]
        key = const_str(test.args[0]) if name in _SETTING_GETTERS else None
        if name == "getattr" and len(test.args) > 1 and scope.module.is_settings(dotted(test.args[0]) or ""):
            key = const_str(test.args[1])
        if key is not None and _SETTING_NAME.match(key):
            return key
    return None


def _setting_guard(scope: Scope, call: ast.Call) -> str | None:
    """The setting of an enclosing `if` whose body (not its else) holds the call."""
    for node in scope.of(ast.If):
        flag = _setting_flag(scope, node.test)  # type: ignore[attr-defined]
        if flag is None:
            continue
        for stmt in node.body:  # type: ignore[attr-defined]
            if any(sub is call for sub in ast.walk(stmt)):
                return flag
    return None


def _exclusive(scope: Scope, a: ast.AST, b: ast.AST) -> bool:
    """`a` and `b` sit in opposite branches of one `if`: never both run."""
    def holds(stmts: list[ast.stmt], node: ast.AST) -> bool:
        return any(sub is node for stmt in stmts for sub in ast.walk(stmt))

    for node in scope.of(ast.If):
        body, orelse = node.body, node.orelse  # type: ignore[attr-defined]
        if (holds(body, a) and holds(orelse, b)) or (holds(orelse, a) and holds(body, b)):
            return True
    return False
