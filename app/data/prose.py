"""Our own words as the pages show them: each piece with the facts it rests on."""

import string
from collections.abc import Mapping, Sequence
from functools import lru_cache
from typing import Any

from sqlmodel import Session, select

from app.data import queries, urls, words
from app.data.models import Prose
from app.data.prose_keys import InterfaceKey, PageKey, ProseKey, parse
from app.data.schemas import FactOut, ProseOut, SourceOut


def source_of(fact: FactOut) -> SourceOut:
    """A fact as a source of our prose: who said it and the link that lands on its words."""
    return SourceOut(
        id=fact.id,
        speaker=fact.speaker.name,
        attribution=fact.attribution_label,
        quote=fact.quote,
        passage_id=fact.passage_id,
        url=fact.url,
        api_url=fact.api_url,
        fragment_url=fact.fragment_url,
    )


class ProseMap(dict[str, ProseOut]):
    """Our prose by stored key; code looks pieces up by their typed key (app/data/prose_keys.py),
    templates by the stored string."""

    def __getitem__(self, key: ProseKey | str) -> ProseOut:
        return super().__getitem__(str(key))

    def __contains__(self, key: object) -> bool:
        return super().__contains__(str(key))

    def get(self, key: ProseKey | str, default: Any = None) -> Any:
        return super().get(str(key), default)


def prose_map(*, session: Session) -> ProseMap:
    """All our own prose, keyed, each with the facts it rests on and links to their words (the
    interface's words, which rest on none, are read one at a time with `interface_word`).

    Read once per session (kept in its `info`): a database does not change under a session
    (served, it is read-only; the build reads it only once written), and a page or the build's
    cards would otherwise read it all many times over (about 0.35 s of a build)."""
    # its facts' labels and links are the edition's
    key = ("prose_map", words.lang(), urls.lang())
    kept: ProseMap | None = session.info.get(key)
    if kept is None:
        kept = session.info[key] = _read_prose_map(session)
    return kept


def _read_prose_map(session: Session) -> ProseMap:
    rows = [row for row in session.exec(select(Prose)) if not _interface(row.key)]
    ids = sorted({fact_id for row in rows for fact_id in row.fact_ids.split()})
    facts = queries.get_facts(session=session, ids=ids)
    return ProseMap(
        (
            row.key,
            ProseOut(
                text=row.text,
                sources=[source_of(facts[fact_id]) for fact_id in row.fact_ids.split()],
            ),
        )
        for row in rows
    )


def _interface(key: str) -> bool:
    return isinstance(parse(key), InterfaceKey)


def interface_word(*, session: Session, key: InterfaceKey, **values: object) -> str:
    """One of the site's sentences about itself ([interface] KEY in facts.toml), filled in."""
    return fill(session.get_one(Prose, str(key)).text, **values)


def cited_facts(session: Session, order: Sequence[ProseOut | FactOut]) -> list[FactOut]:
    """Every fact a run of prose (or a listed fact) cites, once each, in first-cited order:
    a page's footnotes, numbered in the order the page shows what cites them."""
    ids: dict[str, None] = {}
    for item in order:
        for fact_id in [s.id for s in item.sources] if isinstance(item, ProseOut) else [item.id]:
            ids.setdefault(fact_id)
    found = queries.get_facts(session=session, ids=list(ids))
    return [found[fact_id] for fact_id in ids]


