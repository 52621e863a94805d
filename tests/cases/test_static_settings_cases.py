"""Acceptance cases (../shared/cases) that concern settings: exact (rule, path, line) and severity ranges."""

from __future__ import annotations

import pytest

from oidcguard.findings import Severity

from .conftest import Scan, between, severity_of, where

DOT_SETTINGS_01 = """
INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "oauth2_provider",
]

LOGGING = {
    "version": 1,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "loggers": {
        "oauth2_provider": {"handlers": ["console"], "level": "DEBUG"},
    },
}
"""


def test_case01_dot_below_340_logs_client_secrets(scan_files: Scan) -> None:
    found = scan_files({"requirements.txt": "django-oauth-toolkit==3.3.0\n", "provider/settings.py": DOT_SETTINGS_01})
    assert where(found, "OG140") == {("OG140", "provider/settings.py", 11)}
    assert severity_of(found, "OG140", "provider/settings.py", 11) is Severity.MEDIUM


def test_case01_dot_340_is_info_only(scan_files: Scan) -> None:
    found = scan_files({"requirements.txt": "django-oauth-toolkit==3.4.0\n", "provider/settings.py": DOT_SETTINGS_01},
                       include_info=True)
    assert where(found, "OG140") == {("OG140", "provider/settings.py", 11)}
    assert severity_of(found, "OG140", "provider/settings.py", 11) is Severity.INFO


def test_case01_root_logger_inherited(scan_files: Scan) -> None:
    settings = """
    INSTALLED_APPS = ["oauth2_provider"]
    LOGGING = {
        "version": 1,
        "handlers": {"console": {"class": "logging.StreamHandler"}},
        "root": {"handlers": ["console"], "level": "DEBUG"},
    }
    """
    found = scan_files({"requirements.txt": "django-oauth-toolkit==3.3.0\n", "provider/settings.py": settings})
    assert where(found, "OG140") == {("OG140", "provider/settings.py", 5)}
    assert severity_of(found, "OG140", "provider/settings.py", 5) is Severity.MEDIUM


CASE02 = """
INSTALLED_APPS = ["django.contrib.auth", "django.contrib.contenttypes", "oauth2_provider"]

LOGGING = {
    "version": 1,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "DEBUG"},
}
"""


def test_case02_variant_a_root_debug_inherited_by_oauthlib(scan_files: Scan) -> None:
    found = scan_files({"requirements.txt": "django-oauth-toolkit==3.4.0\n", "provider/settings.py": CASE02})
    assert where(found, "OG140") == {("OG140", "provider/settings.py", 6)}
    assert severity_of(found, "OG140", "provider/settings.py", 6) is Severity.MEDIUM


def test_case02_variant_b_oauthlib_at_info(scan_files: Scan) -> None:
    lines = CASE02.lstrip("\n").splitlines()
    lines.insert(6, '    "loggers": {"oauthlib": {"handlers": ["console"], "level": "INFO", "propagate": False}},')
    found = scan_files({"requirements.txt": "django-oauth-toolkit==3.4.0\n", "provider/settings.py": "\n".join(lines)})
    assert all(f.severity <= Severity.LOW for f in found if f.rule_id == "OG140")
    assert where(found, "OG140") <= {("OG140", "provider/settings.py", 6)}


def test_case03_requests_oauthlib_debug_in_settings_and_code(scan_files: Scan) -> None:
    found = scan_files({
        "myproject/settings.py": """
            LOGGING = {
                "version": 1,
                "handlers": {"console": {"class": "logging.StreamHandler"}},
                "root": {"handlers": ["console"], "level": "INFO"},
                "loggers": {
                    "requests_oauthlib": {"handlers": ["console"], "level": "DEBUG"},
                },
            }
            """,
        "reports/sync.py": """
            import http.client
            import logging

            from requests_oauthlib import OAuth2Session

            http.client.HTTPConnection.debuglevel = 1
            logging.getLogger("requests_oauthlib").setLevel(logging.DEBUG)


            def fetch_profile(client_id, token):
                session = OAuth2Session(client_id, token=token)
                return session.get("https://api.example.test/v1/me", timeout=10)
            """,
    })
    assert where(found, "OG140") == {
        ("OG140", "myproject/settings.py", 6), ("OG140", "reports/sync.py", 6), ("OG140", "reports/sync.py", 7)}
    for _, path, line in where(found, "OG140"):
        assert between(severity_of(found, "OG140", path, line), "low", "medium")


