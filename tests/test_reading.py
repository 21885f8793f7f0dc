"""The reading layer in Debian's Chromium: a header that fits two rows on a phone, the article
annotated with the facts that cite it, and pages that print without their controls."""

import json
import urllib.request
from typing import Any

import pytest
from helpers import FIRST_FACT, SCHEMES, Scheme, first_fact, resolve
from playwright.sync_api import Browser, Page, expect

from app.pages.registry import HEADER_NAV

pytestmark = pytest.mark.browser

WIDTHS = [390, 1280]


def header_items(page: Page) -> list[dict[str, float]]:
    return list(
        page.locator(".site-header nav li").evaluate_all(
            "items => items.map(li => { const box = li.getBoundingClientRect();"
            " return {top: li.offsetTop, left: box.left, right: box.right, bottom: box.bottom}; })"
        )
    )


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("width", WIDTHS)
def test_the_header_shows_every_destination_in_one_row_or_two_on_a_phone(
    browser: Browser, live_server: str, width: int, scheme: Scheme
) -> None:
    """Six whole labels do not fit one row at 390 px: there, two rows of three, in order."""
    context = browser.new_context(viewport={"width": width, "height": 800}, color_scheme=scheme)
    page = context.new_page()
    page.goto(live_server + "/officials/lloyd-austin")
    current = page.locator(".site-header nav a[aria-current='page']")
    expect(current).to_have_text("Who said what")
    hrefs = page.locator(".site-header nav a").evaluate_all("links => links.map(a => a.pathname)")
    assert hrefs == list(HEADER_NAV) and len(hrefs) <= 6  # every destination, served
    items = header_items(page)
    rows = sorted({item["top"] for item in items})
    assert len(rows) == (1 if width > 640 else 2)
    for row in rows:  # left to right within a row, rows top to bottom: the list's own order
        lined = [item for item in items if item["top"] == row]
        assert all(a["right"] <= b["left"] for a, b in zip(lined, lined[1:], strict=False))
    assert [item["top"] for item in items] == sorted(item["top"] for item in items)
    assert all(0 <= item["left"] and item["right"] <= width for item in items)
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    context.close()


ALIGNED = [
    "/",
    "/questions",
    "/source",
    FIRST_FACT,
    "/officials",
    "/framings",
]


@pytest.mark.parametrize("width", WIDTHS)
def test_header_and_content_share_one_left_edge(
    browser: Browser, live_server: str, width: int
) -> None:
    """The header's first link and the content's first heading start at the same place."""
    context = browser.new_context(viewport={"width": width, "height": 800})
    page = context.new_page()
    edges = {}
    for path in ALIGNED:
        page.goto(live_server + resolve(live_server, path))
        edges[path] = page.evaluate(
            "() => ['.site-header a', '.site-header nav a', 'main h1']"
            ".map(s => Math.round(document.querySelector(s).getBoundingClientRect().left))"
        )
    assert all(len(set(left)) == 1 for left in edges.values()), edges
    assert len({left[0] for left in edges.values()}) == 1, edges  # the same on every page
    context.close()


def passages_json(live_server: str) -> list[dict[str, Any]]:
    with urllib.request.urlopen(f"{live_server}/source.json") as response:
        return list(json.load(response))


def test_every_fact_source_link_lands_on_its_marked_words(page: Page, live_server: str) -> None:
    """Marks split the passage's text, yet each text fragment still finds the quote, there."""
    landed = []
    for passage in passages_json(live_server):
        for fact in passage["facts"]:
            with urllib.request.urlopen(f"{live_server}/facts/{fact['id']}.json") as response:
                full = json.load(response)
            page.goto(live_server + full["fragment_url"])
            target = page.locator(":target")
            expect(target).to_have_id(f"{passage['id']}-m{fact['mark']}")
            assert full["quote"] in target.inner_text()
            landed.append(fact["id"])
    assert len(landed) >= 40


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("width", WIDTHS)
def test_the_citing_facts_sit_beside_the_passage_when_there_is_room(
    browser: Browser, live_server: str, width: int, scheme: Scheme
) -> None:
    context = browser.new_context(viewport={"width": width, "height": 800}, color_scheme=scheme)
    page = context.new_page()
    page.goto(live_server + "/source")
    text = page.locator("#p-6 .passage-text").bounding_box()
    cited = page.locator("#p-6 .cited-by").bounding_box()
    assert text and cited
    if width >= 1100:  # in the margin, level with the passage
        assert cited["x"] >= text["x"] + text["width"]
        assert abs(cited["y"] - text["y"]) < text["height"]
    else:  # below it
        assert cited["y"] >= text["y"] + text["height"]
    marks = page.locator("#p-6 mark")
    # Overlapping quotes share one mark, so the count is the twin's, not the facts'.
    (passage,) = [
        p for p in page.request.get(live_server + "/source.json").json() if p["id"] == "p-6"
    ]
    expect(marks).to_have_count(len(passage["marks"]))
    assert len(passage["marks"]) < len(passage["facts"])
    background = marks.first.evaluate("el => getComputedStyle(el).backgroundImage")
    assert background != "none"
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    context.close()


