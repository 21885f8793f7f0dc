"""The only writer: check the facts against the article, then build the SQLite file atomically.

Run `python -m app.loader` after editing seed/facts.toml. Nothing is written unless every check
passes, and the new database replaces the old one in a single rename.
"""

import hashlib
import json
import os
import re
import sqlite3
import sys
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import partial
from pathlib import Path
from typing import Any

from sqlalchemy.exc import SQLAlchemyError
from sqlmodel import Session, SQLModel, col, create_engine, select

from app.config import Settings, SettingsError
from app.data import arabic_text, urls, words
from app.data.fragments import text_directive
from app.data.models import (
    Card,
    Correction,
    Event,
    Fact,
    Figure,
    Listing,
    Meta,
    Passage,
    Phase,
    Prose,
    Question,
    Region,
    RetiredFact,
    SearchWord,
    Speaker,
)
from app.data.prose import TEMPLATES
from app.data.prose_keys import (
    InterfaceKey,
    OverviewKey,
    PageKey,
    PhaseKey,
    QuestionKey,
    RegionKey,
    listing_page,
    parse,
    shown_on,
)
from app.data.queries import chain_afters
from app.loader.arabic import (
    GLOSSARY,
    arabic_seed,
    article_renderings,
    read_folder,
    reason_problems,
)
from app.loader.article import PassageSpan, SeedError, locate_quote, split_passages
from app.loader.checks import (
    check_arabic_corrections,
    check_corrections,
    check_quotation_marks,
    check_references,
    check_shares,
    check_terms,
    check_thesaurus,
)
from app.loader.fingerprint import seed_hash
from app.loader.schema import (
    CorrectionEntry,
    CorrectionsFile,
    SectionEntry,
    SeedFile,
    read_corrections_file,
    read_seed_dict,
    read_seed_file,
    seed_file,
)
from app.pages import registry


@dataclass(frozen=True)
class Coverage:
    cited: int
    body: int
    uncited: list[str]

    def line(self) -> str:
        share = 100 * self.cited / self.body if self.body else 100.0
        missing = f"; not cited: {', '.join(self.uncited)}" if self.uncited else ""
        return (
            f"coverage: {self.cited}/{self.body} body passages cited by at least one fact "
            f"({share:.0f}%){missing}"
        )


def _read_article(settings: Settings, seed: SeedFile) -> str:
    try:
        data = settings.article_path.read_bytes()
    except FileNotFoundError:
        raise SeedError(f"article not found: {settings.article_path}") from None
    actual = hashlib.sha256(data).hexdigest()
    if actual != seed.article.sha256:
        raise SeedError(
            f"article.txt has sha256 {actual}, but facts.toml expects {seed.article.sha256}: "
            "the article changed, so every quote must be checked again"
        )
    return data.decode("utf-8")


def _rows(
    seed: SeedFile,
    article: str,
    spans: list[PassageSpan],
    translations: dict[str, str] | None = None,
) -> list[SQLModel]:
    """Build every row, locating each quote; raises SeedError on the first that fails.
    `translations` are the Arabic edition's of the quotes, by fact id."""
    rows: list[SQLModel] = [
        Passage(
            id=s.id,
            number=s.number,
            kind=seed.passages.kind_of(s.number),
            text=s.text,
            start=s.start,
            end=s.end,
        )
        for s in spans
    ]
    for position, speaker in enumerate(seed.speakers):
        rows.append(Speaker(position=position, **speaker.model_dump()))
    # The article page lists, under each passage, the statements citing it, and those may
    # repeat the article's words: a fragment must select its quote once on the page, so it is
    # made unique against the statements too (the article comes first: offsets still hold).
    page = "\n".join([article, *(entry.statement for entry in seed.facts)])
    for position, entry in enumerate(seed.facts):
        start, end, span = locate_quote(
            article, spans, fact_id=entry.id, quote=entry.quote, passage_hint=entry.passage
        )
        fields = entry.model_dump(exclude={"speaker", "passage", "share"})
        try:
            directive = text_directive(page, start, end, within=(span.start, span.end))
        except ValueError:
            raise SeedError(
                f"fact '{entry.id}': its quote is a whole passage that a statement repeats word "
                "for word, so no link can single it out on the article page; reword the statement"
            ) from None
        rows.append(
            Fact(
                position=position,
                speaker_slug=entry.speaker,
                passage_id=span.id,
                start=start,
                end=end,
                fragment=directive.encode(),
                share_title=entry.share_title,
                share_description=entry.share_description,
                translation=(translations or {}).get(entry.id),
                **fields,
            )
        )
    rows += [
        Event(
            id=number,
            fact_id=e.fact,
            placed_earliest=e.placed.first if e.placed else None,
            placed_latest=e.placed.last if e.placed else None,
            placed_candidates=",".join(e.placed.candidates) if e.placed else None,
            placed_weekday=e.placed.weekday if e.placed else None,
            placed_period=bool(e.placed and e.placed.period),
            **e.model_dump(exclude={"fact", "placed"}),
        )
        for number, e in enumerate(seed.events, start=1)
    ]
    rows += [Figure(fact_id=f.fact, **f.model_dump(exclude={"fact"})) for f in seed.figures]
    return rows + _page_rows(seed)


