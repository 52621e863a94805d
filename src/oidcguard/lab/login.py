"""A scripted, real login through the lab's authorization-code flow, with httpx.

It does what a browser does and nothing more: starts at the RP's login URL, follows each
redirect by hand (so every hop is checked), signs in at the provider's login form (with its
CSRF token), approves the consent form, lets the RP's callback redeem the code server-side,
and reaches the protected page. Every request goes to the lab's own 127.0.0.1 URLs.

Cookies are kept by hand in one jar for the host 127.0.0.1, as a browser does (cookies ignore
ports, RFC 6265 §8.5). ``http.cookiejar`` would refuse to send the hardened lab's ``Secure``
cookies over loopback HTTP, which browsers do send to 127.0.0.1 (a secure context).
"""

from __future__ import annotations

import base64
import binascii
import json
import zlib
from dataclasses import dataclass, field
from html.parser import HTMLParser
from http.cookies import CookieError, SimpleCookie
from typing import Any
from urllib.parse import parse_qs, urljoin, urlsplit

import httpx

from .runner import Lab


class LabLoginError(RuntimeError):
    """One step of the scripted login did not go as the OIDC flow requires."""


@dataclass(frozen=True, slots=True)
class LoginResult:
    authorization_request: str  # the provider URL the RP's login redirect pointed at
    state: str
    code: str  # the authorization code, as seen in the provider's redirect to the callback
    callback_url: str  # the full callback URL, code and state included
    protected_url: str
    protected_html: str
    cookies: dict[str, str]  # the jar at the end (one host: 127.0.0.1)
    set_cookie_headers: tuple[str, ...]  # every Set-Cookie seen, in order
    steps: tuple[str, ...]  # "GET url -> status", for failure messages and the demo
    # The RP's session when it lives in a signed (readable) cookie — leaky mode — and the
    # tokens mozilla-django-oidc stored in it (OIDC_STORE_ACCESS_TOKEN / OIDC_STORE_ID_TOKEN).
    session: dict[str, Any] | None = None
    access_token: str | None = None
    id_token: str | None = None
    secrets_seen: tuple[str, ...] = field(default=())  # code, tokens: what logs may contain


class _Forms(HTMLParser):
    """Collects each <form>'s attributes and its named <input> values."""

    def __init__(self) -> None:
        super().__init__()
        self.forms: list[tuple[dict[str, str], dict[str, str]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k: v or "" for k, v in attrs}
        if tag == "form":
            self.forms.append((values, {}))
        elif tag == "input" and self.forms and values.get("name"):
            if values.get("type") != "submit":
                self.forms[-1][1][values["name"]] = values.get("value", "")


def _form(html: str, form_id: str) -> tuple[dict[str, str], dict[str, str]]:
    parser = _Forms()
    parser.feed(html)
    for attrs, inputs in parser.forms:
        if attrs.get("id") == form_id:
            return attrs, inputs
    raise LabLoginError(f"no form #{form_id} in the page")


@dataclass(frozen=True, slots=True)
class LogoutResult:
    location: str  # where the RP's logout sent the browser
    steps: tuple[str, ...]
    id_token_in_url: bool  # the leaky RP hands the ID token to the provider in a GET URL (OG209)


def decode_signed_cookie_session(value: str) -> dict[str, Any] | None:
    """Reads a ``signed_cookies`` session without the key: signed is not encrypted.

    Format (django.core.signing.dumps): ``[.]base64(json[, zlib]):timestamp:signature``.
    """
    payload = value.split(":", 1)[0]
    compressed = payload.startswith(".")
    payload = payload.lstrip(".")
    try:
        raw = base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4))
        if compressed:
            raw = zlib.decompress(raw)
        data = json.loads(raw)
    except (binascii.Error, zlib.error, ValueError):
        return None
    return data if isinstance(data, dict) else None


class _Browser:
    def __init__(self, lab: Lab, timeout: float, jar: dict[str, str] | None = None) -> None:
        # trust_env=False: no proxy from the environment; traffic stays on 127.0.0.1.
        self.client = httpx.Client(
            follow_redirects=False, timeout=timeout, trust_env=False, verify=lab.ssl_context() or True
        )
        self.allowed = {urlsplit(lab.provider_url).netloc, urlsplit(lab.rp_url).netloc}
        self.jar: dict[str, str] = dict(jar or {})
        self.set_cookies: list[str] = []
        self.steps: list[str] = []

    def close(self) -> None:
        self.client.close()

    def request(self, method: str, url: str, data: dict[str, str] | None = None) -> httpx.Response:
        if urlsplit(url).netloc not in self.allowed:
            raise LabLoginError(f"refusing to leave the lab: {url}")
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.jar.items())} if self.jar else {}
        if method == "POST":
            # What a browser sends with a form POST; Django's CSRF check wants Origin (or, on
            # HTTPS, a Referer) matching the host.
            parts = urlsplit(url)
            headers["Origin"] = f"{parts.scheme}://{parts.netloc}"
        response = self.client.request(method, url, data=data, headers=headers)
        self.steps.append(f"{method} {url} -> {response.status_code}")
        for header in response.headers.get_list("set-cookie"):
            self.set_cookies.append(header)
            self._store(header)
        return response

    def _store(self, header: str) -> None:
        cookie: SimpleCookie = SimpleCookie()
        try:
            cookie.load(header)
        except CookieError:
            return
        for name, morsel in cookie.items():
            if morsel["max-age"] == "0" or not morsel.value:
                self.jar.pop(name, None)  # Django deletes with max-age=0 and an empty value
            else:
                self.jar[name] = morsel.value

    def redirect(self, response: httpx.Response, what: str) -> str:
        if response.status_code not in (301, 302, 303, 307, 308):
            raise LabLoginError(f"{what}: expected a redirect, got {response.status_code}\n{self.trace()}")
        return urljoin(str(response.request.url), response.headers["location"])

    def trace(self) -> str:
        return "\n".join(self.steps)


