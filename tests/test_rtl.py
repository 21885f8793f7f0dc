"""Right to left by CSS logical properties (issue 22): both editions use the same stylesheets,
which say "start" and "end", never "left" and "right", outside a named, commented exception;
in Chromium an Arabic page's footnotes open inside a phone's screen and its bars read from the
right."""

import re
from dataclasses import dataclass

import pytest
from fastapi.testclient import TestClient
from helpers import SCREEN_CSS, found
from playwright.sync_api import Browser, Page

from app.config import PROJECT_ROOT

STATIC = PROJECT_ROOT / "static"
# The rules that handle direction themselves, where a property has no logical form that does
# what the page needs; each has a comment above it in its sheet saying why.
EXCEPTIONS = {
    # SVG text-anchor's start and end swap in RTL; the map is geography and must not mirror.
    ("map.css", ".map .map-end:dir(rtl)"),
}
TOKEN = re.compile(
    r"(?P<comment>/\*.*?\*/)"
    r"|(?P<open>@[^{};]+\{)"
    r"|(?P<rule>(?P<selector>[^{}\s/][^{}/]*?)\s*\{(?P<body>[^{}]*)\})"
    r"|(?P<close>\})",
    re.S,
)
COMMENT = re.compile(r"/\*.*?\*/", re.S)
STRING = re.compile(r"\"[^\"]*\"|'[^']*'")
# left:, margin-right:, border-left-color:, border-top-right-radius:, scroll-padding-left: …
SIDED_NAME = re.compile(
    r"^(left|right"
    r"|(margin|padding|border|inset|scroll-margin|scroll-padding)-(left|right)(-[a-z]+)?"
    r"|border-(top|bottom)-(left|right)-radius)$"
)
SIDE_WORD = re.compile(r"\b(left|right)\b")  # text-align: left, float: right, to right, …
FOUR_SIDED = re.compile(r"^(margin|padding|inset|border-(width|style|color))$")
DIRECTION = re.compile(r":dir\(|\[dir\b")


@dataclass(frozen=True)
class Rule:
    """One style rule as written: its selector, its declarations, and whether a comment
    comes just before it (an exception must say why)."""

    sheet: str
    selector: str
    declarations: tuple[tuple[str, str], ...]
    commented: bool


def parse(sheet: str, css: str) -> list[Rule]:
    """The sheet's style rules, inside @media and @supports too. Refuses what it cannot read,
    so that nothing escapes the scan by being written oddly."""
    leftover = TOKEN.sub("", css).strip()
    assert not leftover, f"{sheet}: cannot read {leftover[:80]!r}"
    rules, commented = [], False
    for match in TOKEN.finditer(css):
        if match["comment"]:
            commented = True
            continue
        if match["rule"]:
            body = COMMENT.sub("", match["body"])
            parts = (part.partition(":") for part in body.split(";") if part.strip())
            declarations = tuple((name.strip(), value.strip()) for name, _, value in parts)
            rules.append(Rule(sheet, " ".join(match["selector"].split()), declarations, commented))
        commented = False
    return rules


def physical(name: str, value: str) -> bool:
    """Whether a declaration sets a left or right side, or a different value on each."""
    value = STRING.sub('""', value)
    if SIDED_NAME.match(name) or SIDE_WORD.search(value):
        return True
    values = value.split()
    if FOUR_SIDED.match(name) and len(values) == 4 and values[1] != values[3]:
        return True
    return name == "border-radius" and len(set(value.split("/")[0].split())) > 1


def problems(sheet: str, css: str) -> list[str]:
    """Each rule that sets a side outside a named exception, and each exception that is not
    named here or says nothing about why."""
    found_problems = []
    for rule in parse(sheet, css):
        if DIRECTION.search(rule.selector):
            if (sheet, rule.selector) not in EXCEPTIONS:
                found_problems.append(f"{sheet}: {rule.selector}: not a named exception")
            elif not rule.commented:
                found_problems.append(f"{sheet}: {rule.selector}: no comment says why")
            continue
        for name, value in rule.declarations:
            if physical(name, value):
                found_problems.append(f"{sheet}: {rule.selector} {{ {name}: {value} }}")
    return found_problems


def test_no_sheet_sets_a_left_or_right_outside_a_named_commented_exception() -> None:
    """A sheet written in left and right lays Arabic pages out backwards; `inline-start` is
    left in English and right in Arabic, so one sheet serves both editions."""
    sheets = sorted(STATIC.glob("*.css"))
    assert {"style.css", "map.css", "phases.css", "print.css"} <= {p.name for p in sheets}
    found_problems = []
    rules = []
    for path in sheets:
        css = path.read_text(encoding="utf-8")
        found_problems += problems(path.name, css)
        rules += parse(path.name, css)
    assert found_problems == []
    assert EXCEPTIONS <= {(rule.sheet, rule.selector) for rule in rules}  # none stale


