"""scripts/make_map.py on tiny made-up topologies: what the committed map geometry relies on.

Two unit squares side by side share one arc: that arc is a border, the others are coasts.
"""

import importlib.util
import re
from types import ModuleType

import pytest

from app.config import PROJECT_ROOT


@pytest.fixture(scope="module")
def make_map() -> ModuleType:
    spec = importlib.util.spec_from_file_location("make_map", PROJECT_ROOT / "scripts/make_map.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _topology(west: float, south: float) -> dict:
    """Two one-degree squares at (west, south), quantised to whole degrees, delta-encoded."""
    arcs = [
        [[0, 0], [1, 0]],  # 0: the left square's bottom
        [[1, 0], [0, 1]],  # 1: the shared edge, upwards
        [[1, 1], [-1, 0], [0, -1]],  # 2: the left square's top and left side
        [[1, 0], [1, 0], [0, 1], [-1, 0]],  # 3: the right square's bottom, right and top
    ]
    square = {"type": "Polygon", "arcs": [[0, 1, 2]], "properties": {"name": "Iraq"}}
    other = {"type": "Polygon", "arcs": [[3, ~1]], "properties": {"name": "Syria"}}
    return {
        "transform": {"scale": [1, 1], "translate": [west, south]},
        "arcs": arcs,
        "objects": {
            "countries": {"geometries": [square, other]},
            "land": {"geometries": [{"type": "Polygon", "arcs": [[0, 3, 2]]}]},
        },
    }


def test_decoding_undoes_quantisation_and_deltas_then_projects(make_map: ModuleType) -> None:
    arcs = make_map.decode_arcs(_topology(40, 33))
    assert arcs[1] == [make_map.project(41, 33), make_map.project(41, 34)]
    assert arcs[3][-1] == make_map.project(41, 34)


def test_a_ring_joins_its_arcs_and_reverses_the_negative_ones(make_map: ModuleType) -> None:
    arcs = make_map.decode_arcs(_topology(40, 33))
    right = make_map.ring([3, ~1], arcs)
    assert right[0] == right[-1] == make_map.project(41, 33)
    assert len(right) == 5  # four corners, the first twice: each shared end once


def test_only_arcs_two_countries_use_are_borders(make_map: ModuleType) -> None:
    countries = _topology(40, 33)["objects"]["countries"]["geometries"]
    assert make_map.border_arcs(countries) == {1}


def test_simplifying_drops_points_on_a_straight_line_and_keeps_the_ends(
    make_map: ModuleType,
) -> None:
    line = [(0.0, 0.0), (1.0, 0.1), (2.0, 0.0), (3.0, 5.0), (4.0, 0.0)]
    assert make_map.simplify(line, 0.5) == [(0.0, 0.0), (2.0, 0.0), (3.0, 5.0), (4.0, 0.0)]


def test_a_ring_clipped_to_the_box_stays_within_its_margin(make_map: ModuleType) -> None:
    huge = [(-500.0, -500.0), (2000.0, -500.0), (2000.0, 2000.0), (-500.0, 2000.0)]
    clipped = make_map.clip_ring(huge)
    margin, width, height = make_map.MARGIN, make_map.WIDTH, make_map.HEIGHT
    assert all(
        -margin <= x <= width + margin and -margin <= y <= height + margin for x, y in clipped
    )
    assert make_map.clip_ring([(-900.0, -900.0), (-800.0, -900.0), (-800.0, -800.0)]) == []


def test_path_data_is_whole_numbers_moved_to_once_then_relative(make_map: ModuleType) -> None:
    d = make_map.path_data([[(10.4, 20.6), (13.0, 20.5), (13.2, 20.4), (11.6, 18.0)]], closed=True)
    assert d == "M10 21l 3-1-1-2z"  # the repeated (13, 20) after rounding is dropped
    assert re.fullmatch(r"[Mlz0-9 -]+", d)


def test_the_highlighted_country_borders_and_land_come_out_as_paths(make_map: ModuleType) -> None:
    paths = make_map.geometry(_topology(42, 33))
    assert set(paths) == {"land", "iraq", "borders"}
    assert paths["iraq"].count("M") == 1 and paths["iraq"].endswith("z")
    assert paths["borders"].count("M") == 1 and not paths["borders"].endswith("z")
