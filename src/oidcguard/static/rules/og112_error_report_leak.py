"""OG112: secret-bearing values that Django's error reports do not mask."""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator

from ...findings import Category, Confidence, Location, Severity
from ...rules import Hit, rule
from ...shapes import credentials_in_url, django_masks_name
from ..context import SettingsContext, keyword
from ..helpers import walk
from ..project import Project, Role
from ..values import Origin, Value

# Names outside Django's pattern that are known to carry credentials (URLs with user:password@,
# broker/cache/DSN strings) and neutral dict keys that hold client credentials.
_CREDENTIAL_URL_NAME = re.compile(
    r"(DATABASE|DB|BROKER|REDIS|CACHE|AMQP|RABBIT(MQ)?|MONGO(DB)?|POSTGRES|MYSQL|ELASTIC(SEARCH)?|RESULT_BACKEND|"
    r"EMAIL|SMTP|LDAP|MQ|KAFKA)(_[A-Z]+)*_(URL|URI|DSN)$|_DSN$|^CELERY_RESULT_BACKEND$|^DATABASE$",
    re.I,
)
_NEUTRAL_CREDENTIAL_KEY = re.compile(r"cred|passwd|pwd|bearer|cookie|session_?id|private|auth", re.I)
_NOT_CREDENTIAL = re.compile(r"^SENTRY_DSN$", re.I)  # Sentry DSNs hold a public key by design
# Token-accepting authentication classes: their requests carry `Authorization: Bearer ...`.
_BEARER_AUTH = (
    "mozilla_django_oidc.contrib.drf.OIDCAuthentication",
    "oauth2_provider.contrib.rest_framework.OAuth2Authentication",
    "rest_framework_simplejwt.authentication.JWTAuthentication",
    "rest_framework.authentication.TokenAuthentication",
    "knox.auth.TokenAuthentication",
)
_OIDC_CALLBACK_URLCONFS = ("mozilla_django_oidc.urls", "allauth.urls", "social_django.urls",
                           "allauth.socialaccount.urls", "django_auth_adfs.urls")
_DJANGO_TERMS = ("API", "TOKEN", "KEY", "SECRET", "PASS", "SIGNATURE")
_OURS = "oidcguard.django.ExceptionReporterFilter"


