"""In Debian's Chromium: a reader follows a fact's source link and lands on the right passage."""

import json
import re
import urllib.request

import pytest
from playwright.sync_api import Browser, Locator, Page, expect

pytestmark = pytest.mark.browser

# With a text fragment, Chromium targets the element holding the matched text, not the
# passage; the page highlights the passage either way.
TARGETED_PASSAGE = ".passage:target, .passage:has(:target)"


def fact_json(live_server: str, fact_id: str) -> dict[str, str]:
    with urllib.request.urlopen(f"{live_server}/api/facts/{fact_id}") as response:
        return dict(json.load(response))


def _open_footnote_and_follow(page: Page, marker: Locator) -> str:
    """Open a footnote marker's popover and follow its passage link; return the fact id."""
    note_id = str(marker.get_attribute("popovertarget"))
    marker.click()
    note = page.locator(f"[id='{note_id}']")
    expect(note).to_be_visible()
    note.get_by_role("link", name=re.compile(r"^Passage \d+, words highlighted$")).click()
    return note_id.removeprefix("fn-")


def test_following_a_footnote_lands_on_its_passage(page: Page, live_server: str) -> None:
    page.goto(live_server + "/")
    fact_id = _open_footnote_and_follow(page, page.locator(".answer .fn button").first)
    fact = fact_json(live_server, fact_id)
    # The text fragment is consumed by the browser; the passage id stays in the address.
    expect(page).to_have_url(f"{live_server}/source#{fact['passage_id']}")
    passage = page.locator(TARGETED_PASSAGE)
    expect(passage).to_have_id(fact["passage_id"])
    expect(passage.locator(".passage-text")).to_contain_text(fact["quote"])
    assert passage.evaluate("el => getComputedStyle(el).backgroundColor") != "rgba(0, 0, 0, 0)"


def test_every_known_fact_on_the_overview_lands_on_its_quote(page: Page, live_server: str) -> None:
    page.goto(live_server + "/")
    fact_ids = page.locator(".know li").evaluate_all("items => items.map(li => li.id)")
    assert len(fact_ids) >= 5
    for fact_id in fact_ids:
        page.goto(live_server + "/")
        marker = page.locator(f"[id='{fact_id}'] .fn button[popovertarget='fn-{fact_id}']")
        assert _open_footnote_and_follow(page, marker) == fact_id
        fact = fact_json(live_server, fact_id)
        passage = page.locator(TARGETED_PASSAGE)
        expect(passage).to_have_id(fact["passage_id"])
        expect(passage.locator(".passage-text")).to_contain_text(fact["quote"])


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("width", [390, 1280])
def test_footnotes_open_and_land_at_both_widths_without_javascript(
    browser: Browser, live_server: str, width: int, scheme: str
) -> None:
    context = browser.new_context(
        viewport={"width": width, "height": 844}, color_scheme=scheme, java_script_enabled=False
    )
    page = context.new_page()
    for path in ("/", "/questions/what-came-before"):
        page.goto(live_server + path)
        marker = page.locator(".answer .fn button").nth(1)
        note_id = str(marker.get_attribute("popovertarget"))
        fact = fact_json(live_server, note_id.removeprefix("fn-"))
        marker.click()
        note = page.locator(f"[id='{note_id}']")
        expect(note).to_be_visible()
        expect(note.locator(".quote")).to_have_text(fact["quote"])
        box = note.bounding_box()
        assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= width
        note.get_by_role("link", name=re.compile(r"^Passage \d+, words highlighted$")).click()
        passage = page.locator(TARGETED_PASSAGE)
        expect(passage).to_have_id(fact["passage_id"])
        expect(passage.locator(".passage-text")).to_contain_text(fact["quote"])
    context.close()


def test_a_phone_reader_meets_the_three_lines_and_first_questions_early(
    browser: Browser, live_server: str
) -> None:
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.goto(live_server + "/")
    first_line = page.locator(".top-lines > li").first.bounding_box()
    first_question = page.locator(".questions .qa h3").first.bounding_box()
    assert first_line is not None and first_question is not None
    assert first_line["y"] < 844 / 2  # the top lines start on the first screen
    # The three lines and the first question all within a screen and a half.
    assert first_question["y"] + first_question["height"] < 1.5 * 844
    context.close()


def test_fact_page_shows_the_quote_marked_in_its_passage(page: Page, live_server: str) -> None:
    page.goto(live_server + "/facts/sudani-no-need-for-coalition")
    expect(page.locator("mark")).to_have_text("There is no need for a coalition.")
    page.get_by_role("link", name="Read passage 13 in the article").click()
    expect(page.locator(TARGETED_PASSAGE)).to_have_id("p-13")


def test_copy_link_buttons_copy_the_permalink(page: Page, live_server: str) -> None:
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=live_server)
    page.goto(live_server + "/facts/sudani-no-need-for-coalition")
    button = page.get_by_role("button", name="Copy link to this fact").first
    button.click()
    expect(button).to_have_text("Copied")
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied == f"{live_server}/facts/sudani-no-need-for-coalition"


def test_pages_work_without_javascript(browser: object, live_server: str) -> None:
    context = browser.new_context(java_script_enabled=False)  # type: ignore[attr-defined]
    page = context.new_page()
    page.goto(live_server + "/source#p-6")
    expect(page.locator(".passage:target")).to_have_id("p-6")
    expect(page.get_by_role("button", name="Copy link")).to_have_count(0)
    expect(page.get_by_role("link", name="Passage 6", exact=True)).to_be_visible()
    context.close()
