"""What each page's preview card says: one function per kind of page, named by its registry
entry (`card=`), keyed by the page's URL. Drawing the cards is app/loader/cards.py's.

A page added without a card function of its own gets `seed_card`: its words come from the
seed's `[prose.NAME-title]` and `[prose.NAME-lede]`, the words the page itself shows.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

from sqlmodel import Session, select

from app.config import SeedError
from app.data import corrections, queries, questions, story, urls
from app.data.models import LONGEST_SHARE_TITLE, SHOWN_DESCRIPTION, Fact
from app.data.prose import prose_map
from app.data.prose_keys import PageKey
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


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


def _glance(session: Session) -> str:
    overview = story.get_overview(session=session, today=date.today())
    return " · ".join(
        f"{p.name}: {p.dated.text[0].lower()}{p.dated.text[1:]}, {p.target.text} "
        f"({p.target.according_to.short})"
        for p in overview.phases
    )


def _shares(session: Session) -> dict[str, tuple[str, str]]:
    """Each fact's share title and description (checked by the loader), keyed by its id."""
    rows = session.exec(select(Fact.id, Fact.share_title, Fact.share_description))
    return {fact_id: (title, description) for fact_id, title, description in rows}


def overview(page: "Page", session: Session) -> Cards:
    prose = prose_map(session=session)
    # The home page's share title: our own, or the short form of the fact its title rests on.
    home = prose[PageKey("share-title")].text if PageKey("share-title") in prose else None
    home = home or _shares(session)[prose[PageKey("title")].sources[0].id][0]
    title = prose[PageKey("title")].text
    return {page.url(): Card("One article, explained", title, _glance(session), title=home)}


def questions_list(page: "Page", session: Session) -> Cards:
    asked = questions.list_questions(session=session)
    return {
        page.url(): Card(
            "Questions",
            "Questions a newcomer asks, answered from the article",
            f"{_plural(len(asked.story) + len(asked.background), 'question')}; every sentence "
            "footnoted to the article’s exact words",
            title="Questions about the U.S.–Iraq transition, answered from the article",
        )
    }


def phases(page: "Page", session: Session) -> Cards:
    return {
        page.url(): Card(
            "The two phases",
            "What ends or continues, until when, and who said so",
            _glance(session),
            title="The two phases: what ends or continues, until when, who said so",
        )
    }


def regions(page: "Page", session: Session) -> Cards:
    prose = prose_map(session=session)
    return {
        page.url(): Card(
            "The regions, by Iraq’s defence minister’s account, as relayed",
            "Federal Iraq, then the Kurdistan region, in al-Abbassi’s order",
            prose[PageKey("regions-description")].text,
            title="The regions, by Iraq’s defence minister’s account, as relayed",
        )
    }


def officials(page: "Page", session: Session) -> Cards:
    sources = [s for s in queries.list_speakers(session=session) if s.standing == "source"]
    return {
        page.url(): Card(
            "Who said what",
            f"{_plural(len(sources), 'source')}, named and anonymous",
            "How each one’s words reached the article",
            title="Who said what: everyone the article quotes or paraphrases",
        )
    }


def facts(page: "Page", session: Session) -> Cards:
    found = queries.list_facts(session=session)
    told = [fact for fact in found if fact.story]
    return {
        page.url(): Card(
            "All facts",
            f"{_plural(len(told), 'fact')} from the story, each with its verbatim quote",
            f"Plus {len(found) - len(told)} from the caption, credit, bio and dateline",
            title=f"All facts: {len(told)} from the story, {len(found) - len(told)} from "
            "the page around it",
        )
    }


def source(page: "Page", session: Session) -> Cards:
    article = queries.get_article(session=session)
    return {
        page.url(): Card(
            "The source",
            "The article, passage by passage",
            f"By {article.author} (named in its author box) · {article.passages} passages",
            title=f"The article by {article.author}, passage by passage",
        )
    }


def timeline(page: "Page", session: Session) -> Cards:
    return {
        page.url(): Card(
            "Timeline",
            "Every date in the article, in order",
            "On one line in time; the dates we place marked as ours",
            title="Timeline: every date in the article, in order",
        )
    }


def framings(page: "Page", session: Session) -> Cards:
    prose = prose_map(session=session)
    return {
        page.url(): Card(
            "Two framings",
            prose[PageKey("framings-title")].text.removeprefix("Two framings: "),
            "Each side’s words, quoted or paraphrased as the article gives them",
            title="How U.S. and Iraqi officials speak of the transition",
        )
    }


def numbers(page: "Page", session: Session) -> Cards:
    facts = queries.list_facts(session=session)
    figures = [figure for fact in facts if fact.story for figure in fact.figures]
    return {
        page.url(): Card(
            "The numbers",
            "The article’s counts: troops, strikes, territory, years",
            f"{_plural(len(figures), 'figure')} from the story, among them "
            + " and ".join(f"{f.text} {f.unit}" for f in figures if f.unit == "troops"),
            title="The numbers in the article, each with its hedge and speaker",
        )
    }


