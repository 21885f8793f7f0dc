"""Corrections are public: logged in the data, shown on the fact page and on the corrections
pages (/corrections lists the days; /corrections/{day} shows one, in parts when it is long), and
a retired fact id answers with a pointer instead of a bare 404."""

import random
import re
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import lxml.html
import pytest
from fastapi.testclient import TestClient
from helpers import (
    IDENTITY,
    ONE_ROUND_TRIP,
    SITE,
    app_of,
    append_corrections,
    as_twin,
    page_weight,
    site_paths,
    twin_data,
    vnu_errors,
)

from app.config import Settings
from app.loader.loader import build
from app.main import create_app


def _shown(text: str) -> str:
    """Text as a page shows it: an apostrophe is escaped in HTML."""
    return text.replace("'", "&#39;")


def _day_pages(client: TestClient) -> list[str]:
    return [path for path in site_paths(client) if path.startswith("/corrections/")]


def test_every_correction_is_on_the_page_for_its_day(client: TestClient) -> None:
    corrections = client.get("/api/corrections").json()["items"]
    assert len(corrections) > 10
    assert client.get("/corrections.json").json() == as_twin(corrections)  # all, newest first
    dates = [correction["date"] for correction in corrections]
    assert dates == sorted(dates, reverse=True)
    for correction in corrections:
        day = client.get(f"/api/corrections/{correction['date']}").json()
        parts = [client.get(part["api_url"].removeprefix(SITE)).json() for part in day["parts"]]
        (part,) = [p for p in parts if correction in p["corrections"]]
        html = client.get(part["parts"][part["part"] - 1]["url"].removeprefix(SITE)).text
        shown = lxml.html.fromstring(html).text_content()  # (an Arabic wording's “…” is a span)
        for text in (correction["reason"], correction["before"], correction["after"]):
            assert text in shown, (correction["target"], text)
        assert f'href="{correction["url"].removeprefix(SITE)}"' in html
        assert client.get(correction["url"].removeprefix(SITE)).status_code == 200


def test_a_day_is_the_log_filtered_to_that_day_in_parts_that_fit(client: TestClient) -> None:
    """Each day's parts, in order, are exactly /api/corrections' entries of that day."""
    corrections = as_twin(client.get("/api/corrections").json())
    days = sorted({c["date"] for c in corrections}, reverse=True)
    assert len(days) >= 2
    for day in days:
        first = client.get(f"/corrections/{day}.json").json()
        assert [p["part"] for p in first["parts"]] == list(range(1, len(first["parts"]) + 1))
        found = []
        for ref in first["parts"]:
            part = client.get(ref["url"] + ".json").json()
            assert (part["date"], part["part"], part["parts"]) == (day, ref["part"], first["parts"])
            assert len(part["corrections"]) == ref["count"]
            assert page_weight(client, ref["url"]) <= ONE_ROUND_TRIP, ref["url"]
            found += part["corrections"]
        assert found == [c for c in corrections if c["date"] == day]
        assert first["count"] == len(found)
    assert len(client.get(f"/corrections/{days[-1]}.json").json()["parts"]) > 1  # split


def test_each_day_links_its_neighbours_and_every_part_has_a_twin(client: TestClient) -> None:
    pages = _day_pages(client)
    assert pages
    for path in pages:
        twin = client.get(f"{path}.json").json()
        assert twin_data(twin) == as_twin(client.get(f"/api{path}").json())
        html = client.get(path).text
        assert html.count("<h1") == 1 and 'href="/corrections"' in html
        for near in ("newer", "older"):
            if twin[near]:
                assert f'href="{twin[near]["url"]}"' in html
                assert client.get(twin[near]["url"] + ".json").json()["date"] == twin[near]["date"]
    newest = client.get(f"{pages[0]}.json").json()
    assert newest["newer"] is None and newest["part"] == 1
    oldest = client.get(f"/corrections/{newest['older']['date']}.json").json()
    assert oldest["newer"]["date"] == newest["date"]


