"""What each date on the timeline may be, as the article hedges it and as we place it: a named
weekday on that weekday, either/or dates as either/or, a stretch of time not dated to its end,
"by" with no earliest date and "until at least" with no latest; today's note citing what it is
compared with; relays named in full; and Phase 2 left open on the phase bar."""

from datetime import date, timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient
from helpers import SCHEMES, TODAY, Scheme
from lxml import html as lxml_html
from playwright.sync_api import Browser


def entries(client: TestClient) -> dict[str, dict[str, Any]]:
    """The timeline's JSON items by the article's date words (the markers by kind)."""
    items = client.get("/api/timeline").json()["items"]
    return {item["words"] or item["kind"]: item for item in items}


def test_a_named_weekday_is_placed_on_that_weekday(client: TestClient) -> None:
    friday = entries(client)["Friday"]
    placement = friday["placement"]
    assert placement["weekday"] == "Friday"
    for day in (placement["at"], placement["earliest"], placement["latest"]):
        assert date.fromisoformat(day).strftime("%A") == "Friday", day
    assert placement["at"] == "2024-09-13"  # the last Friday on or before 16 September 2024
    assert friday["when"].startswith("A Friday from 13 September to 27 December 2024 (")
    assert "16 September" not in friday["when"]


def last_friday(day: date) -> date:
    """The latest Friday on or before `day`: the one an article of that day means by "Friday"."""
    return day - timedelta(days=(day.weekday() - 4) % 7)


def test_a_date_the_article_reports_as_past_is_on_or_before_the_articles_date(
    client: TestClient,
) -> None:
    """The article says "said Friday" and "said Sept. 15": both are past when it was written.
    Every article date in its likely span must leave that Friday inside the Friday's span,
    and nothing the article reports as past may sit after the article on the line."""
    found = entries(client)
    article = found["article"]["placement"]
    first, last = date.fromisoformat(article["earliest"]), date.fromisoformat(article["latest"])
    friday = found["Friday"]["placement"]
    assert friday["earliest"] == last_friday(first).isoformat()
    assert friday["latest"] == last_friday(last).isoformat()
    day = first
    while day <= last:  # whichever day the article is from, its Friday is in the span
        assert friday["earliest"] <= last_friday(day).isoformat() <= friday["latest"], day
        day += timedelta(days=1)
    items = client.get("/api/timeline").json()["items"]
    past = [i for i in items if i["kind"] in ("event", "caption")]
    assert {"Friday", "Sept. 15"} <= {i["words"] for i in past}
    for item in past:  # ISO strings at any precision compare as their first day does
        assert item["placement"]["at"] <= article["at"], item["words"]
    order = [i["words"] or i["kind"] for i in items]
    assert order.index("Friday") < order.index("article")
    assert order.index("Sept. 15") < order.index("article")
    reasoning = found["Friday"]["placement"]["reasoning"]["text"]
    assert "on or before" in reasoning and "Sept. 15" in reasoning


def test_either_or_dates_read_as_either_or(client: TestClient) -> None:
    found = entries(client)
    for words, candidates, when in (
        ("Oct. 7", ["2023-10-07", "2024-10-07"], "7 October 2023 or 7 October 2024 ("),
        ("last August", ["2023-08", "2024-08"], "August 2023 or August 2024 ("),
    ):
        entry = found[words]
        assert entry["placement"]["candidates"] == candidates
        assert entry["placement"]["at"] == candidates[0]
        assert entry["when"].startswith(when) and " to " not in entry["when"]
        assert "placed at the earlier" in entry["when"]
    page = client.get("/timeline").text
    assert "7 October 2023 or 7 October 2024" in page and "7 October 2023 to" not in page


def test_the_last_several_months_are_not_dated_to_the_articles_own_dates(
    client: TestClient,
) -> None:
    found = entries(client)
    months = found["in the last several months"]
    article = found["article"]["placement"]
    placement = months["placement"]
    assert placement["earliest"] is None  # the article gives no start
    assert placement["period_ends"] == [article["earliest"], article["latest"]]
    assert placement["latest"] == article["latest"]
    assert months["when"].startswith(
        "The months before the article’s date (16 September to 31 December 2024, our inference)"
    )
    assert "placed at the earliest end" not in months["when"]
    assert "start not given" in months["when"]
    assert "from a start it does not give" in placement["reasoning"]["text"]


