"""RedactingFilter: the cases' runtime expectations (01, 02, 03) and the filter's contract."""

from __future__ import annotations

import base64
import logging
from urllib.parse import quote

import pytest
from django.test import override_settings

from oidcguard.logging import MaskedArg, RedactingFilter, Redactor
from oidcguard.shapes import redact

# Case 01 (django-oauth-toolkit < 3.4.0, #1735)
DOT_SECRET = "z889DRaAdR6RbgT3OMWgCkzNJiswm4zU"
# Case 02 (oauthlib grant handlers, DOT #1348)
ACCESS_1 = "smDcJSgZk0z1ObHjodepknaqsw7O48"
REFRESH_1 = "nZyuLn3chQgMtdzgmvuL4SP7ceJmgE"
ACCESS_2 = "ihGRLJg539jIv020Kypuf5hmx1AqYe"
# Case 03 (requests-oauthlib #536)
RO_ACCESS = "YupuCPLKcCt1o5b0H0t9jTetMKRlI1Xo"
RO_BASIC = "cmVwb3J0cy1zeW5jOmFLZkZxd2lMdFNEMGJSTW00czR3NjVhbkZmZVRxSWlY"
JWT = (
    "eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCJ9.eyJpc3MiOiJodHRwczovL29wLmV4YW1wbGUudGVzdCIsInN1YiI6InVzZXItNDgyMSIs"
    "ImF1ZCI6InBvcnRhbC1hcGkiLCJzY29wZSI6Im9wZW5pZCBlbWFpbCIsImlhdCI6MTczNTY4OTYwMCwiZXhwIjo0MTAyNDQ0ODAwfQ"
    ".mAfrQcs7TlOGqBGJ_vhqNELrtdBg04js3VkLa8mjmJQukQxl1ISX1TwIM3UXPOwiIu0mm8vTQWhB4r6YYCv_YMQQcpA"
)
CODE = "Xa7bQ9fLk2mN3pR5sT8vW0yZ"


def lines(buffer) -> list[str]:
    return buffer.getvalue().splitlines()


def test_case01_labelled_client_secret_masked_context_kept(capture) -> None:
    log, out = capture(RedactingFilter(use_django_settings=False), "oauth2_provider.oauth2_validators")
    # The secret as an argument (label in the template) and inside the message itself.
    log.debug("Failed basic auth: wrong client secret %s", DOT_SECRET)
    log.debug("Failed body auth: wrong client secret " + DOT_SECRET)
    assert lines(out) == [
        f"DEBUG {log.name} Failed basic auth: wrong client secret {redact(DOT_SECRET)}",
        f"DEBUG {log.name} Failed body auth: wrong client secret {redact(DOT_SECRET)}",
    ]


def test_case02_issued_tokens_in_repr_args(capture) -> None:
    log, out = capture(RedactingFilter(use_django_settings=False))
    token_1 = {"access_token": ACCESS_1, "expires_in": 36000, "token_type": "Bearer", "scope": "read write",
               "refresh_token": REFRESH_1}
    token_2 = {"access_token": ACCESS_2, "expires_in": 36000, "token_type": "Bearer", "scope": "invoices:read"}
    log.debug("Issuing token %r to client id %r (%s) and username %s.", token_1, "mobile-app",
              "<Application: Mobile app>", "alice")
    log.debug("Issuing token to client id %r (%s), %r.", "billing-worker", "<Application: Billing worker>", token_2)
    assert lines(out) == [
        f"DEBUG {log.name} Issuing token {{'access_token': '{redact(ACCESS_1)}', 'expires_in': 36000, "
        f"'token_type': 'Bearer', 'scope': 'read write', 'refresh_token': '{redact(REFRESH_1)}'}} to client id "
        "'mobile-app' (<Application: Mobile app>) and username alice.",
        f"DEBUG {log.name} Issuing token to client id 'billing-worker' (<Application: Billing worker>), "
        f"{{'access_token': '{redact(ACCESS_2)}', 'expires_in': 36000, 'token_type': 'Bearer', "
        "'scope': 'invoices:read'}.",
    ]