def test_case03_info_level_does_not_fire(scan_files: Scan) -> None:
    found = scan_files({
        "myproject/settings.py": 'LOGGING = {"version": 1, "loggers": {"requests_oauthlib": {"level": "INFO"}}}\n',
        "reports/sync.py": 'import logging\nlogging.getLogger("requests_oauthlib").setLevel(logging.INFO)\n',
    })
    assert where(found, "OG140") == set()


CASE04_SETTINGS = """
import os

import sentry_sdk
from sentry_sdk.integrations.django import DjangoIntegration

INSTALLED_APPS = ["django.contrib.auth", "django.contrib.sessions", "mozilla_django_oidc"]

sentry_sdk.init(
    dsn=os.environ["SENTRY_DSN"],
    integrations=[DjangoIntegration()],
)
"""
CASE04_URLS = """
from django.urls import include, path

urlpatterns = [path("oidc/", include("mozilla_django_oidc.urls"))]
"""


def test_case04_variant_a_sentry_without_scrubber(scan_files: Scan) -> None:
    found = scan_files({"tokenapp/settings.py": CASE04_SETTINGS, "tokenapp/urls.py": CASE04_URLS})
    assert where(found, "OG112") == {("OG112", "tokenapp/settings.py", 8)}
    assert severity_of(found, "OG112", "tokenapp/settings.py", 8) is Severity.LOW
    assert not [f for f in found if f.category.value in {"hardcoded-secret", "secret-default"}]


def test_case04_variant_b_scrubbed(scan_files: Scan) -> None:
    settings = CASE04_SETTINGS.replace("    integrations=[DjangoIntegration()],\n",
                                       "    integrations=[DjangoIntegration()],\n    before_send=scrub_event,\n")
    settings = settings.replace("import sentry_sdk\n", "import sentry_sdk\nfrom tokenapp.sentry import scrub_event\n")
    found = scan_files({"tokenapp/settings.py": settings, "tokenapp/urls.py": CASE04_URLS})
    assert where(found, "OG112") == set()


def test_case04_no_callback_route(scan_files: Scan) -> None:
    found = scan_files({"tokenapp/settings.py": CASE04_SETTINGS,
                        "tokenapp/urls.py": "from django.urls import path\nurlpatterns = []\n"})
    assert where(found, "OG112") == set()


CASE06 = """
import os

DEBUG = True

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "allauth",
    "allauth.account",
    "allauth.socialaccount",
    "allauth.socialaccount.providers.openid_connect",
]

SOCIALACCOUNT_PROVIDERS = {
    "openid_connect": {
        "APPS": [
            {
                "provider_id": "corp",
                "name": "Corp SSO",
                "client_id": "intranet-web",
                "secret": os.environ["CORP_OIDC_SECRET"],
                "settings": {"server_url": "https://op.example.test"},
            },
        ],
    },
}
"""


@pytest.mark.parametrize(("django", "list_leak"), [("3.0.14", True), ("3.1", False), ("4.2.16", False)])
def test_case06_list_nested_secret(scan_files: Scan, django: str, list_leak: bool) -> None:
    found = scan_files({"requirements.txt": f"Django=={django}\n", "config/settings.py": CASE06})
    assert where(found, "OG110") == {("OG110", "config/settings.py", 3)}
    assert severity_of(found, "OG110", "config/settings.py", 3) is Severity.CRITICAL
    assert where(found, "OG112") == ({("OG112", "config/settings.py", 22)} if list_leak else set())
    if list_leak:
        assert severity_of(found, "OG112", "config/settings.py", 22) is Severity.HIGH


