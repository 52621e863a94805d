"""The code ("module") parts of settings rules owned elsewhere: OG101, OG122, OG130, OG160.

Each settings rule dispatches here for Python modules (`subject=("settings", "module")`), so its
id, docs and fixtures stay in one place while this file holds the AST matching.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator

from ..findings import Confidence, Severity
from ..rules import Hit
from ..shapes import is_secret_candidate
from .context import ModuleSubject
from .dataflow import ModuleIndex, Scope, code_role, const_str, dotted, keyword, module_index, scaled
from .project import Role

# ------------------------------------------------------------------------------------------ OG101

# Calls that register a client with its secret. authlib: `oauth.register(name, client_secret=...)`,
# `OAuth2Session(client_id, client_secret=...)`; requests-oauthlib `fetch_token(client_secret=...)`;
# django-oauth-toolkit `Application.objects.create(client_secret=...)`; allauth
# `SocialApp.objects.create(secret=...)`.
_ALLAUTH_SECRET_CALL = re.compile(r"SocialApp\b.*\.(create|get_or_create|update_or_create)$|^SocialApp$")


def og101_code(subject: ModuleSubject) -> Iterator[Hit]:
    source = subject.source
    if "secret" not in source.text:
        return
    role = code_role(source.rel, subject.project)
    index = module_index(source)
    if role is None or index is None:
        return
    for scope in index.scopes:
        for call in scope.calls():
            for kw in call.keywords:
                if kw.arg == "client_secret" or (kw.arg == "secret" and _ALLAUTH_SECRET_CALL.search(
                        dotted(call.func) or "")):
                    yield from _literal_client_secret(subject, call, kw.value, role)
                elif kw.arg == "defaults" and isinstance(kw.value, ast.Dict):
                    for k, v in zip(kw.value.keys, kw.value.values, strict=True):
                        if const_str(k) == "client_secret":
                            yield from _literal_client_secret(subject, call, v, role)


def _literal_client_secret(subject: ModuleSubject, call: ast.Call, value: ast.expr, role: Role) -> Iterator[Hit]:
    text = const_str(value)
    if text is None or not is_secret_candidate(text):
        return
    what = dotted(call.func) or "this call"
    yield Hit(subject.location(value), f"{what}() is given a hard-coded client secret; read it from the environment "
              "and rotate it", secret=text, severity=Severity.HIGH if role is Role.PRODUCTION else Severity.LOW,
              secret_kind="client secret")


# ------------------------------------------------------------------------------------------ OG122

_PICKLE_LOADS = frozenset({"pickle.loads", "pickle.load", "cPickle.loads", "_pickle.loads", "dill.loads",
                           "jsonpickle.decode", "shelve.open", "marshal.loads"})
_UNSAFE_YAML_LOADERS = frozenset({"Loader", "UnsafeLoader", "FullLoader", "CLoader", "CUnsafeLoader", "CFullLoader"})
# Parameter names that say the bytes came from the client (OAuth state, a cookie); `data` or `payload`
# alone say nothing (Django's own Redis cache unpickles `data` it wrote itself).
_STATE_NAME = re.compile(r"(^|_)(state|cookie|cookies)($|_)", re.I)


def og122_code(subject: ModuleSubject) -> Iterator[Hit]:
    source = subject.source
    text = source.text
    if "pickle" not in text and "yaml" not in text and "Pickle" not in text and "marshal" not in text:
        return
    if not any(w in text for w in ("request", "COOKIES", "cookie", "state", "serializer", "Serializer")):
        return  # no request data, cookie or state in this module
    role = code_role(source.rel, subject.project)
    index = module_index(source)
    if role is None or index is None:
        return
    # `loads` of a class named like a (session/signing) serializer: Django hands it whatever the
    # session store or a signed cookie holds.
    serializer_loads = {id(item) for cls in index.scopes[0].nodes if isinstance(cls, ast.ClassDef)
                        and _session_serializer(index, cls) for item in cls.body
                        if isinstance(item, ast.FunctionDef) and item.name == "loads"}
    for scope in index.scopes:
        for call in scope.calls():
            qual = index.qualname(call.func) or ""
            func = call.func.attr if isinstance(call.func, ast.Attribute) else qual
            serializer = keyword(call, "serializer")
            if func in {"loads", "unsign_object"} and serializer is not None and "ickle" in (dotted(serializer) or ""):
                # django.core.signing.loads(..., serializer=PickleSerializer): a signature is all that
                # stands between a leaked SECRET_KEY and code execution (Django removed it in 5.0).
                yield Hit(subject.location(call), f"{func}() unpickles signed data from the client: a leaked "
                          "SECRET_KEY becomes remote code execution", severity=scaled(role, Severity.HIGH),
                          anchor="signing-pickle")
                continue
            unsafe = qual in _PICKLE_LOADS or qual == "yaml.unsafe_load" or (qual == "yaml.load" and _unsafe_yaml(call))
            if not unsafe or not call.args:
                continue
            taint = scope.taint(call.args[0])
            data = call.args[0]
            name = dotted(data) or ""
            if id(scope.node) in serializer_loads:
                yield Hit(subject.location(call), f"{qual}() in a serializer's loads(): session or signed-cookie data "
                          "is unpickled, so a leaked SECRET_KEY becomes remote code execution",
                          severity=scaled(role, Severity.HIGH), anchor=f"{qual}:serializer")
            elif taint is not None and (taint.user or taint.kind == "token"):
                yield Hit(subject.location(call), f"{qual}() on {taint.label}: request data is deserialized with a "
                          "format that runs code", severity=scaled(role, Severity.CRITICAL), anchor=f"{qual}:request")
            elif name and _STATE_NAME.search(name.rsplit(".", 1)[-1]) and _from_outside(scope, name):
                yield Hit(subject.location(call), f"{qual}() on {name}: state or cookie data is deserialized with a "
                          "format that runs code", severity=scaled(role, Severity.HIGH),
                          confidence=Confidence.MEDIUM, anchor=f"{qual}:{name}")


def _session_serializer(index: ModuleIndex, cls: ast.ClassDef) -> bool:
    """A class Django would use for sessions or signing (SESSION_SERIALIZER, signing.dumps/loads):
    named so, or derived from django.core.signing / django.contrib.sessions serializers. Not any
    `*Serializer` (Django's own RedisSerializer unpickles what the cache wrote)."""
    if not cls.name.endswith("Serializer"):
        return False
    if re.search(r"Session|Cookie|Sign", cls.name):
        return True
    bases = [index.qualname(b) or "" for b in cls.bases]
    return any(b.startswith(("django.core.signing", "django.contrib.sessions")) for b in bases)


def _unsafe_yaml(call: ast.Call) -> bool:
    loader = keyword(call, "Loader") or (call.args[1] if len(call.args) > 1 else None)
    if loader is None:
        return True  # PyYAML < 6 defaulted to the full (unsafe) loader; >= 6 requires Loader
    return (dotted(loader) or "").rsplit(".", 1)[-1] in _UNSAFE_YAML_LOADERS


def _from_outside(scope: Scope, name: str) -> bool:
    """The name is a parameter of the function (state/cookie handed in), not built locally."""
    node = scope.node
    if not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
        return False
    params = {a.arg for a in [*node.args.posonlyargs, *node.args.args, *node.args.kwonlyargs]}
    return name.split(".")[0] in params and name.split(".")[0] not in {"self", "cls"}


# ------------------------------------------------------------------------------------------ OG130

# Callables that take `verify=` as a TLS switch: requests (functions, Session, Session.request),
# httpx (functions, Client, AsyncClient), requests-oauthlib/authlib sessions and their fetch_token.
_VERIFY_EXCLUDE = re.compile(r"jwt|jose|decode|signature|signing|hmac|verify_", re.I)


def og130_code(subject: ModuleSubject) -> Iterator[Hit]:
    source = subject.source
    text = source.text
    if "verify" not in text and "CERT_NONE" not in text and "_create_unverified_context" not in text \
            and "disable_warnings" not in text and "check_hostname" not in text:
        return
    role = code_role(source.rel, subject.project)
    index = module_index(source)
    if role is None or index is None:
        return

    def sev(base: Severity) -> Severity:
        return scaled(role, base)

    for scope in index.scopes:
        for node in scope.of(ast.Call, ast.Assign, ast.keyword):
            if isinstance(node, ast.Call):
                qual = index.qualname(node.func) or ""
                tail = qual.rsplit(".", 1)[-1]
                verify = keyword(node, "verify")
                label = qual or ast.unparse(node.func)[:60]
                if verify is not None and _is_false(verify) and not _VERIFY_EXCLUDE.search(qual):
                    yield Hit(subject.location(node), f"{label}(verify=False): the server's certificate "
                              "is not checked, so tokens and secrets can be read or forged in transit",
                              severity=sev(Severity.HIGH), anchor=f"verify:{qual}")
                ssl_verify = keyword(node, "verify_ssl")
                if ssl_verify is not None and _is_false(ssl_verify):
                    # pyoidc: Client(verify_ssl=False) turns off certificate checks for every OP call.
                    yield Hit(subject.location(node), f"{label}(verify_ssl=False): provider calls "
                              "accept any certificate", severity=sev(Severity.HIGH), anchor=f"verify_ssl:{qual}")
                if tail == "_create_unverified_context" or qual == "ssl._create_unverified_context":
                    yield Hit(subject.location(node), "ssl._create_unverified_context(): certificates and host names "
                              "are not checked", severity=sev(Severity.HIGH), anchor="unverified-context")
                elif tail == "disable_warnings" and ("urllib3" in qual or "requests" in qual):
                    yield Hit(subject.location(node), "urllib3.disable_warnings(): InsecureRequestWarning is silenced, "
                              "hiding requests made without certificate checks", severity=sev(Severity.LOW),
                              anchor="disable-warnings")
            elif isinstance(node, ast.Assign):
                for target in node.targets:
                    if isinstance(target, ast.Attribute) and target.attr == "verify" and _is_false(node.value):
                        yield Hit(subject.location(node), f"{dotted(target) or 'session.verify'} = False: every "
                                  "request of this session skips certificate checks", severity=sev(Severity.HIGH),
                                  anchor="session.verify")
                    elif isinstance(target, ast.Attribute) and target.attr == "verify_mode" and \
                            (dotted(node.value) or "").endswith("CERT_NONE"):
                        yield Hit(subject.location(node), "verify_mode = CERT_NONE: certificates are not checked",
                                  severity=sev(Severity.HIGH), anchor="cert-none")
                    elif isinstance(target, ast.Attribute) and target.attr == "check_hostname" and \
                            _is_false(node.value):
                        yield Hit(subject.location(node), "check_hostname = False: any valid certificate for any host "
                                  "is accepted", severity=sev(Severity.MEDIUM), anchor="check-hostname")
            elif isinstance(node, ast.keyword) and node.arg in {"cert_reqs", "verify_mode"} and \
                    (dotted(node.value) or "").endswith("CERT_NONE"):
                yield Hit(subject.location(node.value), f"{node.arg}=CERT_NONE: certificates are not checked",
                          severity=sev(Severity.HIGH), anchor="cert-none")


def _is_false(node: ast.AST) -> bool:
    return isinstance(node, ast.Constant) and (node.value is False or type(node.value) is int and node.value == 0)


# ------------------------------------------------------------------------------------------ OG160


def og160_code(subject: ModuleSubject) -> Iterator[Hit]:
    """django-oauth-toolkit applications with HS256 ID tokens: the client secret is the signing key."""
    source = subject.source
    if "hash_client_secret" not in source.text or "HS" not in source.text:
        return
    role = code_role(source.rel, subject.project)
    index = module_index(source)
    if role is None or index is None:
        return
    for scope in index.scopes:
        for call in scope.calls():
            algorithm = keyword(call, "algorithm")
            hashed = keyword(call, "hash_client_secret")
            algo = const_str(algorithm)
            if algorithm is None or hashed is None or algo is None or not algo.upper().startswith("HS"):
                continue
            if _is_false(hashed):
                yield Hit(subject.location(algorithm), f"application with algorithm={algo!r}: its client secret is "
                          "also the ID-token signing key, so whoever holds the secret can mint ID tokens for it "
                          "(prefer RS256)", severity=scaled(role, Severity.LOW), anchor=f"dot-hs256:{algo}")


__all__ = ["og101_code", "og122_code", "og130_code", "og160_code"]
