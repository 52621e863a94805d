"""One positive and one negative MockTransport site per live rule; exact (rule, URL) sets."""

from __future__ import annotations

import base64
import json
import zlib

import httpx
import pytest

from oidcguard.findings import Severity
from oidcguard.live import ProbeOptions
from oidcguard.rules import load_catalogue

from .helpers import (
    Site,
    assert_never_shown,
    html,
    json_response,
    pairs,
    redirect,
    run,
    technical_404,
    technical_500,
)

B = "https://portal.example.test"
OP = "https://op.example.test"
SECRET = "kq3TzR8pWv2LmN5xYb7QfJ4hDs9GcE6a"
JWT_HEADER = base64.urlsafe_b64encode(b'{"alg":"RS256","typ":"JWT"}').rstrip(b"=").decode()
JWT_BODY = base64.urlsafe_b64encode(b'{"iss":"https://op.example.test","sub":"u1","scope":"openid",'
                                    b'"exp":4102444800}').rstrip(b"=").decode()
JWT = f"{JWT_HEADER}.{JWT_BODY}.c2lnbmF0dXJlLXNpZ25hdHVyZS1zaWduYXR1cmU"


SPEC_CATEGORIES = {
    "OG201": "debug-exposure", "OG202": "error-report-leak", "OG203": "insecure-cookie",
    "OG204": "insecure-transport", "OG205": "provider-metadata", "OG206": "error-report-leak",
    "OG207": "exposed-endpoint", "OG208": "redirect-validation", "OG209": "token-in-url",
    "OG210": "exposed-endpoint", "OG211": "cors", "OG212": "cache-control", "OG213": "secret-in-response",
    "OG214": "pkce", "OG215": "token-validation",
}


def test_ids_and_categories_match_the_spec() -> None:
    live = {r.id: r.category.value for r in load_catalogue() if r.front == "live"}
    assert live == SPEC_CATEGORIES


def test_every_live_rule_is_documented() -> None:
    live = [r for r in load_catalogue() if r.front == "live"]
    assert [r.id for r in live] == [f"OG2{n:02d}" for n in range(1, 16)]
    for r in live:
        for heading in ("## What it does", "## Why is this bad?", "## Example", "## Use instead",
                        "## Probe behaviour", "## References"):
            assert heading in r.doc, (r.id, heading)
        assert r.subjects == ("probe",) and r.remediation


# --- OG201 -------------------------------------------------------------------------------------

def test_og201_technical_404_reported_once_at_the_probe_path() -> None:
    site = Site({"/": html("home")})
    site.routes.update({p: html(technical_404(), 404) for p in ("/oidcguard-probe-not-found/", "/settings.py")})
    assert pairs(run(site, "OG201")) == {("OG201", f"{B}/oidcguard-probe-not-found/")}


def test_og201_plain_error_pages_are_clean() -> None:
    site = Site({"/": html("home"), "/oidcguard-probe-not-found/": html("<h1>Not Found</h1>", 404)})
    assert run(site, "OG201") == []


# --- OG202 -------------------------------------------------------------------------------------

def test_og202_configured_secret_on_error_page() -> None:
    site = Site({"/": html('<a href="/boom/">x</a>'), "/boom/": html(f"<pre>oops {SECRET}</pre>", 500)})
    findings = run(site, "OG202", options=ProbeOptions(known_secrets=(SECRET,)))
    assert pairs(findings) == {("OG202", f"{B}/boom/")}
    assert findings[0].severity == Severity.CRITICAL
    assert_never_shown(findings, [SECRET])


def test_og202_secret_on_a_normal_page_is_not_og202() -> None:
    site = Site({"/": html(f"<pre>{SECRET}</pre>")})
    assert run(site, "OG202", options=ProbeOptions(known_secrets=(SECRET,))) == []


# --- OG203 -------------------------------------------------------------------------------------

def _signed_session(data: dict[str, str]) -> str:
    payload = base64.urlsafe_b64encode(zlib.compress(json.dumps(data).encode())).rstrip(b"=").decode()
    return f".{payload}:1tHqXy:abcdefghijklmnopqrstuvwxyz012345678"


