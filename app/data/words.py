"""The interface's words in each edition's language: gettext catalogs, read where words are made.

English is the identity (its pages are the code's and the templates' own words, byte for byte);
Arabic is app/locale/ar/LC_MESSAGES/messages.po, compiled once, in memory, the first time a
word is asked for (so a fresh checkout needs no build step). It lives in the data layer because
some of the site's own words are made here, not in a template: the labels a fact carries (how
the article words it, how the words reached it, a date's hedge) are the data's vocabulary, and
an Arabic page and its JSON twin should name them in Arabic.
"""

import calendar
from contextvars import ContextVar
from datetime import date
from functools import cache
from io import BytesIO

from babel.dates import format_date, get_day_names
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import NullTranslations, Translations

from app.config import PROJECT_ROOT
from app.data import urls

LOCALE_DIR = PROJECT_ROOT / "app" / "locale"
# The build draws the Arabic edition's preview cards outside any request, with the English
# paths (cards are keyed by them): it names the language here, for the words alone.
BUILDING: ContextVar[str] = ContextVar("building", default="")


def lang() -> str:
    """The language words are made in: the edition rendering, or the one a build draws."""
    return BUILDING.get() or urls.lang()


def N_(label: str) -> str:  # noqa: N802 - gettext's name for "mark, do not translate here"
    """Mark a label for `pybabel extract` (babel.cfg); it is translated where it is shown."""
    return label


@cache
def translations(lang: str) -> NullTranslations:
    """The compiled catalog of one edition's interface words."""
    if lang == "en":
        return NullTranslations()
    with (LOCALE_DIR / lang / "LC_MESSAGES" / "messages.po").open("rb") as po:
        catalog = read_po(po, locale=lang)
    compiled = BytesIO()
    write_mo(compiled, catalog)
    compiled.seek(0)
    return Translations(compiled)


def gettext(message: str) -> str:
    """One interface word in the language of the edition being rendered."""
    return translations(lang()).gettext(message)


def ngettext(singular: str, plural: str, count: int) -> str:
    """A counted interface word in the edition's language (Arabic's six plural forms)."""
    return translations(lang()).ngettext(singular, plural, count)


# Babel's locale for each edition: ar_IQ has the month names used in Iraq (أيلول, كانون الأول);
# its digits are Western (GUIDE section 10), as the English quote beside a date has them.
LOCALES = {"en": "en_US", "ar": "ar_IQ"}


def month_name(year: int, month: int) -> str:
    """A month in words: `September 2025`, `أيلول 2025`."""
    if lang() == "en":
        return f"{calendar.month_name[month]} {year}"
    return format_date(date(year, month, 1), "MMMM y", locale=LOCALES[lang()])


def day_name(year: int, month: int, day: int) -> str:
    """A day in words: `7 October 2023`, `7 تشرين الأول 2023`."""
    if lang() == "en":
        return f"{day} {calendar.month_name[month]} {year}"
    return format_date(date(year, month, day), "d MMMM y", locale=LOCALES[lang()])


def weekday_name(english: str) -> str:
    """A weekday the seed names in English (`Friday`), in the edition's language."""
    if lang() == "en":
        return english
    index = list(calendar.day_name).index(english)  # Monday is 0, as Babel counts too
    return str(get_day_names("wide", locale=LOCALES[lang()])[index])


def today_words(today: date) -> str:
    """Today's date as a status sentence gives it: ISO in English (as it always has been), in
    words in Arabic (an ISO date is Latin-script shorthand an Arabic reader does not use)."""
    return today.isoformat() if lang() == "en" else day_name(today.year, today.month, today.day)
