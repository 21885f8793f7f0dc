"""Pages for people: each shows its key facts, and every fact link lands on its passage."""

import re
from html import unescape

import pytest
from fastapi.testclient import TestClient
from helpers import SITE, app_of, collect

from app.data.fragments import decode, matches
from app.pages import registry
from app.pages.registry import HEADER_NAV
from app.web.printing import number_links

# Every list page; each item page of the kinds a reader moves between is added from the data
# (item_pages), so an editorial retirement of a fact or a speaker never turns these red.
PAGES = ["/", "/phases", "/regions", "/officials", "/facts", "/source"]
ITEM_LISTS = ("/phases.json", "/regions.json", "/officials.json")


FIRST_FACT = "/facts/(the first fact)"  # a fact page, whichever fact the seed lists first


def first_fact(client: TestClient) -> str:
    return str(client.get("/facts.json").json()[0]["url"]).removeprefix(SITE)


def item_pages(client: TestClient) -> list[str]:
    """Every phase, region and official page, and the first fact's page, as the data lists them."""
    paths = [item["url"] for twin in ITEM_LISTS for item in client.get(twin).json()]
    return [*(path.removeprefix(SITE) for path in paths), first_fact(client)]


def text_of(html: str) -> str:
    """The page's visible words, tags dropped and whitespace collapsed."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


@pytest.mark.parametrize("kind", [*PAGES, "items"])
def test_page_renders_with_a_title_and_one_h1(client: TestClient, kind: str) -> None:
    for path in item_pages(client) if kind == "items" else [kind]:
        response = client.get(path)
        assert response.status_code == 200, path
        assert response.headers["content-type"].startswith("text/html"), path
        assert response.text.count("<h1") == 1, path
        assert re.search(r"<title>[^<]+ · Iraq Transition Explainer</title>", response.text), path


@pytest.mark.parametrize("kind", [*PAGES, "items"])
def test_every_source_link_lands_on_a_passage_with_its_quote(client: TestClient, kind: str) -> None:
    for path in item_pages(client) if kind == "items" else [kind]:
        source_links_land(client, path)


def source_links_land(client: TestClient, path: str) -> None:
    """Each fact link on the page names a fact quoting its passage; each passage link lands."""
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


def test_officials_page_lists_each_person_with_a_role_and_their_key_quote(
    client: TestClient,
) -> None:
    html = client.get("/officials").text
    people = [s for s in client.get("/officials.json").json() if s["standing"] != "article"]
    assert people
    for speaker in people:
        heading = f'href="{speaker["url"]}">{speaker["name"]}</a></h3>'
        item = html[html.index(heading) :].split("</li>")[0]
        (key,) = [f for f in speaker["statements"] if f["id"] == speaker["key_fact"]]
        assert speaker["role"] in unescape(item)
        assert f"<p>{key['quote']}</p>" in unescape(item)  # the article's exact words
        assert f'href="{key["fragment_url"]}"' in item.replace("&amp;", "&")
        assert ("not named" in item) == (not speaker["named"])
    assert 'class="keyfacts"' not in html  # a list of people, not a form


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
    served = {page.path for page in app_of(client).state.site.pages}
    header = [href for href, _ in nav_links(client.get("/").text, "Main")]
    assert header == [path for path in HEADER_NAV if path in served]
    assert len(HEADER_NAV) <= 6
    assert {"/", "/phases", "/officials", "/source", "/search"} <= set(header)


@pytest.mark.parametrize("path", ["/", "/numbers", FIRST_FACT, "/no-such-page"])
def test_every_list_page_is_reached_from_the_header_or_the_footer(
    client: TestClient, path: str
) -> None:
    html = client.get(first_fact(client) if path == FIRST_FACT else path).text
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
        (FIRST_FACT, "More pages", "/facts"),
    ],
)
def test_the_nav_marks_the_section_being_read(
    client: TestClient, path: str, nav: str, current: str
) -> None:
    html = client.get(first_fact(client) if path == FIRST_FACT else path).text
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
