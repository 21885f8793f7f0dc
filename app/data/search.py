"""Full-text search over the article, its facts, our questions, the pages for phases, regions
and officials, the rest of our prose and the notes on the source (SQLite FTS5, porter
stemming), safe for any input and forgiving of readers.

A query is read the way a reader means it: common words of a plain-language question ("when",
"are", "the") are left out, each remaining word also finds its other forms (the index is
stemmed, and a word of four letters or more matches as a prefix) and the other words of its
group in our editorial thesaurus (seed `[[thesaurus]]`: "Kurdish" finds "Kurdistan"). Results
must have every word; failing that, a word the index lacks is replaced by the nearest word it
has ("Abassi" → "abbassi"); failing that, results with some of the words are shown, ranked.
The answer always says which of these it did (`mode`, `terms`, `did`, `notice`).

The index finds the rows with every word in one query; then each word it marks is checked
before it counts: the stemmer reads "one" as "on" and the index splits "2,500" into "2" and
"500", so a word of three letters or less must be the word searched (or its plural), and a
number never matches part of a larger one. Within a rank, results with the words as typed
come before those found only through a group ("pull out" before "withdrawing").
"""

import difflib
import re
import sqlite3
import time
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import lru_cache
from types import MappingProxyType
from typing import Any
from urllib.parse import parse_qsl, urlencode

from markupsafe import escape
from sqlalchemy import Engine
from sqlalchemy.exc import OperationalError
from sqlmodel import Session

from app.data import arabic_text, urls
from app.data.prose import fill
from app.data.prose_keys import InterfaceKey
from app.data.schemas import (
    SearchHitOut,
    SearchOut,
    SearchSuggestionOut,
    SearchTermOut,
    SearchWordGroupOut,
)
from app.data.vocabulary import SearchHow
from app.data.words import gettext

MAX_QUERY = 200
MAX_WORDS = 12
MAX_SECONDS = 0.5  # a search's SQLite work is interrupted past this (real ones take ~1 ms)
MAX_NEAR = 3  # words a search may respell: each costs a scan of the vocabulary
NEAR_CUTOFF = 0.82  # difflib's ratio: "abassi"/"abbassi" 0.92, "troups"/"troops" 0.83, but
# "leads"/"least" 0.8 are two words, not a misspelling
# The one notice kept in code: app/serve/cache.py recognises a timed-out search by these
# words when the module loads, before any database is open, so as never to cache it.
SLOW = "That search took too long to answer; try fewer or longer words."
MODE_NOTICES = {"some": "some", "none": "nothing"}  # a mode's notice: [interface] search-KEY
OPEN, CLOSE = "\ue000", "\ue001"  # private-use markers: cannot occur in the article
SQL = (
    "SELECT rowid, kind, ref, highlight(search_index, 2, :open, :close), "
    "highlight(search_index, 3, :open, :close), bm25(search_index, 0, 0, 2.0, 1.0) "
    "FROM search_index WHERE search_index MATCH :query AND kind IN ({kinds}) "
    "ORDER BY bm25(search_index, 0, 0, 2.0, 1.0) LIMIT :limit"
)
ALL_KINDS = (
    "'passage', 'fact', 'question', 'phase', 'region', 'official', 'prose', 'note', 'timeline'"
)
EVERY = 10_000  # more rows than the index has: a term's lookup is never cut short
PAGES = "'phase', 'region', 'official'"
# Words a plain-language question is built from that say nothing about what is asked. "not"
# and "no" stay: the article turns on them ("not withdrawing"). "us" stays: it is the U.S.
STOP_WORDS = frozenset(
    "a about after also am an and any are as at be been before being but by can could did do "
    "does doing for from had happen happened happening happens has have having he her here him "
    "his how i if in into is it its long me mean means much many my of on or our over said say "
    "says "
    "she should so some tell than that the their them then there these they this those to "
    "was we were what when where which while who whom "
    "whose why will with would you your".split()
)
QUESTION_WORDS = frozenset("how many much when where who whom whose why which what".split())
OPENERS = frozenset("are is do does did will can could has have was were".split())  # yes or no
# A word; a number with thousands ("2,500") is one; an abbreviation keeps its last stop ("U.S.").
WORD = re.compile(r"\d{1,3}(?:,\d{3})+(?!\d)|\w+(?:[-.'’]\w+)*(?:(?<=\.\w)\.)?")
PRONOUN = re.compile(r"(He|She|They|It)\b")  # a sentence leaning on the one before
NUMBER_AROUND = re.compile(r"\d[,.]$|^[,.]\d")  # "2" inside "2,500" or "2.5"
PAGE_KINDS = ("phase", "region", "official")
# Words the stemmer reads as forms of a word searched for, but which our pages use in another
# sense: "leaves" is the site's "leaves out", never a leaving; "based" (in Washington) is no
# base; "dateline" is no date. A marked word listed under a searched word does not count.
NOT_FORMS: dict[str, frozenset[str]] = {
    word: frozenset(others)
    for words, others in [
        (("leave", "leaving"), ("leaves",)),
        (("base", "bases"), ("based",)),
        (("date", "dates"), ("dateline", "datelined")),
    ]
    for word in words
}
UNMARK = {ord(OPEN): None, ord(CLOSE): None}
SENTENCE_END = re.compile(r"[.?!][”\ue001]*\s+")
ABBREVIATIONS = ("U.S.", "Sept.", "Oct.", "Nov.", "Dec.", "Jan.", "Feb.", "Aug.", "D.C.")
LINKS: dict[str, tuple[Callable[[str], str], Callable[[str], str]]] = {
    "passage": (urls.passage, urls.passage_api),
    "fact": (urls.fact, urls.fact_api),
    "question": (urls.question, urls.question_api),
    "phase": (urls.phase, urls.phase_api),
    "region": (urls.region, urls.region_api),
    "official": (urls.speaker, urls.speaker_api),
    "note": (lambda key: f"/notes#{key}", lambda key: "/api/notes"),
    "timeline": (lambda key: "/timeline", lambda key: "/api/timeline"),
}


