"""OG160: relying-party ID-token validation weakened (settings)."""

from __future__ import annotations

import ast
from collections.abc import Iterator

from ...findings import Category, Confidence, Severity
from ...rules import Hit, rule
from ..code_parts import og160_code
from ..context import ModuleSubject, SettingsContext
from ..helpers import anchor, env_note, first_with_prefix, is_false
from ..project import Role
from ..values import Origin


@rule(
    id="OG160",
    name="weak-id-token-validation",
    title="ID-token validation weakened",
    category=Category.TOKEN_VALIDATION,
    severity=Severity.MEDIUM,
    confidence=Confidence.HIGH,
    cwe=(347, 345),
    remediation="Keep OIDC_USE_NONCE and OIDC_VERIFY_KID on, never allow unsecured JWTs, and use "
    "OIDC_RP_SIGN_ALGO = 'RS256' with OIDC_OP_JWKS_ENDPOINT.",
    subject=("settings", "module"),
)
def weak_token_validation(subject: SettingsContext | ModuleSubject) -> Iterator[Hit]:
    """
    ## What it does
    mozilla-django-oidc: `OIDC_USE_NONCE = False`, `OIDC_ALLOW_UNSECURED_JWT` truthy (any
    non-empty string counts, `"False"` included), `OIDC_VERIFY_KID = False`, `OIDC_RP_SIGN_ALGO`
    HS256 — also when unset, since HS256 is the library's default — RS256 with neither a JWKS
    endpoint nor `OIDC_RP_IDP_SIGN_KEY`, and `OIDC_STATE_SIZE`/`OIDC_NONCE_SIZE` below 16.
    In code: a `get_settings` override mapping `OIDC_USE_NONCE` to a setting that is off, and
    django-oauth-toolkit applications created with `algorithm="HS256"` (low: the client secret
    is the ID-token signing key).

    ## Why is this bad?
    The nonce is what stops a captured ID token being replayed into a new login;
    unsecured (`alg: none`) tokens need no key at all; with HS256 the ID token is keyed with the
    client secret, so anyone holding that secret mints ID tokens the site accepts.

    ## Example
        OIDC_USE_NONCE = False                # OG160

    ## Use instead
        OIDC_RP_SIGN_ALGO = "RS256"
        OIDC_OP_JWKS_ENDPOINT = "https://op.example.com/jwks"

    ## Known false positives
    An environment flag that stays off unless the environment turns it on
    (`env.bool("OIDC_ALLOW_UNSECURED_JWT", default=False)`) is not reported. Development and test
    modules are reported at info.

    ## References
    - mozilla-django-oidc issues #312, #249, PR #251; OIDC Core §3.1.3.7 (ID token validation)
    - CWE-347: Improper Verification of Cryptographic Signature
    """
    if isinstance(subject, SettingsContext):
        yield from _settings(subject)
    else:
        yield from _get_settings_alias(subject)
        yield from og160_code(subject)  # DOT HS256 applications: static/code_parts.py


