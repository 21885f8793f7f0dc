"""What each page's preview card says: one function per kind of page, named by its registry
entry (`card=`), keyed by the page's URL. Drawing the cards is app/loader/cards.py's.

A page added without a card function of its own gets `seed_card`: its words come from the
seed's `[prose.NAME-title]` and `[prose.NAME-lede]`, the words the page itself shows.

Every word a card shows is the seed's: card function `NAME` reads `card-NAME-PART` (PART is
kicker, headline, detail or title, the share title, or a piece of one), from `[prose]` where the
words say something about the article and from `[interface]` where they describe the site.
The code only fills in the counts and names (app/data/prose.py TEMPLATES lists each template's
placeholders, which the build checks).
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

from sqlmodel import Session, select

from app.config import SeedError
from app.data import corrections, queries, questions, story, urls
from app.data.models import LONGEST_SHARE_TITLE, SHOWN_DESCRIPTION, Fact, Prose
from app.data.prose import fill, prose_map
from app.data.prose_keys import InterfaceKey, PageKey
from app.data.schemas import SpeakerOut

if TYPE_CHECKING:
    from app.pages.registry import Page


@dataclass(frozen=True)
class Card:
    """A page's preview: the card's words, and the title (and, where the page's own will not
    do, the description) that share previews show beside it."""

    kicker: str
    headline: str
    detail: str
    phase: int = 0
    title: str = field(default="", kw_only=True)  # 70 characters at most, shown whole
    description: str | None = field(default=None, kw_only=True)
    footer: str = field(default="", kw_only=True)  # the site's line, [interface] card-footer

    @property
    def alt(self) -> str:
        """The card's words, for its alt text: the image says nothing more."""
        parts = [self.kicker, self.headline, self.detail]
        return " ".join(p if p.endswith((".", "?", "!", ".”")) else f"{p}." for p in parts)


Cards = dict[str, Card]
CardWords = Callable[["Page", Session], Cards]


def seed_card(page: "Page", session: Session) -> Cards:
    """A list page's card from its own seed prose: its title (the headline and share title)
    and its lede (the detail), under the page's label. A missing key stops the build with one
    line that names it."""
    prose = prose_map(session=session)
    words = []
    for part in ("title", "lede"):
        key = PageKey(f"{page.name}-{part}")
        if key not in prose:
            raise SeedError(f"facts.toml needs [prose.{key.name}]: the {page.path} card says it")
        words.append(prose[key].text)
    title, lede = words
    return {page.url(): Card(page.nav or page.header or title, title, lede, title=title)}


class Words:
    """One card function's words from the seed: `card-NAME-PART`, filled in from the data."""

    def __init__(self, session: Session, name: str) -> None:
        self.session, self.name = session, name.replace("_", "-")

    def __call__(self, part: str, /, **values: object) -> str:
        name = f"card-{self.name}-{part}"
        for key in (PageKey(name), InterfaceKey(name)):
            row = self.session.get(Prose, str(key))
            if row is not None:
                return fill(row.text, **values)
        raise SeedError(f"facts.toml needs [prose.{name}] or [interface] {name}: a card says it")


def _glance(session: Session) -> str:
    """Each phase's date with its speaker, one after the other (the seed's card-overview-glance,
    whose punctuation is the edition's own)."""
    overview = story.get_overview(session=session, today=date.today())
    words = Words(session, "overview")
    return " · ".join(
        words(
            "glance",
            name=p.name,
            what=f"{p.dated.text[0].lower()}{p.dated.text[1:]}",
            target=p.target.text,
            speaker=p.target.according_to.short,
        )
        for p in overview.phases
    )


def _shares(session: Session) -> dict[str, tuple[str, str]]:
    """Each fact's share title and description (checked by the loader), keyed by its id."""
    rows = session.exec(select(Fact.id, Fact.share_title, Fact.share_description))
    return {fact_id: (title, description) for fact_id, title, description in rows}


def _card(words: Words, detail: str | None = None, **values: object) -> Card:
    """A list page's card, each part its seed words filled in with the same values."""
    return Card(
        words("kicker"),
        words("headline", **values),
        detail if detail is not None else words("detail", **values),
        title=words("title", **values),
    )


def overview(page: "Page", session: Session) -> Cards:
    prose = prose_map(session=session)
    # The home page's share title: our own, or the short form of the fact its title rests on.
    home = prose[PageKey("share-title")].text if PageKey("share-title") in prose else None
    home = home or _shares(session)[prose[PageKey("title")].sources[0].id][0]
    title = prose[PageKey("title")].text
    kicker = Words(session, "overview")("kicker")
    return {page.url(): Card(kicker, title, _glance(session), title=home)}


def questions_list(page: "Page", session: Session) -> Cards:
    asked = questions.list_questions(session=session)
    count = len(asked.story) + len(asked.background)
    words = Words(session, "questions_list")
    headline, detail = words("headline"), words("detail", count=count)
    title = prose_map(session=session)[PageKey("questions-title")].text
    return {page.url(): Card(words("kicker"), headline, detail, title=title)}


def phases(page: "Page", session: Session) -> Cards:
    return {page.url(): _card(Words(session, "phases"), _glance(session))}


def regions(page: "Page", session: Session) -> Cards:
    prose = prose_map(session=session)
    detail = prose[PageKey("regions-description")].text
    return {page.url(): _card(Words(session, "regions"), detail)}


def officials(page: "Page", session: Session) -> Cards:
    sources = [s for s in queries.list_speakers(session=session) if s.standing == "source"]
    return {page.url(): _card(Words(session, "officials"), sources=len(sources))}


def facts(page: "Page", session: Session) -> Cards:
    found = queries.list_facts(session=session)
    told = len([fact for fact in found if fact.story])
    return {page.url(): _card(Words(session, "facts"), told=told, other=len(found) - told)}