def _fold(word: str) -> str:
    """Lower case without accents, as the index's tokenizer folds them; an Arabic word as the
    Arabic index was built (app/data/arabic_text.py: alef forms, taa marbuta, a prefix…)."""
    if word.isascii():
        return word.lower()
    decomposed = unicodedata.normalize("NFKD", arabic_text.fold(word.lower()))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


@lru_cache(maxsize=4096)  # the same few words are marked over and over ("U.S")
def _tokens(word: str) -> tuple[str, ...]:
    return tuple(re.findall(r"\w+", _fold(word)))


def _light(token: str) -> str:
    """A light stem, only to match a query's words to the thesaurus ("pulling" ~ "pull")."""
    for suffix in ("ings", "ing", "ed", "es", "s", "e"):
        if token.endswith(suffix) and len(token) - len(suffix) >= 3:
            return token[: -len(suffix)]
    return token


def _key(tokens: Iterable[str]) -> tuple[str, ...]:
    return tuple(_light(token) for token in tokens)


@dataclass(frozen=True)
class Said:
    """A fact's quote within its passage (offsets in the passage's text) and who said it."""

    start: int
    end: int
    narrated: bool  # the article's own narration: a quoted voice in the sentence wins
    short: str  # the speaker in full ("Iraqi Prime Minister Mohammed Shia al-Sudani, in …")
    names: tuple[str, ...]  # what a sentence must say to name them ("al-sudani")


@dataclass(frozen=True)
class Passage:
    """A passage's text and the facts quoting it, to name who speaks in a snippet."""

    text: str
    said: tuple[Said, ...]


@dataclass(frozen=True)
class Aids:
    """What search reads once per build: the thesaurus, the index's words, the questions."""

    groups: list[SearchWordGroupOut]
    group_of: dict[tuple[str, ...], int]
    vocabulary: dict[str, list[str]]  # words of the index by first letter, for near misses
    known: frozenset[str]
    questions: list[SearchSuggestionOut]
    names: list[frozenset[str]]  # each page's name as the words that name it (light stems)
    # search's notices: the seed's words the search page's registry entry names (its
    # `interface`), by stored key (prose.TEMPLATES says what each takes)
    words: dict[str, str]

    def say(self, key: str, **values: object) -> str:
        """One of search's sentences from the seed ([interface] search-KEY), filled in."""
        return fill(self.words[str(InterfaceKey(f"search-{key}"))], **values)

    passages: dict[str, "Passage"] = field(default_factory=dict)
    prose_pages: dict[str, str] = field(default_factory=dict)  # a prose key: the page showing it


_AIDS: dict[tuple[str, str], Aids] = {}
BUILD = ("seed_hash", "built_at", "lang")  # the meta rows that say which build of which edition
AIDS_KEPT = 2  # databases whose search aids stay loaded: the English edition's and the Arabic


def aids(session: Session) -> Aids:
    """The search aids of the database this session reads, loaded once per build."""
    meta = dict(_rows(session, "SELECT key, value FROM meta WHERE key IN (?, ?, ?)", BUILD))
    bind = session.get_bind()
    engine = bind if isinstance(bind, Engine) else bind.engine
    # Which database (both editions' are served from memory at one URL: their `lang` tells
    # them apart), and which build of it.
    key = (f"{engine.url} {meta.get('lang', '')}", f"{meta['seed_hash']} {meta['built_at']}")
    if key not in _AIDS:
        # One build of each database (the English, the Arabic) is served at a time: a new
        # build replaces its database's aids, and a few databases at most are kept.
        for old in [old for old in _AIDS if old[0] == key[0]]:
            del _AIDS[old]
        while len(_AIDS) >= AIDS_KEPT:
            del _AIDS[next(iter(_AIDS))]  # the longest loaded
        _AIDS[key] = _load_aids(session)
    return _AIDS[key]


def _rows(
    session: Session, sql: str, params: tuple[str, ...] | None = None
) -> list[tuple[Any, ...]]:
    """One query's rows as plain tuples: SQLAlchemy cannot know the columns raw SQL names
    (it types them as `object`); the loops below unpack them by the SQL's own order."""
    return [tuple(row) for row in session.connection().exec_driver_sql(sql, params)]


