"""Every date on one time axis: the article's, the caption's, ours (marked), and today.

The article is undated, so a date it gives relative to itself ("last August") has no year of
its own. The seed places each one (`placed`: a span and our words why) from the article's
likely date, itself our inference; the page and JSON show the span, sit the entry at its
earliest point and keep the article's words beside it. Targets sit at the end of their month,
as the deadline status counts them, so the today marker falls where the status says.
"""

import calendar
from datetime import date

from sqlmodel import Session, col, select

from app.data.deadlines import TARGET_HEDGES, deadline_status
from app.data.models import Event, Meta
from app.data.prose import ProseMap, filled, prose_map, source_of
from app.data.prose_keys import PageKey, TimelineKey
from app.data.queries import get_facts
from app.data.schemas import (
    DateOut,
    FactOut,
    PlacementOut,
    ProseOut,
    TimelineEntryOut,
)
from app.data.vocabulary import EntryKind, PlacedBy
from app.data.words import day_name, gettext, month_name, today_words, weekday_name

# On one day, today comes first (a target due that day is not yet past), then the events in
# the article's order, then the article's own likely date.
TODAY_RANK, EVENT_RANK, ARTICLE_RANK = 0, 1, 2
SortKey = tuple[date, int, int]


def _bounds(iso: str) -> tuple[date, date]:
    """The first and last day an ISO 8601 date at its precision covers: 2024-09 is all of it."""
    parts = [int(n) for n in iso.split("-")]
    year, month = parts[0], parts[1] if len(parts) > 1 else None
    if len(parts) == 3:
        return date(*parts), date(*parts)
    if month:
        return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])
    return date(year, 1, 1), date(year, 12, 31)


def _words(iso: str) -> str:
    """An ISO 8601 date in words, no more precise than it is: 7 October 2023, August 2024."""
    parts = [int(n) for n in iso.split("-")]
    if len(parts) == 1:
        return str(parts[0])
    return day_name(*parts) if len(parts) == 3 else month_name(parts[0], parts[1])


def _span(earliest: str, latest: str) -> str:
    """A span in words: one date, or the two ends (the year once when they share it)."""
    if earliest == latest:
        return _words(earliest)
    first, last = _words(earliest), _words(latest)
    year = last[-4:]
    if first.endswith(year) and first[:-5]:
        first = first[:-5]
    return gettext("%(first)s to %(last)s") % {"first": first, "last": last}


def _stated_when(event: DateOut, prose: dict[str, ProseOut]) -> str:
    """A date the article (or the caption) states, or a year we inferred, in words."""
    if event.hedge == "inferred":
        span = {"first": event.year, "last": event.latest_year}
        years = gettext("%(first)s to %(last)s") % span if event.latest_year else f"{event.year}"
        return filled(prose, PageKey("timeline-inferred-when"), years=years, words=event.text)
    if event.hedge == "exact" and event.year and event.month and event.day:
        return day_name(event.year, event.month, event.day)
    return event.text


def _placed_when(
    event: DateOut, placement: PlacementOut, row: Event, prose: dict[str, ProseOut]
) -> str:
    """A relative date as we place it: the dates it may be, that it is ours, where it sits."""
    words = event.text
    if placement.candidates:
        dates = gettext(" or ").join(_words(day) for day in placement.candidates)
        return filled(prose, PageKey("timeline-placed-either-when"), dates=dates, words=words)
    span = _span(row.placed_earliest or "", row.placed_latest or "")
    if placement.weekday:
        key = PageKey("timeline-placed-weekday-when")
        weekday = weekday_name(placement.weekday)
        return filled(prose, key, weekday=weekday, span=span, words=words)
    if placement.period_ends:
        return filled(prose, PageKey("timeline-placed-period-when"), span=span, words=words)
    one = row.placed_earliest == row.placed_latest
    key = PageKey("timeline-placed-year-when") if one else PageKey("timeline-placed-when")
    return filled(prose, key, span=span, words=words)


def _bounds_allowed(row: Event, earliest: str, latest: str) -> tuple[str | None, str | None]:
    """What the hedge leaves of a span: “by” gives no earliest, “until at least” no latest,
    and a stretch of time with no given start has no earliest either."""
    if row.hedge in ("deadline", "ceiling") or row.placed_period:
        return None, latest
    if row.hedge == "floor":
        return earliest, None
    return earliest, latest


