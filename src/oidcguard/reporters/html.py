"""HTML: one self-contained file to attach to a ticket or open from a CI artifact.

Inline CSS only; no script, font, image or stylesheet is loaded from anywhere, and a
Content-Security-Policy of `default-src 'none'` makes any browser refuse a load even if one
slipped in. Every piece of finding data goes through `html.escape`: messages and evidence come
from scanned files, served pages and logs, i.e. from whoever wrote them.
"""

from __future__ import annotations

from html import escape

from .. import __version__
from ..findings import Finding, Severity
from ..report import Report
from ..rules import Catalogue
from ._common import (
    by_category,
    by_severity,
    cwe_label,
    extra_facts,
    linked_secrets,
    secret_label,
    sorted_suppressed,
    suppressed_counts,
)

_CSS = """
:root { --fg:#1b1f24; --muted:#57606a; --line:#d0d7de; --bg:#ffffff; --card:#f6f8fa; }
* { box-sizing: border-box; }
body { font: 15px/1.5 system-ui, -apple-system, "Segoe UI", sans-serif; color: var(--fg);
       background: var(--bg); margin: 0 auto; padding: 1.5rem; max-width: 72rem; }
h1 { font-size: 1.5rem; margin: 0 0 .25rem; }
h2 { font-size: 1.2rem; margin: 2rem 0 .5rem; border-bottom: 1px solid var(--line); }
h3 { font-size: 1rem; margin: 1rem 0 .5rem; }
code, .mono { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: .9em;
              overflow-wrap: anywhere; }
.muted { color: var(--muted); }
.cards { display: flex; flex-wrap: wrap; gap: .5rem; margin: 1rem 0; }
.card { background: var(--card); border: 1px solid var(--line); border-radius: 6px; padding: .5rem .9rem;
        min-width: 7rem; }
.card b { display: block; font-size: 1.4rem; }
.finding { border: 1px solid var(--line); border-left-width: 6px; border-radius: 6px; padding: .6rem .9rem;
           margin: .5rem 0; background: var(--bg); }
.finding p { margin: .2rem 0; }
.badge { display: inline-block; border-radius: 4px; padding: 0 .4rem; font-size: .8rem; font-weight: 600;
         color: #fff; text-transform: uppercase; }
.sev-critical { border-left-color: #8b0000; } .badge.sev-critical { background: #8b0000; }
.sev-high { border-left-color: #cf222e; } .badge.sev-high { background: #cf222e; }
.sev-medium { border-left-color: #bf8700; } .badge.sev-medium { background: #bf8700; }
.sev-low { border-left-color: #0969da; } .badge.sev-low { background: #0969da; }
.sev-info { border-left-color: #6e7781; } .badge.sev-info { background: #6e7781; }
.grade { font-size: 2rem; font-weight: 700; }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; border-bottom: 1px solid var(--line); padding: .3rem .5rem; vertical-align: top; }
@media (prefers-color-scheme: dark) {
  :root { --fg:#e6edf3; --muted:#9198a1; --line:#3d444d; --bg:#0d1117; --card:#151b23; }
}
"""

# Refuse every fetch; allow only the inline <style> above.
_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src 'none'; base-uri 'none'; form-action 'none'"


def _finding(f: Finding) -> str:
    sev = f.severity.label
    parts = [
        f'<div class="finding sev-{sev}">',
        f'<p><span class="badge sev-{sev}">{sev}</span> <b>{escape(f.rule_id)}</b> {escape(f.title)}'
        f' <span class="muted">· confidence {escape(f.confidence.label)}'
        + (f" · {escape(cwe_label(f.cwe))}" if f.cwe else "")
        + "</span></p>",
        f'<p class="mono">{escape(str(f.location))}</p>',
        f"<p>{escape(f.message)}</p>",
    ]
    if f.evidence:
        parts.append(f'<p>Evidence: <code>{escape(f.evidence)}</code></p>')
    facts = extra_facts(f)
    if facts:
        parts.append(f'<p class="muted">Details: {escape(facts)}</p>')
    if f.remediation:
        parts.append(f"<p>Fix: {escape(f.remediation)}</p>")
    parts.append(f'<p class="muted mono">fingerprint {escape(f.fingerprint)}</p>')
    parts.append("</div>")
    return "\n".join(parts)


