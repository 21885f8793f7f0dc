"""Preview cards: a 1200×630 PNG per page that states the page's point, drawn at build time."""

import io
import re
import zlib
from collections.abc import Callable
from dataclasses import replace
from functools import cache, lru_cache

from PIL import Image, ImageColor, ImageDraw, ImageFont, features
from sqlmodel import Session

from app.data.models import LONGEST_DESCRIPTION, LONGEST_SHARE_TITLE
from app.data.prose import interface_word
from app.data.prose_keys import InterfaceKey
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
# Arabic needs an Arabic font and text layout that shapes letters and orders runs right to
# left (Pillow's raqm, with FriBiDi and HarfBuzz): Debian's fonts-hosny-amiri.
ARABIC = re.compile(r"[\u0600-\u06ff]")
ARABIC_FONTS = {True: "Amiri-Bold.ttf", False: "Amiri-Regular.ttf"}
# The article's English words inside Arabic, quotation marks and all, are one left-to-right
# run (Unicode's isolates), so the marks stay with the words they enclose.
ENGLISH_QUOTE = re.compile(r"“[^”]*”")


@cache
def _font(bold: bool, size: int) -> tuple[Font, bool]:
    name = "DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf"
    try:
        return ImageFont.truetype(name, size), True
    except OSError:
        return ImageFont.load_default(size=size), False


@cache
def _arabic_font(bold: bool, size: int) -> Font:
    """A card in Arabic is drawn shaped, right to left, or not at all."""
    if not features.check("raqm"):
        raise SeedError("Arabic cards need Pillow's raqm layout (libraqm0, FriBiDi, HarfBuzz)")
    try:
        return ImageFont.truetype(ARABIC_FONTS[bold], size, layout_engine=ImageFont.Layout.RAQM)
    except OSError:
        raise SeedError(
            "Arabic cards need the Amiri font: apt-get install fonts-hosny-amiri"
        ) from None


@lru_cache(maxsize=65536)
def _width(font: Font, text: str, direction: str | None, language: str | None) -> float:
    """A run's width in pixels, measured once: the cards of a build share most of their words
    (a word is measured at each size a layout tries). Fonts are made once (`_font`), so they
    key the cache; the GIL keeps a measuring call whole, as it keeps drawing."""
    return font.getlength(text, direction=direction, language=language)


def _isolate(text: str) -> str:
    return ENGLISH_QUOTE.sub(lambda match: f"\u2066{match.group()}\u2069", text)


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


class Script:
    """How a card's words are set: left to right in DejaVu, or, for Arabic, right to left in
    Amiri, shaped, with the article's English quotes kept as left-to-right runs."""

    def __init__(self, card: Card) -> None:
        self.arabic = bool(ARABIC.search(f"{card.headline} {card.detail}"))
        self.x = WIDTH - MARGIN if self.arabic else MARGIN
        # Pillow's defaults (None) for English: left to right, anchored at the left.
        self.direction = "rtl" if self.arabic else None
        self.language = "ar" if self.arabic else None
        self.anchor = "ra" if self.arabic else None
        unicode_ok = self.arabic or _font(False, 26)[1]
        self.fix: Callable[[str], str] = (
            _isolate
            if self.arabic
            else (lambda t: t)
            if unicode_ok
            else (lambda t: t.translate(ASCII))
        )

    def font(self, bold: bool, size: int) -> Font:
        return _arabic_font(bold, size) if self.arabic else _font(bold, size)[0]

    def width(self, pen: ImageDraw.ImageDraw, text: str, font: Font) -> float:
        return _width(font, text, self.direction, self.language)

    def write(self, pen: ImageDraw.ImageDraw, y: int, text: str, font: Font, fill: str) -> None:
        pen.text(
            (self.x, y),
            text,
            font=font,
            fill=fill,
            direction=self.direction,
            language=self.language,
            anchor=self.anchor,
        )


SLACK = 24  # pixels: how far a line's estimated width may be from its measured one