def test_corrections_lists_the_days_and_shows_the_newest_in_full(client: TestClient) -> None:
    corrections = client.get("/api/corrections").json()["items"]
    html = client.get("/corrections").text
    days: dict[str, int] = {}
    for correction in corrections:
        days[correction["date"]] = days.get(correction["date"], 0) + 1
    for day, count in days.items():
        assert f'href="/corrections/{day}">{day}</a>: {count} corrections' in html
    assert html.index(f"/corrections/{max(days)}") < html.index(f"/corrections/{min(days)}")
    for path in _day_pages(client):  # every day and every part of a long one: two clicks away
        assert f'href="{path}"' in html, path
    newest = client.get(f"/api/corrections/{max(days)}").json()
    for correction in newest["corrections"]:
        assert _shown(correction["reason"]) in html
    assert page_weight(client, "/corrections") <= ONE_ROUND_TRIP


def test_a_corrections_card_states_only_counts_from_the_data(client: TestClient) -> None:
    for path in _day_pages(client):
        day = client.get(f"{path}.json").json()
        html = client.get(path).text
        alt = re.search(r'<meta property="og:image:alt" content="([^"]*)"', html)
        title = re.search(r'<meta property="og:title" content="([^"]*)"', html)
        assert alt and title, path
        noun = "correction" if day["count"] == 1 else "corrections"
        made = f"{day['count']} {noun} made on {day['date']}"
        assert made in alt.group(1) and day["date"] in title.group(1), path
        if len(day["parts"]) > 1:
            assert f"part {day['part']} of {len(day['parts'])}" in title.group(1)
            assert f"{len(day['corrections'])} of them here" in alt.group(1)
        for correction in day["corrections"]:  # the card names no corrected words
            assert _shown(correction["after"]) not in alt.group(1)


@pytest.mark.parametrize(
    "key", ["nope", "2020-01-01", "2026-11-29-part-1", "2026-11-29-part-99", "2026-13-45"]
)
def test_a_day_without_corrections_is_a_clear_404(client: TestClient, key: str) -> None:
    page = client.get(f"/corrections/{key}")
    assert page.status_code == 404
    assert page.headers["content-type"].startswith("text/html")
    assert "/corrections lists the days" in page.text
    for path in (f"/corrections/{key}.json", f"/api/corrections/{key}"):
        problem = client.get(path)
        assert problem.status_code == 404, path
        assert problem.headers["content-type"] == "application/problem+json"
        assert problem.json()["instance"] == path and key in problem.json()["detail"]


def test_every_corrections_page_fits_however_long_the_log_grows(seed_copy: Settings) -> None:
    """A long day is split into parts, and the index lists many days, each page within budget.

    The added wordings are words drawn at random from the article: they compress worse than
    real corrections, which repeat one another.
    """
    facts_file = seed_copy.facts_path.read_text(encoding="utf-8")
    facts = re.findall(r'^\[\[facts\]\]\nid = "([^"]+)"', facts_file, re.M)
    words = re.findall(r"[A-Za-z]+", seed_copy.article_path.read_text(encoding="utf-8"))
    rng = random.Random(7)

    def text(low: int, high: int) -> str:
        return " ".join(rng.choice(words) for _ in range(rng.randint(low, high))) + "."

    start, entries = date(2026, 12, 3), []
    for number in range(300):  # 120 days with one correction each, then a day with 180
        day = start + timedelta(days=min(number, 120))
        entries.append(
            f'[[corrections]]\nfact = "{facts[number % len(facts)]}"\ndate = {day}\n'
            f'before = "{text(20, 60)}"\nreason = "{text(10, 30)}"\n'
        )
    append_corrections(seed_copy, "\n".join(entries))
    build(seed_copy)
    with TestClient(create_app(seed_copy), headers=IDENTITY) as client:
        paths = ["/corrections", *_day_pages(client)]
        assert len(paths) > 120 + 2
        long_day = client.get(f"/api/corrections/{start + timedelta(days=120)}").json()
        assert long_day["count"] == 180 and len(long_day["parts"]) > 3
        for path in paths:
            assert page_weight(client, path) <= ONE_ROUND_TRIP, path


