"""Issue 22: an Arabic reader meets no English on an Arabic page but the article's own words.

Every Arabic page's visible text, and the words a screen reader or a preview reads (`title`,
`aria-label`, `alt`, the meta description and the `og:`/`twitter:` texts), outside elements
marked `lang="en"`, holds no Latin-script word except the few named in ALLOWED, each with its
reason. Every “ the article's words open has its ” inside the same `lang="en"` element, so the
quote reads left to right and its punctuation stays put (GUIDE section 10)."""

import re
import tomllib
from collections import defaultdict
from collections.abc import Callable

import pytest
from fastapi.testclient import TestClient
from helpers import IDENTITY, documents
from lxml import html
from markupsafe import Markup

from app.config import PROJECT_ROOT, Settings
from app.data import urls
from app.data.schemas import SourceOut
from app.main import create_app
from app.web.reading import Reading

LATIN_WORD = re.compile(r"[A-Za-z][A-Za-z0-9.’'\-]*")
URL = re.compile(r"(?:https?://|/)[^\s\"<>()،؛]+")
# Names with no Arabic of their own: formats, standards and tools a reader would search for by
# these very names (translated, they would find nothing), and the map's data source.
ALLOWED = {"JSON", "OpenAPI", "W3C", "Web", "Annotation", "Unicode", "Hypothesis"}
ALLOWED |= {"Natural", "Earth", "world-atlas", "ISC"}  # the outlines' source and its licence
# An attribute or a <title> cannot mark a language: there, the article's English words in “…”
# (which the loader checks against the article) are left out of the count.
QUOTED = re.compile(r"“[^”]*”")
SHOWN = ("title", "aria-label", "alt", "placeholder")
META = {"description", "og:title", "og:description", "og:image:alt", "twitter:title"}
META |= {"twitter:description", "twitter:image:alt"}


@pytest.fixture(scope="module")
def pages(settings: Settings) -> dict[str, html.HtmlElement]:
    """Every Arabic HTML page the app serves (what the export writes under ar/)."""
    assert settings.builds_arabic
    with TestClient(create_app(settings), headers=IDENTITY) as client:
        paths = sorted(
            path for path in documents(client) if path.startswith("/ar/") and "." not in path
        )
        found = {}
        for path in paths:
            response = client.get(path)
            if response.headers["content-type"].startswith("text/html"):
                found[path] = html.fromstring(response.content)
    assert len(found) > 20
    return found


def english(element: html.HtmlElement) -> bool:
    """Whether the element's nearest `lang` says English."""
    for node in (element, *element.iterancestors()):
        lang = node.get("lang")
        if lang:
            return lang.startswith("en")
    return False


def texts(page: html.HtmlElement) -> list[str]:
    """The words a reader sees or hears, outside English elements, scripts and code (a code
    sample is data: the annotation's JSON)."""
    found = []
    for element in page.iter():
        if not isinstance(element.tag, str) or element.tag in ("script", "style", "code"):
            continue
        if element.tag == "meta":
            name = element.get("name") or element.get("property")
            if name in META:
                found.append(QUOTED.sub(" ", element.get("content", "")))
            continue
        if english(element):
            continue
        found += [QUOTED.sub(" ", element.get(attribute, "")) for attribute in SHOWN]
        found.append(
            QUOTED.sub(" ", element.text or "") if element.tag == "title" else element.text or ""
        )
        # A child's tail belongs to this element's language, not the child's.
        found += [child.tail or "" for child in element if child.tail]
    return found


def test_no_english_word_on_an_arabic_page(pages: dict[str, html.HtmlElement]) -> None:
    latin: dict[str, set[str]] = defaultdict(set)
    for path, page in pages.items():
        for text in texts(page):
            for word in LATIN_WORD.findall(URL.sub(" ", text)):
                if word.strip(".-") not in ALLOWED:
                    latin[word].add(path)
    listed = sorted(latin.items(), key=lambda item: (-len(item[1]), item[0]))
    assert not listed, "\n".join(f"{word}: {sorted(where)[:3]}" for word, where in listed)


