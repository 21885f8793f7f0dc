"""Timeline, framings, numbers, notes, search, the overview's timeline bar and navigation."""

import calendar
import re
from datetime import date
from typing import Any
from urllib.parse import urlsplit

import pytest
from fastapi.testclient import TestClient
from helpers import (
    HOSTILE_INPUTS,
    IDENTITY,
    SCHEMES,
    Scheme,
    app_of,
    as_twin,
    collect,
    site_paths,
    twin_data,
)
from lxml import html as lxml_html
from playwright.sync_api import Browser

from app.config import Settings
from app.main import create_app


def passages(client: TestClient) -> dict[str, str]:
    return {p["id"]: p["text"] for p in client.get("/api/passages").json()["items"]}


def timeline_at(settings: Settings, today: date) -> tuple[list[dict[str, Any]], str, str]:
    """The timeline's JSON items, its page and the /phases page, with TODAY pinned."""
    pinned = settings.model_copy(update={"pinned_today": today})
    with TestClient(create_app(pinned), headers=IDENTITY) as other:
        items = other.get("/api/timeline").json()["items"]
        return items, other.get("/timeline").text, other.get("/phases").text


def axis_day(entry: dict[str, Any]) -> date:
    """Where an entry sits: the first day of its placement, a target the last of its month
    (as the deadline status counts it)."""
    parts = [int(n) for n in entry["placement"]["at"].split("-")] + [1, 1]
    if entry["kind"] == "target":
        return date(parts[0], parts[1], calendar.monthrange(parts[0], parts[1])[1])
    return date(parts[0], parts[1], parts[2])


def test_timeline_puts_every_date_on_one_axis_in_time_order(client: TestClient) -> None:
    items = client.get("/api/timeline").json()["items"]
    days = [axis_day(entry) for entry in items]
    assert days == sorted(days)
    words = [entry["words"] for entry in items]
    # The reader's complaint: these appeared in the article's order, not in time order.
    order = ["last August", "Oct. 7", "Dec. 29, 2023", "in January", "Friday", "Sept. 15"]
    assert [w for w in words if w in order] == order
    assert words.index("in 2021") < words.index("last August")
    kinds = [entry["kind"] for entry in items]
    assert kinds.index("article") < kinds.index("target")
    page = lxml_html.fromstring(client.get("/timeline").text)
    assert page.xpath("//ol[@class='timeline']/li/@data-at") == [
        e["placement"]["at"] for e in items
    ]


def test_every_inferred_placement_is_marked_and_keeps_the_articles_words(
    client: TestClient,
) -> None:
    items = client.get("/api/timeline").json()["items"]
    page = lxml_html.fromstring(client.get("/timeline").text)
    shown = page.xpath("//ol[@class='timeline']/li")
    assert len(shown) == len(items)
    placed = [(e, li) for e, li in zip(items, shown, strict=True) if e["date"]]
    relative = [(e, li) for e, li in placed if e["date"]["hedge"] in ("relative", "inferred")]
    assert len(relative) == 9  # 7 dates relative to the article, 2 years inferred
    for entry, li in relative:
        placement = entry["placement"]
        assert placement["placed_by"] == "inference" and placement["inferred_year"]
        assert "infer" in placement["reasoning"]["text"] and placement["reasoning"]["sources"]
        # It sits at the earliest it may be; a stretch with no given start where it may end.
        assert placement["at"] == (placement["earliest"] or placement["period_ends"][0])
        assert placement["at"] <= placement["latest"]
        assert entry["words"] == entry["date"]["text"] in entry["fact"]["quote"]
        text = " ".join(li.text_content().split())
        assert f"“{entry['words']}”" in text and "placed by us: inferred" in text
        assert "infer" in entry["when"]
    for entry, _ in placed:
        if entry["date"]["hedge"] == "relative":
            assert entry["date"]["date"] is None  # the article's own date stays undated
        else:
            assert (entry["placement"]["placed_by"] == "inference") == entry["date"]["inferred"]
    august = next(e for e, _ in relative if e["words"] == "last August")["placement"]
    assert (august["earliest"], august["latest"]) == ("2023-08", "2024-08")


