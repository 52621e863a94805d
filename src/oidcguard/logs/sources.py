"""Log inputs: files, folders (recursively), stdin; plain or gzip, rotated names included.

Compression is recognised by its magic bytes, not the name, so `app.log.2.gz`, `app.log.1` and a
gzip stream on stdin all work. Reading is in large blocks cut at line ends: memory stays at one
block plus one line whatever the file size.
"""

from __future__ import annotations

import fnmatch
import gzip
import io
import os
import re
import zlib
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from ..findings import ToolError

GZIP_MAGIC = b"\x1f\x8b"
STDIN = "-"


@dataclass(frozen=True, slots=True)
class Source:
    path: str  # filesystem path, or "-" for stdin
    display: str  # what findings show (the path as given, POSIX separators)
    size: int  # bytes on disk (compressed size for gzip); 0 for stdin
    gzip: bool = False

    @property
    def splittable(self) -> bool:
        return not self.gzip and self.path != STDIN


def _natural(name: str) -> list[object]:
    # app.log, app.log.1, app.log.2.gz, app.log.10.gz: rotated files in numeric order.
    return [int(t) if t.isdigit() else t for t in re.split(r"(\d+)", name)]


def _is_gzip(path: str) -> bool:
    with open(path, "rb") as fh:
        return fh.read(2) == GZIP_MAGIC


def discover(inputs: Sequence[str], exclude: Sequence[str] = ()) -> tuple[list[Source], list[ToolError]]:
    """Expand the command-line inputs into sources; whatever cannot be read becomes an error."""
    sources: list[Source] = []
    errors: list[ToolError] = []
    for item in inputs:
        if item == STDIN:
            sources.append(Source(STDIN, "<stdin>", 0))
            continue
        path = Path(item)
        if path.is_dir():
            seen: set[tuple[int, int]] = set()

            def unlisted(exc: OSError, where: str = item) -> None:
                errors.append(ToolError(str(exc.filename or where), f"cannot list folder: {exc.strerror or exc}"))

            for folder, dirs, files in os.walk(path, followlinks=False, onerror=unlisted):
                dirs.sort(key=_natural)
                for name in sorted(files, key=_natural):
                    full = Path(folder, name)
                    rel = full.relative_to(path).as_posix()
                    if any(fnmatch.fnmatch(rel, pat) for pat in exclude):
                        continue
                    _add(full, full.as_posix(), sources, errors, seen)
        elif path.exists() or path.is_symlink():
            _add(path, path.as_posix(), sources, errors, set())
        else:
            errors.append(ToolError(item, "no such file or folder"))
    return sources, errors


def _add(path: Path, display: str, sources: list[Source], errors: list[ToolError],
         seen: set[tuple[int, int]]) -> None:
    try:
        st = path.stat()  # follows a symlink to a file; a loop or dangling link raises here
        if not path.is_file():
            return  # sockets, FIFOs, devices: never block on them
        key = (st.st_dev, st.st_ino)
        if key in seen:
            return  # the same file through two links
        seen.add(key)
        if not os.access(path, os.R_OK):
            raise PermissionError("permission denied")
        sources.append(Source(str(path), display, st.st_size, _is_gzip(str(path))))
    except OSError as exc:
        errors.append(ToolError(display, f"cannot read: {exc.strerror or exc}"))


class Reader:
    """Opens a source for block reading, optionally limited to a byte range of a plain file."""

    def __init__(self, source: Source, stdin: BinaryIO | None = None) -> None:
        self.source = source
        self._stdin = stdin

    def open(self, start: int = 0) -> BinaryIO:
        if self.source.path == STDIN:
            raw = self._stdin
            if raw is None:
                raise OSError("no standard input")
            buffered = raw if isinstance(raw, io.BufferedReader) else io.BufferedReader(raw)  # type: ignore[arg-type]
            if buffered.peek(2)[:2] == GZIP_MAGIC:
                return gzip.GzipFile(fileobj=buffered, mode="rb")  # type: ignore[return-value]
            return buffered
        if self.source.gzip:
            return gzip.open(self.source.path, "rb")  # type: ignore[return-value]
        fh = open(self.source.path, "rb")  # noqa: SIM115 - closed by the caller
        if start:
            fh.seek(start)
        return fh


# What reading a compressed stream can raise when it is truncated or corrupt.
READ_ERRORS: tuple[type[BaseException], ...] = (OSError, EOFError, zlib.error, gzip.BadGzipFile)


@dataclass(frozen=True, slots=True)
class Overlong:
    """A line longer than the limit: skipped (reported), its bytes never held in memory at once."""

    size: int


@dataclass(frozen=True, slots=True)
class Block:
    """Whole lines `data[lo:hi]` (each ends with b"\\n", except perhaps the very last line).

    The bytes around `lo:hi` belong to lines cut by the read; they are handed over again, whole,
    in a small seam block. Keeping the read buffer instead of slicing it saves two copies of every
    block (measured: about a fifth of the engine's time on a 220 MB log).
    """

    data: bytes
    lo: int
    hi: int


def blocks(read: Callable[[int], bytes], *, limit: int | None, block_size: int,
           max_line: int) -> Iterator[Block | Overlong]:
    """Blocks of whole lines, in order; an overlong line is yielded as `Overlong` in its place.

    `limit` stops after that many bytes (a byte range of a split file, which the caller aligned on
    a line start).
    """
    carry = b""
    remaining = limit
    skipping = 0  # > 0 while discarding the rest of an overlong line
    while True:
        want = block_size if remaining is None else min(block_size, remaining)
        data = read(want) if want > 0 else b""
        if remaining is not None:
            remaining -= len(data)
        if not data:
            if skipping:
                yield Overlong(skipping)
            elif carry:
                yield Block(carry, 0, len(carry))
            return
        lo = 0
        if skipping:
            cut = data.find(b"\n")
            if cut < 0:
                skipping += len(data)
                continue
            yield Overlong(skipping + cut)
            skipping = 0
            lo = cut + 1
        last = data.rfind(b"\n", lo)
        if carry:
            first = data.find(b"\n", lo)
            if first < 0:
                carry += data[lo:]
                if len(carry) > max_line:
                    skipping, carry = len(carry), b""
                continue
            seam = carry + data[lo: first + 1]
            carry = b""
            if len(seam) > max_line + 1:
                yield Overlong(len(seam) - 1)
            else:
                yield Block(seam, 0, len(seam))
            lo = first + 1
        if last < lo:
            carry = data[lo:]
            if len(carry) > max_line:
                skipping, carry = len(carry), b""
            continue
        if last + 1 > lo:
            yield Block(data, lo, last + 1)
        carry = data[last + 1:]
        if len(carry) > max_line:
            skipping, carry = len(carry), b""
