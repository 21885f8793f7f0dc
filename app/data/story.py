"""The story's shapes: phases, regions, the overview and the framings, with our prose.

Each groups facts (from queries.py) under headings, with the target dates, the matches of
regions to phases that are our inference, and the prose that rests on facts.
"""

from datetime import date

from sqlmodel import Session, col, select

from app.data import queries, questions, urls
from app.data.deadlines import deadline_status
from app.data.models import Event, Fact, Listing, Phase, Prose, Region, Speaker
from app.data.prose import ProseMap, cited_facts, filled, prose_map, source_of
from app.data.prose_keys import FramingsKey, OverviewKey, PageKey, PhaseKey, RegionKey, listing_page
from app.data.schemas import (
    HEDGE_LABELS,
    FactOut,
    FramingOut,
    FramingsOut,
    KeyNumberOut,
    MatchOut,
    OverviewOut,
    PhaseOut,
    PhaseRef,
    ProseOut,
    RegionOut,
    RegionRef,
    SectionOut,
    SidesOut,
    SpeakerRef,
    TargetOut,
)
from app.data.words import gettext, today_words


def _sections(session: Session, page: str) -> list[SectionOut]:
    query = (
        select(Listing)
        .where(Listing.page == page)
        .order_by(col(Listing.section), col(Listing.position))
    )
    listings = list(session.exec(query))
    facts = {
        fact.id: fact
        for fact in queries._facts_out(
            session, [session.get_one(Fact, listing.fact_id) for listing in listings]
        )
    }
    sections: dict[int, SectionOut] = {}
    for listing in listings:
        section = sections.setdefault(
            listing.section, SectionOut(heading=listing.heading, facts=[])
        )
        section.facts.append(facts[listing.fact_id])
    return list(sections.values())


def _speakers_of(sections: list[SectionOut]) -> list[SpeakerRef]:
    found = {fact.speaker.slug: fact.speaker for s in sections for fact in s.facts}
    return list(found.values())


def _target(
    session: Session, row: Phase | Region, today: date, prose: dict[str, ProseOut]
) -> TargetOut:
    """The phase's or region's date as its event states it: the one row the timeline reads."""
    event = session.get_one(Event, row.event_id)
    fact = session.get_one(Fact, event.fact_id)
    if event.year is None or event.month is None:  # the loader refuses such a phase or region
        raise ValueError(f"{row.slug}: its date has no year and month")
    return TargetOut(
        text=event.text,
        hedge=event.hedge,
        hedge_label=gettext(HEDGE_LABELS[event.hedge]),
        year=event.year,
        month=event.month,
        according_to=queries._speaker_ref(session.get_one(Speaker, fact.speaker_slug)),
        fact_url=urls.fact(fact.id),
        fact_api_url=urls.fact_api(fact.id),
        status=deadline_status(event.year, event.month, event.hedge, today, prose),
    )


def _phase_ref(session: Session, phase: Phase, prose: ProseMap, today: date) -> PhaseRef:
    return PhaseRef(
        number=phase.number,
        name=phase.name,
        title=prose[PhaseKey(phase.slug, "title")],
        dated=prose[PhaseKey(phase.slug, "dated")],
        target=_target(session, phase, today, prose),
        matched_region=_region_ref(
            session, session.get_one(Region, phase.region_slug), today, prose
        ),
        url=urls.phase(phase.slug),
        api_url=urls.phase_api(phase.slug),
    )


def _region_ref(
    session: Session, region: Region, today: date, prose: dict[str, ProseOut]
) -> RegionRef:
    return RegionRef(
        slug=region.slug,
        name=region.name,
        target=_target(session, region, today, prose),
        url=urls.region(region.slug),
        api_url=urls.region_api(region.slug),
    )


def _phase_out(session: Session, phase: Phase, today: date) -> PhaseOut:
    prose = prose_map(session=session)
    sections = _sections(session, listing_page("phase", phase.slug))
    return PhaseOut(
        number=phase.number,
        slug=phase.slug,
        name=phase.name,
        title=prose[PhaseKey(phase.slug, "title")],
        dated=prose[PhaseKey(phase.slug, "dated")],
        target=_target(session, phase, today, prose),
        where=prose[PhaseKey(phase.slug, "where")],
        matched_region=_region_ref(
            session, session.get_one(Region, phase.region_slug), today, prose
        ),
        match=MatchOut(inferred=True, note=prose[PhaseKey(phase.slug, "match")]),
        speakers=_speakers_of(sections),
        sections=sections,
        url=urls.phase(phase.slug),
        api_url=urls.phase_api(phase.slug),
    )


def list_phases(*, session: Session, today: date) -> list[PhaseOut]:
    """Both phases, first to last."""
    phases = session.exec(select(Phase).order_by(col(Phase.number)))
    return [_phase_out(session, phase, today) for phase in phases]


def get_phase(*, session: Session, slug: str, today: date) -> PhaseOut | None:
    phase = session.exec(select(Phase).where(Phase.slug == slug)).first()
    return _phase_out(session, phase, today) if phase else None


def _region_out(session: Session, region: Region, today: date) -> RegionOut:
    prose = prose_map(session=session)
    sections = _sections(session, listing_page("region", region.slug))
    phase = session.get_one(Phase, region.phase_number)
    return RegionOut(
        slug=region.slug,
        name=region.name,
        title=prose[RegionKey(region.slug, "title")],
        description=prose[RegionKey(region.slug, "description")],
        target=_target(session, region, today, prose),
        matched_phase=_phase_ref(session, phase, prose, today),
        match=MatchOut(inferred=True, note=prose[RegionKey(region.slug, "mapping")]),
        speakers=_speakers_of(sections),
        sections=sections,
        url=urls.region(region.slug),
        api_url=urls.region_api(region.slug),
    )