def test_targets_and_the_caption_keep_their_speaker_hedge_and_source(
    client: TestClient,
) -> None:
    items = client.get("/api/timeline").json()["items"]
    targets = [e for e in items if e["kind"] == "target"]
    assert [e["when"] for e in targets] == [e["date"]["text"] for e in targets]
    assert [e["when"] for e in targets][-2:] == [
        "until at least September 2026",
        "by September 2026",
    ]
    for target in targets:
        assert target["when"].startswith(("by ", "until at least "))
        assert target["status"] and target["placement"]["placed_by"] == "article"
        assert any(name in target["label"] for name in ("al-Abbassi", "U.S. official", "article"))
    caption = [e for e in items if e["kind"] == "caption"]
    assert [(e["words"], e["placement"]["placed_by"]) for e in caption] == [
        ("Dec. 29, 2023", "caption")
    ]
    assert not caption[0]["fact"]["story"]
    page = client.get("/timeline").text
    assert page.count("target, not an event") == len(targets)
    shown = lxml_html.fromstring(page).xpath("//li[contains(@class, 'event-target')]")
    for target, li in zip(targets, shown, strict=True):
        line = " ".join(li.xpath(".//p[@class='event-when']")[0].text_content().split())
        assert line.startswith(f"{target['when']}, according to ")  # the speaker, beside it
    assert "from the photo caption, not the story" in page


def test_the_articles_likely_date_is_on_the_timeline_as_our_inference(
    client: TestClient,
) -> None:
    items = client.get("/api/timeline").json()["items"]
    overview = client.get("/api/overview").json()
    [article] = [e for e in items if e["kind"] == "article"]
    assert article["placement"]["placed_by"] == "inference"
    assert (article["placement"]["earliest"], article["placement"]["latest"]) == (
        "2024-09-16",
        "2024-12-31",
    )
    assert article["note"]["text"] == overview["likely_date"]["text"]
    assert article["placement"]["reasoning"]["text"] == overview["date_reasoning"]["text"]
    assert "our inference" in article["when"] and article["fact"] is None
    assert "Why we date it so" in client.get("/timeline").text


@pytest.mark.parametrize(
    ("today", "before", "after", "bar"),
    [
        # Past both phase dates: the marker closes the line; on the bar it comes after
        # Phase 2's open end, as "until at least" gives no end for it to pass.
        (date(2026, 12, 2), "by September 2026", None, ["phase-1", "phase-2", "open", "today"]),
        # Between them: past the first phase's month, before the second's.
        (
            date(2025, 10, 1),
            "by September 2025",
            "until at least September 2026",
            ["phase-1", "today", "phase-2", "open"],
        ),
        # On the last day of the first phase's month: "by September 2025" has not yet passed.
        (date(2025, 9, 30), None, "by September 2025", ["today", "phase-1", "phase-2", "open"]),
        # Before both: after the article's likely date, before every target.
        (date(2025, 1, 1), None, "by September 2025", ["today", "phase-1", "phase-2", "open"]),
    ],
)
def test_today_sits_in_order_on_the_timeline_and_the_phase_bar(
    settings: Settings, today: date, before: str | None, after: str | None, bar: list[str]
) -> None:
    items, page, phases_page = timeline_at(settings, today)
    here = [e["kind"] for e in items].index("today")
    marker = items[here]
    assert marker["when"] == f"Today, {today.isoformat()} (our computation)"
    assert marker["placement"]["placed_by"] == "computation"
    earlier, later = items[:here], items[here + 1 :]
    assert (earlier[-1]["words"] if earlier[-1]["kind"] == "target" else None) == before
    assert (later[0]["words"] if later else None) == after
    # The marker agrees with the deadline status: every target before it has passed.
    assert all(e["status"]["passed"] for e in earlier if e["kind"] == "target")
    assert not any(e["status"]["passed"] for e in later if e["kind"] == "target")
    assert f"Today, {today.isoformat()}" in page
    figure = lxml_html.fromstring(phases_page).xpath("//figure[@class='tbar']")[0]
    assert bar_steps(figure) == ["start", *bar]
    assert f"Today, {today.isoformat()}" in figure.text_content()


def bar_steps(figure: Any) -> list[str]:
    """What each step of the phase bar is: start, phase-N, open (Phase 2's end) or today."""
    kinds = ("tbar-start", "tbar-phase-1", "tbar-phase-2", "tbar-open", "tbar-today")
    return [
        next(c for c in li.get("class").split() if c in kinds).removeprefix("tbar-")
        for li in figure.xpath(".//li")
    ]


def test_the_phase_bar_says_the_article_gives_no_start_date(client: TestClient) -> None:
    bar = lxml_html.fromstring(client.get("/phases").text).xpath("//figure[@class='tbar']")[0]
    start = " ".join(bar.xpath(".//li[contains(@class, 'tbar-start')]")[0].text_content().split())
    assert start.startswith("Start: U.S. officials “said Friday”")
    assert "no start date for the first phase" in start and "we infer late 2024" in start