def _load_aids(session: Session) -> Aids:
    rows = _rows(
        session, "SELECT word_group, word, asked, one_way FROM searchword ORDER BY position"
    )
    groups: list[SearchWordGroupOut] = []
    group_of: dict[tuple[str, ...], int] = {}
    for number, word, asked, one_way in rows:
        if number == len(groups):
            groups.append(SearchWordGroupOut(words=[], asked=[], one_way=[]))
        group = groups[number]
        (group.asked if asked else group.one_way if one_way else group.words).append(word)
        group_of[_key(_tokens(word))] = number
    words = [row[0] for row in _rows(session, "SELECT term FROM search_vocabulary")]
    vocabulary: dict[str, list[str]] = {}
    for word in words:
        if len(word) >= 3 and not word.isdigit():
            vocabulary.setdefault(word[0], []).append(word)
    questions = _rows(session, "SELECT question, slug FROM question ORDER BY position")
    titles = _rows(session, f"SELECT kind, title FROM search_index WHERE kind IN ({PAGES})")
    return Aids(
        groups=groups,
        group_of=group_of,
        vocabulary=vocabulary,
        known=frozenset(words),
        questions=[SearchSuggestionOut(question=q, url=urls.question(s)) for q, s in questions],
        names=[_naming_words(kind, title) for kind, title in titles],
        words=dict(_rows(session, "SELECT key, text FROM prose WHERE page = ?", (urls.SEARCH,))),
        passages=_load_passages(session),
        prose_pages=dict(_rows(session, "SELECT key, page FROM prose")),
    )


def _load_passages(session: Session) -> dict[str, Passage]:
    """Each passage with its facts' speakers, as the site's facts attribute them."""
    said: dict[str, list[Said]] = {}
    rows = _rows(
        session,
        'SELECT fact.passage_id, fact.start - passage.start, fact."end" - passage.start, '
        "speaker.kind, speaker.short, speaker.brief FROM fact "
        "JOIN passage ON passage.id = fact.passage_id "
        "JOIN speaker ON speaker.slug = fact.speaker_slug ORDER BY fact.start",
    )
    for passage_id, start, end, kind, short, brief in rows:
        relayed = re.findall(r"relayed by ([\w-]+)", short)
        names = tuple(_plain(name) for name in [re.sub(r"^the ", "", brief), *relayed])
        narrated = kind == "narration"
        said.setdefault(passage_id, []).append(Said(start, end, narrated, short, names))
    texts = _rows(session, "SELECT id, text FROM passage")
    return {ref: Passage(text, tuple(said.get(ref, []))) for ref, text in texts}


def _plain(words: str) -> str:
    """Lower case, quotation marks and curly apostrophes left out: to see if a sentence says
    a name ("the defense official “at the time”" in "A defense official at the time said")."""
    return re.sub(r"[“”\"]", "", words.lower()).replace("’", "'")


def _naming_words(kind: str, title: str) -> frozenset[str]:
    """The words a query must have to name a page (as `_named` decides): an official's
    surname; a phase's or region's whole name, "region" aside."""
    tokens = [_light(token) for token in _tokens(title)]
    if kind == "official":
        return frozenset(tokens[-1:])
    return frozenset(tokens) - {"region"}


@dataclass
class Term:
    """One thing the reader asked for: a word or phrase, and what is searched in its place."""

    word: str
    searched: list[str]
    how: SearchHow = "word"
    typed_too: bool = True  # searched[0] is the word typed (not for an `asked` word: "us")
    one_way: bool = False  # the word typed is a one-way word of its group ("one")

    def fts(self) -> str:
        """An FTS5 expression: its phrases OR-ed, each quoted so no input is FTS syntax. The
        word typed, if of four letters or more, also matches as a prefix ("footbrid" finds
        "footbridge"); a thesaurus word only in its stemmed forms ("exit" never finds
        "exited" by prefix nor "depart" "department")."""
        return _either([self._phrase(n, word) for n, word in enumerate(self.searched)])

    def as_typed(self, seen: tuple[str, ...]) -> bool:
        """Whether a marked word is a form of the word typed, not only of its group's words
        ("pull out" for "pull out", not "withdrawing"); a one-way word's group, and a nearest
        spelling, are what the reader meant."""
        if self.how != "word group" or self.one_way:
            return True
        if not self.typed_too:
            return False
        typed = _tokens(self.searched[0])
        return len(typed) == len(seen) and all(
            word.startswith(_light(token)) or (len(token) >= 5 and word[:5] == token[:5])
            for token, word in zip(typed, seen, strict=True)
        )

    def _phrase(self, position: int, searched: str) -> str:
        tokens = _tokens(searched)
        prefix = position == 0 and self.typed_too and len(tokens) == 1 and len(tokens[0]) >= 4
        return f'"{" ".join(tokens)}"' + ("*" if prefix else "")


def _either(phrases: list[str]) -> str:
    return phrases[0] if len(phrases) == 1 else "(" + " OR ".join(phrases) + ")"


@dataclass
class Reading:
    """The query as search reads it: its terms, the common words left out, its question words."""

    terms: list[Term] = field(default_factory=list)
    left_out: list[str] = field(default_factory=list)
    asks: set[str] = field(default_factory=set)


def read_query(query: str, found: Aids) -> Reading:
    """Split a query into terms: thesaurus phrases first (longest), then single words; drop
    common words unless nothing else is left, and a word said twice."""
    first_said: dict[str, str] = {}  # a word's folded form: how the reader first typed it
    for word in WORD.findall(arabic_text.strip_marks(query)):  # (a vowel mark splits a word)
        first_said.setdefault(_fold(word), word)
    words = list(first_said.values())[:MAX_WORDS]
    opener = {_fold(words[0])} & OPENERS if words else set()
    reading = Reading(asks={_fold(w) for w in words} & QUESTION_WORDS | opener)
    index = 0
    while index < len(words):
        size, term = _grouped(words[index:], found)
        word = words[index]
        if term:
            reading.terms.append(term)
        elif _fold(word) in STOP_WORDS:
            reading.left_out.append(word)
        elif _tokens(word):
            reading.terms.append(Term(word, _as_written(word)))
        index += size
    if not reading.terms and reading.left_out:  # only common words: search them after all
        reading.terms = [Term(word, [word]) for word in reading.left_out]
        reading.left_out = []
    return reading


