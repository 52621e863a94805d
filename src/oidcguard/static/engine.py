"""`oidcguard scan`: walk a tree, parse each file once, resolve settings chains, run the rules.

Bad input never stops the run: unreadable, non-UTF-8, oversized or unparsable files and
crashing rules become `ToolError`s, and everything else is still scanned.
"""

from __future__ import annotations

import gc
import io
import multiprocessing
import os
import re
import stat
import time
import tokenize
from collections.abc import Callable, Iterable, Iterator
from io import BytesIO
from pathlib import Path

from ..config import Config
from ..findings import Finding, ToolError
from ..report import Report, Suppressed
from ..rules import Catalogue, Rule
from .context import ModuleSubject, SettingsContext
from .project import Project, SourceFile, imported_libraries

MAX_FILE_BYTES = 5 * 1024 * 1024  # generated files beyond this are skipped with a reason
# Non-Python files read for the model (pins, DJANGO_SETTINGS_MODULE) and for file rules.
_TEXT_NAMES = re.compile(
    r"(^\.env(\..*)?$|\.env$|^requirements.*\.(txt|in)$|^pyproject\.toml$|^setup\.(cfg|py)$|^Pipfile(\.lock)?$|"
    r"^(poetry|uv)\.lock$|^pytest\.ini$|^tox\.ini$|\.(json|ya?ml|ini|cfg|html|txt)$|^docker-compose.*|^Dockerfile)",
    re.I,
)
_NOQA = re.compile(r"#\s*noqa\s*:\s*(?P<codes>[A-Z]+[0-9]+(?:\s*,\s*[A-Z]+[0-9]+)*)", re.I)


_SKIP_FOLDERS = frozenset({".git", "node_modules", "__pycache__", ".venv", "venv", ".tox"})


def iter_files(root: Path, config: Config, errors: list[ToolError]) -> Iterator[tuple[str, str]]:
    """(path, project-relative POSIX path) of the files under root, minus excludes.

    Symlinked folders are not followed (no loops). Plain strings, not Path objects: building a
    Path per file costs more than parsing many of them.
    """
    if root.is_file():
        yield os.fspath(root), root.name
        return
    top = os.fspath(root)

    def unreadable(exc: OSError) -> None:
        where = os.path.relpath(exc.filename, top).replace(os.sep, "/") if exc.filename else "."
        errors.append(ToolError(where, f"cannot list folder: {exc.strerror}"))

    for folder, dirs, names in os.walk(top, followlinks=False, onerror=unreadable):
        rel_folder = os.path.relpath(folder, top)
        prefix = "" if rel_folder == "." else rel_folder.replace(os.sep, "/") + "/"
        dirs[:] = sorted(d for d in dirs if d not in _SKIP_FOLDERS and not config.excluded(f"{prefix}{d}/"))
        for name in sorted(names):
            rel = prefix + name
            if not config.excluded(rel):
                yield os.path.join(folder, name), rel


def read_source(path: str | Path, rel: str, errors: list[ToolError]) -> SourceFile | None:
    path = os.fspath(path)
    name = os.path.basename(path)
    is_python = name.endswith(".py")
    if not is_python and not _TEXT_NAMES.search(name):
        return None
    try:
        info = os.lstat(path)
        if stat.S_ISLNK(info.st_mode):
            info = os.stat(path)  # a file symlink: follow once; a dangling or looping one raises
        if not stat.S_ISREG(info.st_mode):
            return None
        if info.st_size > MAX_FILE_BYTES:
            errors.append(ToolError(rel, f"skipped: {info.st_size / 1e6:.1f} MB is over the "
                                         f"{MAX_FILE_BYTES // (1024 * 1024)} MB limit for one file"))
            return None
        with open(path, "rb") as handle:
            data = handle.read()
    except OSError as exc:
        errors.append(ToolError(rel, f"cannot read: {exc.strerror or exc}"))
        return None
    if b"\x00" in data[:8192]:
        if is_python:
            errors.append(ToolError(rel, "skipped: binary content (NUL bytes)"))
        return None
    try:
        if is_python:
            encoding, _ = tokenize.detect_encoding(BytesIO(data).readline)
            text = data.decode(encoding)
        else:
            text = data.decode("utf-8")
    except (UnicodeDecodeError, SyntaxError, LookupError) as exc:
        errors.append(ToolError(rel, f"skipped: not valid text in its declared encoding ({exc.__class__.__name__})"))
        return None
    return SourceFile(rel, text, is_python=is_python)