@rule(
    id="OG112",
    name="error-report-leak",
    title="Secret shown unmasked in Django error reports",
    category=Category.ERROR_REPORT_LEAK,
    severity=Severity.MEDIUM,
    confidence=Confidence.HIGH,
    cwe=(209, 532),
    remediation="Set DEFAULT_EXCEPTION_REPORTER_FILTER = 'oidcguard.django.ExceptionReporterFilter' "
    "(or widen hidden_settings), and scrub error-tracker events with before_send.",
    subject="settings",
)
def error_report_leak(ctx: SettingsContext) -> Iterator[Hit]:
    """
    ## What it does
    Finds secrets that Django's technical 500 page and admin error e-mails print in full:
    credentials under setting names outside Django's sensitive-name pattern
    (`API|TOKEN|KEY|SECRET|PASS|SIGNATURE`, plus `AUTH` from Django 5.2) such as `DATABASE_URL`
    or `CELERY_BROKER_URL`, neutral dict keys (`client_cred`); list-nested secrets before Django
    3.1; bearer tokens in `HTTP_AUTHORIZATION` before Django 5.2 when an API accepts them; a
    weakened `DEFAULT_EXCEPTION_REPORTER_FILTER`; and Sentry initialised with the Django
    integration and no scrubber while an OIDC callback is routed.

    ## Why is this bad?
    Error reports reach whoever sees the DEBUG page, the `ADMINS` mailboxes and the error tracker.
    Django decides what to hide by the setting's name only: a password inside a URL, a DSN or a
    neutrally named dict key is printed verbatim.

    ## Example
        DEBUG = True
        DATABASE_URL = os.environ["DATABASE_URL"]     # OG112: printed with its password

    ## Use instead
        DEFAULT_EXCEPTION_REPORTER_FILTER = "oidcguard.django.ExceptionReporterFilter"

    ## Known false positives
    Only reported when reports are actually produced: DEBUG can be on, `ADMINS` receives error
    mail, or an `AdminEmailHandler` is configured. A custom filter whose `hidden_settings`
    covers the name silences the finding. Django's version is read from the requirements; when
    unknown, the version-dependent parts stay silent.

    ## References
    - Django tickets #31451 (lists, fixed in 3.1), #23004/#35646 (META, AUTH added in 5.2)
    - Mozilla bug 1764569 (OIDC callback code/state sent to Sentry)
    - CWE-209, CWE-532
    """
    if ctx.role is Role.TEST:
        return
    django = ctx.version("django")
    debug = ctx.get("DEBUG")
    debug_on = debug is not None and (debug.truthy() is True or debug.cast == "truthy-string")
    admins = ctx.get("ADMINS")
    mail_handler = _admin_email_handler(ctx)
    admins_mail = (admins is not None and bool(admins.elements()) and not debug_on) or mail_handler is not None
    severity_base = Severity.MEDIUM if ctx.role is Role.PRODUCTION else Severity.INFO

    filter_value = ctx.get("DEFAULT_EXCEPTION_REPORTER_FILTER")
    hidden = _custom_pattern(ctx, filter_value)
    if hidden is False:
        return  # our filter, or a custom one we cannot read: trust it
    if isinstance(hidden, re.Pattern):
        missing = [t for t in _DJANGO_TERMS if not hidden.search(t)]
        if missing:
            yield Hit(
                location=ctx.location(filter_value),
                message=f"custom exception reporter filter no longer hides names with {', '.join(missing)}",
                severity=severity_base,
                anchor="filter",
            )

    def masked(name: str) -> bool:
        if isinstance(hidden, re.Pattern):
            return bool(hidden.search(name))
        return django_masks_name(name, django)

    if debug_on or admins_mail:
        where = "the DEBUG error page" if debug_on else "admin error e-mails"
        for name, top in ctx.namespace.items():
            if masked(name) or _NOT_CREDENTIAL.search(name):
                continue
            for keys, value, through_list in walk(top):
                if any(isinstance(k, str) and masked(k) and not (through_list and _lists_unmasked(django))
                       for k in keys):
                    continue
                hit = _credential(name, keys, value, through_list, django, masked, runtime=ctx.runtime)
                if hit is None:
                    continue
                label = name + "".join(f"[{k!r}]" for k in keys)
                severity = severity_base
                if hit == "list":
                    severity = Severity.HIGH if ctx.role is Role.PRODUCTION else Severity.INFO
                yield Hit(
                    location=ctx.location(value),
                    message=f"{label} carries a credential that {where} prints unmasked",
                    severity=severity,
                    secret=_literal_secret(value),
                    anchor=label,
                )

        if django is not None and django < (5, 2) and not isinstance(hidden, re.Pattern):
            auth_class = _bearer_auth_class(ctx)
            if auth_class is not None:
                target = auth_class if debug_on else (mail_handler or admins)
                yield Hit(
                    location=ctx.location(target, admins),
                    message=f"Django {'.'.join(map(str, django))} prints HTTP_AUTHORIZATION (the bearer token this API "
                    f"accepts) in {where}; AUTH joined the masked names only in 5.2",
                    severity=Severity.HIGH if ctx.role is Role.PRODUCTION else Severity.INFO,
                    anchor="HTTP_AUTHORIZATION",
                )

    if ctx.project is not None and ctx.role is Role.PRODUCTION:
        yield from _sentry_unscrubbed(ctx.project)


def _credential(name: str, keys: tuple, value: Value, through_list: bool, django: tuple[int, ...] | None,
                masked, *, runtime: bool = False) -> str | None:
    key = str(keys[-1]) if keys else name
    if through_list and _lists_unmasked(django) and keys and isinstance(keys[-1], str) and \
            django_masks_name(keys[-1], django) and value.origin is not Origin.COMPUTED and not value.items:
        return "list"
    if value.items:
        return None
    if keys and masked(key):
        return None
    if isinstance(value.effective, str) and value.origin is Origin.LITERAL:
        if credentials_in_url(value.effective):
            return "literal"
        # At run time every value is resolved, so a non-empty string under a neutral credential
        # key (`client_cred`) is the credential itself, whatever the environment variable was.
        if runtime and keys and value.effective and _NEUTRAL_CREDENTIAL_KEY.search(key) and not masked(key):
            return "neutral"
        return None
    if value.from_env:
        env = value.env_name or ""
        if _CREDENTIAL_URL_NAME.search(key) or _CREDENTIAL_URL_NAME.search(env):
            return "url"
        if keys and (_NEUTRAL_CREDENTIAL_KEY.search(key) or django_masks_name(env)) and not django_masks_name(key):
            return "neutral"
    return None


