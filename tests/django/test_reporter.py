"""ExceptionReporterFilter / ExceptionReporter: cases 06, 07, 08 and the DEBUG token-exchange gap."""

from __future__ import annotations

import base64
import socket
import sys

import pytest
from django.test import RequestFactory, override_settings

from oidcguard.django import ExceptionReporter, ExceptionReporterFilter

STARS = "********************"
JWT = (
    "eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCJ9.eyJpc3MiOiJodHRwczovL29wLmV4YW1wbGUudGVzdCIsInN1YiI6InVzZXItNDgyMSIs"
    "ImF1ZCI6InBvcnRhbC1hcGkiLCJzY29wZSI6Im9wZW5pZCBlbWFpbCIsImlhdCI6MTczNTY4OTYwMCwiZXhwIjo0MTAyNDQ0ODAwfQ"
    ".mAfrQcs7TlOGqBGJ_vhqNELrtdBg04js3VkLa8mjmJQukQxl1ISX1TwIM3UXPOwiIu0mm8vTQWhB4r6YYCv_YMQQcpA"
)
CODE = "Xa7bQ9fLk2mN3pR5sT8vW0yZ"
CLIENT_SECRET = "z889DRaAdR6RbgT3OMWgCkzNJiswm4zU"
CASE_06_PROVIDERS = {
    "openid_connect": {
        "APPS": [
            {
                "provider_id": "corp",
                "name": "Corp SSO",
                "client_id": "intranet-web",
                "secret": "i6oIs8VIXGsAOLCQ3lje53VDuQufhcph",
                "settings": {"server_url": "https://op.example.test"},
            },
        ],
    },
}


@override_settings(DEBUG=True, SOCIALACCOUNT_PROVIDERS=CASE_06_PROVIDERS)
def test_case06_list_nested_secret_masked() -> None:
    safe = ExceptionReporterFilter().get_safe_settings()
    assert safe["SOCIALACCOUNT_PROVIDERS"] == {
        "openid_connect": {
            "APPS": [
                {
                    "provider_id": "corp",
                    "name": "Corp SSO",
                    "client_id": "intranet-web",
                    "secret": STARS,
                    "settings": {"server_url": "https://op.example.test"},
                },
            ],
        },
    }


def test_case06_tuples_and_lists_without_django_support() -> None:
    # Django < 3.1 never looked inside lists or tuples; the filter does it itself.
    flt = ExceptionReporterFilter()
    value = ({"secret": "abc123abc123"}, [{"client_cred": "f7qkOstj6n9zWCiPJpvvUR6BNpPZ0u9j"}])
    assert flt.cleanse_setting("PROVIDERS", value) == ({"secret": STARS}, [{"client_cred": STARS}])


def test_case07_authorization_header_and_cookies_masked() -> None:
    request = RequestFactory().get(
        "/api/reports/broken/", HTTP_AUTHORIZATION=f"Bearer {JWT}",
        HTTP_COOKIE="sessionid=60mthj5dra14fitr06t0jek92jgp915v; csrftoken=49apmamx8FS88gaximyfsQ2ABzwewzXy",
        HTTP_REFERER=f"https://rp.example.test/oidc/callback/?code={CODE}&state=abc",
    )
    flt = ExceptionReporterFilter()
    meta = flt.get_safe_request_meta(request)
    assert meta["HTTP_AUTHORIZATION"] == STARS
    assert meta["HTTP_COOKIE"] == STARS
    assert meta["HTTP_REFERER"] == f"https://rp.example.test/oidc/callback/?code={STARS}&state=abc"
    assert meta["PATH_INFO"] == "/api/reports/broken/"
    assert flt.get_safe_cookies(request) == {"sessionid": STARS, "csrftoken": STARS}


@override_settings(
    DEBUG=True,
    DATABASE_URL="postgres://app:i6usGzgT0vDiKkyF2TkyzOKw@db.internal:5432/app",
    CELERY_BROKER_URL="redis://:O9mFD9qIwBi34MggXkLSjz3l@cache.internal:6379/0",
    OIDC_PROVIDER_CONF={"endpoint": "https://op.example.test", "client_cred": "f7qkOstj6n9zWCiPJpvvUR6BNpPZ0u9j"},
    OIDC_RP_CLIENT_SECRET="kq3T9vLw2xPz8RbN5mQs7dYc",
)
def test_case08_unmatched_names_masked() -> None:
    safe = ExceptionReporterFilter().get_safe_settings()
    assert safe["DATABASE_URL"] == f"postgres://app:{STARS}@db.internal:5432/app"
    assert safe["CELERY_BROKER_URL"] == f"redis://:{STARS}@cache.internal:6379/0"
    assert safe["OIDC_PROVIDER_CONF"] == {"endpoint": "https://op.example.test", "client_cred": STARS}
    assert safe["OIDC_RP_CLIENT_SECRET"] == STARS
    assert safe["DEBUG"] is True


