"""OG301 (JWT classes and expiry), OG304 (own secrets in every form), OG305, OG306."""

from __future__ import annotations

import base64
import json
from pathlib import Path
from urllib.parse import quote

import jwt
import pytest

from oidcguard.findings import Category, Severity
from oidcguard.logs import known as known_mod
from oidcguard.rules import load_catalogue
from oidcguard.shapes import redact

from .helpers import NOW, assert_no_secret, scan_text, summary

KEY = "test-signing-key-0123456789abcdef0123456789"


def token(claims: dict[str, object], typ: str = "JWT") -> str:
    return jwt.encode({"iss": "https://op.example.test", "aud": "portal", **claims}, KEY, algorithm="HS256",
                      headers={"typ": typ})


LIVE, EXPIRED = int(NOW) + 3600, int(NOW) - 3600


@pytest.mark.parametrize(
    ("line", "claims", "kind", "severity"),
    [
        ("GET /api/?x=1 Authorization: Bearer {t}", {"scope": "read", "exp": LIVE}, "access", Severity.HIGH),
        ("GET /api/?x=1 Authorization: Bearer {t}", {"scope": "read", "exp": EXPIRED}, "access", Severity.LOW),
        ("POST /o/token/ refresh_token={t}", {"sub": "u1", "exp": LIVE}, "refresh", Severity.CRITICAL),
        ("POST /o/token/ refresh_token={t}", {"sub": "u1", "exp": EXPIRED}, "refresh", Severity.CRITICAL),
        ("callback id_token={t}", {"sub": "u1", "nonce": "n-0S6_WzA2Mj", "exp": LIVE}, "id", Severity.MEDIUM),
        ("callback id_token={t}", {"sub": "u1", "nonce": "n-0S6_WzA2Mj", "exp": EXPIRED}, "id", Severity.LOW),
        ('{{"message": "token ok {t}"}}', {"sub": "u1", "exp": LIVE}, "unknown", Severity.MEDIUM),
    ],
)
def test_og301_classifies_and_grades_jwts(tmp_path: Path, line: str, claims: dict[str, object], kind: str,
                                          severity: Severity) -> None:
    t = token(claims)
    report = scan_text(tmp_path, "noise line\n" + line.format(t=t) + "\n")
    assert summary(report) == [("OG301", 2, 1, 2)]
    [finding] = report.findings
    assert (dict(finding.extra)["token_type"], finding.severity) == (kind, severity)
    assert "https://op.example.test" in finding.message
    assert_no_secret(report, t)


def test_og301_jwt_in_url_and_header_is_one_finding(tmp_path: Path) -> None:
    t = token({"scope": "openid profile", "exp": LIVE})
    text = (f'203.0.113.7 - - [11/Mar/2025:09:42:17 +0000] "GET /cb?access_token={t} HTTP/1.1" 302 0 "-" "-"\n'
            f"send: b'GET /me HTTP/1.1\\r\\nAuthorization: Bearer {t}\\r\\n\\r\\n'\n")
    assert summary(scan_text(tmp_path, text)) == [("OG301", 1, 2, 2)]


SECRET = "Qm9+vT3/xP8=kL2#wZ7!nR5@"  # characters that change under URL and JSON escaping
CLIENT_ID = "portal-web"


def _b64(s: str) -> str:
    return base64.b64encode(s.encode()).decode()


def test_og304_own_secret_in_every_form(tmp_path: Path) -> None:
    env = tmp_path / ".env"
    env.write_text(
        f"DEBUG=True\nOIDC_RP_CLIENT_ID={CLIENT_ID}\nOIDC_RP_CLIENT_SECRET='{SECRET}'\n"
        "DATABASE_URL=postgres://app:Pg7xK2mQ9vLr@db.internal/app\nTIME_ZONE=UTC\n", encoding="utf-8")
    known = known_mod.load(env_files=[env], environ={})
    assert {s.name for s in known.secrets} == {"OIDC_RP_CLIENT_SECRET", "DATABASE_URL"}
    lines = [
        f"2025-03-11 DEBUG app raw {SECRET} end",
        f"2025-03-11 DEBUG urllib3 POST /token body=grant_type=x&client_secret={quote(SECRET, safe='')}",
        f"2025-03-11 DEBUG app b64 {_b64(SECRET)}",
        f"2025-03-11 DEBUG app b64url {base64.urlsafe_b64encode(SECRET.encode()).decode().rstrip('=')}",
        json.dumps({"msg": "cfg", "value": SECRET}),
        f"2025-03-11 DEBUG requests_oauthlib {{'Authorization': 'Basic {_b64(CLIENT_ID + ':' + SECRET)}'}}",
        f"2025-03-11 DEBUG app Authorization: Basic {_b64('other-client:' + SECRET)}",
        "2025-03-11 INFO app nothing here",
        "2025-03-11 ERROR db connection failed for postgres://app:Pg7xK2mQ9vLr@db.internal/app",
    ]
    report = scan_text(tmp_path, "\n".join(lines) + "\n", known=known)
    assert summary(report) == [("OG304", 1, 7, 7), ("OG304", 9, 1, 9)]
    own = {f.location.line: f for f in report.findings}
    assert own[1].severity == Severity.CRITICAL and "OIDC_RP_CLIENT_SECRET" in own[1].message
    assert own[9].severity == Severity.HIGH and "DATABASE_URL" in own[9].message
    assert_no_secret(report, SECRET, "Pg7xK2mQ9vLr", _b64(CLIENT_ID + ":" + SECRET))