def test_og203_signed_cookie_session_with_tokens() -> None:
    cookie = f"sessionid={_signed_session({'oidc_access_token': JWT})}; HttpOnly; Secure; SameSite=Lax; Path=/"
    site = Site({"/": html("home", headers=[("Set-Cookie", cookie)])})
    findings = run(site, "OG203")
    assert pairs(findings) == {("OG203", f"{B}/")}
    [finding] = findings
    assert finding.severity == Severity.HIGH and finding.secret_hash
    assert_never_shown(findings, [JWT])


def test_og203_hardened_cookies_and_deletions_are_clean() -> None:
    site = Site({"/": html("home", headers=[
        ("Set-Cookie", "sessionid=abcdefghijklmnopqrstuvwxyz123456; HttpOnly; Secure; SameSite=Lax; Path=/"),
        ("Set-Cookie", "csrftoken=abcdefghijklmnopqrstuvwxyz123456; Secure; SameSite=Lax; Path=/"),
        ("Set-Cookie", 'oidc_state=""; expires=Thu, 01 Jan 1970 00:00:00 GMT; Max-Age=0; Path=/'),
        ("Set-Cookie", "django_language=en; Path=/"),
    ])})
    assert run(site, "OG203") == []


def test_og203_secure_is_not_asked_on_plain_http_loopback() -> None:
    site = Site({"/": html("home", headers=[("Set-Cookie", "sessionid=abcdefghijklmnop1234; HttpOnly; SameSite=Lax")])})
    assert run(site, "OG203", url="http://127.0.0.1:8000/") == []


# --- OG204 -------------------------------------------------------------------------------------

def _https_site(hsts: str | None, http_redirects: bool) -> Site:
    headers = [("Strict-Transport-Security", hsts)] if hsts else []

    def home(request: httpx.Request) -> httpx.Response:
        if request.url.scheme == "http":
            return redirect(f"{B}/", 301) if http_redirects else html("plain http")
        return html("home", headers=headers)

    return Site({"/": home})


def test_og204_no_hsts_and_http_served() -> None:
    findings = run(_https_site(None, http_redirects=False), "OG204")
    assert pairs(findings) == {("OG204", f"{B}/"), ("OG204", "http://portal.example.test/")}
    assert {f.severity for f in findings} == {Severity.MEDIUM}


def test_og204_hsts_and_redirect_are_clean() -> None:
    assert run(_https_site("max-age=31536000; includeSubDomains", http_redirects=True), "OG204") == []


def test_og204_short_hsts_is_low() -> None:
    [finding] = run(_https_site("max-age=3600", http_redirects=True), "OG204")
    assert finding.severity == Severity.LOW


def test_og204_plain_http_public_host_is_high_loopback_info() -> None:
    site = Site({"/": html("home")})
    [public] = run(site, "OG204", url="http://portal.example.test/")
    assert public.severity == Severity.HIGH
    [local] = run(site, "OG204", url="http://127.0.0.1:9/")
    assert local.severity == Severity.INFO


# --- OG205 -------------------------------------------------------------------------------------

GOOD_METADATA = {
    "issuer": B,
    "authorization_endpoint": f"{B}/o/authorize/",
    "token_endpoint": f"{B}/o/token/",
    "jwks_uri": f"{B}/o/.well-known/jwks.json",
    "response_types_supported": ["code"],
    "id_token_signing_alg_values_supported": ["RS256"],
    "code_challenge_methods_supported": ["S256"],
}


def test_og205_bad_metadata() -> None:
    bad = {**GOOD_METADATA, "issuer": "https://elsewhere.example", "token_endpoint": "http://portal.example.test/t",
           "response_types_supported": ["code", "id_token token"],
           "id_token_signing_alg_values_supported": ["RS256", "none"], "code_challenge_methods_supported": ["plain"]}
    site = Site({"/": html("op"), "/.well-known/openid-configuration": json_response(bad)})
    findings = run(site, "OG205")
    assert pairs(findings) == {("OG205", f"{B}/.well-known/openid-configuration")}
    assert {dict(f.extra)["anchor"] for f in findings} == {
        "issuer-mismatch", "http-endpoints", "alg-none", "implicit", "no-s256"}


