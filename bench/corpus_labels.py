"""Regenerate `tests/corpus/<project>/labels.json` from `# label: OG101` markers.

Each vulnerable file marks its planted issues on the line the finding must point at
(`# label: OG101` or `# label: OG101, OG105`; the same comment in requirements and YAML
files). JSON fixtures and `.env` files (where a trailing comment would change the value) cannot
carry markers: their entries are kept as listed in labels.json, maintained by hand.
`known_extra` is kept as it is.

    python bench/corpus_labels.py            # rewrite every project's labels.json
    python bench/corpus_labels.py --check    # exit 1 when a labels.json is out of date
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

CORPUS = Path(__file__).resolve().parent.parent / "tests" / "corpus"
MARKER = re.compile(r"#\s*label:\s*(?P<ids>OG\d{3}(?:\s*,\s*OG\d{3})*)")


def markers(project: Path) -> list[dict[str, object]]:
    found: list[dict[str, object]] = []
    for path in sorted((project / "vulnerable").rglob("*")):
        if not path.is_file():
            continue
        rel = path.relative_to(project).as_posix()
        text = path.read_text(encoding="utf-8", errors="replace")
        for n, line in enumerate(text.splitlines(), 1):
            m = MARKER.search(line)
            if m:
                for rule_id in re.split(r"\s*,\s*", m.group("ids")):
                    found.append({"rule": rule_id, "path": rel, "line": n})
    return found


def _hand_labelled(path: str) -> bool:
    name = Path(path).name
    return name.endswith(".json") or name == ".env" or name.startswith(".env.")


def regenerate(project: Path) -> dict[str, object]:
    labels_file = project / "labels.json"
    old = json.loads(labels_file.read_text()) if labels_file.exists() else {}
    # Entries for files without any marker (JSON fixtures, .env files) are maintained by hand.
    kept = [x for x in old.get("labels", []) if _hand_labelled(str(x["path"]))]
    labels = sorted(markers(project) + kept, key=lambda x: (x["path"], x["line"], x["rule"]))
    return {
        "about": old.get("about", ""),
        "labels": labels,
        "known_extra": old.get("known_extra", []),
    }


def main(argv: list[str]) -> int:
    stale = []
    for project in sorted(p for p in CORPUS.iterdir() if (p / "vulnerable").is_dir()):
        new = regenerate(project)
        text = json.dumps(new, indent=2) + "\n"
        labels_file = project / "labels.json"
        if labels_file.exists() and labels_file.read_text() == text:
            continue
        stale.append(project.name)
        if "--check" not in argv:
            labels_file.write_text(text)
    if stale:
        print(("out of date: " if "--check" in argv else "rewrote: ") + ", ".join(stale))
    return 1 if stale and "--check" in argv else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