def _as_written(word: str) -> list[str]:
    """A word, and a number of four digits or more also as the article writes it: "2500" is
    its "2,500" (a year, "2014", finds no "2,014", which no page writes)."""
    if re.fullmatch(r"[1-9]\d{3,}", word):
        return [word, f"{int(word):,}"]
    return [word]


def _grouped(words: list[str], found: Aids) -> tuple[int, Term | None]:
    """The longest thesaurus phrase the words start with (up to three words), as a term, and
    how many words it took; else one word and no term."""
    for size in (3, 2, 1):
        chunk = words[:size]
        key = _key(token for word in chunk for token in _tokens(word))
        if len(chunk) == size and key in found.group_of:
            group = found.groups[found.group_of[key]]
            typed = " ".join(chunk)
            # every other word of the group, as the help lists it: "kurd" for "kurds" too
            spelt = tuple(token for word in chunk for token in _tokens(word))
            others = [w for w in group.words if _tokens(w) != spelt]
            asked = any(_key(_tokens(w)) == key for w in group.asked)
            one_way = any(_key(_tokens(w)) == key for w in group.one_way)
            searched = others if asked else [typed, *others]
            return size, Term(typed, searched, "word group", not asked, one_way)
    return 1, None


def _marked(value: str) -> tuple[str, str]:
    plain = value.replace(OPEN, "").replace(CLOSE, "")
    html = str(escape(value)).replace(OPEN, "<mark>").replace(CLOSE, "</mark>")
    return plain, html


def _sentences(body: str) -> list[str]:
    """Split at sentence ends, never after an abbreviation ("U.S.", "Sept.") nor inside a
    quotation (“There is no need for a coalition. We have moved on…”), so a snippet keeps the
    sentence's speaker and never leaves a quotation mark open."""
    sentences, start = [], 0
    for end in SENTENCE_END.finditer(body):
        last = body[max(start, end.start() - 8) : end.start() + 1].translate(UNMARK).split()
        sentence = body[start : end.end()]
        if last and not last[-1].endswith(ABBREVIATIONS) and _closed(sentence):
            sentences.append(sentence.strip())
            start = end.end()
    sentences.append(body[start:].strip())
    return [sentence for sentence in sentences if sentence]


def _closed(text: str) -> bool:
    return text.count("“") <= text.count("”")


def _snippet(body: str, typed: str = "") -> str:
    """The whole sentence with the most words as typed, then the most marked words (the
    first, if none is marked); `typed` is the body with only the words as typed marked."""
    sentences = _sentences(body) or [body]
    as_typed = _sentences(typed) if typed else []
    if len(as_typed) != len(sentences):
        as_typed = [""] * len(sentences)
    pairs = zip(sentences, as_typed, strict=True)
    return max(pairs, key=lambda pair: (pair[1].count(OPEN), pair[0].count(OPEN)))[0]


Row = tuple[str, str, str, str, float]  # kind, ref, title and body with marked words, bm25


def _rank(row: Row, asks: set[str], grouped: int = 0) -> tuple[int, int, int, int, float]:
    """Questions and pages whose own words (a question, a page's name) match come first, those
    matching more first; a question counts double the question words it shares with the
    reader's ("how many", "when", or a first "are") and wins a tie, but a page named in full
    counts one more; then the rest, the timeline's restatements of dated facts after the
    article's words and ours that they restate ("september 15" finds al-Sudani's fact first).
    Ties go to fewer terms found only through a word group (`grouped`), then to bm25."""
    kind, _, title, _, score = row
    in_title = title.count(OPEN)
    if kind == "question" and in_title:
        words = [_fold(word) for word in WORD.findall(title.replace(OPEN, "").replace(CLOSE, ""))]
        own = set(words) & QUESTION_WORDS | {words[0]}
        return (0, -(in_title + 2 * len(asks & own)), 0, grouped, score)
    if kind in PAGE_KINDS and in_title:  # a page named in full outranks a question's words
        return (0, -(in_title + int(_named(kind, title))), 1, grouped, score)
    return (1, int(kind == "timeline"), 0, grouped, score)


@dataclass
class Found:
    """A row of the index that has some of the reader's terms: its text, the words that count
    in it (checked, as `_counts` does) and which terms it has, as typed or through a group."""

    kind: str
    ref: str
    title: str
    body: str
    spans: set[tuple[int, int, int]] = field(default_factory=set)  # (column, start, end)
    typed_spans: set[tuple[int, int, int]] = field(default_factory=set)  # of words as typed
    score: float = 0.0
    terms: set[int] = field(default_factory=set)
    typed: set[int] = field(default_factory=set)

    def row(self) -> Row:
        return (self.kind, self.ref, self._marked(0, self.title), self._marked(1, self.body),
                self.score)  # fmt: skip

    def typed_body(self) -> str:
        return self._marked(1, self.body, self.typed_spans)

    def _marked(
        self, column: int, value: str, spans: set[tuple[int, int, int]] | None = None
    ) -> str:
        """The value with its counted words between the markers, overlapping ones joined."""
        out, position = [], 0
        for _, start, end in sorted(span for span in (spans or self.spans) if span[0] == column):
            if end <= position:
                continue
            start = max(start, position)
            out += [value[position:start], OPEN, value[start:end], CLOSE]
            position = end
        return "".join([*out, value[position:]]).replace(CLOSE + OPEN, "")


