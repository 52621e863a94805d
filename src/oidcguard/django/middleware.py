"""Optional middleware for the OIDC callback (the redirection endpoint of RFC 6749 §3.1.2).

    MIDDLEWARE = [
        "oidcguard.django.middleware.OIDCCallbackMiddleware",   # first: outermost
        "django.middleware.security.SecurityMiddleware",
        ...
    ]

On the callback request (the path of mozilla-django-oidc's `oidc_authentication_callback`, the
paths in the optional `OIDCGUARD_CALLBACK_PATHS` setting, or any request carrying both `code`
and `state` — an authorization response, RFC 6749 §4.1.2) it:

- sets `Referrer-Policy: no-referrer` on the response, so the page the callback renders or
  redirects to does not send the URL with its `code` to other sites (RFC 9700 §4.2.4, OG209);
- keeps `code`, `state` (and `id_token`/`access_token`, implicit-flow leftovers) out of what
  Django logs for that request: `django.server` writes the raw request line (runserver's
  `WSGIRequestHandler.log_message`), and `django.request` hands the request to
  `AdminEmailHandler`, whose report prints `request.GET`.

It never changes what the view sees (SPEC §3: the callback needs its `code`): values are only
remembered on the way in; `request.GET` and `META["QUERY_STRING"]` are swapped for masked copies
after the view has returned or raised (`process_exception`), which is when Django's
`log_response`/`handle_uncaught_exception` and the error page read them. The request line is
masked by a filter this middleware puts on the `django.server` and `django.request` loggers
(Django logs directly on them, so a logger-level filter sees every record); it masks only the
exact values of recent callbacks, for a few minutes.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from urllib.parse import quote, quote_plus

from django.conf import settings
from django.http import HttpRequest, HttpResponseBase, QueryDict
from django.urls import NoReverseMatch, reverse

from ..shapes import redact

__all__ = ["OIDCCallbackMiddleware"]

CALLBACK_PARAMS: tuple[str, ...] = ("code", "state", "id_token", "access_token", "session_state")
_TTL_SECONDS = 300.0
_MAX_VALUES = 4096
_MIN_LENGTH = 6  # never mask short, common strings such as "1" or "ok" everywhere

_recent: dict[str, float] = {}  # value -> expiry (time.monotonic)
_recent_lock = threading.Lock()


def remember(values: list[str]) -> None:
    now = time.monotonic()
    with _recent_lock:
        if len(_recent) > _MAX_VALUES:
            for value, expiry in list(_recent.items()):
                if expiry < now:
                    del _recent[value]
            while len(_recent) > _MAX_VALUES:
                _recent.pop(next(iter(_recent)))
        for value in values:
            if len(value) >= _MIN_LENGTH:
                _recent[value] = now + _TTL_SECONDS


def _live_values() -> list[str]:
    now = time.monotonic()
    with _recent_lock:
        return [value for value, expiry in _recent.items() if expiry > now]


class CallbackValuesFilter(logging.Filter):
    """Masks the exact `code`/`state` values of recent callbacks in a record's message."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            if not _recent:
                return True
            values = _live_values()
            if not values:
                return True
            text = record.getMessage()
            hits = [value for value in values if value in text]
            if hits:
                for value in sorted(hits, key=len, reverse=True):
                    text = text.replace(value, redact(value))
                record.msg, record.args = text, ()
        except Exception:  # never raise into logging, never drop a record
            pass
        return True


def install_log_filters() -> None:
    for name in ("django.server", "django.request"):
        logger = logging.getLogger(name)
        if not any(isinstance(f, CallbackValuesFilter) for f in logger.filters):
            logger.addFilter(CallbackValuesFilter())


class OIDCCallbackMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response
        self._paths: set[str] | None = None
        install_log_filters()

    def callback_paths(self) -> set[str]:
        if self._paths is None:
            paths = set(getattr(settings, "OIDCGUARD_CALLBACK_PATHS", ()) or ())
            try:
                paths.add(reverse("oidc_authentication_callback"))  # mozilla-django-oidc
            except NoReverseMatch:
                pass
            except Exception:  # a broken URLconf is reported by Django itself
                return paths
            self._paths = paths
        return self._paths

    def is_callback(self, request: HttpRequest) -> bool:
        query = request.GET
        if "code" in query and "state" in query:
            return True
        return request.path in self.callback_paths()

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        callback = False
        try:
            callback = self.is_callback(request)
            if callback:
                remember([v for p in CALLBACK_PARAMS for v in request.GET.getlist(p)])
        except Exception:
            callback = False
        response = self.get_response(request)
        if callback:
            # Overwrite, not setdefault: SecurityMiddleware's default (same-origin) still sends
            # the full callback URL to same-origin pages and their scripts' requests.
            response.headers["Referrer-Policy"] = "no-referrer"
            _mask_get(request)
        return response

    def process_exception(self, request: HttpRequest, exception: Exception) -> None:
        # The view has raised: Django now logs the error and builds its report from request.GET.
        try:
            if self.is_callback(request):
                _mask_get(request)
        except Exception:
            pass
        return None


def _mask_get(request: HttpRequest) -> None:
    try:
        masked: QueryDict = request.GET.copy()
        for param in CALLBACK_PARAMS:
            if param in masked:
                masked.setlist(param, [redact(v) if v else v for v in masked.getlist(param)])
        masked._mutable = False
        # The raw query string too: the error page's "Request URL" and get_full_path() read it.
        query = request.META.get("QUERY_STRING", "")
        for param in CALLBACK_PARAMS:
            for value in request.GET.getlist(param):
                if len(value) >= _MIN_LENGTH:
                    for form in {value, quote_plus(value), quote(value, safe="")}:
                        query = query.replace(form, redact(value))
        request.META["QUERY_STRING"] = query
        request.GET = masked
    except Exception:
        pass