def test_og205_good_metadata_is_clean() -> None:
    site = Site({"/": html("op"), "/.well-known/openid-configuration": json_response(GOOD_METADATA)})
    assert run(site, "OG205") == []


def test_og205_issuer_with_path_under_o() -> None:
    doc = {**GOOD_METADATA, "issuer": f"{B}/o"}
    site = Site({"/": html("op"), "/o/.well-known/openid-configuration": json_response(doc)})
    assert run(site, "OG205") == []


# --- OG206 / OG207 / OG212: provider endpoints ---------------------------------------------------

def _provider(token: httpx.Response | None = None, introspect: httpx.Response | None = None) -> Site:
    routes: dict[str, object] = {
        "/": html("op"),
        "/.well-known/openid-configuration": json_response(
            {**GOOD_METADATA, "introspection_endpoint": f"{B}/o/introspect/", "userinfo_endpoint": f"{B}/o/userinfo/"}),
        "/o/userinfo/": json_response({"error": "invalid_token"}, 401),
        "/o/token/": token or json_response({"error": "invalid_request"}, 400,
                                            headers=[("Cache-Control", "no-store")]),
        "/o/introspect/": introspect or json_response({"error": "unauthorized"}, 401),
    }
    return Site(routes)  # type: ignore[arg-type]


def test_og206_traceback_from_token_endpoint() -> None:
    trace = 'Traceback (most recent call last):\n  File "/app/oauth/views.py", line 12, in post'
    site = _provider(token=httpx.Response(500, text=trace))
    assert pairs(run(site, "OG206")) == {("OG206", f"{B}/o/token/")}


def test_og206_echoed_canary_secret_in_active_mode() -> None:
    def token(request: httpx.Request) -> httpx.Response:
        if request.method == "POST":
            return json_response({"error": "invalid_client", "detail": request.content.decode()}, 401)
        return httpx.Response(405)

    site = _provider(token=token)  # type: ignore[arg-type]
    assert run(site, "OG206") == []  # safe mode: no POST
    findings = run(site, "OG206", options=ProbeOptions(active=True))
    assert pairs(findings) == {("OG206", f"{B}/o/token/")}
    assert findings[0].location.method == "POST" and findings[0].severity == Severity.HIGH


def test_og206_clean_oauth_errors() -> None:
    assert run(_provider(), "OG206", options=ProbeOptions(active=True)) == []


def test_og207_open_introspection() -> None:
    site = _provider(introspect=json_response({"active": False}))
    findings = run(site, "OG207")
    assert pairs(findings) == {("OG207", f"{B}/o/introspect/?token=…")}
    assert "oidcguard-invalid-token" not in (findings[0].location.url or "")


def test_og207_protected_introspection_is_clean() -> None:
    assert run(_provider(), "OG207", options=ProbeOptions(active=True)) == []


def test_og212_cacheable_token_endpoint() -> None:
    site = _provider(token=json_response({"error": "invalid_request"}, 400,
                                         headers=[("Cache-Control", "public, max-age=300")]))
    findings = run(site, "OG212")
    assert pairs(findings) == {("OG212", f"{B}/o/token/")}
    assert findings[0].severity == Severity.LOW


def test_og212_token_json_without_no_store() -> None:
    site = Site({"/": html('<a href="/api/token/">t</a>'),
                 "/api/token/": json_response({"access_token": "x" * 20, "token_type": "Bearer"})})
    assert pairs(run(site, "OG212")) == {("OG212", f"{B}/api/token/")}


def test_og212_no_store_is_clean() -> None:
    assert run(_provider(), "OG212", options=ProbeOptions(active=True)) == []


# --- OG208 -------------------------------------------------------------------------------------

REGISTERED = f"{B}/oidc/callback/"


