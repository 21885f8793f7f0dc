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


def test_the_overview_lists_its_questions_each_answered_first(client: TestClient) -> None:
    page = _page(client, "/")
    asked = page.cssselect(".questions .qa")
    listed = [q for q in _questions(client).story if q.on_overview]
    assert 3 <= len(listed) == len(asked)
    for qa, q in zip(asked, listed, strict=True):
        assert qa.cssselect("h3")[0].text_content() == q.question
        assert qa.cssselect(".short-answer strong")
        more = qa.cssselect("details.more-answer")[0]
        assert more.get("open") is None and more.cssselect(".answer")
    # No citation chrome between sentences: the answers carry only numbered markers.
    for answer in page.cssselect(".answer, .short-answer"):
        assert "Source: passage" not in answer.text_content()
        assert answer.cssselect("a") == []


def test_every_marker_opens_the_quotes_of_its_sentence(client: TestClient) -> None:
    facts = {fact["url"]: fact for fact in client.get("/facts.json").json()}
    for path in ["/", "/questions", *(q.url for q in _questions(client).story)]:
        page = _page(client, path)
        markers = page.cssselect("sup.fn button[popovertarget]")
        assert markers, path
        for marker in markers:
            note = page.get_element_by_id(marker.get("popovertarget"))
            assert note.get("popover") is not None
            assert marker.text_content() == note.cssselect(".fn-number")[0].text_content()
            for item in note.cssselect(".fn-quotes li"):
                links = [a.get("href") for a in item.cssselect("a")]
                fact = next(facts[href] for href in links if href in facts)
                assert item.cssselect(".quote")[0].text_content() == fact["quote"]
                assert fact["speaker"]["name"] in item.text_content()
                assert fact["attribution_label"] in item.text_content()
                assert fact["fragment_url"] in links
    for q in _questions(client).story + _questions(client).background:
        assert 1 <= len(q.answer) <= 3
        assert q.short.sources and all(sentence.sources for sentence in q.answer)


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
        (qa,) = [node for node in ld["@graph"] if node["@type"] == "Article"]
        assert qa["headline"] == q.question and qa["mainEntity"]["@type"] == "Question"
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
