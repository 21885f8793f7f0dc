"""Write (or extend) the Arabic edition's translation files, seed/ar/*.toml, from facts.toml.

Every English string a reader of the Arabic edition sees gets one entry, keyed by where it
lives in facts.toml ("questions.SLUG.short", "facts.ID.statement", "prose.title"), with the
English it translates (`en`, which the loader compares with facts.toml, so a changed English
sentence marks its Arabic stale) and `ar`, the translation, empty until a translator writes
it. Entries already translated are kept as they are. A fact's `quote` gets an entry for our
translation of the article's exact words, which pages show marked as ours.

    .venv/bin/python scripts/ar_skeleton.py
"""

import json
import sys
import tomllib
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "seed"
OUT = SEED / "ar"

# The string fields a reader sees, by name; ids, slugs, enums, dates and fact lists are data.
TEXT = {"text", "name", "short", "brief", "role", "how", "statement", "label", "inferred_from"}
TEXT |= {"counts", "qualifier", "unit", "question", "heading", "figure", "note", "via", "quote"}
TEXT |= {"title", "description", "dateline", "author_source", "outlet_source", "share"}
# Which file each part of facts.toml is translated in (one translator per file).
FILES = {
    "prose": "prose",
    "interface": "interface",
    "questions": "questions",
    "facts": "facts",
    "phases": "story",
    "regions": "story",
    "overview": "story",
    "framings": "story",
    "events": "timeline",
    "figures": "timeline",
    "speakers": "speakers",
    "article": "speakers",
}
# Items of a list are keyed by their id where they have one, so keys survive reordering.
IDS = ("id", "slug", "fact")


def entries(seed: dict) -> Iterator[tuple[str, str, str]]:
    """(file, key, English) for every string a reader sees, in facts.toml's order."""

    def walk(value: object, path: list[str], name: str) -> Iterator[tuple[str, str]]:
        if isinstance(value, dict):
            for key, inner in value.items():
                yield from walk(inner, [*path, key], key)
        elif isinstance(value, list):
            for n, inner in enumerate(value):
                ident = next((inner[i] for i in IDS if isinstance(inner, dict) and i in inner), n)
                yield from walk(inner, [*path, str(ident)], name)
        elif isinstance(value, str) and (name in TEXT or path[0] in ("interface",)):
            if path[0] == "prose" and name != "text":
                return
            yield ".".join(path), value

    for part, file in FILES.items():
        for key, english in walk(seed.get(part, {}), [part], part):
            if key.startswith("article.") and key.split(".")[1] not in TEXT:
                continue
            yield file, key, english


def main() -> int:
    seed = tomllib.loads((SEED / "facts.toml").read_text(encoding="utf-8"))
    OUT.mkdir(exist_ok=True)
    by_file: dict[str, list[tuple[str, str]]] = {}
    for file, key, english in entries(seed):
        by_file.setdefault(file, []).append((key, english))
    for file, items in by_file.items():
        path = OUT / f"{file}.toml"
        old = tomllib.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
        lines = [f"# The Arabic edition: {file} (scripts/ar_skeleton.py; seed/GUIDE.md, Arabic).\n"]
        for key, english in items:
            ar = old.get(key, {}).get("ar", "")
            lines.append(f"\n[{json.dumps(key)}]\nen = {json.dumps(english, ensure_ascii=False)}\n")
            lines.append(f"ar = {json.dumps(ar, ensure_ascii=False)}\n")
        path.write_text("".join(lines), encoding="utf-8")
        print(f"{path.relative_to(ROOT)}: {len(items)} entries")
    return 0


if __name__ == "__main__":
    sys.exit(main())
