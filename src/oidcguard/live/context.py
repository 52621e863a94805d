"""The probe context: one budgeted, same-host, read-only HTTP client and what it has fetched.

Every request the prober makes goes through `ProbeContext`. It joins paths onto the target's base
URL, refuses any URL off the target's origin, never follows a redirect on its own, counts requests
and time against a budget, reads bodies by streaming up to a cap, and memoizes responses so that
rules asking for the same page share one request.

Rules are plain synchronous generators (they read like the checks they are). The engine runs each
one in a worker thread; `ctx.get()` hands the request to the event loop that owns the async httpx
client and waits for it there, so the network side stays async with bounded concurrency.
"""

from __future__ import annotations

import asyncio
import codecs
import concurrent.futures
import html
import http.cookiejar
import ipaddress
import json
import re
import ssl
import threading
import time
import zlib
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qsl, quote, urlencode, urlsplit, urlunsplit

import httpx

from ..findings import Location
from ..shapes import SENSITIVE_PARAMS, find_known, redact

if TYPE_CHECKING:
    from .discovery import Site

USER_AGENT = "oidcguard-probe (+https://github.com/oidcguard/oidcguard)"

# Query parameters whose values say how a flow is configured and never carry a credential:
# they may stay readable in a finding's URL. Everything else is masked.
READABLE_PARAMS: frozenset[str] = frozenset({
    "response_type", "response_mode", "scope", "code_challenge_method", "prompt", "grant_type",
    "error", "display", "ui_locales", "acr_values", "max_age",
})
SAFE_METHODS: frozenset[str] = frozenset({"GET", "HEAD", "OPTIONS"})


class ProbeError(Exception):
    """Base class of the prober's own errors."""


class TargetError(ProbeError):
    """The target cannot be probed at all (invalid URL, unreachable, TLS failure)."""


class BudgetExceeded(Exception):  # noqa: N818 - reads better than BudgetExceededError
    """The request or time budget is spent; the rule stops, the run reports what it has.

    Deliberately not a ProbeError: rules that skip a refused request (`except ProbeError`) must
    still stop when the budget is gone.
    """


class OffTarget(ProbeError):
    """A rule asked for a URL outside the target's origin; the prober never sends it."""


class NotAllowed(ProbeError):
    """A rule asked for an unsafe method without `--active`."""


@dataclass(frozen=True, slots=True)
class ProbeOptions:
    """What the prober may do. The defaults make a full probe of a local site take seconds."""

    active: bool = False  # allow harmless malformed POSTs to token/introspection endpoints
    client_id: str | None = None  # enables redirect-URI tests against a provider
    redirect_uri: str | None = None  # a registered redirect URI for that client
    login_path: str | None = None  # the RP's login path, when discovery cannot guess it
    max_requests: int = 250
    timeout: float = 5.0  # per request, connect to last byte (drip-feeding servers included)
    total_time: float = 60.0  # the whole probe
    max_body: int = 1024 * 1024  # bytes kept of any response body (Django debug pages: 0.1-0.5 MB)
    concurrency: int = 8
    max_pages: int = 20  # linked pages and scripts fetched from the home page
    verify_tls: bool = True
    ca_file: str | None = None  # a CA bundle to trust besides the system's (a private or lab CA)
    extra_paths: tuple[str, ...] = ()  # pages to fetch besides the discovered ones
    known_secrets: tuple[str, ...] = field(default=(), repr=False)  # the app's own secret values


@dataclass(frozen=True, slots=True)
class Fetched:
    """One request and what came back (or why nothing did). Bodies are capped, never whole."""

    method: str
    url: str  # as sent; may hold query values, so never put it in a finding (use safe_url)
    status: int  # 0 when no response arrived
    headers: tuple[tuple[str, str], ...] = ()
    # Bodies and the request's own headers (which may carry the site's anonymous session cookie)
    # stay out of repr(), so no traceback or log line ever prints them.
    body: bytes = field(default=b"", repr=False)
    truncated: bool = False
    error: str = ""
    text: str = field(default="", repr=False)  # body decoded with its charset (bad bytes replaced)
    decoded: str = field(default="", repr=False)  # `text` with HTML entities decoded (case 06: &#x27;)
    request_headers: tuple[tuple[str, str], ...] = field(default=(), repr=False)

    @property
    def ok(self) -> bool:
        return self.status != 0

    @property
    def is_redirect(self) -> bool:
        return self.status in (301, 302, 303, 307, 308) and self.header("location") is not None

    @property
    def location(self) -> str | None:
        return self.header("location")

    @property
    def content_type(self) -> str:
        return (self.header("content-type") or "").split(";", 1)[0].strip().lower()

    def header(self, name: str) -> str | None:
        name = name.lower()
        return next((v for k, v in self.headers if k.lower() == name), None)

    def header_all(self, name: str) -> list[str]:
        name = name.lower()
        return [v for k, v in self.headers if k.lower() == name]

    def json(self) -> Any:
        try:
            return json.loads(self.text)
        except ValueError:
            return None