def _unmarked(value: str) -> tuple[str, list[tuple[int, int]]]:
    """A highlighted value as plain text and the spans FTS5 marked in it."""
    if OPEN not in value:
        return value, []
    plain: list[str] = []
    spans, position, at = [], 0, 0
    while (start := value.find(OPEN, at)) >= 0:
        end = value.find(CLOSE, start)
        word = value[start + 1 : end]
        plain += [value[at:start], word]
        position += start - at
        spans.append((position, position + len(word)))
        position += len(word)
        at = end + 1
    plain.append(value[at:])
    return "".join(plain), spans


def _counts(words: list[tuple[str, ...]], text: str, start: int, end: int) -> bool:
    """Whether a word the index marked is one of the words searched for: not a word the
    stemmer only reads alike (it stems "one" to "on"), so a word of three letters or less
    must be itself or its plural, a longer one begin as it does ("second" is not a "2"); and
    not part of a larger number ("2" of "2,500")."""
    match = _same(tuple(words), _tokens(text[start:end]))
    return match == "word" or (match == "number" and not _in_number(text, start, end))


@lru_cache(maxsize=4096)
def _same(words: tuple[tuple[str, ...], ...], seen: tuple[str, ...]) -> str:
    """How a marked word's tokens match one of the words: "word", "number" (then it must not
    be part of a larger one) or "" (no match)."""
    found = ""
    for tokens in words:
        if len(tokens) == len(seen) and all(
            word == token
            if token.isdigit()
            else word.startswith(_light(token)[:5]) and word not in NOT_FORMS.get(token, ())
            if len(token) > 3
            else word in (token, f"{token}s", f"{token}es")
            for token, word in zip(tokens, seen, strict=True)
        ):
            if not any(token.isdigit() for token in tokens):
                return "word"
            found = "number"
    return found


def _misread(token: str) -> bool:
    """Whether the index may mark words that are not this one: a short word or a number (the
    stemmer's "on" for "one", "2" of "2,500"), or a word with forms it must not count."""
    return len(token) <= 3 or token.isdigit() or token in NOT_FORMS


def _in_number(text: str, start: int, end: int) -> bool:
    return bool(
        NUMBER_AROUND.search(text[max(0, start - 2) : start])
        or NUMBER_AROUND.search(text[end : end + 2])
    )


class _Judge:
    """Which marked words count for each term: a word the index marked is kept if the term
    claims it (`_claims`), and a short word or number only if it is that word or number."""

    def __init__(self, terms: list[Term]) -> None:
        self.terms = terms
        self.words = [[_tokens(word) for word in term.searched] for term in terms]
        self.groups = [tuple(ws) for ws in self.words]
        self.checked = [any(_misread(t) for word in ws for t in word) for ws in self.words]
        self.judged: dict[tuple[int, tuple[str, ...]], tuple[bool, bool]] = {}

    def judge(self, number: int, seen: tuple[str, ...]) -> tuple[bool, bool]:
        """(claimed, as typed) for one marked word, worked out once per query."""
        if (number, seen) not in self.judged:
            claimed = self.checked[number] or _claims(self.words[number], seen)
            typed = claimed and self.terms[number].as_typed(seen)
            self.judged[number, seen] = (claimed, typed)
        return self.judged[number, seen]

    def claims(
        self, number: int, marks: list[tuple[tuple[int, int, int], tuple[str, ...]]],
        texts: tuple[str, str],
    ) -> tuple[set[tuple[int, int, int]], set[tuple[int, int, int]]]:  # fmt: skip
        """The marks this term claims, and those of them that are the words as typed."""
        claimed, typed = set(), set()
        for mark, tokens in marks:
            ours, as_typed = self.judge(number, tokens)
            if ours and self.checked[number]:
                match = _same(self.groups[number], tokens)
                ours = match == "word" or (
                    match == "number" and not _in_number(texts[mark[0]], *mark[1:])
                )
            if ours:
                claimed.add(mark)
                if as_typed:
                    typed.add(mark)
        return claimed, typed


def _lookup_every(session: Session, terms: list[Term]) -> list[Found]:
    """The rows with every term, in one query: FTS5 finds them, then each short word or number
    must count (`_counts`) or the row lacks it; each marked word is kept if a term claims it."""
    every = " AND ".join(term.fts() for term in terms)
    judge = _Judge(terms)
    found = []
    for _, kind, ref, title, body, score in _bounded(session, every):
        hit = Found(kind, ref, _unmarked(title or "")[0], _unmarked(body or "")[0])
        if _claim_every(hit, judge, title, body or ""):
            hit.score = score
            found.append(hit)
    return found