def _authorize(loose: bool) -> Site:
    def authorize(request: httpx.Request) -> httpx.Response:
        uri = request.url.params.get("redirect_uri", "")
        if loose or uri == REGISTERED:
            return redirect(f"{uri}?error=login_required&state=s")
        return html("Mismatching redirect URI", 400)

    return Site({"/": html("op"), "/.well-known/openid-configuration": json_response(GOOD_METADATA),
                 "/o/authorize/": authorize})


def test_og208_provider_accepts_any_redirect_uri() -> None:
    options = ProbeOptions(client_id="portal", redirect_uri=REGISTERED)
    findings = run(_authorize(loose=True), "OG208", options=options)
    assert {f.location.url for f in findings} == {
        f"{B}/o/authorize/?response_type=code&client_id=…&redirect_uri=…&scope=openid&state=…&prompt=none"
        "&code_challenge=…&code_challenge_method=S256"}
    assert len(findings) == 3  # attacker URI, extra path, http downgrade


def test_og208_provider_exact_matching_is_clean() -> None:
    options = ProbeOptions(client_id="portal", redirect_uri=REGISTERED)
    assert run(_authorize(loose=False), "OG208", options=options) == []


def test_og208_without_client_id_no_provider_test() -> None:
    site = _authorize(loose=True)
    assert run(site, "OG208") == []
    assert not any(r.url.path == "/o/authorize/" and "redirect_uri" in r.url.params for r in site.requests)


def test_og208_rp_logout_open_redirect() -> None:
    def logout(request: httpx.Request) -> httpx.Response:
        return redirect(request.url.params.get("next", "/"))

    findings = run(Site({"/": html("rp"), "/logout/": logout}), "OG208")
    assert pairs(findings) == {("OG208", f"{B}/logout/?next=…")}


def test_og208_rp_validated_next_is_clean() -> None:
    site = Site({"/": html("rp"), "/logout/": redirect("/")})
    assert run(site, "OG208") == []


# --- OG209 -------------------------------------------------------------------------------------

def test_og209_token_in_a_link() -> None:
    site = Site({"/": html(f'<a href="/api/items/?access_token={SECRET}">items</a>')})
    findings = run(site, "OG209")
    assert pairs(findings) == {("OG209", f"{B}/")}
    assert_never_shown(findings, [SECRET])
    assert not any(r.url.params.get("access_token") for r in site.requests)  # never used


def test_og209_callback_referrer_policy() -> None:
    login = redirect(f"{OP}/authorize?response_type=code&redirect_uri={B}/oidc/callback/&state={'s' * 32}")
    weak = Site({"/": html("rp"), "/oidc/authenticate/": login,
                 "/oidc/callback/": html("error", 400, headers=[("Referrer-Policy", "unsafe-url")])})
    assert pairs(run(weak, "OG209")) == {("OG209", f"{B}/oidc/callback/")}
    good = Site({"/": html("rp"), "/oidc/authenticate/": login,
                 "/oidc/callback/": html("error", 400, headers=[("Referrer-Policy", "same-origin")])})
    assert run(good, "OG209") == []


def test_og209_code_flow_redirect_is_clean() -> None:
    site = Site({"/": html("rp"), "/oidc/authenticate/": redirect(f"{OP}/authorize?response_type=code&state=abc")})
    assert run(site, "OG209") == []


# --- OG210 -------------------------------------------------------------------------------------

def test_og210_env_file_and_git() -> None:
    env = f"DEBUG=False\nOIDC_RP_CLIENT_SECRET={SECRET}\n"
    site = Site({"/": html("home"), "/.env": httpx.Response(200, text=env),
                 "/.git/config": httpx.Response(200, text="[core]\n\trepositoryformatversion = 0\n")})
    findings = run(site, "OG210")
    assert pairs(findings) == {("OG210", f"{B}/.env"), ("OG210", f"{B}/.git/config")}
    assert_never_shown(findings, [SECRET])


def test_og210_soft_404_site_is_clean() -> None:
    site = Site()
    site.routes["/"] = html("home")
    catch_all = html("<h1>Welcome</h1>")
    for path in ("/.env", "/.env.production", "/.git/config", "/settings.py", "/local_settings.py", "/silk/",
                 "/__debug__/render_panel/", "/oidcguard-probe-not-found/"):
        site.routes[path] = catch_all
    assert run(site, "OG210") == []


