"""Preview cards: a 1200×630 PNG per page that states the page's point, drawn at build time."""

import io
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from functools import cache

from PIL import Image, ImageColor, ImageDraw, ImageFont
from sqlmodel import Session, select

from app.build.article import SeedError
from app.data import corrections, queries, questions, story, urls
from app.data.models import LONGEST_DESCRIPTION, LONGEST_SHARE_TITLE, SHOWN_DESCRIPTION, Fact
from app.data.prose import prose_map
from app.data.schemas import SpeakerOut
from app.web.site import card_path

WIDTH, HEIGHT, MARGIN = 1200, 630, 80
BODY_HEIGHT = 400  # from under the kicker to above the footer
BACKGROUND, INK, SOFT = "#14283d", "#ffffff", "#b9cde0"
ACCENTS = {0: "#8cc2f0", 1: "#4fb3d1", 2: "#f0b45a"}
# DejaVu covers curly quotes and dashes; Pillow's built-in font is the ASCII-only fallback.
ASCII = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', "–": "-", "—": "-", "·": "|"})


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


@cache
def _font(bold: bool, size: int) -> tuple[ImageFont.FreeTypeFont, bool]:
    name = "DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf"
    try:
        return ImageFont.truetype(name, size), True
    except OSError:
        return ImageFont.load_default(size=size), False


@cache
def _palette() -> Image.Image:
    base = ImageColor.getrgb(BACKGROUND)
    colours = [base]
    # A list, not a set: a set's order follows the hash seed, and replicas must draw the
    # same bytes.
    for ink in dict.fromkeys([INK, SOFT, *ACCENTS.values()]):
        target = ImageColor.getrgb(ink)
        colours += [
            tuple(round(b + (t - b) * step / 15) for b, t in zip(base, target, strict=True))
            for step in range(1, 16)
        ]
    palette = Image.new("P", (1, 1))
    palette.putpalette([channel for colour in colours for channel in colour])
    return palette


def _wrap(draw: ImageDraw.ImageDraw, text: str, font: ImageFont.FreeTypeFont) -> list[str]:
    lines, current = [], ""
    for word in text.split():
        trial = f"{current} {word}".strip()
        if draw.textlength(trial, font=font) <= WIDTH - 2 * MARGIN:
            current = trial
        else:
            lines.append(current)
            current = word
    return [*lines, current]


def _layout(
    pen: ImageDraw.ImageDraw, card: Card, fix: Callable[[str], str]
) -> tuple[list[str], int, list[str], int]:
    """The largest sizes at which every word of the card fits: nothing is ever cut."""
    for size in (60, 52, 44, 38, 32, 28):
        for detail_size in (34, 30, 26, 23):
            lines = _wrap(pen, fix(card.headline), _font(True, size)[0])
            details = _wrap(pen, fix(card.detail), _font(False, detail_size)[0])
            height = len(lines) * int(size * 1.25) + 20 + len(details) * int(detail_size * 1.35)
            if height <= BODY_HEIGHT:
                return lines, size, details, detail_size
    raise ValueError(f"card text does not fit: {card.headline[:60]}…")


def draw(card: Card) -> bytes:
    """Render the card at the largest sizes that fit all of its words."""
    image = Image.new("RGB", (WIDTH, HEIGHT), BACKGROUND)
    pen = ImageDraw.Draw(image)
    pen.rectangle((0, 0, WIDTH, 18), fill=ACCENTS[card.phase])
    small, unicode_ok = _font(False, 26)
    fix: Callable[[str], str] = (lambda t: t) if unicode_ok else (lambda t: t.translate(ASCII))
    y = 60
    for line in _wrap(pen, fix(card.kicker.upper()), small):
        pen.text((MARGIN, y), line, font=small, fill=ACCENTS[card.phase])
        y += 34
    lines, size, details, detail_size = _layout(pen, card, fix)
    y = max(y + 16, 130)
    font, detail = _font(True, size)[0], _font(False, detail_size)[0]
    for line in lines:
        pen.text((MARGIN, y), line, font=font, fill=INK)
        y += int(size * 1.25)
    y += 20
    for line in details:
        pen.text((MARGIN, y), line, font=detail, fill=SOFT)
        y += int(detail_size * 1.35)
    footer = fix("Iraq Transition Explainer · every fact linked to the article")
    pen.text((MARGIN, HEIGHT - 70), footer, font=small, fill=SOFT)
    buffer = io.BytesIO()
    # A fixed palette of ramps from the background to each ink keeps anti-aliased text smooth,
    # halves the file and is several times faster than computing a palette per card.
    image.quantize(palette=_palette(), dither=Image.Dither.NONE).save(buffer, "PNG")
    return buffer.getvalue()


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