def test_a_corrected_fact_says_so_with_the_words_it_replaced(client: TestClient) -> None:
    fact = client.get("/api/facts/austin-two-years-not-enough").json()
    assert fact["corrections"] and fact["corrections"][-1]["after"] == fact["statement"]
    html = client.get("/facts/austin-two-years-not-enough").text
    assert "Corrected on 2026-11-29" in html
    assert "had told a meeting" in html  # the earlier wording, kept on the record


def test_a_retired_fact_points_to_what_replaced_it(tiny_settings: Settings) -> None:
    """The tiny seed's log retires `ferry-will-stay` for `ferry-not-going-away`."""
    with TestClient(create_app(tiny_settings)) as client:
        page = client.get("/facts/ferry-will-stay")
        assert page.status_code == 410
        assert 'href="/facts/ferry-not-going-away"' in page.text
        assert _shown("The article gives the engineer’s words twice;") in page.text
        api = client.get("/api/facts/ferry-will-stay")
        assert api.status_code == 410
        assert api.headers["content-type"] == "application/problem+json"
        assert (api.json()["status"], api.json()["title"]) == (410, "Gone")
        assert "/facts/ferry-not-going-away" in api.json()["detail"]


def test_the_json_download_lists_each_officials_statements(client: TestClient) -> None:
    data = client.get("/downloads/facts.json").json()
    facts = {fact["id"]: fact for fact in data["facts"]}
    for official in data["officials"]:
        assert isinstance(official["statements"], list), official["slug"]
        for fact_id in official["statements"]:
            assert facts[fact_id]["speaker"]["slug"] == official["slug"]
    assert data["corrections"]


def test_the_corrections_log_is_a_faithful_history(client: TestClient) -> None:
    """Newest first; for each corrected statement, each change's new wording is the next
    change's earlier wording, and the newest one's is what is published now: in English, or
    for a correction of the Arabic edition's words (`lang` "ar"), in Arabic."""
    corrections = client.get("/api/corrections").json()["items"]
    dates = [c["date"] for c in corrections]
    assert dates == sorted(dates, reverse=True)
    statements = {f["id"]: f["statement"] for f in client.get("/api/facts").json()["items"]}
    english = app_of(client)
    assert english.arabic is not None, "the Arabic edition is on by default"
    prose = {"en": english.state.prose, "ar": english.arabic.state.prose}
    histories: dict[tuple[str, str], list[dict[str, str]]] = {}
    for correction in reversed(corrections):  # oldest first
        histories.setdefault((correction["lang"], correction["target"]), []).append(correction)
    for (lang, target), history in histories.items():
        for earlier, later in zip(history, history[1:], strict=False):
            assert earlier["after"] == later["before"], target
            assert earlier["before"] != earlier["after"], target
        if lang == "ar" and history[-1]["url"].startswith(f"{SITE}/ar/facts/"):
            live = client.get(history[-1]["api_url"].removeprefix(SITE)).json()["statement"]
        else:
            live = statements.get(target) if lang == "en" else None
            live = live or prose[lang][target].text
        assert history[-1]["after"] == live, (lang, target)
    assert {lang for lang, _ in histories} == {"en", "ar"}  # the one log holds both
    assert any(len(history) > 1 for history in histories.values())  # chains are tested


def test_the_corrections_feed_is_atom_a_feed_reader_parses(client: TestClient) -> None:
    import feedparser

    page = client.get("/corrections").text
    feed_url = f"{SITE}/corrections.atom"
    assert (
        f'<link rel="alternate" type="application/atom+xml" title="Corrections" href="{feed_url}">'
        in page
    )
    response = client.get("/corrections.atom")
    assert response.headers["content-type"] == "application/atom+xml; charset=utf-8"
    assert "max-age" in response.headers["cache-control"]
    parsed = feedparser.parse(response.content)
    assert not parsed.bozo, parsed.get("bozo_exception")
    assert parsed.version == "atom10"
    corrections = client.get("/api/corrections").json()["items"]
    assert parsed.feed.id == f"{SITE}/corrections"
    assert parsed.feed.updated.startswith(corrections[0]["date"])
    assert len(parsed.entries) == len(corrections)
    ids = [entry.id for entry in parsed.entries]
    assert len(set(ids)) == len(ids)
    updated = [entry.updated_parsed for entry in parsed.entries]
    assert updated == sorted(updated, reverse=True)  # newest first
    for entry, correction in zip(parsed.entries, corrections, strict=True):
        assert entry.id and entry.title and entry.summary
        assert entry.updated.startswith(correction["date"])
        assert correction["target"] in entry.title
        assert correction["after"] in entry.summary and correction["reason"] in entry.summary
        assert entry.link.startswith(f"{SITE}/corrections/{correction['date']}")
        related = [link.href for link in entry.links if link.rel == "related"]
        assert related == [correction["url"]]
        day_page = client.get(entry.link.removeprefix(SITE))
        assert day_page.status_code == 200 and correction["target"] in day_page.text


