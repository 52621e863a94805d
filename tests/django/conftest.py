"""Tests of the Django add-on. No __init__.py here: a package named `django` would shadow Django.

One Django settings per process: configure a small base once (if nobody has) and let each
test change what it needs with `override_settings`. Tests that need a whole project with its
own settings (`manage.py check --deploy`) run it in a subprocess instead."""

from __future__ import annotations

import io
import logging
from collections.abc import Callable, Iterator

import pytest

django = pytest.importorskip("django")

from django.conf import settings  # noqa: E402

if not settings.configured:
    settings.configure(
        DEBUG=False,
        SECRET_KEY="tests-only-0123456789abcdefghijklmnopqrstuvwxyzABCDEF",
        ALLOWED_HOSTS=["testserver", "localhost", "127.0.0.1"],
        INSTALLED_APPS=["django.contrib.auth", "django.contrib.contenttypes", "oidcguard.django"],
        DATABASES={"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"}},
        ROOT_URLCONF="oidcguard_test_urls",
        USE_TZ=True,
    )
    django.setup()


LogFn = Callable[..., str]


@pytest.fixture
def capture() -> Iterator[Callable[..., tuple[logging.Logger, io.StringIO]]]:
    """A fresh logger writing `%(message)s` to a buffer, through the given filter on its handler."""
    made: list[logging.Logger] = []

    def make(flt: logging.Filter | None, name: str = "oidcguard.tests") -> tuple[logging.Logger, io.StringIO]:
        buffer = io.StringIO()
        handler = logging.StreamHandler(buffer)
        handler.setFormatter(logging.Formatter("%(levelname)s %(name)s %(message)s"))
        if flt is not None:
            handler.addFilter(flt)
        logger = logging.getLogger(f"{name}.{len(made)}.{id(buffer)}")
        logger.handlers[:] = [handler]
        logger.setLevel(logging.DEBUG)
        logger.propagate = False
        made.append(logger)
        return logger, buffer

    yield make
    for logger in made:
        logger.handlers.clear()