def _summary(report: Report) -> str:
    cards = [
        f'<div class="card">score<b>{report.score}/100</b></div>',
        f'<div class="card">grade<b class="grade">{escape(report.grade)}</b></div>',
    ]
    for label, n in report.counts().items():
        cards.append(f'<div class="card"><span class="badge sev-{label}">{label}</span><b>{n}</b></div>')
    for reason, n in suppressed_counts(report).items():
        cards.append(f'<div class="card">suppressed ({escape(reason)})<b>{n}</b></div>')
    cards.append(f'<div class="card">errors<b>{len(report.errors)}</b></div>')
    cards.append(f'<div class="card">files scanned<b>{report.files_scanned}</b></div>')
    return '<div class="cards">' + "\n".join(cards) + "</div>"


def render(report: Report, catalogue: Catalogue, *, color: bool = False) -> str:
    title = f"oidcguard report: {report.front} {report.target}"
    body: list[str] = [
        f"<h1>{escape(title)}</h1>",
        f'<p class="muted">oidcguard {escape(__version__)}</p>',
        _summary(report),
    ]
    findings = report.sorted_findings()
    groups = by_category(findings)
    if groups:
        toc = "".join(
            f'<li><a href="#cat-{escape(c.value)}">{escape(c.value)}</a> ({len(g)})</li>' for c, g in groups
        )
        body.append(f"<nav><ul>{toc}</ul></nav>")
    else:
        body.append("<p>No findings.</p>")
    for category, group in groups:
        body.append(f'<h2 id="cat-{escape(category.value)}">{escape(category.value)} ({len(group)})</h2>')
        for severity, sev_group in by_severity(group):
            body.append(f"<h3>{_sev_title(severity)} ({len(sev_group)})</h3>")
            body.extend(_finding(f) for f in sev_group)

    linked = linked_secrets(report)
    if linked:
        body.append("<h2>Same secret seen in several places</h2><ul>")
        for digest, group in linked:
            places = "".join(
                f"<li>{escape(f.rule_id)} <code>{escape(str(f.location))}</code></li>" for f in group
            )
            body.append(f"<li><code>{escape(secret_label(digest, group))}</code><ul>{places}</ul></li>")
        body.append("</ul>")

    suppressed = sorted_suppressed(report)
    if suppressed:
        body.append(f"<h2>Suppressed ({len(suppressed)})</h2><details><summary>show</summary><table>")
        body.append("<tr><th>reason</th><th>rule</th><th>location</th><th>message</th></tr>")
        for s in suppressed:
            body.append(
                f"<tr><td>{escape(s.reason)}</td><td>{escape(s.finding.rule_id)}</td>"
                f"<td><code>{escape(str(s.finding.location))}</code></td><td>{escape(s.finding.message)}</td></tr>"
            )
        body.append("</table></details>")

    if report.errors:
        body.append(f"<h2>Errors ({len(report.errors)})</h2><ul>")
        for e in sorted(report.errors, key=lambda e: (e.path, e.reason)):
            body.append(f"<li><code>{escape(e.path)}</code>: {escape(e.reason)}</li>")
        body.append("</ul>")

    return (
        "<!DOCTYPE html>\n"
        '<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{_CSP}">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        '<meta name="referrer" content="no-referrer">\n'
        f"<title>{escape(title)}</title>\n<style>{_CSS}</style>\n</head>\n<body>\n"
        + "\n".join(body)
        + "\n</body>\n</html>\n"
    )


def _sev_title(severity: Severity) -> str:
    return f'<span class="badge sev-{severity.label}">{severity.label}</span>'