def _claim_every(hit: Found, judge: _Judge, title: str, body: str) -> bool:
    """Mark in `hit` what each term claims; False if a checked term claims nothing (the index
    read a short word or a number more widely than we do)."""
    texts = (hit.title, hit.body)
    marked = [(0, a, b) for a, b in _unmarked(title)[1]]
    marked += [(1, a, b) for a, b in _unmarked(body)[1]]
    marks = [(mark, _tokens(texts[mark[0]][mark[1] : mark[2]])) for mark in marked]
    for number, term in enumerate(judge.terms):
        claimed, typed = judge.claims(number, marks, texts)
        if judge.checked[number] and not claimed:
            return False
        hit.spans |= claimed
        hit.terms.add(number)
        if typed or (not claimed and term.how != "word group"):
            hit.typed.add(number)
            hit.typed_spans |= typed
    return True


def _claims(words: list[tuple[str, ...]], seen: tuple[str, ...]) -> bool:
    """Whether a marked word is likely a form of one of these (longer) words: each of its
    words begins as theirs does, up to five letters ("agreed" of "agree", "Kurds" of "kurd")."""
    return any(
        len(tokens) == len(seen)
        and all(
            word.startswith(_light(token)[:5]) or len(token) <= 3
            for token, word in zip(tokens, seen, strict=True)
        )
        for tokens in words
    )


def _lookup(session: Session, terms: list[Term], found: dict[int, Found]) -> None:
    """Look each term up on its own (when no row has every term, to find which have some, and
    which terms the index lacks) and keep in `found` the rows where a marked word counts
    (`_counts`), with the terms they have and which of them as typed (`Term.as_typed`)."""
    for number, term in enumerate(terms):
        tokens = [_tokens(word) for word in term.searched]
        # Only a short word, a number or a word with NOT_FORMS can be misread (`_misread`).
        check = any(_misread(token) for word in tokens for token in word)
        for rowid, kind, ref, title, body, score in _bounded(session, term.fts()):
            plain_title, in_title = _unmarked(title)
            plain_body, in_body = _unmarked(body or "")
            spans = {
                (0, a, b) for a, b in in_title if not check or _counts(tokens, plain_title, a, b)
            }
            spans |= {
                (1, a, b) for a, b in in_body if not check or _counts(tokens, plain_body, a, b)
            }
            if not spans:
                continue
            hit = found.setdefault(rowid, Found(kind, ref, plain_title, plain_body))
            hit.spans |= spans
            hit.score += score
            hit.terms.add(number)
            texts = (plain_title, plain_body)
            typed = {m for m in spans if term.as_typed(_tokens(texts[m[0]][m[1] : m[2]]))}
            if typed:
                hit.typed.add(number)
                hit.typed_spans |= typed


def _speaking(kind: str, ref: str, sentence: str, found: Aids) -> str:
    """Who speaks in a passage's sentence, as the facts quoting it attribute it ("Iraqi Prime
    Minister Mohammed Shia al-Sudani, in an interview with Bloomberg: "), where the sentence
    does not name them itself; empty for other hits and for passages no fact quotes."""
    passage = found.passages.get(ref) if kind == "passage" else None
    if not passage or not passage.said:
        return ""
    plain = sentence.translate(UNMARK)
    start = passage.text.find(plain)
    end = start + len(plain)
    overlapping = [said for said in passage.said if said.start < end and said.end > start]
    before = [said for said in passage.said if said.end <= start and not said.narrated]
    voices = sorted(overlapping, key=lambda said: _loudness(said, start, end))
    if not voices or PRONOUN.match(plain):  # "He also said…": who spoke before it
        voices = before[-1:] + voices
    if start < 0 or not voices:
        return ""
    voice = _unnamed(voices[0], overlapping, start, _plain(plain))
    return voice.short[0].upper() + voice.short[1:] + ": " if voice else ""


def _loudness(said: Said, start: int, end: int) -> tuple[bool, int]:
    """A quoted voice before the narration; of those, the one saying most of the sentence:
    the lead's "U.S. troops will remain in Iraq" is U.S. officials', not its dateline's."""
    return said.narrated, -(min(said.end, end) - max(said.start, start))


def _unnamed(voice: Said, overlapping: list[Said], start: int, plain: str) -> Said | None:
    """The voice to name before the sentence: none if the sentence names it, unless the
    article's narration begins the sentence, which is then the article's telling though it
    names whose words it reports ("The U.S. declared… saying they would remain…"): it carries
    "The article: " as the passage's other narrated sentences do."""
    if not all(name in plain for name in voice.names):
        return voice
    told = [said for said in overlapping if said.narrated and said.start == start]
    if not told or all(name in plain for name in told[0].names):
        return None
    return told[0]


def _title(kind: str, ref: str, title: str, found: Aids, names: Mapping[str, str]) -> str:
    """A heading for the hit: a passage's number; the page showing a piece of our prose, by
    the name `names` gives it (the registry's, handed in: search sits below the registry)."""
    if kind == "passage":
        return gettext("Passage %(number)s") % {"number": ref.removeprefix("p-")}
    if kind == "prose":
        path = found.prose_pages[ref]
        return gettext("On %(page)s") % {"page": gettext(names.get(path, path))}
    return _marked(title)[0]