@dataclass(frozen=True, slots=True)
class Budget:
    max_requests: int
    deadline: float  # time.monotonic() value


class ProbeContext:
    """A budgeted, same-origin, read-only view of one target, shared by every live rule."""

    def __init__(
        self,
        base_url: str | httpx.URL,
        options: ProbeOptions | None = None,
        *,
        transport: httpx.AsyncBaseTransport | None = None,
        on_request: Callable[[int], None] | None = None,
    ) -> None:
        self.options = options or ProbeOptions()
        self.base_url = normalise_target(str(base_url))
        self._origin = origin_of(self.base_url)
        self._transport = transport
        self._on_request = on_request
        self._client: httpx.AsyncClient | None = None
        self._semaphore: asyncio.Semaphore | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._cache: dict[tuple[Any, ...], asyncio.Future[Fetched]] = {}
        self._lock = threading.Lock()
        self._sent = 0
        self.exhausted: str | None = None  # why the budget ran out, once it has
        self._started = time.monotonic()
        self.budget = Budget(self.options.max_requests, self._started + self.options.total_time)
        from .discovery import Site  # here, not at module level: discovery imports this module

        self.site: Site = Site()  # replaced by the engine once discovery ran

    # ------------------------------------------------------------------ lifecycle

    async def __aenter__(self) -> ProbeContext:
        self._loop = asyncio.get_running_loop()
        self._semaphore = asyncio.Semaphore(max(1, self.options.concurrency))
        # A jar that accepts no cookie: every request is a first visit, so no rule's answer
        # depends on which other rule ran before it, and nothing session-like is ever sent back.
        jar = http.cookiejar.CookieJar(policy=http.cookiejar.DefaultCookiePolicy(allowed_domains=[]))
        self._client = httpx.AsyncClient(
            transport=self._transport,
            follow_redirects=False,
            verify=self._verify(),
            timeout=httpx.Timeout(self.options.timeout),
            cookies=jar,
            headers={"User-Agent": USER_AGENT, "Accept-Encoding": "gzip, deflate, identity"},
            trust_env=False,  # never route a probe through a proxy from the environment
        )
        self._started = time.monotonic()
        self.budget = Budget(self.options.max_requests, self._started + self.options.total_time)
        return self

    def _verify(self) -> ssl.SSLContext | bool:
        if not self.options.verify_tls:
            return False
        if self.options.ca_file:
            try:
                context = ssl.create_default_context(cafile=self.options.ca_file)
                context.load_default_certs()  # cafile replaces the system's roots; keep both
                return context
            except (OSError, ssl.SSLError) as exc:
                raise TargetError(f"cannot read CA file {self.options.ca_file}: {exc}") from None
        return True

    async def __aexit__(self, *exc: object) -> None:
        if self._client is not None:
            await self._client.aclose()

    @property
    def requests_sent(self) -> int:
        return self._sent

    @property
    def elapsed(self) -> float:
        return time.monotonic() - self._started

    # ------------------------------------------------------------------ URLs

    def url(self, target: str) -> str:
        """An absolute URL for `target`: a path is joined onto the base URL's path.

        `/oidc/authenticate/` against `https://h/app/` gives `https://h/app/oidc/authenticate/`
        so a site mounted under a prefix is probed under it.
        """
        if re.match(r"^[a-z][a-z0-9+.\-]*:", target, re.I) or target.startswith("//"):
            return str(httpx.URL(self.base_url).join(target))
        # The base path always ends with "/" (normalise_target), so a relative join keeps it.
        return str(httpx.URL(self.base_url).join("./" + target.lstrip("/")))

    def on_target(self, url: str) -> bool:
        """Whether `url` (absolute or relative) stays on the target's scheme, host and port."""
        try:
            absolute = httpx.URL(self.base_url).join(url)
        except (httpx.InvalidURL, ValueError):
            return False
        origin = origin_of(str(absolute))
        # The one exception: the plain-http twin of an https target on the default port, so OG204
        # can check that http:// redirects to https:// (same host; RFC 6797 §7.2).
        return origin == self._origin or origin == self.http_twin

    @property
    def http_twin(self) -> tuple[str, str, int] | None:
        scheme, host, port = self._origin
        return ("http", host, 80) if scheme == "https" and port == 443 else None

    def safe_url(self, url: str | httpx.URL) -> str:
        return safe_url(str(url))

    def location(self, fetched: Fetched | str, method: str | None = None) -> Location:
        if isinstance(fetched, Fetched):
            return Location(url=safe_url(fetched.url), method=method or fetched.method)
        return Location(url=safe_url(self.url(fetched)), method=method or "GET")

    @property
    def is_https(self) -> bool:
        return self.base_url.startswith("https://")

    @property
    def is_loopback(self) -> bool:
        return is_loopback_host(httpx.URL(self.base_url).host)

    # ------------------------------------------------------------------ requests (sync, for rules)

    def get(self, target: str, *, params: Mapping[str, str] | None = None,
            headers: Mapping[str, str] | None = None, follow: bool = False) -> Fetched:
        return self.request("GET", target, params=params, headers=headers, follow=follow)

    def head(self, target: str, *, headers: Mapping[str, str] | None = None) -> Fetched:
        return self.request("HEAD", target, headers=headers)

    def options_request(self, target: str, *, headers: Mapping[str, str] | None = None) -> Fetched:
        return self.request("OPTIONS", target, headers=headers)

    def post(self, target: str, *, data: Mapping[str, str] | None = None,
             headers: Mapping[str, str] | None = None) -> Fetched:
        return self.request("POST", target, data=data, headers=headers)

    def request(self, method: str, target: str, *, params: Mapping[str, str] | None = None,
                headers: Mapping[str, str] | None = None, data: Mapping[str, str] | None = None,
                follow: bool = False) -> Fetched:
        """Blocking form of `fetch()`, for rules running in the engine's worker threads."""
        loop = self._loop
        if loop is None:
            raise ProbeError("ProbeContext used outside `async with`")
        coro = self.fetch(method, target, params=params, headers=headers, data=data, follow=follow)
        try:
            running = asyncio.get_running_loop()
        except RuntimeError:
            running = None
        if running is loop:  # pragma: no cover - a rule called from the loop itself
            raise ProbeError("synchronous request from the event loop thread; use `await ctx.fetch()`")
        future = asyncio.run_coroutine_threadsafe(coro, loop)
        # Every request ends by the deadline plus one timeout; waiting longer means the loop is
        # gone (Ctrl-C, shutdown), and a rule thread must never outlive the run by much.
        wait = max(0.0, self.budget.deadline - time.monotonic()) + self.options.timeout + 1.0
        try:
            return future.result(timeout=wait)
        except concurrent.futures.TimeoutError:
            future.cancel()
            raise BudgetExceeded(f"time budget of {self.options.total_time:g}s spent") from None
        except concurrent.futures.CancelledError:
            raise BudgetExceeded("the probe was stopped") from None

    # ------------------------------------------------------------------ requests (async)

    async def fetch(self, method: str, target: str, *, params: Mapping[str, str] | None = None,
                    headers: Mapping[str, str] | None = None, data: Mapping[str, str] | None = None,
                    follow: bool = False) -> Fetched:
        """One budgeted request (memoized), optionally following same-origin redirects (max 5)."""
        method = method.upper()
        if method not in SAFE_METHODS and not self.options.active:
            raise NotAllowed(f"{method} needs --active")
        url = self.url(target)
        if params:
            url = str(httpx.URL(url).copy_merge_params(dict(params)))
        seen: set[str] = set()
        for _hop in range(6):
            if not self.on_target(url):
                raise OffTarget(f"{safe_url(url)} is not on {self._origin}")
            result = await self._memo(method, url, headers, data)
            if not (follow and result.is_redirect and method in {"GET", "HEAD"}):
                return result
            nxt = str(httpx.URL(url).join(result.location or ""))
            if nxt in seen or not self.on_target(nxt) or carries_credentials(nxt):
                # A loop, a hop off the target, or a URL holding a token: following the last
                # would send someone's credential, which the prober never does.
                return result
            seen.add(url)
            url = nxt
        return result

    def responses(self) -> tuple[Fetched, ...]:
        """Every response of the target fetched so far, in a stable order (URL, then method).

        Answers to a request with a forged `Host` header (OG208) are left out: they come from
        another virtual host as far as the site is concerned, and only the rule that asked reads them.
        """
        with self._lock:
            futures = list(self._cache.values())
        done = [f.result() for f in futures if f.done() and not f.cancelled() and f.exception() is None]
        done = [r for r in done if not any(k.lower() == "host" for k, _ in r.request_headers)]
        return tuple(sorted(done, key=lambda r: (r.url, r.method, r.request_headers)))

    async def _memo(self, method: str, url: str, headers: Mapping[str, str] | None,
                    data: Mapping[str, str] | None) -> Fetched:
        key = (method, url, tuple(sorted((headers or {}).items())), tuple(sorted((data or {}).items())))
        assert self._loop is not None
        with self._lock:
            future = self._cache.get(key)
            owner = future is None
            if future is None:
                future = self._loop.create_future()
                self._cache[key] = future
        if owner:
            try:
                future.set_result(await self._send(method, url, headers, data))
            except BaseException as exc:
                # Keep no failed entry (another rule may retry once the cause is gone), and
                # never leave a pending future for others to await forever.
                with self._lock:
                    self._cache.pop(key, None)
                if not future.done():
                    if isinstance(exc, asyncio.CancelledError):
                        future.cancel()
                    else:
                        future.set_exception(exc)
                        future.exception()  # mark retrieved so asyncio does not log it
                raise
        return await asyncio.shield(future)

    def _charge(self) -> float:
        """Take one request from the budget; return the time this request may use."""
        with self._lock:
            if self._sent >= self.budget.max_requests:
                self.exhausted = f"request budget of {self.budget.max_requests} spent"
                raise BudgetExceeded(self.exhausted)
            remaining = self.budget.deadline - time.monotonic()
            if remaining <= 0:
                self.exhausted = f"time budget of {self.options.total_time:g}s spent"
                raise BudgetExceeded(self.exhausted)
            self._sent += 1
            count = self._sent
        if self._on_request is not None:
            self._on_request(count)
        return min(self.options.timeout, remaining)

    async def _send(self, method: str, url: str, headers: Mapping[str, str] | None,
                    data: Mapping[str, str] | None) -> Fetched:
        assert self._client is not None and self._semaphore is not None
        async with self._semaphore:
            allowed = self._charge()
            req_headers = tuple(sorted((headers or {}).items()))
            try:
                # wait_for bounds the whole exchange: httpx's read timeout restarts with every
                # chunk, so a server drip-feeding one byte a second would otherwise hold us forever.
                return await asyncio.wait_for(
                    self._exchange(method, url, dict(headers or {}), data, req_headers), allowed
                )
            except (TimeoutError, httpx.TimeoutException):
                return Fetched(method, url, 0, error=f"no complete answer within {allowed:.1f}s",
                               request_headers=req_headers)
            except httpx.HTTPError as exc:
                return Fetched(method, url, 0, error=_describe(exc), request_headers=req_headers)
            except (OSError, ValueError, zlib.error) as exc:
                return Fetched(method, url, 0, error=f"{type(exc).__name__}: {exc}",
                               request_headers=req_headers)

    async def _exchange(self, method: str, url: str, headers: dict[str, str],
                        data: Mapping[str, str] | None, req_headers: tuple[tuple[str, str], ...]) -> Fetched:
        assert self._client is not None
        content = urlencode(dict(data)).encode() if data is not None else None
        if content is not None:
            headers.setdefault("Content-Type", "application/x-www-form-urlencoded")
        request = self._client.build_request(method, url, headers=headers, content=content)
        response = await self._client.send(request, stream=True)
        try:
            body, truncated = await _read_capped(response, self.options.max_body)
        finally:
            await response.aclose()
        text = _decode(body, response)
        return Fetched(
            method=method,
            url=url,
            status=response.status_code,
            headers=tuple((k.decode("latin-1"), v.decode("latin-1")) for k, v in response.headers.raw),
            body=body,
            truncated=truncated,
            text=text,
            decoded=html.unescape(text) if "&" in text else text,
            request_headers=req_headers,
        )


