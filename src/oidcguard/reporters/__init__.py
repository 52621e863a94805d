"""Reporters: one module per output format, all rendering a `Report` to a string.

The library never writes to stdout; `cli.py` writes whatever `render()` returns. Findings
already hold only redacted evidence (or the whole secret when the user passed
`--show-secrets`), so reporters never see a secret they would have to hide.

Third-party formats can be added through the `oidcguard.reporters` entry point group: each entry
point names a callable `render(report, catalogue, *, color) -> str`.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from importlib.metadata import entry_points

from ..report import Report
from ..rules import Catalogue

# Format name -> module in this package. Imported on demand so that `--format json` never pays
# for importing rich, and so a broken optional format cannot break the others.
FORMATS: dict[str, str] = {
    "text": "text",
    "json": "json_report",
    "sarif": "sarif",
    "html": "html",
    "markdown": "markdown",
    "junit": "junit",
}

Renderer = Callable[..., str]


def renderer(fmt: str) -> Renderer:
    """The render function for a format name; ValueError for an unknown one."""
    module_name = FORMATS.get(fmt)
    if module_name is not None:
        module = importlib.import_module(f"{__name__}.{module_name}")
        found: Renderer = module.render
        return found
    for ep in entry_points(group="oidcguard.reporters"):
        if ep.name == fmt:
            plugin: Renderer = ep.load()
            return plugin
    choices = ", ".join(FORMATS)
    raise ValueError(f"unknown report format {fmt!r} (choose from {choices})")


def render(report: Report, fmt: str, *, catalogue: Catalogue, color: bool = False) -> str:
    """Render `report` in `fmt`; `color` only matters to the text format (a terminal)."""
    return renderer(fmt)(report, catalogue, color=color)


__all__ = ["FORMATS", "render", "renderer"]