def _page_rows(seed: SeedFile) -> list[SQLModel]:
    """Phases, regions, the fact lists every page shows and the prose beside them."""
    rows: list[SQLModel] = []
    pages, interface = registry.prose_pages(), registry.interface_pages()
    prose = {"description", "mapping", "title", "dated", "where", "match", "sections", "event"}
    # Each phase and region points at its event's row (numbered as in _rows), where its
    # date is stated once; the checks made sure exactly one event has that fact.
    event_ids = {event.fact: number for number, event in enumerate(seed.events, start=1)}
    for position, region in enumerate(seed.regions):
        rows.append(
            Region(
                position=position,
                phase_number=region.phase,
                event_id=event_ids[region.event],
                **region.model_dump(exclude={"phase", *prose}),
            )
        )
        rows += _listings(listing_page("region", region.slug), region.sections)
    for phase in seed.phases:
        fields = phase.model_dump(exclude={"region", *prose})
        rows.append(Phase(region_slug=phase.region, event_id=event_ids[phase.event], **fields))
        rows += _listings(listing_page("phase", phase.slug), phase.sections)
    for page, sections in _page_sections(seed).items():
        rows += _listings(page, sections)
    numbers = enumerate(seed.overview.numbers, 1)
    figures = {str(OverviewKey("number", n)): entry.figure for n, entry in numbers}
    rows += [
        Prose(
            key=key,
            text=entry.text,
            fact_ids=" ".join(entry.facts),
            label=figures.get(key),
            page=shown_on(parse(key), pages, interface),
            terms="\n".join(entry.terms),
        )
        for key, entry in seed.all_prose().items()
    ]
    rows += [  # the site's words about itself: no fact, shown where their entry says
        Prose(key=str(InterfaceKey(name)), text=text, fact_ids="", page=interface[name])
        for name, text in seed.interface.items()
    ]
    rows += [
        Question(
            slug=q.slug,
            position=position,
            section=q.section,
            question=q.question,
            sentences=len(q.answer),
            on_overview=q.on_overview,
        )
        for position, q in enumerate(seed.questions)
    ]
    words = [
        (n, word, word in group.asked, word in group.one_way)
        for n, group in enumerate(seed.thesaurus)
        for word in [*group.words, *group.asked, *group.one_way]
    ]
    rows += [
        SearchWord(word=w, word_group=n, position=p, asked=a, one_way=o)
        for p, (n, w, a, o) in enumerate(words)
    ]
    return rows


def _correction_rows(log: CorrectionsFile) -> list[SQLModel]:
    """The English corrections and the retired facts. The Arabic edition's corrections are
    `_arabic_correction_rows`', made from its words."""
    rows: list[SQLModel] = [
        Correction(
            fact_id=entry.fact,
            prose_key=entry.prose,
            date=entry.date.isoformat(),
            before=entry.before,
            reason=entry.reason,
        )
        for entry in log.corrections
        if entry.lang == "en"
    ]
    return rows + _retired_rows(log)


