"""OG140: OIDC/OAuth/HTTP-client loggers at DEBUG in production."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from dataclasses import dataclass

from ...findings import Category, Confidence, Severity
from ...rules import Hit, rule
from ..context import ModuleSubject, SettingsContext
from ..helpers import level_name
from ..project import Role
from ..values import Value


@dataclass(frozen=True, slots=True)
class Writes:
    severity: Severity
    what: str


# What each library writes at DEBUG, and how bad that is. Sources:
# - oauthlib grant handlers log every issued token ("Issuing token %r to client id %r"),
#   oauthlib issues #256, #345, #665; django-oauth-toolkit issue #1348.
# - django-oauth-toolkit < 3.4.0 logs the rejected client secret (CHANGELOG 3.4.0, #1735).
# - requests-oauthlib logs the token it adds and the token request headers (issue #536).
# - urllib3 logs each request line with its query string ("GET /cb?code=... HTTP/1.1").
# - httpx logs request URLs at INFO/DEBUG; httpcore logs connection events, not values.
# - mozilla-django-oidc logs failures and flow steps, no token values.
_LIBRARIES: dict[str, Writes] = {
    "oauthlib": Writes(Severity.MEDIUM, "issued access and refresh tokens"),
    "oauth2_provider": Writes(Severity.INFO, "request handling (client ids only since 3.4.0)"),
    "requests_oauthlib": Writes(Severity.MEDIUM, "the bearer token it adds and token-request headers with Basic "
                                                 "client credentials"),
    "urllib3": Writes(Severity.LOW, "every request line, query strings (codes, tokens) included"),
    "requests": Writes(Severity.LOW, "request lines through urllib3"),
    "httpx": Writes(Severity.LOW, "request URLs with their query strings"),
    "httpcore": Writes(Severity.INFO, "connection events"),
    "authlib": Writes(Severity.LOW, "token validation steps"),
    "social_core": Writes(Severity.INFO, "pipeline steps"),
    "allauth": Writes(Severity.INFO, "flow steps"),
    "mozilla_django_oidc": Writes(Severity.INFO, "flow steps, no token values"),
}
_DOT_LEAKY = Writes(Severity.MEDIUM, "rejected client secrets (django-oauth-toolkit < 3.4.0)")
# Libraries pulled in by each OIDC library: they log whether or not the project names them.
_DEPENDS = {
    "oauth2_provider": ("oauthlib",),
    "requests_oauthlib": ("oauthlib", "requests", "urllib3"),
    "social_django": ("social_core", "oauthlib", "requests", "urllib3"),
    "social_core": ("oauthlib", "requests", "urllib3"),
    "mozilla_django_oidc": ("requests", "urllib3"),
    "allauth": ("requests", "urllib3"),
    "authlib": ("httpx", "requests"),
}
_QUIET = frozenset({"INFO", "WARNING", "WARN", "ERROR", "CRITICAL", "FATAL"})
_LOUD = frozenset({"DEBUG", "NOTSET"})


@rule(
    id="OG140",
    name="verbose-oidc-logging",
    title="OIDC/HTTP-client logging at DEBUG",
    category=Category.VERBOSE_LOGGING,
    severity=Severity.MEDIUM,
    confidence=Confidence.HIGH,
    cwe=(532,),
    remediation="Keep oauthlib, oauth2_provider, requests_oauthlib, urllib3 and the root logger at INFO or above in "
    "production, and add oidcguard.logging.RedactingFilter to the handlers.",
    subject=("settings", "module"),
)
def verbose_logging(subject: SettingsContext | ModuleSubject) -> Iterator[Hit]:
    """
    ## What it does
    Flags `LOGGING` entries that set OIDC/OAuth/HTTP-client loggers to DEBUG in production —
    or the root logger, which every logger left unset inherits — and, in code,
    `logging.getLogger("<library>").setLevel(logging.DEBUG)` and
    `http.client.HTTPConnection.debuglevel = 1`.

    Severity follows what each library writes at DEBUG:

    | logger | writes at DEBUG | severity |
    |---|---|---|
    | `oauthlib` | issued access and refresh tokens (oauthlib #256, #345, #665; DOT #1348) | medium |
    | `oauth2_provider` < 3.4.0 | rejected client secrets (DOT CHANGELOG 3.4.0, #1735) | medium |
    | `oauth2_provider` >= 3.4.0 | client ids only | info |
    | `requests_oauthlib` | the bearer token and Basic client credentials (issue #536) | medium |
    | `urllib3`, `requests` | request lines with query strings (`?code=`, `?access_token=`) | low |
    | `httpx` | request URLs | low |
    | `authlib` | token validation steps | low |
    | `mozilla_django_oidc`, `allauth`, `social_core`, `httpcore` | no token values | info |
    | `http.client` debuglevel | raw request lines and headers, to stdout | medium |

    ## Why is this bad?
    Log files and aggregators are read by many more people than production secrets are; a token
    or client secret in them is a leaked credential.

    ## Example
        LOGGING = {"version": 1, "root": {"handlers": ["console"], "level": "DEBUG"}}   # OG140

    ## Use instead
        "loggers": {"oauthlib": {"level": "INFO"}, "urllib3": {"level": "INFO"}}

    ## Known false positives
    A logger whose handlers all drop DEBUG (handler `level` INFO or above) is not reported.
    Development and test settings are reported at info.

    ## References
    - CWE-532: Insertion of Sensitive Information into Log File
    """
    if isinstance(subject, SettingsContext):
        yield from _settings(subject)
    else:
        yield from _code(subject)


def _writes(ctx_libraries: set[str], versions: dict, library: str) -> Writes:
    if library == "oauth2_provider":
        version = versions.get("django-oauth-toolkit")
        if version is not None and version < (3, 4):
            return _DOT_LEAKY
    return _LIBRARIES[library]


def _library_of(logger: str) -> str | None:
    for library in _LIBRARIES:
        if logger == library or logger.startswith(library + "."):
            return library
    return None


def _settings(ctx: SettingsContext) -> Iterator[Hit]:
    logging_ = ctx.get("LOGGING")
    if logging_ is None or not isinstance(logging_.items, dict):
        return
    handlers = logging_.get("handlers")
    loggers = logging_.get("loggers")
    root = logging_.get("root") or (loggers.get("") if loggers else None)

    def quiet_handlers(names: Value | None) -> bool:
        """True when every named handler drops DEBUG records."""
        listed = [h.effective for h in names.elements()] if names is not None else []
        if not listed or handlers is None:
            return False
        for name in listed:
            handler = handlers.get(name)
            level = level_name(handler.get("level")) if handler is not None else None
            if level not in _QUIET:
                return False
        return True


    root_level_value = root.get("level") if root is not None else None
    root_loud = level_name(root_level_value) == "DEBUG" and not quiet_handlers(root.get("handlers") if root else None)
    configured: dict[str, Value] = {}
    for name, entry in loggers.entries() if loggers else ():
        if not isinstance(name, str) or name == "":
            continue
        library = _library_of(name)
        level_value = entry.get("level")
        level = level_name(level_value)
        if library is not None and level is not None and level not in _LOUD:
            configured[library] = entry
        if library is None or level != "DEBUG" or level_value is None:
            continue
        own = quiet_handlers(entry.get("handlers"))
        propagates = entry.get("propagate") is None or entry.get("propagate").truthy() is not False
        if own and (not propagates or not root_loud and quiet_handlers(root.get("handlers") if root else None)):
            continue
        configured[library] = entry
        writes = _writes(ctx.libraries, ctx.versions, library)
        yield Hit(ctx.location(level_value), f"logger {name!r} at DEBUG writes {writes.what}",
                  severity=ctx.severity(writes.severity), anchor=name)
    if root_loud and root_level_value is not None:
        in_use: set[str] = set()
        for library in ctx.libraries:
            if library in _LIBRARIES:
                in_use.add(library)
            in_use.update(_DEPENDS.get(library, ()))
        inheriting = sorted(lib for lib in in_use if lib not in configured)
        worst = max((_writes(ctx.libraries, ctx.versions, lib) for lib in inheriting),
                    key=lambda w: w.severity, default=None)
        if worst is not None and worst.severity > Severity.LOW:
            message = (f"root logger at DEBUG, inherited by {', '.join(inheriting)}: "
                       f"writes {worst.what}")
            severity = worst.severity
        else:
            message = "root logger at DEBUG in production: every library logger left unset writes debug output"
            severity = Severity.LOW
        yield Hit(ctx.location(root_level_value), message, severity=ctx.severity(severity), anchor="root")


_CODE_HINTS = ("debuglevel", "setLevel", "basicConfig")


def _code(subject: ModuleSubject) -> Iterator[Hit]:
    source = subject.source
    if not any(h in source.text for h in _CODE_HINTS) or source.tree is None:
        return
    role = subject.project.role_of(source.rel)
    if role is Role.TEST or "/tests/" in f"/{source.rel}" or source.rel.split("/")[-1].startswith("test_"):
        return

    def sev(base: Severity) -> Severity:
        return base if role is Role.PRODUCTION else Severity.INFO

    for node in ast.walk(source.tree):
        if isinstance(node, ast.Assign) and any(
            isinstance(t, ast.Attribute) and t.attr == "debuglevel" and "HTTPConnection" in ast.unparse(t.value)
            for t in node.targets
        ):
            if isinstance(node.value, ast.Constant) and node.value.value:
                yield Hit(subject.location(node), "http.client debuglevel on: raw request lines and headers "
                          "(Authorization included) are printed to stdout", severity=sev(Severity.MEDIUM),
                          anchor="debuglevel")
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "setLevel":
            target = node.func.value
            if not (isinstance(target, ast.Call) and isinstance(target.func, ast.Attribute)
                    and target.func.attr == "getLogger" and target.args
                    and isinstance(target.args[0], ast.Constant) and isinstance(target.args[0].value, str)):
                continue
            library = _library_of(target.args[0].value)
            if library is None or not node.args or not _is_debug(node.args[0]):
                continue
            writes = _writes(subject.project.libraries, {p: pin.version for p, pin in subject.project.pins.items()},
                             library)
            yield Hit(subject.location(node), f"logger {target.args[0].value!r} set to DEBUG in code writes "
                      f"{writes.what}", severity=sev(max(writes.severity, Severity.LOW)), anchor=target.args[0].value)


def _is_debug(node: ast.expr) -> bool:
    if isinstance(node, ast.Constant):
        return node.value in ("DEBUG", 10)
    return isinstance(node, ast.Attribute) and node.attr == "DEBUG"