def _page_cards(session: Session) -> dict[str, Card]:
    """Cards for the list pages; every count comes from the data, every claim names its source."""
    today = date.today()
    overview = story.get_overview(session=session, today=today)
    prose = prose_map(session=session)
    speakers = queries.list_speakers(session=session)
    facts = queries.list_facts(session=session)
    figures = [figure for fact in facts if fact.story for figure in fact.figures]
    glance = " · ".join(
        f"{p.name}: {p.dated.text[0].lower()}{p.dated.text[1:]}, {p.target.text} "
        f"({p.target.according_to.short})"
        for p in overview.phases
    )
    sources = [s for s in speakers if s.standing == "source"]
    told = [fact for fact in facts if fact.story]
    asked = questions.list_questions(session=session)
    # The home page's share title: our own, or the short form of the fact its title rests on.
    home = prose["page:share-title"].text if "page:share-title" in prose else None
    home = home or _shares(session)[prose["page:title"].sources[0].id][0]
    return {
        "/": Card("One article, explained", prose["page:title"].text, glance, title=home),
        "/questions": Card(
            "Questions",
            "Questions a newcomer asks, answered from the article",
            f"{_plural(len(asked.story) + len(asked.background), 'question')}; every sentence "
            "footnoted to the article’s exact words",
            title="Questions about the U.S.–Iraq transition, answered from the article",
        ),
        "/phases": Card(
            "The two phases",
            "What ends or continues, until when, and who said so",
            glance,
            title="The two phases: what ends or continues, until when, who said so",
        ),
        "/regions": Card(
            "The regions, by Iraq’s defence minister’s account, as relayed",
            "Federal Iraq, then the Kurdistan region, in al-Abbassi’s order",
            prose["page:regions-description"].text,
            title="The regions, by Iraq’s defence minister’s account, as relayed",
        ),
        "/officials": Card(
            "Who said what",
            f"{_plural(len(sources), 'source')}, named and anonymous",
            "How each one’s words reached the article",
            title="Who said what: everyone the article quotes or paraphrases",
        ),
        "/facts": Card(
            "All facts",
            f"{_plural(len(told), 'fact')} from the story, each with its verbatim quote",
            f"Plus {len(facts) - len(told)} from the caption, credit, bio and dateline",
            title=f"All facts: {len(told)} from the story, {len(facts) - len(told)} from "
            "the page around it",
        ),
        "/source": Card(
            "The source",
            "The article, passage by passage",
            f"By {overview.article.author} (named in its author box) · "
            f"{overview.article.passages} passages",
            title=f"The article by {overview.article.author}, passage by passage",
        ),
        "/timeline": Card(
            "Timeline",
            "Every date in the article, in order",
            "On one line in time; the dates we place marked as ours",
            title="Timeline: every date in the article, in order",
        ),
        "/framings": Card(
            "Two framings",
            prose["page:framings-title"].text.removeprefix("Two framings: "),
            "Each side’s words, quoted or paraphrased as the article gives them",
            title="How U.S. and Iraqi officials speak of the transition",
        ),
        "/numbers": Card(
            "The numbers",
            "The article’s counts: troops, strikes, territory, years",
            f"{_plural(len(figures), 'figure')} from the story, among them "
            + " and ".join(f"{f.text} {f.unit}" for f in figures if f.unit == "troops"),
            title="The numbers in the article, each with its hedge and speaker",
        ),
        "/notes": Card(
            "Notes on the source",
            "What the article does not say",
            "No troop numbers for after the transition, no base named for the plan, "
            "no publication date",
            title="What the article does not say: notes on the source",
        ),
        "/docs": Card(
            "For programs",
            "The JSON API",
            "Every page has a JSON twin; OpenAPI at /openapi.json",
            title="JSON API reference",
        ),
        "/search": Card(
            "Search",
            "Search the article and every fact",
            "Full-text search; matched words marked; every hit linked",
            title="Search the article and every fact",
        ),
        "/downloads": Card(
            "Download",
            "The whole dataset: SQLite, JSON and CSV",
            "Every file with its SHA-256 hash, checked against the article",
            title="Download the data: SQLite, JSON and CSV",
        ),
        "/corrections": Card(
            "Corrections",
            "Every change to a published statement",
            f"{_plural(len(corrections.list_corrections(session=session)), 'correction')}, "
            "each with the earlier wording and why",
            title="Corrections: every change to a published statement",
        ),
    }