def _retired_rows(log: CorrectionsFile) -> list[SQLModel]:
    return [
        RetiredFact(**{**entry.model_dump(), "date": entry.date.isoformat()})
        for entry in log.retired
    ]


def _arabic_correction_rows(
    log: CorrectionsFile, rows: list[SQLModel], article: str, glossary: dict[str, Any]
) -> list[Correction]:
    """The Arabic edition's corrections (`lang = "ar"`), checked against the Arabic words just
    made (`rows`) as the English ones are against the English, each with the wording it made:
    both databases hold them (the English one lists them on /corrections, the Arabic one shows
    them on its fact pages), and the English one has no Arabic to chain them from."""
    published = {row.id: row.statement for row in rows if isinstance(row, Fact)}
    published |= {  # prose on a page the Arabic edition has: its words are published in Arabic
        row.key: row.text for row in rows if isinstance(row, Prose) and urls.arabic_has(row.page)
    }
    entries = [entry for entry in log.corrections if entry.lang == "ar"]
    check_arabic_corrections(entries, published, article)
    for entry in entries:
        where = f"Arabic correction of '{entry.key}' on {entry.date}: reason_ar"
        found = reason_problems(where, entry.reason, entry.reason_ar or "", article, glossary)
        if found:
            raise SeedError(found[0])
    histories: dict[str, list[CorrectionEntry]] = {}
    for entry in entries:
        histories.setdefault(entry.key, []).append(entry)
    afters = {
        id(entry): after
        for key, history in histories.items()
        for entry, after in zip(
            history, chain_afters([e.before for e in history], published[key]), strict=True
        )
    }
    return [
        Correction(
            fact_id=entry.fact,
            prose_key=entry.prose,
            lang="ar",
            date=entry.date.isoformat(),
            before=entry.before,
            reason=entry.reason,
            reason_ar=entry.reason_ar,
            after=afters[id(entry)],
        )
        for entry in entries
    ]


def _page_sections(seed: SeedFile) -> dict[str, list[SectionEntry]]:
    """Fact lists for pages that are not a phase or a region."""
    framings = seed.framings
    return {
        "overview": [SectionEntry(heading="", facts=seed.overview.facts)],
        "framings": [
            SectionEntry(heading=framings.us_heading.text, facts=framings.us),
            SectionEntry(heading=framings.iraq_heading.text, facts=framings.iraq),
        ],
    }


def _listings(page: str, sections: list[SectionEntry]) -> list[SQLModel]:
    return [
        Listing(
            page=page, section=number, heading=section.heading, position=position, fact_id=fact_id
        )
        for number, section in enumerate(sections)
        for position, fact_id in enumerate(section.facts)
    ]


def _coverage(rows: list[SQLModel]) -> Coverage:
    body = [row.id for row in rows if isinstance(row, Passage) and row.kind == "body"]
    cited = {row.passage_id for row in rows if isinstance(row, Fact)}
    uncited = [passage for passage in body if passage not in cited]
    return Coverage(cited=len(body) - len(uncited), body=len(body), uncited=uncited)


def verify(settings: Settings) -> tuple[SeedFile, list[SQLModel], Coverage]:
    """Check the seed completely and return the rows to write; writes nothing."""
    seed = read_seed_file(settings.facts_path)
    log = read_corrections_file(settings.corrections_path)
    article = _read_article(settings, seed)
    spans = split_passages(article)
    check_references(seed, len(spans))
    check_thesaurus(seed, article)
    check_terms(seed, article)
    check_corrections(seed, log, article)
    check_quotation_marks(seed.model_dump(), article, settings.facts_path.name)
    rows = _rows(seed, article, spans) + _correction_rows(log)
    check_shares(seed)  # once the statements stand: share text is their short form
    return seed, rows, _coverage(rows)