def test_every_event_links_to_a_passage_containing_its_date_words(client: TestClient) -> None:
    texts = passages(client)
    items = client.get("/api/timeline").json()["items"]
    dated = [e for e in items if e["fact"]]
    assert len(dated) == len(items) - 2  # all but the article's likely date and today
    for event in dated:
        fact = event["fact"]
        assert event["date"]["text"] in texts[fact["passage_id"]]
        assert event["date"]["text"] in fact["quote"]
    page = lxml_html.fromstring(client.get("/timeline").text).get_element_by_id("main")
    links = page.xpath(".//a[@class='source-link'][not(ancestor::*[@popover])]")
    assert len(links) == len(dated)


def test_deadline_status_follows_the_injected_date(client: TestClient) -> None:
    page = client.get("/phases/1").text
    assert "September 2025 has passed (today is 2026-11-26)" in page
    assert "The undated article cannot say whether this target was met." in page
    current: Settings = app_of(client).state.settings
    earlier = current.model_copy(update={"pinned_today": date(2025, 1, 15)})
    with TestClient(create_app(earlier), headers=IDENTITY) as other:
        assert "September 2025 is still ahead (today is 2025-01-15)" in other.get("/phases/1").text
        items = other.get("/api/timeline").json()["items"]
        targets = [event for event in items if event["kind"] == "target"]
        assert targets and not any(event["status"]["passed"] for event in targets)


def test_framings_put_each_side_in_its_own_words(client: TestClient) -> None:
    framings = client.get("/api/framings").json()
    expanded = client.get("/api/officials?expand=statements").json()["items"]
    officials = {s["slug"]: s for s in expanded}
    us = framings["united_states"]["facts"]
    iraq = framings["iraq"]["facts"]
    assert all(officials[f["speaker"]["slug"]]["side"] == "united-states" for f in us)
    assert all(
        officials[f["speaker"]["slug"]]["side"] == "iraq" or "al-Abbassi" in (f["via"] or "")
        for f in iraq
    )
    assert any("not withdrawing" in f["quote"] for f in us)
    assert any("no need for a coalition" in f["quote"] for f in iraq)
    assert any("pull out from bases" in f["quote"] for f in iraq)


def test_numbers_list_every_figure_with_unit_and_passage(client: TestClient) -> None:
    rows = client.get("/api/numbers").json()["items"]
    texts = passages(client)
    figures = {row["figure"]["text"] for row in rows}
    assert {
        "about 2,500",
        "about 900",
        "some 175",
        "about one-third",
        "10 years",
        "630th Ordnance Company",
    } <= figures
    for row in rows:
        assert row["figure"]["text"] in texts[row["fact"]["passage_id"]]
        assert row["figure"]["unit"] and row["figure"]["counts"]
    for number in re.findall(r"\b\d[\d,]*\b", " ".join(texts[p] for p in texts)):
        assert any(number in f for f in figures) or number in {
            "2023",
            "29",
            "2025",
            "2026",
            "2014",
            "2017",
            "2021",
            "15",
            "7",
            "10",
        }, number


def test_notes_are_computed_from_the_data(client: TestClient) -> None:
    notes = {note["key"]: note for note in client.get("/api/notes").json()["items"]}
    expanded = client.get("/api/officials?expand=statements").json()["items"]
    officials = {s["slug"]: s for s in expanded}
    facts = client.get("/api/facts").json()["items"]
    attributed = [f for f in facts if f["wording"] in ("quote", "partial_quote", "paraphrase")]
    # Words one speaker says twice count once (the same words from two speakers count twice).
    said = {(f["speaker"]["slug"], f["quote"].lower().strip(" .,“”")): f for f in attributed}
    attributed = list(said.values())
    unnamed = [f for f in attributed if not officials[f["speaker"]["slug"]]["named"]]
    assert notes["anonymous"]["text"].startswith(f"{len(unnamed)} of the {len(attributed)} ")
    assert "“Higher Military Commission” once" in notes["commission-name"]["text"]
    assert "“High Military Commission” once" in notes["commission-name"]["text"]
    assert "passages 7 and 11" in notes["repeated-quote"]["text"]
    relayed = [f for f in facts if f["channel"] in ("outlet", "person")]
    second_hand = notes["second-hand"]["text"]
    assert second_hand.startswith(f"{len(relayed)} statements were said to another outlet")
    for words in ("Al-Hadath", "Agence France-Presse", "an interview with Bloomberg"):
        assert words in notes["second-hand"]["text"]
    assert "no publication date" in notes["publication-date"]["text"]
    assert "troop numbers" in notes["undisclosed"]["text"]
    assert "al Asad Air Base" in notes["base-names"]["text"]
    for note in notes.values():
        assert note["facts"], note["key"]


