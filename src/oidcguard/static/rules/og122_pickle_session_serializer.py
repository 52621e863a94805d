"""OG122: pickle-based session serializer."""

from __future__ import annotations

from collections.abc import Iterator

from ...findings import Category, Confidence, Severity
from ...rules import Hit, rule
from ..code_parts import og122_code
from ..context import ModuleSubject, SettingsContext


@rule(
    id="OG122",
    name="pickle-serializer",
    title="Insecure (pickle) deserialization of session data",
    category=Category.INSECURE_DESERIALIZATION,
    severity=Severity.HIGH,
    confidence=Confidence.HIGH,
    cwe=(502,),
    remediation="Use django.contrib.sessions.serializers.JSONSerializer (the default).",
    subject=("settings", "module"),
)
def pickle_serializer(ctx: SettingsContext | ModuleSubject) -> Iterator[Hit]:
    """
    ## What it does
    Flags `SESSION_SERIALIZER` set to a pickle serializer (Django's `PickleSerializer`, removed
    in 5.0, or any class named like it).
    In code: `pickle.loads`/`yaml.load` (unsafe loader)/`jsonpickle.decode` on request data,
    cookies or state handed in, and `signing.loads(..., serializer=PickleSerializer)`.

    ## Why is this bad?
    Unpickling runs code. Anyone who learns `SECRET_KEY` (see OG102/OG105) can sign a session
    that executes commands on the server; with the `signed_cookies` engine the attacker sends that
    session directly as a cookie (critical).

    ## Example
        SESSION_SERIALIZER = "django.contrib.sessions.serializers.PickleSerializer"   # OG122

    ## Use instead
        SESSION_SERIALIZER = "django.contrib.sessions.serializers.JSONSerializer"

    ## Known false positives
    None known.

    ## References
    - Django docs: SESSION_SERIALIZER ("PickleSerializer ... can lead to remote code execution")
    - CWE-502: Deserialization of Untrusted Data
    """
    if isinstance(ctx, ModuleSubject):
        yield from og122_code(ctx)  # the code part lives in static/code_parts.py
        return
    value = ctx.get("SESSION_SERIALIZER")
    if value is None or not isinstance(value.effective, str) or "pickle" not in value.effective.lower():
        return
    engine = ctx.get("SESSION_ENGINE")
    in_cookie = engine is not None and engine.effective == "django.contrib.sessions.backends.signed_cookies"
    yield Hit(
        ctx.location(value),
        "sessions are unpickled" + (" from a client-held signed cookie" if in_cookie else "")
        + ": a leaked SECRET_KEY becomes remote code execution",
        severity=ctx.severity(Severity.CRITICAL if in_cookie else Severity.HIGH),
        anchor="SESSION_SERIALIZER",
    )
