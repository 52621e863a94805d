"""Small temporary Django projects run in a subprocess: one settings per process, real
`manage.py check --deploy`, exact message ids compared."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import textwrap
from pathlib import Path

HARDENED = '''
import os

SECRET_KEY = os.environ["DJANGO_SECRET_KEY"]
DEBUG = False
ALLOWED_HOSTS = ["app.example.test"]
INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "mozilla_django_oidc",
    "oidcguard.django",
]
MIDDLEWARE = [
    "oidcguard.django.middleware.OIDCCallbackMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]
DATABASES = {}
ROOT_URLCONF = "urls"
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_SSL_REDIRECT = True
SECURE_HSTS_SECONDS = 31536000
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
DEFAULT_EXCEPTION_REPORTER_FILTER = "oidcguard.django.ExceptionReporterFilter"
AUTHENTICATION_BACKENDS = ["mozilla_django_oidc.auth.OIDCAuthenticationBackend"]

from oidcguard.django import load_oidc_settings

globals().update(load_oidc_settings(debug=DEBUG))

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"redact": {"()": "oidcguard.logging.RedactingFilter"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "filters": ["redact"]}},
    "root": {"handlers": ["console"], "level": "INFO"},
}
'''

ENV = {
    "DJANGO_SECRET_KEY": "tests-3xZq8mW3nV7bX2cL5kJ9hGfD4sA6pO0iU2yT8rE5wQ1zX7cV9bN4mK6jH3gF",
    "OIDC_RP_CLIENT_ID": "portal-web",
    "OIDC_RP_CLIENT_SECRET": "kq3T9vLw2xPz8RbN5mQs7dYcAb12",
    "OIDC_OP_AUTHORIZATION_ENDPOINT": "https://op.example.test/o/authorize/",
    "OIDC_OP_TOKEN_ENDPOINT": "https://op.example.test/o/token/",
    "OIDC_OP_USER_ENDPOINT": "https://op.example.test/o/userinfo/",
    "OIDC_OP_JWKS_ENDPOINT": "https://op.example.test/o/jwks/",
}

_ID = re.compile(r"\((oidcguard\.[A-Z]\d{3})\)")


def make_project(root: Path, settings: str) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    (root / "settings.py").write_text(textwrap.dedent(settings), encoding="utf-8")
    (root / "urls.py").write_text(
        "from django.urls import include, path\n\nurlpatterns = [path('oidc/', include('mozilla_django_oidc.urls'))]\n",
        encoding="utf-8",
    )
    (root / "manage.py").write_text(
        "import os, sys\n"
        "os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'settings')\n"
        "from django.core.management import execute_from_command_line\n"
        "execute_from_command_line(sys.argv)\n",
        encoding="utf-8",
    )
    return root


def manage(root: Path, *args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    full_env = {k: v for k, v in os.environ.items() if not k.startswith(("OIDC_", "DJANGO_"))}
    full_env.update(ENV if env is None else env)
    full_env["PYTHONPATH"] = str(root)
    return subprocess.run([sys.executable, "manage.py", *args], cwd=root, env=full_env, capture_output=True,
                          text=True, timeout=120, check=False)


def check_ids(root: Path, env: dict[str, str] | None = None) -> list[str]:
    """The oidcguard message ids of `manage.py check --deploy`, sorted (duplicates kept)."""
    result = manage(root, "check", "--deploy", env=env)
    if "Traceback" in result.stderr:
        raise AssertionError(result.stderr)
    return sorted(_ID.findall(result.stdout + result.stderr))