def test_search_finds_and_marks_words(client: TestClient) -> None:
    found = client.get("/api/search", params={"q": "withdraw"}).json()
    ids = [hit["id"] for hit in found["results"]]
    assert "p-5" in ids and "not-withdrawing" in ids
    # The match is marked in the snippet, or a word searched for it (the word or one of its
    # thesaurus group: "leaving") is in the hit's title (a fact's statement).
    searched = [word for term in found["terms"] for word in term["searched"]]
    assert "leaving" in searched
    assert all(
        "<mark>" in hit["snippet_html"] or any(word in hit["title"].lower() for word in searched)
        for hit in found["results"]
    )
    page = client.get("/search", params={"q": "Kurdistan"}).text
    assert "<mark>Kurdistan</mark>" in page
    assert twin_data(client.get("/search.json", params={"q": "Kurdistan"}).json()) == as_twin(
        client.get("/api/search", params={"q": "Kurdistan"}).json()
    )


@pytest.mark.parametrize("query", HOSTILE_INPUTS)
def test_search_takes_any_input_calmly(client: TestClient, query: str) -> None:
    for path in ("/search", "/api/search", "/search.json"):
        response = client.get(path, params={"q": query})
        assert response.status_code == 200, (path, query)
        if path == "/search":
            assert "<script>alert" not in response.text  # echoed, but escaped
        else:
            assert response.headers["content-type"] == "application/json"


def test_every_page_is_within_two_clicks_of_every_page(client: TestClient) -> None:
    pages = site_paths(client)
    links: dict[str, set[str]] = {}
    for path in pages:
        targets = {urlsplit(link).path for link in collect(client.get(path).text).links}
        links[path] = {t for t in targets if t in pages}
    for start in pages:
        reached = {start} | links[start]
        for middle in links[start]:
            reached |= links[middle]
        assert reached >= set(pages), (start, set(pages) - reached)


def test_repeated_searches_are_answered_from_memory_with_etags(client: TestClient) -> None:
    first = client.get("/search", params={"q": "Baghdad"})
    again = client.get(
        "/search", params={"q": "Baghdad"}, headers={"if-none-match": first.headers["etag"]}
    )
    assert again.status_code == 304
    other = client.get("/api/search", params={"q": "Syria"})
    assert other.json()["query"] == "Syria" and other.headers["etag"] != first.headers["etag"]
    assert "<mark>Baghdad</mark>" in first.text


# Every element that carries text on the timeline and in the phase bar: none may cross another.
TEXT_BOXES = """sel => [...document.querySelectorAll(sel)].map(e => {
  const r = e.getBoundingClientRect(); return [r.left, r.top, r.right, r.bottom, e.textContent];
})"""


def crossing(boxes: list[list[Any]]) -> list[tuple[str, str]]:
    """Pairs of text boxes that overlap by more than a pixel each way."""
    found = []
    for i, (l1, t1, r1, b1, a) in enumerate(boxes):
        for l2, t2, r2, b2, b in boxes[i + 1 :]:
            if min(r1, r2) - max(l1, l2) > 1 and min(b1, b2) - max(t1, t2) > 1:
                found.append((a.strip()[:40], b.strip()[:40]))
    return found


@pytest.mark.browser
@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("width", [390, 1280])
def test_timeline_and_phase_bar_stay_readable_with_no_text_crossing(
    browser: Browser, live_server: str, width: int, scheme: Scheme
) -> None:
    context = browser.new_context(viewport={"width": width, "height": 900}, color_scheme=scheme)
    page = context.new_page()
    for path, selector in (
        ("/timeline", ".timeline > li > p, .timeline > li > details"),
        ("/phases", ".tbar-step > p, .tbar figcaption"),
    ):
        page.goto(live_server + path)
        assert page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0
        assert crossing(page.evaluate(TEXT_BOXES, selector)) == [], (path, width, scheme)
    today = page.locator(".tbar-today")
    assert today.is_visible() and "Today, " in today.inner_text()
    context.close()
