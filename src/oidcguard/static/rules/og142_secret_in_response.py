"""OG142: configured secrets sent to the client, and client secrets kept readable in the admin."""

from __future__ import annotations

import ast
import json
import re
from collections.abc import Iterator

from ...findings import Category, Confidence, Location, Severity
from ...rules import Hit, rule
from ..context import ModuleSubject
from ..dataflow import Scope, Taint, code_role, const_str, dotted, keyword, module_index, scaled, secret_setting
from ..project import Role

# Response constructors and template renderers, with the position of the body/context argument.
_RESPONSES = {"HttpResponse": 0, "JsonResponse": 0, "StreamingHttpResponse": 0, "Response": 0,
              "HttpResponseBadRequest": 0, "HttpResponseForbidden": 0, "HttpResponseServerError": 0,
              "render": 2, "render_to_response": 1, "TemplateResponse": 2, "render_to_string": 1}
# Values a reviewer would call "configured secrets": a client secret or key by name, a setting or
# environment variable holding a secret, or the settings object itself.
_CONFIGURED = re.compile(r"client_?secret|secret_?key|private_?key|api_?key|signing_?key|every setting", re.I)
# What a configured secret looks like in the text (settings names, client secrets, the environment).
_SECRET_WORDS = ("secret", "passw", "token", "api_key", "apikey", "private_key", "privatekey", "signing_key",
                 "credential", "dsn", "environ", "__dict__", "vars(", "getattr(")
_SETTINGS_VALUE = re.compile(r"[:=(,]\s*settings\s*[,})]")
_HINTS = ("Response(", "render(", "render_to_response(", "render_to_string(", "get_context_data",
          "hash_client_secret")


@rule(
    id="OG142",
    name="secret-in-response",
    title="Secret sent to the client or shown in plaintext",
    category=Category.SECRET_IN_RESPONSE,
    severity=Severity.HIGH,
    confidence=Confidence.HIGH,
    cwe=(200, 312),
    remediation="Never put settings secrets or client secrets in responses or template contexts; keep "
    "django-oauth-toolkit's hash_client_secret=True unless the application signs ID tokens with HS256.",
    subject=("module", "file"),
)
def secret_in_response(subject: ModuleSubject) -> Iterator[Hit]:
    """
    ## What it does
    Flags configured secrets that reach the client: templates rendering `{{ settings.<SECRET> }}` or
    a token (`{{ request.session.oidc_access_token }}`, `{{ tokens.refresh_token }}`);
    `settings.<SECRET>`, `os.environ[...]` secrets, values named like client secrets or keys,
    `vars(settings)`, or the `settings` object itself, passed to `HttpResponse`/`JsonResponse`/DRF
    `Response`, to `render()`/ `TemplateResponse` contexts, or returned by a context processor
    (every template then sees them). Admin classes listing `client_secret` in `list_display`,
    `readonly_fields` or `fields` (medium where secrets are stored unhashed, low otherwise). Also
    flags django-oauth-toolkit applications stored with
    `hash_client_secret=False` (in code, migrations and JSON fixtures) when their ID tokens are not
    HS256: the secret is then readable in the admin and in every database dump.

    ## Why is this bad?
    A page or API response is cached, logged and read by browsers and extensions; a client secret
    there lets anyone act as the application. DOT stores hashed client secrets by default since
    2.0.0 precisely because plaintext secrets in the database leaked through the admin and dumps
    (DOT issues #276, #729).

    ## Example
        return JsonResponse({"client_secret": app.client_secret})            # OG142
        Application.objects.create(..., hash_client_secret=False, algorithm="RS256")   # OG142

    ## Use instead
        return JsonResponse({"client_id": app.client_id})

    ## Known false positives
    Access tokens returned by a token or BFF endpoint are not reported (that is the endpoint's
    job). django-oauth-toolkit's own templates (`templates/oauth2_provider/`, vendored or
    overridden) rendering `application.client_secret` are the library's owner-only UI: low.
    HS256 applications need the plaintext secret as their signing key: they are reported under
    OG160 instead.

    ## References
    - django-oauth-toolkit CHANGELOG 2.0.0 (#1093), 2.4.0 (#1311); issues #276, #729
    - CWE-200: Exposure of Sensitive Information; CWE-312: Cleartext Storage
    """
    source = subject.source
    if source.tree is None:
        if source.rel.endswith((".html", ".htm", ".txt", ".jinja", ".jinja2", ".j2")):
            yield from _template(subject)
        else:
            yield from _fixture(subject)
        return
    processors = "context_processors" in source.rel
    text = source.text
    if "client_secret" in text and "ModelAdmin" in text:
        yield from _admin(subject)
    if not processors and not any(h in text for h in _HINTS):
        return
    low = text.lower()
    if not any(w in low for w in _SECRET_WORDS) and not _SETTINGS_VALUE.search(text):
        return  # no configured secret (nor the settings object) can reach a response here
    role = code_role(source.rel, subject.project)
    index = module_index(source)
    if role is None or index is None:
        return
    for scope in index.scopes:
        for node in scope.of(ast.Call, ast.Return):
            if isinstance(node, ast.Call):
                yield from _dot_plaintext(subject, node, role)
                name = (dotted(node.func) or "").rsplit(".", 1)[-1]
                position = _RESPONSES.get(name)
                if position is None:
                    continue
                arg = node.args[position] if len(node.args) > position else \
                    keyword(node, "context") or keyword(node, "data") or keyword(node, "content")
                if arg is not None:
                    yield from _leaks(subject, scope, arg, role, f"{name}()")
            elif isinstance(node, ast.Return) and node.value is not None and (
                    processors or scope.name == "get_context_data"):
                yield from _leaks(subject, scope, node.value, role,
                                  "this context processor" if processors else "get_context_data()")


