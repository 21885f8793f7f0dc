"""The Arabic edition's web layer: /ar mounted when its database is there, its pages in Arabic
(`lang="ar" dir="rtl"`, `Content-Language`), `hreflang` pairs both ways, the language switch,
JSON twins with `lang`, the sitemap's alternates, the export's ar/ folder, the reading layer's
brief forms and search in Arabic. Every Arabic page's HTML, accessibility and weight are checked
with the English pages' (tests/test_quality.py); its words in tests/test_arabic_english.py."""

import json
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from fastapi.testclient import TestClient
from helpers import IDENTITY, app_of
from markupsafe import Markup

from app.config import PROJECT_ROOT, Settings
from app.data import urls
from app.main import create_app
from app.pages import registry
from app.web.reading import Reading, isolate

sys.path.insert(0, str(PROJECT_ROOT / "scripts"))
import ar_messages  # noqa: E402

ALTERNATE = re.compile(r'<link rel="alternate" hreflang="([^"]+)" href="([^"]+)">')
SWITCH = re.compile(r'<a href="([^"]+)" lang="(?:ar|en)">')  # the language switch
ORIGIN = "http://127.0.0.1:8000"


@pytest.fixture(scope="module")
def both(settings: Settings) -> Settings:
    """The real seed's session build (tests/conftest.py): both editions, as by default. (The
    tiny seed has no overview prose.)"""
    assert settings.builds_arabic and settings.arabic_database_path.is_file()
    return settings


@pytest.fixture(scope="module")
def client(both: Settings) -> Iterator[TestClient]:
    with TestClient(create_app(both), headers=IDENTITY) as test_client:
        yield test_client


@pytest.fixture(scope="module")
def arabic_paths(client: TestClient) -> list[str]:
    """Every page of the Arabic edition, as the English app's mounted edition maps them."""
    arabic = app_of(client).arabic
    assert arabic is not None, "the Arabic edition is on by default"
    return [page.path for page in arabic.state.site.pages]


def test_every_arabic_page_answers_in_arabic(client: TestClient, arabic_paths: list[str]) -> None:
    assert "/ar/" in arabic_paths and "/ar/source" in arabic_paths
    for path in arabic_paths:
        response = client.get(path)
        assert response.status_code == 200, path
        assert '<html lang="ar" dir="rtl">' in response.text, path
        assert response.headers["content-language"] == "ar", path


def test_the_edition_has_the_reading_layer_and_nothing_else(
    client: TestClient, arabic_paths: list[str]
) -> None:
    stems = {path.removeprefix("/ar/").split("/")[0] for path in arabic_paths}
    assert stems == {"", "questions", "phases", "regions", "timeline", "facts", "source", "search"}
    assert "/ar/facts" not in arabic_paths  # the fact pages, not the list
    for missing in ("/ar/officials", "/ar/facts", "/ar/downloads", "/ar/api/facts"):
        assert client.get(missing).status_code == 404, missing
    assert client.get("/ar", follow_redirects=False).headers["location"] == "/ar/"
    assert client.get("/article.txt").status_code == 200  # /ar… that is not /ar/ stays English


def test_registry_marks_what_the_urls_prefix() -> None:
    """The registry's `arabic` marks and urls.arabic_has agree on every English page."""
    for page in registry.PAGES:
        assert urls.arabic_has(page.url("key")) == page.arabic, page.name


def test_hreflang_pairs_point_both_ways(client: TestClient, arabic_paths: list[str]) -> None:
    for arabic in arabic_paths:
        english = urls.english(arabic)
        want = {"en": ORIGIN + english, "ar": ORIGIN + arabic, "x-default": ORIGIN + english}
        assert dict(ALTERNATE.findall(client.get(arabic).text)) == want, arabic
        assert dict(ALTERNATE.findall(client.get(english).text)) == want, english


def test_the_switch_lands_on_the_same_page(client: TestClient, arabic_paths: list[str]) -> None:
    for arabic in arabic_paths:
        assert SWITCH.findall(client.get(arabic).text) == [urls.english(arabic)], arabic
        assert SWITCH.findall(client.get(urls.english(arabic)).text) == [arabic], arabic
    # an English page the edition lacks: the switch goes to its overview, no alternates
    officials = client.get("/officials").text
    assert SWITCH.findall(officials) == ["/ar/"]
    assert ALTERNATE.findall(officials) == []
    assert client.get("/officials").headers["content-language"] == "en"


