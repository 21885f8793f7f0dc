"""Links a thumb can hit: on a 390 px phone each navigation label sits on one line, every nav and
footer link is at least 24 x 24 px (44 where it fits: the header's and the footer's link lists),
and so is every footnote marker. Measured in Chromium, on every kind of page."""

import pytest
from playwright.sync_api import Browser

# Each target's size, and for a nav link how many lines its label takes.
TARGETS = """() => {
  const visible = e => e.getClientRects().length > 0 && getComputedStyle(e).visibility !== 'hidden';
  const size = (e, kind) => {
    const r = e.getBoundingClientRect(), range = document.createRange();
    range.selectNodeContents(e);
    const lines = new Set([...range.getClientRects()].map(l => Math.round(l.top))).size;
    return {kind, text: e.textContent.trim().slice(0, 30), width: r.width, height: r.height, lines};
  };
  const pick = (selector, kind) =>
    [...document.querySelectorAll(selector)].filter(visible).map(e => size(e, kind));
  return [
    ...pick('.site-header .nav a', 'nav'), ...pick('.site-footer .more a', 'more'),
    ...pick('.brand', 'link'), ...pick('.site-footer p a', 'link'),
    ...pick('sup.fn button', 'link'),
  ];
}"""
LEAST = {"nav": 44, "more": 44, "link": 24}


@pytest.mark.browser
@pytest.mark.parametrize("width", [390, 1280])
def test_nav_labels_take_one_line_and_every_target_is_big_enough(
    browser: Browser, live_server: str, sample_pages: list[str], width: int
) -> None:
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    small, wrapped, kinds = [], [], set()
    for path in sample_pages:
        page.goto(live_server + path)
        for target in page.evaluate(TARGETS):
            kinds.add(target["kind"])
            least = LEAST[target["kind"]]
            if target["width"] < least - 0.5 or target["height"] < least - 0.5:
                small.append((path, target))
            if target["kind"] == "nav" and target["lines"] != 1:
                wrapped.append((path, target))
    context.close()
    assert kinds == set(LEAST)  # the nav, the footer's list and the plain links were all seen
    assert small == []
    assert wrapped == []
