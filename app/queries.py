"""Plain functions: session in, public shapes out. No HTTP, no templates."""

from collections import defaultdict
from datetime import date

from sqlmodel import Session, col, select

from app.deadlines import deadline_status
from app.fragments import text_directive
from app.models import (
    Card,
    Correction,
    Event,
    Fact,
    Figure,
    Listing,
    Meta,
    Passage,
    Phase,
    Prose,
    Region,
    RetiredFact,
    Speaker,
)
from app.schemas import (
    CHANNEL_LABELS,
    HEDGE_LABELS,
    SIDE_LABELS,
    WORDING_LABELS,
    ArticleOut,
    CorrectionOut,
    DateOut,
    FactOut,
    FactRef,
    FigureOut,
    FigureRowOut,
    FramingOut,
    FramingsOut,
    HealthOut,
    MatchOut,
    OverviewOut,
    PassageOut,
    PhaseOut,
    PhaseRef,
    ProseOut,
    RegionOut,
    RegionRef,
    RetiredOut,
    SectionOut,
    SourceOut,
    SpeakerOut,
    SpeakerRef,
    TargetOut,
)

NOT_STORY = {"caption", "credit", "bio", "dateline"}


def _speaker_ref(speaker: Speaker) -> SpeakerRef:
    return SpeakerRef(
        slug=speaker.slug, name=speaker.name, short=speaker.short, url=f"/officials/{speaker.slug}"
    )


def attribution_label(wording: str, via: str | None) -> str:
    """Wording and channel in a few words: "Direct quote, via an interview with Bloomberg"."""
    label = WORDING_LABELS[wording]
    return f"{label}, via {via}" if via else label


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
    corrections: dict[str, list[CorrectionOut]] = defaultdict(list)
    for correction in session.exec(select(Correction).where(col(Correction.fact_id).in_(ids))):
        fact = next(f for f in facts if f.id == correction.fact_id)
        corrections[fact.id].append(_correction_out(correction, fact.statement))
    return [
        FactOut(
            **fact.model_dump(exclude={"position", "speaker_slug"}),
            story=fact.wording not in NOT_STORY,
            speaker=_speaker_ref(speakers[fact.speaker_slug]),
            wording_label=WORDING_LABELS[fact.wording],
            channel_label=CHANNEL_LABELS[fact.channel],
            attribution_label=attribution_label(fact.wording, fact.via),
            url=f"/facts/{fact.id}",
            source_url=f"/source#{fact.passage_id}",
            fragment_url=_fragment_url(session, fact, text),
            api_url=f"/api/facts/{fact.id}",
            dates=dates[fact.id],
            figures=figures[fact.id],
            corrections=corrections[fact.id],
        )
        for fact in facts
    ]


def _correction_out(correction: Correction, after: str, url: str | None = None) -> CorrectionOut:
    return CorrectionOut(
        target=correction.fact_id or correction.prose_key or "",
        url=url or f"/facts/{correction.fact_id}",
        date=correction.date,
        before=correction.before,
        after=after,
        reason=correction.reason,
    )


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
    labels = list(dict.fromkeys(fact.wording_label for fact in statements))
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


