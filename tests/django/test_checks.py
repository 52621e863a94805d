"""`manage.py check --deploy` on small real projects (one subprocess each): exact oidcguard ids for
hardened settings and the cases' leaky variants; SILENCED_SYSTEM_CHECKS; missing settings."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

pytest.importorskip("mozilla_django_oidc")

from project_factory import ENV, HARDENED, check_ids, make_project, manage  # noqa: E402

pytestmark = pytest.mark.skipif(
    not Path(__file__).with_name("project_factory.py").exists(), reason="factory missing"
)

CASE_08 = '''
DEBUG = True
DATABASE_URL = os.environ["DATABASE_URL"]
CELERY_BROKER_URL = os.environ["CELERY_BROKER_URL"]
OIDC_PROVIDER_CONF = {
    "endpoint": "https://op.example.test",
    "client_cred": os.environ["OIDC_CLIENT_CRED"],
}
del DEFAULT_EXCEPTION_REPORTER_FILTER
'''
CASE_08_ENV = {
    "DATABASE_URL": "postgres://app:i6usGzgT0vDiKkyF2TkyzOKw@db.internal:5432/app",
    "CELERY_BROKER_URL": "redis://:O9mFD9qIwBi34MggXkLSjz3l@cache.internal:6379/0",
    "OIDC_CLIENT_CRED": "f7qkOstj6n9zWCiPJpvvUR6BNpPZ0u9j",
}
CASE_09 = '''
INSTALLED_APPS.append("oauth2_provider")
OAUTH2_PROVIDER = {
    "OIDC_ENABLED": True,
    "ALLOWED_REDIRECT_URI_SCHEMES": ["https", "http"],
    "ALLOW_URI_WILDCARDS": True,
    "PKCE_REQUIRED": False,
}
'''
CASE_10 = '''
OIDC_REDIRECT_REQUIRE_HTTPS = False
OIDC_REDIRECT_ALLOWED_HOSTS = ["*", "localhost:3000"]
'''
CASE_14 = '''
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
SESSION_COOKIE_SAMESITE = None
SESSION_COOKIE_HTTPONLY = False
CSRF_COOKIE_HTTPONLY = False
'''
CASE_20 = '''
SESSION_COOKIE_SECURE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SECURE = True
CSRF_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = False
'''


def ids(tmp_path: Path, extra: str = "", env: dict[str, str] | None = None) -> list[str]:
    return check_ids(make_project(tmp_path / "project", HARDENED + extra), env)


def test_hardened_project_has_no_oidcguard_messages(tmp_path: Path) -> None:
    assert ids(tmp_path) == []


def test_case08_unmasked_credential_settings(tmp_path: Path) -> None:
    assert ids(tmp_path, CASE_08, {**ENV, **CASE_08_ENV}) == ["oidcguard.W110"] + ["oidcguard.W112"] * 3


def test_case08_url_credentials_without_the_filter(tmp_path: Path) -> None:
    found = ids(tmp_path, CASE_08, {**ENV, **CASE_08_ENV})
    assert found.count("oidcguard.W112") >= 2 and "oidcguard.W110" in found


def test_case08_our_filter_silences_w112(tmp_path: Path) -> None:
    extra = CASE_08.replace("del DEFAULT_EXCEPTION_REPORTER_FILTER", "")
    assert ids(tmp_path, extra, {**ENV, **CASE_08_ENV}) == ["oidcguard.W110"]


@pytest.mark.parametrize(
    ("extra", "expected"),
    [
        (CASE_09, ["oidcguard.W150", "oidcguard.W150", "oidcguard.W152"]),  # case 09
        (CASE_10, ["oidcguard.W150", "oidcguard.W150"]),  # case 10 (https off, loopback host)
        ("OIDC_USE_NONCE = False\n", ["oidcguard.W160"]),  # case 11
        ("OIDC_ALLOW_UNSECURED_JWT = True\n", ["oidcguard.W160"]),  # case 12 A
        ('OIDC_ALLOW_UNSECURED_JWT = "False"\n', ["oidcguard.W160"]),  # case 12 B: a truthy string
        (CASE_14, ["oidcguard.W120"] * 4),  # case 14: lines 5-8, nothing for CSRF_COOKIE_HTTPONLY
        ("OIDC_VERIFY_SSL = False\n", ["oidcguard.W130"]),  # case 15
        (CASE_20, []),  # case 20: CSRF_COOKIE_HTTPONLY = False is not a finding
    ],
    ids=["case09", "case10", "case11", "case12-true", "case12-string", "case14", "case15", "case20"],
)
def test_leaky_variants_exact_ids(tmp_path: Path, extra: str, expected: list[str]) -> None:
    if extra is CASE_09:
        pytest.importorskip("oauth2_provider")
    assert ids(tmp_path, extra) == expected


def test_silenced_system_checks(tmp_path: Path) -> None:
    pytest.importorskip("oauth2_provider")
    assert ids(tmp_path, CASE_09 + 'SILENCED_SYSTEM_CHECKS = ["oidcguard.W150"]\n') == ["oidcguard.W152"]


def test_checks_only_with_deploy(tmp_path: Path) -> None:
    root = make_project(tmp_path / "project", HARDENED + "OIDC_USE_NONCE = False\n")
    result = manage(root, "check")
    assert "oidcguard.W160" not in result.stdout + result.stderr and result.returncode == 0


def test_missing_and_empty_settings_never_raise(tmp_path: Path) -> None:
    minimal = '''
SECRET_KEY = "tests-3xZq8mW3nV7bX2cL5kJ9hGfD4sA6pO0iU2yT8rE5wQ1zX7cV9bN4mK6jH3gF"
INSTALLED_APPS = ["oidcguard.django"]
ROOT_URLCONF = "urls"
DATABASES = {}
OIDC_RP_CLIENT_SECRET = ""
OAUTH2_PROVIDER = {}
LOGGING = None
'''
    root = make_project(tmp_path / "project", minimal)
    (root / "urls.py").write_text("urlpatterns = []\n", encoding="utf-8")
    result = manage(root, "check", "--deploy", env={})
    assert "Traceback" not in result.stderr
    assert "oidcguard.W000" not in result.stdout + result.stderr


def test_management_command_json_report(tmp_path: Path) -> None:
    root = make_project(tmp_path / "project", HARDENED + "OIDC_USE_NONCE = False\nBASE_DIR = os.path.dirname(__file__)\n")
    result = manage(root, "oidcguard", "--format", "json", "--fail-on", "critical")
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    rule_ids = {f["rule_id"] for f in report["findings"]}
    assert "OG160" in rule_ids
    assert ENV["OIDC_RP_CLIENT_SECRET"] not in result.stdout


def test_management_command_fails_on_threshold(tmp_path: Path) -> None:
    root = make_project(tmp_path / "project", HARDENED + "OIDC_VERIFY_SSL = False\nBASE_DIR = os.path.dirname(__file__)\n")
    result = manage(root, "oidcguard", "--fail-on", "low", "--no-scan")
    assert result.returncode == 1
    assert "OG130" in result.stdout
