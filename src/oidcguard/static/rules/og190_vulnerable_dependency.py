"""OG190: pinned OIDC/JWT library versions with known token or secret exposure advisories."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from ...findings import Category, Confidence, Severity
from ...rules import Hit, rule
from ..project import Project


@dataclass(frozen=True, slots=True)
class Advisory:
    package: str  # normalised PyPI name
    fixed: tuple[int, ...]  # first version without the problem; affected: every version below it
    ids: str  # GHSA/CVE ids, or the changelog entry when the project published no advisory
    summary: str
    severity: Severity


# An offline table, real advisories only, limited to token/secret exposure and token validation.
ADVISORIES: tuple[Advisory, ...] = (
    Advisory("pyjwt", (2, 4, 0), "CVE-2022-29217, GHSA-ffqj-6fqr-9h24",
             "key confusion: an HS256 token signed with a public key is accepted when algorithms are not pinned",
             Severity.HIGH),
    Advisory("python-jose", (3, 4, 0), "CVE-2024-33663, GHSA-6c5p-j8vq-pqhj",
             "algorithm confusion with OpenSSH ECDSA and other public-key formats (forged HS256 tokens)",
             Severity.HIGH),
    Advisory("authlib", (1, 3, 1), "CVE-2024-37568, GHSA-5357-c2jx-v7qh",
             "algorithm confusion: HMAC verification with any asymmetric public key when no algorithm is given",
             Severity.HIGH),
    Advisory("social-auth-app-django", (5, 4, 1), "CVE-2024-32879, GHSA-2gr8-3wc7-xhj3",
             "case-insensitive uid matching on some databases lets one provider account log in as another",
             Severity.MEDIUM),
    Advisory("django-oauth-toolkit", (2, 0, 0), "django-oauth-toolkit CHANGELOG 2.0.0 (#1093)",
             "client secrets are stored in plaintext (hashed from 2.0.0): a database dump or the admin gives "
             "working client credentials", Severity.MEDIUM),
    Advisory("django-oauth-toolkit", (3, 4, 0), "django-oauth-toolkit CHANGELOG 3.4.0 (#1735)",
             "the rejected client secret is written to the oauth2_provider logger at DEBUG",
             Severity.LOW),
)


@rule(
    id="OG190",
    name="vulnerable-oidc-dependency",
    title="OIDC/JWT library version with a known token or secret exposure",
    category=Category.VULNERABLE_DEPENDENCY,
    severity=Severity.MEDIUM,
    confidence=Confidence.HIGH,
    cwe=(1395,),
    remediation="Upgrade the library to the fixed version named in the finding (and rotate client secrets that "
    "were stored or logged in plaintext).",
    subject="project",
)
def vulnerable_dependency(project: Project) -> Iterator[Hit]:
    """
    ## What it does
    Reads exact pins (`==`) from `requirements*.txt`, `pyproject.toml`, `setup.cfg`/`setup.py`,
    `Pipfile`, `Pipfile.lock`, `poetry.lock` and `uv.lock`, and compares them with an offline
    table of advisories that concern token validation or secret exposure:

    | package | fixed in | advisory | what |
    |---|---|---|---|
    | PyJWT | 2.4.0 | CVE-2022-29217 / GHSA-ffqj-6fqr-9h24 | key confusion (forged HS256 tokens) |
    | python-jose | 3.4.0 | CVE-2024-33663 / GHSA-6c5p-j8vq-pqhj | algorithm confusion |
    | Authlib | 1.3.1 | CVE-2024-37568 / GHSA-5357-c2jx-v7qh | algorithm confusion |
    | social-auth-app-django | 5.4.1 | CVE-2024-32879 / GHSA-2gr8-3wc7-xhj3 | case-insensitive uid match |
    | django-oauth-toolkit | 2.0.0 | CHANGELOG #1093 | client secrets stored in plaintext |
    | django-oauth-toolkit | 3.4.0 | CHANGELOG #1735 | client secrets written to DEBUG logs |

    ## Why is this bad?
    The application's own code can be flawless and still accept forged tokens or keep
    client secrets where a database dump or a log reader finds them.

    ## Example
        django-oauth-toolkit==1.7.1          # OG190: plaintext client secrets

    ## Use instead
        django-oauth-toolkit==3.4.0

    ## Known false positives
    Lower bounds (`>=`) and unpinned requirements are not judged: the installed version is
    unknown. The table is offline and only as current as this release of oidcguard.

    ## References
    - The advisories above (GitHub Advisory Database), django-oauth-toolkit CHANGELOG.md
    - CWE-1395: Dependency on Vulnerable Third-Party Component
    """
    for package, pin in sorted(project.pins.items()):
        if not pin.exact or pin.version is None:
            continue
        matching = [a for a in ADVISORIES if a.package == package and pin.version < a.fixed]
        if not matching:
            continue
        # One finding per pin: the worst advisory first, the others named after it.
        matching.sort(key=lambda a: -a.severity)
        fixed = ".".join(map(str, max(a.fixed for a in matching)))
        pinned = ".".join(map(str, pin.version))
        details = "; ".join(f"{a.summary} ({a.ids})" for a in matching)
        yield Hit(
            location=pin.location,
            message=f"{package} {pinned}: {details}; upgrade to {fixed} or later",
            severity=matching[0].severity,
            anchor=f"{package}:{','.join(a.ids for a in matching)}",
        )
