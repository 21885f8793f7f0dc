"""The story's shapes: phases, regions, the overview and the framings, with our prose.

Each groups facts (from queries.py) under headings, with the target dates, the matches of
regions to phases that are our inference, and the prose that rests on facts.
"""

from datetime import date

from sqlmodel import Session, col, select

from app.data import notes, queries, questions, urls
from app.data.deadlines import deadline_status
from app.data.models import Fact, Listing, Phase, Region, Speaker
from app.data.prose import cited_facts, prose_map, source_of
from app.data.schemas import (
    HEDGE_LABELS,
    FactOut,
    FramingOut,
    FramingsOut,
    MatchOut,
    OverviewNoteRef,
    OverviewOut,
    PhaseOut,
    PhaseRef,
    ProseOut,
    RegionOut,
    RegionRef,
    SectionOut,
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


GAPS = ("undisclosed", "base-names", "publication-date")  # the notes that say what is missing
COUNT_WORDS = {1: "the one date", 2: "both dates", 3: "all three dates"}  # "is past both dates"


def _standing(
    phases: list[PhaseRef], targets: list[FactOut], today: date, prose: dict[str, ProseOut]
) -> list[ProseOut]:
    """Where things stand today, said once: which phase dates lie behind us, and whose they are.

    The first sentence is made from the data (each date keeps its hedge, its speaker and what
    kind of date it is); the second is our prose, citing its own facts.
    """
    dates = "; and ".join(
        f"{p.name}’s, {p.target.text}, according to {p.target.according_to.short} "
        f"({p.target.hedge_label})"
        for p in phases
    )
    passed = [p for p in phases if p.target.status and p.target.status.passed]
    if len(passed) == len(phases):
        state = f"is past {COUNT_WORDS.get(len(phases), f'all {len(phases)} dates')}"
    elif not passed:
        state = "is before the dates"
    else:
        state = "is past " + " and ".join(f"{p.name}’s date" for p in passed) + " of these"
    lines = [
        ProseOut(
            text=f"Today ({today.isoformat()}) {state}: {dates}.",
            sources=[source_of(fact) for fact in targets],
        )
    ]
    if "page:standing" in prose:
        lines.append(prose["page:standing"])
    return lines


def get_overview(*, session: Session, today: date) -> OverviewOut:
    """The story in a few lines and questions, with what we know and what we don't."""
    prose = prose_map(session=session)
    summary = _sections(session, "overview")
    speakers = session.exec(
        select(Speaker)
        .where(col(Speaker.kind).in_(["official", "group", "institution"]))
        .order_by(col(Speaker.position))
    )
    rows = list(session.exec(select(Phase).order_by(col(Phase.number))))
    phases = [_phase_ref(session, phase, prose, today) for phase in rows]
    found = queries.get_facts(session=session, ids=[row.target_fact_id for row in rows])
    targets = [found[row.target_fact_id] for row in rows]
    regions = session.exec(select(Region).order_by(col(Region.position)))
    asked = questions.list_questions(session=session)
    top = [prose[key] for key in ("page:top-agreed", "page:top-troops") if key in prose]
    standing = _standing(phases, targets, today, prose)
    gaps = [
        OverviewNoteRef(
            key=note.key, heading=note.heading, url=f"/notes#{note.key}", facts=note.facts[:2]
        )
        for note in notes.get_notes(session=session)
        if note.key in GAPS
    ]
    known = summary[0].facts if summary else []
    # Footnotes are numbered in the order the page shows what cites them.
    story_answers = [sentence for q in asked.story for sentence in q.answer]
    background_answers = [sentence for q in asked.background for sentence in q.answer]
    caption = [prose["page:glance-caption"]] if "page:glance-caption" in prose else []
    order: list[ProseOut | FactOut] = [prose["page:title"], *top, *standing, *story_answers]
    order += [*known, *(fact for gap in gaps for fact in gap.facts), *caption]
    order += background_answers
    footnotes = cited_facts(session, order)
    return OverviewOut(
        title=prose["page:title"],
        top=top,
        standing=standing,
        questions=asked.story,
        background=asked.background,
        article=queries.get_article(session=session),
        summary=known,
        unknown=gaps,
        footnotes=footnotes,
        phases=phases,
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
