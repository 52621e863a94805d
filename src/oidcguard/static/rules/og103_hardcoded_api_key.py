"""OG103: API keys, tokens and private keys written into code, by known format or by name and entropy."""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator

from ...findings import Category, Confidence, Severity
from ...rules import Hit, rule
from ...shapes import (
    CLIENT_SECRET_NAME,
    SECRET_NAME,
    find_known,
    has_known,
    is_secret_candidate,
    looks_fake,
    shannon_entropy,
)
from ..context import ModuleSubject
from ..dataflow import code_role, const_str, dotted, module_index, scaled

# Names that describe a secret rather than hold one (token_type, TOKEN_ENDPOINT, SECRET_HEADER_NAME).
_DESCRIPTOR = re.compile(
    r"ENDPOINT|URL|URI|PATH|TYPE|EXPIR|LIFETIME|SECONDS|_AGE$|NAME|HEADER|FIELD|LENGTH|SIZE|METHOD|ALGO|"
    r"^USE_|_USE_|CLASS|BACKEND|KID$|_ID$|PARAM|FALLBACKS|STORE|_FILE$|_DIR$|CACHE|HASH|PREFIX|COOKIE|TIMEOUT|"
    r"VALIDATOR|SCOPE|GENERATOR|HASHER|KEYS$|_HINT$|_COUNT$|_RE$|_REGEX$|PATTERN|FORMAT|_MODEL$|_KEY_FUNC|"
    r"_ENV$|_VAR$|_SETTING$|^NUM_|^MAX_|^MIN_|_LABEL$|_TEXT$|_MSG$|_MESSAGE$|_ERROR$|_TEMPLATE$|_FIELDS$",
    re.I,
)
# Names other rules own: OG101 client secrets, OG102 SECRET_KEY.
# A secret-looking name, then `=`/`:` and a string literal on the same line: the only shape the
# name + entropy check can match, tested on the whole text before any walk.
# Two steps, because a leading case-insensitive alternation is ~10x slower: find `= "<12+ chars>`, then
# look for the name just before it.
_LITERAL_AFTER = re.compile(r"""[:=][ \t]*[rbuRB]?['"][^'"\s]{12}""")
_NAME_BEFORE = re.compile(r"(?i)(secret|passw|token|api_?key|private_?key|credential|_cred\b|dsn)\w*['\"]?\s*$")


_NAME_WORDS = ("secret", "passw", "token", "api_key", "apikey", "private_key", "privatekey", "credential", "_cred",
               "dsn")


def _named_literal(text: str) -> bool:
    low = text.lower()
    if not any(word in low for word in _NAME_WORDS):
        return False
    for m in _LITERAL_AFTER.finditer(text):
        if _NAME_BEFORE.search(text, max(0, m.start() - 60), m.start()):
            return True
    return False
_NESTED_OG101 = frozenset({"secret", "client_secret", "secret_key"})
_OWNED_ELSEWHERE = re.compile(r"^SECRET_KEY$|^client_secret$", re.I)


