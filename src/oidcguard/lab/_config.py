"""The lab's run-time configuration, shared by the launcher and the two server processes.

The launcher generates every secret at start and writes them to one JSON file (mode 0600) in
the lab's temporary folder; the Django settings modules of both servers read it through the
``OIDCGUARD_LAB_CONFIG`` environment variable. Nothing secret is ever part of the source tree.
This module imports nothing from Django so that the launcher stays light.
"""

from __future__ import annotations

import enum
import json
import os
import secrets
from dataclasses import asdict, dataclass
from pathlib import Path

CONFIG_ENV = "OIDCGUARD_LAB_CONFIG"
LOOPBACK = "127.0.0.1"


class LabMode(enum.StrEnum):
    LEAKY = "leaky"
    HARDENED = "hardened"


@dataclass(frozen=True, slots=True)
class Client:
    client_id: str
    client_secret: str = ""  # "" for the public client


@dataclass(frozen=True, slots=True)
class LabConfig:
    mode: LabMode
    provider_url: str  # "http://127.0.0.1:PORT", no trailing slash
    rp_url: str
    tmp_dir: str
    source_dir: str  # a copy of the lab's projects, plus the generated .env files in leaky mode
    log_path: str  # one file both servers append to
    env_file: str  # every configured secret as NAME=value, for `oidcguard logs --env-file`
    username: str
    password: str
    email: str
    confidential: Client  # the RP's client (authorization code, client_secret_post)
    public: Client  # a public PKCE client (no secret), e.g. for redirect-URI probes
    service: Client  # a client-credentials client the leaky RP uses for an API token
    provider_secret_key: str
    rp_secret_key: str
    database_password: str  # a decoy production DATABASE_URL password (leaky settings only)
    broker_password: str  # a decoy CELERY_BROKER_URL password (leaky settings only)
    # Attach oidcguard.logging.RedactingFilter to the lab's log handler: the leaky lab's real
    # DEBUG lines then prove (or disprove) that the filter leaves no credential behind.
    redact_logs: bool = False
    # TLS (running_lab(tls=True)): the throw-away CA clients must trust, the server's pair.
    ca_file: str = ""
    cert_file: str = ""
    key_file: str = ""

    @property
    def tls(self) -> bool:
        return bool(self.cert_file)

    @property
    def leaky(self) -> bool:
        return self.mode is LabMode.LEAKY

    def secrets(self) -> dict[str, str]:
        """Every secret value the lab configures, by the setting/env name that holds it."""
        return {
            "OIDC_RP_CLIENT_SECRET": self.confidential.client_secret,
            "LAB_SERVICE_CLIENT_SECRET": self.service.client_secret,
            "PROVIDER_SECRET_KEY": self.provider_secret_key,
            "RP_SECRET_KEY": self.rp_secret_key,
            "DATABASE_URL": self.database_url,
            "CELERY_BROKER_URL": self.broker_url,
            "LAB_USER_PASSWORD": self.password,
        }

    @property
    def database_url(self) -> str:
        return f"postgres://oidc_lab:{self.database_password}@db.internal:5432/oidc_lab"

    @property
    def broker_url(self) -> str:
        return f"redis://:{self.broker_password}@cache.internal:6379/0"

    def dump(self, path: Path) -> None:
        data = asdict(self)
        data["mode"] = self.mode.value
        # 0600 from the first byte: the file holds every secret of the lab
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump(data, handle, indent=2)

    @classmethod
    def load(cls, path: Path) -> LabConfig:
        data = json.loads(path.read_text(encoding="utf-8"))
        data["mode"] = LabMode(data["mode"])
        for name in ("confidential", "public", "service"):
            data[name] = Client(**data[name])
        return cls(**data)


def generate(
    mode: LabMode,
    provider_url: str,
    rp_url: str,
    tmp_dir: Path,
    *,
    redact_logs: bool = False,
    tls_files: tuple[Path, Path, Path] | None = None,
) -> LabConfig:
    """Fresh random identities and secrets for one lab run."""
    tag = secrets.token_hex(3)

    def secret(nbytes: int = 32) -> str:
        return secrets.token_urlsafe(nbytes)

    return LabConfig(
        mode=mode,
        provider_url=provider_url,
        rp_url=rp_url,
        tmp_dir=str(tmp_dir),
        source_dir=str(tmp_dir / "src"),
        log_path=str(tmp_dir / "logs" / "lab.log"),
        env_file=str(tmp_dir / "lab.env"),
        username="alice",
        password=secret(12),
        email="alice@lab.invalid",
        confidential=Client(f"lab-rp-{tag}", secret(36)),
        public=Client(f"lab-spa-{tag}"),
        service=Client(f"lab-service-{tag}", secret(36)),
        provider_secret_key=secret(40),
        rp_secret_key=secret(40),
        database_password=secret(18),
        broker_password=secret(18),
        redact_logs=redact_logs,
        ca_file=str(tls_files[0]) if tls_files else "",
        cert_file=str(tls_files[1]) if tls_files else "",
        key_file=str(tls_files[2]) if tls_files else "",
    )


def current() -> LabConfig:
    """The configuration of the server process we are in (read by the settings modules)."""
    path = os.environ.get(CONFIG_ENV)
    if not path:
        raise RuntimeError(f"{CONFIG_ENV} is not set; start the lab with oidcguard.lab.running_lab")
    return LabConfig.load(Path(path))