def test_case02_structure_kept_only_the_secret_argument_replaced() -> None:
    flt = RedactingFilter(use_django_settings=False)
    token = {"access_token": ACCESS_1, "token_type": "Bearer"}
    record = logging.LogRecord("oauthlib", logging.DEBUG, __file__, 1, "Issuing token %r to client id %r",
                               (token, "mobile-app"), None)
    msg = record.msg
    assert flt.filter(record) is True
    assert record.msg is msg  # the template is untouched
    assert record.args[1] == "mobile-app"
    assert record.args[0] == {"access_token": redact(ACCESS_1), "token_type": "Bearer"}
    assert isinstance(record.args[0]["access_token"], MaskedArg)
    assert token["access_token"] == ACCESS_1  # the caller's object is never mutated


def test_case03_requests_oauthlib_token_and_basic_header(capture) -> None:
    log, out = capture(RedactingFilter(use_django_settings=False), "requests_oauthlib.oauth2_session")
    log.debug("Adding token %s to request.", {"access_token": RO_ACCESS, "token_type": "Bearer", "expires_in": 300})
    log.debug("Request headers were %s", {"User-Agent": "python-requests/2.32.3", "Accept": "application/json",
                                           "Authorization": f"Basic {RO_BASIC}",
                                           "Content-Type": "application/x-www-form-urlencoded"})
    assert lines(out) == [
        f"DEBUG {log.name} Adding token {{'access_token': '{redact(RO_ACCESS)}', 'token_type': 'Bearer', "
        "'expires_in': 300} to request.",
        f"DEBUG {log.name} Request headers were {{'User-Agent': 'python-requests/2.32.3', 'Accept': "
        f"'application/json', 'Authorization': 'Basic {redact(RO_BASIC)}', "
        "'Content-Type': 'application/x-www-form-urlencoded'}",
    ]


@pytest.mark.parametrize(
    ("template", "secret"),
    [
        ("Authorization: Bearer {}", JWT),
        ("bare jwt {} in prose", JWT),
        ("Authorization: Bearer {}", "t6VoG1u55orGLKBNIREGXXA6GhrQWtfA"),
        ("send: b'GET /v1/me HTTP/1.1\\r\\nAuthorization: Bearer {}\\r\\n\\r\\n'", "t6VoG1u55orGLKBNIREGXXA6GhrQWtfA"),
        ("GET /oidc/callback/?code={}&state=abcdefghijkl HTTP/1.1", CODE),
        ("grant_type=authorization_code&code={}&redirect_uri=https%3A%2F%2Frp%2Fcb", CODE),
        ("redirect=https%3A%2F%2Frp%2Fcb%3Fcode%3D{}%26state%3Dx", CODE),
        ("POST body client_secret={}&client_id=portal", DOT_SECRET),
        ('{{"refresh_token": "{}", "token_type": "Bearer"}}', REFRESH_1),
        ('{{\\"id_token\\": \\"{}\\"}}', ACCESS_1),
        ("Cookie: theme=dark; sessionid={}; lang=en", "60mthj5dra14fitr06t0jek92jgp915v"),
        ("'HTTP_COOKIE': 'sessionid={}'", "60mthj5dra14fitr06t0jek92jgp915v"),
        ("client_assertion={}&x=1", JWT),
        ("code_verifier={}", "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"),
        ("DATABASE_URL=postgres://app:{}@db.internal:5432/app", "i6usGzgT0vDiKkyF2TkyzOKw"),
        ("password: {}", "hunter2-but-longer-9"),
        ("AWS key {} in use", "AKIAIOSFODNN7EXAMPLE"),
    ],
)
def test_shapes_masked_context_kept(capture, template: str, secret: str) -> None:
    log, out = capture(RedactingFilter(use_django_settings=False))
    log.info(template.format(secret))
    (line,) = lines(out)
    assert secret not in line
    prefix, _, suffix = template.partition("{}")
    assert line.startswith(f"INFO {log.name} {prefix.replace('{{', '{')}")
    assert line.endswith(suffix.replace("}}", "}"))


def test_cookie_header_keeps_names_and_other_cookies() -> None:
    text = "Cookie: theme=dark; sessionid=60mthj5dra14fitr06t0jek92jgp915v"
    masked = Redactor().mask(text)
    assert masked == f"Cookie: theme=dark; sessionid={redact('60mthj5dra14fitr06t0jek92jgp915v')}"


