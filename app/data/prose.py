"""Our own words as the pages show them: each piece with the facts it rests on."""

import string
from collections.abc import Sequence
from typing import Any

from sqlmodel import Session, select

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
    """All our own prose, keyed, each with the facts it rests on and links to their words."""
    rows = list(session.exec(select(Prose)))
    ids = sorted({fact_id for row in rows for fact_id in row.fact_ids.split()})
    facts = queries.get_facts(session=session, ids=ids)
    return {
        row.key: ProseOut(
            text=row.text,
            sources=[source_of(facts[fact_id]) for fact_id in row.fact_ids.split()],
        )
        for row in rows
    }


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
    key: frozenset(names.split())
    for key, names in {
        "page:footer-source": "author outlet reasons",
        "page:status-deadline-passed": "month today",
        "page:status-deadline-ahead": "month today",
        "page:status-floor-passed": "month today",
        "page:status-floor-ahead": "month today",
        "page:standing-past-all": "today count",
        "page:standing-before": "today",
        "page:standing-past-some": "today phases",
        "page:standing-phase": "name",
        "page:timeline-article-label": "",
        "page:timeline-article-when": "span",
        "page:timeline-today-label": "today",
        "page:timeline-today-when": "today",
        "page:timeline-inferred-when": "years words",
        "page:timeline-placed-year-when": "span words",
        "page:timeline-placed-when": "span words",
        "page:note-undisclosed-heading": "",
        "page:note-undisclosed": "count numbers parts",
        "page:note-undisclosed-part": "passage speaker quoted",
        "page:note-undisclosed-figures": "quoted",
        "page:note-anonymous-heading": "",
        "page:note-anonymous": "unnamed attributed detail",
        "page:note-anonymous-part": "speaker count",
        "page:note-anonymous-repeats": "",
        "page:note-second-hand-heading": "",
        "page:note-second-hand": "count parts",
        "page:note-second-hand-outlet": "count role name wordings via",
        "page:note-second-hand-person": "count role name wordings via",
        "page:note-commission-name-heading": "",
        "page:note-commission-name": "names",
        "page:note-commission-name-spelling": "name times",
        "page:note-repeated-quote-heading": "",
        "page:note-repeated-quote": "parts",
        "page:note-repeated-quote-part": "words times numbers speakers",
        "page:note-publication-date-heading": "",
        "page:note-publication-date": "dates words",
        "page:note-base-names-heading": "names where",
        "page:note-base-names": "names where spoken",
        "page:note-base-names-place": "words speaker",
    }.items()
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
