"""The AST settings model: values, provenance, chains, roles and pins — never importing the project."""

from __future__ import annotations

import ast
import json
import textwrap
from pathlib import Path

import pytest

from oidcguard.config import Config
from oidcguard.static.engine import build_project
from oidcguard.static.project import Role
from oidcguard.static.settings_model import evaluate_module
from oidcguard.static.values import MISSING, Origin


def ns(source: str):
    return evaluate_module(ast.parse(textwrap.dedent(source)), "settings.py").namespace


def test_environment_lookups_and_aliases() -> None:
    values = ns("""
        import os
        import environ
        from decouple import config as cfg
        from os import getenv
        env = environ.Env(FLAG=(bool, True))
        A = os.environ.get("A", "lit")
        B = env("B", default="x")
        C = cfg("C", default="0", cast=bool)
        D = bool(getenv("D", "False"))
        E = os.environ["E"]
        F = getenv("F")
        G = os.environ.get("G") or "fallback"
        H = env("FLAG")
        I = f"prefix-{A}"
        """)
    assert (values["A"].origin, values["A"].effective, values["A"].env_name) == (Origin.ENV_DEFAULT, "lit", "A")
    assert (values["B"].origin, values["B"].effective) == (Origin.ENV_DEFAULT, "x")
    assert (values["C"].effective, values["C"].cast) == (False, "bool")
    assert (values["D"].effective, values["D"].cast) == (True, "truthy-string")
    assert (values["E"].origin, values["E"].effective) == (Origin.ENV, MISSING)
    assert (values["F"].origin, values["F"].effective) == (Origin.ENV_OPTIONAL, None)
    assert (values["G"].origin, values["G"].effective) == (Origin.ENV_DEFAULT, "fallback")
    assert (values["H"].origin, values["H"].effective) == (Origin.ENV_DEFAULT, True)
    assert values["I"].effective == "prefix-lit"


def test_containers_item_assignment_and_augmented_assignment() -> None:
    values = ns("""
        LOGGING = {"version": 1, "loggers": {}}
        LOGGING["loggers"]["oauthlib"] = {"level": "DEBUG"}
        APPS = ["a"]
        APPS += ["b"]
        APPS.append("c")
        EXTRA = {"x": 1}
        EXTRA.update({"y": 2})
        """)
    level = values["LOGGING"].get("loggers").get("oauthlib").get("level")
    assert (level.effective, level.line) == ("DEBUG", 3)
    assert values["APPS"].effective == ["a", "b", "c"]
    assert values["EXTRA"].effective == {"x": 1, "y": 2}


def test_decidable_if_and_undecidable_if() -> None:
    values = ns("""
        import os
        DEBUG = False
        if DEBUG:
            X = "debug"
        else:
            X = "prod"
        if os.environ.get("FLAG"):
            Y = 1
        else:
            Y = 2
        if UNKNOWN_NAME:
            Z = 1
        """)
    assert (values["X"].effective, values["X"].conditional) == ("prod", False)
    assert (values["Y"].effective, values["Y"].conditional) == (2, True)
    assert (values["Z"].effective, values["Z"].conditional) == (1, True)


def write(root: Path, files: dict[str, str]) -> None:
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text))


def test_split_settings_chains_and_roles(tmp_path: Path) -> None:
    write(tmp_path, {
        "manage.py": 'os.environ.setdefault("DJANGO_SETTINGS_MODULE", "proj.settings.production")\n',
        "proj/settings/__init__.py": "",
        "proj/settings/base.py": 'DEBUG = True\nSECRET_KEY = "x"\n',
        "proj/settings/production.py": "from .base import *\nDEBUG = False\ntry:\n    from .local import *\n"
                                       "except ImportError:\n    pass\n",
        "proj/settings/local.py": "from .base import *\nDEBUG = True\n",
        "proj/settings/test.py": "from proj.settings.base import *\n",
    })
    project = build_project(tmp_path, Config(), [])
    chains = {c.name: c for c in project.chains}
    assert set(chains) == {"proj.settings.production", "proj.settings.local", "proj.settings.test",
                           "proj.settings"}
    assert chains["proj.settings.production"].role is Role.PRODUCTION
    assert chains["proj.settings.local"].role is Role.DEVELOPMENT
    assert chains["proj.settings.test"].role is Role.TEST
    # the optional local override at the end of production is not part of the production chain
    assert chains["proj.settings.production"].get("DEBUG").effective is False
    assert chains["proj.settings.test"].get("DEBUG").path == "proj/settings/base.py"


