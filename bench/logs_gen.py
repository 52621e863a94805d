"""A realistic mixed Django service log for the logs benchmark (never committed: made in a temp dir).

The mix follows what a Django OIDC relying party behind nginx writes in a day: mostly access-log
lines (nginx combined, gunicorn, runserver), application INFO/DEBUG lines from `django.request`,
`urllib3.connectionpool` and the OIDC libraries, JSON-lines records from a structured logger, and
the odd traceback. About one line in a thousand carries a secret (a token in a query string, a
bearer header, an issued-token dict, a JWT); decoys (UUIDs, git SHAs, password hashes, `code=200`)
are sprinkled in, as in real logs.
"""

from __future__ import annotations

import base64
import json
import random
import string
from pathlib import Path

_ALNUM = string.ascii_letters + string.digits
_PATHS = ("/", "/api/items/", "/api/items/42/", "/accounts/profile/", "/static/app.js", "/static/app.css",
          "/health/", "/api/orders/?page=3", "/oidc/authenticate/", "/admin/", "/favicon.ico",
          "/api/search/?q=widgets&sort=price", "/media/img/logo.png", "/api/v2/users/me/")
_AGENTS = ("Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36",
           "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5",
           "python-requests/2.32.3", "curl/8.5.0", "kube-probe/1.30")


def _tok(rng: random.Random, n: int = 32) -> str:
    return "".join(rng.choice(_ALNUM) for _ in range(n))


def _b64url(data: dict[str, object]) -> str:
    return base64.urlsafe_b64encode(json.dumps(data).encode()).rstrip(b"=").decode()


def _jwt(rng: random.Random) -> str:
    header = _b64url({"alg": "RS256", "typ": "JWT", "kid": _tok(rng, 8)})
    claims = _b64url({"iss": "https://op.example.test", "sub": f"user-{rng.randint(1, 9999)}",
                      "aud": "portal", "scope": "openid profile", "exp": 4102444800, "iat": 1735689600})
    sig = base64.urlsafe_b64encode(rng.randbytes(64)).rstrip(b"=").decode()
    return f"{header}.{claims}.{sig}"


def _ts(i: int) -> tuple[str, str]:
    sec = i // 40
    h, m, s = (sec // 3600) % 24, (sec // 60) % 60, sec % 60
    return f"11/Mar/2025:{h:02d}:{m:02d}:{s:02d} +0000", f"2025-03-11 {h:02d}:{m:02d}:{s:02d},{i % 1000:03d}"


def _benign(rng: random.Random, i: int) -> str:
    clf, iso = _ts(i)
    ip = f"203.0.113.{rng.randint(1, 254)}"
    path = rng.choice(_PATHS)
    status = rng.choice((200, 200, 200, 200, 304, 302, 404, 500))
    kind = rng.randint(0, 99)
    if kind < 45:
        return (f'{ip} - - [{clf}] "GET {path} HTTP/1.1" {status} {rng.randint(80, 90000)} '
                f'"https://portal.example.test/" "{rng.choice(_AGENTS)}"')
    if kind < 55:
        return f'[{iso[:19]}] "GET {path} HTTP/1.1" {status} {rng.randint(80, 9000)}'
    if kind < 65:
        return (f"{iso} INFO django.request request_id={rng.randbytes(16).hex()} method=GET "
                f"path={path} status={status} duration_ms={rng.randint(2, 900)}")
    if kind < 72:
        return (f"{iso} DEBUG urllib3.connectionpool https://op.example.test:443 "
                f'"GET /realms/main/protocol/openid-connect/certs HTTP/1.1" {status} {rng.randint(300, 3000)}')
    if kind < 80:
        return json.dumps({"ts": iso, "level": "info", "logger": "orders.views", "event": "order placed",
                           "order_id": str(rng.getrandbits(64)), "user": f"user-{rng.randint(1, 999)}",
                           "commit": rng.randbytes(20).hex(), "code": status})
    if kind < 85:
        return (f"{iso} INFO mozilla_django_oidc.auth user authenticated sub=user-{rng.randint(1, 999)} "
                f"session={rng.randbytes(16).hex()[:8]}-{rng.randbytes(2).hex()}-4abc-9def-{rng.randbytes(6).hex()}")
    if kind < 90:
        return (f"[{iso}] [{rng.randint(100, 999)}] [DEBUG] Ignoring EPIPE; worker pid {rng.randint(1000, 9999)} "
                "heartbeat ok")
    if kind < 94:
        return f'  File "/srv/app/orders/views.py", line {rng.randint(10, 400)}, in place_order'
    if kind < 97:
        return (f"{iso} WARNING django.security.DisallowedHost Invalid HTTP_HOST header: "
                f"'10.0.{rng.randint(0, 9)}.{rng.randint(0, 255)}'. You may need to add it to ALLOWED_HOSTS.")
    return (f"{iso} INFO accounts.signals password changed user={rng.randint(1, 999)} "
            f"hash=pbkdf2_sha256$720000${_tok(rng, 22)}${_tok(rng, 43)}=")


def _leaky(rng: random.Random, i: int) -> str:
    clf, iso = _ts(i)
    ip = f"198.51.100.{rng.randint(1, 254)}"
    kind = rng.randint(0, 5)
    if kind == 0:
        return (f'{ip} - - [{clf}] "GET /api/items/?access_token={_tok(rng)} HTTP/1.1" 200 512 "-" '
                f'"{rng.choice(_AGENTS)}"')
    if kind == 1:
        return (f"{iso} DEBUG oauthlib.oauth2.rfc6749.grant_types.authorization_code Issuing token "
                f"{{'access_token': '{_tok(rng, 30)}', 'expires_in': 36000, 'token_type': 'Bearer', "
                f"'refresh_token': '{_tok(rng, 30)}'}} to client id 'portal'")
    if kind == 2:
        return (f"send: b'GET /v1/me HTTP/1.1\\r\\nHost: api.example.test\\r\\n"
                f"Authorization: Bearer {_tok(rng)}\\r\\n\\r\\n'")
    if kind == 3:
        return (f'{ip} - - [{clf}] "GET /oidc/callback/?code={_tok(rng, 40)}&state={_tok(rng, 32)} HTTP/1.1" '
                f'302 0 "-" "{rng.choice(_AGENTS)}"')
    if kind == 4:
        return json.dumps({"ts": iso, "level": "debug", "logger": "api.auth",
                           "message": f"token ok {_jwt(rng)}"})
    return f"{iso} DEBUG oauth2_provider.oauth2_validators Failed body auth: wrong client secret {_tok(rng)}"


def generate(path: Path, size_bytes: int, *, seed: int = 7, leak_every: int = 1000) -> int:
    """Write about `size_bytes` of log to `path`; returns the number of lines."""
    rng = random.Random(seed)
    # A pool of distinct benign lines, reused (a fresh random line per output line makes the
    # generator, not the scanner, the slow part of the benchmark).
    pool = [_benign(rng, i) + "\n" for i in range(20_000)]
    written = 0
    lines = 0
    with path.open("w", encoding="utf-8") as out:
        batch: list[str] = []
        while written < size_bytes:
            lines += 1
            line = _leaky(rng, lines) + "\n" if lines % leak_every == 0 else pool[lines % len(pool)]
            batch.append(line)
            written += len(line)
            if len(batch) >= 10_000:
                out.write("".join(batch))
                batch.clear()
        out.write("".join(batch))
    return lines