# ---------------------------------------------------------------------- helpers


async def _read_capped(response: httpx.Response, cap: int) -> tuple[bytes, bool]:
    """Read at most `cap` decoded bytes; stop (and drop the connection) past it.

    Raw bytes are decompressed here with a max_length, so a gzip bomb costs `cap`, not its
    expanded size; a 1 GB body costs one chunk past the cap.
    """
    if response.is_stream_consumed:  # an in-memory response (tests' MockTransport): already whole
        return response.content[:cap], len(response.content) > cap
    encoding = (response.headers.get("content-encoding") or "").strip().lower()
    decoder: Any = None
    if encoding in ("gzip", "x-gzip"):
        decoder = zlib.decompressobj(16 + zlib.MAX_WBITS)
    elif encoding == "deflate":
        decoder = zlib.decompressobj()
    chunks: list[bytes] = []
    size = 0
    async for raw in response.aiter_raw():
        piece = raw
        if decoder is not None:
            piece = decoder.decompress(raw, cap - size + 1)
        chunks.append(piece)
        size += len(piece)
        if size > cap:
            return b"".join(chunks)[:cap], True
    return b"".join(chunks), False


def _decode(body: bytes, response: httpx.Response) -> str:
    charset = response.charset_encoding or "utf-8"
    try:
        codecs.lookup(charset)
    except LookupError:
        charset = "utf-8"
    return body.decode(charset, errors="replace")