def _hit(row: Row, found: Aids, names: Mapping[str, str], typed: str = "") -> SearchHitOut:
    kind, ref, title, body, _ = row
    sentence = _snippet(body or "", typed)
    speaker = _speaking(kind, ref, sentence, found)
    snippet_plain, snippet_html = _marked(sentence)
    if kind == "prose":  # the page that shows it, as the build stored it
        url = found.prose_pages[ref]
        api_url = urls.twin(url)
    else:
        page, api = LINKS.get(kind, LINKS["fact"])
        url, api_url = page(ref), api(ref)
    return SearchHitOut(
        kind=kind,
        id=ref,
        title=_title(kind, ref, title, found, names),
        snippet=speaker + snippet_plain,
        snippet_html=str(escape(speaker)) + _in_english(sentence, snippet_html),
        url=url,
        api_url=api_url,
    )


def _in_english(sentence: str, html: str) -> str:
    """In the Arabic edition, a sentence of the article's English (a passage's, a quote's)
    marked English and set left to right (WCAG 3.1.2, language of parts); the speaker named
    before it stays Arabic. English text is unchanged."""
    if urls.lang() != "ar" or arabic_text.ARABIC.search(sentence):
        return html
    return f'<span lang="en" dir="ltr">{html}</span>'


def _out(query: str, found: Aids, **fields: object) -> SearchOut:
    """The answer, with what every search page offers: the questions and the word groups."""
    return SearchOut.model_validate(
        {"query": query, "suggestions": found.questions, "word_groups": found.groups, **fields}
    )


UNNAMED: Mapping[str, str] = MappingProxyType({})  # no page names given: headings show paths


def search(*, session: Session, query: str, page_names: Mapping[str, str] = UNNAMED) -> SearchOut:
    """Find results with every word (in any of its forms or thesaurus words); else with the
    nearest spelling the index has; else with some of the words; saying which.

    `page_names` are the pages' names as the header and footer give them ("/phases": "The
    plan"), for the headings of prose hits (app/pages/registry.py's `page_names`)."""
    cleaned = query.replace("\x00", "").strip()
    found = aids(session)
    notice = None
    if len(cleaned) > MAX_QUERY:
        cleaned = cleaned[:MAX_QUERY]
        notice = found.say("long", count=MAX_QUERY)
    reading = read_query(cleaned, found)
    if not reading.terms:
        empty = found.say("no-words" if cleaned else "empty")
        return _out(cleaned, found, notice=notice or empty, mode="empty", did="")
    try:
        with _time_limit(session):
            mode, hits = _find(session, reading, found)
            rows = [hit.row() for hit in hits]
            if mode in ("all", "near-miss") and _may_name_a_page(reading, found):
                rows += _named_pages(session, reading, {(row[0], row[1]) for row in rows})
    except (OperationalError, sqlite3.OperationalError) as error:  # (lookups use the driver)
        if "interrupted" not in str(error):
            raise
        return _out(cleaned, found, notice=SLOW, mode="none", did="")
    _order(rows, mode, hits, reading)
    typed = {(hit.kind, hit.ref): hit for hit in hits if hit.typed_spans != hit.spans}
    notices = [notice] if notice else []
    notices += _notices(mode, reading, found, bool(rows))
    return _out(
        cleaned,
        found,
        notice=" ".join(notices) or None,
        mode=mode,
        did=_did(reading, found),
        terms=[SearchTermOut(word=t.word, searched=t.searched, how=t.how) for t in reading.terms],
        left_out=reading.left_out,
        results=[
            _hit(
                row,
                found,
                page_names,
                typed[row[0], row[1]].typed_body() if (row[0], row[1]) in typed else "",
            )
            for row in rows
        ],
    )


def _order(rows: list[Row], mode: str, hits: list[Found], reading: "Reading") -> None:
    """Some words: those with more of the reader's terms first, then by bm25. Otherwise by
    rank (`_rank`) and, within each rank, the words as typed before a word group's: "leave"
    lists "leaving" before "withdraw". A page the query names (not a hit of its own) has the
    words typed in its name."""
    if mode == "some":
        having = {(hit.kind, hit.ref): len(hit.terms) for hit in hits}
        rows.sort(key=lambda row: (-having[row[0], row[1]], row[4]))
        return
    grouped = {(hit.kind, hit.ref): len(hit.terms - hit.typed) for hit in hits}
    rows.sort(key=lambda row: _rank(row, reading.asks, grouped.get((row[0], row[1]), 0)))


def _notices(mode: str, reading: "Reading", found: Aids, any_rows: bool) -> list[str]:
    """What search says it did: a nearest spelling used, some words only, nothing found."""
    said = [
        found.say("nearest", word=term.word, nearest=term.searched[0])
        for term in reading.terms
        if term.how == "nearest word" and any_rows
    ]
    return said + ([found.say(MODE_NOTICES[mode])] if mode in MODE_NOTICES else [])


def _said(term: Term, found: Aids) -> str:
    """One term as searched: the word, and the words searched for it (the seed's wording)."""
    if term.how == "word group" and not term.typed_too:
        return found.say("term-as", word=term.word, words=gettext(", ").join(term.searched))
    if term.how == "word group":
        return found.say("term-or", word=term.word, words=gettext(", ").join(term.searched[1:]))
    if term.how == "nearest word" and term.searched[1:]:
        others = gettext(", ").join(term.searched[1:])
        return found.say("term-nearest-or", nearest=term.searched[0], word=term.word, words=others)
    if term.how == "nearest word":
        return found.say("term-nearest", nearest=term.searched[0], word=term.word)
    return term.word


def _did(reading: Reading, found: Aids) -> str:
    """One sentence saying what was searched for: each term with the words searched for it."""
    terms = gettext("; ").join(_said(term, found) for term in reading.terms)
    if reading.left_out:
        return found.say("did-left-out", terms=terms, words=gettext(", ").join(reading.left_out))
    return found.say("did", terms=terms)