def verify_arabic(settings: Settings) -> tuple[list[SQLModel], dict[str, str]]:
    """The Arabic edition's rows and its article's words (author, outlet and their sources, the
    dateline: the Arabic database's meta rows, so a page that names them names them in Arabic):
    the English seed (checked by `verify`) with every Arabic
    string at its path, through the same row code. Refuses a translation that is incomplete,
    stale or fails a check of app/loader/arabic.py; writes nothing.

    The English-only editorial checks are not run again on the Arabic words: the structure
    they check (ids, references, dates, sections, placeholders) is the English seed's, which
    `verify` checked; the words they check ("by" naming the speaker in share text, hedges
    spelled in English, the thesaurus's and terms' English words in the article, a date's
    words in its quote, corrections' earlier English) are English. The Arabic equivalents
    are arabic.py's: quotes verbatim, «…» marked ترجمتنا, placeholders and plural categories,
    glossary spellings, share texts' length (in characters: it holds in any language)."""
    raw = read_seed_dict(settings.facts_path)
    article = settings.article_path.read_bytes().decode("utf-8")
    translated, quotes = arabic_seed(raw, article, settings.arabic_dir)
    seed = seed_file(translated, f"{settings.arabic_dir.name}/", translated=True)
    check_quotation_marks(translated, article, f"{settings.arabic_dir.name}/")
    log = read_corrections_file(settings.corrections_path)
    rows = _rows(seed, article, split_passages(article), quotes)
    _, glossary = read_folder(settings.arabic_dir)
    rows += _arabic_correction_rows(log, rows, article, glossary) + _retired_rows(log)
    words = {key: str(value) for key, value in seed.article.model_dump().items() if value}
    # The article's words the notes name (a prose entry's `terms`), in our Arabic: the notes
    # say them beside the English, as every Arabic page says a quote (app/data/notes.py).
    renderings = article_renderings(glossary)
    for entry in seed.prose.values():
        for term in entry.terms:
            if term not in renderings:
                raise SeedError(
                    f"{settings.arabic_dir.name}/{GLOSSARY}: “{term}” (a note names it) needs "
                    "its Arabic under [quoted] or [[names]]"
                )
    words["renderings"] = json.dumps(renderings, ensure_ascii=False, sort_keys=True)
    return rows, words


def _write(path: Path, rows: list[SQLModel], meta: dict[str, str], arabic: bool = False) -> None:
    engine = create_engine(f"sqlite:///{path}")
    try:
        SQLModel.metadata.create_all(engine)
        with Session(engine) as session:
            session.add_all(rows)
            # `lang` tells the two editions' databases apart where nothing else does (both are
            # built from one seed at one time: search's aids are kept by it).
            edition = {**meta, "lang": "ar" if arabic else "en"}
            session.add_all(Meta(key=key, value=value) for key, value in edition.items())
            session.commit()
            if arabic:  # the search index's words (a note's labels) in the edition's language
                building = words.BUILDING.set("ar")
                try:
                    _index_arabic_for_search(session)
                finally:
                    words.BUILDING.reset(building)
            else:
                _index_for_search(session)
            # Cards are drawn from the tables just written, through the same queries as pages.
            # (Imported here: serving a built database never needs Pillow.)
            from app.loader.cards import card_specs, draw
            from app.pages.site import site_pages

            language = words.BUILDING.set("ar" if arabic else "")
            try:
                specs = card_specs(session)
            finally:
                words.BUILDING.reset(language)
            missing = {page.card for page in site_pages(session)} - set(specs)
            if missing:
                raise SeedError(f"no preview card is defined for {sorted(missing)[0]}")
            # Drawn on every core: Pillow lets go of Python's lock while it quantizes and
            # compresses a card (most of a card's time); its text calls keep the lock, so the
            # shared fonts are used by one thread at a time.
            with ThreadPoolExecutor(os.cpu_count() or 1) as drawing:
                pngs = list(drawing.map(draw, specs.values()))
            session.add_all(
                Card(
                    path=path,
                    png=png,
                    alt=card.alt,
                    title=card.title,
                    description=card.description,
                )
                for (path, card), png in zip(specs.items(), pngs, strict=True)
            )
            session.commit()
    finally:
        engine.dispose()