CASE07 = """
DEBUG = True

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "rest_framework",
    "mozilla_django_oidc",
]

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "mozilla_django_oidc.contrib.drf.OIDCAuthentication",
    ],
}
"""
CASE07_REQS = "Django=={}\nmozilla-django-oidc==4.0.1\ndjangorestframework==3.15.2\n"


def test_case07_variant_a_debug_page_prints_bearer(scan_files: Scan) -> None:
    found = scan_files({"requirements.txt": CASE07_REQS.format("4.2.16"), "api/settings.py": CASE07})
    assert where(found, "OG110", "OG112") == {("OG110", "api/settings.py", 1), ("OG112", "api/settings.py", 12)}
    assert severity_of(found, "OG110", "api/settings.py", 1) is Severity.CRITICAL
    assert severity_of(found, "OG112", "api/settings.py", 12) is Severity.HIGH


def test_case07_variant_b_admin_mails(scan_files: Scan) -> None:
    settings = CASE07.lstrip("\n").replace("DEBUG = True\n\n", 'DEBUG = False\nADMINS = [("Ops", "ops@example.test")]\n', 1)
    found = scan_files({"requirements.txt": CASE07_REQS.format("4.2.16"), "api/settings.py": settings})
    assert where(found, "OG110", "OG112") == {("OG112", "api/settings.py", 2)}
    assert severity_of(found, "OG112", "api/settings.py", 2) is Severity.HIGH


def test_case07_explicit_admin_email_handler(scan_files: Scan) -> None:
    settings = CASE07.lstrip("\n").replace("DEBUG = True", "DEBUG = False") + (
        'LOGGING = {\n    "version": 1,\n    "handlers": {\n        "mail": {\n'
        '            "class": "django.utils.log.AdminEmailHandler",\n            "include_html": True,\n        },\n'
        "    },\n}\n")
    found = scan_files({"requirements.txt": CASE07_REQS.format("4.2.16"), "api/settings.py": settings})
    assert where(found, "OG112") == {("OG112", "api/settings.py", 19)}


def test_case07_django_52_masks_authorization(scan_files: Scan) -> None:
    found = scan_files({"requirements.txt": CASE07_REQS.format("5.2"), "api/settings.py": CASE07})
    assert where(found, "OG110", "OG112") == {("OG110", "api/settings.py", 1)}


CASE08 = """
import os

DEBUG = True

DATABASE_URL = os.environ["DATABASE_URL"]
CELERY_BROKER_URL = os.environ["CELERY_BROKER_URL"]
OIDC_PROVIDER_CONF = {
    "endpoint": "https://op.example.test",
    "client_cred": os.environ["OIDC_CLIENT_CRED"],
}
OIDC_RP_CLIENT_SECRET = os.environ["OIDC_RP_CLIENT_SECRET"]
"""
PATH08 = "myproject/settings/production.py"


def test_case08_variant_a_unmasked_names(scan_files: Scan) -> None:
    found = scan_files({PATH08: CASE08})
    assert where(found, "OG110", "OG112") == {
        ("OG110", PATH08, 3), ("OG112", PATH08, 5), ("OG112", PATH08, 6), ("OG112", PATH08, 9)}
    assert between(severity_of(found, "OG110", PATH08, 3), "high", "critical")
    assert {severity_of(found, "OG112", PATH08, n) for n in (5, 6, 9)} == {Severity.MEDIUM}


@pytest.mark.parametrize("filter_path", ["myproject.errors.BroadFilter", "oidcguard.django.ExceptionReporterFilter"])
def test_case08_variant_b_broad_filter(scan_files: Scan, filter_path: str) -> None:
    found = scan_files({
        PATH08: CASE08.lstrip("\n") + f'DEFAULT_EXCEPTION_REPORTER_FILTER = "{filter_path}"\n',
        "myproject/errors.py": """
            import re

            from django.views.debug import SafeExceptionReporterFilter


            class BroadFilter(SafeExceptionReporterFilter):
                hidden_settings = re.compile(
                    "API|AUTH|TOKEN|KEY|SECRET|PASS|SIGNATURE|CRED|URL|DSN", flags=re.IGNORECASE
                )
            """,
    })
    assert where(found, "OG110", "OG112") == {("OG110", PATH08, 3)}