def test_arabic_links_stay_in_the_edition_or_go_to_english_pages(client: TestClient) -> None:
    for path in ("/ar/", "/ar/questions", "/ar/phases", "/ar/regions", "/ar/timeline"):
        for href in set(re.findall(r'href="(/[^"#]*)', client.get(path).text)):
            if href.startswith(("/static/", "/source")) or "?" in href:
                continue
            if urls.arabic_has(href) and not href.startswith("/ar/"):
                assert href == urls.english(path), (path, href)  # only the switch, to its twin
            assert client.get(href).status_code == 200, (path, href)


def test_json_twins_say_their_language(client: TestClient, arabic_paths: list[str]) -> None:
    for path in ("/ar/", "/ar/questions", "/ar/source"):
        twin = client.get(urls.twin(path))
        assert twin.json()["lang"] == "ar", path
        assert twin.headers["content-language"] == "ar"
    assert client.get("/index.json").json()["lang"] == "en"
    listed = client.get("/ar/phases.json")  # a list twin stays a list; its header says
    assert isinstance(listed.json(), list) and listed.headers["content-language"] == "ar"
    # A fact's Web Annotation: our Arabic statement and page say so; the article stays English.
    annotation = client.get("/ar/facts/decade-of-success.json").json()["annotation"]
    assert [body["language"] for body in annotation["body"]] == ["ar", "ar"]
    assert annotation["target"]["source"]["language"] == "en"


def test_sitemap_lists_both_editions_with_alternates(
    client: TestClient, arabic_paths: list[str]
) -> None:
    tree = ET.fromstring(client.get("/sitemap.xml").content)
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}
    entries = {
        url.findtext("s:loc", namespaces=ns): {
            link.get("hreflang"): link.get("href") for link in url.findall("x:link", ns)
        }
        for url in tree.findall("s:url", ns)
    }
    for arabic in arabic_paths:
        if arabic in urls.SEARCH_PATHS:
            continue
        english = urls.english(arabic)
        want = {"en": ORIGIN + english, "ar": ORIGIN + arabic, "x-default": ORIGIN + english}
        assert entries[ORIGIN + arabic] == want, arabic
        assert entries[ORIGIN + english] == want, english
    assert entries[ORIGIN + "/officials"] == {}


def test_arabic_search_reads_its_query(client: TestClient) -> None:
    """The cache keys /ar/search by its query, as it does /search."""
    found = client.get("/ar/search.json?q=withdraw").json()
    empty = client.get("/ar/search.json").json()
    assert found != empty and found["lang"] == "ar"


def test_without_the_arabic_database_english_is_unchanged(both: Settings, tmp_path: Path) -> None:
    update = {"database_path": tmp_path / "explainer.db", "arabic_edition": False}
    alone = both.model_copy(update=update)
    shutil.copyfile(both.database_path, alone.database_path)
    with TestClient(create_app(alone)) as english:
        page = english.get("/phases")
        assert '<html lang="en">' in page.text
        assert ALTERNATE.findall(page.text) == [] and SWITCH.findall(page.text) == []
        assert "content-language" not in page.headers
        assert "lang" not in english.get("/index.json").json()
        assert english.get("/ar/").status_code == 404
        assert "xhtml" not in english.get("/sitemap.xml").text


def test_export_writes_the_arabic_pages_under_ar(both: Settings, exported: Path) -> None:
    """The run's one export (`python -m app export`, tests/conftest.py) has the Arabic pages."""
    overview = (exported / "ar" / "index.html").read_text(encoding="utf-8")
    assert '<html lang="ar" dir="rtl">' in overview
    assert json.loads((exported / "ar" / "index.json").read_text())["lang"] == "ar"
    assert (exported / "ar" / "questions" / "index.html").exists()
    assert (exported / "ar" / "source" / "index.html").exists()


def test_english_words_inside_arabic_are_isolated() -> None:
    """A “…” run (the speaker's English, GUIDE section 10) reads left to right inside Arabic;
    English pages are left as they are."""
    sentence = Markup(
        "قال إن الولايات المتحدة “is not withdrawing from Iraq” (ترجمتنا: «لا تنسحب»)"
    )
    assert isolate(sentence) == sentence
    token = urls.EDITION.set(urls.ARABIC)
    try:
        isolated = isolate(sentence)
    finally:
        urls.EDITION.reset(token)
    assert '<span dir="ltr" lang="en">“is not withdrawing from Iraq”</span> (ترجمتنا' in isolated