# Officials are hits for their own names: (kind, slug, title, body), as SQL.
OFFICIAL_ROWS = (  # one statement
    "SELECT 'official', slug, CASE WHEN named THEN role || ' ' || name ELSE name END, "
    "upper(substr(short, 1, 1)) || substr(short, 2) || '. ' || role || '. ' || how "
    "FROM speaker WHERE kind IN ('official', 'group')"
)


def _stopped(text: str) -> str:
    """A piece of our prose as a sentence: fields a page shows apart ("…to Al-Hadath", then
    "Baghdad and other parts…") must not run together in one search snippet."""
    return text if re.search(r"[.?!:;]$|[.?!]”$", text) else text + "."


def _label(text: str) -> bool:
    """A heading or label ("The Iraqi side", "al Asad Air Base"): short, and not a sentence."""
    return len(text.split()) < 5 and not text.rstrip().endswith((".", "?", "!", ".”"))


def _page_prose_rows(session: Session) -> list[tuple[str, str, str, str]]:
    """The rest of our prose, where a page shows it ("Undated in the article." on /): a hit of
    its own, linked to that page (`Prose.page`). Questions', phases' and regions' prose is in
    their own rows; the site's words about itself ([interface]) and the sentences the code
    completes (prose.TEMPLATES) are not the article's story, so they are not searched; nor are
    a card's words (seen on the card, not a page), search's own help, or a label of under five
    words with no full stop (a heading, which would be a hit with nothing to read; "Undated
    in the article." is a sentence, and a hit)."""
    rows = []
    for key, text, page in session.exec(select(Prose.key, Prose.text, Prose.page)):
        typed = parse(key)
        if isinstance(typed, QuestionKey | PhaseKey | RegionKey | InterfaceKey):
            continue
        if typed in TEMPLATES or page == urls.SEARCH or _label(text):
            continue
        if isinstance(typed, PageKey) and typed.name.startswith("card-"):
            continue
        rows.append(("prose", key, "", text))
    return rows


def _prose_rows(session: Session) -> list[tuple[str, str, str, str]]:
    """Questions (by slug), then phases and regions (in table order), each with all its prose:
    pages that are hits for their own words."""
    words: dict[tuple[str, str], list[tuple[int, str]]] = {}
    for key, text in session.exec(select(Prose.key, Prose.text)):  # in the order stored
        match parse(key):
            case QuestionKey(slug=slug, n=n):  # the short answer, then the full one
                words.setdefault(("question", slug), []).append((n, text))
            case PhaseKey(slug=slug) | RegionKey(slug=slug) as typed:
                words.setdefault((typed.kind, slug), []).append((0, text))

    def body(kind: str, slug: str) -> str:
        parts = sorted(words.get((kind, slug), []), key=lambda w: w[0])
        return " ".join(_stopped(text) for _, text in parts)

    asked = session.exec(select(Question.slug, Question.question).order_by(col(Question.slug)))
    rows = [("question", slug, title, body("question", slug)) for slug, title in asked]
    rows += [
        ("phase", slug, name, body("phase", slug))
        for slug, name in session.exec(select(Phase.slug, Phase.name))
    ]
    rows += [
        ("region", slug, name, body("region", slug))
        for slug, name in session.exec(select(Region.slug, Region.name))
    ]
    return rows


def _timeline_rows(session: Session) -> list[tuple[str, str, str]]:
    """Our words on /timeline for each dated fact, as the page shows them: when we place it
    ("2014 (inferred from “For 10 years”)"), its label and how we placed it, where that is
    not a piece of prose indexed already (an inferred year's reasoning is the event's own).
    Only what no day changes: a target's status against today is not searched."""
    from app.data.timeline import get_timeline  # (here: the build's tables must exist first)

    indexed = set(session.exec(select(Prose.text)))
    rows = []
    for entry in get_timeline(session=session, today=datetime.now(UTC).date()):
        if entry.fact is None:  # the article's likely date and today: prose indexed already
            continue
        reasoning = entry.placement.reasoning
        why = [reasoning.text] if reasoning and reasoning.text not in indexed else []
        body = " ".join(_stopped(text) for text in [entry.label, *why])
        rows.append((entry.fact.id, entry.when, body))
    return rows


