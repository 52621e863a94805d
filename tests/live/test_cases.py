"""The acceptance cases' live exchanges (06, 07, 08, 14, 16, 20), with their exact expectations."""

from __future__ import annotations

from oidcguard.findings import Severity

from .helpers import Site, assert_never_shown, html, pairs, redirect, run, technical_500

BASE = "https://portal.example.test"

# --- case 06: secret nested in a list, visible only after decoding &#x27; -----------------------

CASE06_SECRET = "i6oIs8VIXGsAOLCQ3lje53VDuQufhcph"
CASE06_ROW = (
    "<tr>\n  <td>SOCIALACCOUNT_PROVIDERS</td>\n  <td class=\"code\"><pre>{&#x27;openid_connect&#x27;: "
    "{&#x27;APPS&#x27;: [{&#x27;client_id&#x27;: &#x27;intranet-web&#x27;, &#x27;name&#x27;: &#x27;Corp SSO&#x27;, "
    "&#x27;provider_id&#x27;: &#x27;corp&#x27;, &#x27;secret&#x27;: &#x27;" + CASE06_SECRET + "&#x27;, "
    "&#x27;settings&#x27;: {&#x27;server_url&#x27;: &#x27;https://op.example.test&#x27;}}]}}</pre></td>\n</tr>"
)
CASE06_MASKED = CASE06_ROW.replace(CASE06_SECRET, "********************")


def _error_site(page: str, path: str = "/reports/export/", status: int = 500) -> Site:
    # The home page links to the failing view, as a crawl would find it.
    return Site({"/": html(f'<a href="{path}">export</a>'), path: html(page, status)})


def test_case06_unmasked_page() -> None:
    findings = run(_error_site(technical_500("KeyError at /reports/export/", CASE06_ROW)), "OG201", "OG202")
    assert pairs(findings) == {("OG201", f"{BASE}/reports/export/"), ("OG202", f"{BASE}/reports/export/")}
    by_rule = {f.rule_id: f for f in findings}
    assert by_rule["OG201"].severity == Severity.HIGH
    assert by_rule["OG202"].severity in (Severity.HIGH, Severity.CRITICAL)
    assert by_rule["OG202"].secret_hash  # tied by hash to the same secret elsewhere
    assert_never_shown(findings, [CASE06_SECRET])


def test_case06_masked_page_gives_og201_only() -> None:
    findings = run(_error_site(technical_500("KeyError at /reports/export/", CASE06_MASKED)), "OG201", "OG202")
    assert pairs(findings) == {("OG201", f"{BASE}/reports/export/")}


# --- case 07: Authorization header on the technical 500 page (Django < 5.2) ----------------------

CASE07_JWT = (
    "eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCJ9.eyJpc3MiOiJodHRwczovL29wLmV4YW1wbGUudGVzdCIsInN1YiI6InVzZXItNDgyMSIsImF1"
    "ZCI6InBvcnRhbC1hcGkiLCJzY29wZSI6Im9wZW5pZCBlbWFpbCIsImlhdCI6MTczNTY4OTYwMCwiZXhwIjo0MTAyNDQ0ODAwLCJqdGkiOiJvVTNW"
    "MTdqS1VOenkyd3VaIn0.mAfrQcs7TlOGqBGJ_vhqNELrtdBg04js3VkLa8mjmJQukQxl1ISX1TwIM3UXPOwiIu0mm8vTQWhB4r6YYCv_YMQQcpA-M"
    "tQSb6omTtZuiyG2xgMRjUqyBou9k61lB458Q0xOSQq4d2Kgr-iSFiJRwfi6VocBSDEBJZPXbwl_1ViBo4rP3mvvgfZKXREZW-NC88y6BGifqcIiAW"
    "qxv5LPueV5_WCtyIoOgkC8xyKnbxcb1fXn_N8-zWkuzgi3KV-2DH4MC2p0kMySB4fn9SSTAD73K9_n2-iYD_w-8sq0jpG8L6lE2qi0Nhk2wOCyYfgr"
    "5vQwLNsxNlswMnj3eUZnUQ"
)
CASE07_ROW = ("<h3 id=\"meta-info\">META</h3>\n<tr>\n  <td>HTTP_AUTHORIZATION</td>\n  <td class=\"code\"><pre>&#x27;Bearer "
              + CASE07_JWT + "&#x27;</pre></td>\n</tr>")


def test_case07_bearer_token_on_debug_page() -> None:
    page = technical_500("AttributeError at /api/reports/broken/", CASE07_ROW)
    findings = run(_error_site(page, "/api/reports/broken/"), "OG201", "OG202")
    url = f"{BASE}/api/reports/broken/"
    assert pairs(findings) == {("OG201", url), ("OG202", url)}
    og202 = next(f for f in findings if f.rule_id == "OG202")
    assert og202.severity in (Severity.HIGH, Severity.CRITICAL)
    assert og202.secret_kind == "jwt"
    assert_never_shown(findings, [CASE07_JWT])


def test_case07_masked_page_gives_og201_only() -> None:
    page = technical_500("AttributeError at /api/reports/broken/", CASE07_ROW.replace(
        "Bearer " + CASE07_JWT, "********************"))
    findings = run(_error_site(page, "/api/reports/broken/"), "OG201", "OG202")
    assert pairs(findings) == {("OG201", f"{BASE}/api/reports/broken/")}


# --- case 08: DATABASE_URL is outside Django's masking pattern -----------------------------------

CASE08_PASSWORD = "i6usGzgT0vDiKkyF2TkyzOKw"
CASE08_ROW = ("<tr>\n  <td>DATABASE_URL</td>\n  <td class=\"code\"><pre>&#x27;postgres://app:" + CASE08_PASSWORD
              + "@db.internal:5432/app&#x27;</pre></td>\n</tr>")


