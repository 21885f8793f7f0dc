"""Preview cards: a 1200×630 PNG per page that states the page's point, drawn at build time."""

import io
from dataclasses import dataclass
from functools import cache

from PIL import Image, ImageColor, ImageDraw, ImageFont
from sqlmodel import Session

from app import queries
from app.site import card_path

WIDTH, HEIGHT, MARGIN = 1200, 630, 80
BACKGROUND, INK, SOFT = "#14283d", "#ffffff", "#b9cde0"
ACCENTS = {0: "#8cc2f0", 1: "#4fb3d1", 2: "#f0b45a"}
# DejaVu covers curly quotes and dashes; Pillow's built-in font is the ASCII-only fallback.
ASCII = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', "–": "-", "—": "-", "·": "|"})


@dataclass(frozen=True)
class Card:
    kicker: str
    headline: str
    detail: str
    phase: int = 0


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
    for ink in {INK, SOFT, *ACCENTS.values()}:
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


def draw(card: Card) -> bytes:
    """Render the card; the headline shrinks until it fits in four lines."""
    image = Image.new("RGB", (WIDTH, HEIGHT), BACKGROUND)
    pen = ImageDraw.Draw(image)
    pen.rectangle((0, 0, WIDTH, 18), fill=ACCENTS[card.phase])
    small, unicode_ok = _font(False, 30)
    fix = (lambda text: text) if unicode_ok else (lambda text: text.translate(ASCII))
    pen.text((MARGIN, 70), fix(card.kicker.upper()), font=small, fill=ACCENTS[card.phase])
    for size in (60, 52, 44, 38, 32):
        font, _ = _font(True, size)
        lines = _wrap(pen, fix(card.headline), font)
        if len(lines) <= 4:
            break
    y = 130
    for line in lines[:5]:
        pen.text((MARGIN, y), line, font=font, fill=INK)
        y += int(size * 1.25)
    detail, _ = _font(False, 34)
    y = max(y + 20, 430)
    for line in _wrap(pen, fix(card.detail), detail)[:2]:
        pen.text((MARGIN, y), line, font=detail, fill=SOFT)
        y += 46
    footer = fix("Iraq Transition Explainer · every fact linked to the article")
    pen.text((MARGIN, HEIGHT - 70), footer, font=small, fill=SOFT)
    buffer = io.BytesIO()
    # A fixed palette of ramps from the background to each ink keeps anti-aliased text smooth,
    # halves the file and is several times faster than computing a palette per card.
    image.quantize(palette=_palette(), dither=Image.Dither.NONE).save(buffer, "PNG")
    return buffer.getvalue()


def card_specs(session: Session) -> dict[str, Card]:
    """What each page's card says, keyed by the card's URL path."""
    overview = queries.get_overview(session=session)
    phases = queries.list_phases(session=session)
    glance = " · ".join(f"{p.name}: {p.target.text}" for p in phases)
    speakers = queries.list_speakers(session=session)
    facts = queries.list_facts(session=session)
    figures = [figure for fact in facts for figure in fact.figures]
    cards = {
        "/": Card("One article, explained", overview.article.title, glance),
        "/phases": Card("The two phases", "What ends, by when, and where", glance),
        "/regions": Card(
            "The regions",
            "Federal Iraq first, then the Kurdistan Region",
            " · ".join(f"{r.name}: {r.target.text}" for r in overview.regions),
        ),
        "/officials": Card(
            "Who said what",
            f"{sum(s.kind != 'narration' for s in speakers)} sources, named and anonymous",
            "How each one’s words reached the article",
        ),
        "/facts": Card(
            "All facts",
            f"{len(facts)} facts, each with its verbatim quote",
            "Every one linked to the passage that states it",
        ),
        "/source": Card(
            "The source",
            "The article, passage by passage",
            f"By {overview.article.author} · {overview.article.passages} passages",
        ),
        "/timeline": Card(
            "Timeline",
            "From the coalition’s start to the 2026 target",
            "Inferred years marked; relative dates kept relative",
        ),
        "/framings": Card(
            "Two framings",
            "“Not withdrawing” or “pulling out”?",
            "U.S. and Iraqi officials describe the change, in their words",
        ),
        "/numbers": Card(
            "The numbers",
            "Every figure in the article",
            f"{len(figures)} figures, among them "
            + " and ".join(f"{f.text} {f.unit}" for f in figures if f.unit == "troops"),
        ),
        "/notes": Card(
            "Notes on the source",
            "What the article does not say",
            "No troop numbers, no base names, no date; unnamed and relayed sources",
        ),
        "/docs": Card(
            "For programs", "The JSON API", "Every page has a JSON twin; OpenAPI at /openapi.json"
        ),
        "/search": Card(
            "Search",
            "Search the article and every fact",
            "Full-text search; matched words marked; every hit linked",
        ),
        "/downloads": Card(
            "Download",
            "The whole dataset: SQLite, JSON and CSV",
            f"Article sha256 {overview.article.sha256[:16]}…",
        ),
    }
    for phase in phases:
        cards[phase.url] = Card(
            f"{phase.name} · {phase.target.text}",
            phase.title,
            f"{phase.region.name}, by Iraqi Defence Minister al-Abbassi’s account",
            phase.number,
        )
    for region in queries.list_regions(session=session):
        cards[region.url] = Card(
            f"Region · {region.phase.name}",
            region.name,
            f"Coalition leaves {region.target.text} (al-Abbassi)",
            region.phase.number,
        )
    for speaker in speakers:
        cards[speaker.url] = Card(
            speaker.role,
            speaker.name,
            f"{len(speaker.statements)} statements · {speaker.side_label}",
        )
    for fact in facts:
        cards[fact.url] = Card(
            f"Fact · {fact.speaker.name}",
            fact.statement,
            f"{fact.attribution_label} · passage {fact.passage_id[2:]}",
        )
    return {card_path(path): card for path, card in cards.items()}