CASE09 = """
import os

OAUTH2_PROVIDER = {
    "OIDC_ENABLED": True,
    "OIDC_RSA_PRIVATE_KEY": os.environ["OIDC_RSA_PRIVATE_KEY"],
    "ALLOWED_REDIRECT_URI_SCHEMES": ["https", "http"],
    "ALLOW_URI_WILDCARDS": True,
    "PKCE_REQUIRED": False,
}
"""


def test_case09_provider_settings(scan_files: Scan) -> None:
    path = "provider/settings/production.py"
    found = scan_files({"requirements.txt": "django-oauth-toolkit==3.4.1\n", path: CASE09})
    assert where(found, "OG150", "OG152") == {("OG150", path, 6), ("OG150", path, 7), ("OG152", path, 8)}
    assert severity_of(found, "OG150", path, 6) is Severity.MEDIUM
    assert severity_of(found, "OG150", path, 7) is Severity.MEDIUM
    assert severity_of(found, "OG152", path, 8) is Severity.LOW


@pytest.mark.parametrize("module", ["provider/settings/dev.py", "provider/settings/test.py"])
def test_case09_dev_and_test_modules_at_most_info(scan_files: Scan, module: str) -> None:
    found = scan_files({"requirements.txt": "django-oauth-toolkit==3.4.1\n", module: CASE09})
    assert where(found, "OG150", "OG152") == set()


def test_case09_https_only(scan_files: Scan) -> None:
    found = scan_files({"provider/settings/production.py": 'OAUTH2_PROVIDER = {"ALLOWED_REDIRECT_URI_SCHEMES": ["https"]}\n'})
    assert where(found, "OG150") == set()


@pytest.mark.parametrize(("pin", "expect"), [("1.7.1", True), ("2.0.0", False)])
def test_case09_pkce_default_before_200(scan_files: Scan, pin: str, expect: bool) -> None:
    path = "provider/settings/production.py"
    found = scan_files({"requirements.txt": f"django-oauth-toolkit=={pin}\n",
                        path: 'OAUTH2_PROVIDER = {\n    "OIDC_ENABLED": True,\n}\n'})
    assert where(found, "OG152") == ({("OG152", path, 1)} if expect else set())


def test_case10_variant_a(scan_files: Scan) -> None:
    path = "rp/settings/production.py"
    found = scan_files({path: 'OIDC_REDIRECT_REQUIRE_HTTPS = False\nOIDC_REDIRECT_ALLOWED_HOSTS = ["*", "localhost:3000"]\n'})
    assert where(found, "OG150") == {("OG150", path, 1), ("OG150", path, 2)}
    assert severity_of(found, "OG150", path, 1) is Severity.LOW
    assert between(severity_of(found, "OG150", path, 2), "low", "medium")
    assert not any("any host" in f.message for f in found)


def test_case10_variant_b_configurations(scan_files: Scan) -> None:
    found = scan_files({"rp/settings.py": """
        from configurations import Configuration, values


        class Production(Configuration):
            OIDC_REDIRECT_REQUIRE_HTTPS = values.BooleanValue(
                default=False, environ_name="OIDC_REDIRECT_REQUIRE_HTTPS", environ_prefix=None
            )
            OIDC_REDIRECT_ALLOWED_HOSTS = values.ListValue(
                default=[], environ_name="OIDC_REDIRECT_ALLOWED_HOSTS", environ_prefix=None
            )
        """})
    assert where(found, "OG150") == {("OG150", "rp/settings.py", 5)}
    assert severity_of(found, "OG150", "rp/settings.py", 5) is Severity.LOW


@pytest.mark.parametrize("text", [
    'OIDC_REDIRECT_ALLOWED_HOSTS = ["app.example.test", "admin.example.test"]\n',
    "from configurations import Configuration, values\n\n\nclass Production(Configuration):\n"
    "    OIDC_REDIRECT_REQUIRE_HTTPS = values.BooleanValue(default=True, environ_name='X')\n",
])
def test_case10_must_not_fire(scan_files: Scan, text: str) -> None:
    assert where(scan_files({"rp/settings/production.py": text}), "OG150") == set()