def _settings(ctx: SettingsContext) -> Iterator[Hit]:

    nonce = ctx.get("OIDC_USE_NONCE")
    if is_false(nonce):
        yield Hit(ctx.location(nonce), f"OIDC_USE_NONCE is False{env_note(nonce)}: captured ID tokens can be replayed",
                  severity=ctx.severity(Severity.MEDIUM), anchor="OIDC_USE_NONCE")
    unsecured = ctx.get("OIDC_ALLOW_UNSECURED_JWT")
    if unsecured is not None and unsecured.truthy() is True:
        note = " (the default is a non-empty string, which is truthy)" if isinstance(unsecured.effective, str) else ""
        yield Hit(ctx.location(unsecured), f"OIDC_ALLOW_UNSECURED_JWT is truthy{note}: ID tokens with alg 'none' are "
                  "accepted without a signature", severity=ctx.severity(Severity.MEDIUM),
                  confidence=Confidence.HIGH if unsecured.origin is Origin.LITERAL else Confidence.MEDIUM,
                  anchor="OIDC_ALLOW_UNSECURED_JWT")
    kid = ctx.get("OIDC_VERIFY_KID")
    if is_false(kid):
        yield Hit(ctx.location(kid), "OIDC_VERIFY_KID is False: the token's key id is not matched against the JWKS",
                  severity=ctx.severity(Severity.LOW), anchor="OIDC_VERIFY_KID")
    for name in ("OIDC_STATE_SIZE", "OIDC_NONCE_SIZE"):
        size = ctx.get(name)
        if size is not None and isinstance(size.effective, int) and not isinstance(size.effective, bool) \
                and size.effective < 16:
            yield Hit(ctx.location(size), f"{name} = {size.effective}: too short to resist guessing",
                      severity=ctx.severity(Severity.LOW), anchor=name)
    if not ctx.uses("mozilla_django_oidc"):
        return
    configured = anchor(ctx, "OIDC_RP_CLIENT_ID", "OIDC_OP_TOKEN_ENDPOINT") or first_with_prefix(ctx, "OIDC_")
    if configured is None and not ctx.runtime:
        return  # this chain does not configure the relying party
    algo = ctx.get("OIDC_RP_SIGN_ALGO")
    if algo is None or (isinstance(algo.effective, str) and algo.effective.upper().startswith("HS")):
        where = algo if algo is not None else configured
        yield Hit(ctx.location(where), ("OIDC_RP_SIGN_ALGO is unset, so mozilla-django-oidc uses HS256: "
                  if algo is None else f"OIDC_RP_SIGN_ALGO is {algo.effective}: ")
                  + "ID tokens are keyed with the client secret, and whoever holds it can mint them",
                  severity=ctx.severity(Severity.LOW), anchor="OIDC_RP_SIGN_ALGO")
    elif isinstance(algo.effective, str) and algo.effective.upper().startswith(("RS", "ES", "PS")):
        if ctx.get("OIDC_OP_JWKS_ENDPOINT") is None and ctx.get("OIDC_RP_IDP_SIGN_KEY") is None:
            yield Hit(ctx.location(algo), f"OIDC_RP_SIGN_ALGO is {algo.effective} but neither OIDC_OP_JWKS_ENDPOINT "
                      "nor OIDC_RP_IDP_SIGN_KEY is set: signatures cannot be checked",
                      severity=ctx.severity(Severity.LOW), anchor="OIDC_OP_JWKS_ENDPOINT")


def _get_settings_alias(subject: ModuleSubject) -> Iterator[Hit]:
    """A settings mapping for the library, {"OIDC_USE_NONCE": settings.CORP_USE_NONCE}, where that
    setting is off: in a `get_settings` override or in a helper it delegates to (kitsune's
    `get_oidc_fxa_setting` maps `FXA_USE_NONCE`, off by default)."""
    source = subject.source
    if "OIDC_USE_NONCE" not in source.text or source.tree is None:
        return
    aliases: dict[str, bool] | None = None
    for node in ast.walk(source.tree):
        if not isinstance(node, ast.Dict):
            continue
        for key, value in zip(node.keys, node.values, strict=True):
            if not (isinstance(key, ast.Constant) and key.value == "OIDC_USE_NONCE"):
                continue
            off = isinstance(value, ast.Constant) and value.value is False
            name = value.attr if isinstance(value, ast.Attribute) else None
            if name is not None:
                aliases = _setting_values(subject) if aliases is None else aliases
                off = aliases.get(name, False)
            if off:
                yield Hit(subject.location(value), "the settings mapped onto OIDC_USE_NONCE are off unless the "
                          "environment turns them on: captured ID tokens can be replayed",
                          severity=Severity.LOW, anchor="OIDC_USE_NONCE-alias")


def _setting_values(subject: ModuleSubject) -> dict[str, bool]:
    """Which production settings are off (False) by default, across the project's chains."""
    off: dict[str, bool] = {}
    for chain in subject.project.chains:
        if chain.role is not Role.PRODUCTION:
            continue
        for name, value in chain.namespace.items():
            if name.isupper() and value.known and isinstance(value.effective, bool):
                off[name] = off.get(name, False) or value.effective is False
    return off
