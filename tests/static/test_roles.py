"""Project.role_of: folder names that make a path development, and how narrowly they apply."""

from __future__ import annotations

import pytest

from oidcguard.static.project import Project, Role


@pytest.mark.parametrize(("rel", "role"), [
    ("docker/images/oidcprovider/fixtures.json", Role.DEVELOPMENT),  # tecken/socorro's local test IdP
    ("docker/oidcprovider/fixtures/clients.yaml", Role.DEVELOPMENT),
    ("dev/fixtures/clients.json", Role.DEVELOPMENT),
    ("local/idp/fixtures/apps.yaml", Role.DEVELOPMENT),
    # Only fixtures: a module under docker/ may be the production image's settings.
    ("docker/app/settings.py", Role.PRODUCTION),
    ("docker/app/oauth/views.py", Role.PRODUCTION),
    ("accounts/fixtures/clients.json", Role.PRODUCTION),
])
def test_local_stack_fixtures_are_development(rel: str, role: Role) -> None:
    assert Project(root="/nonexistent").role_of(rel) is role