def build_project(root: Path, config: Config, errors: list[ToolError]) -> Project:
    project = Project(root=str(root), dev_globs=config.development_settings, prod_globs=config.production_settings)
    if config.settings_module:
        project.declared_settings_modules.add(config.settings_module)
    for path, rel in iter_files(root, config, errors):
        source = read_source(path, rel, errors)
        if source is not None:
            project.files[rel] = source
    project.discover()
    project.libraries |= imported_libraries(f.text for f in project.files.values() if f.is_python)
    return project


Progress = Callable[[int, int], None]  # (files done, files in all)


def scan_project(path: Path, config: Config, catalogue: Catalogue, *, progress: Progress | None = None) -> Report:
    started = time.perf_counter()
    root = path if path.is_dir() else path.parent
    report = Report(front="scan", target=str(path))
    if path.is_file():
        project = Project(root=str(root))
        source = read_source(path, path.name, report.errors)
        if source is not None:
            project.files[path.name] = source
        project.discover()
        project.libraries |= imported_libraries(f.text for f in project.files.values() if f.is_python)
    else:
        project = build_project(path, config, report.errors)
    report.files_scanned = len(project.files)
    rules = [r for r in catalogue if r.front == "static" and config.wants_rule(r.id, r.category)]
    # Every file's tree stays alive until its rules ran; the cyclic collector would keep walking
    # that growing heap for nothing (ASTs hold no cycles): about half the scan's CPU time.
    collecting = gc.isenabled()
    gc.disable()
    try:
        findings = list(run_rules(project, rules, report.errors, show_secrets=config.show_secrets,
                                  jobs=config.jobs, progress=progress))
    finally:
        if collecting:
            gc.enable()
    kept, suppressed = apply_noqa(findings, project, report.notes, catalogue.ids())
    report.findings = kept
    report.suppressed = suppressed
    report.duration_s = time.perf_counter() - started
    return report


# Below this many Python files a process pool costs more than it saves.
PARALLEL_MIN_FILES = 300

# Set in the parent just before forking, read by the workers (fork start method: no pickling of
# the project, its parsed settings modules or the rules).
_WORK: tuple[Project, list[Rule], bool] | None = None