def prose_map(*, session: Session) -> dict[str, ProseOut]:
    """All our own prose, keyed, each with the facts it rests on and links to their words."""
    rows = list(session.exec(select(Prose)))
    ids = sorted({fact_id for row in rows for fact_id in row.fact_ids.split()})
    facts = get_facts(session=session, ids=ids)
    return {
        row.key: ProseOut(
            text=row.text,
            sources=[
                SourceOut(
                    id=fact.id,
                    speaker=fact.speaker.name,
                    passage_id=fact.passage_id,
                    url=fact.url,
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
        according_to=_speaker_ref(session.get_one(Speaker, fact.speaker_slug)),
        fact_url=f"/facts/{fact.id}",
        status=deadline_status(row.year, row.month, row.hedge, today),
    )


def _phase_ref(session: Session, phase: Phase, prose: dict[str, ProseOut], today: date) -> PhaseRef:
    return PhaseRef(
        number=phase.number,
        name=phase.name,
        title=prose[f"phase:{phase.slug}:title"],
        target=_target(session, phase, today),
        url=f"/phases/{phase.slug}",
    )


def _region_ref(session: Session, region: Region, today: date) -> RegionRef:
    return RegionRef(
        slug=region.slug,
        name=region.name,
        target=_target(session, region, today),
        url=f"/regions/{region.slug}",
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
        url=f"/phases/{phase.slug}",
        api_url=f"/api/phases/{phase.slug}",
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
        description=prose[f"region:{region.slug}:description"],
        target=_target(session, region, today),
        matched_phase=_phase_ref(session, phase, prose, today),
        match=MatchOut(inferred=True, note=prose[f"region:{region.slug}:mapping"]),
        speakers=_speakers_of(sections),
        sections=sections,
        url=f"/regions/{region.slug}",
        api_url=f"/api/regions/{region.slug}",
    )


def list_regions(*, session: Session, today: date) -> list[RegionOut]:
    """Federal Iraq first, then the Kurdistan Region, as the facts file orders them."""
    regions = session.exec(select(Region).order_by(col(Region.position)))
    return [_region_out(session, region, today) for region in regions]


def get_region(*, session: Session, slug: str, today: date) -> RegionOut | None:
    region = session.get(Region, slug)
    return _region_out(session, region, today) if region else None


def get_article(*, session: Session) -> ArticleOut:
    """What the article is, with the coverage figures the loader checked."""
    meta = {row.key: row.value for row in session.exec(select(Meta))}
    passages = list(session.exec(select(Passage)))
    body = {passage.id for passage in passages if passage.kind == "body"}
    cited = set(session.exec(select(Fact.passage_id)))
    wordings = list(session.exec(select(Fact.wording)))
    return ArticleOut(
        author=meta["author"],
        outlet=meta["outlet"],
        dateline=meta["dateline"],
        sha256=meta["sha256"],
        passages=len(passages),
        body_passages=len(body),
        cited_body_passages=len(body & cited),
        facts=len(wordings),
        story_facts=sum(wording not in NOT_STORY for wording in wordings),
    )


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
        article=get_article(session=session),
        summary=summary[0].facts if summary else [],
        phases=[_phase_ref(session, phase, prose, today) for phase in phases],
        regions=[_region_ref(session, region, today) for region in regions],
        speakers=[_speaker_ref(speaker) for speaker in speakers],
    )


def get_framings(*, session: Session) -> FramingsOut:
    """Each side's description of the change, quoted or paraphrased as the article gives it."""
    prose = prose_map(session=session)
    united_states, iraq = _sections(session, "framings")
    return FramingsOut(
        united_states=FramingOut(heading=prose["framings:us_heading"], facts=united_states.facts),
        iraq=FramingOut(heading=prose["framings:iraq_heading"], facts=iraq.facts),
    )


# Where each page's prose is published, for the corrections list.
PROSE_PAGES = {
    "title": "/",
    "description": "/",
    "glance-caption": "/",
    "phases-lede": "/phases",
    "regions-lede": "/regions",
    "regions-description": "/regions",
    "framings-title": "/framings",
    "framings-lede": "/framings",
    "framings-austin": "/framings",
    "numbers-lede": "/numbers",
    "timeline-lede": "/timeline",
}


def prose_url(key: str) -> str:
    """The page that shows a piece of prose: `phase:1:title` is on /phases/1, and so on."""
    kind, _, rest = key.partition(":")
    if kind in ("phase", "region"):
        return f"/{kind}s/{rest.split(':')[0]}"
    if kind == "framings":
        return "/framings"
    return PROSE_PAGES.get(rest, "/")


def list_corrections(*, session: Session) -> list[CorrectionOut]:
    """Every correction, newest first, with the earlier and the current wording."""
    statements = dict(session.exec(select(Fact.id, Fact.statement)).all())
    prose = dict(session.exec(select(Prose.key, Prose.text)).all())
    found = []
    for row in session.exec(select(Correction).order_by(col(Correction.id))):
        if row.fact_id:
            found.append(_correction_out(row, statements[row.fact_id]))
        else:
            key = row.prose_key or ""
            found.append(_correction_out(row, prose[key], prose_url(key)))
    return sorted(found, key=lambda c: c.date, reverse=True)


def get_retired(*, session: Session, fact_id: str) -> RetiredOut | None:
    """A fact id that no longer stands, with what replaced it, if anything."""
    row = session.get(RetiredFact, fact_id)
    if row is None:
        return None
    replacement = session.get(Fact, row.replaced_by) if row.replaced_by else None
    return RetiredOut(
        id=row.id,
        date=row.date,
        statement=row.statement,
        reason=row.reason,
        replaced_by=FactRef(
            id=replacement.id, statement=replacement.statement, url=f"/facts/{replacement.id}"
        )
        if replacement
        else None,
    )


def list_figures(*, session: Session) -> list[FigureRowOut]:
    """Every number in the article with what it counts, in the order the article gives them."""
    facts = list_facts(session=session)
    return [FigureRowOut(figure=figure, fact=fact) for fact in facts for figure in fact.figures]


def card_alts(*, session: Session) -> dict[str, str]:
    """Each preview card's words, for its alt text, keyed by the card's path."""
    return dict(session.exec(select(Card.path, Card.alt)).all())


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