def _shares(session: Session) -> dict[str, tuple[str, str]]:
    """Each fact's share title and description (checked by the loader), keyed by its id."""
    rows = session.exec(select(Fact.id, Fact.share_title, Fact.share_description))
    return {fact_id: (title, description) for fact_id, title, description in rows}


def _speaker_title(speaker: SpeakerOut) -> str:
    full = f"{speaker.name} ({speaker.role})"
    return full if len(full) <= LONGEST_SHARE_TITLE else speaker.name


def _item_cards(session: Session) -> dict[str, Card]:
    today = date.today()
    cards: dict[str, Card] = {}
    shares = _shares(session)
    for phase in story.list_phases(session=session, today=today):
        # The phase's own date and whose it is; our match to a region stays on its page. A
        # deadline dates what its sentence says ends (Phase 1: deployment in certain locations),
        # so the share title is that fact's; an earliest end dates the phase itself.
        generic = (
            f"{phase.name}: {phase.target.text}, according to {phase.target.according_to.short}"
        )
        dating = shares[phase.target.fact_url.rsplit("/", 1)[-1]][0]
        cards[phase.url] = Card(
            phase.name,
            phase.title.text,
            f"{phase.dated.text}: {phase.target.text}, according to "
            f"{phase.target.according_to.short} ({phase.target.hedge_label})",
            phase.number,
            title=dating if phase.target.hedge == "deadline" else generic,
        )
    for region in story.list_regions(session=session, today=today):
        cards[region.url] = Card(
            "Region",
            region.title.text,
            f"Matched by us, by date, to {region.matched_phase.name}; neither source states this",
            region.matched_phase.number,
            # The short form of the fact that gives the region its date, speaker and hedge.
            title=shares[region.target.fact_url.rsplit("/", 1)[-1]][0],
        )
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
    asked = questions.list_questions(session=session)
    for question in asked.story + asked.background:
        # The short answer, answer first, in its stand-alone form: the card is seen alone.
        cards[question.url] = Card(
            "Question · answered from the article",
            question.question,
            question.short.text,
            title=question.question,
        )
    for fact in queries.list_facts(session=session):
        # The go-between's name, not our note on it: the fact page carries the whole of `via`.
        route = f", via {fact.via.split(';')[0]}" if fact.via else ""
        title, description = shares[fact.id]
        # The statement itself, saying what the page adds when a preview shows that whole too.
        fuller = f"{description} With the article’s exact words and the passage."
        description = fuller if len(fuller) <= SHOWN_DESCRIPTION else description
        cards[fact.url] = Card(
            f"Fact · {fact.speaker.name}",
            fact.statement,
            f"{fact.wording_label}{route} · passage {fact.passage_id[2:]}",
            title=title,
            description=description,
        )
    cards.update(_correction_cards(session))
    return cards


def _correction_cards(session: Session) -> dict[str, Card]:
    """A card per corrections page: the day and its counts, never a corrected statement."""
    cards: dict[str, Card] = {}
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


def _check(path: str, card: Card) -> None:
    """A share title is shown whole (70 characters), and never leaves a quotation open."""
    title = card.title
    if not title or len(title) > LONGEST_SHARE_TITLE:
        raise SeedError(f"{path}: share title “{title}” is not 1 to 70 characters")
    if title.count("“") != title.count("”"):
        raise SeedError(f"{path}: share title “{title}” leaves a quotation open")
    if card.description is not None and len(card.description) > LONGEST_DESCRIPTION:
        raise SeedError(f"{path}: share description is over 200 characters")


def card_specs(session: Session) -> dict[str, Card]:
    """What each page's card and share preview say, keyed by the card's URL path."""
    cards = {**_page_cards(session), **_item_cards(session)}
    for path, card in cards.items():
        _check(path, card)
    return {card_path(path): card for path, card in cards.items()}