# Our sentences that code completes from the data (counts, quotes, names), keyed as
# facts.toml's [prose.KEY] (PageKey) or [interface] KEY (InterfaceKey), with the placeholders
# each takes; the registry entry that names a key is the page that shows it. The build refuses
# a template that lacks one, or names one the code does not fill, so an editor can reword every
# sentence but never leave a gap or a stray brace on a page.
TEMPLATES: dict[PageKey | InterfaceKey, frozenset[str]] = {
    PageKey("footer-source"): frozenset({"author", "outlet", "reasons"}),
    InterfaceKey("search-empty"): frozenset(),
    InterfaceKey("search-no-words"): frozenset(),
    InterfaceKey("search-long"): frozenset({"count"}),
    InterfaceKey("search-some"): frozenset(),
    InterfaceKey("search-nothing"): frozenset(),
    InterfaceKey("search-nearest"): frozenset({"word", "nearest"}),
    InterfaceKey("search-did"): frozenset({"terms"}),
    InterfaceKey("search-did-left-out"): frozenset({"terms", "words"}),
    InterfaceKey("search-term-as"): frozenset({"word", "words"}),
    InterfaceKey("search-term-or"): frozenset({"word", "words"}),
    InterfaceKey("search-term-nearest"): frozenset({"nearest", "word"}),
    InterfaceKey("search-term-nearest-or"): frozenset({"nearest", "word", "words"}),
    InterfaceKey("error-no-page"): frozenset(),
    # an item page's 404 (app/pages/registry.py, Page.missing): {asked} is the key asked for
    InterfaceKey("error-no-question"): frozenset({"asked"}),
    InterfaceKey("error-no-phase"): frozenset({"asked"}),
    InterfaceKey("error-no-region"): frozenset({"asked"}),
    InterfaceKey("error-no-official"): frozenset({"asked"}),
    InterfaceKey("error-no-fact"): frozenset({"asked"}),
    InterfaceKey("error-no-correction-day"): frozenset({"asked"}),
    InterfaceKey("error-no-card"): frozenset(),
    InterfaceKey("error-bad-parameter"): frozenset(),
    InterfaceKey("error-retired"): frozenset({"id", "date", "reason"}),
    InterfaceKey("error-retired-see"): frozenset({"url"}),
    InterfaceKey("feed-subtitle"): frozenset(),
    PageKey("source-line"): frozenset({"author", "outlet"}),
    PageKey("officials-lede"): frozenset({"sources", "unnamed", "relayed", "routes"}),
    PageKey("officials-mentioned"): frozenset({"count"}),
    PageKey("status-deadline-passed"): frozenset({"month", "today"}),
    PageKey("status-deadline-ahead"): frozenset({"month", "today"}),
    PageKey("status-floor-passed"): frozenset({"month", "today"}),
    PageKey("status-floor-ahead"): frozenset({"month", "today"}),
    PageKey("standing-past-all"): frozenset({"today", "count"}),
    PageKey("standing-before"): frozenset({"today"}),
    PageKey("standing-past-some"): frozenset({"today", "phases"}),
    PageKey("standing-phase"): frozenset({"name"}),
    PageKey("timeline-article-label"): frozenset(),
    PageKey("timeline-article-when"): frozenset({"span"}),
    PageKey("timeline-today-label"): frozenset({"today"}),
    PageKey("timeline-today-when"): frozenset({"today"}),
    PageKey("timeline-inferred-when"): frozenset({"years", "words"}),
    PageKey("timeline-placed-year-when"): frozenset({"span", "words"}),
    PageKey("timeline-placed-when"): frozenset({"span", "words"}),
    PageKey("timeline-placed-either-when"): frozenset({"dates", "words"}),
    PageKey("timeline-placed-period-when"): frozenset({"span", "words"}),
    PageKey("timeline-placed-weekday-when"): frozenset({"weekday", "span", "words"}),
    PageKey("note-undisclosed-heading"): frozenset(),
    PageKey("note-undisclosed"): frozenset({"count", "numbers", "parts"}),
    PageKey("note-undisclosed-part"): frozenset({"passage", "speaker", "quoted"}),
    PageKey("note-undisclosed-figures"): frozenset({"quoted"}),
    PageKey("note-anonymous-heading"): frozenset(),
    PageKey("note-anonymous"): frozenset({"unnamed", "attributed", "detail"}),
    PageKey("note-anonymous-part"): frozenset({"speaker", "count"}),
    PageKey("note-anonymous-repeats"): frozenset(),
    PageKey("note-second-hand-heading"): frozenset(),
    PageKey("note-second-hand"): frozenset({"count", "parts"}),
    PageKey("note-second-hand-outlet"): frozenset({"count", "role", "name", "wordings", "via"}),
    PageKey("note-second-hand-person"): frozenset({"count", "role", "name", "wordings", "via"}),
    PageKey("note-commission-name-heading"): frozenset(),
    PageKey("note-commission-name"): frozenset({"names"}),
    PageKey("note-commission-name-spelling"): frozenset({"name", "times"}),
    PageKey("note-repeated-quote-heading"): frozenset(),
    PageKey("note-repeated-quote"): frozenset({"parts"}),
    PageKey("note-repeated-quote-part"): frozenset({"words", "times", "numbers", "speakers"}),
    PageKey("note-publication-date-heading"): frozenset(),
    PageKey("note-publication-date"): frozenset({"dates", "words"}),
    PageKey("note-base-names-heading"): frozenset({"names", "where"}),
    PageKey("note-base-names"): frozenset({"names", "where", "spoken"}),
    PageKey("note-base-names-place"): frozenset({"words", "speaker"}),
    # labels the pages fill in (templates/*.html)
    PageKey("regions-match"): frozenset({"phase", "speaker", "target"}),
    PageKey("bar-end-label"): frozenset({"name"}),
    PageKey("region-share"): frozenset({"phase", "title"}),
    PageKey("region-share-short"): frozenset({"name", "phase", "speaker", "target"}),
    PageKey("fact-citation"): frozenset(
        {
            "author",
            "author_source",
            "dateline",
            "outlet",
            "outlet_source",
            "passage",
            "speaker",
            "url",
            "wording",
        }
    ),
    PageKey("phase-share"): frozenset({"speaker", "target", "title"}),
    PageKey("phase-share-short"): frozenset({"name", "speaker", "target"}),
    PageKey("facts-count"): frozenset({"other", "story"}),
    PageKey("numbers-count"): frozenset({"caption", "story"}),
    PageKey("source-description"): frozenset({"author"}),
    PageKey("source-fine"): frozenset({"body", "cited", "passages", "sha"}),
    PageKey("fact-date-inferred"): frozenset({"year"}),
    PageKey("fact-date-inferred-span"): frozenset({"year", "latest"}),
    InterfaceKey("fact-date-reported"): frozenset({"speaker"}),
    InterfaceKey("fact-date-own"): frozenset({"speaker"}),
    # the preview cards' words (app/pages/previews.py)
    InterfaceKey("card-overview-glance"): frozenset({"name", "what", "target", "speaker"}),
    InterfaceKey("card-questions-list-detail"): frozenset({"count"}),
    InterfaceKey("card-facts-headline"): frozenset({"told"}),
    InterfaceKey("card-facts-detail"): frozenset({"other"}),
    InterfaceKey("card-facts-title"): frozenset({"other", "told"}),
    InterfaceKey("card-corrections-list-detail"): frozenset({"count"}),
    InterfaceKey("card-phase-detail"): frozenset({"dated", "hedge", "speaker", "target"}),
    InterfaceKey("card-phase-title"): frozenset({"name", "speaker", "target"}),
    InterfaceKey("card-official-detail"): frozenset({"count", "role", "route", "side"}),
    InterfaceKey("card-official-route"): frozenset({"via"}),
    InterfaceKey("card-fact-kicker"): frozenset({"speaker"}),
    InterfaceKey("card-fact-detail"): frozenset({"passage", "route", "wording"}),
    InterfaceKey("card-fact-route"): frozenset({"via"}),
    InterfaceKey("card-fact-fuller"): frozenset({"description"}),
    InterfaceKey("card-correction-day-kicker"): frozenset({"part"}),
    InterfaceKey("card-correction-day-part"): frozenset({"part", "parts"}),
    InterfaceKey("card-correction-day-headline"): frozenset({"count", "date"}),
    InterfaceKey("card-correction-day-detail"): frozenset({"shown"}),
    InterfaceKey("card-correction-day-shown-part"): frozenset({"count"}),
    InterfaceKey("card-correction-day-title"): frozenset({"count", "date", "part"}),
    PageKey("card-officials-headline"): frozenset({"sources"}),
    PageKey("card-source-detail"): frozenset({"author", "passages"}),
    PageKey("card-source-title"): frozenset({"author"}),
    PageKey("card-numbers-detail"): frozenset({"count", "troops"}),
    PageKey("card-region-detail"): frozenset({"phase"}),
}


