"""Plain functions: session in, public shapes out. No HTTP, no templates."""

from collections import defaultdict
from dataclasses import dataclass
from typing import NamedTuple, get_args

from sqlmodel import Session, col, select

from app.data import urls, words
from app.data.marks import cited_spans
from app.data.models import (
    Card,
    Correction,
    Event,
    Fact,
    Figure,
    Listing,
    Meta,
    Passage,
    Phase,
    Region,
    Speaker,
)
from app.data.prose_keys import listing_page
from app.data.schemas import (
    CHANNEL_LABELS,
    HEDGE_LABELS,
    SIDE_LABELS,
    WORDING_LABELS,
    ArticleOut,
    CitingFact,
    CorrectionOut,
    DateOut,
    FactOut,
    FactRef,
    FigureOut,
    FigureRowOut,
    HealthOut,
    PassageOut,
    SpeakerEntryOut,
    SpeakerOut,
    SpeakerRef,
)
from app.data.standing import relayer, standing
from app.data.vocabulary import NOT_STORY, Channel, Wording
from app.data.words import gettext


def _speaker_ref(speaker: Speaker) -> SpeakerRef:
    return SpeakerRef(
        slug=speaker.slug,
        name=speaker.name,
        short=speaker.short,
        url=urls.speaker(speaker.slug),
        api_url=urls.speaker_api(speaker.slug),
    )


@dataclass(frozen=True)
class Mention:
    """A speaker's full references and the brief one a page uses after the first of them.

    `forms` are the seed's `short` (title, name and how the words reached the article) and,
    for a named official, title and name alone ("Iraqi Defence Minister Thabet al-Abbassi").
    """

    forms: tuple[str, ...]
    brief: str
    relay: str | None = None  # ", as relayed by …": how the words came, said once a page


def mentions(*, session: Session) -> list[Mention]:
    """Every speaker's full and brief references, for pages that name a source in full once."""
    found = []
    for speaker in session.exec(select(Speaker)):
        official = speaker.named and speaker.kind == "official"
        titled = f"{speaker.role} {speaker.name}" if official else speaker.short
        rest = speaker.short.removeprefix(titled)
        relay = rest if rest.startswith((", ", "، ")) else None  # English or Arabic comma
        found.append(Mention(tuple(dict.fromkeys([speaker.short, titled])), speaker.brief, relay))
    return found


def attribution_label(wording: str, via: str | None) -> str:
    """Wording and channel in a few words: "Direct quote, via an interview with Bloomberg" (in
    the edition's language: the Arabic's comma is Arabic)."""
    label = gettext(WORDING_LABELS[wording])
    return gettext("%(wording)s, via %(via)s") % {"wording": label, "via": via} if via else label


def article_text(*, session: Session) -> str:
    """The article exactly as verified at build time; every offset counts into this."""
    return session.get_one(Meta, "article_text").value


def _facts_out(session: Session, facts: list[Fact]) -> list[FactOut]:
    """Facts shaped for readers, each shaped once per session and language (kept in the
    session's `info`): a page, or the build's cards, asks for the same facts many times over,
    and a database does not change under a session (served, it is read-only)."""
    kept: dict[str, FactOut] = session.info.setdefault(("facts", words.lang(), urls.lang()), {})
    missing = [fact for fact in facts if fact.id not in kept]
    if missing:
        kept.update((out.id, out) for out in _shape_facts(session, missing))
    return [kept[fact.id] for fact in facts]


def _shape_facts(session: Session, facts: list[Fact]) -> list[FactOut]:
    """Shape facts for readers, loading their speakers, dates and figures in three queries."""
    ids = [fact.id for fact in facts]
    speakers = {speaker.slug: speaker for speaker in session.exec(select(Speaker))}
    dates: dict[str, list[DateOut]] = defaultdict(list)
    for event in session.exec(select(Event).where(col(Event.fact_id).in_(ids))):
        update = {"hedge_label": gettext(HEDGE_LABELS[event.hedge])}
        dates[event.fact_id].append(DateOut.model_validate(event, update=update))
    figures: dict[str, list[FigureOut]] = defaultdict(list)
    for figure in session.exec(select(Figure).where(col(Figure.fact_id).in_(ids))):
        figures[figure.fact_id].append(FigureOut.model_validate(figure))
    logged: dict[str, list[Correction]] = defaultdict(list)
    # The corrections of the words this edition publishes: an English fact page shows the
    # English log's, an Arabic one the Arabic edition's (app/data/corrections.py says why).
    query = (
        select(Correction)
        .where(col(Correction.fact_id).in_(ids), Correction.lang == urls.lang())
        .order_by(col(Correction.id))
    )
    for correction in session.exec(query):
        logged[correction.fact_id or ""].append(correction)
    statements = {fact.id: fact.statement for fact in facts}
    corrections = {
        fact_id: [
            correction_out(row, after)
            for row, after in zip(
                rows, chain_afters([r.before for r in rows], statements[fact_id]), strict=True
            )
        ]
        for fact_id, rows in logged.items()
    }
    return [
        FactOut.model_validate(
            fact,
            update={
                "story": fact.wording not in NOT_STORY,
                "speaker": _speaker_ref(speakers[fact.speaker_slug]),
                "wording_label": gettext(WORDING_LABELS[fact.wording]),
                "channel_label": gettext(CHANNEL_LABELS[fact.channel]),
                "attribution_label": attribution_label(fact.wording, fact.via),
                "url": urls.fact(fact.id),
                "source_url": urls.passage(fact.passage_id),
                "fragment_url": f"{urls.passage(fact.passage_id)}:~:{fact.fragment}",
                "api_url": urls.fact_api(fact.id),
                "dates": dates[fact.id],
                "figures": figures[fact.id],
                "corrections": corrections.get(fact.id, []),
            },
        )
        for fact in facts
    ]


