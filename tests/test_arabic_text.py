"""The Arabic edition's words as search and sentences read them: one spelling for the forms a
reader may type (app/data/arabic_text.py), and CLDR's plural categories in counted words."""

import pytest

from app.data.arabic_text import fold, strip_marks
from app.data.prose import fill


@pytest.mark.parametrize(
    ("written", "folded"),
    [
        ("أحمد", "احمد"),  # alef with hamza above
        ("إيران", "ايران"),  # below
        ("آمن", "امن"),  # with madda
        ("ٱتفاق", "اتفاق"),  # alef wasla
        ("مدرسة", "مدرسه"),  # taa marbuta
        ("مستشفى", "مستشفي"),  # alef maqsura
        ("عـــراق", "عراق"),  # tatweel
        ("كَتَبَ", "كتب"),  # harakat
        ("مُتَّحِدَة", "متحده"),  # shadda and sukun too
        ("هٰذا", "هذا"),  # dagger alef
    ],
)
def test_each_spelling_of_a_letter_folds_to_one(written: str, folded: str) -> None:
    assert fold(written) == folded


@pytest.mark.parametrize(
    ("written", "folded"),
    [
        ("العباسي", "عباسي"),
        ("والعباسي", "عباسي"),
        ("للعباسي", "عباسي"),  # ل before ال drops the alef
        ("العراق", "عراق"),
        ("والعراق", "عراق"),
        ("بالعراق", "عراق"),
        ("فالعراق", "عراق"),
        ("عباسي", "عباسي"),
    ],
)
def test_the_article_and_its_attached_words_are_stripped(written: str, folded: str) -> None:
    """ "عباسي" finds "العباسي", and "والعراق" finds "العراق": both sides fold alike."""
    assert fold(written) == folded


def test_a_word_is_never_cut_to_nothing_nor_stripped_of_its_own_letters() -> None:
    assert fold("بغداد") == "بغداد"  # a ب of its own is no attached "in"
    assert fold("وزير") == "وزير"  # nor a و
    assert fold("الي") == "الي"  # one letter would be left: kept whole
    assert fold("ـ") == "ـ"  # a lone tatweel stays a word, so word positions hold


def test_english_and_numbers_are_left_as_they_are() -> None:
    text = "U.S. troops, al-Sudani's 2,500 — “not withdrawing” (café)"
    assert fold(text) == text
    assert strip_marks(text) == text


def test_folding_keeps_every_word_in_its_place() -> None:
    """The index highlights by word position: the folded text has the written text's words."""
    written = "قال العبّاسيُّ، والعراقُ «ترجمتنا» 2025 وبغداد ـ Baghdad."
    assert len(fold(written).split()) == len(written.split())


def test_a_query_loses_its_vowel_marks_before_it_is_split_into_words() -> None:
    assert strip_marks("العَبّاسي") == "العباسي"


ARABIC_DAYS = "{n:one=يوم واحد|two=يومان|few=# أيام|many=# يومًا|other=# يوم}"


@pytest.mark.parametrize(
    ("n", "said"),
    [
        (0, "0 يوم"),  # zero: no form given, so `other`
        (1, "يوم واحد"),
        (2, "يومان"),
        (3, "3 أيام"),
        (10, "10 أيام"),
        (11, "11 يومًا"),
        (99, "99 يومًا"),
        (100, "100 يوم"),
        (103, "103 أيام"),
    ],
)
def test_arabic_counted_words_follow_cldr_plural_categories(n: int, said: str) -> None:
    assert fill(ARABIC_DAYS, n=n) == said


def test_english_counted_words_keep_their_positional_form() -> None:
    template = "{n:once|twice|# times}"
    assert [fill(template, n=n) for n in (1, 2, 3, 7)] == ["once", "twice", "3 times", "7 times"]
    assert fill("{n:passage|passages}", n=1) == "passage"
