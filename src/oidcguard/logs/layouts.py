"""Known log layouts, and the decoded views of a line that the rules match against.

Layouts matter for two things: JSON lines carry values JSON-escaped (`\\"`, `\\/`, `\\u0026`), and
access logs carry URLs percent-encoded (`access_token%3D…`, `Bearer%20…`). A rule matches every
view, so a secret is found however it was escaped; the engine counts it once per line.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any
from urllib.parse import unquote

# nginx `log_format combined` / Apache `LogFormat "%h %l %u %t \"%r\" %>s %b \"%{Referer}i\"
# \"%{User-agent}i\""` (https://nginx.org/en/docs/http/ngx_http_log_module.html#log_format).
_COMBINED = re.compile(r'^\S+ \S+ \S+ \[[^\]]+\] "[^"]*" \d{3} (?:\d+|-)(?: "[^"]*" "[^"]*")?')
# Django's runserver (django/core/servers/basehttp.py WSGIRequestHandler.log_message):
# `[11/Mar/2025 09:42:17] "GET / HTTP/1.1" 200 1234`.
_RUNSERVER = re.compile(r'^\[\d\d/\w{3}/\d{4} \d\d:\d\d:\d\d\] "')
# gunicorn's error log (`[2025-03-11 09:42:17 +0000] [123] [INFO] ...`).
_GUNICORN = re.compile(r"^\[\d{4}-\d\d-\d\d \d\d:\d\d:\d\d(?:,\d+)?(?: [+-]\d{4})?\] \[\d+\] \[[A-Z]+\]")
# uWSGI's request log (`[pid: 12|app: 0|req: 1/1] 127.0.0.1 () {34 vars in 612 bytes} [...] GET /`).
_UWSGI = re.compile(r"^\[pid: \d+\|app: [-\d]+\|req: ")
# A Python logging line (`%(asctime)s %(levelname)s %(name)s %(message)s` and friends).
_PYLOG = re.compile(r"^\d{4}-\d\d-\d\d[ T]\d\d:\d\d:\d\d[,.\d]* ")
# Multi-line traceback continuation lines (traceback module's format).
_TRACEBACK = re.compile(r'^(?:Traceback \(most recent call last\):|  File "|\s{4}\S)')


def layout_of(text: str) -> str:
    head = text[:120]
    if head.startswith("{"):
        return "json"
    if _COMBINED.match(head) or _COMBINED.match(text):
        return "access-combined"
    if _RUNSERVER.match(head):
        return "django-runserver"
    if _GUNICORN.match(head):
        return "gunicorn"
    if _UWSGI.match(head):
        return "uwsgi"
    if _TRACEBACK.match(head):
        return "traceback"
    if _PYLOG.match(head):
        return "python-logging"
    return ""


def _strings(value: Any, depth: int = 0) -> Iterator[str]:
    if depth > 20:
        return
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for k, v in value.items():
            if isinstance(v, str) and isinstance(k, str):
                # Keep the key beside the value, so `{"client_secret": "…"}` still reads as one.
                yield f'"{k}": "{v}"'
            yield from _strings(v, depth + 1)
    elif isinstance(value, list):
        for v in value:
            yield from _strings(v, depth + 1)


def views(text: str, layout: str) -> tuple[str, ...]:
    """The line itself, then JSON-decoded string values, then URL-decoded copies of each."""
    out = [text]
    if layout == "json" and "\\" in text:
        try:
            out.extend(s for s in _strings(json.loads(text)) if s)
        except (ValueError, RecursionError):
            pass
    for v in list(out):
        if "%" in v:
            decoded = unquote(v)
            if decoded != v:
                out.append(decoded)
    return tuple(dict.fromkeys(out))
