"""Every dated event the article mentions, in order, with dates exactly as precise as given."""

import calendar
from datetime import date

from sqlmodel import Session, select

from app.data.deadlines import deadline_status
from app.data.models import Event
from app.data.queries import get_facts
from app.data.schemas import DateOut, FactOut, TimelineBandOut, TimelineEventOut

BANDS = [
    (
        "past",
        "Dated in the article",
        "Events with a year the article states, or that we infer and mark as inferred.",
    ),
    (
        "relative",
        "Dated only relative to the article",
        "The article carries no publication date, so “last August”, “in January” or “Friday” "
        "cannot be pinned to a year. Listed in the order the article mentions them.",
    ),
    (
        "target",
        "Targets",
        "The transition’s target dates, each with its speaker and hedge: “by” is a deadline, "
        "“until at least” an earliest end.",
    ),
    (
        "caption",
        "From the photo caption, not the story",
        "The caption under the article’s photo gives the only full date on the page.",
    ),
]


def _when(event: DateOut) -> str:
    if event.hedge == "relative":
        return f"“{event.text}”, year not stated"
    if event.hedge == "inferred":
        years = f"{event.year} to {event.latest_year}" if event.latest_year else f"{event.year}"
        return f"{years} (inferred from “{event.text}”)"
    if event.hedge == "exact" and event.month and event.day:
        return f"{event.day} {calendar.month_name[event.month]} {event.year}"
    return event.text


def _band(event: Event, fact: FactOut) -> str:
    if not fact.story:
        return "caption"
    if event.year is None:
        return "relative"
    return "target" if fact.kind == "phase" else "past"


def get_timeline(*, session: Session, today: date) -> list[TimelineBandOut]:
    """Events in three bands: dated past, relative to the undated article, and targets."""
    events = list(session.exec(select(Event)))
    facts = get_facts(session=session, ids=[event.fact_id for event in events])
    bands: dict[str, list[tuple[tuple[int, int, int, int], TimelineEventOut]]] = {
        key: [] for key, _, _ in BANDS
    }
    for event in events:
        fact = facts[event.fact_id]
        shaped = next(d for d in fact.dates if d.text == event.text and d.label == event.label)
        band = _band(event, fact)
        order = (event.year or 0, event.month or 0, event.day or 0, fact.start)
        if band == "relative":
            order = (0, 0, 0, fact.start)
        bands[band].append(
            (
                order,
                TimelineEventOut(
                    label=event.label,
                    date=shaped,
                    when=_when(shaped),
                    band=band,
                    fact=fact,
                    deadline=deadline_status(event.year, event.month, event.hedge, today),
                ),
            )
        )
    return [
        TimelineBandOut(
            key=key,
            heading=heading,
            explanation=explanation,
            events=[item for _, item in sorted(bands[key], key=lambda x: x[0])],
        )
        for key, heading, explanation in BANDS
    ]
