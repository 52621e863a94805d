"""OG106: OIDC settings read from the environment with no check that they are set."""

from __future__ import annotations

import re
from collections.abc import Iterator

from ...findings import Category, Confidence, Severity
from ...rules import Hit, rule
from ..context import SettingsContext
from ..helpers import walk
from ..project import Role
from ..values import Origin

# mozilla-django-oidc names (also under another prefix, e.g. kitsune's FXA_OP_*/FXA_RP_*), social-auth,
# and the usual IdP-named settings.
_OIDC_NAME = re.compile(
    r"^OIDC_|_OP_[A-Z_]*ENDPOINT$|_RP_CLIENT_(ID|SECRET)$|^SOCIAL_AUTH_.*(KEY|SECRET|ENDPOINT|URL)$|CLIENT_(ID|SECRET)$|"
    r"^KEYCLOAK_|^OKTA_|^AUTH0_|^AZURE_AD_"
)
_CONTAINERS = frozenset({"SOCIALACCOUNT_PROVIDERS", "AUTHLIB_OAUTH_CLIENTS"})
_NESTED_KEYS = frozenset({"secret", "client_id", "client_secret", "server_url", "key"})


@rule(
    id="OG106",
    name="oidc-setting-unchecked-env",
    title="OIDC setting silently empty when its variable is unset",
    category=Category.SECRET_DEFAULT,
    severity=Severity.MEDIUM,
    confidence=Confidence.HIGH,
    cwe=(1188,),
    remediation="Use a lookup that fails when the variable is missing (os.environ['NAME'], env('NAME')) "
    "or oidcguard.django.load_oidc_settings().",
    subject="settings",
)
def oidc_env_unchecked(ctx: SettingsContext) -> Iterator[Hit]:
    """
    ## What it does
    Flags OIDC settings read with `os.environ.get("NAME")`/`os.getenv("NAME")` (or an empty-string
    default) and never checked: when the variable is missing the setting is `None` or `""`.

    ## Why is this bad?
    The site starts anyway. mozilla-django-oidc then sends `client_secret=None` (or an empty
    secret) to the token endpoint, builds endpoint URLs from `None`, and the failure surfaces as
    a confusing error at the first login — often after someone has raised logging to DEBUG to
    investigate, which writes codes and tokens to the logs.

    ## Example
        OIDC_RP_CLIENT_SECRET = os.environ.get("OIDC_RP_CLIENT_SECRET")   # OG106

    ## Use instead
        OIDC_RP_CLIENT_SECRET = os.environ["OIDC_RP_CLIENT_SECRET"]

    ## Known false positives
    Lookups with a computed fallback (`... or get_random_secret_key()`), file reads and
    secret-store calls are not reported. Development and test modules are not reported.

    ## References
    - CWE-1188: Initialization of a Resource with an Insecure Default
    - mozilla-django-oidc settings reference
    """
    if ctx.role is not Role.PRODUCTION:
        return
    for name, top in ctx.assignments():
        for keys, value, _ in walk(top):
            if keys:
                nested_key = isinstance(keys[-1], str) and keys[-1].lower() in _NESTED_KEYS
                if not nested_key or name not in _CONTAINERS:
                    continue
            elif not _OIDC_NAME.search(name):
                continue
            empty_default = value.origin is Origin.ENV_DEFAULT and value.effective in ("", None)
            if value.origin is not Origin.ENV_OPTIONAL and not empty_default:
                continue
            label = name + "".join(f"[{k!r}]" for k in keys)
            yield Hit(
                location=ctx.location(value),
                message=f"{label} is {value.effective!r} when ${value.env_name or '?'} is unset, "
                "and nothing stops the site from starting",
                anchor=label,
            )
