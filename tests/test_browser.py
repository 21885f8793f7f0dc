"""In Debian's Chromium: a reader follows a fact's source link and lands on the right passage."""

import json
import re
import urllib.request

import pytest
from helpers import SCHEMES, Scheme, first_fact
from playwright.sync_api import Browser, Locator, Page, expect

pytestmark = pytest.mark.browser

# With a text fragment, Chromium targets the element holding the matched text, not the
# passage; the page highlights the passage either way.
TARGETED_PASSAGE = ".passage:target, .passage:has(:target)"


def fact_json(live_server: str, fact_id: str) -> dict[str, str]:
    with urllib.request.urlopen(f"{live_server}/api/facts/{fact_id}") as response:
        return dict(json.load(response))


def _open_footnote_and_follow(page: Page, marker: Locator) -> str:
    """Open a footnote marker's popover and follow its first passage link; return the fact id
    of that quote."""
    note = page.locator(f"[id='{marker.get_attribute('popovertarget')}']")
    marker.click()
    expect(note).to_be_visible()
    first = note.locator(".fn-quotes li").first
    fact_id = str(first.get_by_role("link", name="The fact").get_attribute("href")).split("/")[-1]
    first.get_by_role("link", name=re.compile(r"^Passage \d+, words highlighted$")).click()
    return fact_id


def _lands_on(page: Page, fact: dict[str, str]) -> None:
    passage = page.locator(TARGETED_PASSAGE)
    expect(passage).to_have_id(fact["passage_id"])
    expect(passage.locator(".passage-text")).to_contain_text(fact["quote"])


def test_following_a_footnote_lands_on_its_passage(page: Page, live_server: str) -> None:
    page.goto(live_server + "/")
    fact_id = _open_footnote_and_follow(page, page.locator(".short-answer .fn button").first)
    fact = fact_json(live_server, fact_id)
    # The text fragment is consumed by the browser; the passage id stays in the address.
    expect(page).to_have_url(f"{live_server}/source#{fact['passage_id']}")
    _lands_on(page, fact)
    passage = page.locator(TARGETED_PASSAGE)
    assert passage.evaluate("el => getComputedStyle(el).backgroundColor") != "rgba(0, 0, 0, 0)"


def test_every_footnote_on_the_overview_lands_on_its_quote(page: Page, live_server: str) -> None:
    page.goto(live_server + "/")
    count = page.locator("main sup.fn button:visible").count()
    assert count >= 10
    for n in range(count):
        page.goto(live_server + "/")
        fact_id = _open_footnote_and_follow(page, page.locator("main sup.fn button:visible").nth(n))
        _lands_on(page, fact_json(live_server, fact_id))


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("width", [390, 1280])
def test_footnotes_open_beside_their_marker_without_javascript_or_dimming(
    browser: Browser, live_server: str, width: int, scheme: Scheme
) -> None:
    context = browser.new_context(
        viewport={"width": width, "height": 844}, color_scheme=scheme, java_script_enabled=False
    )
    page = context.new_page()
    for path, marked in (("/", ".lead"), ("/questions/what-came-before", ".answer")):
        page.goto(live_server + path)
        marker = page.locator(f"{marked} .fn button").last
        note = page.locator(f"[id='{marker.get_attribute('popovertarget')}']")
        marker.click()
        expect(note).to_be_visible()
        mark, box = marker.bounding_box(), note.bounding_box()
        assert mark is not None and box is not None
        assert box["x"] >= 0 and box["x"] + box["width"] <= width  # inside the viewport
        below = abs(box["y"] - (mark["y"] + mark["height"])) <= 12
        above = abs(box["y"] + box["height"] - mark["y"]) <= 12
        assert below or above, (path, width, mark, box)  # beside its marker, not far off
        backdrop = note.evaluate("el => getComputedStyle(el, '::backdrop').backgroundColor")
        assert backdrop in ("rgba(0, 0, 0, 0)", "transparent")  # the page is not dimmed
        fact_id = str(note.locator(".fn-quotes li a").nth(1).get_attribute("href")).split("/")[-1]
        note.locator(".fn-quotes li").first.get_by_role(
            "link", name=re.compile(r"^Passage \d+, words highlighted$")
        ).click()
        _lands_on(page, fact_json(live_server, fact_id))
    context.close()


@pytest.mark.parametrize("width", [390, 1280])
def test_a_marker_stays_on_the_line_of_its_last_word(
    browser: Browser, live_server: str, width: int
) -> None:
    context = browser.new_context(viewport={"width": width, "height": 844})
    page = context.new_page()
    for path in ("/", "/questions", "/phases/1"):
        page.goto(live_server + path)
        broken = page.locator(".fn-end").evaluate_all(
            "ends => ends.filter(e => e.offsetParent && e.getClientRects().length > 1).length"
        )
        assert broken == 0, (path, width)
    context.close()


def test_a_phone_reader_meets_the_source_the_date_and_the_news_first(
    browser: Browser, live_server: str
) -> None:
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.goto(live_server + "/")
    for first_screen in (".source-line", ".today", ".lead"):
        box = page.locator(first_screen).bounding_box()
        assert box is not None and box["y"] + box["height"] <= 844, first_screen
    first_question = page.locator(".questions .qa h3").first.bounding_box()
    assert first_question is not None
    assert first_question["y"] + first_question["height"] < 3 * 844  # after numbers and sides
    context.close()


def test_fact_page_shows_the_quote_marked_in_its_passage(page: Page, live_server: str) -> None:
    fact = first_fact(live_server)
    page.goto(live_server + f"/facts/{fact['id']}")
    expect(page.locator("mark")).to_have_text(fact["quote"])
    number = fact["passage_id"].removeprefix("p-")
    page.get_by_role("link", name=f"Read passage {number} in the article").click()
    expect(page.locator(TARGETED_PASSAGE)).to_have_id(fact["passage_id"])


def test_copy_link_buttons_copy_the_permalink(page: Page, live_server: str) -> None:
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=live_server)
    fact = first_fact(live_server)
    page.goto(live_server + f"/facts/{fact['id']}")
    button = page.get_by_role("button", name="Copy link to this fact").first
    button.click()
    expect(button).to_have_text("Copied")
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied == f"{live_server}/facts/{fact['id']}"


def test_pages_work_without_javascript(browser: Browser, live_server: str) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(live_server + "/source#p-6")
    expect(page.locator(".passage:target")).to_have_id("p-6")
    expect(page.get_by_role("button", name="Copy link")).to_have_count(0)
    expect(page.get_by_role("link", name="Passage 6", exact=True)).to_be_visible()
    context.close()