def test_django_server_request_line_masks_code_not_state() -> None:
    flt = RedactingFilter(use_django_settings=False)
    record = logging.LogRecord("django.server", logging.INFO, __file__, 1, '"%s" %s %s',
                               (f"GET /oidc/callback/?code={CODE}&state=st4te-value-123 HTTP/1.1", "302", "0"), None)
    flt.filter(record)
    assert record.getMessage() == f'"GET /oidc/callback/?code={redact(CODE)}&state=st4te-value-123 HTTP/1.1" 302 0'


def test_mask_state_flag() -> None:
    flt = RedactingFilter(use_django_settings=False, mask_state=True)
    record = logging.LogRecord("x", logging.INFO, __file__, 1, f"?code={CODE}&state=st4te-value-123", (), None)
    flt.filter(record)
    assert record.getMessage() == f"?code={redact(CODE)}&state={redact('st4te-value-123')}"


def test_record_without_secret_is_untouched() -> None:
    flt = RedactingFilter(use_django_settings=False)
    args = ("alice", 200, {"path": "/reports/", "status code": 200})
    record = logging.LogRecord("x", logging.INFO, __file__, 1, "user %s got status code %d for %r, token expired",
                               args, None)
    msg = record.msg
    before = dict(vars(record))
    assert flt.filter(record) is True
    assert record.msg is msg and record.args is args
    after = dict(vars(record))  # nothing added either (no marker attribute)
    assert after == before


def test_object_whose_str_and_repr_carry_a_token(capture) -> None:
    class Session:
        def __str__(self) -> str:
            return f"session with Authorization: Bearer {JWT}"

        def __repr__(self) -> str:
            return f"<Session token={JWT}>"

    log, out = capture(RedactingFilter(use_django_settings=False))
    log.info("plain %s", Session())
    log.info("repr %r", Session())
    text = out.getvalue()
    assert JWT not in text
    assert "plain session with Authorization: Bearer eyJh…" in text
    assert "repr <Session token=eyJh…" in text


def test_exception_text_masked_and_computed(capture) -> None:
    log, out = capture(RedactingFilter(use_django_settings=False))
    try:
        raise ValueError(f"400 Client Error for url: https://op.example.test/token?code={CODE}&client_secret={DOT_SECRET}")
    except ValueError:
        log.exception("token exchange failed")
    text = out.getvalue()
    assert CODE not in text and DOT_SECRET not in text
    assert "Traceback (most recent call last)" in text and "ValueError: 400 Client Error" in text


def test_precomputed_exc_text_masked() -> None:
    flt = RedactingFilter(use_django_settings=False)
    record = logging.LogRecord("x", logging.ERROR, __file__, 1, "boom", (), None)
    record.exc_text = f"Traceback...\nHTTPError: bearer {JWT}"
    flt.filter(record)
    assert JWT not in record.exc_text and record.exc_text.startswith("Traceback...\nHTTPError: bearer eyJh")


def test_extra_fields(capture) -> None:
    log, out = capture(RedactingFilter(use_django_settings=False))
    flt = log.handlers[0].filters[0]
    record = logging.LogRecord("x", logging.INFO, __file__, 1, "token response", (), None)
    record.token_response = {"access_token": ACCESS_1, "expires_in": 300}
    record.header = f"Bearer {JWT}"
    record.note = "nothing here"
    flt.filter(record)
    assert record.token_response == {"access_token": redact(ACCESS_1), "expires_in": 300}
    assert record.header == f"Bearer {redact(JWT)}"
    assert record.note == "nothing here"


def test_same_filter_on_two_handlers_masks_once(capture) -> None:
    flt = RedactingFilter(use_django_settings=False)
    log, out = capture(flt)
    second = logging.StreamHandler(out)
    second.setFormatter(logging.Formatter("%(message)s"))
    second.addFilter(flt)
    log.addHandler(second)
    log.info("code=%s", CODE)
    first_line, second_line = lines(out)
    assert first_line.endswith(f"code={redact(CODE)}")
    assert second_line == f"code={redact(CODE)}"


def test_masking_is_idempotent_across_filter_instances() -> None:
    text = f"?code={CODE} {{'access_token': '{ACCESS_1}'}} Authorization: Bearer {JWT} secret {DOT_SECRET}"
    once = Redactor().mask(text)
    assert Redactor().mask(once) is once