def test_every_interface_word_has_its_arabic(tmp_path: Path) -> None:
    """What `pybabel extract` finds in the templates and the registry's labels is what the
    committed .pot lists, and the Arabic catalog translates each, placeholders kept."""
    extracted = tmp_path / "messages.pot"
    subprocess.run(
        [
            str(PROJECT_ROOT / ".venv/bin/pybabel"),
            *("extract", "-F", "babel.cfg", "--no-location", "--sort-output", "--omit-header"),
            *("-o", str(extracted), "."),
        ],
        cwd=PROJECT_ROOT,
        check=True,
        capture_output=True,
    )
    with extracted.open("rb") as fresh, ar_messages.TEMPLATE.open("rb") as committed:
        asked = {message.id for message in read_po(fresh) if message.id}
        assert asked == {message.id for message in read_po(committed) if message.id}
    with ar_messages.CATALOG.open("rb") as po:
        arabic = {message.id: message.string for message in read_po(po) if message.id}
    for message in asked:
        translation = arabic.get(message)
        assert translation and all(translation), f"no Arabic for {message!r}"
        assert ar_messages.placeholders(translation) == ar_messages.placeholders(message)


def test_an_arabic_page_shares_its_own_arabic_card(client: TestClient) -> None:
    """The preview a share shows is the Arabic page's: its card drawn from the Arabic words,
    served under /ar, with the Arabic alt text beside it."""
    for path, card in [
        ("/ar/", "/ar/cards/index.png"),
        (
            "/ar/questions/are-us-troops-leaving-iraq",
            "/ar/cards/questions/are-us-troops-leaving-iraq.png",
        ),
    ]:
        page = client.get(path).text
        assert f'property="og:image" content="{ORIGIN}{card}"' in page, path
        alt = re.search(r'property="og:image:alt" content="([^"]+)"', page)
        assert alt and re.search(r"[\u0600-\u06ff]", alt.group(1)), path
        arabic, english = client.get(card), client.get(card.removeprefix("/ar"))
        assert arabic.status_code == 200 and arabic.headers["content-type"] == "image/png"
        assert arabic.content != english.content  # not the English card under another name


def test_an_arabic_page_names_a_relayed_speaker_in_full_once_then_briefly(
    client: TestClient,
) -> None:
    """The relay is an aside set off by Arabic commas: said once a page, then dropped with both
    its commas ("قال العباسي إن", never "قال العباسي، إن")."""
    arabic = app_of(client).arabic
    assert arabic is not None
    (abbassi,) = [m for m in arabic.state.mentions if m.brief == "العباسي"]
    assert abbassi.relay and abbassi.relay.startswith("، ")
    reading = Reading([abbassi])
    said = f"قال {abbassi.forms[0]}، إن التحالف سيخرج."
    assert reading.words(said) == said
    assert reading.words(said) == "قال العباسي إن التحالف سيخرج."


def test_each_edition_searches_in_its_own_words(client: TestClient) -> None:
    """Both editions' databases are built at one time from one seed and served from memory:
    search's aids (its sentences, its word groups) are kept per edition, so an Arabic search
    first does not put Arabic into the English search's page, nor the reverse."""
    arabic = re.compile(r"[\u0600-\u06ff]")
    for first, then, mine in (
        ("/ar/search?q=انسحاب", "/search?q=withdraw", False),
        ("/search?q=troops", "/ar/search?q=القوات", True),
    ):
        assert client.get(first).status_code == 200
        page = client.get(then).text
        main = page[page.index("<main") : page.index("</main>")]
        said = re.sub(r'<[^>]*lang="en"[^>]*>.*?</[^>]+>|<[^>]+>', " ", main)
        assert bool(arabic.search(said)) == mine, then


def test_the_articles_date_and_figure_words_stay_english_beside_our_translation(
    client: TestClient,
) -> None:
    """A date's or a figure's words are the article's: an Arabic page shows them in English,
    isolated, then our translation marked ours, never our Arabic in the article's “…”."""
    shown = '<span lang="en" dir="ltr">“{}”</span> (ترجمتنا: «{}»)'
    fact = client.get("/ar/facts/abbassi-federal-iraq-by-september-2025").text
    assert shown.format("by September 2025", "بحلول أيلول 2025") in fact
    figure = client.get("/ar/facts/about-2500-troops-in-iraq").text
    assert shown.format("about 2,500", "نحو 2,500") in figure
    timeline = client.get("/ar/timeline").text
    assert shown.format("last August", "في آب الماضي") in timeline
    for page in (fact, figure, timeline):  # no Arabic inside the article's marks
        assert not re.search(r"“[^”<]*[\u0600-\u06ff][^”<]*”", page)
    dates = client.get("/ar/facts/abbassi-federal-iraq-by-september-2025.json").json()["dates"]
    assert dates[0]["english"] == "by September 2025" and dates[0]["text"] == "بحلول أيلول 2025"
    english = client.get("/facts/abbassi-federal-iraq-by-september-2025.json").json()["dates"]
    assert english[0]["english"] is None and english[0]["text"] == "by September 2025"


