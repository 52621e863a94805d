"""A faster PBKDF2 for the lab's own throw-away credentials.

Django's default (1,000,000 PBKDF2-SHA256 iterations in 5.x) costs about half a second per
hash on a small CI machine, and the lab hashes at start (the user's password, the clients'
secrets, since django-oauth-toolkit hashes them with Django's hashers) and again at every login
and token request. Its credentials are random and live for minutes, so the lab uses the same
algorithm with fewer iterations. Not a pattern to copy into an application.
"""

from __future__ import annotations

from django.contrib.auth.hashers import PBKDF2PasswordHasher


class LabPBKDF2PasswordHasher(PBKDF2PasswordHasher):
    algorithm = "lab_pbkdf2_sha256"
    iterations = 10_000
