"""The data-flow layer: what a value carries, followed through code, and what it deliberately does not follow."""

from __future__ import annotations

import ast
import textwrap

import pytest

from oidcguard.findings import Confidence
from oidcguard.static.dataflow import Taint, build_index
from oidcguard.static.project import SourceFile


def taint_of_last_call_arg(code: str) -> Taint | None:
    """Taint of the first argument of the last `sink(...)` call in the last function."""
    text = textwrap.dedent(code)
    source = SourceFile("app/views.py", text)
    source._tree = ast.parse(text)  # type: ignore[attr-defined]
    index = build_index(source)
    for scope in index.scopes:
        sinks = [c for c in scope.calls() if isinstance(c.func, ast.Name) and c.func.id == "sink"]
        if sinks:
            return scope.taint(sinks[-1].args[0])
    raise AssertionError("no sink() call")


@pytest.mark.parametrize("body, label", [
    ("info = self.get_token(payload)\n    sink(info)", "the result of get_token()"),
    ("r = requests.post(settings.OIDC_OP_TOKEN_ENDPOINT, data=d)\n    sink(r.json())", "the token-endpoint response"),
    ("t = r.json()['access_token']\n    msg = f'token {t}'\n    sink(msg)", "['access_token']"),
    ("sink('Bearer %s' % request.META['HTTP_AUTHORIZATION'])", "request.META['HTTP_AUTHORIZATION']"),
    ("sink('key: ' + settings.STRIPE_API_KEY)", "settings.STRIPE_API_KEY"),
    ("sink('{}'.format(request.session['oidc_access_token']))", "session['oidc_access_token']"),
])
def test_followed_values_are_high_or_medium_confidence(body: str, label: str) -> None:
    code = f"from django.conf import settings\nimport requests\n\ndef view(self, request, r, d, payload):\n    {body}\n"
    found = taint_of_last_call_arg(code)
    assert found is not None and found.secret
    assert found.label.endswith(label)
    assert found.confidence >= Confidence.MEDIUM


@pytest.mark.parametrize("body", [
    "sink(access_token[:8])",                       # a prefix kept for correlation
    "sink(len(access_token))",                      # arbitrary calls are not followed
    "sink(hashlib.sha256(access_token).hexdigest())",
    "sink(sorted(token_response))",                 # the keys of a token response
    "t = self.get_token(p)\n    sink(t['expires_in'])",  # metadata, not the token
    "sink(settings.OIDC_OP_TOKEN_ENDPOINT)",        # describes a secret, is not one
    "sink(request.session.get('oidc_id_token_expiration'))",
    "sink(request.headers.get('User-Agent'))",
])
def test_what_is_not_a_credential(body: str) -> None:
    code = f"import hashlib\nfrom django.conf import settings\n\ndef view(self, request, access_token, token_response, p):\n    {body}\n"
    found = taint_of_last_call_arg(code)
    assert found is None or not found.secret


def test_names_alone_are_low_confidence_and_bare_token_needs_oauth_vocabulary() -> None:
    named = taint_of_last_call_arg("def f(refresh_token):\n    sink(refresh_token)\n")
    assert named is not None and named.secret and named.confidence is Confidence.LOW
    assert taint_of_last_call_arg("def parse(token):\n    sink(token)\n") is None  # a template-engine token
    oauth = taint_of_last_call_arg("# OAuth bearer handling\ndef parse(token):\n    sink(token)\n")
    assert oauth is not None and oauth.secret


def test_request_data_is_user_controlled_not_secret() -> None:
    found = taint_of_last_call_arg("def v(request):\n    nxt = request.GET.get('next') or '/'\n    sink(nxt)\n")
    assert found is not None and found.user and not found.secret
    assert found.label == "request.GET['next']"
