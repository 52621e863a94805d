"""`oidcguard scan --history`: a secret committed and then deleted is still reported, once, redacted."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from oidcguard.cli import main

SECRET = "Ub6nK1xZ8qW3mR7tP2vL9yH4cJ5fD0sGa"
STRIPE = "sk_live_51HqLyjWDarjtT1zdp7dcXk3xVQmZ4RvP"

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git not installed")


def git(root: Path, *args: str) -> str:
    env_args = ["-c", "user.name=t", "-c", "user.email=t@example.test", "-c", "commit.gpgsign=false"]
    return subprocess.run(["git", *env_args, "-C", str(root), *args], check=True, capture_output=True,
                          text=True).stdout.strip()


def make_repo(root: Path) -> str:
    git(root, "init", "-q")
    (root / ".env").write_text(f"DJANGO_SETTINGS_MODULE=app.settings\nSOCIAL_AUTH_OIDC_SECRET={SECRET}\n")
    (root / "billing.py").write_text(f'import stripe\n\nstripe.api_key = "{STRIPE}"\n')
    (root / ".env.example").write_text("SOCIAL_AUTH_OIDC_SECRET=Zr5Ux2Wq8Kt4Hn7Mb3Vc6Lp9Aa\n")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "first")
    first = git(root, "rev-parse", "HEAD")
    (root / ".env").unlink()
    (root / "billing.py").write_text('import os\n\nimport stripe\n\nstripe.api_key = os.environ["STRIPE_KEY"]\n')
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "remove secrets")
    return first


def run(root: Path, *extra: str) -> dict:
    result = CliRunner().invoke(main, ["scan", str(root), "--format", "json", "-q", *extra])
    assert result.exit_code in (0, 1), result.output
    assert SECRET not in result.output and STRIPE not in result.output
    return json.loads(result.output)


def test_deleted_secrets_are_reported_with_their_commit(tmp_path: Path) -> None:
    first = make_repo(tmp_path)
    found = {(f["rule_id"], f["location"]["path"], f["location"]["line"]) for f in run(tmp_path, "--history")["findings"]}
    assert found == {("OG104", ".env", 2), ("OG103", "billing.py", 3)}
    messages = [f["message"] for f in run(tmp_path, "--history")["findings"]]
    assert all(first[:12] in m for m in messages)


def test_without_history_the_clean_tree_is_clean(tmp_path: Path) -> None:
    make_repo(tmp_path)
    assert [f for f in run(tmp_path)["findings"] if f["rule_id"] in {"OG103", "OG104"}] == []


def test_not_a_repository_is_a_tool_error(tmp_path: Path) -> None:
    (tmp_path / "app.py").write_text("x = 1\n")
    result = CliRunner().invoke(main, ["scan", str(tmp_path), "--format", "json", "--history"])
    assert result.exit_code in (0, 1)
