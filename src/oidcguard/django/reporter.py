"""Error pages and admin error e-mails without credentials.

    DEFAULT_EXCEPTION_REPORTER_FILTER = "oidcguard.django.ExceptionReporterFilter"
    DEFAULT_EXCEPTION_REPORTER = "oidcguard.django.ExceptionReporter"   # also masks GET, the URL

Django's `SafeExceptionReporterFilter` (django/views/debug.py) hides a setting, META key or
cookie by its *name* only, with `API|AUTH|TOKEN|KEY|SECRET|PASS|SIGNATURE` (`AUTH` only from
5.2, ticket #35646; lists and tuples only from 3.1, ticket #31451). What it misses, this filter
masks on every Django version the add-on supports:

- credentials in URL- and DSN-valued settings under neutral names (`DATABASE_URL`,
  `CELERY_BROKER_URL`): only the password part, the host stays readable (case 08);
- neutral-named keys holding credentials (`client_cred`, `credentials`, `private_key`), and any
  string whose *content* is a token (a JWT, `Bearer ...`, `code=...`) wherever it is nested,
  lists and tuples included (case 06);
- `HTTP_AUTHORIZATION` and `HTTP_COOKIE` in META (case 07, before Django 5.2), tokens in
  `QUERY_STRING`/`HTTP_REFERER`, the CSRF cookie as well as the session cookie;
- OAuth parameters (`code`, `client_secret`, `access_token`, ..., `shapes.SENSITIVE_PARAMS`) in
  POST — always, not only for views marked `sensitive_post_parameters`;
- frame locals of the OIDC libraries' token-exchange code **even under DEBUG**: Django's
  `is_active()` is False under DEBUG, so `@sensitive_variables` is ignored there ("If DEBUG is
  True then your site is not safe anyway", django/views/debug.py) and a failed token exchange
  prints `payload`, `pw` (mozilla-django-oidc `get_token`), `client_secret`, `code`, `key` of
  the libraries' frames. Locals with credential names in frames of `mozilla_django_oidc`,
  `oauthlib`, `oauth2_provider`, `requests_oauthlib`, `authlib`, `social_core`, `allauth`, `jwt`,
  `jose` are masked whole; every other local is masked where its value holds a credential.

GET parameters and the raw request URI are read by Django's `ExceptionReporter` itself, not
through the filter, so `ExceptionReporter` here masks those (and the exception message) too.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from types import FrameType
from typing import Any

from django.conf import settings
from django.http import HttpRequest, QueryDict
from django.utils.datastructures import MultiValueDict
from django.views.debug import ExceptionReporter as DjangoExceptionReporter
from django.views.debug import SafeExceptionReporterFilter

from ..logging import MaskedArg, Redactor, secrets_from_settings
from ..shapes import credentials_in_url, is_placeholder

__all__ = ["ExceptionReporter", "ExceptionReporterFilter"]

# Names Django's pattern misses that carry credentials (shapes.SECRET_NAME, plus COOKIE and
# SESSION for META and settings, CRED/DSN for neutral names as in case 08).
_EXTRA_HIDDEN = re.compile(
    r"AUTH|COOKIE|CRED|PRIVATE|PASSWD|PWD|ASSERTION|VERIFIER|SESSIONID|CSRFTOKEN|(?:^|_)DSN$|(?:^|_)PW$",
    re.I,
)
# Keys that merely name a token's kind or an endpoint: `token_type`, `TOKEN_ENDPOINT`,
# `AUTHENTICATION_BACKENDS`, `AUTH_USER_MODEL`. Django masks these too (harmlessly); the
# extension above must not add new false hits of this kind.
_NEVER_HIDDEN_EXTRA = re.compile(r"BACKENDS?$|_MODEL$|_URL$|_URI$|_ENDPOINT$|_TYPE$|_CLASS(ES)?$|_VALIDATORS$", re.I)

# The OIDC/OAuth libraries whose token-exchange frames hold client secrets, codes and tokens.
OIDC_LIBRARIES: tuple[str, ...] = (
    "mozilla_django_oidc", "oauthlib", "oauth2_provider", "requests_oauthlib", "authlib",
    "social_core", "social_django", "allauth", "jwt", "jose", "jwcrypto", "oidc_provider",
)
# Locals masked whole in those frames, whatever their value: e.g. mozilla-django-oidc's
# `authenticate()` (code, code_verifier, token_payload, token_info, id_token, access_token) and
# `get_token()` (payload, auth, pw); oauthlib's validators (client_secret, token, request.body);
# PyJWT's `decode()` (key: the client secret for HS256).
_LIBRARY_LOCAL = re.compile(
    r"token|secret|passw|^pw$|^pwd$|^code$|code_verifier|^auth$|authoriz|assertion|credential|^key$|"
    r"private|^jwt$|payload|^body$|^data$|cookie|^headers$",
    re.I,
)
# Locals masked whole in any frame (the app's own code): unambiguous credential names.
_ANY_FRAME_LOCAL = re.compile(
    r"secret|passw|^pw$|^(?:access|refresh|id|bearer|auth)_?token$|^token$|assertion|verifier|"
    r"credential|private_?key|api_?key",
    re.I,
)


class ExceptionReporterFilter(SafeExceptionReporterFilter):
    """`SafeExceptionReporterFilter` that also masks what its name-only pattern misses."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._redactor: Redactor | None = None

    # -- shared helpers -------------------------------------------------------------------------

    @property
    def redactor(self) -> Redactor:
        """The text engine, loaded once with the app's own secret values from settings."""
        if self._redactor is None:
            redactor = Redactor()
            try:
                secrets, pairs = secrets_from_settings(settings)
                redactor.add_secrets(secrets, pairs)
            except Exception:  # a report must render even when settings are half broken
                pass
            self._redactor = redactor
        return self._redactor

    def _substitute(self, _value: str) -> str:
        return str(self.cleansed_substitute)

    def _hidden_name(self, key: Any) -> bool:
        """Django's own name test (kept as is: this filter only ever masks more), widened."""
        if not isinstance(key, str) or not key:
            return False
        try:
            if key == settings.SESSION_COOKIE_NAME or self.hidden_settings.search(key):
                return True
        except Exception:
            pass
        if _NEVER_HIDDEN_EXTRA.search(key):
            return False
        return bool(_EXTRA_HIDDEN.search(key)) or self.redactor.is_secret_name(key)

    def _mask_text(self, text: str) -> str:
        return self.redactor.mask(text, self._substitute)

    def _mask_url_password(self, value: str) -> str:
        password = credentials_in_url(value)
        if not password and "@" in value and "://" in value:
            # `scheme://user:password@` whose password looks like a placeholder still hides
            # nothing real; `scheme://token@host` (Sentry-style DSNs) is left to the name rules.
            return value
        if password:
            scheme, rest = value.split("://", 1)
            userinfo, host = rest.split("@", 1)
            user = userinfo.split(":", 1)[0]
            return f"{scheme}://{user}:{self.cleansed_substitute}@{host}"
        return value

    # -- settings ---------------------------------------------------------------------------------

    def cleanse_setting(self, key: Any, value: Any) -> Any:
        """Django's cleansing, extended: wider names, URL passwords, content, lists on all versions."""
        try:
            if self._hidden_name(key):
                return self.cleansed_substitute
            if isinstance(value, str):
                masked = self._mask_url_password(value)
                return self._mask_text(masked)
            if isinstance(value, dict):
                return {k: self.cleanse_setting(k, v) for k, v in value.items()}
            if isinstance(value, list):
                return [self.cleanse_setting("", v) for v in value]
            if isinstance(value, tuple):
                return tuple(self.cleanse_setting("", v) for v in value)
        except Exception:
            return self.cleansed_substitute  # fail closed
        return super().cleanse_setting(key, value)

    # -- request ----------------------------------------------------------------------------------

    def get_safe_request_meta(self, request: HttpRequest | None) -> dict[str, Any]:
        if request is None or not hasattr(request, "META"):
            return {}
        return {k: self.cleanse_setting(k, v) for k, v in request.META.items()}

    def get_safe_cookies(self, request: HttpRequest | None) -> dict[str, Any]:
        if request is None or not hasattr(request, "COOKIES"):
            return {}
        csrf_cookie = getattr(settings, "CSRF_COOKIE_NAME", "csrftoken")
        safe = {}
        for key, value in request.COOKIES.items():
            if key == csrf_cookie:
                safe[key] = self.cleansed_substitute
            else:
                safe[key] = self.cleanse_setting(key, value)
        return safe

    def get_post_parameters(self, request: HttpRequest | None) -> Any:
        params = super().get_post_parameters(request)
        return self.mask_query_dict(params)

    def mask_query_dict(self, params: Any) -> Any:
        """A copy of a QueryDict/MultiValueDict with OAuth parameters and credential values masked."""
        if not isinstance(params, MultiValueDict):
            return params
        changed = False
        masked = params.copy()
        for key, values in params.lists():
            new_values = []
            for value in values:
                if isinstance(value, str) and value and self._hidden_name(key):
                    new_values.append(self.cleansed_substitute)
                elif isinstance(value, str):
                    new_values.append(self._mask_text(value))
                else:
                    new_values.append(value)
            if new_values != values:
                changed = True
                masked.setlist(key, new_values)
        return masked if changed else params

    # -- tracebacks -------------------------------------------------------------------------------

    def cleanse_special_types(self, request: HttpRequest | None, value: Any) -> Any:
        value = super().cleanse_special_types(request, value)
        if isinstance(value, MultiValueDict):
            return self.mask_query_dict(value)
        return value

    def get_traceback_frame_variables(self, request: HttpRequest | None, tb_frame: FrameType) -> Any:
        items = super().get_traceback_frame_variables(request, tb_frame)
        module = str(tb_frame.f_globals.get("__name__", ""))
        library = module.split(".", 1)[0] in OIDC_LIBRARIES
        cleansed: list[tuple[str, Any]] = []
        for name, value in items:
            try:
                cleansed.append((name, self._cleanse_local(name, value, library)))
            except Exception:
                cleansed.append((name, self.cleansed_substitute))  # fail closed
        return cleansed

    def _cleanse_local(self, name: str, value: Any, library: bool) -> Any:
        if value is self.cleansed_substitute or _is_empty(value):
            return value
        if (library and _LIBRARY_LOCAL.search(name)) or _ANY_FRAME_LOCAL.search(name):
            return self.cleansed_substitute
        if isinstance(value, HttpRequest):
            # pprint shows `<WSGIRequest: GET '/oidc/callback/?code=...&state=...'>`
            return _masked_repr(value, self._mask_text)
        if isinstance(value, str | bytes | dict | list | tuple):
            return self.redactor.mask_value(value, None, self._substitute)
        if isinstance(value, int | float | bool):
            return value
        return _masked_repr(value, self._mask_text)


