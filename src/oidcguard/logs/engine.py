"""The logs engine: stream, prefilter, classify, aggregate once per secret, optionally redact.

    blocks of whole lines (8 MiB)  →  one combined prefilter pass  →  candidate lines only
      →  decoded views (JSON, URL)  →  rules OG301–OG306 in priority order  →  one claim per secret
      →  aggregate (count, first and last file:line)  →  findings

Big plain files are split into byte ranges aligned on line starts and scanned by `--jobs`
processes; the ranges' partial results are merged in file order, so line numbers, counts and
first/last locations do not depend on the number of jobs.
"""

from __future__ import annotations

import codecs
import gzip
import os
import time
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field, replace
from multiprocessing import get_context
from pathlib import Path, PurePosixPath
from typing import BinaryIO
from urllib.parse import quote

from .. import shapes
from ..findings import Finding, Severity, ToolError
from ..report import Report
from ..rules import Hit, Rule
from . import layouts, prefilter
from .contexts import BASIC_RE, decode_basic
from .model import KnownSecrets, LogLine
from .rules import (
    og301_jwt,
    og302_auth_header,
    og303_oauth_param,
    og304_own_secret,
    og305_known_format,
    og306_error_report_meta,
)
from .sources import READ_ERRORS, STDIN, Overlong, Reader, Source, blocks, discover

# Which rule claims a secret several rules see: the app's own secret names its setting; an error
# report is the more specific story; a JWT's claims say more than the header or parameter it sat in.
PRIORITY = (
    og304_own_secret, og306_error_report_meta, og301_jwt, og302_auth_header, og303_oauth_param,
    og305_known_format,
)
BLOCK_SIZE = 8 << 20
MAX_LINE = 1 << 20  # a log line longer than 1 MiB is junk or an attack on the scanner: skipped, reported
SPLIT_MIN = 48 << 20
MAX_DISTINCT = 100_000  # ~1 KB each while the run lasts: bounded memory on hostile or huge logs
_PEM_BEGIN = b"PRIVATE KEY-----"  # below this a second process costs more than it saves


def rules_in_priority() -> tuple[Rule, ...]:
    found = []
    for module in PRIORITY:
        found.extend(v for v in vars(module).values() if isinstance(v, Rule))
    return tuple(found)


def rule_anchors() -> tuple[tuple[str, ...], ...]:
    """Each rule's prefilter anchors, in `PRIORITY` order (the index is the rule's bit)."""
    return tuple(module.ANCHORS for module in PRIORITY)


@dataclass(frozen=True, slots=True)
class LogOptions:
    known: KnownSecrets = KnownSecrets()
    jobs: int = 1
    redact_to: Path | None = None
    now: float = 0.0  # 0: the time the run starts
    show_secrets: bool = False
    exclude: tuple[str, ...] = ()
    engine: str = "auto"  # prefilter: "auto" (hyperscan if importable), "hyperscan", "re"
    block_size: int = BLOCK_SIZE
    max_line: int = MAX_LINE
    max_distinct: int = MAX_DISTINCT  # distinct secrets listed per file (or file range)


@dataclass(slots=True)
class Tally:
    """One distinct secret across the run (kept in memory only while the run lasts)."""

    priority: int
    rule_id: str
    hit: Hit
    severity: Severity
    count: int
    first: tuple[str, int]
    last: tuple[str, int]
    layout: str = ""  # of the first occurrence's line

    def absorb(self, other: Tally) -> None:
        """Merge a later sighting (`other` comes after `self` in input order)."""
        if other.priority < self.priority:
            self.priority, self.rule_id = other.priority, other.rule_id
            self.hit = replace(other.hit, location=self.hit.location)
        self.severity = max(self.severity, other.severity)
        self.count += other.count
        self.last = other.last


@dataclass(slots=True)
class UnitResult:
    index: int
    tallies: dict[str, Tally] = field(default_factory=dict)  # line numbers relative to the unit
    lines: int = 0
    bytes: int = 0
    errors: list[ToolError] = field(default_factory=list)
    engine: str = ""


@dataclass(frozen=True, slots=True)
class Unit:
    index: int
    source: Source
    start: int = 0
    end: int | None = None  # None: to the end
    part: int = 0  # which range of a split file


# One prefilter per process, built on first use (hyperscan databases are not picklable).
_PREFILTERS: dict[tuple[str, KnownSecrets], prefilter.Prefilter] = {}