def source(page: "Page", session: Session) -> Cards:
    article = queries.get_article(session=session)
    words = Words(session, "source")
    return {page.url(): _card(words, author=article.author, passages=article.passages)}


def timeline(page: "Page", session: Session) -> Cards:
    return {page.url(): _card(Words(session, "timeline"))}


def framings(page: "Page", session: Session) -> Cards:
    prose = prose_map(session=session)
    words = Words(session, "framings")
    headline = prose[PageKey("framings-title")].text
    return {page.url(): Card(words("kicker"), headline, words("detail"), title=words("title"))}


def numbers(page: "Page", session: Session) -> Cards:
    facts = queries.list_facts(session=session)
    figures = [figure for fact in facts if fact.story for figure in fact.figures]
    troops = " and ".join(f"{f.text} {f.unit}" for f in figures if f.unit == "troops")
    return {page.url(): _card(Words(session, "numbers"), count=len(figures), troops=troops)}


def notes(page: "Page", session: Session) -> Cards:
    return {page.url(): _card(Words(session, "notes"))}


def reference(page: "Page", session: Session) -> Cards:
    return {page.url(): _card(Words(session, "reference"))}


def search(page: "Page", session: Session) -> Cards:
    return {page.url(): _card(Words(session, "search"))}


def downloads(page: "Page", session: Session) -> Cards:
    return {page.url(): _card(Words(session, "downloads"))}


def corrections_list(page: "Page", session: Session) -> Cards:
    count = len(corrections.list_corrections(session=session))
    return {page.url(): _card(Words(session, "corrections_list"), count=count)}


def phase(page: "Page", session: Session) -> Cards:
    cards: Cards = {}
    shares = _shares(session)
    words = Words(session, "phase")
    for found in story.list_phases(session=session, today=date.today()):
        # The phase's own date and whose it is; our match to a region stays on its page. A
        # deadline dates what its sentence says ends (Phase 1: deployment in certain locations),
        # so the share title is that fact's; an earliest end dates the phase itself.
        target = found.target
        speaker = target.according_to.short
        generic = words("title", name=found.name, target=target.text, speaker=speaker)
        dating = shares[target.fact_url.rsplit("/", 1)[-1]][0]
        detail = words(
            "detail",
            dated=found.dated.text,
            target=target.text,
            speaker=speaker,
            hedge=target.hedge_label,
        )
        cards[found.url] = Card(
            found.name,
            found.title.text,
            detail,
            found.number,
            title=dating if target.hedge == "deadline" else generic,
        )
    return cards


def region(page: "Page", session: Session) -> Cards:
    shares = _shares(session)
    words = Words(session, "region")
    return {
        found.url: Card(
            words("kicker"),
            found.title.text,
            words("detail", phase=found.matched_phase.name),
            found.matched_phase.number,
            # The short form of the fact that gives the region its date, speaker and hedge.
            title=shares[found.target.fact_url.rsplit("/", 1)[-1]][0],
        )
        for found in story.list_regions(session=session, today=date.today())
    }


def _speaker_title(speaker: SpeakerOut) -> str:
    full = f"{speaker.name} ({speaker.role})"
    return full if len(full) <= LONGEST_SHARE_TITLE else speaker.name


def official(page: "Page", session: Session) -> Cards:
    cards: Cards = {}
    words = Words(session, "official")
    for each in queries.list_speakers(session=session):
        vias = {fact.via.split(";")[0] for fact in each.statements if fact.via}
        route = words("route", via=vias.pop()) if len(vias) == 1 else ""
        detail = words(
            "detail",
            role=each.role,
            count=len(each.statements),
            route=route,
            side=each.side_label,
        )
        cards[each.url] = Card(words("kicker"), each.name, detail, title=_speaker_title(each))
    return cards


def question(page: "Page", session: Session) -> Cards:
    asked = questions.list_questions(session=session)
    kicker = Words(session, "question")("kicker")
    # The short answer, answer first, in its stand-alone form: the card is seen alone.
    return {
        found.url: Card(kicker, found.question, found.short.text, title=found.question)
        for found in asked.story + asked.background
    }


def fact(page: "Page", session: Session) -> Cards:
    cards: Cards = {}
    shares = _shares(session)
    words = Words(session, "fact")
    for found in queries.list_facts(session=session):
        # The go-between's name, not our note on it: the fact page carries the whole of `via`.
        route = words("route", via=found.via.split(";")[0]) if found.via else ""
        title, description = shares[found.id]
        # The statement itself, saying what the page adds when a preview shows that whole too.
        fuller = words("fuller", description=description)
        description = fuller if len(fuller) <= SHOWN_DESCRIPTION else description
        detail = words(
            "detail", wording=found.wording_label, route=route, passage=found.passage_id[2:]
        )
        cards[found.url] = Card(
            words("kicker", speaker=found.speaker.name),
            found.statement,
            detail,
            title=title,
            description=description,
        )
    return cards


def correction_day(page: "Page", session: Session) -> Cards:
    """A card per corrections page: the day and its counts, never a corrected statement."""
    cards: Cards = {}
    words = Words(session, "correction_day")
    pages = corrections.correction_pages(corrections.list_corrections(session=session))
    for key, day in pages.items():
        parts = len(day.parts)
        part = words("part", part=day.part, parts=parts) if parts > 1 else ""
        shown = words("shown-part", count=len(day.corrections)) if part else words("shown-all")
        cards[urls.corrections(key)] = Card(
            words("kicker", part=part),
            words("headline", count=day.count, date=day.date),
            words("detail", shown=shown),
            title=words("title", date=day.date, part=part, count=day.count),
        )
    return cards
