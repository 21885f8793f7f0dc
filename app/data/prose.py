"""Our own words as the pages show them: each piece with the facts it rests on."""

from collections.abc import Sequence
from typing import Any

from sqlmodel import Session, select

from app.data import queries
from app.data.models import Prose
from app.data.prose_keys import ProseKey
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

    def get(self, key: ProseKey | str, default: Any = None) -> Any:  # type: ignore[override]
        return super().get(str(key), default)


def prose_map(*, session: Session) -> ProseMap:
    """All our own prose, keyed, each with the facts it rests on and links to their words."""
    rows = list(session.exec(select(Prose)))
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


def cited_facts(session: Session, order: Sequence[ProseOut | FactOut]) -> list[FactOut]:
    """Every fact a run of prose (or a listed fact) cites, once each, in first-cited order:
    a page's footnotes, numbered in the order the page shows what cites them."""
    ids: dict[str, None] = {}
    for item in order:
        for fact_id in [s.id for s in item.sources] if isinstance(item, ProseOut) else [item.id]:
            ids.setdefault(fact_id)
    found = queries.get_facts(session=session, ids=list(ids))
    return [found[fact_id] for fact_id in ids]
