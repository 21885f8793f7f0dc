"""Timeline, framings, numbers, notes, search, the overview's timeline bar and navigation."""

import re
from datetime import date
from urllib.parse import urlsplit

import pytest
from fastapi.testclient import TestClient
from helpers import HOSTILE_INPUTS, as_twin, collect, site_paths
from lxml import html as lxml_html

from app.config import Settings
from app.main import create_app


def passages(client: TestClient) -> dict[str, str]:
    return {p["id"]: p["text"] for p in client.get("/api/passages").json()["items"]}


def test_timeline_is_in_date_order_with_the_caption_apart(client: TestClient) -> None:
    bands = client.get("/api/timeline").json()["items"]
    assert [band["key"] for band in bands] == ["past", "relative", "target", "caption"]
    assert [e["fact"]["story"] for e in bands[3]["events"]] == [False]
    assert all(e["fact"]["story"] for band in bands[:3] for e in band["events"])
    for band in (bands[0], bands[2]):
        keys = [
            (e["date"]["year"], e["date"]["month"] or 0, e["date"]["day"] or 0)
            for e in band["events"]
        ]
        assert keys == sorted(keys)
    assert bands[0]["events"][0]["date"]["year"] == 2013  # inferred, from “For 10 years”
    assert [e["date"]["text"] for e in bands[2]["events"]][-2:] == [
        "until at least September 2026",
        "by September 2026",
    ]
    relative = [e["fact"]["start"] for e in bands[1]["events"]]
    assert relative == sorted(relative)


def test_every_event_links_to_a_passage_containing_its_date_words(client: TestClient) -> None:
    texts = passages(client)
    for band in client.get("/api/timeline").json()["items"]:
        for event in band["events"]:
            fact = event["fact"]
            assert event["date"]["text"] in texts[fact["passage_id"]]
            assert event["date"]["text"] in fact["quote"]
    page = lxml_html.fromstring(client.get("/timeline").text).get_element_by_id("main")
    links = page.xpath(".//a[@class='source-link'][not(ancestor::*[@popover])]")
    assert len(links) == sum(len(b["events"]) for b in client.get("/api/timeline").json()["items"])


def test_timeline_marks_inferred_and_keeps_relative_dates_relative(client: TestClient) -> None:
    page = client.get("/timeline").text
    assert "2013 to 2015 (inferred from “For 10 years”)" in page
    assert "“last August”, year not stated" in page
    assert "“in January”, year not stated" in page
    assert "carries no publication date" in page


def test_deadline_status_follows_the_injected_date(client: TestClient) -> None:
    page = client.get("/phases/1").text
    assert "September 2025 has passed (today is 2026-11-26)" in page
    assert "The undated article cannot say whether this target was met." in page
    current: Settings = client.app.state.settings  # type: ignore[attr-defined]
    earlier = current.model_copy(update={"pinned_today": date(2025, 1, 15)})
    with TestClient(create_app(earlier)) as other:
        assert "September 2025 is still ahead (today is 2025-01-15)" in other.get("/phases/1").text
        targets = other.get("/api/timeline").json()["items"][2]["events"]
        assert not any(event["deadline"]["passed"] for event in targets)


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
    # thesaurus group: "pull out") is in the hit's title (a fact's statement).
    searched = [word for term in found["terms"] for word in term["searched"]]
    assert "pull out" in searched
    assert all(
        "<mark>" in hit["snippet_html"] or any(word in hit["title"].lower() for word in searched)
        for hit in found["results"]
    )
    page = client.get("/search", params={"q": "Kurdistan"}).text
    assert "<mark>Kurdistan</mark>" in page
    assert client.get("/search.json", params={"q": "Kurdistan"}).json() == as_twin(
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