def test_the_scan_refuses_each_way_of_naming_a_side() -> None:
    """The scan is not satisfied by a sheet that merely avoids one spelling."""
    sided = """
    .a { margin-left: 1px; }
    .b { padding: 0 1px 0 2px; }
    @media (min-width: 40rem) { .c { text-align: right; } }
    /* a comment */
    .d { position: absolute; left: 0; }
    .e { border-right-color: red; }
    .f { float: left; background: linear-gradient(to right, red, blue); }
    .g { border-radius: 4px 0; }
    /* why */
    .h:dir(rtl) { right: 0; }
    .i[dir=rtl] { margin-right: 0; }
    """
    assert len(problems("x.css", sided)) == 10
    logical = """
    .a { margin-inline-start: 1px; padding: 0 1px; inset-inline: 0 auto; }
    @supports (position-area: block-end) { .b { text-align: start; float: inline-end; } }
    .c { border-inline-end-color: red; border-radius: 4px; content: "left"; }
    """
    assert problems("x.css", logical) == []
    with pytest.raises(AssertionError, match="cannot read"):
        parse("x.css", ".a { color: red; } .b { ")


def test_both_editions_link_the_same_stylesheets(client: TestClient) -> None:
    """No sheet of its own for right to left: an Arabic page carries what its English twin
    does, and nothing more."""
    for path in ("/", "/questions", "/phases", "/phases/1", "/timeline", "/regions"):
        english = SCREEN_CSS.findall(client.get(path).text)
        arabic = SCREEN_CSS.findall(client.get("/ar" + path if path != "/" else "/ar/").text)
        assert english == arabic and english, path


def _first_question(client: TestClient) -> str:
    return found(r'href="(/ar/questions/[a-z0-9-]+)"', client.get("/ar/questions").text)[1]


@pytest.mark.browser
def test_an_arabic_footnote_opens_inside_a_phone_screen_beside_its_marker(
    browser: Browser, live_server: str, client: TestClient
) -> None:
    """On a 390 px phone every footnote of an Arabic page opens wholly on screen, just below
    or above its marker: near the foot of the screen it opens above, and where it cannot fit
    beside the marker's end it takes the width."""
    width, height = 390, 844
    context = browser.new_context(viewport={"width": width, "height": height})
    page = context.new_page()
    opened = 0
    for path in ("/ar/", _first_question(client)):
        page.goto(live_server + path)
        markers = page.locator(".fn button:visible")  # not those in closed <details>
        for index in range(markers.count()):
            marker = markers.nth(index)
            marker.click()
            note = page.locator(f"[id='{marker.get_attribute('popovertarget')}']")
            mark, box = marker.bounding_box(), note.bounding_box()
            assert mark is not None and box is not None
            where = (path, index, mark, box)
            assert box["x"] >= 0 and box["x"] + box["width"] <= width, where
            assert box["y"] >= 0 and box["y"] + box["height"] <= height, where
            below = abs(box["y"] - (mark["y"] + mark["height"])) <= 12
            above = abs(box["y"] + box["height"] - mark["y"]) <= 12
            assert below or above, where
            page.keyboard.press("Escape")
            opened += 1
    assert opened >= 4
    context.close()


BORDERS = """(el, pseudo) => { const s = getComputedStyle(el, pseudo);
  return {left: s.borderLeftWidth, right: s.borderRightWidth, rightColor: s.borderRightColor,
          insetLeft: s.left, insetRight: s.right}; }"""


def _boxes(page: Page, selector: str) -> list[dict[str, float]]:
    return page.eval_on_selector_all(
        selector,
        "els => els.map(e => { const r = e.getBoundingClientRect();"
        " return {left: r.left, right: r.right}; })",
    )


@pytest.mark.browser
@pytest.mark.parametrize("width", [390, 1280])
def test_the_arabic_phase_bar_and_timeline_read_from_the_right(
    browser: Browser, live_server: str, width: int
) -> None:
    """The bars read in the reading direction: in Arabic the phase bar's first step (the
    start) is at the right-hand end and later steps lie to its left, its onward arrow points
    left; on a phone each step's rule, and the timeline's, runs down the right-hand side."""
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    page.goto(live_server + "/ar/phases")
    steps = _boxes(page, ".tbar-step")
    assert len(steps) >= 4
    page_right = page.evaluate("document.querySelector('main').getBoundingClientRect().right")
    assert steps[0]["right"] >= page_right - 16 - 1  # the first event at the right-hand end
    first = page.locator(".tbar-step").first.evaluate(BORDERS)
    if width >= 1000:  # one row across: each later step to the left of the one before
        assert all(b["right"] <= a["left"] + 1 for a, b in zip(steps, steps[1:], strict=False))
        arrow = page.locator(".tbar-onward").evaluate(BORDERS, "::after")
        assert arrow["right"] == "12px" and arrow["left"] == "0px"  # a head pointing left
        assert arrow["insetLeft"] == "-2px"  # at the left-hand end, where Phase 2 runs on
    else:  # a column: the rule on the right, the words to its left
        assert (first["right"], first["left"]) == ("6px", "0px")
    if width < 1000:
        page.goto(live_server + "/ar/timeline")
        rule = page.locator(".timeline").evaluate(BORDERS)
        assert (rule["right"], rule["left"]) == ("3px", "0px")
        dot = page.locator(".event").first.evaluate(BORDERS, "::before")
        assert float(dot["insetRight"].removesuffix("px")) < 0  # out over the right-hand rule
    context.close()
