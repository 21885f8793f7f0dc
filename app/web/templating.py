"""The one Jinja2 environment, shared by every page, and what every page's head needs."""

import json
from collections.abc import Callable
from datetime import date
from typing import Any, Protocol, cast

from babel.dates import format_date
from babel.numbers import format_decimal
from fastapi import Request
from fastapi.templating import Jinja2Templates
from jinja2 import pass_context
from jinja2.runtime import Context
from jinja2.utils import htmlsafe_json_dumps
from markupsafe import Markup, escape
from pydantic import BaseModel

from app.config import TEMPLATES_DIR
from app.data import urls
from app.data.arabic_text import ARABIC
from app.data.corrections import corrected_what, correction_days, newest_corrections
from app.data.models import LONGEST_DESCRIPTION, LONGEST_TITLE, SHOWN_DESCRIPTION
from app.data.prose import fill, filled
from app.data.prose_keys import PageKey
from app.data.schemas import ArticleOut, FactOut, ProseOut, QuestionOut
from app.data.search import search_key, search_query
from app.data.urls import SEARCH_PATHS
from app.data.words import LOCALES, gettext, ngettext
from app.pages.registry import more, nav
from app.pages.site import card_path
from app.web.jsonld import graph, questions_graph
from app.web.printing import number_links
from app.web.reading import Reading, isolate, isolate_english, isolate_terms


def page_context(request: Request) -> dict[str, Any]:
    """Absolute URLs for the canonical link, JSON twin and preview card of this page."""
    site = getattr(request.app.state, "site", None)
    page = site.page(request.url.path) if site else None
    previews = getattr(request.app.state, "previews", {})
    # The database names a card without the edition's prefix (each edition has its own).
    preview = previews.get(
        card_path(page.path).removeprefix(urls.ARABIC) if page else "/cards/index.png"
    )
    origin = site.url if site else ""
    twin = page.twin if page else None
    if twin and page and page.path in SEARCH_PATHS:  # a search's twin answers the same query
        query = search_query(search_key(request.scope.get("query_string", b""))).decode()
        twin = f"{twin}?{query}" if query else twin
    return {
        "site_url": origin,
        "canonical": f"{origin}{page.path}" if page else None,
        "modified": site.modified.get(page.path) if site and page else None,
        "twin": f"{origin}{twin}" if twin else None,
        "twin_path": twin,
        "card": f"{origin}{card_path(page.path)}" if page else f"{origin}/cards/index.png",
        "card_alt": preview.alt if preview else "",
        # A page the site map lists has a share title (and maybe a description) from its card;
        # an error page or a search falls back to its own title and description.
        "share_title": preview.title if page and preview else None,
        "share_description": preview.description if page and preview else None,
        "article_meta": getattr(request.app.state, "article", None),
        "prose": getattr(request.app.state, "prose", {}),
        "interface": getattr(request.app.state, "interface", {}),
        # The header and the footer's "More" list, from the registry as this app has it.
        "nav_items": nav(),
        "more_items": more(),
        "today": request.app.state.settings.today(),
        "assets": request.app.state.assets.urls,
        # A fresh reading per render: who the page has named, which footnotes it has shown.
        "reading": Reading(getattr(request.app.state, "mentions", [])),
        **edition_context(request, page.path if page else None),
    }


def format_day(day: date | str) -> str:
    """A date as the edition writes it: `3 September 2025`, or `3 أيلول 2025` (ar_IQ, Western
    digits, as GUIDE section 10 asks)."""
    day = date.fromisoformat(day) if isinstance(day, str) else day
    return format_date(day, "d MMMM y", locale=LOCALES[urls.lang()])


def format_number(number: float) -> str:
    """A number as the edition writes it: Western digits and the thousands comma in both."""
    return format_decimal(number, locale=LOCALES[urls.lang()], numbering_system="latn")


def english_words() -> Markup:
    """The attributes that isolate the article's English words inside an Arabic page (for
    screen readers' voice and the bidirectional algorithm); nothing in the English edition."""
    return Markup(' lang="en" dir="ltr"') if urls.lang() == "ar" else Markup("")


# Links that stay in the edition, or lead to data rather than a page in a language.
NOT_PAGES = (f"{urls.ARABIC}/", "/static/", "/cards/", "/api/", "/article.txt")


