"""The map of al-Abbassi's timetable on /regions and beside the overview's, and the timeline bar
on /phases: what a reader sees and can check.

The map is background, not the article's: it must say so and name its data. It keys the two
regions to al-Abbassi's two dates (his account, as relayed), in two colours its labels, dots and
legend share, and never to the phases; it shades no region and draws no line between them. The
bar keeps each date's speaker and hedge, and our region match apart.
"""

import gzip
import re
from typing import Any

import pytest
from fastapi.testclient import TestClient
from helpers import SCHEMES, Scheme, found
from lxml import html as lxml_html
from playwright.sync_api import Browser, Page

from app.config import PROJECT_ROOT

Point = tuple[float, float]
MAP_SHAPES = {"map-land", "map-iraq", "map-borders"}  # outlines only: no region is drawn
RELAY = "as Agence France-Presse reported his words to Al-Hadath"


def _between(html: str, start: str, end: str) -> str:
    return html[html.index(start) : html.index(end, html.index(start)) + len(end)]


def _figure(html: str) -> str:
    return _between(html, '<figure class="map', "</figure>")


@pytest.fixture(scope="module")
def map_html(client: TestClient) -> str:
    return _figure(client.get("/regions").text)


@pytest.fixture(scope="module")
def small_html(client: TestClient) -> str:
    return _figure(client.get("/").text)


@pytest.fixture(scope="module")
def svg(map_html: str) -> str:
    return _between(map_html, "<svg", "</svg>")


@pytest.fixture(scope="module")
def regions(client: TestClient) -> list[dict[str, Any]]:
    return client.get("/regions.json").json()


def _words(html: str) -> str:
    """What a reader sees of some HTML: tags dropped, whitespace collapsed."""
    return " ".join(re.sub(r"<[^>]+>", "", html).split())


def _lines(html: str) -> str:
    """A label's lines (its tspans) joined by a space."""
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def _caption(map_html: str) -> str:
    return _words(_between(map_html, "<figcaption", "</figcaption>"))


def _labels(svg: str) -> dict[str, str]:
    """Each label's words, with its class."""
    found = re.findall(r'<text class="([^"]+)"[^>]*>(.*?)</text>', svg, re.S)
    return {_lines(text): classes for classes, text in found}


def _path(svg: str, name: str) -> str:
    return found(rf'<path class="{name}" d="([^"]+)"', svg).group(1)


def _rings(d: str) -> list[list[Point]]:
    """The rings of path data made of absolute moves and relative lines (all the map uses)."""
    rings = []
    for part in re.findall(r"M[^M]+", d):
        numbers = [float(n) for n in re.findall(r"-?\d+(?:\.\d+)?", part)]
        x, y = numbers[0], numbers[1]
        ring = [(x, y)]
        for dx, dy in zip(numbers[2::2], numbers[3::2], strict=True):
            x, y = x + dx, y + dy
            ring.append((x, y))
        rings.append(ring)
    return rings


def _inside(point: Point, rings: list[list[Point]]) -> bool:
    """Even-odd rule, as the map fills its shapes."""
    x, y = point
    crossings = 0
    for ring in rings:
        for (x0, y0), (x1, y1) in zip(ring, ring[1:] + ring[:1], strict=True):
            if (y0 > y) != (y1 > y) and x < x0 + (y - y0) * (x1 - x0) / (y1 - y0):
                crossings += 1
    return crossings % 2 == 1


def _dots(svg: str) -> dict[str, Point]:
    found = re.findall(r'<circle class="([^"]+)" cx="(-?\d+)" cy="(-?\d+)"', svg)
    return {classes: (float(x), float(y)) for classes, x, y in found}


def test_the_map_has_an_accessible_name_that_keeps_speaker_and_hedges_and_no_script(
    svg: str, map_html: str
) -> None:
    assert 'role="img"' in svg and 'aria-labelledby="map-title"' in svg
    title = re.search(r'<title id="map-title">([^<]+)</title>', svg)
    assert title and "al-Abbassi" in title.group(1)
    assert "by September 2025" in title.group(1) and "by September 2026" in title.group(1)
    desc = re.search(r'<desc id="map-desc">([^<]{40,})</desc>', svg)
    assert desc and "not from the article" in desc.group(1)
    assert "al Asad Air Base" in desc.group(1) and "No boundary is drawn" in desc.group(1)
    assert "<script" not in map_html and not re.search(r"\son\w+=", map_html)
    assert "<image" not in svg and "href" not in svg  # nothing loaded, nothing to follow


