"""The Arabic edition's words: where they go in the seed, what they must keep, and the seed
they make.

`seed/ar/*.toml` hold one entry per English string a reader sees, keyed by its path in
facts.toml (`facts.ID.statement`, `questions.SLUG.short`, `prose.title.text`), with `en` (the
English it translates: a changed English sentence marks its Arabic stale) and `ar`. The one
definition of those paths is `entries` below: scripts/ar_skeleton.py writes the files from it,
scripts/ar_check.py and the loader check them with `problems`, and the loader builds the
Arabic database from `arabic_seed`, the English seed with every `ar` put at its path. A fact's
`quote` stays the article's English; our translation of it is kept apart (`Fact.translation`).
"""

import copy
import re
import string
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from app.config import SeedError
from app.data.arabic_text import fold
from app.data.models import LONGEST_DESCRIPTION, LONGEST_SHARE_TITLE

# The string fields a reader sees, by name; ids, slugs, enums, dates and fact lists are data.
TEXT = {"text", "name", "short", "brief", "role", "how", "statement", "label", "inferred_from"}
TEXT |= {"counts", "qualifier", "unit", "question", "heading", "figure", "note", "via", "quote"}
TEXT |= {"title", "description", "dateline", "author_source", "outlet_source", "share"}
TEXT |= {"author", "outlet"}
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
GLOSSARY = "glossary.toml"
QUOTED = re.compile(r"“([^”]*)”")
ARABIC_LETTERS = re.compile(r"[\u0621-\u064a]")
# A date's and a figure's `text` are the article's own words: the Arabic edition shows the
# English beside our translation (their `english`), as it shows a quote beside its translation.
ARTICLE_WORDS = re.compile(r"(events|figures)\.[^.]+\.text")
PLACEHOLDER = re.compile(r"\{\w+\}")
TRANSLATED = re.compile(r"«[^»]*»")
MARKER = "ترجمتنا"  # "our translation": said before each «…», so no reader takes it for the article
# The article's words and our translation beside them: “…” (ترجمتنا: «…») or (“…”، ترجمتنا: «…»).
RENDERED = re.compile(rf"“([^”]*)”[^“«]{{0,6}}{MARKER}\W{{0,3}}«([^»]*)»")
CATEGORIES = {"zero", "one", "two", "few", "many", "other"}  # CLDR's plural categories
MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"
# Each hedge's fixed Arabic (GUIDE section 10): an English string that hedges so must say it so.
# Inside “…” the article's own English words stand, hedge and all, so quotes are left out.
HEDGES = (
    (re.compile(rf"\bby (?:the end of |mid-|late |early )?(?:{MONTHS}|\d{{4}})"), ("بحلول",), "by"),
    (re.compile(r"\buntil at least\b"), ("حتى", "على الأقل"), "until at least"),
    (re.compile(r"\b(?:[Aa]bout|[Ss]ome) \d"), ("نحو",), "about"),
    (re.compile(r"\bcertain locations\b"), ("مواقع معيّنة",), "certain locations"),
)
# How a source went unnamed keeps its meaning (GUIDE section 10): an official who “spoke on the
# condition of anonymity” asked not to be named (طلب عدم ذكر اسمه); one the article just does
# not name is unnamed (لم يُسمَّ). لم يُكشف اسمه reads as either, so it is never used.
SOURCES = (
    (
        # a person: not "anonymous sourcing" nor "named and anonymous", the press's words for
        # unnamed sources of either kind
        re.compile(r"\b[Aa]nonymous (?!sourcing)\w|\banonymously\b"),
        re.compile(r"\bعدم ذكر\b"),
        "anonymous (asked not to be named) is طلب عدم ذكر اسمه",
    ),
    (
        re.compile(r"\b[Uu]nnamed\b|\bnone of them named\b"),
        re.compile(r"لم [يت]ُسمَّ"),
        "unnamed (not named by the article) is لم يُسمَّ",
    ),
)
EITHER = re.compile(r"لم [يت]ُكشف (?:اسم|أسماء)")


@dataclass(frozen=True)
class Slot:
    """One string a reader sees: its file and key, its English, and where it sits in the seed."""

    file: str
    key: str
    english: str
    container: dict[str, Any] | list[Any]
    at: str | int

    def put(self, text: str) -> None:
        """Write `text` where the English was (in a copy of the seed)."""
        if isinstance(self.container, dict):
            self.container[str(self.at)] = text
        else:
            self.container[int(self.at)] = text


