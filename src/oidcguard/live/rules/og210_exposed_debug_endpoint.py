"""OG210: debug tools, dotfiles, settings files and the admin reachable from outside."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from ...findings import Category, Confidence, Severity
from ...rules import Hit, rule
from ...shapes import SECRET_NAME, is_secret_candidate
from ..context import Fetched, ProbeContext, ProbeError
from ..discovery import looks_like_not_found

_ENV_LINE = re.compile(r"^\s*(?:export\s+)?([A-Z][A-Z0-9_]*)\s*=\s*['\"]?([^'\"\s#]*)", re.M)


@dataclass(frozen=True, slots=True)
class _Probe:
    path: str
    what: str
    severity: Severity
    looks_right: Callable[[Fetched], bool]


def _is_env(r: Fetched) -> bool:
    return "html" not in r.content_type and len(_ENV_LINE.findall(r.text)) >= 2


def _is_python_settings(r: Fetched) -> bool:
    return "html" not in r.content_type and bool(
        re.search(r"^\s*(SECRET_KEY|INSTALLED_APPS|DATABASES)\s*=", r.text, re.M)
    )


# Each probe must see content of the right kind, never a mere 200: sites that answer every path
# with a page (soft 404s) must not produce findings.
_PROBES = (
    _Probe(".env", "the .env file", Severity.CRITICAL, _is_env),
    _Probe(".env.production", "a .env file", Severity.CRITICAL, _is_env),
    _Probe(".git/config", "the .git directory", Severity.HIGH, lambda r: "[core]" in r.text),
    _Probe("settings.py", "a Django settings file", Severity.CRITICAL, _is_python_settings),
    _Probe("local_settings.py", "a Django settings file", Severity.CRITICAL, _is_python_settings),
    _Probe(
        "silk/", "django-silk (recorded requests, with their headers and bodies)", Severity.HIGH,
        lambda r: "silk" in r.text.lower() and "html" in r.content_type,
    ),
    _Probe(
        "__debug__/render_panel/", "django-debug-toolbar", Severity.HIGH,
        lambda r: r.status != 404 and "Using the URLconf" not in r.decoded,
    ),
)
_TOOLBAR_MARKUP = re.compile(r"id=[\"']djDebug[\"']")


@rule(
    id="OG210",
    name="exposed-debug-endpoint",
    title="Debug tool, .env, .git, settings file or admin reachable",
    category=Category.EXPOSED_ENDPOINT,
    severity=Severity.HIGH,
    confidence=Confidence.HIGH,
    cwe=(538, 489, 548),
    remediation="Remove debug tools from production (INSTALLED_APPS and urls), serve only the static "
    "folder, keep .env/.git/settings outside the web root, and put the admin behind a VPN or SSO.",
    subject="probe",
    front="live",
)
def exposed_debug_endpoint(ctx: ProbeContext) -> Iterator[Hit]:
    """
    ## What it does
    Requests the usual leak paths and reports those that answer with the content they are known
    for: `.env` files (critical), `.git/config` (high), Django settings files (critical),
    django-silk's UI and django-debug-toolbar's endpoints or markup (high), and the Django admin
    login on a public host (low; info on loopback).

    ## Why is this bad?
    `.env` and settings files hold the client secret and `SECRET_KEY`; `.git` gives the whole
    source history; silk records every request with its `Authorization` header and token
    exchange bodies; the debug toolbar shows settings, headers and SQL to whoever it is shown to.

    ## Example
        GET /.env  ->  200 text/plain  "OIDC_RP_CLIENT_SECRET=…"

    ## Use instead
    Debug tools only under DEBUG on a developer machine; `SHOW_TOOLBAR_CALLBACK` limited to
    `INTERNAL_IPS`; the web server serving only `STATIC_ROOT`.

    ## Probe behaviour
    One GET per path (about ten), none followed. A path counts only when its content has the
    expected shape, so soft-404 sites produce no finding. Values found are shown redacted.

    ## References
    - https://django-debug-toolbar.readthedocs.io/en/latest/configuration.html#show-toolbar-callback
    - https://github.com/jazzband/django-silk#security
    - CWE-538, CWE-489, CWE-548
    """
    for probe in _PROBES:
        try:
            answer = ctx.get(probe.path)
        except ProbeError:
            continue
        if answer.status != 200 and probe.path != "__debug__/render_panel/":
            continue
        if not answer.ok or looks_like_not_found(answer, ctx.site.not_found) or not probe.looks_right(answer):
            continue
        secret = _first_secret(answer) if probe.path.startswith(".env") or probe.path.endswith(".py") else None
        yield Hit(
            location=ctx.location(answer),
            message=f"{probe.what} is served (HTTP {answer.status})",
            severity=probe.severity,
            secret=secret,
            anchor=probe.path,
        )
    for response in ctx.responses():
        if response.ok and _TOOLBAR_MARKUP.search(response.text):
            yield Hit(
                location=ctx.location(response),
                message="django-debug-toolbar is shown to an anonymous visitor",
                anchor="toolbar-markup",
            )
            break
    yield from _admin(ctx)


def _admin(ctx: ProbeContext) -> Iterator[Hit]:
    try:
        answer = ctx.get("admin/login/")
    except ProbeError:
        return
    if answer.status == 200 and "Django administration" in answer.decoded:
        yield Hit(
            location=ctx.location(answer),
            message="the Django admin login is reachable" + (" (loopback)" if ctx.is_loopback else ""),
            severity=Severity.INFO if ctx.is_loopback else Severity.LOW,
            confidence=Confidence.MEDIUM,
            anchor="admin",
        )


def _first_secret(answer: Fetched) -> str | None:
    for name, value in _ENV_LINE.findall(answer.text):
        if SECRET_NAME.search(name) and is_secret_candidate(value):
            return str(value)
    return None