def real_login(lab: Lab, *, timeout: float = 15.0) -> LoginResult:
    """Log ``lab.user`` in at the RP through the provider; raise LabLoginError at a bad step."""
    browser = _Browser(lab, timeout)
    try:
        return _login(lab, browser)
    finally:
        browser.close()


def _login(lab: Lab, browser: _Browser) -> LoginResult:
    # 1. The RP's login view redirects to the provider's authorization endpoint.
    authorize = browser.redirect(browser.request("GET", lab.login_url), "RP login")
    if not authorize.startswith(f"{lab.provider_url}/o/authorize/"):
        raise LabLoginError(f"RP login redirected off the provider: {authorize}")
    state = parse_qs(urlsplit(authorize).query).get("state", [""])[0]

    # 2. Not signed in at the provider yet: its login page, which comes back to authorize.
    login_page = browser.redirect(browser.request("GET", authorize), "provider authorize (anonymous)")
    if urlsplit(login_page).path != "/accounts/login/":
        raise LabLoginError(f"provider did not ask for a login: {login_page}\n{browser.trace()}")
    page = browser.request("GET", login_page)
    if page.status_code != 200:
        raise LabLoginError(f"provider login page: {page.status_code}\n{browser.trace()}")
    _, fields = _form(page.text, "login-form")
    fields.update(username=lab.user, password=lab.password)
    back = browser.redirect(browser.request("POST", login_page, data=fields), "provider login")
    if urlsplit(back).path != "/o/authorize/":
        raise LabLoginError(f"provider login did not return to authorize: {back}\n{browser.trace()}")

    # 3. The consent form (the RP's application does not skip authorization).
    consent = browser.request("GET", back)
    if consent.status_code != 200:
        raise LabLoginError(f"consent page: {consent.status_code}\n{browser.trace()}")
    _, fields = _form(consent.text, "authorizationForm")
    fields["allow"] = "Authorize"
    callback = browser.redirect(browser.request("POST", back, data=fields), "consent")
    if not callback.startswith(lab.callback_url):
        raise LabLoginError(f"consent redirected off the registered callback: {callback}")
    query = parse_qs(urlsplit(callback).query)
    code = query.get("code", [""])[0]
    if not code or query.get("state", [""])[0] != state:
        raise LabLoginError(f"callback lacks the code or the state changed: {callback}")

    # 4. The RP's callback redeems the code (server-side) and signs the user in.
    landing = browser.redirect(browser.request("GET", callback), "RP callback")
    if urlsplit(landing).path != "/protected/":
        raise LabLoginError(f"RP callback failed (went to {landing})\n{browser.trace()}")
    protected = browser.request("GET", landing)
    if protected.status_code != 200 or f'<span id="email">{lab.email}</span>' not in protected.text:
        raise LabLoginError(f"protected page: {protected.status_code}\n{browser.trace()}")

    session = decode_signed_cookie_session(browser.jar.get("sessionid", ""))
    access_token = session.get("oidc_access_token") if session else None
    id_token = session.get("oidc_id_token") if session else None
    seen = tuple(s for s in (code, access_token, id_token) if s)
    return LoginResult(
        authorization_request=authorize,
        state=state,
        code=code,
        callback_url=callback,
        protected_url=landing,
        protected_html=protected.text,
        cookies=dict(browser.jar),
        set_cookie_headers=tuple(browser.set_cookies),
        steps=tuple(browser.steps),
        session=session,
        access_token=access_token,
        id_token=id_token,
        secrets_seen=seen,
    )


def real_logout(lab: Lab, login: LoginResult, *, timeout: float = 15.0) -> LogoutResult:
    """Log out at the RP with the logout form of the protected page, as a browser does.

    The redirect is not followed: in leaky mode it goes to the provider's end-session endpoint
    with the ID token in the query string. Raises LabLoginError unless the session is gone.
    """
    browser = _Browser(lab, timeout, jar=login.cookies)
    try:
        attrs, fields = _form(login.protected_html, "logout-form")
        target = urljoin(login.protected_url, attrs.get("action", ""))
        location = browser.redirect(browser.request("POST", target, data=fields), "RP logout")
        again = browser.request("GET", login.protected_url)
        if again.status_code != 302:
            raise LabLoginError(f"still signed in after logout ({again.status_code})\n{browser.trace()}")
        id_token_in_url = (
            bool(login.id_token) and parse_qs(urlsplit(location).query).get("id_token_hint", [""])[0] == login.id_token
        )
        return LogoutResult(location=location, steps=tuple(browser.steps), id_token_in_url=id_token_in_url)
    finally:
        browser.close()