def test_each_region_is_labelled_with_its_date_in_its_key_colour_in_its_speakers_words(
    client: TestClient, svg: str, regions: list[dict]
) -> None:
    labels = _labels(svg)
    for region in regions:
        target = region["target"]
        assert target["according_to"]["slug"] == "thabet-al-abbassi"
        (label,) = [
            words
            for words, classes in labels.items()
            if f"map-key-{region['slug']}" in classes.split() and words.endswith(target["text"])
        ]
        # The label says what he said: "bases in … federal Iraq", the whole Kurdistan region.
        quote = client.get(target["fact_api_url"]).json()["quote"].lower()
        named = label.removesuffix(target["text"]).split()
        assert named and all(word.lower() in quote.split() for word in named), (label, quote)
    assert "Bases in federal Iraq by September 2025" in labels
    assert "map-key-federal-iraq" in labels["Baghdad"].split()  # bases in Baghdad: his 2025
    assert _dots(svg)["map-key-federal-iraq"]


def test_the_legend_keys_the_same_colours_to_al_abbassis_dates_not_the_phases(
    map_html: str, regions: list[dict]
) -> None:
    legend = _between(map_html, '<ul class="map-legend">', "</ul>")
    items = re.findall(r'<li><span class="map-swatch ([^"]+)"></span>(.*?)</li>', legend, re.S)
    keyed = {swatch: _words(text) for swatch, text in items}
    for region in regions:
        line = keyed[f"map-key-{region['slug']}"]
        assert region["target"]["text"] in line and "al-Abbassi said" in line, line
    caption = _caption(map_html)
    assert "al-Abbassi’s relayed account" in caption and "not the phases" in caption
    assert "our inference" in caption
    # The anonymous U.S. official's and the article's hedges are another source's: not here.
    for other in ("certain locations", "until at least", "Phase 1", "Phase 2", "U.S. official"):
        assert other not in _words(map_html), other


def test_the_relay_is_spelled_out_once_on_each_page_that_shows_the_map(
    client: TestClient,
) -> None:
    for path in ("/", "/regions"):
        main = lxml_html.fromstring(client.get(path).text).get_element_by_id("main")
        for hidden in main.xpath(
            ".//*[@popover] | .//details[not(@open)] | .//svg/*[self::title or self::desc]"
        ):
            hidden.getparent().remove(hidden)
        assert " ".join(main.text_content().split()).count(RELAY) == 1, path


def test_the_caption_names_its_data_and_says_why_no_boundary_is_drawn(
    svg: str, map_html: str
) -> None:
    caption = _caption(map_html)
    source = found(
        r'{% set source = "([^"]+)" %}',
        (PROJECT_ROOT / "templates" / "_map_geometry.html").read_text(),
    ).group(1)
    assert source in caption and "public domain" in caption
    assert "Background, not from the article" in caption
    assert "disputed in places" in caption and "We shade neither region" in caption
    shapes = re.findall(r"<(path|polygon|polyline|rect|line)\b([^>]*)>", svg)
    assert {found(r'class="([^"]+)"', attrs).group(1) for _, attrs in shapes} == MAP_SHAPES
    assert len(shapes) == len(MAP_SHAPES)


def test_al_asad_is_marked_quieter_than_baghdad_as_named_only_in_the_photo_caption(
    client: TestClient, svg: str, map_html: str
) -> None:
    assert _labels(svg)["al Asad Air Base (photo caption only)"] == "map-quiet"  # no key colour
    radius = dict(re.findall(r'<circle class="([^"]+)"[^>]* r="([\d.]+)"', svg))
    assert float(radius["map-quiet"]) < float(radius["map-key-federal-iraq"])
    line = _between(map_html, '<span class="map-swatch map-quiet">', "</li>")
    assert "The caption, not the story, names al Asad Air Base" in _words(line)
    note = found(r'popovertarget="(fn-\d+)"', line).group(1)
    popover = _between(client.get("/regions").text, f'id="{note}"', "</div>")
    (fact,) = set(re.findall(r'href="/facts/([a-z0-9-]+)"', popover))
    assert client.get(f"/api/facts/{fact}").json()["kind"] == "caption"


def test_dots_and_labels_sit_in_iraq(svg: str) -> None:
    iraq = _rings(_path(svg, "map-iraq"))
    assert all(_inside(dot, iraq) for dot in _dots(svg).values())
    for name, x, y in re.findall(r'<text class="map-region ([^"]+)" x="(\d+)" y="(\d+)"', svg):
        assert _inside((float(x), float(y)), iraq), name


