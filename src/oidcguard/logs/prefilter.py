"""One combined pattern pass per chunk: which lines of a block can hold a secret at all.

The precise checks (the rules) are Python and cost tens of microseconds a line, so they run only
on the lines this pass picks. The pass itself must run near memory speed over multi-megabyte
blocks. Measured on this project's 220 MB benchmark log (2-core machine, 8 MiB blocks, the
anchor set below): hyperscan ~2.3 GB/s, google-re2 one alternation ~0.25-0.5 GB/s, Python `re`
one alternation ~2 MB/s (one pattern per anchor: ~1.2 MB/s over a whole run). So: hyperscan when
it is importable (x86-64 wheels), else google-re2 (arm64 wheels too), else Python `re`: slow,
but the same candidate lines.

Every rule module declares `ANCHORS`: regexes one of which any line it can fire on matches. The
app's own secrets (OG304) add their encoded forms as literals.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from .model import KnownSecrets


@dataclass(frozen=True, slots=True)
class Anchor:
    regex: str
    caseless: bool
    owner: int = 0  # index of the rule it belongs to: only the rules whose anchors hit a line run


def parse_anchor(text: str, owner: int = 0) -> Anchor:
    if text.startswith("(?i)"):
        return Anchor(text[4:], True, owner)
    return Anchor(text, False, owner)


def literal(text: str) -> str:
    """A regex matching `text` literally, in a syntax both hyperscan and `re` accept."""
    # Byte by byte on the UTF-8 form: both engines match bytes, and `\\xNN` means one byte in each.
    return "".join(chr(b) if chr(b).isalnum() and b < 128 else f"\\x{b:02x}" for b in text.encode("utf-8"))


def anchors_for(rule_anchors: Sequence[Iterable[str]], known: KnownSecrets, *, own: int) -> tuple[Anchor, ...]:
    """Anchors of each rule (by rule index), plus the app's own secret forms for rule `own`."""
    out = [parse_anchor(a, i) for i, anchors in enumerate(rule_anchors) for a in anchors]
    for form in known.forms:
        out.append(Anchor(literal(form.text), False, own))
    return tuple(dict.fromkeys(out))


class Prefilter:
    """Finds the start offsets of the lines in a block that match any anchor."""

    engine = "re"

    def __init__(self, anchors: Sequence[Anchor]) -> None:
        self.anchors = tuple(anchors)

    def line_starts(self, block: bytes) -> list[tuple[int, int]]:
        """(line start offset, bit mask of the rules whose anchors hit that line), in order."""
        raise NotImplementedError


def _starts_from_ends(block: bytes, ends: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Line starts (sorted, unique) of the lines holding the bytes just before each end offset."""
    starts: list[tuple[int, int]] = []
    line_end = -1
    mask = 0
    rfind, find = block.rfind, block.find
    for e, owner in sorted(ends):
        if e <= line_end:
            mask |= 1 << owner  # another match on the same line
            starts[-1] = (starts[-1][0], mask)
            continue
        pos = max(e - 1, 0)
        start = rfind(b"\n", 0, pos) + 1
        line_end = find(b"\n", pos)
        if line_end < 0:
            line_end = len(block)
        mask = 1 << owner
        starts.append((start, mask))
    return starts


class HyperscanPrefilter(Prefilter):
    engine = "hyperscan"

    def __init__(self, anchors: Sequence[Anchor]) -> None:
        import hyperscan

        super().__init__(anchors)
        self._hs = hyperscan
        exprs: list[bytes] = []
        flags: list[int] = []
        for a in self.anchors:
            exprs.append(a.regex.encode("utf-8"))
            # SINGLEMATCH: one report per anchor per block is not enough (we need every line), so
            # plain matching; the callback only records the end offset.
            flags.append(hyperscan.HS_FLAG_CASELESS if a.caseless else 0)
        db = hyperscan.Database(mode=hyperscan.HS_MODE_BLOCK)
        try:
            db.compile(expressions=exprs, ids=list(range(len(exprs))), elements=len(exprs), flags=flags)
        except hyperscan.error:  # a construct hyperscan cannot do exactly: match a superset
            flags = [f | hyperscan.HS_FLAG_PREFILTER for f in flags]
            db = hyperscan.Database(mode=hyperscan.HS_MODE_BLOCK)
            db.compile(expressions=exprs, ids=list(range(len(exprs))), elements=len(exprs), flags=flags)
        self._db = db
        self._owners = [a.owner for a in self.anchors]

    def line_starts(self, block: bytes) -> list[tuple[int, int]]:
        ends: list[tuple[int, int]] = []
        append = ends.append
        owners = self._owners

        def on_match(id_: int, _from: int, to: int, _flags: int, _ctx: Any) -> None:
            append((to, owners[id_]))

        self._db.scan(block, match_event_handler=on_match)
        return _starts_from_ends(block, ends)


class Re2Prefilter(Prefilter):
    """One RE2 alternation, a group per anchor (`lastindex` says whose): for platforms without a
    hyperscan wheel (hyperscan ships x86-64 builds only; google-re2 also ships arm64)."""

    engine = "re2"

    def __init__(self, anchors: Sequence[Anchor]) -> None:
        import re2

        super().__init__(anchors)
        parts = [f"((?i:{a.regex}))" if a.caseless else f"({a.regex})" for a in self.anchors]
        self._regex = re2.compile("|".join(parts).encode("utf-8"))
        if self._regex.groups != len(self.anchors):
            raise ValueError("an anchor has a capturing group")  # then group numbers would not map
        self._owners = [a.owner for a in self.anchors]

    def line_starts(self, block: bytes) -> list[tuple[int, int]]:
        owners = self._owners
        return _starts_from_ends(block, [(m.end(), owners[m.lastindex - 1]) for m in self._regex.finditer(block)])


class RePrefilter(Prefilter):
    engine = "re"

    def __init__(self, anchors: Sequence[Anchor]) -> None:
        super().__init__(anchors)
        self._patterns = [re.compile(a.regex.encode("utf-8"), re.I if a.caseless else 0) for a in self.anchors]

    def line_starts(self, block: bytes) -> list[tuple[int, int]]:
        ends: list[tuple[int, int]] = []
        for p, a in zip(self._patterns, self.anchors, strict=True):
            ends.extend((m.end(), a.owner) for m in p.finditer(block))
        return _starts_from_ends(block, ends)


def build(anchors: Sequence[Anchor], *, engine: str = "auto") -> Prefilter:
    """The fastest prefilter available: hyperscan, then google-re2, then Python `re`.

    `engine` forces one ("hyperscan", "re2", "re"); "auto" falls through on ImportError or a
    build/CPU problem (hyperscan needs SSSE3), since the slower engines give the same lines.
    """
    engines: list[tuple[str, type[Prefilter]]] = [("hyperscan", HyperscanPrefilter), ("re2", Re2Prefilter)]
    for name, cls in engines:
        if engine not in {"auto", name}:
            continue
        try:
            return cls(anchors)
        except Exception:  # noqa: BLE001 - not importable or not buildable here: try the next one
            if engine == name:
                raise
    return RePrefilter(anchors)