def _slots(seed: dict[str, Any]) -> Iterator[Slot]:
    def walk(value: Any, path: list[str], name: str, file: str) -> Iterator[Slot]:
        items: Any = value.items() if isinstance(value, dict) else enumerate(value)
        repeats: dict[str, int] = {}
        for at, inner in items:
            if isinstance(value, dict):
                key, field = str(at), str(at)
            else:
                ident = (inner[i] for i in IDS if isinstance(inner, dict) and i in inner)
                key = str(next(ident, at))
                field = name
                # Two [[events]] may date one fact: the second is FACT#2, the third FACT#3.
                repeats[key] = repeats.get(key, 0) + 1
                key = key if repeats[key] == 1 else f"{key}#{repeats[key]}"
            if isinstance(inner, dict | list):
                yield from walk(inner, [*path, key], field, file)
            elif isinstance(inner, str) and (field in TEXT or path[0] == "interface"):
                if path[0] == "prose" and field != "text":
                    continue
                if path[0] == "article" and field not in TEXT:
                    continue
                yield Slot(file, ".".join([*path, key]), inner, value, at)

    for part, file in FILES.items():
        yield from walk(seed.get(part, {}), [part], part, file)


def entries(seed: dict[str, Any]) -> Iterator[tuple[str, str, str]]:
    """(file, key, English) for every string a reader sees, in facts.toml's order."""
    for slot in _slots(seed):
        yield slot.file, slot.key, slot.english


def names(template: str) -> set[str]:
    """The placeholders a sentence takes ({n} and {n:one=…|other=…} are both n)."""
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def read_folder(folder: Path) -> tuple[dict[str, dict[str, Any]], dict[str, Any]]:
    """The translation files by name (glossary apart), and the glossary."""
    try:
        files = {
            path.name: tomllib.loads(path.read_text(encoding="utf-8"))
            for path in sorted(folder.glob("*.toml"))
        }
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        raise SeedError(f"{folder.name}/: a file is not valid TOML: {error}") from None
    glossary = files.pop(GLOSSARY, {"names": []})
    return files, glossary


def problems(
    seed: dict[str, Any], article: str, files: dict[str, dict[str, Any]], glossary: dict[str, Any]
) -> list[str]:
    """Every problem in the translation files, one line each ("FILE: KEY: what is wrong"): an
    entry whose English no longer matches facts.toml, an empty translation, a “quote” that is
    not the article's exact words, a «translation» without ترجمتنا before it, placeholders
    that differ from the English's, a counted word with a category CLDR lacks, a hedge without
    its fixed Arabic, a glossary name spelled otherwise. A string with no entry at all is
    reported too, and the same words of the article translated two ways; and once every string
    has its Arabic, a share text too long for a preview."""
    english = {key: text for _, key, text in entries(seed)}
    article = " ".join(article.split())
    found: list[str] = []
    seen: set[str] = set()
    for file, translations in files.items():
        for key, entry in translations.items():
            seen.add(key)
            found += _entry_problems(f"{file}: {key}", key, entry, english, article, glossary)
    found += _rendering_problems(files)
    missing = [key for key in english if key not in seen]
    found += [f"{key}: no entry in any file (scripts/ar_skeleton.py)" for key in missing]
    found += _thesaurus_problems(glossary, files)
    quoted = glossary.get("quoted", {})
    for file, translations in files.items():
        for key, entry in translations.items():
            for english, arabic in RENDERED.findall(entry.get("ar", "")):
                if english in quoted and _said(arabic) != _said(quoted[english]):
                    found.append(
                        f"{file}: {key}: “{english}” is «{quoted[english]}» in {GLOSSARY} [quoted]"
                    )
    if not found:  # every string has its Arabic: the share texts they make fit a preview
        found += _share_problems(_substituted(seed, files)[0], files)
    return found


def _thesaurus_problems(glossary: dict[str, Any], files: dict[str, dict[str, Any]]) -> list[str]:
    """The glossary's Arabic word groups (search's, GUIDE sections 7 and 10): each leads to
    words our Arabic uses (compared as search compares them, folded), and is in Arabic."""
    shown = {
        word
        for file in files.values()
        for entry in file.values()
        for word in re.findall(r"\w+", fold(QUOTED.sub("", entry.get("ar", ""))))
    }
    found = []
    for group in glossary.get("thesaurus", []):
        words = group.get("words", [])
        if not all(ARABIC_LETTERS.search(word) for word in words):
            found.append(f"{GLOSSARY}: thesaurus group {words}: its words are Arabic ones")
        elif not any(set(re.findall(r"\w+", fold(word))) <= shown for word in words):
            found.append(f"{GLOSSARY}: thesaurus group {words}: our Arabic uses none of them")
    return found