def test_page_furniture_is_one_folded_line_that_opens_for_its_link(
    page: Page, live_server: str
) -> None:
    page.goto(live_server + "/source")
    first = page.locator(".passage").first
    expect(first).to_have_id("p-2")
    furniture = page.locator("details.furniture")
    expect(furniture.locator("summary")).to_be_visible()
    expect(page.locator("#p-1")).to_be_hidden()
    page.goto(live_server + "/source#p-22")
    expect(page.locator("#p-22")).to_be_visible()
    assert furniture.evaluate("el => el.open")


PRINTED = ["/phases/1", FIRST_FACT, "/source", "/search?q=withdraw"]


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("path", PRINTED)
def test_a_printed_page_drops_its_controls_and_numbers_its_links(
    browser: Browser, live_server: str, path: str, scheme: Scheme
) -> None:
    context = browser.new_context(color_scheme=scheme)
    page = context.new_page()
    page.goto(live_server + resolve(live_server, path))
    expect(page.locator(".site-header nav")).to_be_visible()
    expect(page.locator(".print-links")).to_be_hidden()
    page.emulate_media(media="print", color_scheme=scheme)
    # Footnote markers print as their numbers; every other button is a control and goes.
    for controls in (".skip", ".site-header nav", ".more", "button:not(sup.fn > button)", "input"):
        hidden = page.locator(controls).evaluate_all("els => els.every(e => !e.checkVisibility())")
        assert hidden, controls
    links = page.locator("a[href]").evaluate_all(
        "links => links.map(a => ({ref: a.dataset.ref || '', after: getComputedStyle(a, '::after')"
        ".content, address: a.href.split(':~:')[0].replace(/#$/, '')}))"
    )
    listed = page.locator(".print-links li").all_inner_texts()
    origin = page.evaluate(
        "new URL(document.querySelector('meta[property=\"og:image\"]').content).origin"
    )
    expect(page.locator(".print-links")).to_be_visible()
    numbered = [link for link in links if link["ref"]]
    assert numbered and len(listed) == len({link["address"] for link in numbered})
    for link in links:
        assert "/" not in link["after"] and "http" not in link["after"], link
    for link in numbered:
        assert link["after"] == f'"[{link["ref"]}]"'
        # Printed at the site's public address (SITE_URL), not the test server's.
        assert listed[int(link["ref"]) - 1] == link["address"].replace(live_server, origin)
    colours = page.evaluate(
        "[getComputedStyle(document.body).color, getComputedStyle(document.body).backgroundColor]"
    )
    assert colours == ["rgb(0, 0, 0)", "rgb(255, 255, 255)"]
    assert page.pdf().startswith(b"%PDF-")
    context.close()


@pytest.mark.parametrize("width", WIDTHS)
def test_a_fact_page_reads_for_people_and_folds_the_researchers_layer(
    browser: Browser, live_server: str, width: int
) -> None:
    """Labels sit over their values on a phone; the annotation and offsets wait behind a tap."""
    context = browser.new_context(viewport={"width": width, "height": 800})
    page = context.new_page()
    fact = first_fact(live_server)
    page.goto(live_server + f"/facts/{fact['id']}")
    expect(page.locator(".said .quote")).to_be_visible()
    expect(page.get_by_role("link", name=fact["speaker"]["name"], exact=True).first).to_be_visible()
    rows = page.locator(".keyfacts dt").evaluate_all(
        "dts => dts.map(dt => [dt.getBoundingClientRect().toJSON(),"
        " dt.nextElementSibling.getBoundingClientRect().toJSON()])"
    )
    content = page.locator("main h1").bounding_box()
    assert rows and content
    for label, value in rows:
        if width < 640:  # stacked: the value starts under its label and has the full width
            assert value["left"] == label["left"] and value["top"] >= label["bottom"] - 1
            assert value["width"] >= content["width"] - 1
        else:  # side by side
            assert value["left"] > label["right"] and abs(value["top"] - label["top"]) < 2
    researchers = page.locator("details.researchers")
    expect(researchers.locator(".annotation")).to_be_hidden()
    expect(researchers.locator("#citation")).to_be_hidden()
    researchers.locator("summary").click()
    expect(researchers.locator(".annotation")).to_be_visible()
    expect(researchers).to_contain_text("Characters")
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    context.close()