def test_case10_dev_module(scan_files: Scan) -> None:
    found = scan_files({"rp/settings/dev.py": "OIDC_REDIRECT_REQUIRE_HTTPS = False\n"})
    assert where(found, "OG150") == set()


def test_case11_variant_a(scan_files: Scan) -> None:
    path = "rp/settings/production.py"
    found = scan_files({path: 'OIDC_RP_SIGN_ALGO = "RS256"\nOIDC_OP_JWKS_ENDPOINT = "https://op.example.test/oauth2/jwks"\n'
                              "OIDC_USE_NONCE = False\n"})
    assert where(found, "OG160") == {("OG160", path, 3)}
    assert between(severity_of(found, "OG160", path, 3), "low", "medium")


@pytest.mark.parametrize("default", ["False", "True"])
def test_case11_variant_b_get_settings_alias(scan_files: Scan, default: str) -> None:
    found = scan_files({
        "rp/settings/production.py": f"""
            import environ

            env = environ.Env()

            CORP_USE_NONCE = env.bool("CORP_USE_NONCE", default={default})
            """,
        "accounts/auth.py": """
            from django.conf import settings
            from mozilla_django_oidc.auth import OIDCAuthenticationBackend


            class CorpOIDCBackend(OIDCAuthenticationBackend):
                @staticmethod
                def get_settings(attr, *args):
                    overrides = {"OIDC_USE_NONCE": settings.CORP_USE_NONCE}
                    if attr in overrides:
                        return overrides[attr]
                    return OIDCAuthenticationBackend.get_settings(attr, *args)
            """,
    })
    if default == "False":
        assert where(found, "OG160") == {("OG160", "accounts/auth.py", 8)}
        assert severity_of(found, "OG160", "accounts/auth.py", 8) is Severity.LOW
    else:
        assert where(found, "OG160") == set()


@pytest.mark.parametrize("text", ["OIDC_USE_NONCE = True\n", "OIDC_RP_SCOPES = 'openid'\n"])
def test_case11_must_not_fire(scan_files: Scan, text: str) -> None:
    assert where(scan_files({"rp/settings/production.py": text}), "OG160") == set()


def test_case11_test_module(scan_files: Scan) -> None:
    assert where(scan_files({"rp/settings/test.py": "OIDC_USE_NONCE = False\n"}), "OG160") == set()


@pytest.mark.parametrize("text", [
    'OIDC_RP_SIGN_ALGO = "RS256"\nOIDC_OP_JWKS_ENDPOINT = "https://op.example.test/oauth2/jwks"\n'
    "OIDC_ALLOW_UNSECURED_JWT = True\n",
    'import os\n\nOIDC_ALLOW_UNSECURED_JWT = os.environ.get("OIDC_ALLOW_UNSECURED_JWT", "False")\n',
])
def test_case12_unsecured_jwt(scan_files: Scan, text: str) -> None:
    path = "rp/settings/production.py"
    found = scan_files({path: text})
    assert where(found, "OG160") == {("OG160", path, 3)}
    assert severity_of(found, "OG160", path, 3) is Severity.MEDIUM


def test_case12_variant_c_and_test_module(scan_files: Scan) -> None:
    found = scan_files({
        "rp/settings/production.py": 'import environ\n\nenv = environ.Env()\n'
                                     'OIDC_ALLOW_UNSECURED_JWT = env.bool("OIDC_ALLOW_UNSECURED_JWT", default=False)\n',
        "rp/settings/test.py": "OIDC_ALLOW_UNSECURED_JWT = True\n",
    })
    assert where(found, "OG160") == set()