@rule(
    id="OG103",
    name="hardcoded-api-key",
    title="API key, token or private key hard-coded",
    category=Category.HARDCODED_SECRET,
    severity=Severity.HIGH,
    confidence=Confidence.HIGH,
    cwe=(798,),
    remediation="Move the key to the environment or a secret store, and revoke/rotate the one in the repository "
    "at its issuer (a key in git history stays readable after it is deleted).",
    subject="module",
)
def hardcoded_api_key(subject: ModuleSubject) -> Iterator[Hit]:
    """
    ## What it does
    Flags string literals in Python code that are credentials:
    - by known format, whatever the name: cloud, VCS, chat and payment keys (AWS, GitHub,
      GitLab, Slack, Stripe, Google, SendGrid, Twilio, OpenAI), PEM private keys and valid JWTs
      (the shape catalogue in `oidcguard.shapes`);
    - by name and value: a variable, attribute, keyword argument or dict key named like a secret
      (`*_API_KEY`, `*_TOKEN`, `password=`, `private_key`) holding a literal that looks like key
      material (length, entropy, not a word or placeholder) — medium confidence.

    ## Why is this bad?
    Anyone with the repository, a built image or a wheel can use the key; deleting it later
    does not remove it from git history.

    ## Example
        SLACK_BOT_TOKEN = "xoxb-4821937465-9173648205-Kq7mZ2xV9pR4tW8nL3yB6cHj"   # OG103

    ## Use instead
        SLACK_BOT_TOKEN = os.environ["SLACK_BOT_TOKEN"]

    ## Known false positives
    The value decides, not the name: OAuth vocabulary (`token_type="Bearer"`,
    `grant_type="refresh_token"`, `"client_secret_basic"`), placeholders (`<token>`, `changeme`),
    values that announce themselves as fake (`test-...`, `example`), Django password hashes,
    dotted module paths (`"myapp.auth.TokenBackend"`), rate limits (`"20/m/ip,5/m/key"`) and
    names that describe a secret (`TOKEN_ENDPOINT`, `SECRET_HEADER_NAME`) are ignored. Client
    secrets are OG101 and `SECRET_KEY` is OG102. Tests are not scanned.

    ## References
    - CWE-798: Use of Hard-coded Credentials
    - detect-secrets and gitleaks rule sets (vendor prefixes)
    """
    source = subject.source
    role = code_role(source.rel, subject.project)
    if role is None:
        return
    text = source.text
    # Known formats: a cheap text prefilter on the prefixes the catalogue knows.
    known = has_known(text)
    named = _named_literal(text)
    if not known and not named:
        return
    index = module_index(source)
    if index is None:
        return
    seen: set[int] = set()
    # OG101 owns secrets nested in settings containers (SOCIALACCOUNT_PROVIDERS[...]["secret"]).
    settings_module = subject.project.is_settings_candidate(source)
    owned: set[int] = set()  # values of names OG101/OG102 report
    for scope in index.scopes:
        for node in scope.of(ast.Assign, ast.AnnAssign, ast.keyword):
            for name, value in _named_values(node):
                if _OWNED_ELSEWHERE.match(name.rsplit(".", 1)[-1]) or CLIENT_SECRET_NAME.search(name):
                    owned.add(id(value))
    for scope in index.scopes:
        for node in scope.of(ast.Constant, ast.Assign, ast.AnnAssign, ast.keyword, ast.Dict):
            if known and isinstance(node, ast.Constant) and id(node) not in owned and isinstance(node.value, str) \
                    and len(node.value) >= 16 and has_known(node.value):
                for match in find_known(node.value):
                    if looks_fake(match.value) or looks_fake(node.value):
                        continue
                    seen.add(id(node))
                    yield Hit(subject.location(node), f"{match.name} in code: revoke it and load it from the "
                              "environment", secret=match.value, severity=scaled(role, match.severity),
                              secret_kind=match.kind)
                    break
            if not named:
                continue
            for name, value in _named_values(node):
                if id(value) in seen or not _secret_name(name) or (
                        settings_module and isinstance(node, ast.Dict) and name.lower() in _NESTED_OG101):
                    continue
                literal = const_str(value)
                if literal is None or not is_secret_candidate(literal, min_length=12) or _wordy(literal):
                    continue
                seen.add(id(value))
                yield Hit(subject.location(value), f"{name} holds a literal that looks like key material: load it "
                          "from the environment", secret=literal, severity=scaled(role, Severity.MEDIUM),
                          confidence=Confidence.MEDIUM, secret_kind="api key")


_REGEX_CHARS = frozenset("()[]{}\\^$|")
_WORDS = re.compile(r"[\W_]*[A-Za-z]+(?:[\W_]+[A-Za-z]+)*[\W_]*")


# A dotted Python path ("oauth2_provider.resource_server.middleware", "myapp.auth.TokenBackend"):
# snake_case or CapWords segments. JWT segments (base64url) mix cases from the first letter and fail.
_DOTTED_PATH = re.compile(r"(?:[a-z_][a-z0-9_]*|[A-Z][A-Za-z0-9]*)(?:\.(?:[a-z_][a-z0-9_]*|[A-Z][A-Za-z0-9]*))+")
# Rate-limit specs (django-allauth, django-ratelimit, DRF throttles): "20/m/ip,5/m/key", "10/5m".
_RATE = r"\d+/\d*[a-z]+(?:/[a-z_]+)?"
_RATE_LIMIT = re.compile(rf"{_RATE}(?:\s*,\s*{_RATE})*", re.I)


def _wordy(value: str) -> bool:
    """Words and punctuation ("_password_reset_token", "CSRF token missing."), or prose: not key material."""
    if any(c.isspace() for c in value.strip()) or _WORDS.fullmatch(value):
        return True
    if _DOTTED_PATH.fullmatch(value) or _RATE_LIMIT.fullmatch(value):
        return True  # a module/class path or a rate limit under a token-named key
    if any(c in _REGEX_CHARS for c in value):
        return True  # a pattern (detect-secrets' own plugins: r'([a-z0-9]{64})'), not a key
    # Key material has digits, or is long and dense; a lone camelCase identifier is neither.
    return not any(c.isdigit() for c in value) and (len(value) < 20 or shannon_entropy(value) < 3.5)


def _secret_name(name: str) -> bool:
    bare = name.rsplit(".", 1)[-1]
    if _OWNED_ELSEWHERE.match(bare) or CLIENT_SECRET_NAME.search(bare):
        return False
    return bool(SECRET_NAME.search(bare)) and not _DESCRIPTOR.search(bare)


def _named_values(node: ast.AST) -> Iterator[tuple[str, ast.expr]]:
    if isinstance(node, ast.Assign):
        for target in node.targets:
            name = dotted(target)
            if name is not None:
                yield name, node.value
    elif isinstance(node, ast.AnnAssign) and node.value is not None:
        name = dotted(node.target)
        if name is not None:
            yield name, node.value
    elif isinstance(node, ast.keyword) and node.arg is not None:
        yield node.arg, node.value
    elif isinstance(node, ast.Dict):
        for key, value in zip(node.keys, node.values, strict=True):
            name = const_str(key)
            if name is not None:
                yield name, value
