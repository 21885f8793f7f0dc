"""Preview cards: a 1200×630 PNG per page that states the page's point, drawn at build time."""

import io
from collections.abc import Callable
from functools import cache

from PIL import Image, ImageColor, ImageDraw, ImageFont
from sqlmodel import Session

from app.data.models import LONGEST_DESCRIPTION, LONGEST_SHARE_TITLE
from app.loader.article import SeedError
from app.pages import registry
from app.pages.previews import Card
from app.pages.site import card_path

WIDTH, HEIGHT, MARGIN = 1200, 630, 80
BODY_HEIGHT = 400  # from under the kicker to above the footer
BACKGROUND, INK, SOFT = "#14283d", "#ffffff", "#b9cde0"
ACCENTS = {0: "#8cc2f0", 1: "#4fb3d1", 2: "#f0b45a"}
# DejaVu covers curly quotes and dashes; Pillow's built-in font is the ASCII-only fallback.
ASCII = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', "–": "-", "—": "-", "·": "|"})
# DejaVu when the system has it, else Pillow's built-in font (another class, the same methods).
Font = ImageFont.FreeTypeFont | ImageFont.ImageFont
RGB = tuple[int, int, int]


@cache
def _font(bold: bool, size: int) -> tuple[Font, bool]:
    name = "DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf"
    try:
        return ImageFont.truetype(name, size), True
    except OSError:
        return ImageFont.load_default(size=size), False


def _rgb(colour: str) -> RGB:
    """A "#rrggbb" colour's three channels (getrgb answers four for a colour with alpha)."""
    red, green, blue = ImageColor.getrgb(colour)[:3]
    return red, green, blue


def _towards(base: RGB, target: RGB, step: int) -> RGB:
    """The colour `step` fifteenths of the way from base to target, channel by channel."""
    red, green, blue = (round(b + (t - b) * step / 15) for b, t in zip(base, target, strict=True))
    return red, green, blue


@cache
def _palette() -> Image.Image:
    base = _rgb(BACKGROUND)
    colours = [base]
    # A list, not a set: a set's order follows the hash seed, and replicas must draw the
    # same bytes.
    for ink in dict.fromkeys([INK, SOFT, *ACCENTS.values()]):
        target = _rgb(ink)
        colours += [_towards(base, target, step) for step in range(1, 16)]
    palette = Image.new("P", (1, 1))
    palette.putpalette([channel for colour in colours for channel in colour])
    return palette


def _wrap(draw: ImageDraw.ImageDraw, text: str, font: Font) -> list[str]:
    lines: list[str] = []
    current = ""
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
    """What each page's card and share preview say, keyed by the card's URL path: each
    registry entry's `card` words (app/pages/previews.py), checked."""
    cards: dict[str, Card] = {}
    for page in registry.PAGES:
        cards.update(page.card(page, session))
    for path, card in cards.items():
        _check(path, card)
    return {card_path(path): card for path, card in cards.items()}