def test_never_raises_and_never_drops() -> None:
    flt = RedactingFilter(use_django_settings=False)

    class Hostile:
        def __str__(self) -> str:
            raise RuntimeError("no str")

        __repr__ = __str__

    for record in (
        logging.LogRecord("x", logging.INFO, __file__, 1, "%s %s", ("only one",), None),  # bad format
        logging.LogRecord("x", logging.INFO, __file__, 1, Hostile(), (), None),
        logging.LogRecord("x", logging.INFO, __file__, 1, "%s", (Hostile(),), None),
        logging.LogRecord("x", logging.INFO, __file__, 1, b"code=Xa7bQ9fLk2mN3pR5sT8vW0yZ", (), None),
        logging.LogRecord("x", logging.INFO, __file__, 1, "token %(a)s", ({"a": "\ud800"},), None),
    ):
        assert flt.filter(record) is True


@override_settings(
    OIDC_RP_CLIENT_ID="portal-web",
    OIDC_RP_CLIENT_SECRET="kq3T9vLw2xPz8RbN5mQs7dYc",
    BROKER_URL="redis://:O9mFD9qIwBi34MggXkLSjz3l@cache.internal:6379/0",
    PAYMENT_SERVICE={"endpoint": "https://pay.example.test", "client_cred": "f7qkOstj6n9zWCiPJpvvUR6BNpPZ0u9j"},
)
def test_app_secret_values_from_settings_in_every_encoding(capture) -> None:
    log, out = capture(RedactingFilter())
    secret = "kq3T9vLw2xPz8RbN5mQs7dYc"
    basic = base64.b64encode(f"portal-web:{secret}".encode()).decode()
    log.info("raw value %s seen", secret)
    log.info("urlencoded %s seen", quote(secret + "/+", safe=""))
    log.info("b64 %s seen", base64.b64encode(secret.encode()).decode())
    log.info("header X-Auth %s seen", basic)
    log.info("broker pw O9mFD9qIwBi34MggXkLSjz3l, cred f7qkOstj6n9zWCiPJpvvUR6BNpPZ0u9j")
    text = out.getvalue()
    for needle in (secret, basic, base64.b64encode(secret.encode()).decode(), "O9mFD9qIwBi34MggXkLSjz3l",
                   "f7qkOstj6n9zWCiPJpvvUR6BNpPZ0u9j"):
        assert needle not in text
    assert "raw value kq3T…(24 chars" in text
    assert "https://pay.example.test" not in text  # never logged here; endpoints are not secrets


def test_constructor_and_environment_secrets(monkeypatch, capture) -> None:
    monkeypatch.setenv("CORP_OIDC_SECRET", "i6oIs8VIXGsAOLCQ3lje53VDuQufhcph")
    flt = RedactingFilter(secrets=["Zq8mW3nV7bX2cL5kJ9hG"], secret_env=["CORP_OIDC_SECRET"],
                          client_credentials=[("svc", "Pp4Rr6Tt8Yy0Uu2Ii4Oo")], use_django_settings=False)
    log, out = capture(flt)
    basic = base64.b64encode(b"svc:Pp4Rr6Tt8Yy0Uu2Ii4Oo").decode()
    log.info("a Zq8mW3nV7bX2cL5kJ9hG b i6oIs8VIXGsAOLCQ3lje53VDuQufhcph c %s", basic)
    text = out.getvalue()
    assert "Zq8mW3nV7bX2cL5kJ9hG" not in text and "i6oIs8VIXGsAOLCQ3lje53VDuQufhcph" not in text
    assert basic not in text


def test_dictconfig_on_handlers() -> None:
    import io
    import logging.config

    stream = io.StringIO()
    logging.config.dictConfig({
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {"redact": {"()": "oidcguard.logging.RedactingFilter", "mask_state": True}},
        "handlers": {"buf": {"class": "logging.StreamHandler", "stream": stream, "filters": ["redact"]}},
        "loggers": {"oidcguard.dictconfig": {"handlers": ["buf"], "level": "DEBUG", "propagate": False}},
    })
    # A child logger: its records propagate to the parent's handler, where the filter sits.
    logging.getLogger("oidcguard.dictconfig.oauthlib.grant").debug("token %s", {"refresh_token": REFRESH_1})
    assert REFRESH_1 not in stream.getvalue() and "refresh_token" in stream.getvalue()
    logging.getLogger("oidcguard.dictconfig").handlers.clear()