def test_og304_secret_env_and_settings(tmp_path: Path) -> None:
    settings = tmp_path / "settings.py"
    settings.write_text(
        "import os\n"
        "OIDC_RP_CLIENT_ID = 'portal-web'\n"
        "OIDC_RP_CLIENT_SECRET = os.environ['OIDC_SECRET']\n"
        "SOCIAL_AUTH_GITHUB_SECRET = 'gh0Literal5ecretV4lue9xQ'\n", encoding="utf-8")
    environ = {"OIDC_SECRET": "fromEnv7Kq2mW9xL4vB8nZ3", "CORP_TOKEN": "c0rpT0kenV4lue8xQ2mL"}
    known = known_mod.load(settings=[settings], env_names=["CORP_TOKEN"], environ=environ)
    assert {s.value for s in known.secrets} == {"fromEnv7Kq2mW9xL4vB8nZ3", "gh0Literal5ecretV4lue9xQ",
                                               "c0rpT0kenV4lue8xQ2mL"}
    text = ("a fromEnv7Kq2mW9xL4vB8nZ3\nb gh0Literal5ecretV4lue9xQ\nc c0rpT0kenV4lue8xQ2mL\n"
            f"d Basic {_b64('portal-web:fromEnv7Kq2mW9xL4vB8nZ3')}\n")
    report = scan_text(tmp_path, text, known=known)
    assert summary(report) == [("OG304", 1, 2, 4), ("OG304", 2, 1, 2), ("OG304", 3, 1, 3)]
    with pytest.raises(known_mod.KnownSecretsError):
        known_mod.load(env_names=["NOT_SET_ANYWHERE"], environ={})


def test_og305_known_formats_and_labelled(tmp_path: Path) -> None:
    text = (
        "2025-03-11 DEBUG boto using AKIAQ4GZ7XMPLE5TKEYZ for s3\n"
        "2025-03-11 DEBUG billing stripe key sk_live_51HqLyjWDarjtT1zdp7dcXk2s9\n"
        "2025-03-11 DEBUG cfg {'API_KEY': 'q8Zr2LmX9vK4tW7yP1nB6cJ3'}\n"
        "2025-03-11 DEBUG cfg api_key=aaaaaaaaaaaaaaaaaaaa\n"
    )
    report = scan_text(tmp_path, text)
    assert summary(report) == [("OG305", 1, 1, 1), ("OG305", 2, 1, 2), ("OG305", 3, 1, 3)]
    sev = {f.location.line: f.severity for f in report.findings}
    assert sev == {1: Severity.HIGH, 2: Severity.CRITICAL, 3: Severity.HIGH}


urlpatterns: list[object] = []  # ROOT_URLCONF for the error report below


def _django_error_report(hidden: str) -> str:
    """Django's own plain-text technical 500 report for a request carrying credentials."""
    pytest.importorskip("django.views.debug")
    import re

    from django.conf import settings

    if not settings.configured:
        settings.configure(DEBUG=False, ALLOWED_HOSTS=["*"], SECRET_KEY="x" * 50, ROOT_URLCONF=__name__)
    import django

    django.setup()
    from django.test import RequestFactory
    from django.views.debug import ExceptionReporter, SafeExceptionReporterFilter

    class Filter(SafeExceptionReporterFilter):
        hidden_settings = re.compile(hidden, flags=re.I)

    request = RequestFactory().get(
        "/api/orders/", HTTP_AUTHORIZATION="Bearer 4vN0qgK1mZ8xR3tY6wP2sL9c",
        HTTP_COOKIE="sessionid=k2j9x8w7v6u5t4s3r2q1p0o9n8m7l6k5; csrftoken=AbCdEfGhIjKlMnOpQrStUvWxYz012345",
    )
    try:
        raise RuntimeError("boom")
    except RuntimeError as exc:
        reporter = ExceptionReporter(request, type(exc), exc, exc.__traceback__)
        reporter.filter = Filter()
        return reporter.get_traceback_text()