def run_rules(project: Project, rules: list[Rule], errors: list[ToolError], *,
              show_secrets: bool = False, jobs: int | None = None, progress: Progress | None = None
              ) -> Iterator[Finding]:
    best: dict[tuple[str, str | None, int | None, str], Finding] = {}

    def keep(found: Iterable[Finding]) -> None:
        # One finding per (rule, place, secret): the chain with the highest severity wins.
        for f in found:
            key = (f.rule_id, f.location.path, f.location.line, f.secret_hash or f.message)
            if key not in best or f.severity > best[key].severity:
                best[key] = f

    contexts = [SettingsContext.from_chain(chain, project) for chain in project.chains]
    for rule_ in rules:
        if "settings" in rule_.subjects:
            for ctx in contexts:
                keep(_safe_run(rule_, ctx, ctx.name or project.root, errors, show_secrets))
        if "project" in rule_.subjects:
            keep(_safe_run(rule_, project, project.root, errors, show_secrets))
    file_rules = [r for r in rules if "module" in r.subjects or "file" in r.subjects]
    rels = sorted(project.files)
    workers = _workers(jobs, sum(1 for f in project.files.values() if f.is_python))
    if workers > 1:
        global _WORK
        _WORK = (project, file_rules, show_secrets)
        try:
            ctx_fork = multiprocessing.get_context("fork")
            chunks = [rels[i::workers * 4] for i in range(workers * 4)]
            done = 0
            with ctx_fork.Pool(workers) as pool:
                for chunk, (found, failed) in zip(chunks, pool.imap(_run_files_worker, chunks), strict=True):
                    keep(found)
                    errors.extend(failed)
                    done += len(chunk)
                    if progress is not None:
                        progress(done, len(rels))
        finally:
            _WORK = None
    else:
        step = max(1, len(rels) // 100)
        for start in range(0, len(rels), step):
            found, failed = _run_files(project, file_rules, rels[start:start + step], show_secrets)
            keep(found)
            errors.extend(failed)
            if progress is not None:
                progress(min(start + step, len(rels)), len(rels))
    yield from sorted(best.values(), key=Finding.sort_key)


def _workers(jobs: int | None, python_files: int) -> int:
    if jobs is not None:
        return max(1, jobs)
    if python_files < PARALLEL_MIN_FILES or "fork" not in multiprocessing.get_all_start_methods():
        return 1
    return max(1, min(os.cpu_count() or 1, 8))


def _run_files_worker(rels: list[str]) -> tuple[list[Finding], list[ToolError]]:
    assert _WORK is not None
    project, rules, show = _WORK
    return _run_files(project, rules, rels, show)


def _run_files(project: Project, rules: list[Rule], rels: list[str],
               show: bool) -> tuple[list[Finding], list[ToolError]]:
    """Parse each Python file (once: `SourceFile.tree` caches) and run the module and file rules."""
    found: list[Finding] = []
    errors: list[ToolError] = []
    for rel in rels:
        source = project.files[rel]
        subject = ModuleSubject(source, project)
        if source.is_python:
            if source.tree is None:
                errors.append(ToolError(rel, source.parse_error or "cannot parse Python"))
                continue
            for rule_ in rules:
                if "module" in rule_.subjects:
                    found.extend(_safe_run(rule_, subject, rel, errors, show))
        else:
            for rule_ in rules:
                if "file" in rule_.subjects:
                    found.extend(_safe_run(rule_, subject, rel, errors, show))
    return found, errors


def _safe_run(rule_: Rule, subject: object, where: str, errors: list[ToolError], show: bool) -> list[Finding]:
    try:
        return list(rule_.run(subject, show_secrets=show))
    except Exception as exc:  # noqa: BLE001 - a crashing rule is a tool error for that subject only
        errors.append(ToolError(where, f"rule {rule_.id} failed: {exc.__class__.__name__}: {exc}"))
        return []


def apply_noqa(findings: list[Finding], project: Project, notes: list[ToolError],
               known_ids: frozenset[str] = frozenset()) -> tuple[list[Finding], list[Suppressed]]:
    """`# noqa: OG101` on a finding's line (or any line of its statement) suppresses it.

    Only real comments count (read with `tokenize` in Python files, so a `# noqa` inside a string
    or docstring is text). A bare `# noqa` does not suppress: it is meant for other linters and
    must not hide a leaked secret. A `noqa` naming an OG code that does not fire there, or that
    does not exist, is reported as a note.
    """
    directives: dict[str, dict[int, set[str]]] = {}
    for source in project.files.values():
        if "noqa" in source.text:
            found = _noqa_comments(source)
            if found:
                directives[source.rel] = found
    kept: list[Finding] = []
    suppressed: list[Suppressed] = []
    used: set[tuple[str, int, str]] = set()
    for f in findings:
        lines = directives.get(f.location.path or "", {})
        hit = False
        if lines and f.location.line:
            for n in range(f.location.line, (f.location.end_line or f.location.line) + 1):
                if f.rule_id in lines.get(n, ()):
                    used.add((f.location.path or "", n, f.rule_id))
                    hit = True
        if hit:
            suppressed.append(Suppressed(f, "noqa"))
        else:
            kept.append(f)
    for rel, lines in sorted(directives.items()):
        for n, codes in sorted(lines.items()):
            for code in sorted(codes):
                if (rel, n, code) in used:
                    continue
                why = "no such rule" if known_ids and code not in known_ids else f"{code} does not fire here"
                notes.append(ToolError(f"{rel}:{n}", f"unused suppression: {why}"))
    return kept, suppressed


def _noqa_comments(source: SourceFile) -> dict[int, set[str]]:
    """Line → OG codes named in `# noqa:` comments of that line."""
    comments: list[tuple[int, str]] = []
    if source.is_python:
        try:
            for token in tokenize.generate_tokens(io.StringIO(source.text).readline):
                if token.type == tokenize.COMMENT and "noqa" in token.string:
                    comments.append((token.start[0], token.string))
        except (tokenize.TokenError, SyntaxError, ValueError):
            comments = [(n, line) for n, line in enumerate(source.lines, 1) if "noqa" in line]
    else:
        comments = [(n, line) for n, line in enumerate(source.lines, 1) if "noqa" in line]
    found: dict[int, set[str]] = {}
    for n, text in comments:
        for m in _NOQA.finditer(text):
            codes = {c for c in re.split(r"\s*,\s*", m.group("codes").upper()) if c.startswith("OG")}
            if codes:
                found.setdefault(n, set()).update(codes)
    return found