def _placement(row: Event, shaped: DateOut, fact: FactOut, prose: ProseMap) -> PlacementOut:
    """Where an event sits, on whose word: the article's, the caption's, or ours."""
    if row.placed_earliest and row.placed_latest:
        earliest, latest = row.placed_earliest, row.placed_latest
        reasoning: ProseOut | None = prose.get(TimelineKey(row.fact_id))
    elif shaped.hedge == "inferred" and shaped.year:
        earliest, latest = f"{shaped.year:04d}", f"{shaped.latest_year or shaped.year:04d}"
        reasoning = ProseOut(text=shaped.inferred_from or "", sources=[source_of(fact)])
    else:
        earliest = latest = shaped.date or ""
        reasoning = None
    by: PlacedBy = "inference" if reasoning else "article" if fact.story else "caption"
    allowed_earliest, allowed_latest = _bounds_allowed(row, earliest, latest)
    return PlacementOut(
        at=earliest,
        earliest=allowed_earliest,
        latest=allowed_latest,
        candidates=row.placed_candidates.split(",") if row.placed_candidates else [],
        weekday=row.placed_weekday,
        period_ends=[earliest, latest] if row.placed_period else [],
        placed_by=by,
        inferred_year=by == "inference",
        about=shaped.hedge == "inferred",
        reasoning=reasoning,
    )


def _event(
    row: Event, fact: FactOut, prose: ProseMap, today: date
) -> tuple[SortKey, TimelineEntryOut]:
    """One event or target, keyed by where it sits on the axis."""
    shaped = next(d for d in fact.dates if d.text == row.text and d.label == row.label)
    placement = _placement(row, shaped, fact, prose)
    target = row.hedge in TARGET_HEDGES
    kind: EntryKind = "target" if target else "event" if fact.story else "caption"
    first, last = _bounds(placement.at)
    placed = row.placed_earliest is not None
    entry = TimelineEntryOut(
        kind=kind,
        label=row.label,
        words=row.text,
        when=_placed_when(shaped, placement, row, prose) if placed else _stated_when(shaped, prose),
        placement=placement,
        date=shaped,
        status=deadline_status(row.year, row.month, row.hedge, today, prose),
        fact=fact,
        note=None,
    )
    return (last if target else first, EVENT_RANK, fact.start), entry


def _article(session: Session, prose: ProseMap) -> list[tuple[SortKey, TimelineEntryOut]]:
    """The article's likely date, our inference, where the seed gives it (with its words)."""
    rows = session.exec(select(Meta).where(col(Meta.key).in_(["likely_from", "likely_to"])))
    span = {row.key: row.value for row in rows}
    if len(span) < 2 or PageKey("likely-date") not in prose:
        return []
    earliest, latest = span["likely_from"], span["likely_to"]
    placement = PlacementOut(
        at=earliest,
        earliest=earliest,
        latest=latest,
        candidates=[],
        weekday=None,
        period_ends=[],
        placed_by="inference",
        inferred_year=True,
        about=False,
        reasoning=prose.get(PageKey("date-reasoning")),
    )
    entry = TimelineEntryOut(
        kind="article",
        label=filled(prose, PageKey("timeline-article-label")),
        words=None,
        when=filled(prose, PageKey("timeline-article-when"), span=_span(earliest, latest)),
        placement=placement,
        date=None,
        status=None,
        fact=None,
        note=prose[PageKey("likely-date")],
    )
    return [((_bounds(earliest)[0], ARTICLE_RANK, 0), entry)]


def _today(today: date, prose: ProseMap) -> tuple[SortKey, TimelineEntryOut]:
    """Today, our computation from the site's clock (or TODAY), never the article's."""
    iso = today.isoformat()
    placement = PlacementOut(
        at=iso,
        earliest=iso,
        latest=iso,
        candidates=[],
        weekday=None,
        period_ends=[],
        placed_by="computation",
        inferred_year=False,
        about=False,
        reasoning=None,
    )
    entry = TimelineEntryOut(
        kind="today",
        label=filled(prose, PageKey("timeline-today-label"), today=today_words(today)),
        words=None,
        when=filled(prose, PageKey("timeline-today-when"), today=today_words(today)),
        placement=placement,
        date=None,
        status=None,
        fact=None,
        note=prose.get(PageKey("timeline-today")),
    )
    return (today, TODAY_RANK, 0), entry


def get_timeline(*, session: Session, today: date) -> list[TimelineEntryOut]:
    """Every dated event, target and marker on one axis, earliest first, today among them."""
    rows = list(session.exec(select(Event)))
    facts = get_facts(session=session, ids=[row.fact_id for row in rows])
    prose = prose_map(session=session)
    keyed = [_event(row, facts[row.fact_id], prose, today) for row in rows]
    keyed += [*_article(session, prose), _today(today, prose)]
    return [entry for _, entry in sorted(keyed, key=lambda pair: pair[0])]
