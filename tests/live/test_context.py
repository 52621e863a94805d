"""ProbeContext: URL joining, same-origin rule, budgets, safe methods, masking of URLs."""

from __future__ import annotations

import asyncio

import httpx
import pytest
from hypothesis import given
from hypothesis import strategies as st

from oidcguard.live import BudgetExceeded, NotAllowed, OffTarget, ProbeContext, ProbeOptions, TargetError, probe
from oidcguard.live.context import carries_credentials, normalise_target, safe_url

from .helpers import Site, html, redirect

JWT = ("eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCJ9.eyJpc3MiOiJodHRwczovL29wLmV4YW1wbGUudGVzdCIsInN1YiI6InUifQ."
       "c2lnbmF0dXJlLXZhbHVlLWhlcmU")


@pytest.mark.parametrize(
    ("given", "base"),
    [
        ("http://127.0.0.1:8000", "http://127.0.0.1:8000/"),
        ("http://127.0.0.1:8000/app", "http://127.0.0.1:8000/app/"),
        ("https://h/app/index.html?x=1#f", "https://h/app/"),
        ("https://user:pw@h/", "https://h/"),
    ],
)
def test_base_url_is_normalised(given: str, base: str) -> None:
    assert normalise_target(given) == base


@pytest.mark.parametrize("bad", ["example.com", "ftp://example.com/", "http://", "  "])
def test_invalid_targets_raise_target_error(bad: str) -> None:
    with pytest.raises(TargetError):
        normalise_target(bad)


def test_paths_join_onto_the_base_path() -> None:
    ctx = ProbeContext("http://127.0.0.1:8000/app/")
    assert ctx.url("/oidc/authenticate/") == "http://127.0.0.1:8000/app/oidc/authenticate/"
    assert ctx.url(".well-known/openid-configuration") == "http://127.0.0.1:8000/app/.well-known/openid-configuration"


def test_same_origin_only() -> None:
    ctx = ProbeContext("http://127.0.0.1:8000/")
    assert ctx.on_target("/x") and ctx.on_target("http://127.0.0.1:8000/y")
    assert not ctx.on_target("http://127.0.0.1:8001/")
    assert not ctx.on_target("http://localhost:8000/")
    assert not ctx.on_target("//evil.example/")
    https = ProbeContext("https://portal.example.test/")
    assert https.on_target("http://portal.example.test/")  # the http twin, for OG204 only
    assert not https.on_target("http://portal.example.test:8080/")


def test_safe_url_masks_values_keeps_names() -> None:
    url = f"https://u:pw@spa.example/cb?access_token={JWT}&refresh_token=bwmWL88wDrIHTkFKcQvD2icgfMCRYmRK" \
          "&response_type=code#id_token=abcdefgh"
    shown = safe_url(url)
    assert shown == "https://spa.example/cb?access_token=…&refresh_token=…&response_type=code#id_token=…"
    assert "pw" not in shown and JWT not in shown


def test_safe_url_redacts_token_shaped_path_segments() -> None:
    shown = safe_url(f"https://h/reset/{JWT}/")
    assert JWT not in shown and shown.startswith("https://h/reset/")


def test_carries_credentials() -> None:
    assert carries_credentials("/api/?access_token=abc")
    assert carries_credentials(f"/x?v={JWT}")
    assert not carries_credentials("/x?next=/home/")


def _ctx_run(site: Site, options: ProbeOptions, body) -> object:  # type: ignore[no-untyped-def]
    async def main() -> object:
        async with ProbeContext("https://portal.example.test/", options, transport=site.transport()) as ctx:
            return await body(ctx)

    return asyncio.run(main())


def test_request_budget_is_enforced() -> None:
    site = Site({"/": html("hi")})

    async def body(ctx: ProbeContext) -> None:
        for i in range(3):
            await ctx.fetch("GET", f"p{i}")

    with pytest.raises(BudgetExceeded):
        _ctx_run(site, ProbeOptions(max_requests=2), body)
    assert len(site.requests) == 2


def test_identical_requests_are_sent_once() -> None:
    site = Site({"/": html("hi")})

    async def body(ctx: ProbeContext) -> int:
        await asyncio.gather(*(ctx.fetch("GET", "") for _ in range(5)))
        return ctx.requests_sent

    assert _ctx_run(site, ProbeOptions(), body) == 1
    assert len(site.requests) == 1


def test_post_needs_active() -> None:
    site = Site({"/": html("hi")})

    async def body(ctx: ProbeContext) -> None:
        await ctx.fetch("POST", "o/token/", data={"grant_type": "x"})

    with pytest.raises(NotAllowed):
        _ctx_run(site, ProbeOptions(), body)
    assert site.requests == []