def test_post_parameters_masked_even_under_debug() -> None:
    request = RequestFactory().post("/o/token/", {"grant_type": "authorization_code", "code": CODE,
                                                 "client_secret": CLIENT_SECRET, "client_id": "portal"})
    with override_settings(DEBUG=True):
        post = ExceptionReporterFilter().get_post_parameters(request)
    assert dict(post.items()) == {"grant_type": "authorization_code", "code": STARS, "client_secret": STARS,
                                  "client_id": "portal"}
    assert request.POST["code"] == CODE  # the request itself is untouched


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.mark.parametrize("basic_auth", [False, True])
def test_debug_error_during_token_exchange_shows_no_secret_code_or_token(basic_auth: bool) -> None:
    """A real mozilla-django-oidc token exchange that fails (nothing listens on the token endpoint),
    rendered as the DEBUG technical 500 page and as the e-mail text: Django ignores
    @sensitive_variables under DEBUG, so without the filter `payload`, `pw`, `code` show."""
    pytest.importorskip("mozilla_django_oidc")
    port = _closed_port()
    base = f"http://127.0.0.1:{port}"
    verifier = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"
    with override_settings(
        DEBUG=True, OIDC_RP_CLIENT_ID="portal-web", OIDC_RP_CLIENT_SECRET=CLIENT_SECRET,
        OIDC_OP_TOKEN_ENDPOINT=f"{base}/o/token/", OIDC_OP_AUTHORIZATION_ENDPOINT=f"{base}/o/authorize/",
        OIDC_OP_USER_ENDPOINT=f"{base}/o/userinfo/", OIDC_OP_JWKS_ENDPOINT=f"{base}/o/jwks/",
        OIDC_RP_SIGN_ALGO="RS256", OIDC_TOKEN_USE_BASIC_AUTH=basic_auth, OIDC_TIMEOUT=2,
    ):
        from mozilla_django_oidc.auth import OIDCAuthenticationBackend

        request = RequestFactory().get(f"/oidc/callback/?code={CODE}&state=st4te-value-123")
        request.session = {}
        try:
            OIDCAuthenticationBackend().authenticate(request, nonce="n0nce-value", code_verifier=verifier)
        except Exception:
            exc_info = sys.exc_info()
        else:  # pragma: no cover
            pytest.fail("the token exchange was expected to fail")
        reporter = ExceptionReporter(request, *exc_info)
        html, text = reporter.get_traceback_html(), reporter.get_traceback_text()
    basic = base64.b64encode(f"portal-web:{CLIENT_SECRET}".encode()).decode()
    for page in (html, text):
        assert "get_token" in page  # the library's frames are shown, with their locals
        for needle in (CLIENT_SECRET, CODE, verifier, basic):
            assert needle not in page


def test_reporter_masks_get_and_uri_with_default_filter() -> None:
    request = RequestFactory().get(f"/oidc/callback/?code={CODE}&state=st4te-value-123")
    try:
        raise RuntimeError(f"failed for https://op.example.test/token?access_token={JWT}")
    except RuntimeError:
        reporter = ExceptionReporter(request, *sys.exc_info())
    assert isinstance(reporter.filter, ExceptionReporterFilter)
    data = reporter.get_traceback_data()
    assert dict(data["request_GET_items"]) == {"code": STARS, "state": "st4te-value-123"}
    assert CODE not in data["request_insecure_uri"]
    assert JWT not in data["exception_value"]


@override_settings(
    DEBUG=False,
    ADMINS=[("Ops", "ops@example.test")],
    EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend",
    DEFAULT_EXCEPTION_REPORTER_FILTER="oidcguard.django.ExceptionReporterFilter",
)
def test_case07_admin_error_mail_without_bearer_token() -> None:
    """Variant B of case 07: DEBUG off, ADMINS set, Django's AdminEmailHandler mails the report."""
    import logging

    from django.core import mail
    from django.utils.log import AdminEmailHandler
    from django.views import debug

    debug.get_default_exception_reporter_filter.cache_clear()  # it is lru_cached by Django
    try:
        request = RequestFactory().get("/api/reports/broken/", HTTP_AUTHORIZATION=f"Bearer {JWT}")
        handler = AdminEmailHandler(include_html=True)
        try:
            raise AttributeError("broken")
        except AttributeError:
            record = logging.LogRecord("django.request", logging.ERROR, __file__, 1, "Internal Server Error: %s",
                                       ("/api/reports/broken/",), sys.exc_info())
        record.request = request
        handler.emit(record)
        (message,) = mail.outbox
        bodies = [message.body] + [content for content, _ in getattr(message, "alternatives", [])]
        assert "HTTP_AUTHORIZATION" in message.body
        assert all(JWT not in body and JWT[:60] not in body for body in bodies)
    finally:
        debug.get_default_exception_reporter_filter.cache_clear()
