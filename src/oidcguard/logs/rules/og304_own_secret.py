"""OG304: one of the app's own configured secret values in a log, in any of its encodings."""

from __future__ import annotations

from collections.abc import Iterator

from ...findings import Category, Confidence, Severity
from ...rules import Hit, rule
from ..contexts import BASIC_RE, decode_basic, per_line
from ..model import KnownSecret, LogLine

# The app's own values are literal anchors added by the engine at run time (one per encoded form);
# Basic credentials are decoded, so any Basic value makes a line a candidate.
ANCHORS: tuple[str, ...] = (r"(?i)basic(?:[ \t]+|%20|\+)[A-Za-z0-9+/]{6}",)


def _severity(secret: KnownSecret) -> Severity:
    # A client secret or SECRET_KEY signs and authenticates for as long as it is not rotated.
    return Severity.CRITICAL if secret.client_secret else Severity.HIGH


def _hit(line: LogLine, secret: KnownSecret, form: str, written: str) -> Hit:
    return Hit(
        location=line.location(written),
        message=f"the app's own {secret.name} ({secret.source}) written to the log, {form}",
        secret=secret.value,
        severity=_severity(secret),
        secret_kind=secret.name,
        extra=(("setting", secret.name), ("form", form)),
    )


@rule(
    id="OG304",
    name="own-secret-in-log",
    title="The app's own configured secret in a log",
    category=Category.LEAKED_CREDENTIAL,
    severity=Severity.CRITICAL,
    confidence=Confidence.HIGH,
    cwe=(532,),
    remediation=(
        "Rotate the secret at its issuer now, purge the log copies, and find the code or library "
        "logger that wrote it (oidcguard scan flags OG140/OG141)."
    ),
    subject="logs",
    front="logs",
)
def own_secret_in_log(line: LogLine) -> Iterator[Hit]:
    """
    ## What it does
    Looks for the app's own secret values — read from `--env-file`, from the environment
    (`--secret-env NAME`, `secret-env` in `[tool.oidcguard]`) or from the Django settings
    (`--secrets-from-settings`) — in the log, written raw, URL-encoded, JSON-escaped,
    base64/base64url, or inside `Basic base64(client_id:client_secret)` credentials (any Basic
    value in the log is decoded and its password compared).

    The finding names the setting (never its value) and the form it was written in. Client
    secrets and `SECRET_KEY` are critical, other configured secrets high.

    ## Why is this bad?
    Only the app knows which of the random strings in its logs are its own keys. A client secret
    in a log lets anyone who reads it act as the app at the identity provider; `SECRET_KEY` forges
    sessions, password-reset links and signed cookies.

    ## Example
        DEBUG oauth2_provider Failed basic auth: wrong client secret z889DRaAdR6R…
        DEBUG urllib3 Authorization: Basic cmVwb3J0cy1zeW5jOmFLZkZx…   (base64 of id:secret)

    ## Use instead
    Never log credentials; keep the secret in the environment or a secret store, and route logs
    through `oidcguard.logging.RedactingFilter`, which masks the configured values.

    ## Known false positives
    Values shorter than 8 characters and placeholders (`changeme`, `<secret>`) are not looked for.
    From `--env-file` and the settings, only variables whose names mark a secret (`SECRET`,
    `PASSWORD`, `TOKEN`, `API_KEY`, `PRIVATE_KEY`, `CREDENTIAL`, `DSN`) and passwords inside URLs
    are taken; name any other variable with `--secret-env NAME` to have it looked for.
    A base64 form embedded at an odd offset inside a longer base64 blob is not seen.

    ## References
    - RFC 6749 §2.3.1 (client password authentication), RFC 7617 §2 (Basic)
    - Django docs: settings SECRET_KEY ("keep it secret")
    - CWE-532: Insertion of Sensitive Information into Log File
    """
    if not line.known:
        return
    text = line.text
    form_texts = {f.text for f in line.known.forms}

    def find(view: str) -> Iterator[tuple[str, Hit]]:
        if view == text:
            # The precomputed spellings (raw, URL-encoded, JSON-escaped, base64, Basic).
            for form in line.known.forms:
                start = view.find(form.text)
                while start >= 0:
                    yield form.secret.value, _hit(line, form.secret, form.label, form.text)
                    start = view.find(form.text, start + len(form.text))
        else:
            # A JSON- or URL-decoded view: the raw value, however it was escaped.
            for secret in line.known.secrets:
                if secret.value in view:
                    yield secret.value, _hit(line, secret, "escaped", secret.value)
        # Basic values built from a client id we were not told about still decode to the secret.
        for m in BASIC_RE.finditer(view):
            creds = decode_basic(m.group("value"))
            if creds is None or m.group("value") in form_texts:
                continue
            secret = line.known.by_value(creds.password)
            if secret is not None:
                yield secret.value, _hit(line, secret, "inside Basic credentials", m.group("value"))

    yield from per_line(line, find)