def chain_afters(befores: list[str], live: str) -> list[str]:
    """Each correction's new wording, oldest first: the next one's earlier wording, and for the
    newest, what is published now. The log stores only earlier wordings, so the chain joins."""
    return [*befores[1:], live]


def correction_out(
    correction: Correction, after: str, url: str | None = None, api_url: str | None = None
) -> CorrectionOut:
    """A correction as readers get it; `url` and `api_url` default to its fact's, in the
    edition being rendered (an Arabic fact page's twin is its JSON document)."""
    fact_id = correction.fact_id or ""
    arabic = correction.lang == "ar"
    fact_api = urls.twin(urls.fact(fact_id)) if arabic else urls.fact_api(fact_id)
    return CorrectionOut(
        target=fact_id or correction.prose_key or "",
        lang="ar" if arabic else "en",
        url=url or urls.fact(fact_id),
        api_url=api_url or fact_api,
        date=correction.date,
        before=correction.before,
        after=after,
        reason=correction.reason,
        reason_ar=correction.reason_ar,
    )


def get_facts(*, session: Session, ids: list[str]) -> dict[str, FactOut]:
    """Several facts by id, shaped in one pass."""
    facts = list(session.exec(select(Fact).where(col(Fact.id).in_(ids))))
    return {fact.id: fact for fact in _facts_out(session, facts)}


def list_facts(
    *,
    session: Session,
    speaker: str | None = None,
    wording: str | None = None,
    channel: str | None = None,
    passage: str | None = None,
    phase: str | None = None,
) -> list[FactOut]:
    """Every fact, or those matching every filter given, in the order the article gives them."""
    query = select(Fact).order_by(col(Fact.position))
    for column, value in (
        (Fact.speaker_slug, speaker),
        (Fact.wording, wording),
        (Fact.channel, channel),
        (Fact.passage_id, passage),
    ):
        if value is not None:
            query = query.where(column == value)
    if phase is not None:  # the facts the phase's page lists
        listed = select(Listing.fact_id).where(Listing.page == listing_page("phase", phase))
        query = query.where(col(Fact.id).in_(listed))
    return _facts_out(session, list(session.exec(query)))


def filter_values(*, session: Session) -> dict[str, list[str]]:
    """Every value each API filter accepts, from the vocabularies and the data."""
    keys = page_keys(session=session)
    return {
        "speaker": keys["speakers"],
        "attribution": list(get_args(Wording)),
        "channel": list(get_args(Channel)),
        "passage": keys["passages"],
        "phase": keys["phases"],
        "expand": ["statements"],
    }


def get_fact(*, session: Session, fact_id: str) -> FactOut | None:
    fact = session.get(Fact, fact_id)
    return _facts_out(session, [fact])[0] if fact else None


def _passage_out(passage: Passage, facts: list[Fact]) -> PassageOut:
    marks = cited_spans([(f.id, f.start - passage.start, f.end - passage.start) for f in facts])
    mark_of = {fact_id: mark.number for mark in marks for fact_id in mark.facts}
    citing = [
        CitingFact(
            id=f.id,
            statement=f.statement,
            url=urls.fact(f.id),
            api_url=urls.fact_api(f.id),
            mark=mark_of[f.id],
        )
        for f in facts
    ]
    citing.sort(key=lambda fact: fact.mark)  # in the order their words come (stable)
    update = {"url": urls.passage(passage.id), "api_url": urls.passage_api(passage.id)}
    return PassageOut.model_validate(passage, update={**update, "facts": citing, "marks": marks})


def _passages_out(session: Session, passages: list[Passage]) -> list[PassageOut]:
    citing: dict[str, list[Fact]] = defaultdict(list)
    for fact in session.exec(select(Fact).order_by(col(Fact.position))):
        citing[fact.passage_id].append(fact)
    return [_passage_out(passage, citing[passage.id]) for passage in passages]