def _describe(exc: httpx.HTTPError) -> str:
    text = str(exc) or type(exc).__name__
    if "CERTIFICATE_VERIFY_FAILED" in text or "certificate verify failed" in text:
        return "TLS certificate verification failed"
    if "SSL" in text or "TLS" in text:
        return f"TLS handshake failed: {text.splitlines()[0][:160]}"
    return f"{type(exc).__name__}: {text.splitlines()[0][:160]}"


def normalise_target(url: str) -> str:
    """Check and normalise the URL given to `probe`; raise TargetError with a one-line reason."""
    url = url.strip()
    if not re.match(r"^https?://", url, re.I):
        if re.match(r"^[a-z][a-z0-9+.\-]*://", url, re.I):
            raise TargetError(f"not an http(s) URL: {safe_url(url)}")
        raise TargetError(f"not a URL (give scheme and host, e.g. https://example.com/): {safe_url(url)}")
    try:
        parsed = httpx.URL(url)
    except (httpx.InvalidURL, ValueError) as exc:
        raise TargetError(f"invalid URL: {exc}") from None
    if not parsed.host:
        raise TargetError("invalid URL: no host")
    # user:password@ in the target would go out as Basic credentials: the prober sends none.
    parsed = parsed.copy_with(username=None, password=None) if parsed.userinfo else parsed
    path = parsed.path
    if not path.endswith("/"):
        head, _, last = path.rpartition("/")
        # "/app" is a prefix the site is mounted under; "/app/index.html" is a page in "/app/".
        path = head + "/" if "." in last else path + "/"
    return str(parsed.copy_with(path=path or "/", query=None, fragment=None))