def _prefilter(options: LogOptions) -> prefilter.Prefilter:
    key = (options.engine, options.known)
    if key not in _PREFILTERS:
        anchors = prefilter.anchors_for(rule_anchors(), options.known, own=PRIORITY.index(og304_own_secret))
        _PREFILTERS[key] = prefilter.build(anchors, engine=options.engine)
    return _PREFILTERS[key]


class _Scanner:
    """Scans one unit (a file, a range of one, or stdin); optionally writes its redacted copy."""

    def __init__(self, unit: Unit, options: LogOptions, out: BinaryIO | None) -> None:
        self.unit = unit
        self.options = options
        self.out = out
        self.rules = rules_in_priority()
        self.filter = _prefilter(options)
        self.result = UnitResult(unit.index, engine=self.filter.engine)
        self._reported: set[str] = set()
        self.now = options.now or time.time()

    def error(self, kind: str, reason: str) -> None:
        if kind not in self._reported:  # one error of each kind per file, not one per line
            self._reported.add(kind)
            self.result.errors.append(ToolError(self.unit.source.display, reason))

    def run(self, stdin: BinaryIO | None = None, progress: Callable[[int], None] | None = None) -> UnitResult:
        src = self.unit.source
        try:
            stream = Reader(src, stdin).open(self.unit.start)
        except OSError as exc:
            self.error("open", f"cannot read: {exc.strerror or exc}")
            return self.result
        limit = None if self.unit.end is None else self.unit.end - self.unit.start
        first = True
        try:
            with stream if src.path != STDIN else _NoClose(stream):
                for block in blocks(stream.read, limit=limit, block_size=self.options.block_size,
                                    max_line=self.options.max_line):
                    if isinstance(block, Overlong):
                        self.result.lines += 1
                        self.error("overlong", f"line {self.result.lines} is {block.size} bytes long "
                                   f"(limit {self.options.max_line}); that line was skipped")
                        self.result.bytes += block.size + 1
                        if self.out is not None:
                            self.out.write(b"[oidcguard: overlong line not scanned, removed]\n")
                        continue
                    data, lo, hi = block.data, block.lo, block.hi
                    if first and self.unit.part == 0 and data.find(b"\x00", lo, min(hi, lo + 8192)) >= 0:
                        self.error("binary", "binary content (NUL bytes), not a text log: skipped")
                        return self.result
                    first = False
                    self.scan_block(data, lo, hi)
                    if progress is not None:
                        progress(hi - lo)
        except READ_ERRORS as exc:
            where = f"after line {self.result.lines}"
            self.error("read", f"read failed {where}: {exc}; the lines before it were scanned")
        except Exception as exc:  # noqa: BLE001 - a bug must cost one file, not the run
            self.error("internal", f"internal error after line {self.result.lines}: {type(exc).__name__}; "
                       "the lines before it were scanned")
        return self.result

    def scan_block(self, data: bytes, lo: int, hi: int) -> None:
        """Scan the whole lines `data[lo:hi]` (offsets, not a slice: the read buffer is not copied)."""
        base = self.result.lines
        self.result.bytes += hi - lo
        if not data.isascii():
            try:
                codecs.utf_8_decode(memoryview(data)[lo:hi], "strict", True)
            except UnicodeDecodeError as exc:
                bad = base + data.count(b"\n", lo, lo + exc.start) + 1
                self.error("utf8", f"invalid UTF-8 at line {bad}; scanned with the bytes kept as they are")
        pieces: list[bytes] = []
        pos = lo
        line_no, counted_to = base + 1, lo
        max_line = self.options.max_line
        for start, mask in self.filter.line_starts(data):
            if start < lo or start >= hi:
                continue  # a line cut by the read: it comes again, whole, in its seam block
            line_no += data.count(b"\n", counted_to, start)
            counted_to = start
            end = data.find(b"\n", start, hi)
            if end < 0:
                end = hi
            if end - start > max_line:
                self.error("overlong", f"line {line_no} is {end - start} bytes long "
                           f"(limit {max_line}); that line was skipped")
                if self.out is not None:
                    pieces.append(data[pos:start])
                    pieces.append(b"[oidcguard: overlong line not scanned, removed]")
                    pos = end
                continue
            if start < pos:
                continue  # inside a private key block already masked below
            raw = data[start:end]
            masked = self.scan_line(raw, line_no, mask)
            if self.out is not None and masked is not None:
                pieces.append(data[pos:start])
                pieces.append(masked)
                pos = end
                if _PEM_BEGIN in raw:
                    # A PEM private key spans lines; only its BEGIN line matched. Mask the base64
                    # body up to the END line (RFC 7468 §2), keeping the line count.
                    stop = data.find(b"-----END", end, hi)
                    if stop >= 0:
                        body_end = data.rfind(b"\n", end, stop) + 1
                        body = data[end:body_end]
                        pieces.append(b"\n".join(b"[oidcguard: private key line removed]" if line else line
                                                 for line in body.split(b"\n")))
                        pos = body_end
        # Count each newline once: up to the last candidate above, the rest here.
        ends_line = data[hi - 1: hi] == b"\n"
        self.result.lines = line_no - 1 + data.count(b"\n", counted_to, hi) + (0 if ends_line else 1)
        if self.out is not None:
            if pos == lo:
                self.out.write(memoryview(data)[lo:hi])
            else:
                pieces.append(data[pos:hi])
                self.out.write(b"".join(pieces))

    def scan_line(self, raw: bytes, line_no: int, mask: int = -1) -> bytes | None:
        """Classify one candidate line; returns its redacted bytes if it holds a secret."""
        text = raw.decode("utf-8", "surrogateescape")
        if text.endswith("\r"):
            text = text[:-1]
        layout = layouts.layout_of(text)
        line = LogLine(self.unit.source.display, line_no, text, self.options.known, self.now, layout,
                       layouts.views(text, layout))
        claims: dict[str, tuple[int, str, Hit, int]] = {}
        for priority, rule_ in enumerate(self.rules):
            if not mask >> priority & 1:
                continue  # none of this rule's anchors is on the line: it cannot fire
            try:
                hits = list(rule_.check(line))
            except Exception as exc:  # noqa: BLE001 - a crashing rule is a tool error, the run goes on
                self.error(f"rule-{rule_.id}", f"rule {rule_.id} failed at line {line_no}: {exc!r}")
                continue
            seen: dict[str, tuple[Hit, int]] = {}
            for hit in hits:
                if hit.secret:
                    best, n = seen.get(hit.secret, (hit, 0))
                    seen[hit.secret] = (best, n + 1)
            for secret, (hit, n) in seen.items():
                if secret in claims:
                    p, rid, h, c = claims[secret]
                    claims[secret] = (p, rid, h, max(c, n))  # the same occurrences, seen again
                else:
                    claims[secret] = (priority, rule_.id, hit, n)
        if not claims:
            return None
        if len(claims) > 1:
            # A decoded view can cut a value short (`%23` decodes to `#`, where a value ends):
            # a secret that is part of a longer one found on the same line is that one, not another.
            longer = sorted(claims, key=len, reverse=True)
            for secret in list(claims):
                if any(len(other) > len(secret) and secret in other for other in longer):
                    del claims[secret]
        tallies = self.result.tallies
        where = (line.path, line_no)
        for secret, (priority, rule_id, hit, n) in claims.items():
            tally = Tally(priority, rule_id, hit, hit.severity or Severity.HIGH, n, where, where, layout)
            if secret in tallies:
                tallies[secret].absorb(tally)
            elif len(tallies) < self.options.max_distinct:
                tallies[secret] = tally
            else:
                # Memory stays bounded even when every request carries a fresh token; the
                # redacted copy still masks them all.
                self.error("distinct", f"more than {self.options.max_distinct} distinct secrets; from line "
                           f"{line_no} on, new ones are masked in --redact-to copies but not listed")
        if self.out is None:
            return None
        return mask_line(text, claims.keys(), self.options.known).encode("utf-8", "surrogateescape") + (
            b"\r" if raw.endswith(b"\r") else b"")