def test_every_english_quote_is_isolated(pages: dict[str, html.HtmlElement]) -> None:
    """Each “ opens an English run whose ” closes inside the same `lang="en"` element."""
    loose = []
    for path, page in pages.items():
        for element in page.iter():
            if not isinstance(element.tag, str) or element.tag in ("script", "style", "code"):
                continue
            if element.tag in ("meta", "title") or english(element):
                continue
            own = [element.text or "", *(child.tail or "" for child in element)]
            for text in own:
                if "“" in text or "”" in text:
                    loose.append(f"{path}: {text.strip()[:80]}")
    assert not loose, "\n".join(loose[:40])


def test_arabic_text_joins_with_arabic_commas(pages: dict[str, html.HtmlElement]) -> None:
    """A list or clause in Arabic is joined by “، ” and “؛ ”, never the Latin ", " or "; " (a
    comma between digits is the thousands comma GUIDE section 10 keeps: 2,500)."""
    latin = re.compile(r"(?<!\d)[,;]|[,;](?!\d)")
    found = {
        f"{path}: {text.strip()[:60]}"
        for path, page in pages.items()
        for text in texts(page)
        if latin.search(URL.sub(" ", QUOTED.sub(" ", text)))
    }
    assert not found, "\n".join(sorted(found))


SOURCE = SourceOut(
    id="not-withdrawing",
    speaker="مسؤول أمريكي “at the time”",  # a name holding the article's words
    attribution="اقتباس مباشر",
    quote="is not withdrawing from Iraq",
    passage_id="p-4",
    url="/ar/facts/not-withdrawing",
    api_url="/api/facts/not-withdrawing",
    fragment_url="/source#p-4",
)


def in_arabic(make: Callable[[], Markup]) -> Markup:
    token = urls.EDITION.set(urls.ARABIC)
    try:
        return make()
    finally:
        urls.EDITION.reset(token)


def test_a_sentence_ending_in_a_quote_isolates_it_and_keeps_its_marker_after() -> None:
    """The footnote marker of a sentence whose last words are the article's goes after the
    isolated run (never inside it, never alone on a line: both sit in one `.fn-end`), and the
    marker's label, an attribute, is left as it is; English sentences are as they were."""
    sentence = "قال مسؤول إن الولايات المتحدة “is not withdrawing from Iraq.”"
    arabic = in_arabic(lambda: Reading([]).end(sentence, [SOURCE]))
    run = '<span dir="ltr" lang="en">“is not withdrawing from Iraq.”</span>'
    assert f'إن الولايات المتحدة <span class="fn-end">{run}<sup class="fn">' in arabic
    assert 'aria-label="المصدر 1: مسؤول أمريكي “at the time”"' in arabic
    assert arabic.count('lang="en"') == 1
    # punctuation after the closing mark stays with the run and the marker
    after = in_arabic(lambda: Reading([]).end("قال إنها “is not withdrawing”.", [SOURCE]))
    assert (
        '<span class="fn-end"><span dir="ltr" lang="en">“is not withdrawing”</span>.<sup' in after
    )
    english = Reading([]).end("It “is not withdrawing from Iraq.”", [SOURCE])
    assert '<span class="fn-end">Iraq.”<sup class="fn">' in english and "lang=" not in english


def test_the_map_names_countries_as_the_glossary_spells_them(
    pages: dict[str, html.HtmlElement],
) -> None:
    glossary = tomllib.loads((PROJECT_ROOT / "seed/ar/glossary.toml").read_text(encoding="utf-8"))
    spelled = {name["en"]: name["ar"] for name in glossary["names"]}
    shown = [text.text for text in pages["/ar/regions"].iter("{*}text", "text")]
    for country in ("Syria", "Turkey", "Iran", "Saudi Arabia"):
        assert spelled[country] in shown, country


def test_an_arabic_search_names_pages_and_wordings_in_arabic(client: TestClient) -> None:
    """Search's hits on /ar/search: a page named in Arabic ("On Overview" was English), a
    note's wording labels and joins in Arabic (the index is built in the edition's language)."""
    for query in ("العباسي", "القواعد"):
        page = client.get("/ar/search", params={"q": query}).text
        main = page[page.index("<main") : page.index("</main>")]
        for english in ("Overview", "Framings", "(paraphrase)", "(quoted in part)", "; "):
            assert english not in main, (query, english)