# ModelAdmin options that put a field's stored value on admin pages.
_ADMIN_SHOWS = frozenset({"list_display", "readonly_fields", "fields", "list_display_links"})


def _admin(subject: ModuleSubject) -> Iterator[Hit]:
    """An admin class listing `client_secret` in list_display/readonly_fields/fields: every staff
    user with view rights sees it. Medium where secrets are stored in plaintext (DOT < 2.0, or
    `hash_client_secret=False` somewhere in the project), low otherwise (the page shows a hash)."""
    tree = subject.source.tree
    role = code_role(subject.source.rel, subject.project)
    if tree is None or role is None:
        return
    dot = subject.project.version_of("django-oauth-toolkit")
    plaintext = (dot is not None and dot < (2, 0)) or any(
        "hash_client_secret" in f.text and _HASH_FALSE_ANY.search(f.text) for f in subject.project.files.values())
    for node in ast.walk(tree):
        if not (isinstance(node, ast.ClassDef) and any("Admin" in (dotted(b) or "") for b in node.bases)):
            continue
        for stmt in node.body:
            if not (isinstance(stmt, ast.Assign) and isinstance(stmt.value, ast.List | ast.Tuple)):
                continue
            if not any(isinstance(t, ast.Name) and t.id in _ADMIN_SHOWS for t in stmt.targets):
                continue
            for element in stmt.value.elts:
                if isinstance(element, ast.Constant) and element.value == "client_secret":
                    severity = Severity.MEDIUM if plaintext else Severity.LOW
                    yield Hit(subject.location(element), f"{node.name} shows client_secret on admin pages"
                              + (": the secrets are stored in plaintext" if plaintext else
                                 " (a hash unless an application sets hash_client_secret=False)"),
                              severity=scaled(role, severity), anchor=f"admin:{node.name}")


_HASH_FALSE_ANY = re.compile(r"""hash_client_secret["']?\s*[=:]\s*(False|false)""")