def english_page(href: str) -> Markup:
    """` hreflang="en"` on a link from an Arabic page to a page only the English edition has
    (the article, the officials, the full lists, the API): the edition's own pages are under
    /ar/ (`urls.in_edition`). Nothing in the English edition."""
    if urls.lang() != "ar" or not href.startswith("/") or href.startswith(NOT_PAGES):
        return Markup("")
    return Markup(' hreflang="en"')


def in_english(href: str) -> Markup:
    """After such a link, the words saying it leads to English («(بالإنجليزية)», as Arabic
    Wikipedia marks one); nothing otherwise."""
    if not english_page(href):
        return Markup("")
    return Markup(' <span class="in-english">{}</span>').format(gettext("(in English)"))


def article_words(text: str, english: str | None) -> Markup:
    """The article's own words (a date's, a figure's) in “…”; in the Arabic edition, where
    `text` is our translation, the English isolated left to right, then ours, marked ours
    (GUIDE section 10: “by September 2025” (ترجمتنا: «بحلول أيلول 2025»))."""
    if english is None:
        return Markup("“{}”").format(text)
    words = Markup('<span lang="en" dir="ltr">“{}”</span> ({} «{}»)')
    return words.format(english, gettext("Our translation:"), text)


def edition_context(request: Request, path: str | None) -> dict[str, Any]:
    """What the language depends on: `lang` and `dir`, and, when the site has both editions,
    the other edition's twin of this page (the switch and the `hreflang` alternates).

    Without the Arabic edition the English pages carry nothing new: they stay byte-identical."""
    state = request.app.state
    lang = getattr(request.app, "lang", "en")
    other = getattr(state, "other", None)
    found = twin_paths(path, lang, other.state.site if other is not None else None)
    origin = state.site.url if getattr(state, "site", None) else ""
    return {
        "lang": lang,
        "dir": "rtl" if lang == "ar" else "ltr",
        "editions": other is not None,
        # the other edition's page: its twin, else its overview
        "switch": found.get("ar" if lang == "en" else "en") or ("/ar/" if lang == "en" else "/"),
        "alternates": [(code, f"{origin}{where}") for code, where in found.items()],
    }


def twin_paths(path: str | None, lang: str, other: Any) -> dict[str, str]:
    """The page in each edition, when both have it: en, ar and x-default (the English)."""
    if path is None or other is None:
        return {}
    english = urls.english(path) if lang == "ar" else path
    arabic = path if lang == "ar" else f"{urls.ARABIC}{path}"
    if (other.page(arabic) if lang == "en" else other.page(english)) is None:
        return {}
    return {"en": english, "ar": arabic, "x-default": english}


class GettextEnvironment(Protocol):
    """What jinja2.ext.i18n adds to the Environment it is installed in (at run time, so the
    Environment's own type does not show it)."""

    def install_gettext_callables(
        self,
        gettext: Callable[[str], str],
        ngettext: Callable[[str, str, int], str],
        newstyle: bool | None = None,
    ) -> None: ...


templates = Jinja2Templates(directory=TEMPLATES_DIR, context_processors=[page_context])
templates.env.add_extension("jinja2.ext.i18n")
cast(GettextEnvironment, templates.env).install_gettext_callables(gettext, ngettext, newstyle=True)
templates.env.globals["url"] = urls.in_edition
templates.env.globals["english_words"] = english_words
templates.env.globals["english_page"] = english_page
templates.env.tests["ascii"] = str.isascii  # a search word group in English, not Arabic
templates.env.tests["arabic"] = lambda text: bool(ARABIC.search(text))  # a search hit's title
templates.env.globals["in_english"] = in_english
templates.env.globals["article_words"] = article_words
# Our words that may hold the article's English in “…” (a fact's statement): isolated in Arabic.
templates.env.filters["isolated"] = lambda text: isolate(escape(text))
# Arabic words on an English page (the corrections log's Arabic wordings): isolated alike.
templates.env.filters["arabic_isolated"] = lambda text: isolate_english(escape(text))
# Our words that name English words which are not the article's (the search help's examples).
templates.env.filters["english_terms"] = lambda text: isolate_terms(escape(text))
templates.env.globals["format_day"] = format_day
templates.env.globals["format_number"] = format_number


def pretty_json(model: BaseModel) -> str:
    """A model as indented JSON, for showing to readers (the annotation on a fact page)."""
    return json.dumps(model.model_dump(by_alias=True), indent=2, ensure_ascii=False)