def test_og210_admin_on_public_host_is_low() -> None:
    site = Site({"/": html("home"), "/admin/login/": html("<h1>Django administration</h1>")})
    [finding] = run(site, "OG210")
    assert finding.severity == Severity.LOW


# --- OG211 -------------------------------------------------------------------------------------

def test_og211_reflected_origin_with_credentials() -> None:
    def userinfo(request: httpx.Request) -> httpx.Response:
        origin = request.headers.get("origin", "")
        return json_response({"error": "invalid_token"}, 401, headers=[
            ("Access-Control-Allow-Origin", origin), ("Access-Control-Allow-Credentials", "true")])

    site = _provider()
    site.routes["/o/userinfo/"] = userinfo
    assert pairs(run(site, "OG211")) == {("OG211", f"{B}/o/userinfo/")}


def test_og211_wildcard_without_credentials_is_clean() -> None:
    site = _provider()
    site.routes["/o/userinfo/"] = json_response({}, 401, headers=[("Access-Control-Allow-Origin", "*")])
    assert run(site, "OG211") == []


# --- OG213 -------------------------------------------------------------------------------------

def test_og213_client_secret_in_page_and_private_jwks() -> None:
    page = html('<script id="oidc-config" type="application/json">{"client_id": "portal", '
                f'"client_secret": "{SECRET}"}}</script>')
    private_d = "X" * 40 + "abcDEF123"
    site = Site({"/": page, "/.well-known/openid-configuration": json_response(GOOD_METADATA),
                 "/o/.well-known/jwks.json": json_response({"keys": [{"kty": "RSA", "n": "abc", "e": "AQAB",
                                                                       "d": private_d}]})})
    findings = run(site, "OG213")
    assert pairs(findings) == {("OG213", f"{B}/"), ("OG213", f"{B}/o/.well-known/jwks.json")}
    assert all(f.severity == Severity.CRITICAL for f in findings)
    assert_never_shown(findings, [SECRET, private_d])


def test_og213_public_page_is_clean() -> None:
    site = Site({"/": html('<form><input type="hidden" name="csrfmiddlewaretoken" value="abcdefghijklmnopqrstuvwx">'
                           '<script>var csrfToken = "abcdefghijklmnopqrstuvwx"; var tokenType = "Bearer";</script>'),
                 "/.well-known/openid-configuration": json_response(GOOD_METADATA),
                 "/o/.well-known/jwks.json": json_response({"keys": [{"kty": "RSA", "n": "abc" * 30, "e": "AQAB"}]})})
    assert run(site, "OG213") == []


# --- OG214 -------------------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("query", "anchors"),
    [
        ("response_type=id_token+token&state=" + "s" * 32 + "&nonce=" + "n" * 32, {"response-type", "no-pkce"}),
        ("response_type=code&state=short&code_challenge=abc&code_challenge_method=plain",
         {"short-state", "no-nonce", "pkce-plain"}),
        ("response_type=code&redirect_uri=http%3A%2F%2Fportal.example.test%2Fcb&nonce=" + "n" * 32
         + "&code_challenge=abc&code_challenge_method=S256", {"no-state", "http-redirect-uri"}),
    ],
)
def test_og214_weak_authorization_requests(query: str, anchors: set[str]) -> None:
    site = Site({"/": html("rp"), "/oidc/authenticate/": redirect(f"{OP}/authorize?client_id=portal&{query}")})
    findings = run(site, "OG214")
    assert pairs(findings) == {("OG214", f"{B}/oidc/authenticate/")}
    assert {dict(f.extra)["anchor"] for f in findings} == anchors


def test_og214_strong_request_is_clean() -> None:
    query = ("response_type=code&client_id=portal&state=" + "s" * 32 + "&nonce=" + "n" * 32
             + f"&code_challenge=abc&code_challenge_method=S256&redirect_uri={B}/oidc/callback/")
    site = Site({"/": html("rp"), "/oidc/authenticate/": redirect(f"{OP}/authorize?{query}")})
    assert run(site, "OG214") == []


