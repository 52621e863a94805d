"""The lab: a real OIDC provider (django-oauth-toolkit) and relying party (mozilla-django-oidc)
on loopback, each LEAKY or HARDENED, for the live prober, the logs front and the demo.

    from oidcguard.lab import running_lab
    with running_lab("leaky") as lab:
        ...  # lab.provider_url, lab.rp_url, lab.log_path, lab.source_dir, lab.user, lab.password

Needs the ``lab`` extra (Django, django-oauth-toolkit, mozilla-django-oidc, ...); this module
itself imports none of it.
"""

from __future__ import annotations

from ._config import LabMode
from .runner import Lab, LabError, running_lab

__all__ = ["Lab", "LabError", "LabMode", "running_lab"]