def origin_of(url: str) -> tuple[str, str, int]:
    parsed = httpx.URL(url)
    port = parsed.port or (443 if parsed.scheme == "https" else 80)
    return (parsed.scheme.lower(), (parsed.host or "").lower(), port)


def is_loopback_host(host: str) -> bool:
    if host in ("localhost",) or host.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


_PATH_SECRET = re.compile(r"[A-Za-z0-9_\-]{32,}")


def safe_url(url: str) -> str:
    """The URL with credentials, query values and fragment values masked.

    Parameter names stay (they say what was sent); values stay only for flow-shape parameters
    such as `response_type`. A token-shaped path segment is redacted too.
    """
    try:
        parts = urlsplit(url)
    except ValueError:
        return "<invalid URL>"
    netloc = parts.netloc.rsplit("@", 1)[-1]  # drop user:password@
    path = parts.path
    for match in find_known(path):
        path = path.replace(match.value, redact(match.value))
    path = _PATH_SECRET.sub(lambda m: redact(m.group(0)), path)
    return urlunsplit((parts.scheme, netloc, path, _mask_params(parts.query), _mask_params(parts.fragment)))


def _mask_params(query: str) -> str:
    if not query:
        return ""
    pairs = parse_qsl(query, keep_blank_values=True)
    if not pairs:
        return "…"
    out: list[str] = []
    for name, value in pairs:
        keep = name.lower() in READABLE_PARAMS and name.lower() not in SENSITIVE_PARAMS and len(value) < 64
        shown = quote(value, safe=" ") if keep and not find_known(value) else ("…" if value else "")
        out.append(f"{quote(name, safe='')}={shown}")
    return "&".join(out)


def query_params(url: str) -> dict[str, str]:
    """The query parameters of `url` (first value of each), fragment parameters included."""
    parts = urlsplit(url)
    params: dict[str, str] = {}
    for source in (parts.fragment, parts.query):
        for name, value in parse_qsl(source, keep_blank_values=True):
            params.setdefault(name, value)
    return params


def carries_credentials(url: str) -> bool:
    """Whether a URL's query or fragment holds a token, code, secret or any JWT."""
    return any(
        name.lower() in SENSITIVE_PARAMS or bool(find_known(value))
        for name, value in query_params(url).items()
    )


def first(items: Iterable[Fetched]) -> Fetched | None:
    return next(iter(items), None)
