"""Editorial assertions about the real article (seed/): what its pages say, quote and hedge.

Every other test of code (loader, routes, cache, API shapes) holds for any seed: these name the
real article's facts, speakers, passages and phrasings. A legitimate editorial change to the
seed (a fact retired, a page reworded) should turn red here, if anywhere, and be fixed here,
together with the seed. The editorial rules over every page (quotation marks, hedges, speakers)
are tests/test_words.py, tests/test_story_first.py and tests/test_reading_layer.py.
"""

import json
import re
from html import unescape as html_unescape

from fastapi.testclient import TestClient
from helpers import SITE, collect


def text_of(html: str) -> str:
    """The page's visible words, tags dropped and whitespace collapsed."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_the_officials_page_has_the_two_people_readers_look_for(client: TestClient) -> None:
    people = {s["slug"] for s in client.get("/officials.json").json()}
    assert {"thabet-al-abbassi", "lloyd-austin"} <= people
    assert "said to another outlet" in text_of(client.get("/officials").text)


def test_overview_says_what_was_agreed_when_and_by_whom(client: TestClient) -> None:
    page = text_of(client.get("/").text)
    assert "U.S. troops will remain in Iraq as the U.S. and Iraq agree to a two-phased" in page
    assert "U.S. officials said" in page
    assert "by September 2025" in page
    assert "until at least September 2026" in page
    assert "federal Iraq" in page and "Kurdistan region" in page
    for name in ["Iraqi Defence Minister Thabet al-Abbassi", "an anonymous U.S. official"]:
        assert name in page
    assert 'href="/source"' in client.get("/").text


def test_phase_pages_keep_the_hedges_and_say_what_is_not_disclosed(client: TestClient) -> None:
    first = text_of(client.get("/phases/1").text)
    assert "by September 2025" in first and "deadline" in first
    assert "certain locations in Iraq" in first
    assert "Not disclosed" in first
    assert "did not say how many troops" in first and "where they will be stationed" in first
    second = text_of(client.get("/phases/2").text)
    assert "until at least September 2026" in second and "earliest end" in second
    assert "operations in Syria from Iraq" in second


def test_regions_list_federal_iraq_first_and_say_whose_mapping_it_is(client: TestClient) -> None:
    names = [r["name"] for r in client.get("/regions.json").json()]
    assert names == ["Federal Iraq", "Kurdistan region"]
    listing = text_of(client.get("/regions").text)
    assert all(name in listing for name in names)
    federal = text_of(client.get("/regions/federal-iraq").text)
    assert "Baghdad" in federal and "by September 2025" in federal and "Phase 1" in federal
    kurdistan = text_of(client.get("/regions/kurdistan-region").text)
    assert "autonomous northern Kurdistan" in kurdistan and "Phase 2" in kurdistan
    for page in (federal, kurdistan):
        assert "How this region maps onto a phase" in page
        assert "al-Abbassi’s account" in page


def test_the_count_of_sources_leaves_out_someone_only_mentioned(client: TestClient) -> None:
    speakers = {s["slug"]: s for s in client.get("/api/officials").json()["items"]}
    austin = speakers["lloyd-austin"]
    assert austin["standing"] == "mentioned"
    assert austin["relayed_by"]["slug"] == "thabet-al-abbassi"
    sources = [s for s in speakers.values() if s["standing"] == "source"]
    assert "lloyd-austin" not in {s["slug"] for s in sources}
    page = text_of(client.get("/officials").text)
    assert f"quotes or paraphrases {len(sources)} sources" in page
    unnamed = [s for s in sources if not s["named"]]
    assert f"{len(unnamed)} of them are unnamed" in page
    mentioned = page[page.index("Mentioned by a source") :]
    assert "Lloyd Austin" in mentioned and "Lloyd Austin" not in page[: page.index(mentioned)]


def test_austin_page_says_he_is_mentioned_relayed_by_al_abbassi(client: TestClient) -> None:
    html = client.get("/officials/lloyd-austin").text
    page = text_of(html)
    assert "two years were not enough" in page
    assert "al-Abbassi" in page and "Agence France-Presse" in page
    assert "Mentioned by a source" in page and "not a source the article quotes" in page
    assert '<p class="kicker">Source</p>' not in html
    assert 'href="/officials/thabet-al-abbassi"' in html


def test_source_page_has_every_passage_addressable_and_kinds_told_apart(
    client: TestClient, article: str
) -> None:
    html = client.get("/source").text
    ids = collect(html).ids
    assert {f"p-{n}" for n in range(1, 24)} <= ids
    assert html.count('class="passage passage-body"') == 15
    page = text_of(html)
    assert "Photo caption" in page and "About the author" in page
    assert "Page furniture, not part of the article" in page


def test_each_passage_lists_the_facts_citing_it(client: TestClient) -> None:
    html = client.get("/source").text
    passage_6 = html[html.index('id="p-6"') : html.index('id="p-7"')]
    assert 'href="/facts/troop-numbers-not-disclosed"' in passage_6
    assert 'href="/facts/phase-1-concludes-mission"' in passage_6


def test_fact_page_marks_the_quote_inside_its_passage(client: TestClient) -> None:
    html = client.get("/facts/austin-two-years-not-enough").text
    assert "<mark>He also said U.S. Defense Secretary Lloyd Austin" in html
    assert 'href="/source#p-12:~:text=' in html
    assert "Passed on by another person" in html and "Quoted in part" in html


def test_al_abbassis_federal_iraq_deadline_keeps_its_speaker_outlet_and_hedge(
    client: TestClient, article: str
) -> None:
    fact = client.get("/api/facts/abbassi-federal-iraq-by-september-2025").json()
    assert fact["speaker"]["name"] == "Thabet al-Abbassi"
    assert (fact["wording"], fact["channel"]) == ("paraphrase", "outlet")
    assert "Agence France-Presse" in fact["via"]
    assert article[fact["start"] : fact["end"]] == fact["quote"]
    assert fact["passage_id"] == "p-12"
    assert fact["dates"][0]["hedge"] == "deadline"


def test_regions_come_federal_iraq_first(client: TestClient) -> None:
    slugs = [region["slug"] for region in client.get("/api/regions").json()["items"]]
    assert slugs == ["federal-iraq", "kurdistan-region"]


def test_every_story_passage_is_cited_and_the_article_is_the_one_locked(
    client: TestClient,
) -> None:
    article = client.get("/api/article").json()
    assert article["body_passages"] == article["cited_body_passages"] == 15
    assert article["sha256"].startswith("b9d94d99")
    assert client.get("/healthz").json()["passages"] == 23


def test_al_sudanis_json_ld_names_the_author_the_outlet_and_his_words(client: TestClient) -> None:
    html = client.get("/officials/mohammed-shia-al-sudani").text
    block = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert block
    nodes = {node["@type"]: node for node in json.loads(block.group(1))["@graph"]}
    article = nodes["NewsArticle"]
    assert article["author"]["name"] == "Matthew Adams"
    assert article["publisher"]["name"] == "Stars and Stripes"
    assert "datePublished" not in article
    quotes = [n for n in json.loads(block.group(1))["@graph"] if n["@type"] == "Quotation"]
    assert {q["creator"]["name"] for q in quotes} == {"Mohammed Shia al-Sudani"}
    assert "There is no need for a coalition." in {q["text"] for q in quotes}


def test_the_not_withdrawing_citation_names_who_said_it_and_where(client: TestClient) -> None:
    html = client.get("/facts/not-withdrawing").text
    citation = re.search(r'<p class="citation" id="citation">(.*?)</p>', html, re.S)
    assert citation
    for part in [
        "Anonymous U.S. official",
        "Matthew Adams",
        "Stars and Stripes",
        "passage 5",
        f"{SITE}/facts/not-withdrawing",
    ]:
        assert part in citation.group(1)
    block = re.search(r'<pre class="annotation" tabindex="0"><code>(.*?)</code></pre>', html, re.S)
    assert block
    note = json.loads(html_unescape(block.group(1)))
    assert note == client.get("/api/annotations/not-withdrawing").json()
    assert 'data-copy="this fact"' in html
