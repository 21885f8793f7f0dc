"""Valid HTML (Nu Html Checker), WCAG 2.2 AA (axe-core in Chromium), layout, keyboard, weight."""

import re
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from fastapi.testclient import TestClient
from helpers import (
    ONE_ROUND_TRIP,
    SCHEMES,
    SCREEN_CSS,
    Scheme,
    every_page,
    page_weight,
    vnu_errors,
)
from playwright.sync_api import Browser, Page

from app.config import PROJECT_ROOT

ARTIFACTS = PROJECT_ROOT / "test-artifacts" / "screenshots"
AXE_OPTIONS = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]},
    "resultTypes": ["violations"],
}
# The WCAG AA rules whose outcome a colour scheme can change.
COLOUR_RULES = {
    "runOnly": {"type": "rule", "values": ["color-contrast", "link-in-text-block"]},
    "resultTypes": ["violations"],
}


def test_every_page_is_valid_html(client: TestClient, tmp_path: Path) -> None:
    """Every page of both editions, searches and the unknown address's page in each."""
    paths = [*every_page(client), "/search?q=withdraw", "/search?q=%3Cb%3E", "/no-such-page"]
    paths += ["/ar/search?q=انسحاب", "/ar/search?q=%3Cb%3E", "/ar/no-such-page"]
    assert vnu_errors(client, paths, tmp_path) == []


def test_every_page_fits_in_one_round_trip(client: TestClient) -> None:
    """A page and every stylesheet it needs on screen, gzipped, fit the first round trip, in
    either edition."""
    for path in every_page(client):
        weight = page_weight(client, path)
        assert weight <= ONE_ROUND_TRIP, (path, weight)


def test_print_styles_cost_the_screen_nothing(client: TestClient) -> None:
    html = client.get("/").text
    (printed,) = re.findall(r'<link rel="stylesheet" href="([^"]+)" media="print">', html)
    assert "@media print" in client.get(printed).text
    assert "@media print" not in client.get(SCREEN_CSS.findall(html)[0]).text


def test_no_inline_scripts_or_styles(client: TestClient) -> None:
    for path in every_page(client):
        html = client.get(path).text
        assert "<style" not in html and " style=" not in html, path
        scripts = html.count("<script")
        assert scripts == html.count('<script src="/static/') + html.count(
            '<script type="application/ld+json">'
        ), path


@pytest.mark.browser
@pytest.mark.parametrize("scheme", SCHEMES)
def test_axe_finds_no_wcag_violations(
    browser: Browser, live_server: str, sample_pages: list[str], scheme: Scheme
) -> None:
    """Every WCAG 2.2 AA rule in the light scheme; in the dark one, the rules colours decide
    (the schemes differ only in colours: the rest would find the same twice)."""
    context = browser.new_context(color_scheme=scheme)
    page = context.new_page()
    axe = Axe()
    options = AXE_OPTIONS if scheme == "light" else COLOUR_RULES
    found = {}
    for path in sample_pages:
        page.goto(live_server + path)
        result = axe.run(page, options=options)
        if result.violations_count:
            found[path] = result.generate_snapshot()
    context.close()
    assert found == {}


@pytest.mark.browser
@pytest.mark.parametrize("width", [1280, 390])
def test_pages_render_cleanly_at_desktop_and_phone_widths(
    browser: Browser, live_server: str, sample_pages: list[str], width: int
) -> None:
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    current = {"path": ""}
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(f"{current['path']}: {error}"))
    page.on(
        "console",
        lambda m: errors.append(f"{current['path']}: {m.text}") if m.type == "error" else None,
    )
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    for path in sample_pages:
        current["path"] = path
        response = page.goto(live_server + path)
        assert response is not None
        if response.status == 404:  # the 404 page's own status is reported as a console error
            errors = [e for e in errors if not e.startswith(f"{path}: Failed to load resource")]
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, (path, overflow)
        name = path.strip("/").replace("/", "_").replace("?", "_").replace("=", "-") or "index"
        page.screenshot(path=ARTIFACTS / f"{name}-{width}.png", full_page=True)
    context.close()
    assert errors == []


@pytest.mark.browser
def test_keyboard_reaches_every_link_in_order_with_a_visible_focus_ring(
    page: Page, live_server: str
) -> None:
    page.goto(live_server + "/phases/1")
    expected = page.evaluate(
        "[...document.querySelectorAll('a[href], button, input')].filter(e => e.offsetParent"
        " !== null || e.getClientRects().length).length"
    )
    seen = []
    for _ in range(expected):
        page.keyboard.press("Tab")
        seen.append(
            page.evaluate("""() => {
            const el = document.activeElement, style = getComputedStyle(el);
            return {tag: el.tagName, text: el.textContent.trim().slice(0, 40),
                    ring: style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2};
        }""")
        )
    assert seen[0]["text"] == "Skip to content"
    assert all(item["ring"] for item in seen), [i for i in seen if not i["ring"]][:3]
    # Closed popovers (footnotes) hold links a reader reaches only by opening them.
    order = page.evaluate(
        "[...document.querySelectorAll('a[href], button, input')].filter(e => e.offsetParent"
        " !== null || e.getClientRects().length).map(e => e.textContent.trim().slice(0, 40))"
    )
    assert [item["text"] for item in seen] == order[: len(seen)]


@pytest.mark.browser
def test_dark_mode_switches_colours(browser: Browser, live_server: str) -> None:
    colours = {}
    for scheme in ("light", "dark"):
        context = browser.new_context(color_scheme=scheme)
        page = context.new_page()
        page.goto(live_server + "/")
        colours[scheme] = page.evaluate("getComputedStyle(document.body).backgroundColor")
        context.close()
    assert colours["light"] != colours["dark"]