def _said(text: str) -> str:
    """Words as compared across entries: spaces collapsed, the closing punctuation left off (a
    quote ends its sentence in one place and not in another)."""
    return " ".join(text.split()).rstrip(".,;:،؛ ")


def _rendering_problems(files: dict[str, dict[str, Any]]) -> list[str]:
    """The article's same words, wherever we translate them (a fact's `quote` entry, or a «…»
    after “…” and ترجمتنا), have one Arabic: a reader who meets a sentence twice, on a fact page
    and in an answer, must not find it said two ways (seed/GUIDE.md section 10). The first
    rendering met (facts.toml first) is the one the others are held to; the English is compared
    case-blind, as a quote begins a sentence in one place and not in another."""
    first: dict[str, tuple[str, str]] = {}  # the English, compared: (its Arabic, the key)
    found = []
    for file, translations in files.items():
        for key, entry in translations.items():
            ar = str(entry.get("ar", ""))
            pairs = [(en, arabic) for en, arabic in RENDERED.findall(ar)]
            if key.startswith("facts.") and key.endswith(".quote"):
                pairs.append((str(entry.get("en", "")), ar))
            for en, arabic in pairs:
                if not arabic.strip() or PLACEHOLDER.fullmatch(en):
                    continue  # untranslated (reported as such), or words the code fills in
                seen = first.setdefault(_said(en).casefold(), (_said(arabic), key))
                if seen[0] != _said(arabic):
                    found.append(
                        f"{file}: {key}: “{en}” is translated «{_said(arabic)}» here and "
                        f"«{seen[0]}» in {seen[1]}: one rendering everywhere"
                    )
    return found


def _share_problems(translated: dict[str, Any], files: dict[str, dict[str, Any]]) -> list[str]:
    """A fact's share title and description as the Arabic pages' previews show them (its
    `share`, else its statement) must fit as the English must (app/data/models.py): a preview
    cuts a longer one, in any language. The English seed's word checks (its speaker named,
    hedges kept) read English words and are not repeated here."""
    where = {key: file for file, entries in files.items() for key in entries}
    found = []
    for fact in translated.get("facts", []):
        share, statement = fact.get("share"), fact["statement"]
        shared = share if isinstance(share, dict) else {"title": share or statement}
        texts = {
            "title": (shared.get("title", statement), LONGEST_SHARE_TITLE),
            "description": (shared.get("description", statement), LONGEST_DESCRIPTION),
        }
        for name, (text, longest) in texts.items():
            if len(text) <= longest:
                continue
            own = [f"facts.{fact['id']}.share.{name}", f"facts.{fact['id']}.share"]
            key = next((k for k in own if k in where and text == _arabic_of(files, k)), None)
            said = f"the share {name}" if key else f"the statement, its share {name},"
            key = key or f"facts.{fact['id']}.statement"
            found.append(
                f"{where.get(key, 'facts.toml')}: {key}: {said} is {len(text)} characters, "
                f"{longest} at most: a preview cuts it"
            )
    return found


def _arabic_of(files: dict[str, dict[str, Any]], key: str) -> str:
    """The Arabic of one entry, wherever it is."""
    return next(str(file[key].get("ar", "")) for file in files.values() if key in file)


def _substituted(
    seed: dict[str, Any], files: dict[str, dict[str, Any]]
) -> tuple[dict[str, Any], dict[str, str]]:
    arabic = {key: entry["ar"] for file in files.values() for key, entry in file.items()}
    translated = copy.deepcopy(seed)
    quotes: dict[str, str] = {}
    for slot in list(_slots(translated)):
        part, *_, field = slot.key.split(".")
        if part == "facts" and field == "quote":
            quotes[slot.key.split(".")[1]] = arabic[slot.key]
            continue
        if ARTICLE_WORDS.fullmatch(slot.key) and isinstance(slot.container, dict):
            slot.container["english"] = slot.english  # the article's, shown beside ours
        slot.put(arabic[slot.key])
    return translated, quotes


def _entry_problems(
    where: str,
    key: str,
    entry: dict[str, Any],
    english: dict[str, str],
    article: str,
    glossary: dict[str, Any],
) -> list[str]:
    ar, en = entry.get("ar", ""), entry.get("en", "")
    if key not in english:
        return [f"{where}: no such English string in facts.toml"]
    if english[key] != en:  # the Arabic is checked again once a translator has read it
        return [f"{where}: the English changed; read it again and update `en`"]
    if not ar.strip():
        return [f"{where}: not translated"]
    return [
        *_mark_problems(where, ar, article),
        *_template_problems(where, ar, en),
        *_kept_problems(where, ar, en, glossary),
    ]


