"""In Debian's Chromium: a reader follows a fact's source link and lands on the right passage."""

import json
import urllib.request

import pytest
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.browser

# With a text fragment, Chromium targets the element holding the matched text, not the
# passage; the page highlights the passage either way.
TARGETED_PASSAGE = ".passage:target, .passage:has(:target)"


def fact_json(live_server: str, fact_id: str) -> dict[str, str]:
    with urllib.request.urlopen(f"{live_server}/api/facts/{fact_id}") as response:
        return dict(json.load(response))


def test_following_a_fact_source_link_lands_on_its_passage(page: Page, live_server: str) -> None:
    page.goto(live_server + "/")
    first = page.locator(".brief > li").first
    fact = fact_json(live_server, str(first.get_attribute("id")))
    first.get_by_role("link", name="Source: passage").click()
    # The text fragment is consumed by the browser; the passage id stays in the address.
    expect(page).to_have_url(f"{live_server}/source#{fact['passage_id']}")
    passage = page.locator(TARGETED_PASSAGE)
    expect(passage).to_have_id(fact["passage_id"])
    expect(passage.locator(".passage-text")).to_contain_text(fact["quote"])
    assert passage.evaluate("el => getComputedStyle(el).backgroundColor") != "rgba(0, 0, 0, 0)"


def test_every_summary_fact_on_the_overview_lands_on_its_quote(
    page: Page, live_server: str
) -> None:
    page.goto(live_server + "/")
    fact_ids = page.locator(".brief > li").evaluate_all("items => items.map(li => li.id)")
    assert len(fact_ids) >= 5
    for fact_id in fact_ids:
        page.goto(live_server + "/")
        page.locator(f"[id='{fact_id}']").get_by_role("link", name="Source: passage").click()
        fact = fact_json(live_server, fact_id)
        passage = page.locator(TARGETED_PASSAGE)
        expect(passage).to_have_id(fact["passage_id"])
        expect(passage.locator(".passage-text")).to_contain_text(fact["quote"])


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
