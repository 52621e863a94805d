"""OIDCCallbackMiddleware: Referrer-Policy on the callback, code/state out of Django's logs, the
view sees the request unchanged."""

from __future__ import annotations

import logging

import pytest
from django.http import HttpRequest, HttpResponse
from django.test import Client, RequestFactory, override_settings

from oidcguard.django.middleware import CallbackValuesFilter, OIDCCallbackMiddleware
from oidcguard.shapes import redact

CODE = "Xa7bQ9fLk2mN3pR5sT8vW0yZ"
STATE = "st4te-Qw8Rt5Yu2Io9Pa3S"
MIDDLEWARE = ["oidcguard.django.middleware.OIDCCallbackMiddleware"]


@override_settings(MIDDLEWARE=MIDDLEWARE, DEBUG=False)
def test_view_sees_code_and_response_has_no_referrer() -> None:
    response = Client().get(f"/oidc/callback/?code={CODE}&state={STATE}")
    assert response.content.decode() == f"code={CODE} state={STATE}"
    assert response["Referrer-Policy"] == "no-referrer"


@override_settings(MIDDLEWARE=MIDDLEWARE)
def test_other_paths_untouched() -> None:
    response = Client().get("/oidc/callback/")  # the callback path itself, no parameters
    assert response["Referrer-Policy"] == "no-referrer"
    seen: list[HttpRequest] = []

    def view(request: HttpRequest) -> HttpResponse:
        seen.append(request)
        return HttpResponse("ok")

    middleware = OIDCCallbackMiddleware(view)
    response = middleware(RequestFactory().get("/reports/?page=2"))
    assert "Referrer-Policy" not in response
    assert seen[0].GET["page"] == "2"


def test_get_masked_after_the_view_for_django_request_logging() -> None:
    def view(request: HttpRequest) -> HttpResponse:
        assert request.GET["code"] == CODE  # the view needs the real code
        return HttpResponse(status=400)

    request = RequestFactory().get(f"/oidc/callback/?code={CODE}&state={STATE}")
    OIDCCallbackMiddleware(view)(request)
    # django.request's log_response runs after the middleware chain and reads request.GET.
    assert request.GET["code"] == redact(CODE) and request.GET["state"] == redact(STATE)


def test_process_exception_masks_before_the_error_report() -> None:
    request = RequestFactory().get(f"/oidc/callback/?code={CODE}&state={STATE}")
    middleware = OIDCCallbackMiddleware(lambda r: HttpResponse())
    assert middleware.process_exception(request, RuntimeError("x")) is None
    assert CODE not in dict(request.GET.items()).values()


@override_settings(MIDDLEWARE=MIDDLEWARE)
def test_runserver_request_line_masked() -> None:
    Client().get(f"/oidc/callback/?code={CODE}&state={STATE}")
    server_logger = logging.getLogger("django.server")
    assert any(isinstance(f, CallbackValuesFilter) for f in server_logger.filters)
    record = server_logger.makeRecord("django.server", logging.INFO, __file__, 1, '"%s" %s %s',
                                      (f"GET /oidc/callback/?code={CODE}&state={STATE} HTTP/1.1", "302", "0"), None)
    assert server_logger.filter(record)
    assert record.getMessage() == f'"GET /oidc/callback/?code={redact(CODE)}&state={redact(STATE)} HTTP/1.1" 302 0'


@pytest.mark.parametrize("status", [200, 404])
@override_settings(MIDDLEWARE=MIDDLEWARE)
def test_no_secret_in_django_request_warning(status: int, caplog: pytest.LogCaptureFixture) -> None:
    path = "/oidc/callback/" if status == 200 else "/nowhere/"
    with caplog.at_level(logging.WARNING, logger="django.request"):
        Client().get(f"{path}?code={CODE}&state={STATE}")
    assert CODE not in caplog.text


@override_settings(
    MIDDLEWARE=MIDDLEWARE,
    DEBUG=True,
    DEFAULT_EXCEPTION_REPORTER_FILTER="oidcguard.django.ExceptionReporterFilter",
)
def test_debug_page_of_a_failing_callback_shows_no_code() -> None:
    from django.views import debug

    debug.get_default_exception_reporter_filter.cache_clear()
    try:
        response = Client(raise_request_exception=False).get(f"/oidc/broken/?code={CODE}&state={STATE}")
    finally:
        debug.get_default_exception_reporter_filter.cache_clear()
    assert response.status_code == 500
    page = response.content.decode()
    assert "callback failed" in page
    assert CODE not in page