def _configured(taint: Taint | None) -> bool:
    return taint is not None and taint.secret and (taint.kind == "setting" or bool(_CONFIGURED.search(taint.label)))


def _leaks(subject: ModuleSubject, scope: Scope, arg: ast.AST, role: Role, sink: str) -> Iterator[Hit]:
    """Point at the offending dict entry when the body is a dict literal, else at the argument."""
    if isinstance(arg, ast.Dict):
        for key, value in zip(arg.keys, arg.values, strict=True):
            if isinstance(value, ast.Name) and value.id == "settings" and scope.module.is_settings("settings"):
                yield Hit(subject.location(value), f"{sink} exposes the whole settings object (every secret in it)",
                          severity=scaled(role, Severity.HIGH), anchor=f"{sink}:settings")
                continue
            taint = scope.taint(value)
            if taint is None and const_str(key) in {"client_secret", "secret"} and not isinstance(value, ast.Constant):
                taint = Taint("a client secret", secret=True, confidence=Confidence.MEDIUM, kind="name")
            if _configured(taint):
                assert taint is not None
                yield Hit(subject.location(value), f"{sink} sends {taint.label} to the client",
                          severity=scaled(role, Severity.HIGH), confidence=taint.confidence,
                          anchor=f"{sink}:{taint.label}")
        return
    taint = scope.taint(arg)
    if _configured(taint):
        assert taint is not None
        yield Hit(subject.location(arg), f"{sink} sends {taint.label} to the client",
                  severity=scaled(role, Severity.HIGH), confidence=taint.confidence, anchor=f"{sink}:{taint.label}")


def _dot_plaintext(subject: ModuleSubject, call: ast.Call, role: Role) -> Iterator[Hit]:
    hashed = keyword(call, "hash_client_secret")
    if hashed is None or not (isinstance(hashed, ast.Constant) and hashed.value is False):
        return
    algo = const_str(keyword(call, "algorithm")) or ""
    if algo.upper().startswith("HS"):
        return  # HS256 needs the plaintext secret as its key: OG160 reports it
    yield Hit(subject.location(hashed), "hash_client_secret=False" + (f" for an {algo} application" if algo else "")
              + ": the client secret is stored in plaintext, readable in the admin and in database dumps",
              severity=scaled(role, Severity.MEDIUM), anchor="dot-plaintext")


_HASH_FALSE = re.compile(r'"hash_client_secret"\s*:\s*false')


def _fixture(subject: ModuleSubject) -> Iterator[Hit]:
    """Fixtures (`manage.py loaddata`) with oauth2_provider.application rows stored unhashed."""
    source = subject.source
    if "hash_client_secret" not in source.text:
        return
    role = code_role(source.rel, subject.project)
    if role is None:
        return
    if source.rel.endswith((".yaml", ".yml")):
        yield from _yaml_fixture(subject, role)
        return
    if not source.rel.endswith(".json"):
        return
    try:
        rows = json.loads(source.text)
    except ValueError:
        return
    if not isinstance(rows, list):
        return
    flagged = [
        isinstance(r, dict) and isinstance(r.get("fields"), dict) and r["fields"].get("hash_client_secret") is False
        and not str(r["fields"].get("algorithm") or "").upper().startswith("HS")
        for r in rows if isinstance(r, dict) and isinstance(r.get("fields"), dict)
        and "hash_client_secret" in r["fields"]
    ]
    # The n-th `"hash_client_secret": ...` key in the text belongs to the n-th row that has one.
    keys = [i for i, line in enumerate(source.lines, 1) if '"hash_client_secret"' in line]
    for line, bad in zip(keys, flagged, strict=False):
        if bad and _HASH_FALSE.search(source.lines[line - 1]):
            yield _fixture_hit(source.rel, line, role)


