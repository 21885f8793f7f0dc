"""Our own words as the pages show them: each piece with the facts it rests on."""

import string
from collections.abc import Sequence
from typing import Any

from sqlmodel import Session, col, select

from app.data import queries
from app.data.models import Prose
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


def prose_map(*, session: Session) -> dict[str, ProseOut]:
    """All our own prose, keyed, each with the facts it rests on and links to their words (the
    interface's words, which rest on none, are `interface_words`)."""
    rows = list(session.exec(select(Prose).where(~col(Prose.key).startswith("interface:"))))
    ids = sorted({fact_id for row in rows for fact_id in row.fact_ids.split()})
    facts = queries.get_facts(session=session, ids=ids)
    return {
        row.key: ProseOut(
            text=row.text,
            sources=[source_of(facts[fact_id]) for fact_id in row.fact_ids.split()],
        )
        for row in rows
    }


def interface_word(*, session: Session, key: str, **values: object) -> str:
    """One of the site's sentences about itself ([interface] KEY in facts.toml), filled in."""
    return fill(session.get_one(Prose, f"interface:{key}").text, **values)


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
# facts.toml's [prose.KEY], with the placeholders each takes. The build refuses a template
# that lacks one, or names one the code does not fill, so an editor can reword every sentence
# but never leave a gap or a stray brace on a page.
TEMPLATES: dict[str, frozenset[str]] = {
    "page:footer-source": frozenset({"author", "outlet", "reasons"}),
    "interface:search-empty": frozenset(),
    "interface:search-no-words": frozenset(),
    "interface:search-long": frozenset({"count"}),
    "interface:search-some": frozenset(),
    "interface:search-nothing": frozenset(),
    "interface:search-nearest": frozenset({"word", "nearest"}),
    "interface:search-did": frozenset({"terms"}),
    "interface:search-did-left-out": frozenset({"terms", "words"}),
    "interface:search-term-as": frozenset({"word", "words"}),
    "interface:search-term-or": frozenset({"word", "words"}),
    "interface:search-term-nearest": frozenset({"nearest", "word"}),
    "interface:search-term-nearest-or": frozenset({"nearest", "word", "words"}),
    "interface:error-no-page": frozenset(),
    "interface:error-no-card": frozenset(),
    "interface:error-bad-parameter": frozenset(),
    "interface:error-retired": frozenset({"id", "date", "reason"}),
    "interface:error-retired-see": frozenset({"url"}),
    "interface:feed-subtitle": frozenset(),
    "page:source-line": frozenset({"author", "outlet"}),
    "page:officials-lede": frozenset({"sources", "unnamed", "relayed", "routes"}),
    "page:officials-mentioned": frozenset({"count"}),
    "page:status-deadline-passed": frozenset({"month", "today"}),
    "page:status-deadline-ahead": frozenset({"month", "today"}),
    "page:status-floor-passed": frozenset({"month", "today"}),
    "page:status-floor-ahead": frozenset({"month", "today"}),
    "page:standing-past-all": frozenset({"today", "count"}),
    "page:standing-before": frozenset({"today"}),
    "page:standing-past-some": frozenset({"today", "phases"}),
    "page:standing-phase": frozenset({"name"}),
    "page:timeline-article-label": frozenset(),
    "page:timeline-article-when": frozenset({"span"}),
    "page:timeline-today-label": frozenset({"today"}),
    "page:timeline-today-when": frozenset({"today"}),
    "page:timeline-inferred-when": frozenset({"years", "words"}),
    "page:timeline-placed-year-when": frozenset({"span", "words"}),
    "page:timeline-placed-when": frozenset({"span", "words"}),
    "page:timeline-placed-either-when": frozenset({"dates", "words"}),
    "page:timeline-placed-weekday-when": frozenset({"weekday", "span", "words"}),
    "page:timeline-placed-period-when": frozenset({"span", "words"}),
    "page:note-undisclosed-heading": frozenset(),
    "page:note-undisclosed": frozenset({"count", "numbers", "parts"}),
    "page:note-undisclosed-part": frozenset({"passage", "speaker", "quoted"}),
    "page:note-undisclosed-figures": frozenset({"quoted"}),
    "page:note-anonymous-heading": frozenset(),
    "page:note-anonymous": frozenset({"unnamed", "attributed", "detail"}),
    "page:note-anonymous-part": frozenset({"speaker", "count"}),
    "page:note-anonymous-repeats": frozenset(),
    "page:note-second-hand-heading": frozenset(),
    "page:note-second-hand": frozenset({"count", "parts"}),
    "page:note-second-hand-outlet": frozenset({"count", "role", "name", "wordings", "via"}),
    "page:note-second-hand-person": frozenset({"count", "role", "name", "wordings", "via"}),
    "page:note-commission-name-heading": frozenset(),
    "page:note-commission-name": frozenset({"names"}),
    "page:note-commission-name-spelling": frozenset({"name", "times"}),
    "page:note-repeated-quote-heading": frozenset(),
    "page:note-repeated-quote": frozenset({"parts"}),
    "page:note-repeated-quote-part": frozenset({"words", "times", "numbers", "speakers"}),
    "page:note-publication-date-heading": frozenset(),
    "page:note-publication-date": frozenset({"dates", "words"}),
    "page:note-base-names-heading": frozenset({"names", "where"}),
    "page:note-base-names": frozenset({"names", "where", "spoken"}),
    "page:note-base-names-place": frozenset({"words", "speaker"}),
}


class Counted(string.Formatter):
    """str.format, plus counted words: `{n:once|twice|# times}` picks the n-th choice (the
    last for any larger n) and puts the number for `#`, so `{n:passage|passages}` agrees."""

    def format_field(self, value: Any, format_spec: str) -> Any:
        if "|" not in format_spec:
            return super().format_field(value, format_spec)
        choices = format_spec.split("|")
        return choices[min(int(value), len(choices)) - 1].replace("#", str(value))


def placeholders(template: str) -> set[str]:
    """The names a template takes: `{count}` and `{count:passage|passages}` are one, count."""
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def fill(template: str, **values: object) -> str:
    """A template of ours completed from the data: the words are the seed's, the values ours."""
    return Counted().format(template, **values)


def filled(prose: dict[str, ProseOut], key: str, **values: object) -> str:
    """The prose `key` (page prose is `page:KEY`) completed from the data."""
    return fill(prose[key].text, **values)
