"""The one finding record every front produces (SPEC §1).

Findings are frozen. They carry a redacted preview of a secret and a hash of it, never the
secret itself; the fingerprint leaves out line numbers and message text, which drift.
"""

from __future__ import annotations

import enum
import hashlib
from dataclasses import dataclass, field, replace
from typing import Any


class Severity(enum.IntEnum):
    """Impact if the finding is real. Ordered, so thresholds are comparisons."""

    INFO = 0
    LOW = 1
    MEDIUM = 2
    HIGH = 3
    CRITICAL = 4

    @property
    def label(self) -> str:
        return self.name.lower()

    @property
    def sarif_level(self) -> str:
        return ("note", "note", "warning", "error", "error")[self]

    @property
    def security_severity(self) -> str:
        """GitHub code scanning's numeric scale (0.0-10.0), read from `security-severity`."""
        return ("1.0", "3.0", "5.5", "8.0", "9.5")[self]

    @classmethod
    def parse(cls, text: str) -> Severity:
        try:
            return cls[text.strip().upper()]
        except KeyError:
            choices = ", ".join(s.label for s in cls)
            raise ValueError(f"unknown severity {text!r} (choose from {choices})") from None

    def lowered(self, steps: int = 1) -> Severity:
        return Severity(max(Severity.INFO, self - steps))


class Confidence(enum.IntEnum):
    """How likely the finding is real (the inverse of the expected false-positive rate)."""

    LOW = 1
    MEDIUM = 2
    HIGH = 3

    @property
    def label(self) -> str:
        return self.name.lower()


class Category(enum.StrEnum):
    """The fixed taxonomy of SPEC §4, used for reporting, selection and evaluation."""

    HARDCODED_SECRET = "hardcoded-secret"
    SECRET_DEFAULT = "secret-default"
    DEBUG_EXPOSURE = "debug-exposure"
    ERROR_REPORT_LEAK = "error-report-leak"
    INSECURE_COOKIE = "insecure-cookie"
    TOKEN_CLIENT_STORAGE = "token-client-storage"
    INSECURE_DESERIALIZATION = "insecure-deserialization"
    INSECURE_TRANSPORT = "insecure-transport"
    VERBOSE_LOGGING = "verbose-logging"
    SECRET_LOGGED = "secret-logged"
    SECRET_IN_RESPONSE = "secret-in-response"
    REDIRECT_VALIDATION = "redirect-validation"
    TOKEN_VALIDATION = "token-validation"
    TOKEN_IN_URL = "token-in-url"
    PKCE = "pkce"
    EXPOSED_ENDPOINT = "exposed-endpoint"
    PROVIDER_METADATA = "provider-metadata"
    CACHE_CONTROL = "cache-control"
    CORS = "cors"
    LEAKED_CREDENTIAL = "leaked-credential"
    VULNERABLE_DEPENDENCY = "vulnerable-dependency"


@dataclass(frozen=True, slots=True)
class Location:
    path: str | None = None  # project-relative, POSIX separators
    line: int | None = None  # 1-based
    column: int | None = None  # 1-based
    end_line: int | None = None
    url: str | None = None  # live findings only; query values already stripped
    method: str | None = None

    def to_dict(self) -> dict[str, Any]:
        if self.url is not None:
            return {"url": self.url, "method": self.method or "GET"}
        return {"path": self.path, "line": self.line, "column": self.column, "end_line": self.end_line}

    def __str__(self) -> str:
        if self.url is not None:
            return f"{self.method or 'GET'} {self.url}"
        text = self.path or "<unknown>"
        if self.line:
            text += f":{self.line}"
            if self.column:
                text += f":{self.column}"
        return text


@dataclass(frozen=True, slots=True)
class Finding:
    rule_id: str
    category: Category
    severity: Severity
    confidence: Confidence
    title: str
    message: str  # one line, never secret material
    location: Location
    remediation: str = ""
    cwe: tuple[int, ...] = ()
    evidence: str = ""  # redacted preview only, e.g. "kq3T…(24 chars, sha256:1a2b3c4d)"
    secret_hash: str = ""  # sha256 of the secret: ties fronts together, lets baselines match
    secret_kind: str = ""  # what the shape engine recognised, e.g. "jwt", "client secret"
    extra: tuple[tuple[str, Any], ...] = field(default=())  # front-specific facts, e.g. count

    @property
    def fingerprint(self) -> str:
        """Stable across runs: rule + where (file or URL path) + what (secret hash or anchor text).

        Line numbers and message text are left out; both drift between commits.
        """
        anchor = self.location.path or _url_without_query(self.location.url) or ""
        what = self.secret_hash or dict(self.extra).get("anchor", "") or self.title
        key = "\x1f".join((self.rule_id, anchor, str(what)))
        return hashlib.sha256(key.encode()).hexdigest()[:20]

    def with_severity(self, severity: Severity) -> Finding:
        return replace(self, severity=severity)

    def sort_key(self) -> tuple[Any, ...]:
        loc = self.location
        return (loc.path or loc.url or "", loc.line or 0, loc.column or 0, self.rule_id)

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "rule_id": self.rule_id,
            "category": self.category.value,
            "severity": self.severity.label,
            "confidence": self.confidence.label,
            "title": self.title,
            "message": self.message,
            "location": self.location.to_dict(),
            "evidence": self.evidence,
            "fingerprint": self.fingerprint,
            "remediation": self.remediation,
            "cwe": list(self.cwe),
        }
        if self.secret_hash:
            # A short hash prefix ties the same secret across fronts; it cannot be reversed.
            data["secret_fingerprint"] = self.secret_hash[:16]
        extra = {k: v for k, v in self.extra if k != "anchor"}  # the anchor only feeds the fingerprint
        if extra:
            data["extra"] = extra
        return data


@dataclass(frozen=True, slots=True)
class ToolError:
    """A file or target the run could not handle; the run goes on."""

    path: str
    reason: str

    def to_dict(self) -> dict[str, str]:
        return {"path": self.path, "reason": self.reason}


def _url_without_query(url: str | None) -> str | None:
    if url is None:
        return None
    return url.split("?", 1)[0]