def test_each_hedge_keeps_its_open_end_in_the_placement(client: TestClient) -> None:
    found = entries(client)
    phase_2 = found["until at least September 2026"]
    assert "deadline" not in phase_2  # an earliest end is not a deadline: its status is "status"
    assert phase_2["status"]["text"].startswith("The earliest end the article gives")
    placement = phase_2["placement"]
    assert (placement["at"], placement["earliest"], placement["latest"]) == (
        "2026-09",
        "2026-09",
        None,
    )
    for item in client.get("/api/timeline").json()["items"]:
        if item["words"] and item["words"].startswith("by "):  # "by": no earliest date
            assert item["placement"]["earliest"] is None, item["words"]
            assert item["placement"]["latest"] == item["placement"]["at"]
    by_2017 = found["by 2017"]
    assert by_2017["date"]["hedge"] == "ceiling"
    assert by_2017["date"]["hedge_label"] == "by this year at the latest; no earlier date given"
    assert (by_2017["placement"]["earliest"], by_2017["placement"]["latest"]) == (None, "2017")


def test_the_ten_years_are_counted_back_from_the_articles_likely_date(
    client: TestClient,
) -> None:
    found = entries(client)
    likely_year = int(found["article"]["placement"]["earliest"][:4])
    for words in ("For 10 years", "Later that year"):
        entry = found[words]
        assert entry["date"]["year"] == likely_year - 10 and entry["date"]["latest_year"] is None
        # "about 2014", as the reasoning says: the hedge stays in the heading and the JSON
        assert entry["when"] == f"about {likely_year - 10} (inferred from “{words}”)"
        assert entry["placement"]["about"] is True
        assert entry["date"]["hedge_label"].startswith("about this year")
        assert "about" in entry["placement"]["reasoning"]["text"]
        assert "likely date" in entry["placement"]["reasoning"]["text"]
        assert "2013" not in entry["placement"]["reasoning"]["text"]
    assert not any(
        item["placement"]["about"]
        for item in client.get("/api/timeline").json()["items"]
        if item["words"] not in ("For 10 years", "Later that year")
    )


def test_todays_note_cites_the_target_dates_it_is_compared_with(client: TestClient) -> None:
    items = client.get("/api/timeline").json()["items"]
    targets = {item["fact"]["id"] for item in items if item["kind"] == "target"}
    [note] = [item["note"] for item in items if item["kind"] == "today"]
    cited = {source["id"] for source in note["sources"]}
    assert cited == targets
    assert "our computation" in note["text"] and "target dates" in note["text"]


def test_a_relayed_speaker_is_named_in_full_in_every_timeline_label(client: TestClient) -> None:
    relayed = [
        item
        for item in client.get("/api/timeline").json()["items"]
        if item["fact"] and item["fact"]["channel"] in ("outlet", "person")
    ]
    assert relayed
    for item in relayed:
        assert item["label"].startswith(item["fact"]["speaker"]["short"] + ":"), item["label"]
        assert "as relayed:" not in item["label"]


def test_the_phase_bar_leaves_phase_2_open_past_until_at_least(client: TestClient) -> None:
    bar = lxml_html.fromstring(client.get("/phases").text).xpath("//figure[@class='tbar']")[0]
    steps = bar.xpath("./ol/li")
    classes = [li.get("class").split() for li in steps]
    phase_2 = next(i for i, c in enumerate(classes) if "tbar-phase-2" in c)
    # "until at least": no end tick (only "by" has one), then the open end, then today on it.
    assert "tbar-floor" in classes[phase_2] and "tbar-deadline" not in classes[phase_2]
    assert "tbar-deadline" in next(c for c in classes if "tbar-phase-1" in c)
    assert "tbar-open" in classes[phase_2 + 1] and "tbar-today" in classes[phase_2 + 2]
    assert "tbar-during-2" in classes[phase_2 + 2] and "tbar-onward" in classes[-1]
    today = " ".join(steps[phase_2 + 2].text_content().split())
    assert "cannot say whether or when this phase ended" in today
    open_end = " ".join(steps[phase_2 + 1].text_content().split())
    assert open_end.startswith("Phase 2’s end: not given")
    assert "“until at least September 2026”" in open_end and "?" not in open_end