CASE13 = """
import os

import environ
from decouple import config

env = environ.Env()

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "3xz1k^fma)688od0s_8cj5)y6m9us%ez4-*f3kf#m%mmy69^29")
SECRET_KEY = env("DJANGO_SECRET_KEY", default="3xz1k^fma)688od0s_8cj5)y6m9us%ez4-*f3kf#m%mmy69^29")
SECRET_KEY = config("DJANGO_SECRET_KEY", default="3xz1k^fma)688od0s_8cj5)y6m9us%ez4-*f3kf#m%mmy69^29")
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "change-me")
OIDC_RP_CLIENT_SECRET = os.getenv("OIDC_RP_CLIENT_SECRET", "6NtI3dBoBjHDikJqa3U3nIAyEosCuNt9")
OIDC_RP_CLIENT_SECRET = os.getenv("OIDC_RP_CLIENT_SECRET", "change-me")
"""


@pytest.mark.parametrize(("module", "severity"), [("base.py", Severity.HIGH), ("local.py", Severity.LOW)])
def test_case13_secret_env_fallbacks(scan_files: Scan, module: str, severity: Severity) -> None:
    path = f"myproject/settings/{module}"
    found = scan_files({path: CASE13})
    assert where(found, "OG105", "OG102", "OG101") == {("OG105", path, n) for n in (8, 9, 10, 11, 12)}
    assert {severity_of(found, "OG105", path, n) for n in (8, 9, 10, 11, 12)} == {severity}


CASE14 = """
import environ

env = environ.Env()

SESSION_COOKIE_SECURE = env.bool("SESSION_COOKIE_SECURE", default=False)
CSRF_COOKIE_SECURE = False
SESSION_COOKIE_SAMESITE = None
SESSION_COOKIE_HTTPONLY = False
CSRF_COOKIE_HTTPONLY = False
"""


def test_case14_cookie_flags(scan_files: Scan) -> None:
    path = "myproject/settings/production.py"
    found = scan_files({path: CASE14})
    assert where(found, "OG120") == {("OG120", path, n) for n in (5, 6, 7, 8)}
    assert severity_of(found, "OG120", path, 5) is Severity.MEDIUM
    assert between(severity_of(found, "OG120", path, 6), "low", "medium")
    assert severity_of(found, "OG120", path, 7) is Severity.LOW
    assert severity_of(found, "OG120", path, 8) is Severity.MEDIUM


def test_case14_secure_unless_debug(scan_files: Scan) -> None:
    found = scan_files({"myproject/settings/production.py": """
        import environ

        env = environ.Env()
        DEBUG = env.bool("DEBUG", default=False)
        SESSION_COOKIE_SECURE = env.bool("SESSION_COOKIE_SECURE", default=not DEBUG)
        """})
    assert where(found, "OG120") == set()


def test_case14_local_module_at_most_info(scan_files: Scan) -> None:
    assert where(scan_files({"myproject/settings/local.py": CASE14}), "OG120") == set()


CASE15 = """
OIDC_OP_TOKEN_ENDPOINT = "https://op.example.test/token"
OIDC_OP_USER_ENDPOINT = "https://op.example.test/userinfo"
OIDC_OP_JWKS_ENDPOINT = "https://op.example.test/jwks"
OIDC_VERIFY_SSL = False
"""


@pytest.mark.parametrize(("line4", "expect"), [
    ("OIDC_VERIFY_SSL = False", Severity.HIGH),
    ('OIDC_VERIFY_SSL = env.bool("OIDC_VERIFY_SSL", default=False)', Severity.LOW),
    ('OIDC_VERIFY_SSL = env.bool("OIDC_VERIFY_SSL", default=True)', None),
])
def test_case15_verify_ssl_setting(scan_files: Scan, line4: str, expect: Severity | None) -> None:
    path = "rp/settings/production.py"
    text = "import environ\nenv = environ.Env()\n" + CASE15.lstrip("\n").replace("OIDC_VERIFY_SSL = False", line4)
    found = scan_files({path: text})
    if expect is None:
        assert where(found, "OG130") == set()
    else:
        assert where(found, "OG130") == {("OG130", path, 6)}
        assert severity_of(found, "OG130", path, 6) is expect