# The tiny seed logs two corrections of its Arabic edition's words on 2026-12-03 (its newest
# day): the fact `ferry-not-going-away` and the prose `page:title` (on the overview).
ARABIC_DAY = "2026-12-03"


@pytest.fixture(scope="module")
def tiny(tiny_settings: Settings) -> Iterator[TestClient]:
    with TestClient(create_app(tiny_settings)) as client:
        yield client


def _arabic(client: TestClient) -> list[dict[str, str]]:
    items = client.get("/api/corrections").json()["items"]
    return [item for item in items if item["lang"] == "ar"]


def test_arabic_corrections_are_in_the_same_log_with_their_lang(tiny: TestClient) -> None:
    """One log: /api/corrections and /corrections.json list the Arabic edition's corrections
    among the English ones, newest first, each saying which edition's words it corrects and
    pointing at the Arabic page (and its JSON twin) that publishes them now."""
    items = tiny.get("/api/corrections").json()["items"]
    assert {item["lang"] for item in items} == {"en", "ar"}
    assert tiny.get("/corrections.json").json() == as_twin(items)
    arabic = {item["target"]: item for item in _arabic(tiny)}
    assert set(arabic) == {"ferry-not-going-away", "page:title"}
    fact = arabic["ferry-not-going-away"]
    assert fact["url"] == f"{SITE}/ar/facts/ferry-not-going-away"
    assert fact["api_url"] == f"{SITE}/ar/facts/ferry-not-going-away.json"
    twin = tiny.get("/ar/facts/ferry-not-going-away.json").json()
    assert fact["after"] == twin["statement"] != fact["before"]
    assert fact["reason_ar"] and fact["reason"] != fact["reason_ar"]
    prose = arabic["page:title"]
    assert (prose["url"], prose["api_url"]) == (f"{SITE}/ar/", f"{SITE}/ar/index.json")
    overview = tiny.get("/ar/index.json").json()  # (the tiny seed's overview page: JSON only)
    assert overview["lang"] == "ar" and prose["after"] in str(overview)
    for item in items:
        if item["lang"] == "en":
            assert item["reason_ar"] is None and "/ar/" not in item["url"]
    day = tiny.get(f"/api/corrections/{ARABIC_DAY}").json()
    assert {c["target"] for c in day["corrections"]} == set(arabic)


def test_arabic_wordings_on_the_log_are_marked_arabic_and_linked(tiny: TestClient) -> None:
    """On /corrections and the day's page (English pages), an Arabic correction says so, links
    the Arabic page, and both its wordings sit in an element marked lang="ar" dir="rtl"; the
    English corrections' wordings carry no such mark."""
    for path in ("/corrections", f"/corrections/{ARABIC_DAY}"):
        page = lxml.html.fromstring(tiny.get(path).text)
        for correction in _arabic(tiny):
            (link,) = page.xpath(f'//ol[@class="corrections"]//a[code="{correction["target"]}"]')
            assert link.get("href") == correction["url"].removeprefix(SITE)
            assert link.get("hreflang") == "ar"
            item = link.getparent().getparent()
            assert "in Arabic" in link.getparent().text_content()
            marked = [el.text_content() for el in item.xpath('.//*[@lang="ar"][@dir="rtl"]')]
            assert correction["after"] in marked and correction["before"] in marked, path
            assert correction["reason"] in item.text_content()
        assert page.xpath('//html[@lang="en"]')  # the page stays English
        older = lxml.html.fromstring(tiny.get("/corrections/2026-11-25").text)
        assert not older.xpath('//ol[@class="corrections"]//*[@lang="ar"]')


