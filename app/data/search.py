"""Full-text search over the article, its facts, our questions and the pages for phases, regions
and officials (SQLite FTS5, porter stemming), safe for any input and forgiving of readers.

A query is read the way a reader means it: common words of a plain-language question ("when",
"are", "the") are left out, each remaining word also finds its other forms (the index is
stemmed, and a word of four letters or more matches as a prefix) and the other words of its
group in our editorial thesaurus (seed `[[thesaurus]]`: "Kurdish" finds "Kurdistan"). Results
must have every word; failing that, a word the index lacks is replaced by the nearest word it
has ("Abassi" → "abbassi"); failing that, results with some of the words are shown, ranked.
The answer always says which of these it did (`mode`, `terms`, `did`, `notice`).
"""

import difflib
import re
import time
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from markupsafe import escape
from sqlalchemy import text
from sqlalchemy.exc import OperationalError
from sqlmodel import Session

from app.data import urls
from app.data.prose import fill
from app.data.prose_keys import InterfaceKey
from app.data.schemas import (
    SearchHitOut,
    SearchOut,
    SearchSuggestionOut,
    SearchTermOut,
    SearchWordGroupOut,
)

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
    "SELECT kind, ref, highlight(search_index, 2, :open, :close), "
    "highlight(search_index, 3, :open, :close), bm25(search_index, 0, 0, 2.0, 1.0) "
    "FROM search_index WHERE search_index MATCH :query AND kind IN ({kinds}) "
    "ORDER BY bm25(search_index, 0, 0, 2.0, 1.0) LIMIT :limit"
)
ALL_KINDS = "'passage', 'fact', 'question', 'phase', 'region', 'official'"
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
WORD = re.compile(r"\w+(?:[-.'’]\w+)*")
PAGE_KINDS = ("phase", "region", "official")
UNMARK = {ord(OPEN): None, ord(CLOSE): None}
MARKED = re.compile(f"{OPEN}([^{CLOSE}]*){CLOSE}")
SENTENCE_END = re.compile(r"[.?!][”\ue001]*\s+")
ABBREVIATIONS = ("U.S.", "Sept.", "Oct.", "Nov.", "Dec.", "Jan.", "Feb.", "Aug.", "D.C.")
LINKS: dict[str, tuple[Callable[[str], str], Callable[[str], str]]] = {
    "passage": (urls.passage, urls.passage_api),
    "fact": (urls.fact, urls.fact_api),
    "question": (urls.question, urls.question_api),
    "phase": (urls.phase, urls.phase_api),
    "region": (urls.region, urls.region_api),
    "official": (urls.speaker, urls.speaker_api),
}