def test_case15_env_string_is_not_off(scan_files: Scan) -> None:
    found = scan_files({"rp/settings/production.py": 'import os\nOIDC_VERIFY_SSL = os.environ.get("OIDC_VERIFY_SSL", True)\n'})
    assert all(f.severity <= Severity.LOW for f in found if f.rule_id == "OG130")


def test_case17_vocabulary_is_not_a_secret(scan_files: Scan) -> None:
    rp = 'OIDC_RP_CLIENT_ID = "portal-web"\nOIDC_RP_SCOPES = "openid email"\nOIDC_TOKEN_USE_BASIC_AUTH = True\n'
    oauth = '''
        from enum import Enum


        class GrantType(str, Enum):
            authorization_code = "authorization_code"
            refresh_token = "refresh_token"
            client_credentials = "client_credentials"


        TOKEN_ENDPOINT_AUTH_METHODS = ["client_secret_basic", "client_secret_post", "private_key_jwt"]
        PASSWORD_FIELD = "password"
        SECRET_HEADER_NAME = "X-Client-Secret"
        PAGINATION_KEYS = {"NextToken": "next_token"}


        def token_response(tok):
            return {"access_token": tok, "token_type": "Bearer", "expires_in": 300}


        def is_refresh(token_type_hint):
            return token_type_hint == "refresh_token"
        '''
    found = scan_files({"accounts/oauth.py": oauth, "rp/settings.py": rp}, include_info=True)
    assert [f for f in found if f.category.value in {"hardcoded-secret", "secret-default"}] == []


def test_case17_control(tmp_path, scan_files: Scan) -> None:
    rp = ('OIDC_RP_CLIENT_ID = "portal-web"\nOIDC_RP_SCOPES = "openid email"\nOIDC_TOKEN_USE_BASIC_AUTH = True\n'
          'OIDC_RP_CLIENT_SECRET = "zQ4QwjusRmpdquaTKdOZsHshCEQDi8Qs"\n')
    found = scan_files({"rp/settings.py": rp})
    assert [(f.rule_id, f.location.line, f.severity) for f in found if f.category.value == "hardcoded-secret"] == [
        ("OG101", 4, Severity.HIGH)]


def test_case18_test_and_build_keys(scan_files: Scan) -> None:
    found = scan_files({
        "myproject/settings/test.py": 'from .base import *  # noqa: F403\n\nSECRET_KEY = "test-only-not-secret"\n'
                                      'OIDC_RP_CLIENT_SECRET = "test-client-secret"\n',
        "myproject/settings/base.py": """
            import os

            import environ

            env = environ.Env()

            if env.bool("TOOL_ENV", default=False):
                # collectstatic and compilemessages during the image build only
                os.environ.setdefault("DJANGO_SECRET_KEY", "fakekey")

            SECRET_KEY = env("DJANGO_SECRET_KEY")
            """,
        "myproject/settings/production.py": "from .base import *  # noqa: F403\n",
        ".env.example": "DJANGO_SECRET_KEY=change-me\nOIDC_RP_CLIENT_SECRET=<your-client-secret>\n",
        "env.d/development/common": "DJANGO_SECRET_KEY=ThisIsAnExampleKeyForDevPurposeOnly\n"
                                    "OIDC_RP_CLIENT_SECRET=ThisIsAnExampleSecretForDevPurposeOnly\n",
        "Dockerfile": "FROM python:3.12-slim AS build\nWORKDIR /app\nCOPY . .\n"
                      "RUN pip install --no-cache-dir -r requirements.txt\n"
                      "RUN DJANGO_SECRET_KEY=build-only python manage.py collectstatic --noinput\n",
    })
    assert where(found, "OG101", "OG102", "OG104", "OG105") == set()


def test_case18_control(scan_files: Scan) -> None:
    path = "myproject/settings/production.py"
    found = scan_files({path: 'SECRET_KEY = "test-only-not-secret"\n'})
    assert where(found, "OG102") == {("OG102", path, 1)}
    assert severity_of(found, "OG102", path, 1) is Severity.HIGH