def _lists_unmasked(django: tuple[int, ...] | None) -> bool:
    # Django < 3.1 did not cleanse values inside lists and tuples (ticket #31451).
    return django is not None and django < (3, 1)


def _literal_secret(value: Value) -> str | None:
    if value.origin is Origin.LITERAL and isinstance(value.effective, str):
        return credentials_in_url(value.effective) or None
    return None


def _admin_email_handler(ctx: SettingsContext) -> Value | None:
    logging_ = ctx.get("LOGGING")
    handlers = logging_.get("handlers") if logging_ else None
    for _, handler in handlers.entries() if handlers else ():
        cls = handler.get("class")
        if cls is not None and cls.effective == "django.utils.log.AdminEmailHandler":
            return cls
    return None


def _bearer_auth_class(ctx: SettingsContext) -> Value | None:
    rest = ctx.get("REST_FRAMEWORK")
    classes = rest.get("DEFAULT_AUTHENTICATION_CLASSES") if rest else None
    for item in classes.elements() if classes else ():
        if item.effective in _BEARER_AUTH:
            return item
    return None


def _custom_pattern(ctx: SettingsContext, setting: Value | None) -> re.Pattern[str] | bool | None:
    """None: Django's default; False: a filter we trust; a pattern: the custom hidden_settings."""
    if setting is None or not isinstance(setting.effective, str):
        return None
    dotted = setting.effective
    if dotted == _OURS or dotted.startswith("oidcguard."):
        return False
    if dotted == "django.views.debug.SafeExceptionReporterFilter":
        return None
    if ctx.project is None:
        return False
    module, _, cls = dotted.rpartition(".")
    path_suffix = module.replace(".", "/")
    for rel, source in ctx.project.files.items():
        if not (rel.endswith(path_suffix + ".py") or rel.endswith(path_suffix + "/__init__.py")) or source.tree is None:
            continue
        for node in source.tree.body:
            if isinstance(node, ast.ClassDef) and node.name == cls:
                for stmt in node.body:
                    if isinstance(stmt, ast.Assign) and any(
                            isinstance(t, ast.Name) and t.id == "hidden_settings" for t in stmt.targets):
                        pattern = _compiled_literal(stmt.value)
                        return pattern if pattern is not None else False
                return None  # inherits Django's pattern
    return False


def _compiled_literal(node: ast.expr) -> re.Pattern[str] | None:
    if isinstance(node, ast.Call) and node.args and isinstance(node.args[0], ast.Constant) and \
            isinstance(node.args[0].value, str):
        try:
            return re.compile(node.args[0].value, re.I)
        except re.error:
            return None
    return None


def _sentry_unscrubbed(project: Project) -> Iterator[Hit]:
    routes_callback = any(
        any(conf in f.text for conf in _OIDC_CALLBACK_URLCONFS) for f in project.files.values() if f.is_python
    )
    if not routes_callback:
        return
    for source in project.files.values():
        if "sentry_sdk" not in source.text or source.tree is None:
            continue
        for node in ast.walk(source.tree):
            if not (isinstance(node, ast.Call) and _is_sentry_init(node)):
                continue
            integrations = keyword(node, "integrations")
            if integrations is None or "DjangoIntegration" not in ast.unparse(integrations):
                continue
            if keyword(node, "before_send") is not None or keyword(node, "event_scrubber") is not None:
                continue
            yield Hit(
                location=Location(path=source.rel, line=node.lineno, column=node.col_offset + 1,
                                  end_line=node.end_lineno),
                message="Sentry's Django integration sends the OIDC callback's code and state and the request "
                "frame locals with every error; add a before_send or event_scrubber",
                severity=Severity.LOW,
                anchor="sentry",
            )


def _is_sentry_init(node: ast.Call) -> bool:
    func = node.func
    return (isinstance(func, ast.Attribute) and func.attr == "init" and isinstance(func.value, ast.Name)
            and func.value.id == "sentry_sdk") or (isinstance(func, ast.Name) and func.id == "sentry_init")
