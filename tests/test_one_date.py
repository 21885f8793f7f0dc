"""One date, one place: a phase's or region's target date is stated once, in its event.

A review found phase 1's date stated twice, in `[[phases]]` and in `[[events]]`: set to
"floor", 2027-03 in one place, the build passed and `/phases/1` said "March 2027 is still
ahead" while `/timeline` said "September 2025 has passed". Each phase and region now names its
`[[events]]` entry (`event = "FACT"`); these tests edit copies of the seeds and read every
page and document that shows the date.
"""

import re
from typing import Any

import pytest
from fastapi.testclient import TestClient
from helpers import IDENTITY, TODAY, assert_refused

from app.config import Settings
from app.loader.loader import build
from app.main import create_app

PHASE_1_FACT = "phase-1-ends-deployment-by-september-2025"


def _redate_event(settings: Settings, fact: str, new: str) -> None:
    """Rewrite the hedge, year and month of the one `[[events]]` entry whose fact is `fact`."""
    text = settings.facts_path.read_text(encoding="utf-8")
    block = re.compile(
        rf'(\[\[events\]\]\nfact = "{fact}"\n(?:label|text) = .*\n(?:text = .*\n)?)'
        r"hedge = .*\nyear = .*\nmonth = .*\n"
    )
    edited, count = block.subn(rf"\g<1>{new}", text)
    assert count == 1, f"test setup: no single event for {fact}"
    settings.facts_path.write_text(edited, encoding="utf-8")


def test_a_phase_date_edited_once_reads_alike_on_every_page(seed_copy: Settings) -> None:
    """The review's reproduction, made in the one place the date now lives."""
    _redate_event(seed_copy, PHASE_1_FACT, 'hedge = "floor"\nyear = 2027\nmonth = 3\n')
    settings = seed_copy.model_copy(update={"pinned_today": TODAY})
    build(settings)
    with TestClient(create_app(settings), headers=IDENTITY) as client:
        phase = client.get("/phases/1.json").json()["target"]
        phases = client.get("/phases.json").json()
        timeline = client.get("/api/timeline").json()["items"]
        overview = client.get("/index.json").json()
        region = client.get("/regions/federal-iraq.json").json()
        fact = client.get(f"/api/facts/{PHASE_1_FACT}").json()
        pages = [client.get(path).text for path in ("/phases/1", "/timeline")]
    said = phase["status"]["text"]
    assert said.startswith("The earliest end the article gives, March 2027, is still ahead")
    entry = next(e for e in timeline if e["fact"] and e["fact"]["id"] == PHASE_1_FACT)
    assert entry["status"]["text"] == said
    assert [fact["dates"][0][key] for key in ("hedge", "year", "month")] == ["floor", 2027, 3]
    assert (entry["date"]["hedge"], entry["date"]["date"]) == ("floor", "2027-03")
    assert (phase["hedge"], phase["date"]) == ("floor", "2027-03")
    assert phases[0]["target"] == overview["phases"][0]["target"] == phase
    assert region["matched_phase"]["target"] == phase
    for page in pages:
        assert "March 2027, is still ahead" in page


def _documents(client: TestClient, path: str) -> list[dict[str, Any]]:
    return list(client.get(path).json()["items"])


def test_every_phase_and_region_date_is_its_events(client: TestClient) -> None:
    """On the real seed: the target each page gives is the date its fact's event gives, and
    the timeline's entry for that event says the same about today."""
    timeline = {
        e["fact"]["id"]: e for e in _documents(client, "/api/timeline") if e["kind"] == "target"
    }
    targets = [p["target"] for p in _documents(client, "/api/phases")]
    targets += [r["target"] for r in _documents(client, "/api/regions")]
    assert len(targets) == 4
    for target in targets:
        fact_id = target["fact_url"].rsplit("/", 1)[-1]
        entry = timeline.pop(fact_id)
        assert entry["words"] == target["text"]
        for key in ("hedge", "year", "month", "date", "precision"):
            assert entry["date"][key] == target[key], (fact_id, key)
        assert entry["status"] == target["status"]
    assert timeline == {}  # every target on the timeline is a phase's or a region's


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (
            'event = "phase-1-footpath-by-june-2031"\n',
            'event = "phase-1-footpath-by-june-2031"\nyear = 2031\n',
            "phases '1': Value error, `year` states the date a second time: a date is stated "
            "once, in the [[events]] entry that `event` names",
        ),
        (
            'event = "east-bank-by-june-2031"\n',
            'event = "east-bank-by-june-2031"\ntarget_fact = "east-bank-by-june-2031"\n',
            "regions 'east-bank': Value error, `target_fact` states the date a second time",
        ),
        (
            'event = "phase-2-ferry-until-at-least-may-2032"\n',
            "",
            "phases '2'.event: Field required",
        ),
        (
            'event = "west-bank-by-may-2032"\n',
            'event = "west-bank-by-june-2032"\n',
            "region 'west-bank': event 'west-bank-by-june-2032' names no [[events]] entry's fact",
        ),
        (
            'event = "phase-1-footpath-by-june-2031"\n',
            'event = "photo-ferry"\n',
            "phase 1: event 'photo-ferry' is not a target date (a deadline or "
            "floor with a year and month)",
        ),
        (
            "[[figures]]\n",
            '[[events]]\nfact = "phase-1-footpath-by-june-2031"\nlabel = "Again"\n'
            'text = "by June 2031"\nhedge = "deadline"\nyear = 2032\nmonth = 1\n\n[[figures]]\n',
            "fact 'phase-1-footpath-by-june-2031': “by June 2031” is dated by 2 [[events]] "
            "entries; state a date once",
        ),
        (
            "[[figures]]\n",
            '[[events]]\nfact = "phase-1-footpath-by-june-2031"\nlabel = "Again"\n'
            'text = "June 2031"\nhedge = "deadline"\nyear = 2032\nmonth = 1\n\n[[figures]]\n',
            "phase 1: event 'phase-1-footpath-by-june-2031' names 2 [[events]] entries; its "
            "date must be stated in one",
        ),
    ],
    ids=[
        "phase-restating-its-year",
        "region-restating-its-target-fact",
        "phase-without-its-event",
        "dangling-event",
        "event-that-is-no-target",
        "one-date-in-two-events",
        "event-naming-two-entries",
    ],
)
def test_a_date_stated_twice_or_nowhere_is_refused(
    tiny_copy: Settings, old: str, new: str, expected: str
) -> None:
    assert_refused(tiny_copy, old, new, expected)
