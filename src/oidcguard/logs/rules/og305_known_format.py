"""OG305: other known-format and labelled high-entropy secrets (cloud, VCS, chat, payment keys)."""

from __future__ import annotations

import re
from collections.abc import Iterator

from ... import shapes
from ...findings import Category, Confidence, Severity
from ...rules import Hit, rule
from ..contexts import VALUE, clean, credible, per_line
from ..model import LogLine

# The vendor formats come from the one catalogue (shapes.KNOWN_FORMATS); the engine adds each
# of their regexes to the prefilter. Here only the labelled generic secrets need an anchor.
ANCHORS: tuple[str, ...] = tuple(p.regex for p in shapes.KNOWN_FORMATS) + (
    r"(?i)(?:api[_\-]?key|secret[_\-]?key|secret|passwd|private[_\-]?key|auth[_\-]?token)[\x22']?[ \t]*[:=]",
)

# `NAME=value` / `"name": "value"` where the name says secret; Django's SECRET_KEY included.
_LABELLED = re.compile(
    rf"(?:(?<![A-Za-z0-9_\-])|(?<=\\[rn]))(?P<name>x-api-key|api[_\-]?key|secret[_\-]?key|secret|passwd|private[_\-]?key|auth[_\-]?token)"
    rf"\\?[\"']?[ \t]*[:=][ \t]*\\?[\"']?(?P<value>{VALUE}{{16,8192}})",
    re.I,
)
# High entropy for a labelled value: a random base64/hex key of 16+ characters is well above 3.5
# bits per character, English words and ids are below (detect-secrets' Base64HighEntropyString
# uses 4.5 for unlabelled strings; a label lets the bar drop).
_MIN_ENTROPY = 3.5


@rule(
    id="OG305",
    name="known-format-secret-in-log",
    title="API key or other known-format secret in a log",
    category=Category.LEAKED_CREDENTIAL,
    severity=Severity.HIGH,
    confidence=Confidence.HIGH,
    cwe=(532,),
    remediation="Revoke the key at its vendor, purge the log copies, and stop logging the call that carries it.",
    subject="logs",
    front="logs",
)
def known_format_secret_in_log(line: LogLine) -> Iterator[Hit]:
    """
    ## What it does
    Finds secrets with a vendor format (AWS access key ids, GitHub/GitLab/Slack tokens, Stripe
    live keys, Google API keys, SendGrid, Twilio, OpenAI keys, PEM private keys — the catalogue in
    `oidcguard.shapes`), and high-entropy values labelled as secrets (`api_key=…`,
    `"SECRET_KEY": "…"`, `passwd: …`).

    ## Why is this bad?
    Apps log outgoing requests, configuration dumps and exceptions that carry these keys; each
    one works for whoever reads the log until it is revoked.

    ## Example
        2025-03-11 12:00:01 DEBUG billing stripe call with key sk_live_51H…

    ## Use instead
    Log the key's id or last four characters, never the key.

    ## Known false positives
    A labelled value must be at least 16 characters with 3.5+ bits of entropy per character and
    not a placeholder or a Django password hash; UUIDs and hex digests only fire when labelled.

    ## References
    - Vendor key formats as documented by each vendor (also used by gitleaks and detect-secrets)
    - CWE-532: Insertion of Sensitive Information into Log File
    """

    def find(view: str) -> Iterator[tuple[str, Hit]]:
        for match in shapes.find_known(view):
            if match.kind == "jwt" or line.known.by_value(match.value) is not None:
                continue
            yield match.value, Hit(
                location=line.location(match.value),
                message=f"{match.name} written to the log",
                secret=match.value,
                severity=match.severity,
                secret_kind=match.name,
            )
        for m in _LABELLED.finditer(view):
            value = clean(m.group("value"))
            if shapes.decode_jwt(value) is not None or line.known.by_value(value) is not None:
                continue
            if not credible(value, min_length=16) or shapes.shannon_entropy(value) < _MIN_ENTROPY:
                continue
            name = m.group("name")
            yield value, Hit(
                location=line.location(m.group("value")),
                message=f"high-entropy value labelled {name!r} written to the log",
                secret=value,
                severity=Severity.HIGH if "key" in name.lower() else Severity.MEDIUM,
                confidence=Confidence.MEDIUM,
                secret_kind=f"labelled secret ({name})",
            )

    yield from per_line(line, find)
