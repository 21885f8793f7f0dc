"""The reading layer in Debian's Chromium: a header that fits one row on a phone, the article
annotated with the facts that cite it, and pages that print without their controls."""

import pytest
from playwright.sync_api import Browser, Page, expect

from app.web.registry import HEADER_NAV

pytestmark = pytest.mark.browser

WIDTHS = [390, 1280]
SCHEMES = ["light", "dark"]


def header_items(page: Page) -> list[dict[str, float]]:
    return list(
        page.locator(".site-header nav li").evaluate_all(
            "items => items.map(li => { const box = li.getBoundingClientRect();"
            " return {top: li.offsetTop, left: box.left, right: box.right}; })"
        )
    )


def add_missing_destinations(page: Page) -> None:
    """Put every HEADER_NAV destination in the row, those whose page is not served yet too."""
    hrefs = page.locator(".site-header nav a").evaluate_all("links => links.map(a => a.pathname)")
    for position, (path, label) in enumerate(HEADER_NAV.items()):
        if path not in hrefs:
            page.evaluate(
                """([position, path, label]) => {
                    const list = document.querySelector('.site-header nav ul');
                    const item = list.firstElementChild.cloneNode(true);
                    const link = item.querySelector('a');
                    link.href = path; link.textContent = label;
                    link.removeAttribute('aria-current');
                    list.insertBefore(item, list.children[position] || null);
                }""",
                [position, path, label],
            )


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("width", WIDTHS)
def test_the_header_is_one_row_of_every_destination(
    browser: Browser, live_server: str, width: int, scheme: str
) -> None:
    context = browser.new_context(viewport={"width": width, "height": 800}, color_scheme=scheme)
    page = context.new_page()
    page.goto(live_server + "/officials/lloyd-austin")
    current = page.locator(".site-header nav a[aria-current='page']")
    expect(current).to_have_text("Who said what")
    add_missing_destinations(page)
    items = header_items(page)
    assert len(items) == len(HEADER_NAV) <= 6
    assert {item["top"] for item in items} == {items[0]["top"]}
    assert all(a["right"] <= b["left"] for a, b in zip(items, items[1:], strict=False))
    assert 0 <= items[0]["left"] and items[-1]["right"] <= width
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    context.close()