@pass_context
def structured_data(context: Context, title: str, facts: list[FactOut] | None = None) -> Markup:
    """Render the page's JSON-LD block (a data block, which the CSP does not treat as script)."""
    article = context.get("article_meta")
    if article is None:
        return Markup("")
    # The title block comes back HTML-escaped ("a &amp; b"); inside JSON it must be the text.
    text = title.unescape() if isinstance(title, Markup) else title
    canonical, day = context.get("canonical"), context.get("modified")
    data = graph(article, context["site_url"], canonical, text, facts or [], day)
    return json_ld(data)


@pass_context
def question_data(context: Context, questions: list[QuestionOut], kind: str) -> Markup:
    """The JSON-LD of a question page (kind Article) or the list of questions (FAQPage)."""
    article = context.get("article_meta")
    if article is None:
        return Markup("")
    canonical, day = context.get("canonical"), context.get("modified")
    data = questions_graph(article, context["site_url"], canonical, questions, kind, day)
    return json_ld(data)


def json_ld(data: object) -> Markup:
    """A JSON-LD block, its text as UTF-8 characters rather than \\u escapes: an Arabic letter
    escaped is six bytes that compress badly, and the Arabic pages have a byte budget."""
    script = Markup('<script type="application/ld+json">{}</script>')
    return script.format(htmlsafe_json_dumps(data, ensure_ascii=False))


def footnote_numbers(facts: list[FactOut]) -> dict[str, int]:
    """Each cited fact's footnote number on a page: its place in the page's footnote list."""
    return {fact.id: number for number, fact in enumerate(facts, start=1)}


templates.env.globals["question_data"] = question_data
templates.env.globals["footnote_numbers"] = footnote_numbers
templates.env.globals["newest_corrections"] = newest_corrections
templates.env.globals["correction_days"] = correction_days
templates.env.globals["corrected_what"] = corrected_what


# Share previews (search results, chat apps) cut a description near 200 characters, many near
# 155; a cut that lands inside a quote or before a speaker or hedge would break the editorial
# rules. The <title> is the page's title up to 200 characters, and past that its share title.
SITE_NAME = "Iraq Transition Explainer"


def share(*candidates: str) -> str:
    """The first description that a preview shows whole (155 characters), else the first that
    fits one at all (200): candidates come richest first."""
    for limit in (SHOWN_DESCRIPTION, LONGEST_DESCRIPTION):
        for text in candidates:
            if len(text.strip()) <= limit:
                return text
    raise ValueError(f"no description of {LONGEST_DESCRIPTION} characters or fewer: {candidates}")


def document_title(title: str, share_title: str | None) -> str:
    """The <title>: the page's title and the site's name, or its share title past 200."""
    text = title.unescape() if isinstance(title, Markup) else title
    whole = f"{text.strip()} · {gettext(SITE_NAME)}"
    if len(whole) <= LONGEST_TITLE or not share_title:
        return whole
    return f"{share_title} · {gettext(SITE_NAME)}"


def source_line(prose: dict[str, ProseOut], article: ArticleOut) -> Markup:
    """The footer's sentence on where everything comes from: the seed's words, filled with the
    author and outlet from its [article] (the outlet's reasons without the "our inference:"
    that `outlet_inferred` already carries). base.html follows it with [prose.footer-gaps];
    neither has a footnote marker, as the footer repeats on every page."""
    reasons = article.outlet_source.removeprefix(gettext("our inference: "))
    sentence = filled(
        prose,
        PageKey("footer-source"),
        author=article.author,
        outlet=article.outlet,
        reasons=reasons,
    )
    return isolate(escape(sentence))  # the outlet's reasons quote its sign-up box


def fill_markup(template: str, **values: object) -> Markup:
    """`fill` for a sentence with a link in it: the seed's words and plain values are escaped,
    values that are already markup (a link, a name the reading links) go in as they are."""
    safe = {
        name: value if isinstance(value, Markup) else escape(value)
        for name, value in values.items()
    }
    return Markup(fill(str(escape(template)), **safe))


templates.env.globals["structured_data"] = structured_data
templates.env.globals["source_line"] = source_line
templates.env.globals["fill"] = fill
templates.env.globals["fill_markup"] = fill_markup
templates.env.globals["share"] = share
templates.env.globals["document_title"] = document_title
templates.env.globals["number_links"] = number_links
templates.env.filters["pretty_json"] = pretty_json
