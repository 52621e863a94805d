"""Detection benchmark: recall and precision per category on the labelled corpus (SPEC §5).

    python bench/detection_bench.py [CORPUS_DIR]

For every project in tests/corpus (or CORPUS_DIR), scans `vulnerable/` and `hardened/` and
compares the findings at severity low or above with labels.json:

- true positive: a labelled (rule, path, line) reported at low or above;
- missed: a label of a rule in the catalogue that is not reported (a label of a rule that is not
  in the catalogue yet is listed as pending, and counts nowhere);
- spurious: a finding at low or above in a vulnerable project that is neither labelled nor a
  justified `known_extra`, and every finding at low or above in a hardened twin.

Info notes are ignored both ways. Prints; asserts nothing (tests/test_corpus.py does that).
"""

from __future__ import annotations

import json
import sys
import time
from collections import defaultdict
from pathlib import Path

from oidcguard.config import Config
from oidcguard.findings import Severity
from oidcguard.rules import load_catalogue
from oidcguard.static.engine import scan_project

DEFAULT_CORPUS = Path(__file__).resolve().parent.parent / "tests" / "corpus"

# SPEC §4 categories of the static rules, for labels of rules that have not landed yet.
SPEC_CATEGORIES = {
    "OG101": "hardcoded-secret", "OG102": "hardcoded-secret", "OG103": "hardcoded-secret",
    "OG104": "hardcoded-secret", "OG105": "secret-default", "OG106": "secret-default",
    "OG110": "debug-exposure", "OG111": "debug-exposure", "OG112": "error-report-leak",
    "OG120": "insecure-cookie", "OG121": "token-client-storage", "OG122": "insecure-deserialization",
    "OG123": "cors", "OG130": "insecure-transport", "OG131": "insecure-transport",
    "OG140": "verbose-logging", "OG141": "secret-logged", "OG142": "secret-in-response",
    "OG150": "redirect-validation", "OG151": "redirect-validation", "OG152": "pkce",
    "OG153": "redirect-validation", "OG160": "token-validation", "OG161": "token-validation",
    "OG170": "token-in-url", "OG190": "vulnerable-dependency",
}

Key = tuple[str, str, int]


def main(argv: list[str]) -> int:
    corpus = Path(argv[0]) if argv else DEFAULT_CORPUS
    catalogue = load_catalogue()
    static = {r.id: str(r.category) for r in catalogue if r.front == "static"}
    category_of = {**SPEC_CATEGORIES, **static}

    tp: dict[str, int] = defaultdict(int)
    fn: dict[str, int] = defaultdict(int)
    fp: dict[str, int] = defaultdict(int)
    missed: list[tuple[str, Key]] = []
    spurious: list[tuple[str, Key, str, str]] = []
    pending: list[tuple[str, Key]] = []
    extras = 0
    started = time.perf_counter()
    projects = sorted(p for p in corpus.iterdir() if (p / "labels.json").is_file())
    for project in projects:
        data = json.loads((project / "labels.json").read_text())
        labels = {(x["rule"], x["path"], x["line"]) for x in data["labels"]}
        known_extra = {(x["rule"], x["path"], x["line"]) for x in data.get("known_extra", [])}
        for variant in ("vulnerable", "hardened"):
            if not (project / variant).is_dir():
                continue
            report = scan_project(project / variant, Config(), catalogue)
            for error in report.errors:
                print(f"  error: {project.name}/{variant}/{error.path}: {error.reason}")
            found = {
                (f.rule_id, f"{variant}/{f.location.path}", f.location.line or 0): f
                for f in report.findings
                if f.rule_id in static and f.severity >= Severity.LOW
            }
            for key, finding in sorted(found.items(), key=lambda kv: (kv[0][1], kv[0][2], kv[0][0])):
                if variant == "vulnerable" and key in labels:
                    tp[category_of[key[0]]] += 1
                elif variant == "vulnerable" and key in known_extra:
                    extras += 1
                else:
                    fp[category_of[key[0]]] += 1
                    spurious.append((project.name, key, finding.severity.name.lower(), finding.message))
            if variant == "vulnerable":
                for key in sorted(labels - set(found), key=lambda k: (k[1], k[2], k[0])):
                    if key[0] not in static:
                        pending.append((project.name, key))
                    else:
                        fn[category_of[key[0]]] += 1
                        missed.append((project.name, key))
    elapsed = time.perf_counter() - started

    print(f"oidcguard detection benchmark: {len(projects)} projects in {corpus} ({elapsed:.2f} s)")
    print(f"static rules in the catalogue: {', '.join(sorted(static))}\n")
    print(f"{'category':26} {'labels':>6} {'found':>6} {'missed':>6} {'spurious':>8} {'recall':>7} {'precision':>9}")
    categories = sorted(set(tp) | set(fn) | set(fp))
    for category in categories:
        print(_row(category, tp[category], fn[category], fp[category]))
    print(_row("all", sum(tp.values()), sum(fn.values()), sum(fp.values())))
    if extras:
        print(f"\n(justified known_extra findings, counted neither way: {extras})")
    print(f"\nmissed ({len(missed)}):")
    for project, (rule, path, line) in missed:
        print(f"  {rule} {project}/{path}:{line}")
    print(f"\nspurious ({len(spurious)}):")
    for project, (rule, path, line), severity, message in spurious:
        print(f"  {rule} [{severity}] {project}/{path}:{line}  {message}")
    print(f"\npending: labels of rules not in the catalogue yet ({len(pending)}):")
    for project, (rule, path, line) in pending:
        print(f"  {rule} ({category_of.get(rule, '?')}) {project}/{path}:{line}")
    return 0


def _row(category: str, tp: int, fn: int, fp: int) -> str:
    recall = f"{tp / (tp + fn):.0%}" if tp + fn else "-"
    precision = f"{tp / (tp + fp):.0%}" if tp + fp else "-"
    return f"{category:26} {tp + fn:>6} {tp:>6} {fn:>6} {fp:>8} {recall:>7} {precision:>9}"


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