def test_a_small_map_sits_beside_the_overviews_timetable_from_the_same_partial(
    client: TestClient, svg: str, small_html: str, regions: list[dict]
) -> None:
    html = client.get("/").text
    iraqi_side = _between(html, "<h3>The Iraqi side</h3>", "</figure>")
    told = _words(iraqi_side.split('<figure class="map')[0])  # the timetable, just above
    assert "by September 2025" in told and "by September 2026" in told
    assert 'class="map map-small"' in small_html
    small_svg = _between(small_html, "<svg", "</svg>")
    for shape in MAP_SHAPES:
        assert _path(small_svg, shape) == _path(svg, shape)
    assert _labels(small_svg) == {
        words: classes for words, classes in _labels(svg).items() if "map-region" in classes
    } | {"Baghdad": _labels(svg)["Baghdad"]}  # the full map's region labels, and Baghdad
    for region in regions:
        assert f"map-key-{region['slug']}" in small_svg
    caption = _caption(small_html)
    assert "Natural Earth" in caption and "not the phases" in caption
    assert 'href="/regions#map"' in small_html


def test_map_is_light(svg: str) -> None:
    assert len(gzip.compress(svg.encode(), 9)) <= 2560


@pytest.fixture(scope="module")
def bar_html(client: TestClient) -> str:
    return _between(client.get("/phases").text, '<figure class="tbar">', "</figure>")


def _steps(bar_html: str) -> list[str]:
    items = re.findall(r'<li class="tbar-step tbar-(?:phase|open)[^"]*">(.*?)</li>', bar_html, re.S)
    return [_words(item) for item in items]


def test_timeline_bar_shows_each_date_with_its_speaker_and_hedge(
    client: TestClient, bar_html: str
) -> None:
    steps = _steps(bar_html)
    phases = client.get("/phases.json").json()
    assert len(steps) == len(phases) + 1
    for phase, step in zip(phases, steps, strict=False):
        target = phase["target"]
        speaker = client.get(f"/officials/{target['according_to']['slug']}.json").json()
        names = (speaker["short"], speaker["brief"])  # in full once a page, briefly after
        assert step.startswith(phase["name"])
        assert any(f"{target['text']}, according to {name} (" in step for name in names)
        assert f"({target['hedge_label']})" in step
    assert "by September 2025, according to the U.S. official" in steps[0]
    assert "until at least September 2026, according to the article" in steps[1]


def test_timeline_bar_keeps_the_open_end_open(bar_html: str) -> None:
    last = _steps(bar_html)[-1]
    assert last.startswith("Phase 2’s end: not given")
    assert "no end, only an earliest one, “until at least September 2026”" in last


def test_timeline_bar_boxes_the_region_match_apart_as_ours(
    client: TestClient, bar_html: str
) -> None:
    matches = re.findall(r'<p class="tbar-match">(.*?)</p>', bar_html, re.S)
    phases = client.get("/phases.json").json()
    assert len(matches) == len(phases)
    for phase, match in zip(phases, matches, strict=True):
        text = _words(match)
        region = phase["matched_region"]
        assert text.startswith("Our match, by date:") and region["name"] in text
        assert f"{region['target']['text']}, according to" in text
        assert "al-Abbassi" in text or "Al-Abbassi" in text
        assert phase["target"]["according_to"]["short"] not in text  # one source per box
    assert _words(bar_html).count("reported his words to Al-Hadath") == 1  # spelled out once a page
    assert "no source states that match" in _words(bar_html)


@pytest.mark.browser
@pytest.mark.parametrize(("width", "across"), [(1280, True), (390, False)])
def test_timeline_bar_runs_across_wide_screens_and_down_phones(
    browser: Browser, live_server: str, width: int, across: bool
) -> None:
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    page.goto(live_server + "/phases")
    boxes = [step.bounding_box() for step in page.locator(".tbar-step").all()]
    context.close()
    tops = {round(box["y"]) for box in boxes if box}
    assert len(boxes) == 5 and (len(tops) == 1) == across  # start, 2 phases, today, open end


@pytest.mark.browser
def test_map_follows_the_colour_scheme(browser: Browser, live_server: str) -> None:
    fills = {}
    for scheme in ("light", "dark"):
        context = browser.new_context(color_scheme=scheme)
        page = context.new_page()
        page.goto(live_server + "/regions")
        fills[scheme] = page.evaluate(
            "[...document.querySelectorAll('.map path, .map text, .map svg')]"
            ".map(e => getComputedStyle(e).fill + getComputedStyle(e).backgroundColor).join()"
        )
        context.close()
    assert fills["light"] != fills["dark"]


