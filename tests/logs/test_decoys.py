"""Values that look like secrets but are not: none of these lines may fire."""

from __future__ import annotations

import base64
from pathlib import Path

import pytest

from .helpers import scan_text

_PNG = base64.b64encode(bytes(range(256)) * 8).decode()

DECOYS = [
    # UUIDs and git SHAs, unlabelled or under non-secret names
    "2025-03-11 10:00:00,000 INFO django.request request_id=550e8400-e29b-41d4-a716-446655440000 status=200",
    "2025-03-11 10:00:00,000 INFO deploy release 2405157f54b12eae62d11e887eb0766d1877f8c6 rolled out",
    '{"ts": "2025-03-11", "commit": "2405157f54b12eae62d11e887eb0766d1877f8c6", "code": 200}',
    # Django password hashes
    "2025-03-11 10:00:00,000 INFO accounts password=pbkdf2_sha256$720000$Zx8k2LmQ9vX4tR7y$AbCdEfGh1234567890abcdefGHIJKLmnopqrstuvwx=",
    "2025-03-11 10:00:00,000 DEBUG accounts {'password': 'argon2$argon2id$v=19$m=102400,t=2,p=8$c2FsdHNhbHQ$aGFzaGhhc2g'}",
    # A base64 image
    f'<img src="data:image/png;base64,{_PNG}">',
    # JWT-shaped strings that do not decode to a JWT
    "2025-03-11 10:00:00,000 DEBUG api token eyJub3QtanNvbiI6.eyJhbHNvLW5vdC.c2lnbmF0dXJl",
    "2025-03-11 10:00:00,000 DEBUG api token eyJhbGciOiJIUzI1NiJ9xx.eyJzdWIiOiIx.sig",
    # `code` as a status and error field
    '203.0.113.7 - - [11/Mar/2025:09:42:17 +0000] "GET /health/?code=200 HTTP/1.1" 200 12 "-" "kube-probe/1.30"',
    '{"level": "error", "code": 404, "status_code": 500, "error_code": "invalid_grant"}',
    "2025-03-11 10:00:00,000 INFO shop applied ?code=PROMO2025SPRINGSALE to basket 42",
    # `state` values and a callback without a code
    '203.0.113.7 - - [11/Mar/2025:09:42:17 +0000] "GET /oidc/callback/?state=Zx8k2LmQ9vX4tR7yP1wN6Zx8k2Lm&error=access_denied HTTP/1.1" 302 0 "-" "-"',
    # OAuth vocabulary, headers without credentials, prose
    "2025-03-11 10:00:00,000 DEBUG oauthlib {'token_type': 'Bearer', 'grant_type': 'refresh_token'}",
    'WWW-Authenticate: Bearer realm="api", error="invalid_token", error_description="expired"',
    "2025-03-11 10:00:00,000 WARNING auth Basic authentication failed for user alice",
    "2025-03-11 10:00:00,000 INFO ops client secret rotation scheduled for portal-web",
    # Placeholders and already-masked values
    "GET /cb?access_token=<redacted>&id_token=*** HTTP/1.1",
    "2025-03-11 10:00:00,000 DEBUG x {'access_token': None, 'refresh_token': 'REDACTED'}",
    "GET /api/items/?access_token=GDZH…(32 chars, sha256:19bfb2d2) HTTP/1.1",
    "HTTP_AUTHORIZATION = '********************'",
    "2025-03-11 10:00:00,000 DEBUG cfg client_secret=changeme api_key=your-api-key-here",
]


@pytest.mark.parametrize("line", DECOYS, ids=range(len(DECOYS)))
def test_decoy_does_not_fire(tmp_path: Path, line: str) -> None:
    report = scan_text(tmp_path, line + "\n")
    assert [(f.rule_id, f.evidence) for f in report.findings] == []
    assert report.errors == []


def test_all_decoys_together_do_not_fire(tmp_path: Path) -> None:
    assert scan_text(tmp_path, "\n".join(DECOYS) + "\n").findings == []


def test_letters_only_random_tokens_still_fire(tmp_path: Path) -> None:
    # About 0.5% of oauthlib's generated tokens hold no digit; they are still tokens.
    text = "x {'access_token': 'sGGUNbQKlzloveHkUFLWlttbDAYdSt', 'token_type': 'Bearer'}\n"
    assert [f.rule_id for f in scan_text(tmp_path, text).findings] == ["OG303"]
    # ... while CamelCase vocabulary in the same place does not.
    assert scan_text(tmp_path, "x {'access_token': 'AuthorizationCodeGrant'}\n").findings == []