def _index_for_search(session: Session, table: str = "search_index") -> None:
    """Full-text index of passages, facts, questions, the pages for phases, regions and
    officials, the rest of our prose and the notes on the source (FTS5, stemmed, accents
    folded); and every word in it, unstemmed, for near-miss
    spelling (`search_vocabulary`, one row per distinct word). With another `table`, the
    rows are written to that plain table instead and nothing is indexed: the Arabic index
    is built from them (`_index_arabic_for_search`)."""
    connection = session.connection()
    if table == "search_index":
        connection.exec_driver_sql(
            "CREATE VIRTUAL TABLE search_index USING fts5(kind UNINDEXED, ref UNINDEXED, "
            "title, body, tokenize='porter unicode61 remove_diacritics 2')"
        )
    else:
        connection.exec_driver_sql(f"CREATE TABLE {table} (kind, ref, title, body)")
    connection.exec_driver_sql(
        f"INSERT INTO {table} (kind, ref, title, body) "
        "SELECT 'passage', id, '', text FROM passage"  # its number is no word of it
    )
    connection.exec_driver_sql(
        f"INSERT INTO {table} (kind, ref, title, body) "
        "SELECT 'fact', id, statement, quote FROM fact"
    )
    connection.exec_driver_sql(
        f"INSERT INTO {table} (kind, ref, title, body) VALUES (?, ?, ?, ?)",
        _prose_rows(session),
    )
    connection.exec_driver_sql(f"INSERT INTO {table} (kind, ref, title, body) {OFFICIAL_ROWS}")
    connection.exec_driver_sql(
        f"INSERT INTO {table} (kind, ref, title, body) VALUES (?, ?, ?, ?)",
        _page_prose_rows(session),
    )
    # The notes on the source are computed from the tables just written, as /notes shows them.
    from app.data.notes import get_notes  # (here: the build's tables must exist first)

    for note in get_notes(session=session):
        connection.exec_driver_sql(
            f"INSERT INTO {table} (kind, ref, title, body) VALUES ('note', ?, ?, ?)",
            (note.key, note.heading, note.text),
        )
    connection.exec_driver_sql(
        f"INSERT INTO {table} (kind, ref, title, body) VALUES ('timeline', ?, ?, ?)",
        _timeline_rows(session),
    )
    if table != "search_index":
        return
    connection.exec_driver_sql(
        "CREATE VIRTUAL TABLE search_words USING fts5(words, "
        "tokenize='unicode61 remove_diacritics 2')"
    )
    connection.exec_driver_sql(
        "INSERT INTO search_words SELECT group_concat(title || ' ' || body, ' ') FROM search_index"
    )
    connection.exec_driver_sql(
        "CREATE VIRTUAL TABLE search_vocabulary USING fts5vocab(search_words, 'row')"
    )
    session.commit()


def _index_arabic_for_search(session: Session) -> None:
    """The Arabic database's index: the same rows as the English (`_index_for_search`), kept
    as written in `search_text`, indexed folded (app/data/arabic_text.py) in an external-
    content FTS5 table over it. Highlights and snippets read `search_text`, the page's own
    words; FTS5 places them by word position, which folding keeps (it never adds or drops a
    word), and the tokenizer keeps vowel marks inside their word (categories M*) so the
    written text has the folded text's words. Search folds the query alike (search.py)."""
    _index_for_search(session, table="search_text")
    connection = session.connection()
    raw = connection.connection.driver_connection
    if not isinstance(raw, sqlite3.Connection):  # (the build writes with the sqlite3 driver)
        raise TypeError(f"the Arabic index needs the sqlite3 driver, not {type(raw).__name__}")
    raw.create_function("fold", 1, arabic_text.fold, deterministic=True)
    tokenizer = "porter unicode61 remove_diacritics 2 categories 'L* N* Co M*'"
    connection.exec_driver_sql(
        "CREATE VIRTUAL TABLE search_index USING fts5(kind UNINDEXED, ref UNINDEXED, title, "
        f"body, content='search_text', tokenize=\"{tokenizer}\")"
    )
    connection.exec_driver_sql(
        "INSERT INTO search_index (rowid, kind, ref, title, body) "
        "SELECT rowid, kind, ref, fold(title), fold(body) FROM search_text"
    )
    connection.exec_driver_sql(
        f'CREATE VIRTUAL TABLE search_words USING fts5(words, tokenize="{tokenizer}")'
    )
    connection.exec_driver_sql(
        "INSERT INTO search_words SELECT group_concat(fold(title) || ' ' || fold(body), ' ') "
        "FROM search_text"
    )
    connection.exec_driver_sql(
        "CREATE VIRTUAL TABLE search_vocabulary USING fts5vocab(search_words, 'row')"
    )
    session.commit()


