"""Check the Arabic edition's translation files (seed/ar/*.toml) the way the loader will.

    .venv/bin/python scripts/ar_check.py [FILE ...]

Prints one line per problem and exits 1 if there is any: an entry whose English no longer
matches facts.toml, an empty translation, a “quote” that is not the article's exact words, a
«translation» without the ترجمتنا marker before it, a placeholder set that differs from the
English, a glossary name spelled otherwise.
"""

import re
import string
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))
from ar_skeleton import entries  # noqa: E402

QUOTED = re.compile(r"“([^”]*)”")
TRANSLATED = re.compile(r"«[^»]*»")
MARKER = "ترجمتنا"
CATEGORIES = {"zero", "one", "two", "few", "many", "other"}


def names(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def entry_problems(where: str, ar: str, en: str, article: str, glossary: dict) -> list[str]:
    """What is wrong with one translation, given the English it translates."""
    found: list[str] = []
    for quoted in QUOTED.findall(ar):
        if re.fullmatch(r"\{\w+\}", quoted):  # the article's words, filled in by the code
            continue
        if " ".join(quoted.split()) not in article:
            found.append(f"{where}: “{quoted}” is not the article's exact words")
    for match in TRANSLATED.finditer(ar):
        if MARKER not in ar[max(0, match.start() - 12) : match.start()]:
            found.append(f"{where}: {match.group()} is not marked {MARKER}")
    try:
        if names(ar) != names(en):
            found.append(f"{where}: placeholders {sorted(names(ar))} ≠ {sorted(names(en))}")
    except ValueError as error:
        found.append(f"{where}: {error}")
    for spec in re.findall(r"\{\w+:([^}]*)\}", ar):
        if not {part.split("=")[0] for part in spec.split("|")} <= CATEGORIES:
            found.append(f"{where}: counted word {spec!r}: use {sorted(CATEGORIES)}")
    for name in glossary["names"]:
        named = re.search(rf"(?<![\w-]){re.escape(name['en'])}(?![\w-])", en)
        if named and not any(form in ar for form in [name["ar"], *name.get("forms", [])]):
            found.append(f"{where}: {name['en']} is spelled {name['ar']} in Arabic")
    return found


def problems(files: list[Path]) -> list[str]:
    seed = tomllib.loads((ROOT / "seed" / "facts.toml").read_text(encoding="utf-8"))
    english = {key: text for _, key, text in entries(seed)}
    article = " ".join((ROOT / "seed" / "article.txt").read_text(encoding="utf-8").split())
    glossary = tomllib.loads((ROOT / "seed" / "ar" / "glossary.toml").read_text("utf-8"))
    found: list[str] = []
    for path in files:
        for key, entry in tomllib.loads(path.read_text(encoding="utf-8")).items():
            where = f"{path.name}: {key}"
            ar, en = entry.get("ar", ""), entry.get("en", "")
            if key not in english:
                found.append(f"{where}: no such English string in facts.toml")
            elif english[key] != en:
                found.append(f"{where}: the English changed; read it again and update `en`")
            elif not ar.strip():
                found.append(f"{where}: not translated")
            else:
                found += entry_problems(where, ar, en, article, glossary)
    return found


def main() -> int:
    files = [Path(arg) for arg in sys.argv[1:]] or sorted((ROOT / "seed" / "ar").glob("*.toml"))
    files = [path for path in files if path.name != "glossary.toml"]
    found = problems(files)
    for line in found:
        print(line)
    print(f"{len(found)} problems", file=sys.stderr)
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