def _wrap(pen: ImageDraw.ImageDraw, text: str, font: Font, script: Script) -> list[str]:
    """Greedy lines no wider than the card: each line as long as its measured width allows.

    A line's width is estimated from its words' widths (each measured once) and measured only
    when the estimate is close to the edge: measuring every trial line was most of a build's
    card time. The estimate is used only far from the edge, where shaping across a space
    (kerning, joining) cannot move a line past it, so the lines are the measured ones."""
    room = WIDTH - 2 * MARGIN
    space = script.width(pen, "x x", font) - 2 * script.width(pen, "x", font)
    lines: list[str] = []
    current, estimate = "", 0.0
    for word in text.split():
        width = script.width(pen, word, font)
        trial = f"{current} {word}" if current else word
        guess = estimate + space + width if current else width
        fits = guess <= room - SLACK or (
            guess <= room + SLACK and script.width(pen, trial, font) <= room
        )
        if fits or not current:
            current, estimate = trial, guess
        else:
            lines.append(current)
            current, estimate = word, width
    return [*lines, current]


def _layout(
    pen: ImageDraw.ImageDraw, card: Card, script: Script
) -> tuple[list[str], int, list[str], int]:
    """The largest sizes at which every word of the card fits: nothing is ever cut."""
    headline, detail = script.fix(card.headline), script.fix(card.detail)
    wrapped: dict[int, list[str]] = {}  # each detail size is wrapped once, whatever the headline's
    for size in (60, 52, 44, 38, 32, 28):
        lines = _wrap(pen, headline, script.font(True, size), script)
        for detail_size in (34, 30, 26, 23):
            if detail_size not in wrapped:
                wrapped[detail_size] = _wrap(pen, detail, script.font(False, detail_size), script)
            details = wrapped[detail_size]
            height = len(lines) * int(size * 1.25) + 20 + len(details) * int(detail_size * 1.35)
            if height <= BODY_HEIGHT:
                return lines, size, details, detail_size
    raise ValueError(f"card text does not fit: {card.headline[:60]}…")


def draw(card: Card) -> bytes:
    """Render the card at the largest sizes that fit all of its words."""
    image = Image.new("RGB", (WIDTH, HEIGHT), BACKGROUND)
    pen = ImageDraw.Draw(image)
    pen.rectangle((0, 0, WIDTH, 18), fill=ACCENTS[card.phase])
    script = Script(card)
    small = script.font(False, 26)
    y = 60
    kicker = card.kicker if script.arabic else card.kicker.upper()  # Arabic has no capitals
    for line in _wrap(pen, script.fix(kicker), small, script):
        script.write(pen, y, line, small, ACCENTS[card.phase])
        y += 34
    lines, size, details, detail_size = _layout(pen, card, script)
    y = max(y + 16, 130)
    font, detail = script.font(True, size), script.font(False, detail_size)
    for line in lines:
        script.write(pen, y, line, font, INK)
        y += int(size * 1.25)
    y += 20
    for line in details:
        script.write(pen, y, line, detail, SOFT)
        y += int(detail_size * 1.35)
    script.write(pen, HEIGHT - 70, script.fix(card.footer), small, SOFT)
    buffer = io.BytesIO()
    # A fixed palette of ramps from the background to each ink keeps anti-aliased text smooth,
    # halves the file and is several times faster than computing a palette per card.
    # zlib's run-length strategy suits flat colour and text: twice as fast as the default
    # for 4 % more bytes (measured over the Arabic cards).
    quantized = image.quantize(palette=_palette(), dither=Image.Dither.NONE)
    quantized.save(buffer, "PNG", compress_type=zlib.Z_RLE)
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
    registry entry's `card` words (app/pages/previews.py), checked; every card's last line
    is the seed's [interface] card-footer."""
    cards: dict[str, Card] = {}
    for page in registry.PAGES:
        cards.update(page.card(page, session))
    footer = interface_word(session=session, key=InterfaceKey("card-footer"))
    for path, card in cards.items():
        _check(path, card)
    return {card_path(path): replace(card, footer=footer) for path, card in cards.items()}
