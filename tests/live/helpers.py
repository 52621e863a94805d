"""Helpers for the live tests: a MockTransport site, running selected rules, secret checks."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

import httpx

from oidcguard.findings import Finding
from oidcguard.live import ProbeOptions, probe
from oidcguard.rules import Rule, load_catalogue

Route = Callable[[httpx.Request], httpx.Response]
BASE = "https://portal.example.test/"


def rule(rule_id: str) -> Rule:
    found = load_catalogue().get(rule_id)
    assert found is not None, rule_id
    return found


@dataclass
class Site:
    """A fake site: exact path -> response (or a function of the request); 404 otherwise."""

    routes: dict[str, httpx.Response | Route] = field(default_factory=dict)
    requests: list[httpx.Request] = field(default_factory=list)

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        route = self.routes.get(request.url.path)
        if route is None:
            return httpx.Response(404, text="Not Found")
        if callable(route):
            return route(request)
        # A fresh copy per request: httpx.Response objects are single-use.
        return httpx.Response(route.status_code, headers=route.headers.multi_items(), content=route.content)

    def transport(self) -> httpx.MockTransport:
        return httpx.MockTransport(self)


def run(site: Site, *rule_ids: str, url: str = BASE, options: ProbeOptions | None = None) -> list[Finding]:
    rules = [rule(r) for r in rule_ids] if rule_ids else None
    return probe(url, options, rules=rules, transport=site.transport()).report.findings


def pairs(findings: Iterable[Finding]) -> set[tuple[str, str]]:
    return {(f.rule_id, f.location.url or "") for f in findings}


def assert_never_shown(findings: Iterable[Finding], secrets: Iterable[str]) -> None:
    """No secret appears in any finding's URL, message, evidence or serialised form."""
    dumped = json.dumps([f.to_dict() for f in findings])
    for secret in secrets:
        assert secret not in dumped
        for f in findings:
            assert secret not in (f.location.url or "") and secret not in f.message and secret not in f.evidence


def html(body: str, status: int = 200, headers: list[tuple[str, str]] | None = None) -> httpx.Response:
    return httpx.Response(status, headers=[("Content-Type", "text/html; charset=utf-8"), *(headers or [])],
                          content=body.encode())


def redirect(location: str, status: int = 302, headers: list[tuple[str, str]] | None = None) -> httpx.Response:
    return httpx.Response(status, headers=[("Location", location), *(headers or [])])


def json_response(data: object, status: int = 200, headers: list[tuple[str, str]] | None = None) -> httpx.Response:
    return httpx.Response(status, headers=[("Content-Type", "application/json"), *(headers or [])],
                          content=json.dumps(data).encode())


DEBUG_FOOTER = ("<p>You're seeing this error because you have <code>DEBUG = True</code> in your Django "
                "settings file.</p>")


def technical_500(title: str, rows: str = "") -> str:
    return (f"<title>{title}</title>\n<div id=\"summary\"><h1>{title}</h1></div>\n"
            f"<h2>Traceback <span class=\"commands\"></span></h2>\n{rows}\n{DEBUG_FOOTER}")


def technical_404() -> str:
    return ("<title>Page not found at /x/</title><p>Using the URLconf defined in <code>config.urls</code>, "
            "Django tried these URL patterns, in this order:</p>" + DEBUG_FOOTER)