def build(settings: Settings) -> Coverage:
    """Verify the seed, write a new database beside the old one, then swap it in. A seed error
    names the seed folder it was found in: the tests' tiny seed and the real one read alike."""
    try:
        return _build(settings)
    except SeedError as error:
        raise SeedError(f"{error} (seed: {settings.seed_dir})") from None


def _build(settings: Settings) -> Coverage:
    seed, rows, coverage = verify(settings)
    # Both editions are checked before either is written (the Arabic one when settings ask
    # for it and seed/ar/ exists): a refused translation leaves both builds as they were.
    arabic = verify_arabic(settings) if settings.builds_arabic else None
    meta = {
        "seed_hash": seed_hash(settings),
        "built_at": datetime.now(UTC).isoformat(timespec="seconds"),
        **{
            key: str(value) for key, value in seed.article.model_dump().items() if value is not None
        },
        "article_text": settings.article_path.read_bytes().decode("utf-8"),
        "examples": json.dumps(seed.examples),
    }
    if arabic is not None:  # one public log: the English database lists the Arabic ones too
        rows += [
            Correction(**row.model_dump(exclude={"id"}))
            for row in arabic[0]
            if isinstance(row, Correction)
        ]
    builds: list[tuple[Path, list[SQLModel], Callable[..., None]]] = [
        (settings.database_path, rows, partial(_write, meta=meta))
    ]
    if arabic is not None:
        # The Arabic edition's article words in Arabic; whether the outlet is our inference is
        # the English seed's to say (its source begins "our inference").
        inferred = seed.article.outlet_source.startswith("our inference")
        arabic_meta = {**meta, **arabic[1], "outlet_inferred": "true" if inferred else "false"}
        builds.append(
            (
                settings.arabic_database_path,
                arabic[0],
                partial(_write, meta=arabic_meta, arabic=True),
            )
        )
    settings.database_path.parent.mkdir(parents=True, exist_ok=True)
    temporaries = []
    try:
        for target, written, write in builds:
            for leftover in target.parent.glob(f".{target.name}.*.tmp"):
                leftover.unlink(missing_ok=True)  # from a build killed before it could clean up
            temporary = target.with_name(f".{target.name}.{os.getpid()}.tmp")
            temporaries.append(temporary)
            write(temporary, written)
        for (target, _, _), temporary in zip(builds, temporaries, strict=True):
            os.replace(temporary, target)
    finally:
        for temporary in temporaries:
            temporary.unlink(missing_ok=True)
    return coverage


def main() -> int:
    """Build the database and print the coverage report; a failure is one line on stderr.

    Exit 2 for a bad setting (as `python -m app`), 1 for a seed or a folder we cannot use.
    """
    try:
        settings = Settings()
    except SettingsError as error:
        print(error, file=sys.stderr)
        return 2
    try:
        coverage = build(settings)
    except SeedError as error:
        print(f"seed error: {error}", file=sys.stderr)
        return 1
    except (OSError, sqlite3.Error, SQLAlchemyError) as error:  # never a traceback
        print(f"build error: {type(error).__name__}: {first_line(error)}", file=sys.stderr)
        return 1
    print(f"built {settings.database_path}")
    if settings.builds_arabic:
        print(f"built {settings.arabic_database_path}")
    print(coverage.line())
    return 0


def first_line(error: BaseException) -> str:
    """What an error says, on one line (SQLAlchemy's messages add lines of SQL and links)."""
    said = str(error).strip().splitlines()
    return said[0] if said else ""


if __name__ == "__main__":
    sys.exit(main())