def _mark_problems(where: str, ar: str, article: str) -> list[str]:
    """“…” only around the article's exact words, each followed by our translation (a reader
    of Arabic may not read the English); every «…» our translation, said so."""
    found = []
    for match in QUOTED.finditer(ar):
        quoted = match.group(1)
        # “{words}” quotes what the code fills in: the article's words (checked on the pages)
        if PLACEHOLDER.fullmatch(quoted):
            continue
        if " ".join(quoted.split()) not in article:
            found.append(f"{where}: “{quoted}” is not the article's exact words")
        elif MARKER not in ar[match.end() : match.end() + 16]:
            found.append(f"{where}: “{quoted}” has no ({MARKER}: «…») right after it")
    for match in TRANSLATED.finditer(ar):
        if MARKER not in ar[max(0, match.start() - 12) : match.start()]:
            found.append(f"{where}: {match.group()} is not marked {MARKER}")
    return found


def _template_problems(where: str, ar: str, en: str) -> list[str]:
    """The English's placeholders, and counted words in CLDR's plural categories."""
    found = []
    try:
        if names(ar) != names(en):
            found.append(f"{where}: placeholders {sorted(names(ar))} ≠ {sorted(names(en))}")
    except ValueError as error:
        found.append(f"{where}: {error}")
    for spec in re.findall(r"\{\w+:([^}]*)\}", ar):
        used = {part.split("=")[0] for part in spec.split("|")}
        if not used <= CATEGORIES:
            found.append(f"{where}: counted word {spec!r}: use {sorted(CATEGORIES)}")
    return found


def _kept_problems(where: str, ar: str, en: str, glossary: dict[str, Any]) -> list[str]:
    """What the English says that the Arabic must keep: its hedges, its names as spelled."""
    found = []
    own_en, own_ar = QUOTED.sub("", en), QUOTED.sub("", TRANSLATED.sub("", ar))
    for pattern, forms, hedge in HEDGES:
        if pattern.search(own_en) and not all(form in own_ar for form in forms):
            found.append(f"{where}: “{hedge}” is said {' … '.join(forms)} in Arabic")
    for english_form, arabic_form, rule in SOURCES:
        if english_form.search(own_en) and not arabic_form.search(own_ar):
            found.append(f"{where}: {rule} in Arabic")
    if EITHER.search(ar):
        found.append(f"{where}: لم يُكشف اسمه reads as anonymous and as unnamed: say which")
    for name in glossary.get("names", []):
        if re.search(rf"(?<![\w-]){re.escape(name['en'])}(?![\w-])", en) and not any(
            form in ar for form in [name["ar"], *name.get("forms", [])]
        ):
            found.append(f"{where}: {name['en']} is spelled {name['ar']} in Arabic")
    return found


def article_renderings(glossary: dict[str, Any]) -> dict[str, str]:
    """The article's words our Arabic names apart from a sentence (a note's terms): the
    glossary's names and its [quoted] phrases, each with its one Arabic."""
    names = {name["en"]: name["ar"] for name in glossary.get("names", [])}
    return {**names, **glossary.get("quoted", {})}


def arabic_seed(
    seed: dict[str, Any], article: str, folder: Path
) -> tuple[dict[str, Any], dict[str, str]]:
    """The English seed with every `ar` at its path, and each fact's translated quote by fact
    id (a quote itself stays the article's English). Refuses, naming the first problem and
    how many there are, a folder with any (`problems`)."""
    files, glossary = read_folder(folder)
    found = problems(seed, article, files, glossary)
    if found:
        more = f" (and {len(found) - 1} more: scripts/ar_check.py lists them)" if found[1:] else ""
        raise SeedError(f"{folder.name}/{found[0]}{more}")
    translated, quotes = _substituted(seed, files)
    # Search's word groups: the English ones (the article's words are English) and, after
    # them, the glossary's Arabic ones (a word's other forms: انسحاب and تنسحب).
    translated["thesaurus"] = [*seed.get("thesaurus", []), *glossary.get("thesaurus", [])]
    return translated, quotes


def reason_problems(
    where: str, reason: str, reason_ar: str, article: str, glossary: dict[str, Any]
) -> list[str]:
    """An Arabic correction's Arabic reason, checked as every Arabic string is against the
    English it says (its English `reason`): quotes verbatim, «…» marked ترجمتنا, hedges in
    their fixed Arabic, glossary names, not left empty. (Its earlier wording is a record of what
    was published, errors and all, so it is not checked: the English log's is not either.)"""
    english = {"reason": reason}
    entry = {"en": reason, "ar": reason_ar}
    return _entry_problems(where, "reason", entry, english, " ".join(article.split()), glossary)