def _find(session: Session, reading: Reading, found: Aids) -> tuple[str, list[Found]]:
    """Every word; then nearest spellings for words the index lacks; then any word."""
    terms = reading.terms
    hits: dict[int, Found] = {}
    every = _lookup_every(session, terms)
    if every:
        return "all", every
    _lookup(session, terms, hits)
    respelt = False
    had = {number for hit in hits.values() for number in hit.terms}
    missing = [t for n, t in enumerate(terms) if n not in had and t.how == "word"]
    for term in missing[:MAX_NEAR]:  # each costs a scan of the vocabulary
        nearest = _nearest(term.word, found)
        if nearest:
            key = _key(_tokens(nearest))
            group = found.groups[found.group_of[key]].words if key in found.group_of else []
            others = [word for word in group if _tokens(word) != _tokens(nearest)]
            term.searched, term.how, respelt = [nearest, *others], "nearest word", True
    if respelt:
        hits = {}
        every = _lookup_every(session, terms)
        if every:
            return "near-miss", every
        _lookup(session, terms, hits)
    if len(terms) > 1 and hits:
        return "some", list(hits.values())
    return "none", []


def _may_name_a_page(reading: Reading, found: Aids) -> bool:
    """Whether the query has, among two terms or more, the words that name some page: only
    then is it worth asking the index which pages it names."""
    if len(reading.terms) < 2:
        return False
    words = {_light(t) for term in reading.terms for w in term.searched for t in _tokens(w)}
    return any(name <= words for name in found.names)


def _named_pages(
    session: Session, reading: Reading, listed: set[tuple[str, str]]
) -> list[tuple[str, str, str, str, float]]:
    """The pages a query names ("when does phase 2 end" names Phase 2), though they lack some
    of its other words: a phase or region whose whole name matched ("region" aside), an
    official whose surname did."""
    any_word = " OR ".join(term.fts() for term in reading.terms)
    rows = [row[1:] for row in _bounded(session, f"title : ({any_word})", limit=20, kinds=PAGES)]
    return [row for row in rows if (row[0], row[1]) not in listed and _named(row[0], row[2])]


def _named(kind: str, title: str) -> bool:
    if kind == "official":
        return title.rstrip().endswith(CLOSE)
    unmarked = re.sub(f"{OPEN}[^{CLOSE}]*{CLOSE}", "", title)
    return not re.search(r"\w", re.sub(r"\bregion\b", "", unmarked, flags=re.I))


def _nearest(word: str, found: Aids) -> str | None:
    """The index's word closest in spelling to a word it lacks, if close enough."""
    tokens = _tokens(word)
    if len(tokens) != 1 or len(tokens[0]) < 4 or tokens[0] in found.known:
        return None
    close = difflib.get_close_matches(
        tokens[0], found.vocabulary.get(tokens[0][0], []), n=1, cutoff=NEAR_CUTOFF
    )
    return close[0] if close else None


def _deadline(seconds: float) -> Callable[[], int]:
    """A progress handler that asks SQLite to stop once `seconds` have passed."""
    until = time.monotonic() + seconds
    return lambda: int(time.monotonic() > until)


def _driver(session: Session) -> sqlite3.Connection:
    """The session's own sqlite3 connection: search sets its progress handler and runs the
    FTS query on it directly (no SQL to compile: quicker)."""
    raw = session.connection().connection.driver_connection
    if not isinstance(raw, sqlite3.Connection):
        raise TypeError(f"search needs the sqlite3 driver, not {type(raw).__name__}")
    return raw


@contextmanager
def _time_limit(session: Session) -> Iterator[None]:
    """Within it, SQLite stops any query once MAX_SECONDS have passed since it began: one
    limit for all of a search's lookups (it raises OperationalError, "interrupted")."""
    raw = _driver(session)
    raw.set_progress_handler(_deadline(MAX_SECONDS), 100)
    try:
        yield
    finally:
        raw.set_progress_handler(None, 0)


def _bounded(
    session: Session,
    fts: str,
    limit: int = EVERY,
    kinds: str = ALL_KINDS,
) -> list[tuple[int, str, str, str, str, float]]:
    """Run the search query (call it within `_time_limit`): rowid, then a `Row`."""
    params = {"open": OPEN, "close": CLOSE, "query": fts, "limit": limit}
    return list(_driver(session).execute(SQL.format(kinds=kinds), params))


def search_key(query: bytes) -> str:
    """The part of a search's query string that changes its answer: `q`, as search reads it.

    Other parameters (`utm_*`, `fbclid`) are dropped, and only the first MAX_QUERY + 1
    characters count: anything longer is cut to MAX_QUERY with the same notice.
    """
    pairs = parse_qsl(query.decode("latin-1"), keep_blank_values=True)
    values = [value for name, value in pairs if name == "q"]
    text = values[-1] if values else ""
    text = text.replace("\x00", "").strip()
    # One character past the limit says "too long" (search cuts and gives notice); it must not
    # be a space, which search would strip, losing the notice.
    return text[:MAX_QUERY] + text[MAX_QUERY:].lstrip()[:1]


def search_query(key: str) -> bytes:
    """The canonical query string that renders the search `key`."""
    return urlencode({"q": key}).encode() if key else b""