def test_og306_django_error_report_with_unmasked_meta(tmp_path: Path) -> None:
    # Django before 5.2 did not mask AUTH (django/views/debug.py hidden_settings), nor cookies
    # in a reporter that drops HTTP_COOKIE from the pattern.
    text = _django_error_report("API|TOKEN|KEY|SECRET|PASS|SIGNATURE")
    report = scan_text(tmp_path, text, "error.log")
    meta = {f.secret_kind: f for f in report.findings if f.rule_id == "OG306"}
    lines = text.splitlines()
    auth_line = next(i for i, line in enumerate(lines, 1) if line.startswith("HTTP_AUTHORIZATION"))
    cookie_line = next(i for i, line in enumerate(lines, 1) if line.startswith("HTTP_COOKIE"))
    assert (meta["Bearer credential"].location.line, meta["Bearer credential"].severity) == (auth_line, Severity.HIGH)
    assert (meta["sessionid cookie"].location.line, meta["sessionid cookie"].severity) == (cookie_line,
                                                                                          Severity.HIGH)
    assert meta["sessionid cookie"].category is Category.DEBUG_EXPOSURE
    assert_no_secret(report, "4vN0qgK1mZ8xR3tY6wP2sL9c", "k2j9x8w7v6u5t4s3r2q1p0o9n8m7l6k5")


def test_og306_masked_report_does_not_fire(tmp_path: Path) -> None:
    text = _django_error_report("API|AUTH|TOKEN|KEY|SECRET|PASS|SIGNATURE|HTTP_COOKIE")
    report = scan_text(tmp_path, text, "error.log")
    assert [f for f in report.findings if f.rule_id in {"OG306", "OG302"}] == []


def test_catalogue_has_the_logs_rules_with_docs() -> None:
    logs_rules = [r for r in load_catalogue() if r.front == "logs"]
    assert [r.id for r in logs_rules] == ["OG301", "OG302", "OG303", "OG304", "OG305", "OG306"]
    for r in logs_rules:
        assert r.subjects == ("logs",)
        assert r.category is (Category.DEBUG_EXPOSURE if r.id == "OG306" else Category.LEAKED_CREDENTIAL)
        for heading in ("## What it does", "## Why is this bad?", "## Example", "## Use instead",
                        "## Known false positives", "## References"):
            assert heading in r.doc, (r.id, heading)


def test_json_escaped_and_url_encoded_values_are_decoded(tmp_path: Path) -> None:
    lines = [
        # JSON lines: `\u0026` hides the `&` before the parameter, `\/` escapes slashes.
        json.dumps({"level": "info", "url": "https://rp.example.test/cb?state=x&access_token=jS0nEsc4ped7Kq2mW9xL4v"})
        .replace("&", "\\u0026").replace("/", "\\/"),
        # a JSON string holding JSON
        json.dumps({"msg": json.dumps({"client_secret": "NeStedJs0nS3cret8xQ2mL4v"})}),
        # a URL-encoded URL inside a query string
        '203.0.113.7 - - [11/Mar/2025:09:42:17 +0000] "GET /login/?next=https%3A%2F%2Fspa.example.test%2Fcb'
        '%3Faccess_token%3DurLEnc0ded7Kq2mW9xL4vB%26state%3Dabc HTTP/1.1" 302 0 "-" "-"',
    ]
    report = scan_text(tmp_path, "\n".join(lines) + "\n")
    got = sorted((f.location.line, f.evidence, f.severity.label) for f in report.findings)
    assert got == [(1, redact("jS0nEsc4ped7Kq2mW9xL4v"), "high"), (2, redact("NeStedJs0nS3cret8xQ2mL4v"), "critical"),
                   (3, redact("urLEnc0ded7Kq2mW9xL4vB"), "high")]
    assert {dict(f.extra)["layout"] for f in report.findings} == {"json", "access-combined"}


