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
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from app.loader.arabic import entries  # noqa: E402 - the one definition of the paths

SEED = ROOT / "seed"
OUT = SEED / "ar"


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
