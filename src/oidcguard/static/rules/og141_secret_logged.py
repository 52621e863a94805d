"""OG141: tokens, codes, client secrets and credential-bearing request data written to logs or stdout."""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator

from ...findings import Category, Confidence, Severity
from ...rules import Hit, rule
from ..context import ModuleSubject
from ..dataflow import Taint, code_role, dotted, merge, module_index, scaled

_LOG_METHODS = frozenset({"debug", "info", "warning", "warn", "error", "exception", "critical", "fatal", "log"})
# A receiver that is a logger: log, logger, _LOGGER, self.logger, logging, structlog's log...
_LOGGER_NAME = re.compile(r"^_*(log|logger|logging|structlog|audit_log)$|_(log|logger)$|^(log|logger)_", re.I)
# A logging or print call must be in the text before any walk (substring tests: cheap).
_CALL_HINTS = (".debug(", ".info(", ".warning(", ".warn(", ".error(", ".exception(", ".critical(", ".fatal(",
               ".log(", "print(")
# Something that can carry a credential must be named in the text too (the data-flow sources).
_SOURCE_WORDS = ("token", "secret", "passw", "credential", "api_key", "apikey", "private_key", "authorization",
                 "bearer", "environ", "dsn", "'code'", '"code"', "__dict__", "getattr(settings", "vars(settings")
_SOURCE_CASED = ("META", "headers", "COOKIES", ".body")
# The most damaging values: a client secret or configured secret is password-equivalent, a refresh
# token outlives the session (RFC 9700 §4.14), and an Authorization header is the credential itself.
_SEVERE = re.compile(r"client_?secret|secret_?key|private_?key|refresh|HTTP_AUTHORIZATION|Authorization|settings|"
                     r"environ|get_token|fetch_token|authorize_access_token|token-endpoint|headers|META|COOKIES",
                     re.I)


@rule(
    id="OG141",
    name="secret-logged",
    title="Secret or token written to a log",
    category=Category.SECRET_LOGGED,
    severity=Severity.MEDIUM,
    confidence=Confidence.HIGH,
    cwe=(532,),
    remediation="Log what happened, not the credential: drop the value, or log a short hash of it; add "
    "oidcguard.logging.RedactingFilter to the handlers as a safety net.",
    subject="module",
)
def secret_logged(subject: ModuleSubject) -> Iterator[Hit]:
    """
    ## What it does
    Follows values from where they are known to be credentials — token-endpoint responses and
    their `.json()`, mozilla-django-oidc `get_token`, authlib `fetch_token`/
    `authorize_access_token`, session keys such as `oidc_access_token`, `request.headers`/
    `request.META` (the `Authorization` header), `request.body`, `settings.<SECRET>`,
    `os.environ` — through assignments, f-strings, `%`/`.format`, concatenation and dict or
    attribute access, into `logging` calls (message and arguments), `logger.exception` and
    `print`. Wholesale dumps (`os.environ`, `settings.__dict__`, `vars(settings)`,
    `getattr(settings, name)` over every name) are reported too.

    Variables merely *named* like tokens (`access_token`, `client_secret`, and in modules that
    speak OAuth also `token`) are reported with low confidence.

    ## Why is this bad?
    Logs travel: files, aggregators, support tickets, error e-mails. An access token in them is a
    working credential until it expires; a refresh token or client secret for much longer.

    ## Example
        token_info = super().get_token(payload)
        log.debug("token response: %s", token_info)                                # OG141
        log.info("userinfo call with %s", request.META.get("HTTP_AUTHORIZATION"))  # OG141

    ## Use instead
        log.debug("token response received (expires_in=%s)", token_info.get("expires_in"))

    ## Known false positives
    A prefix kept for correlation (`token[:8]`), the length or a hash of a token, and metadata of
    a token response (`token_type`, `expires_in`, `scope`) are not reported. Tests are not scanned;
    `print` in management commands (which show an operator what they created) is not reported.

    ## References
    - CWE-532: Insertion of Sensitive Information into Log File
    - RFC 6750 §5.3 (do not store bearer tokens in the clear); OWASP Logging Cheat Sheet
    """
    source = subject.source
    text = source.text
    if not any(hint in text for hint in _CALL_HINTS):
        return
    low = text.lower()
    if not any(word in low for word in _SOURCE_WORDS) and not any(word in text for word in _SOURCE_CASED):
        return  # nothing in the file can carry a credential: skip the walk
    role = code_role(source.rel, subject.project)
    index = module_index(source)
    if role is None or index is None:
        return
    command = "/management/commands/" in f"/{source.rel}"
    for scope in index.scopes:
        for call in scope.calls():
            func = call.func
            if isinstance(func, ast.Name) and func.id == "print":
                if command:
                    continue
                args = call.args
                sink = "print()"
            elif isinstance(func, ast.Attribute) and func.attr in _LOG_METHODS and _is_logger(func.value):
                args = call.args[1:] if func.attr == "log" else call.args
                sink = f"{dotted(func) or func.attr}()"
            else:
                continue
            found: Taint | None = None
            for arg in args:
                taint = scope.taint(arg)
                if taint is not None and taint.secret:
                    found = merge(found, taint)
            if found is None or not found.secret:
                continue
            severe = bool(_SEVERE.search(found.label))
            yield Hit(
                subject.location(call),
                f"{sink} writes {found.label}"
                + (" (a credential, by its name)" if found.kind == "name" else "")
                + ": log that it happened, not the value",
                severity=scaled(role, Severity.HIGH if severe and found.confidence is Confidence.HIGH
                                else Severity.MEDIUM),
                confidence=found.confidence,
                anchor=f"{scope.name}:{found.label}",
            )


def _is_logger(node: ast.AST) -> bool:
    name = dotted(node)
    if name is not None:
        return bool(_LOGGER_NAME.search(name.rsplit(".", 1)[-1]))
    # logging.getLogger(__name__).info(...)
    return isinstance(node, ast.Call) and (dotted(node.func) or "").endswith("getLogger")
