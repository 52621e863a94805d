"""Starts and stops the lab: the provider and the RP, each in its own process, on 127.0.0.1.

``running_lab`` binds two listening sockets on free loopback ports, writes a fresh config
(random secrets) into a temporary folder, starts ``python -m oidcguard.lab.serve`` twice with
those sockets inherited, waits until both answer, and on exit terminates them (then kills them
if they linger) and removes the folder — also when the body of the ``with`` raises.
"""

from __future__ import annotations

import http.client
import os
import shutil
import socket
import ssl
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from ._config import CONFIG_ENV, LOOPBACK, LabConfig, LabMode, generate
from ._tls import make_certificates

_PACKAGE_DIR = Path(__file__).resolve().parent
_PROJECTS = ("provider", "rp")
_LEAKY_ONLY = ("settings_leaky.py", "urls_leaky.py", "leaky_views.py", "*_leaky.html")
_PASSED_ENV = frozenset(
    {"PATH", "LANG", "LC_ALL", "LC_CTYPE", "PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV", "TMPDIR", "SYSTEMROOT"}
)


class LabError(RuntimeError):
    """The lab could not start (the message carries the end of the server's output)."""


@dataclass(frozen=True, slots=True)
class Lab:
    """A running lab. Every URL is on 127.0.0.1; every secret was generated for this run."""

    config: LabConfig
    processes: tuple[subprocess.Popen[bytes], ...] = field(default=(), repr=False, compare=False)

    def running(self) -> bool:
        """Whether both server processes are still alive."""
        return all(process.poll() is None for process in self.processes)

    @property
    def mode(self) -> LabMode:
        return self.config.mode

    @property
    def provider_url(self) -> str:
        return self.config.provider_url

    @property
    def rp_url(self) -> str:
        return self.config.rp_url

    @property
    def discovery_url(self) -> str:
        return f"{self.config.provider_url}/o/.well-known/openid-configuration"

    @property
    def login_url(self) -> str:
        """The RP's login path (mozilla-django-oidc's ``oidc_authentication_init``)."""
        return f"{self.config.rp_url}/oidc/authenticate/"

    @property
    def callback_url(self) -> str:
        """The redirect URI registered for both clients."""
        return f"{self.config.rp_url}/oidc/callback/"

    @property
    def tls(self) -> bool:
        return self.config.tls

    @property
    def ca_file(self) -> Path | None:
        """The throw-away CA to trust (``httpx.Client(verify=ssl_context(lab))``), TLS labs only."""
        return Path(self.config.ca_file) if self.config.ca_file else None

    def ssl_context(self) -> ssl.SSLContext | None:
        """An SSL context trusting only the lab's CA; None for a plain-HTTP lab."""
        return _client_context(self.config)

    @property
    def log_path(self) -> Path:
        return Path(self.config.log_path)

    @property
    def source_dir(self) -> Path:
        return Path(self.config.source_dir)

    @property
    def env_file(self) -> Path:
        return Path(self.config.env_file)

    @property
    def user(self) -> str:
        return self.config.username

    @property
    def email(self) -> str:
        """The claim the RP matches users by (mozilla-django-oidc hashes it into the username)."""
        return self.config.email

    @property
    def password(self) -> str:
        return self.config.password

    @property
    def client_id(self) -> str:
        return self.config.confidential.client_id

    @property
    def public_client_id(self) -> str:
        return self.config.public.client_id

    @property
    def service_client_id(self) -> str:
        return self.config.service.client_id

    @property
    def ports(self) -> tuple[int, int]:
        return _port(self.config.provider_url), _port(self.config.rp_url)

    def secrets(self) -> dict[str, str]:
        return self.config.secrets()


def _client_context(config: LabConfig) -> ssl.SSLContext | None:
    return ssl.create_default_context(cafile=config.ca_file) if config.ca_file else None


def _port(url: str) -> int:
    return int(url.rsplit(":", 1)[1])


def _listen() -> socket.socket:
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind((LOOPBACK, 0))  # a free port, chosen by the kernel, on loopback only
    sock.listen(64)
    sock.set_inheritable(True)
    return sock


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(text)


def _prepare(config: LabConfig) -> None:
    """The log folder, the source copy for `oidcguard scan`, the generated .env files."""
    Path(config.log_path).parent.mkdir(parents=True, exist_ok=True)
    Path(config.log_path).touch()
    source = Path(config.source_dir)
    # Only the files the running mode uses: scanning the hardened twin must not report the
    # leaky settings sitting beside it (the leaky urls do reuse urls_hardened.py).
    other_mode = ("settings_hardened.py",) if config.leaky else _LEAKY_ONLY
    for project in _PROJECTS:
        shutil.copytree(
            _PACKAGE_DIR / project,
            source / project,
            ignore=shutil.ignore_patterns("__pycache__", "*.pyc", *other_mode),
        )
    secrets = config.secrets()
    _write(Path(config.env_file), "".join(f"{name}={value}\n" for name, value in secrets.items()))
    if config.leaky:
        # The leaky sites serve these at /.env (OG210); written at start, never committed.
        _write(
            source / "rp" / ".env",
            f"DJANGO_SECRET_KEY={config.rp_secret_key}\n"
            f"OIDC_RP_CLIENT_ID={config.confidential.client_id}\n"
            f"OIDC_RP_CLIENT_SECRET={config.confidential.client_secret}\n"
            f"DATABASE_URL={config.database_url}\n"
            f"CELERY_BROKER_URL={config.broker_url}\n",
        )
        _write(
            source / "provider" / ".env",
            f"DJANGO_SECRET_KEY={config.provider_secret_key}\n"
            f"DATABASE_URL={config.database_url}\n"
            f"LAB_SERVICE_CLIENT_ID={config.service.client_id}\n"
            f"LAB_SERVICE_CLIENT_SECRET={config.service.client_secret}\n",
        )


