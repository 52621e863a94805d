"""The one catalogue of secret and token shapes, and the one redaction function.

Every front asks this module the same questions: is this value a secret, of which kind, is it
a placeholder, how do I show it without revealing it. Shapes are validated where they can be
(a JWT must decode to JSON objects, after detect-secrets' JwtTokenDetector), so a string that only
looks like a token does not count.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import math
import re
from collections import Counter
from dataclasses import dataclass
from typing import Any

from .findings import Severity

# --------------------------------------------------------------------------------------------
# Redaction and hashing


def secret_hash(secret: str) -> str:
    """sha256 of the secret: ties the same secret across fronts without storing it."""
    return hashlib.sha256(secret.encode("utf-8", "surrogatepass")).hexdigest()


def redact(secret: str, *, show: bool = False) -> str:
    """A short, safe preview: a prefix (never more than a quarter of it), the length, a hash.

    `show=True` (the CLI's --show-secrets) returns the value whole.
    """
    if show:
        return secret
    n = len(secret)
    prefix_len = min(4, n // 4)
    prefix = secret[:prefix_len]
    return f"{prefix}…({n} chars, sha256:{secret_hash(secret)[:8]})"


def mask_in(text: str, secret: str, *, show: bool = False) -> str:
    """Replace every occurrence of `secret` inside `text` by its redacted preview."""
    if show or not secret:
        return text
    return text.replace(secret, redact(secret))


# --------------------------------------------------------------------------------------------
# Entropy and placeholders


def shannon_entropy(value: str) -> float:
    """Bits per character."""
    if not value:
        return 0.0
    n = len(value)
    return -sum(c / n * math.log2(c / n) for c in Counter(value).values())


# Placeholders and templates, after detect-secrets' is_templated_secret and the cases' traps.
_PLACEHOLDER = re.compile(
    r"""^(
        |\s*
        |[x*._#-]{3,}                      # xxx, ****, ...
        |<[^<>]*>                          # <your-secret>
        |\$\{[^}]*\}|\$[A-Z_][A-Z0-9_]*    # ${VAR}, $VAR
        |\{\{.*\}\}|\{%.*%\}               # {{ var }}
        |%\([a-z_]+\)s|\{[a-z_]*\}         # %(name)s, {name}
        |none|null|nil|undefined|false|true
    )$""",
    re.I | re.X,
)
# Words that mark a value as made up for docs, tests or local use.
_FAKE_WORDS = re.compile(
    r"change[-_ ]?me|change[-_ ]?this|replace[-_ ]?me|todo|fixme|your[-_ ]|my[-_ ]?secret|"
    r"example|sample|dummy|fake|placeholder|not[-_ ]?(a[-_ ])?secret|not[-_ ]?real|"
    r"for[-_ ]?dev|dev[-_ ]?only|test[-_ ]?only|testing|build[-_ ]?only|^test[-_]|[-_]test$|"
    r"^secret$|^password$|^(dev|local|test|ci)$|insecure|redacted|\*{3,}",
    re.I,
)


def is_placeholder(value: str) -> bool:
    """An empty, templated or obviously made-up value that nobody can use."""
    stripped = value.strip()
    if _PLACEHOLDER.match(stripped):
        return True
    # One character repeated (aaaaaaaa, 00000000) or a short run of a word.
    if len(set(stripped)) <= 2:
        return True
    return False


def looks_fake(value: str) -> bool:
    """A value that announces itself as a test/example/dev value ("test-only-not-secret")."""
    return is_placeholder(value) or bool(_FAKE_WORDS.search(value))


# Django's own password hashes: a stored hash is not a usable credential.
_DJANGO_HASH = re.compile(r"^(pbkdf2_sha256|pbkdf2_sha1|argon2|bcrypt_sha256|bcrypt|scrypt|sha1|md5)\$")


def is_password_hash(value: str) -> bool:
    return bool(_DJANGO_HASH.match(value))


# Vocabulary words (OAuth grant types, header names, enum members) that names alone would flag.
_IDENTIFIER_LIKE = re.compile(r"^[A-Za-z][A-Za-z]*(?:[_\-. ][A-Za-z]+)*$")


def _random_letters(value: str) -> bool:
    """A letters-only run that is random rather than a word: many case switches (oauthlib tokens
    are 30 random letters and digits, and some contain no digit)."""
    if len(value) < 16 or not value.isalpha():
        return False
    switches = sum(1 for a, b in zip(value, value[1:], strict=False) if a.islower() != b.islower())
    return switches >= len(value) // 3 and shannon_entropy(value) >= 3.5


def is_secret_candidate(value: str, *, min_length: int = 8) -> bool:
    """Could this literal be a real secret? Judged by the value, not by its name.

    `token_type="Bearer"`, `"refresh_token"`, `"X-Client-Secret"` are words, not secrets.
    """
    value = value.strip()
    if "-----BEGIN" in value and "PRIVATE KEY-----" in value:
        return True  # a PEM private key: prose-like (spaces, newlines) but key material
    if len(value) < min_length or looks_fake(value) or is_password_hash(value):
        return False
    if _IDENTIFIER_LIKE.match(value) and len(value) < 40 and not _random_letters(value):
        return False  # words joined by separators: vocabulary, not key material
    if " " in value and len(value.split()) > 3:
        return False  # prose
    if re.match(r"^[a-z]+://", value) and not credentials_in_url(value):
        return False
    return shannon_entropy(value) >= 2.5


# --------------------------------------------------------------------------------------------
# Known formats


@dataclass(frozen=True, slots=True)
class SecretPattern:
    name: str  # human label shown in messages: "GitHub token"
    kind: str  # machine label: "github-token"
    regex: str  # Python/RE2-compatible, no lookbehind; group "secret" if narrower than the match
    severity: Severity


# Formats that carry their own proof of being a key (a vendor prefix, a PEM header).
# Sources: the vendors' documented prefixes, as also used by gitleaks and detect-secrets.
KNOWN_FORMATS: tuple[SecretPattern, ...] = (
    SecretPattern("AWS access key id", "aws-access-key", r"\b(?:AKIA|ASIA)[0-9A-Z]{16}\b", Severity.HIGH),
    SecretPattern("GitHub token", "github-token", r"\bgh[pousr]_[A-Za-z0-9]{36,255}\b", Severity.HIGH),
    SecretPattern(
        "GitHub fine-grained token", "github-pat", r"\bgithub_pat_[A-Za-z0-9_]{60,255}\b", Severity.HIGH
    ),
    SecretPattern("GitLab token", "gitlab-token", r"\bglpat-[A-Za-z0-9_\-]{20,}\b", Severity.HIGH),
    SecretPattern("Slack token", "slack-token", r"\bxox[abposr]-[A-Za-z0-9-]{10,}\b", Severity.HIGH),
    SecretPattern(
        "Slack webhook", "slack-webhook",
        r"https://hooks\.slack\.com/services/T[A-Z0-9]+/B[A-Z0-9]+/[A-Za-z0-9]{20,}", Severity.MEDIUM,
    ),
    SecretPattern(
        "Stripe live key", "stripe-key", r"\b(?:sk|rk)_live_[A-Za-z0-9]{20,}\b", Severity.CRITICAL
    ),
    SecretPattern("Google API key", "google-api-key", r"\bAIza[0-9A-Za-z_\-]{35}\b", Severity.HIGH),
    SecretPattern(
        "SendGrid key", "sendgrid-key", r"\bSG\.[A-Za-z0-9_\-]{22}\.[A-Za-z0-9_\-]{43}\b", Severity.HIGH
    ),
    SecretPattern("Twilio key", "twilio-key", r"\bSK[0-9a-f]{32}\b", Severity.MEDIUM),
    SecretPattern("OpenAI key", "openai-key", r"\bsk-(?:proj-)?[A-Za-z0-9_\-]{32,}\b", Severity.HIGH),
    SecretPattern(
        "private key", "private-key",
        r"-----BEGIN (?:RSA |EC |DSA |OPENSSH |ENCRYPTED )?PRIVATE KEY-----", Severity.CRITICAL,
    ),
)

_KNOWN_RE = tuple((p, re.compile(p.regex)) for p in KNOWN_FORMATS)

# A JWT: three base64url segments, header and payload beginning with '{"' (eyJ).
JWT_REGEX = r"\beyJ[A-Za-z0-9_-]{5,}\.eyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]*"
_JWT_RE = re.compile(JWT_REGEX)


# Literal fragments every match of a format contains: substring tests (C speed) decide which
# regexes are worth running at all. A kind missing here is always run.
_NEEDLES: dict[str, tuple[str, ...]] = {
    "aws-access-key": ("AKIA", "ASIA"), "github-token": ("ghp_", "gho_", "ghu_", "ghs_", "ghr_"),
    "github-pat": ("github_pat_",), "gitlab-token": ("glpat-",), "slack-token": ("xox",),
    "slack-webhook": ("hooks.slack.com",), "stripe-key": ("_live_",), "google-api-key": ("AIza",),
    "sendgrid-key": ("SG.",), "twilio-key": ("SK",), "openai-key": ("sk-",), "private-key": ("PRIVATE KEY-----",),
}
_PREFILTERED = tuple((_NEEDLES.get(p.kind, ("",)), regex) for p, regex in _KNOWN_RE) + ((("eyJ",), _JWT_RE),)


def has_known(text: str) -> bool:
    """Whether `text` may hold a known-format secret: cheap substring tests first; find_known confirms."""
    return any(any(n in text for n in needles) and regex.search(text) is not None for needles, regex in _PREFILTERED)


@dataclass(frozen=True, slots=True)
class Match:
    kind: str
    name: str
    value: str
    start: int
    end: int
    severity: Severity


def find_known(text: str) -> list[Match]:
    """Every known-format secret and valid JWT inside `text`."""
    found: list[Match] = []
    for pattern, regex in _KNOWN_RE:
        for m in regex.finditer(text):
            found.append(Match(pattern.kind, pattern.name, m.group(0), m.start(), m.end(), pattern.severity))
    for m in _JWT_RE.finditer(text):
        info = decode_jwt(m.group(0))
        if info is not None:
            found.append(Match("jwt", info.label, m.group(0), m.start(), m.end(), info.severity))
    return found


# --------------------------------------------------------------------------------------------
# JWTs


@dataclass(frozen=True, slots=True)
class JwtInfo:
    header: dict[str, Any]
    claims: dict[str, Any]

    @property
    def token_type(self) -> str:
        """id, access, refresh, logout or unknown: from `typ`, `token_use` and the claims."""
        typ = str(self.header.get("typ", "")).lower()
        use = str(self.claims.get("token_use") or self.claims.get("typ") or "").lower()
        if "refresh" in use or "refresh" in typ:
            return "refresh"
        if "logout" in typ or "events" in self.claims and "sid" in self.claims:
            return "logout"
        if use in {"id", "id_token"} or "nonce" in self.claims or "at_hash" in self.claims:
            return "id"
        if "at+jwt" in typ or use in {"access", "bearer"} or "scope" in self.claims or "scp" in self.claims:
            return "access"
        return "unknown"

    @property
    def label(self) -> str:
        return {
            "id": "ID token (JWT)",
            "access": "access token (JWT)",
            "refresh": "refresh token (JWT)",
            "logout": "logout token (JWT)",
        }.get(self.token_type, "JWT")

    @property
    def unsigned(self) -> bool:
        return str(self.header.get("alg", "")).lower() == "none"

    def expired(self, now: float) -> bool:
        exp = self.claims.get("exp")
        return isinstance(exp, int | float) and exp < now

    @property
    def severity(self) -> Severity:
        return Severity.CRITICAL if self.token_type == "refresh" else Severity.HIGH


def _b64url_json(segment: str) -> Any:
    padded = segment + "=" * (-len(segment) % 4)
    return json.loads(base64.urlsafe_b64decode(padded.encode("ascii")))


def decode_jwt(token: str) -> JwtInfo | None:
    """Header and claims of a JWT, read offline without verification; None if not a real JWT."""
    parts = token.split(".")
    if len(parts) != 3:
        return None
    try:
        header, claims = _b64url_json(parts[0]), _b64url_json(parts[1])
    except (ValueError, binascii.Error, UnicodeDecodeError):
        return None
    if not isinstance(header, dict) or not isinstance(claims, dict) or "alg" not in header:
        return None
    return JwtInfo(header, claims)


# --------------------------------------------------------------------------------------------
# Credentials inside URLs and DSNs

_URL_CREDENTIALS = re.compile(r"^[a-z][a-z0-9+.\-]*://(?P<user>[^:/@\s]*):(?P<password>[^@/\s]+)@", re.I)


def credentials_in_url(value: str) -> str | None:
    """The password of `scheme://user:password@host`, or None (placeholders excluded)."""
    m = _URL_CREDENTIALS.match(value.strip())
    if not m or looks_fake(m.group("password")):
        return None
    return m.group("password")


# --------------------------------------------------------------------------------------------
# Names


# Setting and variable names that carry secrets. Django's SafeExceptionReporterFilter pattern
# is API|TOKEN|KEY|SECRET|PASS|SIGNATURE (+AUTH from Django 5.2, django/views/debug.py).
SECRET_NAME = re.compile(r"SECRET|PASSWORD|PASSWD|PASS$|TOKEN|API_?KEY|PRIVATE_?KEY|CREDENTIAL|_CRED\b|DSN", re.I)
CLIENT_SECRET_NAME = re.compile(
    r"(^|_)CLIENT_SECRET$|^OIDC_RP_CLIENT_SECRET$|^SOCIAL_AUTH_.*_SECRET$|^OIDC_.*SECRET$", re.I
)


def django_masks_name(name: str, django_version: tuple[int, ...] | None = None) -> bool:
    """Whether Django's default exception reporter hides a setting or META key of this name."""
    terms = ["API", "TOKEN", "KEY", "SECRET", "PASS", "SIGNATURE"]
    if django_version is None or django_version >= (5, 2):
        terms.append("AUTH")
    return any(t in name.upper() for t in terms)


# --------------------------------------------------------------------------------------------
# Credential-bearing names in free text (used by the logs front and the runtime redaction filter)

# OAuth/OIDC request and response parameters whose values are credentials: RFC 6749 §2.3.1
# (client_secret), §4.1.2/§4.1.3 (code), §5.1 (access_token, refresh_token), OIDC Core §3.1.3.3
# (id_token), RFC 7636 §4.5 (code_verifier), RFC 7523 §2.2 (client_assertion), RFC 7009 §2.1 and
# RFC 7662 §2.1 (token), RFC 8693 §2.1 (subject_token, actor_token), RFC 8628 §3.2 (device_code).
SENSITIVE_PARAMS: frozenset[str] = frozenset({
    "access_token", "id_token", "refresh_token", "code", "client_secret", "client_assertion",
    "code_verifier", "token", "subject_token", "actor_token", "device_code", "logout_token",
    "id_token_hint", "password",
})
# Django's session and CSRF cookies (SESSION_COOKIE_NAME / CSRF_COOKIE_NAME defaults) and the
# CSRF form field: each is a bearer credential for the user's session.
SENSITIVE_COOKIES: frozenset[str] = frozenset({"sessionid", "csrftoken", "csrfmiddlewaretoken"})

# What `redact()` produces, so scanners can recognise an already-masked value and skip it.
REDACTED_REGEX = r"…\(\d+ chars, sha256:[0-9a-f]{8}\)"
_REDACTED_RE = re.compile(REDACTED_REGEX)


def is_redacted(text: str) -> bool:
    """Whether `text` holds a preview made by `redact()` (a masked value, not a secret)."""
    return "…(" in text and bool(_REDACTED_RE.search(text))
