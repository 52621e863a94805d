"""Runs one lab server: ``python -m oidcguard.lab.serve provider|rp --mode leaky|hardened ...``.

One Django project per process (two settings modules cannot share one). The server is Django's
own threaded runserver server (``django.core.servers.basehttp``) without the autoreloader: it
is threaded, and it writes the ``django.server`` access log that a real ``runserver`` writes.

The launcher passes an already-listening socket (``--fd``) so no other process can take the
port between choosing it and serving on it; ``--port`` binds 127.0.0.1 itself, for use by hand.
"""

from __future__ import annotations

import argparse
import logging
import os
import signal
import socket
import socketserver
import ssl
import sys
import threading
import time
import traceback
from pathlib import Path
from types import FrameType

from ._config import CONFIG_ENV, LOOPBACK, LabConfig, LabMode

PROJECTS = ("provider", "rp")


def _parse(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m oidcguard.lab.serve")
    parser.add_argument("project", choices=PROJECTS)
    parser.add_argument("--mode", choices=[m.value for m in LabMode], required=True)
    parser.add_argument("--config", type=Path, required=True, help="the lab's JSON config file")
    where = parser.add_mutually_exclusive_group(required=True)
    where.add_argument("--port", type=int, help="bind 127.0.0.1:PORT")
    where.add_argument("--fd", type=int, help="serve on this inherited, listening socket")
    parser.add_argument("--ready-file", type=Path, help="created once the server accepts requests")
    return parser.parse_args(argv)


def _listening_socket(args: argparse.Namespace) -> socket.socket:
    if args.fd is not None:
        return socket.socket(fileno=args.fd)
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((LOOPBACK, args.port))  # loopback only, whatever the caller asks
    sock.listen(64)
    return sock


def _stop(signum: int, frame: FrameType | None) -> None:
    # SystemExit unwinds serve_forever() in the main thread; request threads are daemons.
    raise SystemExit(0)


def _watch_parent(httpd: socketserver.BaseServer) -> None:
    """Stop serving when the launcher dies without stopping us (SIGKILL, a crashed test run):
    a lab server must never outlive it and linger on a loopback port."""
    parent = os.getppid()

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(0.5)
        httpd.shutdown()

    threading.Thread(target=watch, name="lab-parent-watch", daemon=True).start()


def main(argv: list[str] | None = None) -> int:
    args = _parse(argv)
    os.environ[CONFIG_ENV] = str(args.config.resolve())
    os.environ["DJANGO_SETTINGS_MODULE"] = f"oidcguard.lab.{args.project}.settings_{args.mode}"
    lab = LabConfig.load(args.config)
    if lab.mode.value != args.mode:
        print(f"lab config is {lab.mode.value}, not {args.mode}", file=sys.stderr)
        return 2
    signal.signal(signal.SIGTERM, _stop)
    sock = _listening_socket(args)

    import django
    from django.core.management import call_command
    from django.core.servers.basehttp import ThreadedWSGIServer, WSGIRequestHandler
    from django.core.wsgi import get_wsgi_application

    django.setup()
    call_command("migrate", interactive=False, verbosity=0, run_syncdb=True)
    if args.project == "provider":
        from .provider.bootstrap import bootstrap

        bootstrap(lab)

    if lab.tls:
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        context.load_cert_chain(lab.cert_file, lab.key_file)
        # No handshake in accept(): it would run in the serving thread, so one stalled client
        # would block every other; OpenSSL does it on the request thread's first read instead.
        sock = context.wrap_socket(sock, server_side=True, do_handshake_on_connect=False)

    class _Handler(WSGIRequestHandler):
        def get_environ(self) -> dict[str, str]:
            environ: dict[str, str] = super().get_environ()
            if lab.tls:
                environ["HTTPS"] = "on"  # wsgiref derives wsgi.url_scheme from it
            return environ

    class _InheritedSocketServer(ThreadedWSGIServer):
        def server_bind(self) -> None:
            self.socket.close()
            self.socket = sock
            self.server_address = sock.getsockname()
            self.server_name, self.server_port = LOOPBACK, self.server_address[1]
            self.setup_environ()

        def server_activate(self) -> None:
            self.socket.listen(64)

    httpd = _InheritedSocketServer(sock.getsockname(), _Handler)
    _watch_parent(httpd)
    httpd.set_app(get_wsgi_application())
    if args.ready_file is not None:
        args.ready_file.touch()
    code = 0
    try:
        httpd.serve_forever(poll_interval=0.2)
    except (SystemExit, KeyboardInterrupt):
        pass  # SIGTERM from the launcher, or Ctrl-C when run by hand
    except BaseException:
        traceback.print_exc()
        code = 1
    httpd.server_close()
    # Flush the log file, then leave without the interpreter's module teardown, which costs a
    # second or more with Django loaded and only delays the launcher's stop.
    logging.shutdown()
    os._exit(code)


if __name__ == "__main__":
    sys.exit(main())
