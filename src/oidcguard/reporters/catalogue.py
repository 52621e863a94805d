"""The rule catalogue for people and machines, and the generator of `docs/rules/`.

`oidcguard rules` prints `render_catalogue(load_catalogue(), fmt)`. The rule pages under
`docs/rules/` are generated from the rule docstrings (the docs live beside the code, as in
ruff), never edited by hand:

    python -m oidcguard.reporters.catalogue --write docs/rules

A test regenerates them into a temporary folder and compares, so a changed docstring without
regenerated docs fails CI with that command in the message.
"""

from __future__ import annotations

import argparse
import io
import json
import re
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table
from rich.text import Text

from ..rules import Catalogue, Rule, load_catalogue

DOCS_COMMAND = "python -m oidcguard.reporters.catalogue --write docs/rules"
_PAGE = re.compile(r"^OG\d+\.md$")
_GENERATED_NOTE = f"<!-- Generated from the rule docstrings by `{DOCS_COMMAND}`; do not edit. -->"


def _rule_dict(rule: Rule) -> dict[str, Any]:
    return {
        "id": rule.id,
        "name": rule.name,
        "title": rule.title,
        "category": rule.category.value,
        "severity": rule.severity.label,
        "confidence": rule.confidence.label,
        "cwe": list(rule.cwe),
        "front": rule.front,
        "subjects": list(rule.subjects),
        "remediation": rule.remediation,
        "doc": rule.doc,
    }


def _md_cell(text: str) -> str:
    return " ".join(text.split()).replace("|", "\\|")


def _text(catalogue: Catalogue) -> str:
    buffer = io.StringIO()
    console = Console(file=buffer, force_terminal=False, color_system=None, width=120, highlight=False)
    if not len(catalogue):
        console.print("No rules installed.", markup=False)
        return buffer.getvalue()
    table = Table(title=f"oidcguard rules ({len(catalogue)})", title_justify="left")
    for column in ("id", "category", "severity", "confidence", "title"):
        table.add_column(column, no_wrap=column != "title", overflow="fold")
    for rule in catalogue:
        # Plain strings are parsed as rich markup by Table; rule titles may contain brackets.
        table.add_row(
            rule.id, rule.category.value, rule.severity.label, rule.confidence.label, Text(rule.title)
        )
    console.print(table)
    # rich pads the left-justified title to the table width; trailing blanks only get in the way.
    return "".join(line.rstrip() + "\n" for line in buffer.getvalue().splitlines())


def _markdown_index(catalogue: Catalogue, *, link: bool) -> str:
    lines = [
        "| id | category | severity | confidence | title |",
        "|---|---|---|---|---|",
    ]
    for rule in catalogue:
        rid = f"[{rule.id}]({rule.id}.md)" if link else rule.id
        lines.append(
            f"| {rid} | {rule.category.value} | {rule.severity.label} | {rule.confidence.label} "
            f"| {_md_cell(rule.title)} |"
        )
    return "\n".join(lines) + "\n"


def render_catalogue(catalogue: Catalogue, fmt: str) -> str:
    """The catalogue as `text` (a rich table), `json` or `markdown`."""
    if fmt == "text":
        return _text(catalogue)
    if fmt == "json":
        return json.dumps([_rule_dict(r) for r in catalogue], indent=2, ensure_ascii=False) + "\n"
    if fmt == "markdown":
        return _markdown_index(catalogue, link=False)
    raise ValueError(f"unknown catalogue format {fmt!r} (choose from text, json, markdown)")


def rule_page(rule: Rule) -> str:
    """One rule's documentation page: title, metadata table, docstring, remediation."""
    cwe = ", ".join(f"[CWE-{n}](https://cwe.mitre.org/data/definitions/{n}.html)" for n in rule.cwe)
    lines = [
        _GENERATED_NOTE,
        "",
        f"# {rule.id}: {rule.title}",
        "",
        "| | |",
        "|---|---|",
        f"| id | `{rule.id}` |",
        f"| name | `{rule.name}` |",
        f"| category | `{rule.category.value}` |",
        f"| severity | {rule.severity.label} |",
        f"| confidence | {rule.confidence.label} |",
        f"| CWE | {cwe or 'none'} |",
        f"| front | {rule.front} |",
        # Only source findings sit on a line a comment can mark; live and log findings are
        # silenced with --ignore or a baseline.
        f"| suppress with | `# noqa: {rule.id}` |" if rule.front == "static"
        else f"| suppress with | `--ignore {rule.id}` or `--baseline` |",
        "",
        rule.doc.strip() if rule.doc.strip() else "*This rule has no documentation yet.*",
        "",
        "## Remediation",
        "",
        rule.remediation.strip() or "*None given.*",
        "",
    ]
    return "\n".join(lines)


def docs_files(catalogue: Catalogue) -> dict[str, str]:
    """File name -> content of every page under docs/rules/ (the README index included)."""
    files = {f"{rule.id}.md": rule_page(rule) for rule in catalogue}
    files["README.md"] = "\n".join(
        [
            _GENERATED_NOTE,
            "",
            "# oidcguard rules",
            "",
            f"{len(catalogue)} rules. Suppress a source finding with `# noqa: OGxxx` on its line, any finding "
            "with `--ignore OGxxx` or a baseline; each page has details.",
            "",
            _markdown_index(catalogue, link=True),
        ]
    )
    return files


def write_docs(catalogue: Catalogue, folder: Path) -> list[Path]:
    """Write the pages; remove generated pages of rules that no longer exist. Returns the files."""
    folder.mkdir(parents=True, exist_ok=True)
    files = docs_files(catalogue)
    for stale in folder.iterdir():
        if _PAGE.match(stale.name) and stale.name not in files:
            stale.unlink()
    written: list[Path] = []
    for name, content in sorted(files.items()):
        target = folder / name
        target.write_text(content, encoding="utf-8")
        written.append(target)
    return written


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m oidcguard.reporters.catalogue",
        description="Print the rule catalogue, or write docs/rules/ from the rule docstrings.",
    )
    parser.add_argument("--write", metavar="DIR", type=Path, help="write one page per rule and an index here")
    parser.add_argument("--format", choices=("text", "json", "markdown"), default="text")
    args = parser.parse_args(argv)
    catalogue = load_catalogue()
    if args.write is not None:
        written = write_docs(catalogue, args.write)
        # A command-line entry point, like cli.py: its only output is this status line.
        print(f"wrote {len(written)} files to {args.write}", file=sys.stderr)
        return 0
    sys.stdout.write(render_catalogue(catalogue, args.format))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
