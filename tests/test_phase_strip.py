"""The overview's phase strip: a start the article does not date, both phase dates with their
hedge and speaker, and today's tick in order among them (TODAY pinned)."""

from copy import deepcopy
from datetime import date

import pytest
from fastapi.testclient import TestClient
from lxml import html as lxml_html

from app.config import Settings
from app.main import create_app


def strip_at(settings: Settings, today: date) -> tuple[list[str], list[str], dict]:
    """The strip's marks in reading order (start, each phase's date, today) and their texts on
    `/`, and the overview JSON, with TODAY pinned. A phase's mark is its date; today's tick
    sits inside the phase it falls in."""
    pinned = settings.model_copy(update={"pinned_today": today})
    with TestClient(create_app(pinned)) as client:
        page = lxml_html.fromstring(client.get("/").text)
        overview = client.get("/api/overview").json()
    [strip] = page.xpath("//figure[@class='strip']")
    kinds, texts = [], []
    for element in strip.iter():
        classes = (element.get("class") or "").split()
        parent = (element.getparent().get("class") or "").split()
        if "strip-start" in classes or "strip-today" in classes:
            kinds.append(classes[0].removeprefix("strip-"))
            texts.append(" ".join(element.text_content().split()))
        elif element.tag == "strong" and "strip-phase" in parent:
            li = deepcopy(element.getparent())
            for tick in li.xpath(".//*[@class='strip-today']"):
                tick.drop_tree()  # the phase's own words, without today's tick inside it
            kinds.append(parent[1].removeprefix("strip-"))
            texts.append(" ".join(li.text_content().split()))
    return kinds, texts, overview


def phase_items(settings: Settings, today: date) -> dict[str, lxml_html.HtmlElement]:
    """The strip's list items by class, TODAY pinned."""
    pinned = settings.model_copy(update={"pinned_today": today})
    with TestClient(create_app(pinned)) as client:
        page = lxml_html.fromstring(client.get("/").text)
    items = page.xpath("//figure[@class='strip']/ol/li")
    return {
        li.get("class").split()[-1 if "strip-phase" not in li.get("class") else 1]: li
        for li in items
    }


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
        assert shown.startswith(f"{phase['name']} {target['text']} ")  # "by", "until at least"
        assert target["text"].split()[0] in ("by", "until")
        assert target["according_to"]["short"].split()[-1] in shown  # whose date it is
        # The key number with this figure is told here, in its speaker's words, and only here.
        (told,) = [n for n in overview["numbers"] if n["figure"] == target["text"]]
        words = told["text"]["text"].split()
        assert " ".join(words[-6:]) in shown  # (its speaker as the page names them by now)
    start = texts[kinds.index("start")]
    assert start.startswith("Start " + overview["start"]["text"])
    assert "undated" in overview["start"]["text"].lower()
    assert overview["start"]["sources"]  # it rests on named facts, one marker away


def test_today_past_an_until_at_least_sits_inside_that_phase_which_stays_open(
    settings: Settings,
) -> None:
    """“Until at least September 2026” gives Phase 2 an earliest end and no end: today after it
    must not stand as a segment of its own after Phase 2, which would read as Phase 2 closed."""
    items = phase_items(settings, date(2026, 12, 2))
    assert set(items) == {"strip-start", "strip-phase-1", "strip-phase-2"}
    phase_2 = items["strip-phase-2"]
    assert "strip-open" in phase_2.get("class").split()
    assert phase_2.xpath(".//*[@class='strip-today']")  # today's tick inside Phase 2's run
    assert "strip-open" not in items["strip-phase-1"].get("class").split()  # "by": it ends