class Counted(string.Formatter):
    """str.format, plus counted words: `{n:once|twice|# times}` picks the n-th choice (the
    last for any larger n) and puts the number for `#`, so `{n:passage|passages}` agrees.

    The Arabic edition names CLDR's plural categories instead, since Arabic's forms follow
    the number's category, not its size: `{n:one=…|two=…|few=…|many=…|other=…}` picks by
    Babel's Arabic plural rule (3–10 are "few", 11–99 "many", 100 "other"), falling back to
    `other`."""

    def format_field(self, value: Any, format_spec: str) -> Any:
        if "|" not in format_spec:
            return super().format_field(value, format_spec)
        choices = format_spec.split("|")
        if "=" in choices[0]:
            forms = dict(choice.split("=", 1) for choice in choices)
            chosen = forms.get(arabic_plural(int(value)), forms.get("other", ""))
            return chosen.replace("#", str(value))
        return choices[min(int(value), len(choices)) - 1].replace("#", str(value))


@lru_cache(maxsize=256)
def arabic_plural(n: int) -> str:
    """CLDR's plural category of `n` in Arabic: zero, one, two, few, many or other."""
    from babel.core import Locale  # (here: only an Arabic sentence needs Babel's data)

    return Locale.parse("ar").plural_form(n)


def placeholders(template: str) -> set[str]:
    """The names a template takes: `{count}` and `{count:passage|passages}` are one, count."""
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def interface_words(*, session: Session) -> dict[str, str]:
    """The site's words about itself ([interface] of facts.toml) by name, for the templates."""
    rows = session.exec(select(Prose.key, Prose.text))
    keyed = ((parse(key), text) for key, text in rows)
    return {key.name: text for key, text in keyed if isinstance(key, InterfaceKey)}


def fill(template: str, **values: object) -> str:
    """A template of ours completed from the data: the words are the seed's, the values ours."""
    return Counted().format(template, **values)


def filled(prose: Mapping[str, ProseOut], key: ProseKey, **values: object) -> str:
    """The prose `key` (a TEMPLATES key) completed from the data."""
    return fill(prose[str(key)].text, **values)