def _tail(path: Path, limit: int = 3000) -> str:
    try:
        return path.read_text(encoding="utf-8", errors="replace")[-limit:]
    except OSError:
        return ""


class _Server:
    def __init__(self, project: str, config: LabConfig, config_path: Path, sock: socket.socket) -> None:
        tmp = Path(config.tmp_dir)
        self.project = project
        self.config = config
        self.port = sock.getsockname()[1]
        self.ready_file = tmp / f"{project}.ready"
        self.output = tmp / f"{project}.out"
        # A minimal environment: wsgiref copies os.environ into every request's WSGI environ,
        # so whatever the launcher's environment holds would show up in request.META, on the
        # leaky debug pages and in oauthlib's DEBUG lines. Only what Python needs goes through.
        env = {k: v for k, v in os.environ.items() if k in _PASSED_ENV}
        env[CONFIG_ENV] = str(config_path)
        # The servers import the very oidcguard the launcher runs (an editable checkout, a
        # wheel, a --target folder), whatever the child's own site-packages would pick.
        package_root = str(_PACKAGE_DIR.parent.parent)
        env["PYTHONPATH"] = os.pathsep.join(p for p in (package_root, env.get("PYTHONPATH")) if p)
        env["PYTHONUNBUFFERED"] = "1"
        command = [
            sys.executable, "-m", "oidcguard.lab.serve", project,
            "--mode", config.mode.value,
            "--config", str(config_path),
            "--fd", str(sock.fileno()),
            "--ready-file", str(self.ready_file),
        ]  # fmt: skip
        with open(self.output, "wb") as out:
            self.process = subprocess.Popen(
                command,
                stdin=subprocess.DEVNULL,
                stdout=out,
                stderr=subprocess.STDOUT,
                env=env,
                pass_fds=(sock.fileno(),),
                # Its own session: a Ctrl-C at `oidcguard lab up` reaches only the launcher,
                # which then stops the servers in order.
                start_new_session=True,
            )

    def wait_ready(self, deadline: float) -> None:
        while not self.ready_file.exists():
            if self.process.poll() is not None:
                raise LabError(f"lab {self.project} exited ({self.process.returncode}):\n{_tail(self.output)}")
            if time.monotonic() > deadline:
                raise LabError(f"lab {self.project} did not start in time:\n{_tail(self.output)}")
            time.sleep(0.05)
        timeout = max(1.0, deadline - time.monotonic())
        context = _client_context(self.config)
        connection = (
            http.client.HTTPSConnection(LOOPBACK, self.port, timeout=timeout, context=context)
            if context
            else http.client.HTTPConnection(LOOPBACK, self.port, timeout=timeout)
        )
        try:
            connection.request("GET", "/health/")
            response = connection.getresponse()
            response.read()
            status = response.status
        finally:
            connection.close()
        if status != 200:
            raise LabError(f"lab {self.project} answered /health/ with {status}:\n{_tail(self.output)}")

    def stop(self, grace: float = 5.0) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(grace)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


@contextmanager
def running_lab(
    mode: LabMode | str = LabMode.LEAKY,
    *,
    tls: bool = False,
    redact_logs: bool = False,
    startup_timeout: float = 60.0,
) -> Iterator[Lab]:
    """Start the provider and the RP in ``mode`` on free 127.0.0.1 ports; stop them on exit.

    ``tls`` serves both over HTTPS with a throw-away CA (``Lab.ca_file``): the hardened lab then
    sends HSTS and its Secure cookies work everywhere; the leaky one still sends no HSTS.
    ``redact_logs`` puts oidcguard's RedactingFilter on the lab's log handler (both servers).
    """
    lab_mode = LabMode(mode)
    tmp = Path(tempfile.mkdtemp(prefix=f"oidcguard-lab-{lab_mode.value}-"))
    with ExitStack() as stack:
        stack.callback(shutil.rmtree, tmp, ignore_errors=True)
        provider_sock, rp_sock = _listen(), _listen()
        try:
            scheme = "https" if tls else "http"
            config = generate(
                lab_mode,
                provider_url=f"{scheme}://{LOOPBACK}:{provider_sock.getsockname()[1]}",
                rp_url=f"{scheme}://{LOOPBACK}:{rp_sock.getsockname()[1]}",
                tmp_dir=tmp,
                redact_logs=redact_logs,
                tls_files=make_certificates(tmp) if tls else None,
            )
            _prepare(config)
            config_path = tmp / "lab.json"
            config.dump(config_path)
            servers: list[_Server] = []
            for project, sock in (("provider", provider_sock), ("rp", rp_sock)):
                server = _Server(project, config, config_path, sock)
                servers.append(server)
                stack.callback(server.stop)  # LIFO: the RP stops first, then the provider
        finally:
            # The children hold their own copies; closing ours means a dead child's port refuses.
            provider_sock.close()
            rp_sock.close()
        deadline = time.monotonic() + startup_timeout
        for server in servers:
            server.wait_ready(deadline)
        yield Lab(config, tuple(server.process for server in servers))
