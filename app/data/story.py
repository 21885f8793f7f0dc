"""The story's shapes: phases, regions, the overview and the framings, with our prose.

Each groups facts (from queries.py) under headings, with the target dates, the matches of
regions to phases that are our inference, and the prose that rests on facts.
"""

from datetime import date

from sqlmodel import Session, col, select

from app.data import queries, urls
from app.data.deadlines import deadline_status
from app.data.models import Fact, Listing, Phase, Prose, Region, Speaker
from app.data.schemas import (
    HEDGE_LABELS,
    FramingOut,
    FramingsOut,
    MatchOut,
    OverviewOut,
    PhaseOut,
    PhaseRef,
    ProseOut,
    RegionOut,
    RegionRef,
    SectionOut,
    SourceOut,
    SpeakerRef,
    TargetOut,
)


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


def prose_map(*, session: Session) -> dict[str, ProseOut]:
    """All our own prose, keyed, each with the facts it rests on and links to their words."""
    rows = list(session.exec(select(Prose)))
    ids = sorted({fact_id for row in rows for fact_id in row.fact_ids.split()})
    facts = queries.get_facts(session=session, ids=ids)
    return {
        row.key: ProseOut(
            text=row.text,
            sources=[
                SourceOut(
                    id=fact.id,
                    speaker=fact.speaker.name,
                    passage_id=fact.passage_id,
                    url=fact.url,
                    api_url=fact.api_url,
                    fragment_url=fact.fragment_url,
                )
                for fact in (facts[fact_id] for fact_id in row.fact_ids.split())
            ],
        )
        for row in rows
    }


def _target(session: Session, row: Phase | Region, today: date) -> TargetOut:
    fact = session.get_one(Fact, row.target_fact_id)
    return TargetOut(
        text=row.target,
        hedge=row.hedge,
        hedge_label=HEDGE_LABELS[row.hedge],
        year=row.year,
        month=row.month,
        according_to=queries._speaker_ref(session.get_one(Speaker, fact.speaker_slug)),
        fact_url=urls.fact(fact.id),
        fact_api_url=urls.fact_api(fact.id),
        status=deadline_status(row.year, row.month, row.hedge, today),
    )


def _phase_ref(session: Session, phase: Phase, prose: dict[str, ProseOut], today: date) -> PhaseRef:
    return PhaseRef(
        number=phase.number,
        name=phase.name,
        title=prose[f"phase:{phase.slug}:title"],
        target=_target(session, phase, today),
        matched_region=_region_ref(session, session.get_one(Region, phase.region_slug), today),
        url=urls.phase(phase.slug),
        api_url=urls.phase_api(phase.slug),
    )


def _region_ref(session: Session, region: Region, today: date) -> RegionRef:
    return RegionRef(
        slug=region.slug,
        name=region.name,
        target=_target(session, region, today),
        url=urls.region(region.slug),
        api_url=urls.region_api(region.slug),
    )


def _phase_out(session: Session, phase: Phase, today: date) -> PhaseOut:
    prose = prose_map(session=session)
    sections = _sections(session, f"phase:{phase.slug}")
    return PhaseOut(
        number=phase.number,
        slug=phase.slug,
        name=phase.name,
        title=prose[f"phase:{phase.slug}:title"],
        target=_target(session, phase, today),
        where=prose[f"phase:{phase.slug}:where"],
        matched_region=_region_ref(session, session.get_one(Region, phase.region_slug), today),
        match=MatchOut(inferred=True, note=prose[f"phase:{phase.slug}:match"]),
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
    sections = _sections(session, f"region:{region.slug}")
    phase = session.get_one(Phase, region.phase_number)
    return RegionOut(
        slug=region.slug,
        name=region.name,
        title=prose[f"region:{region.slug}:title"],
        description=prose[f"region:{region.slug}:description"],
        target=_target(session, region, today),
        matched_phase=_phase_ref(session, phase, prose, today),
        match=MatchOut(inferred=True, note=prose[f"region:{region.slug}:mapping"]),
        speakers=_speakers_of(sections),
        sections=sections,
        url=urls.region(region.slug),
        api_url=urls.region_api(region.slug),
    )


def list_regions(*, session: Session, today: date) -> list[RegionOut]:
    """Federal Iraq first, then the Kurdistan Region, as the facts file orders them."""
    regions = session.exec(select(Region).order_by(col(Region.position)))
    return [_region_out(session, region, today) for region in regions]


def get_region(*, session: Session, slug: str, today: date) -> RegionOut | None:
    region = session.get(Region, slug)
    return _region_out(session, region, today) if region else None


def get_overview(*, session: Session, today: date) -> OverviewOut:
    """The story in a few facts, with the phases, regions and speakers to explore next."""
    prose = prose_map(session=session)
    summary = _sections(session, "overview")
    speakers = session.exec(
        select(Speaker)
        .where(col(Speaker.kind).in_(["official", "group", "institution"]))
        .order_by(col(Speaker.position))
    )
    phases = session.exec(select(Phase).order_by(col(Phase.number)))
    regions = session.exec(select(Region).order_by(col(Region.position)))
    return OverviewOut(
        title=prose["page:title"],
        article=queries.get_article(session=session),
        summary=summary[0].facts if summary else [],
        phases=[_phase_ref(session, phase, prose, today) for phase in phases],
        regions=[_region_ref(session, region, today) for region in regions],
        speakers=[queries._speaker_ref(speaker) for speaker in speakers],
    )


def get_framings(*, session: Session) -> FramingsOut:
    """Each side's description of the change, quoted or paraphrased as the article gives it."""
    prose = prose_map(session=session)
    united_states, iraq = _sections(session, "framings")
    return FramingsOut(
        united_states=FramingOut(heading=prose["framings:us_heading"], facts=united_states.facts),
        iraq=FramingOut(heading=prose["framings:iraq_heading"], facts=iraq.facts),
    )