def notes(page: "Page", session: Session) -> Cards:
    return {
        page.url(): Card(
            "Notes on the source",
            "What the article does not say",
            "No troop numbers for after the transition, no base named for the plan, "
            "no publication date",
            title="What the article does not say: notes on the source",
        )
    }


def reference(page: "Page", session: Session) -> Cards:
    return {
        page.url(): Card(
            "For programs",
            "The JSON API",
            "Every page has a JSON twin; OpenAPI at /openapi.json",
            title="JSON API reference",
        )
    }


def search(page: "Page", session: Session) -> Cards:
    return {
        page.url(): Card(
            "Search",
            "Search the article and every fact",
            "Full-text search; matched words marked; every hit linked",
            title="Search the article and every fact",
        )
    }


def downloads(page: "Page", session: Session) -> Cards:
    return {
        page.url(): Card(
            "Download",
            "The whole dataset: SQLite, JSON and CSV",
            "Every file with its SHA-256 hash, checked against the article",
            title="Download the data: SQLite, JSON and CSV",
        )
    }


def corrections_list(page: "Page", session: Session) -> Cards:
    return {
        page.url(): Card(
            "Corrections",
            "Every change to a published statement",
            f"{_plural(len(corrections.list_corrections(session=session)), 'correction')}, "
            "each with the earlier wording and why",
            title="Corrections: every change to a published statement",
        )
    }


def phase(page: "Page", session: Session) -> Cards:
    cards: Cards = {}
    shares = _shares(session)
    for found in story.list_phases(session=session, today=date.today()):
        # The phase's own date and whose it is; our match to a region stays on its page. A
        # deadline dates what its sentence says ends (Phase 1: deployment in certain locations),
        # so the share title is that fact's; an earliest end dates the phase itself.
        target = found.target
        generic = f"{found.name}: {target.text}, according to {target.according_to.short}"
        dating = shares[target.fact_url.rsplit("/", 1)[-1]][0]
        cards[found.url] = Card(
            found.name,
            found.title.text,
            f"{found.dated.text}: {target.text}, according to "
            f"{target.according_to.short} ({target.hedge_label})",
            found.number,
            title=dating if target.hedge == "deadline" else generic,
        )
    return cards


def region(page: "Page", session: Session) -> Cards:
    shares = _shares(session)
    return {
        found.url: Card(
            "Region",
            found.title.text,
            f"Matched by us, by date, to {found.matched_phase.name}; neither source states this",
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
    for speaker in queries.list_speakers(session=session):
        vias = {fact.via.split(";")[0] for fact in speaker.statements if fact.via}
        route = f", via {vias.pop()}" if len(vias) == 1 else ""
        cards[speaker.url] = Card(
            "Who said what",
            speaker.name,
            f"{speaker.role} · {_plural(len(speaker.statements), 'statement')}{route} · "
            f"{speaker.side_label}",
            title=_speaker_title(speaker),
        )
    return cards


def question(page: "Page", session: Session) -> Cards:
    asked = questions.list_questions(session=session)
    # The short answer, answer first, in its stand-alone form: the card is seen alone.
    return {
        found.url: Card(
            "Question · answered from the article",
            found.question,
            found.short.text,
            title=found.question,
        )
        for found in asked.story + asked.background
    }


def fact(page: "Page", session: Session) -> Cards:
    cards: Cards = {}
    shares = _shares(session)
    for found in queries.list_facts(session=session):
        # The go-between's name, not our note on it: the fact page carries the whole of `via`.
        route = f", via {found.via.split(';')[0]}" if found.via else ""
        title, description = shares[found.id]
        # The statement itself, saying what the page adds when a preview shows that whole too.
        fuller = f"{description} With the article’s exact words and the passage."
        description = fuller if len(fuller) <= SHOWN_DESCRIPTION else description
        cards[found.url] = Card(
            f"Fact · {found.speaker.name}",
            found.statement,
            f"{found.wording_label}{route} · passage {found.passage_id[2:]}",
            title=title,
            description=description,
        )
    return cards


def correction_day(page: "Page", session: Session) -> Cards:
    """A card per corrections page: the day and its counts, never a corrected statement."""
    cards: Cards = {}
    pages = corrections.correction_pages(corrections.list_corrections(session=session))
    for key, day in pages.items():
        made = f"{_plural(day.count, 'correction')} made on {day.date}"
        part = f", part {day.part} of {len(day.parts)}" if len(day.parts) > 1 else ""
        shown = f"{len(day.corrections)} of them here" if part else "Each"
        cards[urls.corrections(key)] = Card(
            f"Corrections{part}",
            made,
            f"{shown}: what it corrected, the new wording, the earlier wording and why",
            title=f"Corrections made on {day.date}{part}: {_plural(day.count, 'change')}",
        )
    return cards
