"""Settings pieces both lab projects share: the log file, schema creation, hashers, the RSA key."""

from __future__ import annotations

from typing import Any

# The loggers SPEC §4 OG140 names for the Django/OIDC stack. The hardened lab keeps them at
# WARNING; the leaky settings spell out DEBUG for each (so `oidcguard scan` sees it too).
VERBOSE_LOGGERS = (
    "mozilla_django_oidc",
    "oauthlib",
    "oauth2_provider",
    "urllib3",
    "requests",
    "django.request",
    "django.server",
)


def lab_logging(log_path: str, process: str, redact: bool = False) -> dict[str, Any]:
    """The hardened dictConfig: the lab's one log file, lines tagged with the process name."""
    handler: dict[str, Any] = {
        "class": "logging.FileHandler",
        "filename": log_path,
        "encoding": "utf-8",
        "formatter": "lab",
    }
    filters: dict[str, Any] = {}
    if redact:
        # On the handler, not a logger: handler filters see every record that reaches the
        # file, whichever logger (or child logger) emitted it.
        filters["redact"] = {"()": "oidcguard.logging.RedactingFilter"}
        handler["filters"] = ["redact"]
    # Nothing below WARNING from the OIDC/HTTP libraries, and no access-log lines: django.server
    # writes whole request URLs, and the callback's carries the authorization code.
    loggers = {name: {"level": "WARNING", "handlers": ["file"], "propagate": False} for name in VERBOSE_LOGGERS}
    loggers["django.server"] = {"level": "ERROR", "handlers": ["file"], "propagate": False}
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {"lab": {"format": f"%(asctime)s [{process}] %(levelname)s %(name)s: %(message)s"}},
        "filters": filters,
        "handlers": {"file": handler},
        "root": {"level": "WARNING", "handlers": ["file"]},
        "loggers": loggers,
    }


class NoMigrations(dict[str, None]):
    """``MIGRATION_MODULES`` value that makes ``migrate --run-syncdb`` build every table straight
    from the installed models: the lab's sqlite schema in well under a second, instead of
    several seconds replaying django-oauth-toolkit's and contrib's migration history at each
    start. The schema is the same one those migrations end at."""

    def __contains__(self, key: object) -> bool:
        return True

    def __getitem__(self, key: str) -> None:
        return None


def lab_password_hashers() -> list[str]:
    return ["oidcguard.lab._hashers.LabPBKDF2PasswordHasher"]


def generate_rsa_key_pem() -> str:
    """A fresh RSA signing key for the provider, made at start and never written to the source."""
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import rsa

    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    return key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    ).decode("ascii")
