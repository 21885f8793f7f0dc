"""Plain functions: session in, public shapes out. No HTTP, no templates."""

from collections import defaultdict

from sqlmodel import Session, col, select

from app.fragments import text_directive
from app.models import Event, Fact, Figure, Listing, Meta, Passage, Phase, Region, Speaker
from app.schemas import (
    ATTRIBUTION_LABELS,
    HEDGE_LABELS,
    SIDE_LABELS,
    ArticleOut,
    DateOut,
    FactOut,
    FactRef,
    FigureOut,
    FigureRowOut,
    FramingsOut,
    HealthOut,
    OverviewOut,
    PassageOut,
    PhaseOut,
    PhaseRef,
    RegionOut,
    RegionRef,
    SectionOut,
    SpeakerOut,
    SpeakerRef,
    TargetOut,
)


def _speaker_ref(speaker: Speaker) -> SpeakerRef:
    return SpeakerRef(slug=speaker.slug, name=speaker.name, url=f"/officials/{speaker.slug}")


def article_text(*, session: Session) -> str:
    """The article exactly as verified at build time; every offset counts into this."""
    return session.get_one(Meta, "article_text").value


def _fragment_url(session: Session, fact: Fact, text: str) -> str:
    passage = session.get_one(Passage, fact.passage_id)
    directive = text_directive(text, fact.start, fact.end, within=(passage.start, passage.end))
    return f"/source#{fact.passage_id}:~:{directive.encode()}"


def _facts_out(session: Session, facts: list[Fact]) -> list[FactOut]:
    """Shape facts for readers, loading their speakers, dates and figures in three queries."""
    ids = [fact.id for fact in facts]
    text = article_text(session=session)
    speakers = {speaker.slug: speaker for speaker in session.exec(select(Speaker))}
    dates: dict[str, list[DateOut]] = defaultdict(list)
    for event in session.exec(select(Event).where(col(Event.fact_id).in_(ids))):
        dates[event.fact_id].append(
            DateOut(
                hedge_label=HEDGE_LABELS[event.hedge], **event.model_dump(exclude={"id", "fact_id"})
            )
        )
    figures: dict[str, list[FigureOut]] = defaultdict(list)
    for figure in session.exec(select(Figure).where(col(Figure.fact_id).in_(ids))):
        figures[figure.fact_id].append(FigureOut(**figure.model_dump(exclude={"id", "fact_id"})))
    return [
        FactOut(
            **fact.model_dump(exclude={"position", "speaker_slug"}),
            speaker=_speaker_ref(speakers[fact.speaker_slug]),
            attribution_label=ATTRIBUTION_LABELS[fact.attribution],
            url=f"/facts/{fact.id}",
            source_url=f"/source#{fact.passage_id}",
            fragment_url=_fragment_url(session, fact, text),
            api_url=f"/api/facts/{fact.id}",
            dates=dates[fact.id],
            figures=figures[fact.id],
        )
        for fact in facts
    ]


def get_facts(*, session: Session, ids: list[str]) -> dict[str, FactOut]:
    """Several facts by id, shaped in one pass."""
    facts = list(session.exec(select(Fact).where(col(Fact.id).in_(ids))))
    return {fact.id: fact for fact in _facts_out(session, facts)}


def list_facts(*, session: Session) -> list[FactOut]:
    """Every fact, in the order the article gives them."""
    return _facts_out(session, list(session.exec(select(Fact).order_by(col(Fact.position)))))


def get_fact(*, session: Session, fact_id: str) -> FactOut | None:
    fact = session.get(Fact, fact_id)
    return _facts_out(session, [fact])[0] if fact else None


def _passages_out(session: Session, passages: list[Passage]) -> list[PassageOut]:
    citing: dict[str, list[FactRef]] = defaultdict(list)
    for fact in session.exec(select(Fact).order_by(col(Fact.position))):
        citing[fact.passage_id].append(
            FactRef(id=fact.id, statement=fact.statement, url=f"/facts/{fact.id}")
        )
    return [
        PassageOut(
            **passage.model_dump(),
            url=f"/source#{passage.id}",
            api_url=f"/api/passages/{passage.id}",
            facts=citing[passage.id],
        )
        for passage in passages
    ]


def list_passages(*, session: Session) -> list[PassageOut]:
    """Every passage of the article in reading order, with the facts that cite it."""
    passages = list(session.exec(select(Passage).order_by(col(Passage.number))))
    return _passages_out(session, passages)


def get_passage(*, session: Session, passage_id: str) -> PassageOut | None:
    passage = session.get(Passage, passage_id)
    return _passages_out(session, [passage])[0] if passage else None


def _speaker_out(session: Session, speaker: Speaker) -> SpeakerOut:
    query = select(Fact).where(Fact.speaker_slug == speaker.slug).order_by(col(Fact.position))
    statements = _facts_out(session, list(session.exec(query)))
    labels = list(dict.fromkeys(fact.attribution_label for fact in statements))
    return SpeakerOut(
        **speaker.model_dump(exclude={"position"}),
        side_label=SIDE_LABELS[speaker.side],
        attributions=labels,
        url=f"/officials/{speaker.slug}",
        api_url=f"/api/officials/{speaker.slug}",
        statements=statements,
    )


def list_speakers(*, session: Session) -> list[SpeakerOut]:
    """Everyone the article attributes words to, in the order the facts file lists them."""
    speakers = session.exec(select(Speaker).order_by(col(Speaker.position)))
    return [_speaker_out(session, speaker) for speaker in speakers]


def get_speaker(*, session: Session, slug: str) -> SpeakerOut | None:
    speaker = session.get(Speaker, slug)
    return _speaker_out(session, speaker) if speaker else None