# What the browser draws: every label readable on a phone, clear of the others and of every line.
LABEL_BOXES = """() => [...document.querySelectorAll('.map svg')].map(svg => {
  const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
  const labels = [...svg.querySelectorAll('text')].map(t => {
    const b = t.getBBox();
    return {text: t.textContent.trim(), px: parseFloat(getComputedStyle(t).fontSize) * scale,
            box: [b.x, b.y, b.x + b.width, b.y + b.height]};
  });
  const lines = [];
  for (const path of svg.querySelectorAll('path')) {
    const length = path.getTotalLength();
    for (let at = 0; at <= length; at += 0.5) {
      const p = path.getPointAtLength(at);
      lines.push([p.x, p.y, path.getAttribute('class')]);
    }
  }
  return {labels, lines, view: [svg.viewBox.baseVal.width, svg.viewBox.baseVal.height]};
})"""


def _overlap(a: list[float], b: list[float]) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


@pytest.mark.browser
@pytest.mark.parametrize("path", ["/", "/regions"])
def test_map_labels_are_12px_on_a_phone_and_touch_no_label_or_line(
    browser: Browser, live_server: str, path: str
) -> None:
    context = browser.new_context(viewport={"width": 390, "height": 900})
    page = context.new_page()
    page.goto(live_server + path)
    (drawn,) = page.evaluate(LABEL_BOXES)
    context.close()
    labels = drawn["labels"]
    assert labels
    for label in labels:
        assert label["px"] >= 12, label
        x0, y0, x1, y1 = label["box"]
        assert 0 <= x0 and x1 <= drawn["view"][0] and 0 <= y0 and y1 <= drawn["view"][1], label
        crossed = [line for line in drawn["lines"] if x0 < line[0] < x1 and y0 < line[1] < y1]
        assert crossed == [], (label["text"], crossed[:3])
    for i, one in enumerate(labels):
        for other in labels[i + 1 :]:
            assert not _overlap(one["box"], other["box"]), (one["text"], other["text"])


def _luminance(colour: str) -> float:
    channels = [int(v) / 255 for v in re.findall(r"\d+", colour)[:3]]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def _contrast(one: str, two: str) -> float:
    high, low = sorted((_luminance(one), _luminance(two)), reverse=True)
    return (high + 0.05) / (low + 0.05)


KEY_COLOURS = """() => {
  const fill = s => getComputedStyle(document.querySelector(s)).fill;
  const swatch = s => getComputedStyle(document.querySelector(s)).backgroundColor;
  return {
    page: getComputedStyle(document.body).backgroundColor,
    iraq: fill('.map-iraq'),
    labels: [...document.querySelectorAll('.map text')].map(t => getComputedStyle(t).fill),
    keys: ['federal-iraq', 'kurdistan-region'].map(
      k => [fill('text.map-key-' + k), swatch('.map-swatch.map-key-' + k)]),
  };
}"""


@pytest.mark.browser
@pytest.mark.parametrize("scheme", SCHEMES)
def test_the_two_key_colours_are_shared_and_readable(
    browser: Browser, live_server: str, scheme: Scheme
) -> None:
    context = browser.new_context(color_scheme=scheme)
    page: Page = context.new_page()
    page.goto(live_server + "/regions")
    colours = page.evaluate(KEY_COLOURS)
    context.close()
    assert colours["iraq"] == colours["page"]  # labels in Iraq sit on the page's own colour
    (federal, federal_swatch), (kurdistan, kurdistan_swatch) = colours["keys"]
    assert federal == federal_swatch and kurdistan == kurdistan_swatch and federal != kurdistan
    for label in colours["labels"]:
        assert _contrast(label, colours["page"]) >= 4.5, (scheme, label)
    for swatch in (federal_swatch, kurdistan_swatch):  # a graphic: 3:1 against the page
        assert _contrast(swatch, colours["page"]) >= 3, (scheme, swatch)


def test_whose_dates_these_are_sits_above_each_map_so_a_screenshot_keeps_it(
    map_html: str, small_html: str
) -> None:
    full_head = _words(_between(map_html, '<p class="map-head">', "</p>"))
    assert "Abbassi" in full_head  # in full or short, as the reading layer names him here
    assert map_html.index('class="map-head"') < map_html.index("<svg")
    small_head = _caption(small_html)
    assert "Al-Abbassi" in small_head and small_html.index("<figcaption") < small_html.index("<svg")
    title = _between(map_html, '<title id="map-title">', "</title>")
    assert "bases in Baghdad" in title and "Agence France-Presse reported" in title
