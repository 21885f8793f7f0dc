"""An Arabic card is read as Arabic: shaped, right to left, its English quote kept whole.

Tesseract's Arabic model (Debian's tesseract-ocr-ara) reads the drawn card back. Letters drawn
unshaped (isolated forms) or in left-to-right order are not words it knows, so a card drawn
without raqm's shaping and bidi, or from the left edge, fails here.
"""

import io
import subprocess
from pathlib import Path

import pytest
from helpers import require_tool
from PIL import Image, ImageChops

from app.loader.cards import MARGIN, WIDTH, _isolate, draw
from app.pages.previews import Card

AMIRI = "/usr/share/fonts/opentype/fonts-hosny-amiri/Amiri-Regular.ttf"
CARD = Card(
    "سؤال · الإجابة من المقال",
    "هل تغادر القوات الأمريكية العراق؟",
    "قال مسؤول أمريكي لم يُكشف اسمه إن الولايات المتحدة “is not withdrawing from Iraq”",
    title="هل تغادر القوات الأمريكية العراق؟",
    footer="شرح الانتقال في العراق",
)


def _ocr(png: bytes, tmp_path: Path) -> str:
    tesseract = require_tool("tesseract", "Tesseract OCR", "tesseract-ara")
    image = tmp_path / "card.png"
    image.write_bytes(png)
    done = subprocess.run(
        [tesseract, str(image), "-", "-l", "ara+eng"], capture_output=True, text=True, check=True
    )
    return done.stdout


@pytest.fixture(scope="module")
def png() -> bytes:
    require_tool(AMIRI, "The Amiri font", "amiri")
    return draw(CARD)


def test_an_arabic_card_reads_back_as_the_words_it_was_given(png: bytes, tmp_path: Path) -> None:
    read = _ocr(png, tmp_path)
    for word in ("تغادر", "القوات", "العراق", "الولايات", "المتحدة"):
        assert word in read, read
    assert "withdrawing" in read, read  # the article's English words, left to right


def test_an_arabic_card_is_set_from_the_right_edge(png: bytes) -> None:
    image = Image.open(io.BytesIO(png)).convert("RGB")
    background = Image.new("RGB", image.size, image.getpixel((5, 300)))
    headline = ImageChops.difference(
        image.crop((0, 120, WIDTH, 215)), background.crop((0, 120, WIDTH, 215))
    )
    drawn = headline.getbbox()
    assert drawn is not None, "no headline drawn"
    left, _, right, _ = drawn
    assert right >= WIDTH - MARGIN - 4  # ends at the right margin
    assert left > MARGIN + 100  # a short headline leaves the left side empty


def test_the_english_quote_is_one_left_to_right_run_marks_and_all() -> None:
    """Without an isolate, bidi puts the opening mark after the English words (”is … Iraq“)."""
    isolated = _isolate(CARD.detail)
    assert "\u2066“is not withdrawing from Iraq”\u2069" in isolated
    assert isolated.replace("\u2066", "").replace("\u2069", "") == CARD.detail