class _NoClose:
    def __init__(self, stream: BinaryIO) -> None:
        self.stream = stream

    def __enter__(self) -> BinaryIO:
        return self.stream

    def __exit__(self, *exc: object) -> None:
        return None


def written_forms(secret: str, known: KnownSecrets) -> set[str]:
    """Every way `secret` may be spelled in a line: raw, percent-encoded, JSON-escaped, own forms."""
    forms = {secret, quote(secret, safe=""), quote(secret, safe="/"), quote(secret, safe="/+=")}
    forms.add(secret.replace("/", "\\/").replace('"', '\\"'))
    forms.update(f.text for f in known.forms if f.secret.value == secret)
    return {f for f in forms if f}


def mask_line(text: str, secrets: Iterable[str], known: KnownSecrets) -> str:
    """The line with every spelling of each secret replaced by its `redact()` preview."""
    secrets = list(secrets)
    targets: dict[str, str] = {}
    for secret in secrets:
        preview = shapes.redact(secret)
        for form in written_forms(secret, known):
            targets.setdefault(form, preview)
    # Basic credentials whose decoded password is one of the secrets (an own secret sent with a
    # client id we were not told about).
    wanted = set(secrets)
    for m in BASIC_RE.finditer(text):
        creds = decode_basic(m.group("value"))
        if creds is not None and creds.password in wanted:
            targets.setdefault(m.group("value"), shapes.redact(creds.password))
    for form in sorted(targets, key=len, reverse=True):
        if form in text:
            text = text.replace(form, targets[form])
    return text