LINK = re.compile(
    r'<a\b[^>]*?\bhref="(/[^"]*)"([^>]*)>(.*?)</a>(\s*<span class="in-english">[^<]*</span>)?',
    re.S,
)
# Buttons whose own words say the article is in English: «المقال كاملًا، فقرةً فقرة (بالإنجليزية)».
SAYS_ENGLISH = "(بالإنجليزية)"


def test_a_link_to_a_page_only_in_english_says_so(
    client: TestClient, arabic_paths: list[str]
) -> None:
    """From an Arabic page, a link that leaves the edition (the article and its passages, the
    officials, the full lists, the corrections, the API reference) carries hreflang="en" and is
    followed by «(بالإنجليزية)», unless its own words say so; a link within the edition (or to
    data: a card, the API, the text) carries neither, and the header lists only the edition's
    pages. English pages carry neither."""
    seen = set()
    for path in arabic_paths:
        page = client.get(path).text
        header = page[page.index("<header") : page.index("</header>")]
        assert ' hreflang="en"' not in header.replace('lang="en">English', ""), path
        for match in LINK.finditer(page):
            href, attributes, text, marked = match.groups()
            attributes = match.group(0)[: match.group(0).index(">")]
            leaves = not href.startswith(("/ar/", "/static/", "/cards/", "/api/", "/article.txt"))
            leaves = leaves and not attributes.endswith(' lang="en"')  # not the switch
            assert (' hreflang="en"' in attributes) == leaves, (path, href)
            if not leaves:
                assert not marked and SAYS_ENGLISH not in text, (path, href)
                continue
            seen.add(href.split("#")[0].split("?")[0])
            assert marked or SAYS_ENGLISH in text, (path, href)
    assert {"/officials", "/framings", "/facts", "/corrections", "/docs", "/source"} <= seen
    english = client.get("/").text
    assert ' hreflang="en"' not in english.replace('rel="alternate" hreflang="en"', "")
    assert "in-english" not in english


def test_arabic_search_finds_a_words_other_arabic_forms(client: TestClient) -> None:
    """The glossary's Arabic word groups: a verbal noun finds its verb (انسحاب, the
    official's تنسحب), a singular its broken plural; the help says how Arabic is read."""
    withdrawal = client.get("/ar/search.json", params={"q": "انسحاب"}).json()
    assert any("تنسحب" in hit["title"] for hit in withdrawal["results"])
    assert {"تنسحب", "انسحاب"} <= set(withdrawal["terms"][0]["searched"])
    base = client.get("/ar/search.json", params={"q": "قاعدة"}).json()
    assert any("قواعد" in hit["snippet"] or "قواعد" in hit["title"] for hit in base["results"])
    # al-Abbassi's "pull out" (يخرج) is no form of "withdraw": the groups keep them apart
    assert "يخرج" not in withdrawal["terms"][0]["searched"]
    help_text = client.get("/ar/search").text
    assert "<kbd>انسحاب</kbd>" in help_text and "تنسحب · ينسحب" in help_text


def test_an_english_snippet_in_arabic_search_is_marked_english(client: TestClient) -> None:
    """A hit whose sentence is the article's English (a passage, a quote) is marked so, and
    the speaker named before it stays Arabic; an Arabic title is not marked English."""
    page = client.get("/ar/search", params={"q": "ISIS"}).text
    snippets = re.findall(r'<p class="snippet">(.*?)</p>', page, re.S)
    english = [s for s in snippets if "For 10 years" in s]
    assert english and all('<span lang="en" dir="ltr">For 10 years' in s for s in english)
    titles = re.findall(r'<p><a [^>]*href="/ar/facts/[^"]*"([^>]*)>([^<]*)</a>', page)
    assert titles and all('lang="en"' not in attributes for attributes, _ in titles)


def test_arabic_notes_say_the_articles_words_with_our_translation(both: Settings) -> None:
    """The notes on the source, as the Arabic search finds them: every “…” of the article's
    English followed by our translation, the names in the glossary's spelling, no English
    joining words."""
    import sqlite3

    with sqlite3.connect(f"file:{both.arabic_database_path}?mode=ro", uri=True) as connection:
        notes = connection.execute(
            "SELECT title, body FROM search_index WHERE kind = 'note'"
        ).fetchall()
    assert len(notes) >= 5
    for title, body in notes:
        text = f"{title} {body}"
        for quoted in re.finditer(r"“[^”]*”", text):
            assert "ترجمتنا" in text[quoted.end() : quoted.end() + 16], (title, quoted.group())
        outside = re.sub(r"“[^”]*”", "", text)
        assert not re.search(r"\b(?:and|then|to)\b", outside), title
    bases = next(body for title, body in notes if title.startswith("القواعد"))
    assert "قاعدة الأسد الجوية" in bases and "al Asad" not in bases