def test_off_target_requests_are_refused_before_sending() -> None:
    site = Site({"/": html("hi")})

    async def body(ctx: ProbeContext) -> None:
        await ctx.fetch("GET", "https://other.example/")

    with pytest.raises(OffTarget):
        _ctx_run(site, ProbeOptions(), body)
    assert site.requests == []


def test_follow_stays_on_target_and_never_follows_a_token() -> None:
    site = Site({
        "/": redirect("/home/"),
        "/home/": redirect("https://other.example/"),
        "/a/": redirect("/b/?access_token=secret-token-value-123"),
    })

    async def body(ctx: ProbeContext) -> tuple[int, int]:
        first = await ctx.fetch("GET", "", follow=True)
        second = await ctx.fetch("GET", "a/", follow=True)
        return first.status, second.status

    assert _ctx_run(site, ProbeOptions(), body) == (302, 302)
    assert [r.url.path for r in site.requests] == ["/", "/home/", "/a/"]
    assert all(r.url.host == "portal.example.test" for r in site.requests)


def test_only_safe_methods_in_a_default_probe() -> None:
    site = Site({"/": html('<a href="/about/">a</a>'), "/o/token/": html("x", 405)})
    probe("https://portal.example.test/", transport=site.transport())
    assert site.requests and {r.method for r in site.requests} <= {"GET", "HEAD", "OPTIONS"}
    assert all(r.url.host == "portal.example.test" for r in site.requests)
    assert all("cookie" not in r.headers for r in site.requests if r.url.path != "/oidc/callback/")


def test_body_is_capped() -> None:
    site = Site({"/": httpx.Response(200, content=b"a" * 5000)})

    async def body(ctx: ProbeContext) -> tuple[int, bool]:
        got = await ctx.fetch("GET", "")
        return len(got.body), got.truncated

    assert _ctx_run(site, ProbeOptions(max_body=1000), body) == (1000, True)


def test_html_entities_are_decoded() -> None:
    site = Site({"/": html("&#x27;secret&#x27;")})

    async def body(ctx: ProbeContext) -> str:
        return (await ctx.fetch("GET", "")).decoded

    assert _ctx_run(site, ProbeOptions(), body) == "'secret'"


def test_a_small_request_budget_ends_the_probe_cleanly() -> None:
    site = Site({"/": html('<a href="/a/">a</a><a href="/b/">b</a>')})
    result = probe("https://portal.example.test/", ProbeOptions(max_requests=5), transport=site.transport())
    assert result.requests == 5 and len(site.requests) == 5
    assert any("budget" in e.reason for e in result.report.errors)


def test_the_total_time_budget_bounds_a_slow_site() -> None:
    import time

    async def slow(request: httpx.Request) -> httpx.Response:
        await asyncio.sleep(0.3)
        return httpx.Response(404, text="slow")

    started = time.monotonic()
    result = probe("https://portal.example.test/", ProbeOptions(total_time=1.0, concurrency=2),
                   transport=httpx.MockTransport(slow))
    assert time.monotonic() - started < 3
    assert any("time budget" in e.reason for e in result.report.errors)


def test_a_crashing_rule_is_a_tool_error_and_the_run_goes_on() -> None:
    from oidcguard.findings import Category, Confidence, Severity
    from oidcguard.rules import rule as declare

    @declare(id="OG299", name="boom", title="boom", category=Category.CORS, severity=Severity.LOW,
             confidence=Confidence.LOW, cwe=(1,), remediation="-", subject="probe", front="live")
    def boom(ctx: ProbeContext) -> list[object]:
        """## What it does"""
        raise RuntimeError("bug in a plugin rule")

    from .helpers import rule

    site = Site({"/": html("hi"), "/.env": httpx.Response(200, text="A=1\nB_SECRET=kq3TzR8pWv2LmN5xYb7QfJ4h\n")})
    result = probe("https://portal.example.test/", rules=[boom, rule("OG210")], transport=site.transport())
    assert [f.rule_id for f in result.report.findings] == ["OG210"]
    assert [e.path for e in result.report.errors] == ["OG299"]


# Property: whatever the query holds, a masked URL never shows a value of a parameter outside the
# flow-shape allowlist (a token cannot hide under an unexpected name).

_names = st.text(alphabet="abcdefghijklmnopqrstuvwxyz_", min_size=1, max_size=12)
_values = st.text(alphabet="ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.~", min_size=6,
                  max_size=40)


@given(st.lists(st.tuples(_names, _values), min_size=1, max_size=5), st.booleans())
def test_safe_url_never_shows_a_value(params: list[tuple[str, str]], in_fragment: bool) -> None:
    from urllib.parse import urlencode

    from oidcguard.live.context import READABLE_PARAMS

    query = urlencode(params)
    url = f"https://h.example/cb#{query}" if in_fragment else f"https://h.example/cb?{query}"
    shown = safe_url(url)
    for name, value in params:
        if name not in READABLE_PARAMS:
            assert f"={value}" not in shown
