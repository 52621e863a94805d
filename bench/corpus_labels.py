"""Regenerate `tests/corpus/<project>/labels.json` from `# label: OG101` markers.

Each vulnerable file marks its planted issues on the line the finding must point at
(`# label: OG101` or `# label: OG101, OG105`; the same comment in requirements, `.env` and
YAML files). Files that cannot carry comments (JSON fixtures) keep the entries already listed
in labels.json for them. `known_extra` and `pending` are kept as they are.

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


def regenerate(project: Path) -> dict[str, object]:
    labels_file = project / "labels.json"
    old = json.loads(labels_file.read_text()) if labels_file.exists() else {}
    kept = [x for x in old.get("labels", []) if not str(x["path"]).endswith((".py", ".txt", ".env", ".cfg", ".ini",
                                                                              ".toml", ".yml", ".yaml", ".in"))
            and not Path(str(x["path"])).name.startswith(".env")]
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