def list_regions(*, session: Session, today: date) -> list[RegionOut]:
    """Federal Iraq first, then the Kurdistan region, as the facts file orders them."""
    regions = session.exec(select(Region).order_by(col(Region.position)))
    return [_region_out(session, region, today) for region in regions]


def get_region(*, session: Session, slug: str, today: date) -> RegionOut | None:
    region = session.get(Region, slug)
    return _region_out(session, region, today) if region else None


def _standing(
    phases: list[PhaseRef], targets: list[FactOut], today: date, prose: ProseMap
) -> list[ProseOut]:
    """Where things stand today, in one short line: which phase dates lie behind us.

    The first sentence is the seed's ([prose.standing-*]), filled from the data; the dates
    themselves, with their hedges and speakers, are in the key numbers just below. The second
    is our prose, citing its facts.
    """
    passed = [p for p in phases if p.target.status and p.target.status.passed]
    day = today_words(today)  # ISO in English, in words in Arabic
    if len(passed) == len(phases):
        text = filled(prose, PageKey("standing-past-all"), today=day, count=len(phases))
    elif not passed:
        text = filled(prose, PageKey("standing-before"), today=day)
    else:
        names = [filled(prose, PageKey("standing-phase"), name=p.name) for p in passed]
        joined = gettext(" and ").join(names)
        text = filled(prose, PageKey("standing-past-some"), today=day, phases=joined)
    lines = [ProseOut(text=text, sources=[source_of(fact) for fact in targets])]
    if PageKey("standing") in prose:
        lines.append(prose[PageKey("standing")])
    return lines


def _numbers(session: Session, prose: ProseMap) -> list[KeyNumberOut]:
    """The key numbers, in the facts file's order: the figure is the article's own words."""
    rows = session.exec(select(Prose).where(col(Prose.label).is_not(None)))
    labels = {row.key: row.label for row in rows}
    keys = [str(OverviewKey("number", n)) for n in range(1, len(labels) + 1)]
    return [KeyNumberOut(figure=labels[key] or "", text=prose[key]) for key in keys]


def _unknown(prose: ProseMap) -> list[ProseOut]:
    """What we don't know, in the facts file's order."""
    keys = (OverviewKey("unknown", n) for n in range(1, len(prose) + 1))
    return [prose[key] for key in keys if key in prose]


def _sides(prose: ProseMap) -> SidesOut | None:
    keys = (PageKey("side-us"), PageKey("side-iraq"), PageKey("sides-pairing"))
    if not all(key in prose for key in keys):
        return None
    us, iraq, pairing = (prose[key] for key in keys)
    return SidesOut(united_states=[us], iraq=[iraq], pairing=pairing)


def get_overview(*, session: Session, today: date) -> OverviewOut:
    """The news first: the source and its likely date, the lead, the key numbers, each side's
    words, the questions answered first, and what we don't know."""
    prose = prose_map(session=session)
    summary = _sections(session, "overview")
    speakers = session.exec(
        select(Speaker)
        .where(col(Speaker.kind).in_(["official", "group", "institution"]))
        .order_by(col(Speaker.position))
    )
    rows = list(session.exec(select(Phase).order_by(col(Phase.number))))
    phases = [_phase_ref(session, phase, prose, today) for phase in rows]
    dating = [session.get_one(Event, row.event_id).fact_id for row in rows]
    found = queries.get_facts(session=session, ids=dating)
    targets = [found[fact_id] for fact_id in dating]
    regions = session.exec(select(Region).order_by(col(Region.position)))
    asked = questions.list_questions(session=session)
    numbers = _numbers(session, prose)
    # A seed may leave out any of these lines (the tiny test seed has none of them).
    lines = {
        key: prose.get(PageKey(key))
        for key in ("likely-date", "date-reasoning", "lead", "strip-start")
    }
    sides = _sides(prose)
    unknown = _unknown(prose)
    standing = _standing(phases, targets, today, prose)
    listed = [q for q in asked.story if q.on_overview]
    # In the order the page shows what cites them.
    order: list[ProseOut | FactOut | None] = [prose[PageKey("title")], lines["likely-date"]]
    order += [lines["date-reasoning"], lines["lead"], *standing, lines["strip-start"]]
    order += [n.text for n in numbers]
    order += [*sides.united_states, *sides.iraq, sides.pairing] if sides else []
    order += [sentence for q in listed for sentence in [q.short, *q.answer]]
    order += unknown
    return OverviewOut(
        title=prose[PageKey("title")],
        likely_date=lines["likely-date"],
        date_reasoning=lines["date-reasoning"],
        standing=standing,
        lead=lines["lead"],
        start=lines["strip-start"],
        numbers=numbers,
        sides=sides,
        questions=listed,
        background=asked.background,
        article=queries.get_article(session=session),
        summary=summary[0].facts if summary else [],
        unknown=unknown,
        footnotes=cited_facts(session, [item for item in order if item]),
        phases=phases,
        regions=[_region_ref(session, region, today, prose) for region in regions],
        speakers=[queries._speaker_ref(speaker) for speaker in speakers],
    )


def get_framings(*, session: Session) -> FramingsOut:
    """Each side's description of the change, quoted or paraphrased as the article gives it."""
    prose = prose_map(session=session)
    united_states, iraq = _sections(session, "framings")
    return FramingsOut(
        united_states=FramingOut(
            heading=prose[FramingsKey("us_heading")], facts=united_states.facts
        ),
        iraq=FramingOut(heading=prose[FramingsKey("iraq_heading")], facts=iraq.facts),
        notes=[
            prose[key]
            for key in (PageKey("framings-austin"), PageKey("framings-pairing"))
            if key in prose
        ],
    )