def test_case08_database_password_on_debug_page() -> None:
    findings = run(_error_site(technical_500("ValueError at /x/", CASE08_ROW), "/x/"), "OG201", "OG202")
    assert pairs(findings) == {("OG201", f"{BASE}/x/"), ("OG202", f"{BASE}/x/")}
    og202 = next(f for f in findings if f.rule_id == "OG202")
    assert og202.severity in (Severity.HIGH, Severity.CRITICAL)
    assert_never_shown(findings, [CASE08_PASSWORD])


# --- case 14 and 20: cookies ---------------------------------------------------------------------

CSRF_LAX = ("csrftoken=49apmamx8FS88gaximyfsQ2ABzwewzXy; expires=Tue, 10 Mar 2026 12:00:00 GMT; "
            "Max-Age=31449600; Path=/; SameSite=Lax")
SESSION_BARE = "sessionid=60mthj5dra14fitr06t0jek92jgp915v; expires=Tue, 25 Mar 2025 12:00:00 GMT; Max-Age=1209600; Path=/"
AUTHORIZE = ("https://op.example.test/authorize?response_type=code&client_id=portal-web&scope=openid+email"
             "&redirect_uri=https%3A%2F%2Fportal.example.test%2Foidc%2Fcallback%2F&state=iMEI2nvbxcji9BjpCu4WWJoozmWoyuGB"
             "&nonce=5qTRXqT1PZj1pRoijpk6uQTquOtFwhq6")


def _cookie_site(csrf_cookie: str) -> Site:
    return Site({
        "/": html('<a href="/accounts/login/">Log in</a>'),
        "/accounts/login/": html("<form></form>", headers=[("Set-Cookie", csrf_cookie)]),
        "/oidc/authenticate/": redirect(AUTHORIZE, headers=[("Set-Cookie", SESSION_BARE)]),
    })


def test_case14_session_and_csrf_cookies() -> None:
    findings = run(_cookie_site(CSRF_LAX), "OG203")
    assert pairs(findings) == {("OG203", f"{BASE}/accounts/login/"), ("OG203", f"{BASE}/oidc/authenticate/")}
    by_url = {f.location.url: f for f in findings}
    session = by_url[f"{BASE}/oidc/authenticate/"]
    assert session.severity == Severity.MEDIUM
    assert all(flag in session.message for flag in ("Secure", "HttpOnly", "SameSite"))
    csrf = by_url[f"{BASE}/accounts/login/"]
    assert Severity.LOW <= csrf.severity <= Severity.MEDIUM
    assert "HttpOnly" not in csrf.message  # csrftoken without HttpOnly is not a finding
    assert_never_shown(findings, ["49apmamx8FS88gaximyfsQ2ABzwewzXy", "60mthj5dra14fitr06t0jek92jgp915v"])


def test_case20_csrf_cookie_without_httponly_is_not_a_finding() -> None:
    findings = run(_cookie_site(CSRF_LAX + "; Secure"), "OG203")
    assert [f for f in findings if "csrftoken" in f.message and f.severity >= Severity.LOW] == []
    # control: the bare session cookie of case 14 still fires
    assert pairs(findings) == {("OG203", f"{BASE}/oidc/authenticate/")}


# --- case 16: tokens in a Location header --------------------------------------------------------

CASE16_ACCESS = (
    "eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCJ9.eyJpc3MiOiJodHRwczovL29wLmV4YW1wbGUudGVzdCIsInN1YiI6InVzZXItNzMwNSIsImF1ZCI"
    "6InNwYS13ZWIiLCJzY29wZSI6Im9wZW5pZCBwcm9maWxlIiwiaWF0IjoxNzM1Njg5NjAwLCJleHAiOjQxMDI0NDQ4MDAsImp0aSI6IjhPQWNNNms5"
    "ZHZ2VTJnR28ifQ.Z_-9aWg0LobhRFYHrP_5aCmB4t49820zPBjFqTjZIlTg57PvvT-4ARLcuOQDcfdksquu2u_cqikhYjN13aobBwCgaepRQTReKR"
    "FoSNfrBr7ILQu4EMdjlS0i56Se8e8_gseHlRDGDGGsbcoSxXOwpfWmI5FrjYKjEsQ9dIQFi_vjzdfNADFOOdcW-cXrFyVCYDiZlSCONt_8SvGjzMd"
    "WTLWcCwt8Lk0BTJtFXI1zWH-Byjc1NC2lcPV_LXFkxCrM_zq5xjtY0SxSi8PkwNhAZUaRUibI5bzDqj5De0dpLmXpmEbOJ717RzypUrywt-SZE3wVl"
    "Pine-h9pnOiiF2X_g"
)
CASE16_REFRESH = "bwmWL88wDrIHTkFKcQvD2icgfMCRYmRK"


def test_case16_tokens_in_location_header() -> None:
    site = Site({
        "/": html('<a href="/oidc/done/">done</a>'),
        "/oidc/done/": redirect(f"https://spa.example.test/cb?access_token={CASE16_ACCESS}&refresh_token={CASE16_REFRESH}"),
    })
    findings = run(site, "OG209")
    assert pairs(findings) == {("OG209", f"{BASE}/oidc/done/")}
    [finding] = findings
    assert Severity.MEDIUM <= finding.severity <= Severity.HIGH
    assert_never_shown(findings, [CASE16_ACCESS, CASE16_REFRESH])
    # the redirect was read, never followed: spa.example.test got no request
    assert all(r.url.host == "portal.example.test" for r in site.requests)
