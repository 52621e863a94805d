"""Sentry before_send hook: drop the OIDC callback's code/state and auth headers from events."""

_DROP_QUERY = {"code", "state", "session_state", "access_token", "id_token"}
_DROP_HEADERS = {"authorization", "cookie", "x-forwarded-authorization"}


def scrub_event(event, hint):
    request = event.get("request") or {}
    query = request.get("query_string")
    if isinstance(query, str) and query:
        kept = [p for p in query.split("&") if p.split("=", 1)[0] not in _DROP_QUERY]
        request["query_string"] = "&".join(kept)
    headers = request.get("headers") or {}
    for name in list(headers):
        if name.lower() in _DROP_HEADERS:
            headers[name] = "[Filtered]"
    request.pop("cookies", None)
    return event
