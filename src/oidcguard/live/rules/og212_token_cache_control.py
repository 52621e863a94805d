"""OG212: token responses without Cache-Control: no-store."""

from __future__ import annotations

import re
from collections.abc import Iterator

from ...findings import Category, Confidence, Severity
from ...rules import Hit, rule
from ..context import Fetched, ProbeContext
from ..discovery import malformed_token_request

_TOKEN_KEYS = ("access_token", "id_token", "refresh_token")


@rule(
    id="OG212",
    name="token-cache-control",
    title="Token response without Cache-Control: no-store",
    category=Category.CACHE_CONTROL,
    severity=Severity.MEDIUM,
    confidence=Confidence.HIGH,
    cwe=(525,),
    remediation="Send Cache-Control: no-store (and Pragma: no-cache) on every token endpoint "
    "response, as RFC 6749 §5.1 requires; django-oauth-toolkit does unless a middleware strips it.",
    subject="probe",
    front="live",
)
def token_cache_control(ctx: ProbeContext) -> Iterator[Hit]:
    """
    ## What it does
    Reports any fetched JSON response that carries `access_token`, `id_token` or
    `refresh_token` without `Cache-Control: no-store` (medium). With `--active`, also reads the
    token endpoint's answer to a malformed request: an endpoint that does not send `no-store`
    on its error answers most likely does not on its token answers either (low, medium
    confidence).

    ## Why is this bad?
    Caches (browsers, proxies, CDNs) keep responses that do not forbid it; a cached token
    response hands the tokens to the next user of a shared machine or proxy. RFC 6749 §5.1
    requires `Cache-Control: no-store` on token responses.

    ## Example
        HTTP/1.1 200 OK
        Content-Type: application/json
        {"access_token": "…", "token_type": "Bearer"}

    ## Use instead
        Cache-Control: no-store
        Pragma: no-cache

    ## Probe behaviour
    Safe mode: passive over what was fetched (the prober never obtains a real token), plus the
    token endpoint's answer to a GET: an explicitly cacheable policy there (`public`,
    `max-age>0`) is low. `--active`: the one malformed token POST shared with OG206.

    ## References
    - RFC 6749 §5.1; RFC 9111 §5.2.2.5
    - CWE-525
    """
    for response in ctx.responses():
        if response.status == 200 and _carries_token(response) and not _no_store(response):
            yield Hit(
                location=ctx.location(response),
                message="response carries tokens without Cache-Control: no-store",
                anchor="token-response",
            )
    endpoint = ctx.site.endpoints.get("token_endpoint")
    if endpoint is not None:
        # Even a GET (405) says how the endpoint is cached: an explicitly public or max-age>0
        # policy on the token endpoint lets shared caches keep its answers.
        probe_get = ctx.get(endpoint)
        if probe_get.ok and _cacheable(probe_get):
            yield Hit(
                location=ctx.location(probe_get),
                message="token endpoint marks its answers cacheable: "
                f"Cache-Control: {probe_get.header('cache-control')}",
                severity=Severity.LOW,
                confidence=Confidence.MEDIUM,
                anchor="token-endpoint",
            )
            return
    answer = malformed_token_request(ctx)
    if answer is not None and answer.ok and "json" in answer.content_type and not _no_store(answer):
        yield Hit(
            location=ctx.location(answer),
            message=f"token endpoint answers (HTTP {answer.status}) without Cache-Control: no-store",
            severity=Severity.LOW,
            confidence=Confidence.MEDIUM,
            anchor="token-endpoint",
        )


def _carries_token(response: Fetched) -> bool:
    if "json" not in response.content_type:
        return False
    body = response.json()
    return isinstance(body, dict) and any(isinstance(body.get(k), str) for k in _TOKEN_KEYS)


def _cacheable(response: Fetched) -> bool:
    value = (response.header("cache-control") or "").lower()
    if "no-store" in value or "private" in value:
        return False
    ages = re.findall(r"(?:s-)?max-age\s*=\s*(\d+)", value)
    return "public" in value or any(int(a) > 0 for a in ages)


def _no_store(response: Fetched) -> bool:
    return "no-store" in (response.header("cache-control") or "").lower()