class ExceptionReporter(DjangoExceptionReporter):
    """Django's reporter, also masking GET parameters, the raw URI and the exception message.

    Those three are read from the request and the exception directly, never through the
    filter (django/views/debug.py `get_traceback_data`).
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # With only DEFAULT_EXCEPTION_REPORTER set, Django hands us its own default filter; a
        # project's custom filter is kept (it may already subclass ours).
        if type(self.filter) is SafeExceptionReporterFilter:
            self.filter = ExceptionReporterFilter()

    def get_traceback_data(self) -> dict[str, Any]:
        data: dict[str, Any] = super().get_traceback_data()
        flt = self.filter
        if not isinstance(flt, ExceptionReporterFilter):
            flt = ExceptionReporterFilter()
        try:
            if self.request is not None:
                data["request_GET_items"] = list(flt.mask_query_dict(self.request.GET).items())
            for key in ("request_insecure_uri", "exception_value", "exception_notes"):
                if isinstance(data.get(key), str):
                    data[key] = flt._mask_text(flt._mask_url_password(data[key]))
            if isinstance(data.get("lastframe"), dict) and isinstance(data["lastframe"].get("exc_cause"), str):
                data["lastframe"]["exc_cause"] = flt._mask_text(data["lastframe"]["exc_cause"])
        except Exception:
            data["request_GET_items"] = []
        return data


def _is_empty(value: Any) -> bool:
    if value is None or value == "" or (isinstance(value, dict | list | tuple) and not value):
        return True
    return isinstance(value, str) and is_placeholder(value) and len(value) < 3


def _masked_repr(value: Any, mask: Callable[[str], str]) -> Any:
    try:
        rep = repr(value)
    except Exception:
        return value
    masked = mask(rep)
    return value if masked is rep else MaskedArg(masked, masked)


def masked_items(flt: ExceptionReporterFilter, items: Iterable[tuple[str, Any]]) -> list[tuple[str, Any]]:
    """Helper for tests and custom reporters: mask (name, value) pairs the way POST is masked."""
    query = QueryDict(mutable=True)
    for key, value in items:
        query.appendlist(key, value)
    return list(flt.mask_query_dict(query).items())
