"""The question-led reading layer: top lines, questions with quiet footnotes, question pages."""

import json

from fastapi.testclient import TestClient
from lxml import html as lxml_html

from app.data.schemas import QuestionsOut


def _questions(client: TestClient) -> QuestionsOut:
    return QuestionsOut.model_validate(client.get("/questions.json").json())


def _page(client: TestClient, path: str) -> lxml_html.HtmlElement:
    response = client.get(path)
    assert response.status_code == 200, path
    return lxml_html.fromstring(response.text)


def test_the_overview_opens_with_three_lines_then_five_to_seven_questions(
    client: TestClient,
) -> None:
    page = _page(client, "/")
    lines = page.cssselect(".top-lines > li")
    assert len(lines) == 3
    assert lines[-1].text_content().startswith("Where things stand today:")
    asked = page.cssselect(".questions .qa h3")
    story = _questions(client).story
    assert 5 <= len(story) <= 7
    assert [h.text_content() for h in asked[: len(story)]] == [q.question for q in story]
    # No citation chrome between sentences: the answers carry only numbered markers.
    for answer in page.cssselect(".answer"):
        assert "Source: passage" not in answer.text_content()
        assert "Fact details" not in answer.text_content()
        assert answer.cssselect("a") == []


def test_where_things_stand_is_said_once_and_names_each_dates_source(
    client: TestClient,
) -> None:
    text = _page(client, "/").text_content()
    assert text.count("Where things stand today") == 1
    assert text.count("is past") == 1 and "has passed" not in text
    today = client.get("/index.json").json()["standing"][0]["text"]
    for phase in client.get("/phases.json").json():
        target = phase["target"]
        assert f"{target['text']}, according to {target['according_to']['short']} (" in today


def test_what_we_know_and_what_we_dont_come_from_the_data(client: TestClient) -> None:
    page = _page(client, "/")
    overview = client.get("/index.json").json()
    known = [li.text_content() for li in page.cssselect(".know li")]
    assert len(known) == len(overview["summary"])
    for item, fact in zip(known, overview["summary"], strict=True):
        assert item.startswith(fact["statement"])
    notes = {note["key"]: note for note in client.get("/notes.json").json()}
    gaps = page.cssselect(".unknown li a[href^='/notes#']")
    assert gaps and all(a.get("href")[len("/notes#") :] in notes for a in gaps)
    assert [a.text_content() for a in gaps] == [
        notes[a.get("href")[len("/notes#") :]]["heading"] for a in gaps
    ]


def test_every_sentence_cites_facts_and_every_marker_opens_its_quote(
    client: TestClient,
) -> None:
    facts = {fact["id"]: fact for fact in client.get("/facts.json").json()}
    for path in ["/", "/questions", *(q.url for q in _questions(client).story)]:
        page = _page(client, path)
        markers = page.cssselect("sup.fn button[popovertarget]")
        assert markers, path
        for marker in markers:
            note = page.get_element_by_id(marker.get("popovertarget"))
            assert note.get("popover") is not None
            fact = facts[note.get("id").removeprefix("fn-")]
            assert note.cssselect(".quote")[0].text_content() == fact["quote"]
            assert fact["speaker"]["name"] in note.text_content()
            assert fact["attribution_label"] in note.text_content()
            hrefs = [a.get("href") for a in note.cssselect("a")]
            assert fact["fragment_url"] in hrefs and fact["url"] in hrefs
            assert marker.text_content() == note.cssselect(".fn-number")[0].text_content()
    for q in _questions(client).story + _questions(client).background:
        assert 1 <= len(q.answer) <= 3
        assert all(sentence.sources for sentence in q.answer)


def test_the_same_fact_keeps_one_number_on_a_page(client: TestClient) -> None:
    page = _page(client, "/")
    numbers: dict[str, set[str]] = {}
    for marker in page.cssselect("sup.fn button"):
        numbers.setdefault(marker.get("popovertarget"), set()).add(marker.text_content())
    assert all(len(found) == 1 for found in numbers.values())
    notes = page.cssselect(".footnote .fn-number")
    assert [n.text_content() for n in notes] == [str(i) for i in range(1, len(notes) + 1)]


def test_each_question_has_a_page_a_twin_a_card_and_structured_data(
    client: TestClient,
) -> None:
    asked = _questions(client)
    sitemap = client.get("/sitemap.xml").text
    listing = _page(client, "/questions")
    for q in asked.story + asked.background:
        assert listing.cssselect(f"a[href='{q.url}']"), q.slug
        page = _page(client, q.url)
        assert page.cssselect("h1")[0].text_content() == q.question
        canonical = page.cssselect("link[rel=canonical]")[0].get("href")
        assert canonical.endswith(q.url) and canonical in sitemap
        card = page.cssselect("meta[property='og:image']")[0].get("content")
        assert card.endswith(f"/cards{q.url}.png")
        assert client.get(f"/cards{q.url}.png").headers["content-type"] == "image/png"
        twin = client.get(f"{q.url}.json").json()
        api = client.get(f"/api/questions/{q.slug}").json()
        assert twin["question"] == api["question"] == q.question
        assert api["url"].endswith(q.url) and api["url"].startswith("http")
        (ld,) = [json.loads(s.text) for s in page.cssselect("script[type='application/ld+json']")]
        (qa,) = [node for node in ld["@graph"] if node["@type"] == "QAPage"]
        answer = qa["mainEntity"]["acceptedAnswer"]
        assert qa["mainEntity"]["name"] == q.question
        assert answer["text"] == " ".join(s.text for s in q.answer)
        cited = [c["url"] for c in answer["citation"]]
        assert [c.rsplit("/facts/", 1)[1] for c in cited] == [f.id for f in q.facts]
        # Every fact behind the answer is listed in full on the question page.
        for fact in q.facts:
            assert page.cssselect(f"#f-{fact.id} .quote")


def test_an_unknown_question_is_a_clear_404(client: TestClient) -> None:
    assert client.get("/questions/nope").status_code == 404
    response = client.get("/api/questions/nope")
    assert response.status_code == 404
    assert "nope" in response.text


def test_search_finds_questions(client: TestClient) -> None:
    results = client.get("/search.json", params={"q": "coalition since when"}).json()
    hits = [r for r in results["results"] if r["kind"] == "question"]
    assert hits and hits[0]["url"] == "/questions/what-is-the-coalition"


def test_the_answers_cite_every_body_passage_but_the_repeated_quote(client: TestClient) -> None:
    """A newcomer reading only the questions still meets every part of the story: the one
    body passage left to the notes repeats, word for word, a quote the answers already cite."""
    asked = _questions(client)
    cited = {f.passage_id for q in asked.story + asked.background for f in q.facts}
    body = {p["id"] for p in client.get("/source.json").json() if p["kind"] == "body"}
    assert body - cited == {"p-11"}

    def words(fact_id: str) -> str:
        return client.get(f"/facts/{fact_id}.json").json()["quote"].lower().rstrip(".,")

    assert words("no-comment-repeated") == words("no-comment-on-bases-or-numbers")
