"""Pages for people: each shows its key facts, and every fact link lands on its passage."""

import re
from html import unescape

import pytest
from fastapi.testclient import TestClient
from helpers import collect

from app.data.fragments import decode, matches
from app.pages import registry
from app.pages.registry import HEADER_NAV
from app.web.printing import number_links

PAGES = [
    "/",
    "/phases",
    "/phases/1",
    "/phases/2",
    "/regions",
    "/regions/federal-iraq",
    "/regions/kurdistan-region",
    "/officials",
    "/facts",
    "/source",
    "/officials/us-official",
    "/officials/defense-official",
    "/officials/defense-official-at-the-time",
    "/officials/thabet-al-abbassi",
    "/officials/mohammed-shia-al-sudani",
    "/officials/lloyd-austin",
    "/officials/us-officials",
    "/officials/us-government",
    "/officials/narration",
    "/facts/not-withdrawing",
]


def text_of(html: str) -> str:
    """The page's visible words, tags dropped and whitespace collapsed."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


@pytest.mark.parametrize("path", PAGES)
def test_page_renders_with_a_title_and_one_h1(client: TestClient, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    assert response.text.count("<h1") == 1
    assert re.search(r"<title>[^<]+ · Iraq Transition Explainer</title>", response.text)


@pytest.mark.parametrize("path", PAGES)
def test_every_source_link_lands_on_a_passage_with_its_quote(client: TestClient, path: str) -> None:
    source = collect(client.get("/source").text)
    facts = {fact["id"]: fact for fact in client.get("/facts.json").json()}
    passages = {p["id"]: p["text"] for p in client.get("/source.json").json()}
    page = collect(client.get(path).text)
    fact_links = [
        link.removeprefix("/facts/")
        for link in page.links
        if re.fullmatch(r"/facts/[a-z0-9-]+", link)
    ]
    for link in (link for link in page.links if link.startswith("/source#")):
        passage_id, _, directive = link.removeprefix("/source#").partition(":~:")
        assert passage_id in source.ids
        if directive:
            assert matches(passages[passage_id], decode(directive)), link
    for fact_id in fact_links:
        fact = facts[fact_id]
        assert fact["quote"] in passages[fact["passage_id"]]
        assert fact["passage_id"] in source.ids


def test_overview_says_what_was_agreed_when_and_by_whom(client: TestClient) -> None:
    page = text_of(client.get("/").text)
    assert "U.S. troops will remain in Iraq as the U.S. and Iraq agree to a two-phased" in page
    assert "U.S. officials said" in page
    assert "by September 2025" in page
    assert "until at least September 2026" in page
    assert "federal Iraq" in page and "Kurdistan region" in page
    for name in ["Iraqi Defence Minister Thabet al-Abbassi", "an anonymous U.S. official"]:
        assert name in page
    assert 'href="/source"' in client.get("/").text


def test_phase_pages_keep_the_hedges_and_say_what_is_not_disclosed(client: TestClient) -> None:
    first = text_of(client.get("/phases/1").text)
    assert "by September 2025" in first and "deadline" in first
    assert "certain locations in Iraq" in first
    assert "Not disclosed" in first
    assert "did not say how many troops" in first and "where they will be stationed" in first
    second = text_of(client.get("/phases/2").text)
    assert "until at least September 2026" in second and "earliest end" in second
    assert "operations in Syria from Iraq" in second


def test_regions_list_federal_iraq_first_and_say_whose_mapping_it_is(client: TestClient) -> None:
    names = [r["name"] for r in client.get("/regions.json").json()]
    assert names == ["Federal Iraq", "Kurdistan region"]
    listing = text_of(client.get("/regions").text)
    assert all(name in listing for name in names)
    federal = text_of(client.get("/regions/federal-iraq").text)
    assert "Baghdad" in federal and "by September 2025" in federal and "Phase 1" in federal
    kurdistan = text_of(client.get("/regions/kurdistan-region").text)
    assert "autonomous northern Kurdistan" in kurdistan and "Phase 2" in kurdistan
    for page in (federal, kurdistan):
        assert "How this region maps onto a phase" in page
        assert "al-Abbassi’s account" in page


def test_officials_page_lists_each_person_with_a_role_and_their_key_quote(
    client: TestClient,
) -> None:
    html = client.get("/officials").text
    page = text_of(html)
    people = [s for s in client.get("/officials.json").json() if s["standing"] != "article"]
    assert {s["slug"] for s in people} >= {"thabet-al-abbassi", "lloyd-austin"}
    for speaker in people:
        heading = f'href="{speaker["url"]}">{speaker["name"]}</a></h3>'
        item = html[html.index(heading) :].split("</li>")[0]
        (key,) = [f for f in speaker["statements"] if f["id"] == speaker["key_fact"]]
        assert speaker["role"] in unescape(item)
        assert f"<p>{key['quote']}</p>" in unescape(item)  # the article's exact words
        assert f'href="{key["fragment_url"]}"' in item.replace("&amp;", "&")
        assert ("not named" in item) == (not speaker["named"])
    assert 'class="keyfacts"' not in html  # a list of people, not a form
    assert "said to another outlet" in page


def test_the_count_of_sources_leaves_out_someone_only_mentioned(client: TestClient) -> None:
    speakers = {s["slug"]: s for s in client.get("/api/officials").json()["items"]}
    austin = speakers["lloyd-austin"]
    assert austin["standing"] == "mentioned"
    assert austin["relayed_by"]["slug"] == "thabet-al-abbassi"
    sources = [s for s in speakers.values() if s["standing"] == "source"]
    assert "lloyd-austin" not in {s["slug"] for s in sources}
    page = text_of(client.get("/officials").text)
    assert f"quotes or paraphrases {len(sources)} sources" in page
    unnamed = [s for s in sources if not s["named"]]
    assert f"{len(unnamed)} of them are unnamed" in page
    mentioned = page[page.index("Mentioned by a source") :]
    assert "Lloyd Austin" in mentioned and "Lloyd Austin" not in page[: page.index(mentioned)]


def test_austin_page_says_he_is_mentioned_relayed_by_al_abbassi(client: TestClient) -> None:
    html = client.get("/officials/lloyd-austin").text
    page = text_of(html)
    assert "two years were not enough" in page
    assert "al-Abbassi" in page and "Agence France-Presse" in page
    assert "Mentioned by a source" in page and "not a source the article quotes" in page
    assert '<p class="kicker">Source</p>' not in html
    assert 'href="/officials/thabet-al-abbassi"' in html


def test_source_page_has_every_passage_addressable_and_kinds_told_apart(
    client: TestClient, article: str
) -> None:
    html = client.get("/source").text
    ids = collect(html).ids
    assert {f"p-{n}" for n in range(1, 24)} <= ids
    assert html.count('class="passage passage-body"') == 15
    page = text_of(html)
    assert "Photo caption" in page and "About the author" in page
    assert "Page furniture, not part of the article" in page


def test_each_passage_lists_the_facts_citing_it(client: TestClient) -> None:
    html = client.get("/source").text
    passage_6 = html[html.index('id="p-6"') : html.index('id="p-7"')]
    assert 'href="/facts/troop-numbers-not-disclosed"' in passage_6
    assert 'href="/facts/phase-1-concludes-mission"' in passage_6


def test_fact_page_marks_the_quote_inside_its_passage(client: TestClient) -> None:
    html = client.get("/facts/austin-two-years-not-enough").text
    assert "<mark>He also said U.S. Defense Secretary Lloyd Austin" in html
    assert 'href="/source#p-12:~:text=' in html
    assert "Passed on by another person" in html and "Quoted in part" in html


@pytest.mark.parametrize(
    "path", ["/phases/3", "/regions/mosul", "/officials/nobody", "/facts/nope", "/no/such/page"]
)
def test_unknown_pages_get_a_helpful_html_404(client: TestClient, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 404
    assert response.headers["content-type"].startswith("text/html")
    assert "Where to go instead" in response.text
    assert "Traceback" not in response.text


def nav_links(html: str, label: str) -> list[tuple[str, bool]]:
    """(href, is it marked current) for each link of the <nav> with this aria-label."""
    start = html.index(f'aria-label="{label}"')
    block = html[start : html.index("</nav>", start)]
    return [
        (href, current == " aria-current")
        for href, current in re.findall(r'<a href="([^"]+)"( aria-current)?', block)
    ]


def test_the_header_leads_to_six_places_at_most_in_the_reading_order(client: TestClient) -> None:
    served = {page.path for page in client.app.state.site.pages}  # type: ignore[attr-defined]
    header = [href for href, _ in nav_links(client.get("/").text, "Main")]
    assert header == [path for path in HEADER_NAV if path in served]
    assert len(HEADER_NAV) <= 6
    assert {"/", "/phases", "/officials", "/source", "/search"} <= set(header)


@pytest.mark.parametrize("path", ["/", "/numbers", "/facts/not-withdrawing", "/no-such-page"])
def test_every_list_page_is_reached_from_the_header_or_the_footer(
    client: TestClient, path: str
) -> None:
    html = client.get(path).text
    footer = collect(html[html.index("<footer") :]).links
    reached = {href for href, _ in nav_links(html, "Main")} | set(footer)
    lists = {page.url() for page in registry.PAGES if not page.keyed}
    assert lists <= reached


@pytest.mark.parametrize(
    ("path", "nav", "current"),
    [
        ("/phases/1", "Main", "/phases"),
        ("/officials", "Main", "/officials"),
        ("/numbers", "More pages", "/numbers"),
        ("/facts/not-withdrawing", "More pages", "/facts"),
    ],
)
def test_the_nav_marks_the_section_being_read(
    client: TestClient, path: str, nav: str, current: str
) -> None:
    html = client.get(path).text
    marked = [href for label in ("Main", "More pages") for href, on in nav_links(html, label) if on]
    assert marked == [current]
    assert (current, True) in nav_links(html, nav)


def passage_html(html: str, passage_id: str) -> str:
    start = html.index(f'id="{passage_id}"')
    return html[start : html.index("</li>\n", start)]


def test_the_article_page_marks_each_quote_without_changing_a_character(
    client: TestClient,
) -> None:
    html = client.get("/source").text
    for passage in client.get("/source.json").json():
        item = passage_html(html, passage["id"])
        shown = re.search(r'<p class="passage-text">(.*?)</p>', item, re.S)
        assert shown, passage["id"]
        marks = dict(re.findall(r'<mark id="([^"]+)">(.*?)</mark>', shown.group(1)))
        unwrapped = re.sub(r'<mark id="[^"]+">|</mark>', "", shown.group(1))
        assert unescape(unwrapped) == passage["text"], passage["id"]
        assert "<" not in unwrapped
        for fact in passage["facts"]:
            quote = client.get(f"/api/facts/{fact['id']}").json()["quote"]
            assert quote in unescape(marks[f"{passage['id']}-m{fact['mark']}"]), fact["id"]
            assert f'href="#{passage["id"]}-m{fact["mark"]}"' in item


def test_page_furniture_is_folded_into_one_line_after_the_article(client: TestClient) -> None:
    html = client.get("/source").text
    clutter = [p for p in client.get("/source.json").json() if p["kind"] == "clutter"]
    folded = html[html.index('<details class="furniture">') : html.index("</details>")]
    summary = re.search(r"<summary>(.*?)</summary>", folded)
    assert summary and f"{len(clutter)} lines" in summary.group(1)
    assert all(f'id="{passage["id"]}"' in folded for passage in clutter)
    assert html.index('id="p-2"') < html.index('id="p-1"')


def test_links_are_numbered_once_per_address_for_print() -> None:
    html = (
        '<a href="/source#p-6:~:text=The%20first">Source</a> <a href="#p-6">here</a>'
        ' <a class="cite" href="/source#p-6:~:text=end">[2]</a> <a href="/facts?a=1&amp;b=2">x</a>'
        '<svg><a href="/phases/1"><text>Phase 1</text></a></svg>'
    )
    numbered, addresses = number_links(html, "https://example.org")
    assert addresses == ["https://example.org/source#p-6", "https://example.org/facts?a=1&b=2"]
    assert re.findall(r'data-ref="(\d)"', numbered) == ["1", "1", "2"]
    assert '<a href="#p-6">' in numbered and '<svg><a href="/phases/1">' in numbered


@pytest.mark.parametrize("path", ["/", "/facts", "/phases/1", "/no-such-page"])
def test_every_page_lists_its_link_addresses_for_print(client: TestClient, path: str) -> None:
    html = client.get(path).text
    main = html[html.index("<main") : html.index("</main>")]
    refs = re.findall(r'<a data-ref="(\d+)" [^>]*?href="([^"]+)"', main)
    listed = re.findall(r"<li>([^<]+)</li>", html[html.index('class="print-links"') :])
    assert refs and len(listed) == len({number for number, _ in refs})
    for number, href in refs:
        address = unescape(href).split(":~:")[0]
        assert listed[int(number) - 1] == f"http://127.0.0.1:8000{address}"
