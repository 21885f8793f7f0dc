"""Check the Arabic edition's translation files (seed/ar/*.toml) the way the loader does.

    .venv/bin/python scripts/ar_check.py [FILE ...]

Prints one line per problem and exits 1 if there is any: an entry whose English no longer
matches facts.toml, an empty translation, a “quote” that is not the article's exact words, a
«translation» without the ترجمتنا marker before it, a placeholder set that differs from the
English, a glossary name spelled otherwise, the article's same words translated two ways. The
checks are the loader's (app/loader/arabic.py `problems`); given files, only those are checked
(a string with no entry is reported only when the whole folder is).
"""

import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from app.loader.arabic import GLOSSARY, problems, read_folder  # noqa: E402


def main() -> int:
    folder = ROOT / "seed" / "ar"
    files, glossary = read_folder(folder)
    if sys.argv[1:]:
        chosen = [Path(arg) for arg in sys.argv[1:] if Path(arg).name != GLOSSARY]
        files = {path.name: tomllib.loads(path.read_text(encoding="utf-8")) for path in chosen}
    seed = tomllib.loads((ROOT / "seed" / "facts.toml").read_text(encoding="utf-8"))
    article = (ROOT / "seed" / "article.txt").read_text(encoding="utf-8")
    found = problems(seed, article, files, glossary)
    if sys.argv[1:]:
        found = [line for line in found if "no entry in any file" not in line]
    for line in found:
        print(line)
    print(f"{len(found)} problems", file=sys.stderr)
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