def list_passages(*, session: Session) -> list[PassageOut]:
    """Every passage in reading order, with the facts citing it in the order of their words."""
    passages = list(session.exec(select(Passage).order_by(col(Passage.number))))
    return _passages_out(session, passages)


def get_passage(*, session: Session, passage_id: str) -> PassageOut | None:
    passage = session.get(Passage, passage_id)
    return _passages_out(session, [passage])[0] if passage else None


def _speaker_out(session: Session, speaker: Speaker) -> SpeakerOut:
    query = select(Fact).where(Fact.speaker_slug == speaker.slug).order_by(col(Fact.position))
    statements = _facts_out(session, list(session.exec(query)))
    labels = list(dict.fromkeys(fact.wording_label for fact in statements))
    rank = standing(speaker.kind, [fact.channel for fact in statements])
    others = {s.slug: s for s in session.exec(select(Speaker)) if s.slug != speaker.slug}
    by = relayer([f.via for f in statements], {slug: s.name for slug, s in others.items()})
    return SpeakerOut.model_validate(
        speaker,
        update={
            "side_label": SIDE_LABELS[speaker.side]
            + (" (our inference)" if speaker.side_inferred else ""),
            "standing": rank,
            "relayed_by": _speaker_ref(others[by]) if rank == "mentioned" and by else None,
            "attributions": labels,
            "url": urls.speaker(speaker.slug),
            "api_url": urls.speaker_api(speaker.slug),
            "statements": statements,
        },
    )


def list_speakers(*, session: Session) -> list[SpeakerOut]:
    """Everyone the article attributes words to, in the order the facts file lists them."""
    speakers = session.exec(select(Speaker).order_by(col(Speaker.position)))
    return [_speaker_out(session, speaker) for speaker in speakers]


def speaker_entries(speakers: list[SpeakerOut], *, expand: bool) -> list[SpeakerEntryOut]:
    """Speakers for the API's list: references to their statements, or the statements whole."""
    return [
        SpeakerEntryOut.model_validate(
            speaker.model_dump(exclude={"statements"}),
            update={
                "statements": speaker.statements
                if expand
                else [
                    FactRef(id=f.id, statement=f.statement, url=f.url, api_url=f.api_url)
                    for f in speaker.statements
                ]
            },
        )
        for speaker in speakers
    ]


def get_speaker(*, session: Session, slug: str) -> SpeakerOut | None:
    speaker = session.get(Speaker, slug)
    return _speaker_out(session, speaker) if speaker else None


def get_article(*, session: Session) -> ArticleOut:
    """What the article is, with the coverage figures the loader checked."""
    meta = {row.key: row.value for row in session.exec(select(Meta))}
    passages = list(session.exec(select(Passage)))
    body = {passage.id for passage in passages if passage.kind == "body"}
    cited = set(session.exec(select(Fact.passage_id)))
    wordings = list(session.exec(select(Fact.wording)))
    return ArticleOut(
        author=meta["author"],
        author_source=meta["author_source"],
        outlet=meta["outlet"],
        # The English source says so in words; the Arabic build records the English's answer.
        outlet_inferred=meta.get("outlet_inferred", "") == "true"
        or meta["outlet_source"].startswith("our inference"),
        outlet_source=meta["outlet_source"],
        dateline=meta["dateline"],
        sha256=meta["sha256"],
        passages=len(passages),
        body_passages=len(body),
        cited_body_passages=len(body & cited),
        facts=len(wordings),
        story_facts=sum(wording not in NOT_STORY for wording in wordings),
    )


def list_figures(*, session: Session) -> list[FigureRowOut]:
    """Every number in the article with what it counts, in the order the article gives them."""
    facts = list_facts(session=session)
    return [FigureRowOut(figure=figure, fact=fact) for fact in facts for figure in fact.figures]


class Preview(NamedTuple):
    """What a page's share preview shows beside its card: title, description, the card's alt."""

    title: str
    description: str | None  # None: the page's own description
    alt: str


def previews(*, session: Session) -> dict[str, Preview]:
    """Each page's share preview, keyed by its card's path."""
    rows = session.exec(select(Card.path, Card.title, Card.description, Card.alt))
    return {path: Preview(title, description, alt) for path, title, description, alt in rows}


def page_keys(*, session: Session) -> dict[str, list[str]]:
    """The ids behind every item page, for the site map and the static export."""
    return {
        "phases": list(session.exec(select(Phase.slug).order_by(col(Phase.number)))),
        "regions": list(session.exec(select(Region.slug).order_by(col(Region.position)))),
        "speakers": list(session.exec(select(Speaker.slug).order_by(col(Speaker.position)))),
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