def test_the_feed_lists_arabic_corrections_linked_to_the_arabic_page(tiny: TestClient) -> None:
    import feedparser

    parsed = feedparser.parse(tiny.get("/corrections.atom").content)
    assert not parsed.bozo
    arabic = {c["target"]: c for c in _arabic(tiny)}
    entries = [entry for entry in parsed.entries if "in Arabic" in entry.title]
    assert len(entries) == len(arabic)
    for entry in entries:
        target = next(t for t in arabic if t in entry.title)
        (related,) = [link for link in entry.links if link.rel == "related"]
        assert related.href == arabic[target]["url"] and related.hreflang == "ar"
        assert arabic[target]["before"] in entry.summary
        assert "/ar/" in entry.id  # counted apart: an English correction's id never moves


def test_the_arabic_fact_page_shows_its_arabic_corrections(tiny: TestClient) -> None:
    """/ar/facts/{id} says when its Arabic wording was corrected (the date in Arabic, as the
    Arabic pages write dates), with the earlier Arabic and the reason in Arabic; the English
    page of the same fact shows none of it, and an English correction is not shown as one of
    the Arabic page's."""
    (correction,) = [c for c in _arabic(tiny) if c["target"] == "ferry-not-going-away"]
    html = tiny.get("/ar/facts/ferry-not-going-away").text
    assert "صُحّحت في 3 كانون الأول 2026" in html
    assert f'<span class="before">{correction["before"]}</span>' in html
    assert correction["reason_ar"] in html and correction["reason"] not in html
    twin = tiny.get("/ar/facts/ferry-not-going-away.json").json()
    assert [c["lang"] for c in twin["corrections"]] == ["ar"]
    english = tiny.get("/facts/ferry-not-going-away").text
    assert correction["before"] not in english and 'class="correction"' not in english
    assert tiny.get("/api/facts/ferry-not-going-away").json()["corrections"] == []
    # cost-not-disclosed has an English correction only: its English page shows it, the
    # Arabic page does not (its Arabic wording never changed).
    assert "Corrected on 2026-11-20" in tiny.get("/facts/cost-not-disclosed").text
    assert 'class="correction"' not in tiny.get("/ar/facts/cost-not-disclosed").text


def test_pages_with_arabic_corrections_are_valid_and_fit(tiny: TestClient, tmp_path: Path) -> None:
    paths = ["/corrections", f"/corrections/{ARABIC_DAY}", "/ar/facts/ferry-not-going-away"]
    assert vnu_errors(tiny, paths, tmp_path) == []
    for path in paths:
        assert page_weight(tiny, path) <= ONE_ROUND_TRIP, path


def test_english_words_in_an_arabic_wording_are_isolated(client: TestClient) -> None:
    """The article's English in “…” inside a logged Arabic wording (or an Arabic reason on the
    Arabic fact page) sits in its own left-to-right span marked English, as on Arabic pages."""
    quoted = [
        c
        for c in client.get("/api/corrections").json()["items"]
        if c["lang"] == "ar" and "“" in c["after"] + c["before"] + c["reason_ar"]
    ]
    assert quoted  # the real log has some
    for correction in quoted:
        day = client.get(f"/api/corrections/{correction['date']}").json()
        parts = [client.get(part["api_url"].removeprefix(SITE)).json() for part in day["parts"]]
        (part,) = [p for p in parts if correction in p["corrections"]]
        path = part["parts"][part["part"] - 1]["url"].removeprefix(SITE)
        page = lxml.html.fromstring(client.get(path).text)
        runs = {
            span.text_content()
            for span in page.xpath('//*[@lang="ar"]//span[@lang="en"][@dir="ltr"]')
        }
        for wording in (correction["after"], correction["before"]):
            assert set(re.findall(r"“[^”]*”", wording)) <= runs, correction["target"]
        if correction["url"].startswith(f"{SITE}/ar/facts/"):
            fact = lxml.html.fromstring(client.get(correction["url"].removeprefix(SITE)).text)
            runs = {s.text_content() for s in fact.xpath('//details//span[@lang="en"]')}
            assert set(re.findall(r"“[^”]*”", correction["reason_ar"])) <= runs
