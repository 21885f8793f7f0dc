"""The overview's phase strip: a start the article does not date, both phase dates with their
hedge and speaker, and today's tick in order among them (TODAY pinned)."""

from datetime import date

import pytest
from fastapi.testclient import TestClient
from lxml import html as lxml_html

from app.config import Settings
from app.main import create_app


def strip_at(settings: Settings, today: date) -> tuple[list[str], list[str], dict]:
    """The strip's step kinds and texts on `/`, and the overview JSON, with TODAY pinned."""
    pinned = settings.model_copy(update={"pinned_today": today})
    with TestClient(create_app(pinned)) as client:
        page = lxml_html.fromstring(client.get("/").text)
        overview = client.get("/api/overview").json()
    [strip] = page.xpath("//figure[@class='strip']")
    steps = strip.xpath(".//li")
    kinds = [li.get("class").split()[-1].removeprefix("strip-") for li in steps]
    return kinds, [" ".join(li.text_content().split()) for li in steps], overview


@pytest.mark.parametrize(
    ("today", "order"),
    [
        (date(2026, 12, 2), ["start", "phase-1", "phase-2", "today"]),
        (date(2025, 10, 1), ["start", "phase-1", "today", "phase-2"]),
        (date(2025, 9, 30), ["start", "today", "phase-1", "phase-2"]),
    ],
)
def test_todays_tick_sits_among_the_phase_dates_where_the_deadline_status_puts_it(
    settings: Settings, today: date, order: list[str]
) -> None:
    kinds, texts, _ = strip_at(settings, today)
    assert kinds == order
    assert texts[kinds.index("today")] == f"Today {today.isoformat()}"


def test_each_phase_date_keeps_its_hedge_and_speaker_and_the_start_says_it_is_undated(
    settings: Settings,
) -> None:
    kinds, texts, overview = strip_at(settings, date(2026, 12, 2))
    for phase in overview["phases"]:
        shown = texts[kinds.index(f"phase-{phase['number']}")]
        target = phase["target"]
        assert shown.startswith(f"{phase['name']} {target['text']} (")  # "by", "until at least"
        assert target["text"].split()[0] in ("by", "until")
        assert target["according_to"]["short"].split()[-1] in shown  # whose date it is
    start = texts[kinds.index("start")]
    assert start.startswith("Start " + overview["start"]["text"])
    assert "undated" in overview["start"]["text"].lower()
    assert overview["start"]["sources"]  # it rests on named facts, one marker away