def test_og214_login_path_option() -> None:
    site = Site({"/": html("rp"), "/sso/start/": redirect(f"{OP}/authorize?response_type=token&client_id=p")})
    assert run(site, "OG214") == []  # not a path discovery knows
    findings = run(site, "OG214", options=ProbeOptions(login_path="/sso/start/"))
    assert ("OG214", f"{B}/sso/start/") in pairs(findings)


# --- OG215 -------------------------------------------------------------------------------------

def _rp_with_callback(callback: httpx.Response) -> Site:
    login = redirect(f"{OP}/authorize?response_type=code&redirect_uri={B}/oidc/callback/",
                     headers=[("Set-Cookie", "sessionid=anon-session-1234567890; HttpOnly; Secure; SameSite=Lax")])
    return Site({"/": html("rp"), "/oidc/authenticate/": login, "/oidc/callback/": callback})


def test_og215_debug_page_on_forged_state() -> None:
    site = _rp_with_callback(html(technical_500("SuspiciousOperation at /oidc/callback/"), 400))
    findings = run(site, "OG215")
    assert pairs(findings) == {("OG215", f"{B}/oidc/callback/?code=…&state=…")}
    # the forged callback went with the anonymous session the login view had just set
    forged = [r for r in site.requests if r.url.path == "/oidc/callback/" and "state" in r.url.params]
    assert forged and forged[0].headers.get("cookie") == "sessionid=anon-session-1234567890"


def test_og215_plain_500_is_medium() -> None:
    [finding] = run(_rp_with_callback(html("<h1>Server Error (500)</h1>", 500)), "OG215")
    assert finding.severity == Severity.MEDIUM


def test_og215_clean_failure() -> None:
    assert run(_rp_with_callback(html("<h1>Bad Request (400)</h1>", 400)), "OG215") == []
    assert run(_rp_with_callback(redirect("/")), "OG215") == []


def test_og209_code_forwarded_by_the_rp() -> None:
    code = "Zx8cV2bN4mQ7wE1rT6yU"
    site = Site({"/": html('<a href="/oidc/done/">done</a>'),
                 "/oidc/done/": redirect(f"https://spa.example.test/cb?code={code}")})
    findings = run(site, "OG209")
    assert pairs(findings) == {("OG209", f"{B}/oidc/done/")}
    assert_never_shown(findings, [code])


def test_og209_code_from_the_authorization_endpoint_is_the_flow() -> None:
    site = Site({"/": html("op"), "/.well-known/openid-configuration": json_response(GOOD_METADATA),
                 "/o/authorize/": redirect(f"{B}/oidc/callback/?code=Zx8cV2bN4mQ7wE1rT6yU&state=s")})
    findings = run(site, "OG208", "OG209", options=ProbeOptions(client_id="portal"))
    assert any(r.url.path == "/o/authorize/" for r in site.requests)  # OG208 asked; OG209 read it
    assert findings == []


def test_og208_redirect_uri_built_from_the_host_header() -> None:
    def authenticate(request: httpx.Request) -> httpx.Response:
        host = request.headers["host"]  # what Django's request.get_host() would use with ALLOWED_HOSTS = ["*"]
        return redirect(f"{OP}/authorize?response_type=code&redirect_uri=https%3A%2F%2F{host}%2Foidc%2Fcallback%2F")

    findings = run(Site({"/": html("rp"), "/oidc/authenticate/": authenticate}), "OG208")
    assert pairs(findings) == {("OG208", f"{B}/oidc/authenticate/")}


def test_og208_fixed_redirect_uri_is_clean() -> None:
    site = Site({"/": html("rp"), "/oidc/authenticate/": redirect(
        f"{OP}/authorize?response_type=code&redirect_uri=https%3A%2F%2Fportal.example.test%2Foidc%2Fcallback%2F")})
    assert run(site, "OG208") == []
    assert all(r.url.host == "portal.example.test" for r in site.requests)
