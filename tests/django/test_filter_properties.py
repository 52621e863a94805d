"""Property-based tests of RedactingFilter (hypothesis): never raises, never changes a record that
holds no secret, masks every planted token shape in any position (msg, args, dict args, extra,
exception text)."""

from __future__ import annotations

import base64
import io
import json
import logging
import string

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from oidcguard.logging import RedactingFilter
from oidcguard.shapes import looks_fake, shannon_entropy

FILTER = RedactingFilter(use_django_settings=False)

# Realistic non-secret log vocabulary, including the words that trigger the prefilter
# ("code", "token", "Bearer", "secret", "session", "cookie") in their ordinary, non-secret uses.
BENIGN_WORDS = [
    "status", "code", "200", "302", "404", "GET", "POST", "token", "expired", "refresh", "access", "id",
    "session", "started", "Bearer", "Basic", "realm", "client", "secret", "rotation", "scheduled", "cookie",
    "csrf", "failed", "user", "alice", "authorization", "header", "missing", "password", "reset", "for",
    "the", "is", "was", "none", "null", "ok", ":", "=", "api", "key", "verifier", "state", "nonce", "in",
    "request", "took", "12ms", "(cached)", "-", "0.93", "worker-3", "Issuing", "to", "scope", "openid",
]
benign_text = st.lists(st.sampled_from(BENIGN_WORDS), max_size=12).map(" ".join)
ALNUM = string.ascii_letters + string.digits


def _random_enough(value: str) -> bool:
    return (shannon_entropy(value) >= 3.0 and len(set(value)) >= 8 and any(c.isdigit() for c in value)
            and any(c.isalpha() for c in value) and not looks_fake(value))  # "todo" inside marks a fake


secrets = st.text(alphabet=ALNUM, min_size=20, max_size=40).filter(_random_enough)


def _b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


@st.composite
def jwts(draw: st.DrawFn) -> str:
    claims = draw(st.dictionaries(st.sampled_from(["sub", "aud", "scope", "nonce", "jti"]),
                                  st.text(alphabet=ALNUM, min_size=1, max_size=20), min_size=1))
    claims["iss"] = "https://op.example.test"
    header = _b64url(json.dumps({"alg": "RS256", "typ": "JWT"}, separators=(",", ":")).encode())
    payload = _b64url(json.dumps(claims, separators=(",", ":")).encode())
    signature = draw(st.text(alphabet=ALNUM + "-_", min_size=16, max_size=64))
    return f"{header}.{payload}.{signature}"


CONTEXTS = [
    "access_token={}", "?code={}&state=x", "refresh_token={}", "client_secret={}", "id_token={}",
    "'access_token': '{}'", '"refresh_token": "{}"', "Authorization: Bearer {}", "Bearer {}",
    "wrong client secret {}", "sessionid={}", "Cookie: sessionid={}", "code_verifier={}",
    "client_assertion={}", "password: {}", "'HTTP_AUTHORIZATION': 'Bearer {}'",
]


def render(record: logging.LogRecord) -> str:
    buffer = io.StringIO()
    handler = logging.StreamHandler(buffer)
    handler.setFormatter(logging.Formatter("%(message)s %(extra_field)s"))
    handler.handle(record)
    return buffer.getvalue()


def make_record(msg: object, args: tuple[object, ...] | None, extra: object = "-",
                exc: BaseException | None = None) -> logging.LogRecord:
    exc_info = (type(exc), exc, None) if exc is not None else None
    record = logging.LogRecord("prop", logging.INFO, __file__, 1, msg, args, exc_info)
    record.extra_field = extra
    return record


any_arg = st.one_of(st.none(), st.integers(), st.floats(allow_nan=False), st.text(), st.binary(max_size=30),
                    st.dictionaries(st.text(max_size=10), st.text(max_size=30), max_size=3),
                    st.tuples(st.text(max_size=10), st.integers()))


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(msg=st.one_of(st.text(), benign_text, st.integers()), args=st.lists(any_arg, max_size=3),
       extra=any_arg)
def test_never_raises_and_never_drops(msg: object, args: list[object], extra: object) -> None:
    record = make_record(msg, tuple(args), extra)
    assert FILTER.filter(record) is True


@settings(max_examples=300)
@given(text=benign_text, arg=benign_text, number=st.integers())
def test_record_without_secret_is_unchanged(text: str, arg: str, number: int) -> None:
    msg = text + " %s (n=%d)"  # a bare number after "password:" would be a password
    args = (arg, number)
    record = make_record(msg, args, extra=arg)
    before = render(make_record(msg, args, extra=arg))
    FILTER.filter(record)
    assert record.msg is msg and record.args is args and record.extra_field is arg
    assert render(record) == before


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(
    before=benign_text, after=benign_text, secret=secrets, jwt=jwts(), context=st.sampled_from(CONTEXTS),
    use_jwt=st.booleans(),
    where=st.sampled_from(["msg", "arg", "arg-repr", "dict-arg", "extra", "exception", "template-label"]),
)
def test_planted_secret_masked_in_any_position(before: str, after: str, secret: str, jwt: str, context: str,
                                               use_jwt: bool, where: str) -> None:
    value = jwt if use_jwt else secret
    planted = context.format(value)
    msg: str = f"{before} %s {after}"
    args: tuple[object, ...] = ("-",)
    extra: object = "-"
    exc: BaseException | None = None
    if where == "msg":
        msg, args = f"{before} {planted} {after}", ()
    elif where == "arg":
        args = (planted,)
    elif where == "arg-repr":
        msg, args = f"{before} %r {after}", ([planted, 1],)
    elif where == "dict-arg":
        args = ({"token_type": "Bearer", "access_token": value, "refresh_token": value},)
    elif where == "extra":
        extra = {"headers": {"Authorization": f"Bearer {value}"}, "note": planted}
    elif where == "exception":
        exc = RuntimeError(f"token endpoint said: {planted}")
    elif where == "template-label":
        msg, args = f"{before} wrong client secret %s {after}", (value,)
    record = make_record(msg, args, extra, exc)
    assert FILTER.filter(record) is True
    output = render(record)
    assert value not in output