def _fold(word: str) -> str:
    """Lower case without accents, as the index's tokenizer folds them."""
    if word.isascii():
        return word.lower()
    decomposed = unicodedata.normalize("NFKD", word.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


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


_AIDS: dict[tuple[str, str], Aids] = {}


def aids(session: Session) -> Aids:
    """The search aids of the database this session reads, loaded once per build."""
    built = session.connection().exec_driver_sql(
        "SELECT group_concat(value, ' ') FROM meta WHERE key IN ('seed_hash', 'built_at')"
    )
    key = (str(session.get_bind().url), str(built.scalar()))
    if key not in _AIDS:
        _AIDS.clear()  # one build is served at a time
        _AIDS[key] = _load_aids(session)
    return _AIDS[key]


def _load_aids(session: Session) -> Aids:
    connection = session.connection()
    rows = connection.exec_driver_sql(
        "SELECT word_group, word, asked FROM searchword ORDER BY position"
    ).all()
    groups: list[SearchWordGroupOut] = []
    group_of: dict[tuple[str, ...], int] = {}
    for number, word, asked in rows:
        if number == len(groups):
            groups.append(SearchWordGroupOut(words=[], asked=[]))
        (groups[number].asked if asked else groups[number].words).append(word)
        group_of[_key(_tokens(word))] = number
    words = [row[0] for row in connection.exec_driver_sql("SELECT term FROM search_vocabulary")]
    vocabulary: dict[str, list[str]] = {}
    for word in words:
        if len(word) >= 3 and not word.isdigit():
            vocabulary.setdefault(word[0], []).append(word)
    questions = connection.exec_driver_sql(
        "SELECT question, slug FROM question ORDER BY position"
    ).all()
    titles = connection.exec_driver_sql(
        f"SELECT kind, title FROM search_index WHERE kind IN ({PAGES})"
    ).all()
    return Aids(
        groups=groups,
        group_of=group_of,
        vocabulary=vocabulary,
        known=frozenset(words),
        questions=[SearchSuggestionOut(question=q, url=urls.question(s)) for q, s in questions],
        names=[_naming_words(kind, title) for kind, title in titles],
        words=dict(
            connection.exec_driver_sql(
                "SELECT key, text FROM prose WHERE page = ?", (urls.SEARCH,)
            ).all()
        ),
    )


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
    how: str = "word"  # word | word group | nearest word
    typed_too: bool = True  # searched[0] is the word typed (not for an `asked` word: "us")

    def fts(self) -> str:
        """An FTS5 expression: its phrases OR-ed, each quoted so no input is FTS syntax. The
        word typed, if of four letters or more, also matches as a prefix ("footbrid" finds
        "footbridge"); a thesaurus word only in its stemmed forms ("exit" never finds
        "exited" by prefix nor "depart" "department")."""
        phrases = []
        for position, searched in enumerate(self.searched):
            tokens = _tokens(searched)
            first = position == 0 and self.typed_too
            prefix = first and len(tokens) == 1 and len(tokens[0]) >= 4
            star = "*" if prefix else ""
            phrases.append(f'"{" ".join(tokens)}"{star}')
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
    seen: set[str] = set()
    words = [w for w in WORD.findall(query) if not (_fold(w) in seen or seen.add(_fold(w)))]
    words = words[:MAX_WORDS]
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
            reading.terms.append(Term(word, [word]))
        index += size
    if not reading.terms and reading.left_out:  # only common words: search them after all
        reading.terms = [Term(word, [word]) for word in reading.left_out]
        reading.left_out = []
    return reading


def _grouped(words: list[str], found: Aids) -> tuple[int, Term | None]:
    """The longest thesaurus phrase the words start with (up to three words), as a term, and
    how many words it took; else one word and no term."""
    for size in (3, 2, 1):
        chunk = words[:size]
        key = _key(token for word in chunk for token in _tokens(word))
        if len(chunk) == size and key in found.group_of:
            group = found.groups[found.group_of[key]]
            typed = " ".join(chunk)
            others = [w for w in group.words if _key(_tokens(w)) != key]
            asked = any(_key(_tokens(w)) == key for w in group.asked)
            searched = others if asked else [typed, *others]
            return size, Term(typed, searched, "word group", typed_too=not asked)
    return 1, None


def _marked(value: str) -> tuple[str, str]:
    plain = value.replace(OPEN, "").replace(CLOSE, "")
    html = str(escape(value)).replace(OPEN, "<mark>").replace(CLOSE, "</mark>")
    return plain, html


def _sentences(body: str) -> list[str]:
    """Split at sentence ends, never after an abbreviation ("U.S.", "Sept."), so a snippet
    keeps the sentence's speaker."""
    sentences, start = [], 0
    for end in SENTENCE_END.finditer(body):
        last = body[max(start, end.start() - 8) : end.start() + 1].translate(UNMARK).split()
        if last and not last[-1].endswith(ABBREVIATIONS):
            sentences.append(body[start : end.end()].strip())
            start = end.end()
    sentences.append(body[start:].strip())
    return [sentence for sentence in sentences if sentence]


def _snippet(body: str) -> str:
    """The whole sentence with the most marked words (the first, if none is marked)."""
    sentences = _sentences(body) or [body]
    return max(sentences, key=lambda sentence: sentence.count(OPEN))


def _rank(row: tuple[str, str, str, str, float], asks: set[str]) -> tuple[int, int, int, float]:
    """Questions and pages whose own words (a question, a page's name) match come first, those
    matching more first; a question counts double the question words it shares with the
    reader's ("how many", "when", or a first "are") and wins a tie, but a page named in full
    counts one more; then the rest, by bm25."""
    kind, _, title, _, score = row
    in_title = title.count(OPEN)
    if kind == "question" and in_title:
        words = [_fold(word) for word in WORD.findall(title.replace(OPEN, "").replace(CLOSE, ""))]
        own = set(words) & QUESTION_WORDS | {words[0]}
        return (0, -(in_title + 2 * len(asks & own)), 0, score)
    if kind in PAGE_KINDS and in_title:  # a page named in full outranks a question's words
        return (0, -(in_title + int(_named(kind, title))), 1, score)
    return (1, 0, 0, score)


def _coverage(row: tuple[str, str, str, str, float], terms: list[Term]) -> int:
    """How many of the terms a hit's marked words match (by a light stem, either a prefix of
    the other: "withdraw" and "withdrawing")."""
    marked = {_light(token) for span in MARKED.findall(row[2] + row[3]) for token in _tokens(span)}
    return sum(
        any(
            seen.startswith(key) or key.startswith(seen)
            for key in {_light(_tokens(word)[0]) for word in term.searched if _tokens(word)}
            for seen in marked
        )
        for term in terms
    )


def _hit(row: tuple[str, str, str, str, float]) -> SearchHitOut:
    kind, ref, title, body, _ = row
    snippet_plain, snippet_html = _marked(_snippet(body or ""))
    page, api = LINKS.get(kind, LINKS["fact"])
    return SearchHitOut(
        kind=kind,
        id=ref,
        title=_marked(title)[0],
        snippet=snippet_plain,
        snippet_html=snippet_html,
        url=page(ref),
        api_url=api(ref),
    )


def _out(query: str, found: Aids, **fields: object) -> SearchOut:
    """The answer, with what every search page offers: the questions and the word groups."""
    return SearchOut.model_validate(
        {"query": query, "suggestions": found.questions, "word_groups": found.groups, **fields}
    )


def search(*, session: Session, query: str) -> SearchOut:
    """Find results with every word (in any of its forms or thesaurus words); else with the
    nearest spelling the index has; else with some of the words; saying which."""
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
        mode, rows = _find(session, reading, found)
        if mode in ("all", "near-miss") and _may_name_a_page(reading, found):
            rows += _named_pages(session, reading, {(row[0], row[1]) for row in rows})
    except OperationalError as error:
        if "interrupted" not in str(error):
            raise
        return _out(cleaned, found, notice=SLOW, mode="none", did="")
    if mode == "some":  # those with more of the reader's terms first, then by bm25
        rows.sort(key=lambda row: (-_coverage(row, reading.terms), row[4]))
    else:
        rows.sort(key=lambda row: _rank(row, reading.asks))
    notices = [notice] if notice else []
    notices += [
        found.say("nearest", word=term.word, nearest=term.searched[0])
        for term in reading.terms
        if term.how == "nearest word" and rows
    ]
    notices += [found.say(MODE_NOTICES[mode])] if mode in MODE_NOTICES else []
    return _out(
        cleaned,
        found,
        notice=" ".join(notices) or None,
        mode=mode,
        did=_did(reading, found),
        terms=[SearchTermOut(word=t.word, searched=t.searched, how=t.how) for t in reading.terms],
        left_out=reading.left_out,
        results=[_hit(row) for row in rows],
    )


def _said(term: Term, found: Aids) -> str:
    """One term as searched: the word, and the words searched for it (the seed's wording)."""
    if term.how == "word group" and not term.typed_too:
        return found.say("term-as", word=term.word, words=", ".join(term.searched))
    if term.how == "word group":
        return found.say("term-or", word=term.word, words=", ".join(term.searched[1:]))
    if term.how == "nearest word" and term.searched[1:]:
        others = ", ".join(term.searched[1:])
        return found.say("term-nearest-or", nearest=term.searched[0], word=term.word, words=others)
    if term.how == "nearest word":
        return found.say("term-nearest", nearest=term.searched[0], word=term.word)
    return term.word


def _did(reading: Reading, found: Aids) -> str:
    """One sentence saying what was searched for: each term with the words searched for it."""
    terms = "; ".join(_said(term, found) for term in reading.terms)
    if reading.left_out:
        return found.say("did-left-out", terms=terms, words=", ".join(reading.left_out))
    return found.say("did", terms=terms)


def _find(
    session: Session, reading: Reading, found: Aids
) -> tuple[str, list[tuple[str, str, str, str, float]]]:
    """Every word; then nearest spellings for words the index lacks; then any word."""
    terms = reading.terms
    rows = _bounded(session, " AND ".join(term.fts() for term in terms))
    if rows:
        return "all", rows
    respelt = False
    for term in [t for t in terms if t.how == "word"][:MAX_NEAR]:
        if not _bounded(session, term.fts(), limit=1):
            nearest = _nearest(term.word, found)
            if nearest:
                key = _key(_tokens(nearest))
                group = found.groups[found.group_of[key]].words if key in found.group_of else []
                others = [word for word in group if _key(_tokens(word)) != key]
                term.searched, term.how, respelt = [nearest, *others], "nearest word", True
    if respelt:
        rows = _bounded(session, " AND ".join(term.fts() for term in terms))
        if rows:
            return "near-miss", rows
    if len(terms) > 1:
        rows = _bounded(session, " OR ".join(term.fts() for term in terms))
        if rows:
            return "some", rows
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
    rows = _bounded(session, f"title : ({any_word})", limit=20, kinds=PAGES)
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


def _bounded(
    session: Session, fts: str, limit: int = 50, kinds: str = ALL_KINDS
) -> list[tuple[str, str, str, str, float]]:
    """Run the search query within MAX_SECONDS; SQLite raises OperationalError past it."""
    connection = session.connection()
    raw = connection.connection.driver_connection
    raw.set_progress_handler(_deadline(MAX_SECONDS), 100)  # type: ignore[union-attr]
    try:
        params = {"open": OPEN, "close": CLOSE, "query": fts, "limit": limit}
        sql = text(SQL.format(kinds=kinds))
        return [tuple(row) for row in connection.execute(sql, params)]  # type: ignore[misc]
    finally:
        raw.set_progress_handler(None, 0)  # type: ignore[union-attr]
