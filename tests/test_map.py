"""The locator map on /regions and the timeline bar on /phases: what a reader sees and can check.

The map is background, not the article's: it must say so and name its data. It marks the
places the article names, links each to the fact that names it, and draws no boundary the
article does not give. The bar keeps each date's speaker and hedge, and our region match apart.
"""

import gzip
import re

import pytest
from fastapi.testclient import TestClient
from helpers import collect
from playwright.sync_api import Browser

Point = tuple[float, float]
MAP_SHAPES = {"map-land", "map-iraq", "map-borders", "map-arrow", "map-arrowhead"}


def _between(html: str, start: str, end: str) -> str:
    return html[html.index(start) : html.index(end, html.index(start)) + len(end)]


@pytest.fixture(scope="module")
def map_html(client: TestClient) -> str:
    return _between(client.get("/regions").text, '<figure class="map">', "</figure>")


@pytest.fixture(scope="module")
def svg(map_html: str) -> str:
    return _between(map_html, "<svg", "</svg>")


def _words(html: str) -> str:
    """What a reader sees of some HTML: tags dropped, whitespace collapsed."""
    return " ".join(re.sub(r"<[^>]+>", "", html).split())


def _caption(map_html: str) -> str:
    return _words(_between(map_html, "<figcaption", "</figcaption>"))


def _labels(svg: str) -> list[str]:
    texts = re.findall(r"<text[^>]*>(.*?)</text>", svg, re.S)
    return [_words(text) for text in texts]


def _path(svg: str, name: str) -> str:
    return re.search(rf'<path class="{name}" d="([^"]+)"', svg).group(1)  # type: ignore[union-attr]


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


def _dots(svg: str) -> list[Point]:
    found = re.findall(r'<circle class="map-dot" cx="(-?\d+)" cy="(-?\d+)"', svg)
    return [(float(x), float(y)) for x, y in found]


def test_regions_page_shows_a_locator_map_with_an_accessible_name_and_no_script(
    svg: str, map_html: str
) -> None:
    assert 'role="img"' in svg and 'aria-labelledby="map-title"' in svg
    title = re.search(r'<title id="map-title">([^<]+)</title>', svg)
    assert title and "Iraq" in title.group(1) and "not from the article" in title.group(1)
    assert re.search(r'<desc id="map-desc">[^<]{40,}</desc>', svg)
    assert "<script" not in map_html and not re.search(r"\son\w+=", map_html)
    assert "<image" not in svg and "href" not in svg  # nothing loaded, nothing to follow


def test_map_caption_says_it_is_background_and_names_its_data(map_html: str) -> None:
    caption = _caption(map_html)
    assert "Background, not from the article" in caption
    assert re.search(r"Natural Earth \d+\.\d+\.\d+, via world-atlas \d+\.\d+\.\d+", caption)
    assert "Where each place sits is ours" in caption


def test_map_labels_iraq_and_its_neighbours(svg: str) -> None:
    labels = _labels(svg)
    for country in ("Iraq", "Syria", "Iran", "Turkey", "Jordan", "Saudi Arabia", "Kuwait"):
        assert country in labels


def test_kurdistan_region_is_a_label_with_no_boundary_drawn(svg: str, map_html: str) -> None:
    assert "Kurdistan region" in _labels(svg)
    shapes = re.findall(r"<(path|polygon|polyline|rect|line)\b([^>]*)>", svg)
    assert {re.search(r'class="([^"]+)"', attrs).group(1) for _, attrs in shapes} == MAP_SHAPES  # type: ignore[union-attr]
    assert len(shapes) == len(MAP_SHAPES)
    assert not any("kurd" in attrs.lower() for _, attrs in shapes)
    assert "we draw none" in _caption(map_html)


def test_al_asad_is_marked_and_links_to_the_photo_caption_fact(
    client: TestClient, svg: str, map_html: str
) -> None:
    assert "al Asad Air Base" in _labels(svg)
    link = re.search(r'<a [^>]*href="(/facts/[a-z0-9-]+)"[^>]*>al Asad Air Base</a>', map_html)
    assert link
    fact = client.get(f"/api{link.group(1)}").json()
    assert "al Asad Air Base" in fact["quote"] and fact["kind"] == "caption"


def test_every_marked_place_links_to_a_fact_that_names_it(
    client: TestClient, map_html: str
) -> None:
    key = _between(map_html, '<ul class="map-key">', "</ul>")
    links = re.findall(r'<li><a [^>]*href="(/facts/[a-z0-9-]+)"[^>]*>([^<]+)</a>', key)
    assert len(links) == 4
    named = {"Baghdad": "Baghdad", "al Asad Air Base": "al Asad", "Kurdistan": "Kurdistan"}
    for url, term in links:
        quote = client.get(f"/api{url}").json()["quote"]
        for label, word in named.items():
            if term.startswith(label):
                assert word in quote, (term, quote)
    assert all(link.startswith("/source#p-") for link in collect(key).links if "#" in link)


def test_the_arrow_into_syria_carries_the_articles_own_words(
    client: TestClient, svg: str, map_html: str, article: str
) -> None:
    note = next(label for label in _labels(svg) if label.startswith("Phase 2"))
    quoted = re.search(r"“([^”]+)”", note)
    assert quoted and quoted.group(1) in article and "Syria from Iraq" in quoted.group(1)
    assert "the article says" in note  # the article narrates it: no official is named
    url = re.search(r'<a [^>]*href="(/facts/[a-z0-9-]+)"[^>]*>The arrow into Syria</a>', map_html)
    assert url
    fact = client.get(f"/api{url.group(1)}").json()
    assert fact["speaker"]["slug"] == "narration" and quoted.group(1) in fact["quote"]


def test_dots_and_arrow_sit_where_they_belong(svg: str) -> None:
    iraq = _rings(_path(svg, "map-iraq"))
    dots = _dots(svg)
    assert len(dots) == 2 and all(_inside(dot, iraq) for dot in dots)
    shaft = _rings(_path(svg, "map-arrow"))[0]
    assert _inside(shaft[0], iraq) and not _inside(shaft[-1], iraq)
    land = _rings(_path(svg, "map-land"))
    assert _inside(shaft[-1], land)  # it ends on land west of Iraq: Syria


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
    assert "?" in last and "no end for Phase 2 beyond “until at least”" in last


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