# --------------------------------------------------------------------------------------------
# Orchestration


def _redact_path(root: Path, source: Source) -> Path:
    if source.path == STDIN:
        return root / "stdin.log"
    parts = [p for p in PurePosixPath(source.display).parts if p not in {"/", "..", "."}]
    return root.joinpath(*parts) if parts else root / "input.log"


def _units(sources: Sequence[Source], options: LogOptions) -> list[Unit]:
    units: list[Unit] = []
    for source in sources:
        pieces = 1
        if options.jobs > 1 and options.redact_to is None and source.splittable and source.size >= SPLIT_MIN:
            pieces = min(options.jobs, max(2, source.size // (SPLIT_MIN // 2)))
        if pieces == 1:
            units.append(Unit(len(units), source))
            continue
        bounds = _line_aligned_bounds(source, pieces)
        for part, (start, end) in enumerate(zip(bounds, bounds[1:], strict=False)):
            units.append(Unit(len(units), source, start, end, part))
    return units


def _line_aligned_bounds(source: Source, pieces: int) -> list[int]:
    """Cut points at line starts, so each line belongs to exactly one range."""
    bounds = [0]
    with open(source.path, "rb") as fh:
        for i in range(1, pieces):
            target = source.size * i // pieces
            if target <= bounds[-1]:
                continue
            fh.seek(target - 1)
            # Read to the end of the line that holds byte target-1; the next line starts a range.
            skipped = 0
            while True:
                chunk = fh.read(1 << 16)
                if not chunk:
                    break
                cut = chunk.find(b"\n")
                if cut >= 0:
                    skipped += cut + 1
                    break
                skipped += len(chunk)
            point = target - 1 + skipped
            if bounds[-1] < point < source.size:
                bounds.append(point)
    bounds.append(source.size)
    return bounds


def _run_unit(unit: Unit, options: LogOptions) -> UnitResult:
    """Worker entry point (also used in-process)."""
    out: BinaryIO | None = None
    target: Path | None = None
    refused: ToolError | None = None
    if options.redact_to is not None:
        target = _redact_path(options.redact_to, unit.source)
        if target.exists() and os.path.samefile(target, unit.source.path):
            refused = ToolError(unit.source.display, "--redact-to would overwrite the input: no copy written")
            target = None
        else:
            try:
                target.parent.mkdir(parents=True, exist_ok=True)
                partial = target.with_name(target.name + ".oidcguard-partial")
                out = gzip.open(partial, "wb") if unit.source.gzip else open(partial, "wb")  # type: ignore[assignment]
            except OSError as exc:
                refused = ToolError(unit.source.display, f"cannot write the redacted copy: {exc.strerror or exc}")
                target = None
    try:
        result = _Scanner(unit, options, out).run()
    finally:
        if out is not None:
            out.close()
    if refused is not None:
        result.errors.insert(0, refused)
    if out is not None and target is not None:
        partial = target.with_name(target.name + ".oidcguard-partial")
        if any(e.reason.startswith("binary") or e.reason.startswith("cannot read") for e in result.errors):
            partial.unlink(missing_ok=True)  # nothing trustworthy to share
        else:
            partial.replace(target)
    return result


def scan_logs(
    inputs: Sequence[str],
    options: LogOptions = LogOptions(),
    *,
    stdin: BinaryIO | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> Report:
    """Scan log files, folders or stdin (`-`) and return one report, one finding per secret."""
    started = time.perf_counter()
    options = replace(options, now=options.now or time.time())
    report = Report(front="logs", target=" ".join(inputs))
    sources, errors = discover(inputs, options.exclude)
    report.errors.extend(errors)
    units = _units(sources, options)
    total = sum(s.size for s in sources)
    done = 0

    def tick(n: int) -> None:
        nonlocal done
        done += n
        if progress is not None:
            progress(min(done, total) if total else done, total)

    results: list[UnitResult] = []
    parallel = [u for u in units if u.source.path != STDIN]
    if options.jobs > 1 and len(parallel) > 1 and sum(u.source.size for u in parallel) >= SPLIT_MIN:
        workers = min(options.jobs, len(parallel))
        _prefilter(options)  # compiled once here; the forked workers inherit it
        with ProcessPoolExecutor(workers, mp_context=get_context("fork")) as pool:
            futures = [pool.submit(_run_unit, u, options) for u in parallel]
            for u in units:
                if u.source.path == STDIN:
                    results.append(_run_stdin(u, options, stdin, tick))
            for fut, u in zip(futures, parallel, strict=True):
                try:
                    res = fut.result()
                except Exception as exc:  # noqa: BLE001 - a worker that died costs its range only
                    res = UnitResult(u.index, errors=[ToolError(u.source.display,
                                                                f"worker failed: {type(exc).__name__}")])
                tick(u.source.size if u.end is None else u.end - u.start)
                results.append(res)
    else:
        for u in units:
            if u.source.path == STDIN:
                results.append(_run_stdin(u, options, stdin, tick))
            else:
                results.append(_run_unit(u, options) if progress is None else _run_with_progress(u, options, tick))
    results.sort(key=lambda r: r.index)
    report.findings = _merge(units, results, options, report)
    # A file counts as scanned unless it could not be opened or was skipped as binary.
    fatal = {e.path for r in results for e in r.errors if e.reason.startswith(("cannot read", "binary"))}
    report.files_scanned = len({u.source.display for u in units} - fatal)
    report.duration_s = time.perf_counter() - started
    return report


def _run_with_progress(unit: Unit, options: LogOptions, tick: Callable[[int], None]) -> UnitResult:
    if options.redact_to is not None:
        return _run_unit(unit, options)
    return _Scanner(unit, options, None).run(progress=tick)


def _run_stdin(unit: Unit, options: LogOptions, stdin: BinaryIO | None,
               tick: Callable[[int], None]) -> UnitResult:
    import sys

    stream = stdin if stdin is not None else sys.stdin.buffer
    out: BinaryIO | None = None
    if options.redact_to is not None:
        target = _redact_path(options.redact_to, unit.source)
        target.parent.mkdir(parents=True, exist_ok=True)
        out = open(target, "wb")  # noqa: SIM115
    try:
        return _Scanner(unit, options, out).run(stdin=stream, progress=tick)
    finally:
        if out is not None:
            out.close()


def _merge(units: Sequence[Unit], results: Sequence[UnitResult], options: LogOptions,
           report: Report) -> list[Finding]:
    total: dict[str, Tally] = {}
    offset: dict[str, int] = {}
    for unit, res in zip(units, results, strict=True):
        report.errors.extend(_shift_errors(res.errors, offset.get(unit.source.display, 0)))
        shift = offset.get(unit.source.display, 0)
        for secret, t in res.tallies.items():
            if shift:
                t.first = (t.first[0], t.first[1] + shift)
                t.last = (t.last[0], t.last[1] + shift)
                loc = t.hit.location
                t.hit = replace(t.hit, location=replace(loc, line=(loc.line or 0) + shift))
            if secret in total:
                total[secret].absorb(t)
            else:
                total[secret] = t
        offset[unit.source.display] = shift + res.lines
    by_id = {r.id: r for r in rules_in_priority()}
    findings = []
    for secret, t in total.items():
        hit = replace(
            t.hit,
            secret=secret,
            severity=t.severity,
            extra=t.hit.extra + ((("layout", t.layout),) if t.layout else ()) + (
                ("count", t.count), ("first", f"{t.first[0]}:{t.first[1]}"), ("last", f"{t.last[0]}:{t.last[1]}"),
            ),
        )
        findings.append(by_id[t.rule_id].finding(hit, show_secrets=options.show_secrets))
    return sorted(findings, key=Finding.sort_key)


def _shift_errors(errors: list[ToolError], shift: int) -> list[ToolError]:
    if not shift:
        return errors
    import re

    def bump(m: re.Match[str]) -> str:
        return f"{m.group(1)} {int(m.group(2)) + shift}"

    return [ToolError(e.path, re.sub(r"(line) (\d+)", bump, e.reason)) for e in errors]


__all__ = ["LogOptions", "mask_line", "rules_in_priority", "scan_logs"]