def _fixture_hit(rel: str, line: int, role: Role) -> Hit:
    return Hit(Location(path=rel, line=line, column=1), "fixture row with hash_client_secret false: the client secret "
               "is stored in plaintext, readable in the admin and in database dumps",
               severity=scaled(role, Severity.MEDIUM), anchor=f"dot-plaintext-fixture:{line}")


_YAML_ROW = re.compile(r"^-\s")
_YAML_FALSE = re.compile(r"^\s*hash_client_secret:\s*(false|False|no|off)\s*(#.*)?$")
_YAML_ALGO = re.compile(r"^\s*algorithm:\s*['\"]?(\w*)")


def _yaml_fixture(subject: ModuleSubject, role: Role) -> Iterator[Hit]:
    """Row by row (`- model: ...` starts a row), without a YAML parser: only two keys matter."""
    lines = subject.source.lines
    starts = [i for i, line in enumerate(lines) if _YAML_ROW.match(line)] + [len(lines)]
    for begin, end in zip(starts, starts[1:], strict=False):
        row = lines[begin:end]
        falses = [begin + i + 1 for i, line in enumerate(row) if _YAML_FALSE.match(line)]
        algos = [m.group(1) for line in row if (m := _YAML_ALGO.match(line))]
        if falses and not (algos and algos[0].upper().startswith("HS")):
            yield _fixture_hit(subject.source.rel, falses[0], role)


# `{{ settings.X }}`, `{{ request.session.oidc_access_token }}`, `{{ tokens.refresh_token|safe }}`.
_VARIABLE = re.compile(r"\{\{\s*([A-Za-z_][\w.]*)\s*(?:\|[^}]*)?\}\}")
# Template variables whose last part is a credential (csrf_token is Django's own per-form token: fine).
_TEMPLATE_SECRET = re.compile(r"^(access_token|id_token|refresh_token|client_secret|secret_key|api_key|private_key|"
                              r"oidc_access_token|oidc_id_token|oidc_refresh_token|bearer_token|auth_token)$", re.I)


def _template(subject: ModuleSubject) -> Iterator[Hit]:
    """Django/Jinja templates rendering a configured secret or a token into the page."""
    source = subject.source
    text = source.text
    if "{{" not in text:
        return
    low = text.lower()
    if not any(w in low for w in ("settings.", "token", "secret", "_key")):
        return
    role = code_role(source.rel, subject.project)
    if role is None:
        return
    dot_ui = "templates/oauth2_provider/" in f"/{source.rel}"
    for n, line in enumerate(source.lines, 1):
        if "{{" not in line:
            continue
        for m in _VARIABLE.finditer(line):
            path = m.group(1)
            last = path.rsplit(".", 1)[-1]
            if path.startswith("settings.") and secret_setting(last):
                what = f"the setting {last}"
            elif _TEMPLATE_SECRET.match(last):
                what = f"{path} (a credential)"
            else:
                continue
            # A configured secret or a session token is high; a model field named like a secret (DOT's
            # own application page shows its owner the client secret) is medium.
            known = path.startswith(("settings.", "request.session."))
            if not known and dot_ui:
                # DOT's own application pages (vendored, or overridden at the same path): shown to the
                # application's owner behind login, a hash since DOT 2.0's hashed secrets.
                yield Hit(Location(path=source.rel, line=n, column=m.start() + 1), f"django-oauth-toolkit's "
                          f"application page renders {path} to the application's owner (a hash when "
                          "hash_client_secret is on)", severity=Severity.LOW if role is Role.PRODUCTION
                          else Severity.INFO, confidence=Confidence.LOW, anchor=f"template:{path}")
                continue
            yield Hit(Location(path=source.rel, line=n, column=m.start() + 1), f"the template renders {what} into "
                      "the page: browsers, caches and page scripts receive it",
                      severity=scaled(role, Severity.HIGH if known else Severity.MEDIUM),
                      confidence=Confidence.HIGH if known else Confidence.MEDIUM, anchor=f"template:{path}")