def _sections(session: Session, page: str) -> list[SectionOut]:
    query = (
        select(Listing)
        .where(Listing.page == page)
        .order_by(col(Listing.section), col(Listing.position))
    )
    listings = list(session.exec(query))
    facts = {
        fact.id: fact
        for fact in _facts_out(
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


def _target(row: Phase | Region) -> TargetOut:
    return TargetOut(
        text=row.target,
        hedge=row.hedge,
        hedge_label=HEDGE_LABELS[row.hedge],
        year=row.year,
        month=row.month,
    )


def _phase_ref(session: Session, phase: Phase) -> PhaseRef:
    region = _region_ref(session.get_one(Region, phase.region_slug))
    return PhaseRef(
        number=phase.number,
        name=phase.name,
        title=phase.title,
        target=_target(phase),
        region=region,
        url=f"/phases/{phase.slug}",
    )


def _region_ref(region: Region) -> RegionRef:
    return RegionRef(
        slug=region.slug, name=region.name, target=_target(region), url=f"/regions/{region.slug}"
    )


def _phase_out(session: Session, phase: Phase) -> PhaseOut:
    sections = _sections(session, f"phase:{phase.slug}")
    return PhaseOut(
        **phase.model_dump(exclude={"target", "region_slug"}),
        target=_target(phase),
        region=_region_ref(session.get_one(Region, phase.region_slug)),
        speakers=_speakers_of(sections),
        sections=sections,
        url=f"/phases/{phase.slug}",
        api_url=f"/api/phases/{phase.slug}",
    )


def list_phases(*, session: Session) -> list[PhaseOut]:
    """Both phases, first to last."""
    phases = session.exec(select(Phase).order_by(col(Phase.number)))
    return [_phase_out(session, phase) for phase in phases]


def get_phase(*, session: Session, slug: str) -> PhaseOut | None:
    phase = session.exec(select(Phase).where(Phase.slug == slug)).first()
    return _phase_out(session, phase) if phase else None


def _region_out(session: Session, region: Region) -> RegionOut:
    sections = _sections(session, f"region:{region.slug}")
    return RegionOut(
        **region.model_dump(exclude={"target", "position", "phase_number"}),
        target=_target(region),
        phase=_phase_ref(session, session.get_one(Phase, region.phase_number)),
        speakers=_speakers_of(sections),
        sections=sections,
        url=f"/regions/{region.slug}",
        api_url=f"/api/regions/{region.slug}",
    )


def list_regions(*, session: Session) -> list[RegionOut]:
    """Federal Iraq first, then the Kurdistan Region, as the facts file orders them."""
    regions = session.exec(select(Region).order_by(col(Region.position)))
    return [_region_out(session, region) for region in regions]


def get_region(*, session: Session, slug: str) -> RegionOut | None:
    region = session.get(Region, slug)
    return _region_out(session, region) if region else None


def get_article(*, session: Session) -> ArticleOut:
    """What the article is, with the coverage figures the loader checked."""
    meta = {row.key: row.value for row in session.exec(select(Meta))}
    passages = list(session.exec(select(Passage)))
    body = {passage.id for passage in passages if passage.kind == "body"}
    cited = set(session.exec(select(Fact.passage_id)))
    return ArticleOut(
        title=meta["title"],
        author=meta["author"],
        outlet=meta["outlet"],
        dateline=meta["dateline"],
        sha256=meta["sha256"],
        passages=len(passages),
        body_passages=len(body),
        cited_body_passages=len(body & cited),
        facts=len(list(session.exec(select(Fact.id)))),
    )


def get_overview(*, session: Session) -> OverviewOut:
    """The story in a few facts, with the phases, regions and speakers to explore next."""
    summary = _sections(session, "overview")
    speakers = session.exec(
        select(Speaker).where(Speaker.kind != "narration").order_by(col(Speaker.position))
    )
    return OverviewOut(
        article=get_article(session=session),
        summary=summary[0].facts if summary else [],
        phases=[
            _phase_ref(session, p) for p in session.exec(select(Phase).order_by(col(Phase.number)))
        ],
        regions=[
            _region_ref(r) for r in session.exec(select(Region).order_by(col(Region.position)))
        ],
        speakers=[_speaker_ref(speaker) for speaker in speakers],
    )


def get_framings(*, session: Session) -> FramingsOut:
    """Each side's description of the change, in the words the article attributes to it."""
    united_states, iraq = _sections(session, "framings")
    return FramingsOut(united_states=united_states, iraq=iraq)


def list_figures(*, session: Session) -> list[FigureRowOut]:
    """Every number in the article with what it counts, in the order the article gives them."""
    facts = list_facts(session=session)
    return [FigureRowOut(figure=figure, fact=fact) for fact in facts for figure in fact.figures]


def page_keys(*, session: Session) -> dict[str, list[str]]:
    """The ids behind every item page, for the site map and the static export."""
    return {
        "phases": list(session.exec(select(Phase.slug).order_by(col(Phase.number)))),
        "regions": list(session.exec(select(Region.slug).order_by(col(Region.position)))),
        "officials": list(session.exec(select(Speaker.slug).order_by(col(Speaker.position)))),
        "facts": list(session.exec(select(Fact.id).order_by(col(Fact.position)))),
        "passages": list(session.exec(select(Passage.id).order_by(col(Passage.number)))),
    }


def get_health(*, session: Session) -> HealthOut:
    """What this replica serves, read from the database it has open."""
    meta = {row.key: row.value for row in session.exec(select(Meta))}
    return HealthOut(
        status="ok",
        seed_hash=meta["seed_hash"],
        article_sha256=meta["sha256"],
        facts=len(list(session.exec(select(Fact.id)))),
        passages=len(list(session.exec(select(Passage.id)))),
        built_at=meta["built_at"],
    )