@pytest.mark.parametrize(
    ("line", "layout"),
    [
        ('[11/Mar/2025 09:42:17] "GET /oidc/callback/?code={c}&state=af0ifjsldkj HTTP/1.1" 302 0', "django-runserver"),
        ('10.1.2.3 - - [11/Mar/2025:09:42:17 +0000] "GET /oidc/callback/?code={c}&state=af0ifjsldkj HTTP/1.1" '
         '302 0 "-" "Mozilla/5.0"', "access-combined"),
        ("[2025-03-11 09:42:17 +0000] [12] [DEBUG] GET /oidc/callback/?code={c}&state=af0ifjsldkj", "gunicorn"),
        ("[pid: 12|app: 0|req: 7/9] 10.1.2.3 () {{34 vars in 612 bytes}} [Tue Mar 11 09:42:17 2025] "
         "GET /oidc/callback/?code={c}&state=af0ifjsldkj => generated 0 bytes in 3 msecs (HTTP/1.1 302)", "uwsgi"),
        ("2025-03-11 09:42:17,204 DEBUG urllib3.connectionpool https://op.example.test:443 "
         '"POST /token HTTP/1.1" 200 - body grant_type=authorization_code&code={c}&redirect_uri=x', "python-logging"),
    ],
)
def test_authorization_code_on_callbacks_in_each_layout(tmp_path: Path, line: str, layout: str) -> None:
    code = "SplxlOBeZQQYbYS6WxSbIA"
    report = scan_text(tmp_path, line.format(c=code) + "\n")
    assert [(f.rule_id, f.location.line, f.severity, f.secret_kind) for f in report.findings] == [
        ("OG303", 1, Severity.MEDIUM, "authorization code")]
    assert dict(report.findings[0].extra)["layout"] == layout


def test_og302_cookies_and_other_schemes_og306_json_meta(tmp_path: Path) -> None:
    sessionid, csrf = "k2j9x8w7v6u5t4s3r2q1p0o9n8m7l6k5", "AbCdEfGhIjKlMnOpQrStUvWxYz012345"
    lines = [
        f"send: b'GET /me HTTP/1.1\\r\\nCookie: sessionid={sessionid}; csrftoken={csrf}\\r\\n\\r\\n'",
        "2025-03-11 DEBUG api headers {'Authorization': 'Token 9944b09199c62bcf9418ad846dd0e4bbdfc6ee4b'}",
        json.dumps({"event": "error", "request": {"env": {"HTTP_AUTHORIZATION": "Bearer mEtaJs0nT0ken7Kq2mW9xL4v"}}}),
    ]
    report = scan_text(tmp_path, "\n".join(lines) + "\n")
    got = sorted((f.rule_id, f.location.line, f.secret_kind, f.severity.label) for f in report.findings)
    assert got == [
        ("OG302", 1, "CSRF token", "low"),
        ("OG302", 1, "session cookie", "high"),
        ("OG302", 2, "Token credential", "high"),
        ("OG306", 3, "Bearer credential", "high"),
    ]


def test_og304_settings_package_with_star_import(tmp_path: Path) -> None:
    pkg = tmp_path / "settings"
    pkg.mkdir()
    (pkg / "base.py").write_text("OIDC_RP_CLIENT_SECRET = 'b4seM0duleS3cret7Kq2mW9'\n", encoding="utf-8")
    (pkg / "production.py").write_text("from .base import *\nDEBUG = False\n", encoding="utf-8")
    known = known_mod.load(settings=[pkg / "production.py"], environ={})
    assert [(s.name, s.value, s.client_secret) for s in known.secrets] == [
        ("OIDC_RP_CLIENT_SECRET", "b4seM0duleS3cret7Kq2mW9", True)]
    report = scan_text(tmp_path, "x client_secret=b4seM0duleS3cret7Kq2mW9\n", known=known)
    assert summary(report) == [("OG304", 1, 1, 1)]


def test_og303_camel_case_json_keys(tmp_path: Path) -> None:
    line = json.dumps({"keycloak": {"accessToken": "cAmelAcc3ssT0ken7Kq2mW9x", "clientSecret": "cAmelCl1entS3cret8xQ2mL"}})
    report = scan_text(tmp_path, line + "\n")
    got = sorted((f.secret_kind, f.severity.label, dict(f.extra)["parameter"]) for f in report.findings)
    assert got == [("access token", "high", "access_token"), ("client secret", "critical", "client_secret")]


def test_og305_api_key_header_in_a_wire_dump(tmp_path: Path) -> None:
    line = "send: b'GET /v1/items HTTP/1.1\\r\\nHost: api.example.test\\r\\nX-Api-Key: q8Zr2LmX9vK4tW7yP1nB6cJ3\\r\\n\\r\\n'"
    report = scan_text(tmp_path, line + "\n")
    assert [(f.rule_id, f.evidence) for f in report.findings] == [("OG305", redact("q8Zr2LmX9vK4tW7yP1nB6cJ3"))]


def test_form_body_right_after_the_headers_of_a_wire_dump(tmp_path: Path) -> None:
    line = ("send: b'POST /o/token/ HTTP/1.1\\r\\nHost: op.example.test\\r\\n\\r\\n"
            "client_secret=w1reDumpS3cret7Kq2mW9xL&grant_type=client_credentials'")
    report = scan_text(tmp_path, line + "\n")
    assert [(f.rule_id, f.evidence) for f in report.findings] == [("OG303", redact("w1reDumpS3cret7Kq2mW9xL"))]