def test_role_overrides_from_config(tmp_path: Path) -> None:
    write(tmp_path, {"proj/settings/local.py": "DEBUG = True\n"})
    project = build_project(tmp_path, Config(production_settings=("**/local.py",)), [])
    assert [c.role for c in project.chains] == [Role.PRODUCTION]


@pytest.mark.parametrize(("name", "text"), [
    ("requirements.txt", "Django==3.0.14  # pinned\n-r base.txt\ndjango-oauth-toolkit>=1.7\n"),
    ("poetry.lock", '[[package]]\nname = "Django"\nversion = "3.0.14"\n\n[[package]]\nname = "django-oauth-toolkit"\n'
                    'version = "1.7"\n'),
    ("Pipfile.lock", json.dumps({"default": {"django": {"version": "==3.0.14"},
                                             "django-oauth-toolkit": {"version": "==1.7"}}}, indent=4)),
])
def test_pins_from_requirements_and_locks(tmp_path: Path, name: str, text: str) -> None:
    (tmp_path / name).write_text(text)
    project = build_project(tmp_path, Config(), [])
    assert project.version_of("django") == (3, 0, 14)
    assert project.version_of("django-oauth-toolkit") == (1, 7)
    assert "oauth2_provider" in project.libraries


def test_never_imports_the_project(tmp_path: Path) -> None:
    marker = tmp_path / "imported"
    write(tmp_path, {"proj/settings.py": f"open({str(marker)!r}, 'w').write('x')\nDEBUG = True\n"})
    project = build_project(tmp_path, Config(), [])
    assert project.chains[0].get("DEBUG").effective is True
    assert not marker.exists()


def test_exclude_globs_keep_hidden_folder_names(tmp_path: Path) -> None:
    write(tmp_path, {".ci/settings.py": "DEBUG = True\n", "app/settings.py": "DEBUG = True\n"})
    config = Config(exclude=(".ci/**",))
    project = build_project(tmp_path, config, [])
    assert sorted(project.files) == ["app/settings.py"]


def test_everett_config_manager() -> None:
    values = ns("""
        from everett.manager import ConfigManager
        _config = ConfigManager.basic_config()
        OIDC_RP_CLIENT_SECRET = _config("OIDC_RP_CLIENT_SECRET", default="", doc="from the IdP")
        DEBUG = _config("DEBUG", default="true", parser=bool)
        SECRET_KEY = _config("SECRET_KEY")
        """)
    assert (values["OIDC_RP_CLIENT_SECRET"].origin, values["OIDC_RP_CLIENT_SECRET"].effective) == (
        Origin.ENV_DEFAULT, "")
    assert (values["DEBUG"].effective, values["DEBUG"].cast) == (True, "bool")
    assert (values["SECRET_KEY"].origin, values["SECRET_KEY"].effective) == (Origin.ENV, MISSING)


def test_default_excludes_apply_at_the_top_level(tmp_path: Path) -> None:
    write(tmp_path, {"build/lib/app/settings.py": "DEBUG = True\n", "node_modules/x/settings.py": "DEBUG = True\n",
                     "app/settings.py": "DEBUG = True\n"})
    assert sorted(build_project(tmp_path, Config(), []).files) == ["app/settings.py"]