def test_case19_env_lookups_without_default(scan_files: Scan) -> None:
    found = scan_files({"myproject/settings/production.py": """
        import os
        from pathlib import Path

        import environ
        from django.core.management.utils import get_random_secret_key

        from myproject.secrets import get_secret

        env = environ.Env()

        SECRET_KEY = os.environ["DJANGO_SECRET_KEY"]
        OIDC_RP_CLIENT_SECRET = env("OIDC_RP_CLIENT_SECRET")
        SOCIAL_AUTH_OIDC_SECRET = get_secret("social_auth_oidc_secret")
        SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY") or get_random_secret_key()
        OIDC_RP_CLIENT_SECRET = Path(os.environ["OIDC_RP_CLIENT_SECRET_FILE"]).read_text().strip()
        """}, include_info=True)
    assert where(found, "OG101", "OG102", "OG103", "OG105", "OG106") == set()


def test_case20_csrf_httponly_is_not_a_finding(scan_files: Scan) -> None:
    text = ('SESSION_COOKIE_SECURE = True\nSESSION_COOKIE_HTTPONLY = True\nSESSION_COOKIE_SAMESITE = "Lax"\n'
            'CSRF_COOKIE_SECURE = True\nCSRF_COOKIE_SAMESITE = "Lax"\nCSRF_COOKIE_HTTPONLY = False\n')
    path = "myproject/settings/production.py"
    assert where(scan_files({path: text}), "OG120") == set()
    control = scan_files({path: text.replace("SESSION_COOKIE_HTTPONLY = True", "SESSION_COOKIE_HTTPONLY = False")})
    assert where(control, "OG120") == {("OG120", path, 2)}
    assert severity_of(control, "OG120", path, 2) is Severity.MEDIUM


@pytest.mark.parametrize(("pin", "expect"), [("3.3.0", Severity.LOW), ("3.4.0", None)])
def test_case01_dependency_advisory(scan_files: Scan, pin: str, expect: Severity | None) -> None:
    found = scan_files({"requirements.txt": f"django-oauth-toolkit=={pin}\n", "provider/settings.py": DOT_SETTINGS_01})
    if expect is None:
        assert where(found, "OG190") == set()
    else:
        assert where(found, "OG190") == {("OG190", "requirements.txt", 1)}
        assert between(severity_of(found, "OG190", "requirements.txt", 1), "low", "medium")


@pytest.mark.parametrize(("pin", "expect"), [("1.7.1", True), ("2.0.0", False), ("3.4.0", False)])
def test_case05_plaintext_secrets_before_200(scan_files: Scan, pin: str, expect: bool) -> None:
    found = scan_files({"requirements.txt": f"django-oauth-toolkit=={pin}\n"})
    messages = [f.message for f in found if f.rule_id == "OG190" and "plaintext" in f.message]
    assert bool(messages) is expect
    if expect:
        assert severity_of(found, "OG190", "requirements.txt", 1) is Severity.MEDIUM


CASE09_FIXTURE = """
[
  {
    "model": "oauth2_provider.application",
    "pk": 3,
    "fields": {
      "name": "preview",
      "client_id": "preview-web",
      "client_type": "public",
      "authorization_grant_type": "authorization-code",
      "redirect_uris": "https://*.preview.example.test/cb http://partner.example.test/cb"
    }
  }
]
"""


def test_case09_fixture_redirect_uris(scan_files: Scan) -> None:
    path = "provider/fixtures/applications.json"
    found = scan_files({"requirements.txt": "django-oauth-toolkit==3.4.1\n", path: CASE09_FIXTURE})
    assert where(found, "OG150") == {("OG150", path, 10)}
    assert severity_of(found, "OG150", path, 10) is Severity.MEDIUM


def test_case09_loopback_redirect_uris_are_fine(scan_files: Scan) -> None:
    fixture = CASE09_FIXTURE.replace("https://*.preview.example.test/cb http://partner.example.test/cb",
                                     "http://127.0.0.1:8000/cb http://localhost/cb")
    assert where(scan_files({"provider/fixtures/applications.json": fixture}), "OG150") == set()