def test_the_phase_bar_says_the_article_gives_no_start_for_phase_2(client: TestClient) -> None:
    """The article gives Phase 2 only an earliest end: it does not say Phase 2 starts when
    Phase 1 ends, and the bar says so where Phase 2 begins."""
    bar = lxml_html.fromstring(client.get("/phases").text).xpath("//figure[@class='tbar']")[0]
    [phase_2] = bar.xpath("./ol/li[contains(@class, 'tbar-phase-2')]")
    [start] = phase_2.xpath(".//p[@class='tbar-from']")
    text = " ".join(start.text_content().split())
    assert text.startswith("Start: not given")
    assert "when Phase 1 ends" in text and "our inference" not in text
    assert not bar.xpath("./ol/li[contains(@class, 'tbar-phase-1')]//p[@class='tbar-from']")


@pytest.mark.browser
@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("width", [390, 1280])
def test_phase_1_and_phase_2_do_not_meet_on_the_bar_or_the_strip(
    browser: Browser, live_server: str, width: int, scheme: Scheme
) -> None:
    """A join would say Phase 2 starts where Phase 1 ends; the article gives no such start,
    so the two runs of colour are drawn apart, on /phases and on the overview's strip."""
    context = browser.new_context(viewport={"width": width, "height": 900}, color_scheme=scheme)
    page = context.new_page()
    gap = """([one, two, wide]) => {
      const a = document.querySelector(one).getBoundingClientRect();
      const b = document.querySelector(two).getBoundingClientRect();
      return wide ? b.left - a.right : b.top - a.bottom; }"""
    page.goto(live_server + "/phases")
    wide = width >= 1000
    assert page.evaluate(gap, [".tbar-phase-1", ".tbar-phase-1 + li", wide]) >= 8
    page.goto(live_server + "/")
    wide = width >= 768
    assert page.evaluate(gap, [".strip-phase-1", ".strip-phase-2", wide]) >= 4
    context.close()


@pytest.mark.browser
@pytest.mark.parametrize("width", [390, 1280])
def test_todays_date_on_the_phase_bar_is_never_broken(
    browser: Browser, live_server: str, width: int, client: TestClient
) -> None:
    """Every time today's date appears in the bar's today column, it is one <time> on one
    line: "2026-11-" above "26" reads as two things."""
    today = TODAY.isoformat()
    step = lxml_html.fromstring(client.get("/phases").text).xpath(
        "//figure[@class='tbar']//li[contains(@class, 'tbar-today')]"
    )[0]
    times = step.xpath(".//time")
    assert step.text_content().count(today) == len(times) >= 2
    assert all(t.get("datetime") == today == t.text_content() for t in times)
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    page.goto(live_server + "/phases")
    lines = page.eval_on_selector_all(
        ".tbar-today time", "els => els.map(e => e.getClientRects().length)"
    )
    assert lines == [1] * len(times)
    context.close()


@pytest.mark.browser
@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("width", [390, 1280])
def test_phase_2s_colour_runs_unbroken_through_today_with_no_end_tick(
    browser: Browser, live_server: str, width: int, scheme: Scheme
) -> None:
    context = browser.new_context(viewport={"width": width, "height": 900}, color_scheme=scheme)
    page = context.new_page()
    page.goto(live_server + "/phases")
    side = "top" if width >= 1000 else "left"
    style = """([sel, side]) => { const s = getComputedStyle(document.querySelector(sel));
      const a = getComputedStyle(document.querySelector(sel), '::after');
      return [s.getPropertyValue(`border-${side}-color`),
              s.getPropertyValue(`border-${side}-style`),
              a.content, a.getPropertyValue('border-right-width')]; }"""
    phase_2 = page.evaluate(style, [".tbar-phase-2", side])
    open_end = page.evaluate(style, [".tbar-open", side])
    today = page.evaluate(style, [".tbar-today", side])
    assert open_end[0] == today[0] == phase_2[0]  # Phase 2's colour, not a black segment
    assert open_end[1] == today[1] == "dashed" and phase_2[1] == "solid"
    assert phase_2[2] in ("none", "normal")  # no end tick after "until at least"
    if side == "top":  # on a wide screen "by September 2025" still ends Phase 1 with a tick
        assert page.evaluate(style, [".tbar-phase-1", side])[3] == "3px"
    strip_page = context.new_page()
    strip_page.goto(live_server + "/")
    strip_side = "top" if width >= 768 else "left"
    strip = strip_page.evaluate(style, [".strip-phase-2", strip_side])
    tick = strip_page.locator(".strip-phase-2 .strip-today")
    assert tick.is_visible() and strip[2] not in ("none", "normal")  # the run-on arrow
    context.close()
