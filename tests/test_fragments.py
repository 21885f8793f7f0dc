"""Text fragments and Web Annotations select the quote, and only the quote."""

import re
from urllib.parse import unquote

import pytest
from fastapi.testclient import TestClient

from app.data.fragments import TextDirective, decode, matches


def facts(client: TestClient) -> list[dict]:
    return list(client.get("/api/facts").json()["items"])


def test_every_fragment_selects_its_quote_and_only_it(client: TestClient, article: str) -> None:
    for fact in facts(client):
        _, _, directive = fact["fragment_url"].partition(":~:")
        assert matches(article, decode(directive)) == [(fact["start"], fact["end"])], fact["id"]


def test_fragments_percent_encode_the_spec_reserved_characters(client: TestClient) -> None:
    for fact in facts(client):
        _, _, directive = fact["fragment_url"].partition(":~:")
        for term in directive.removeprefix("text=").split(","):
            body = term.removeprefix("-").removesuffix("-")
            assert not re.search(r"[-,&\s]", body), term
            assert unquote(body), term


def test_hyphen_comma_and_ampersand_round_trip() -> None:
    directive = TextDirective(exact="anti-ISIS, U.S. & Iraq", prefix="one-third", suffix="x,y")
    encoded = directive.encode()
    assert encoded == ("text=one%2Dthird-,anti%2DISIS%2C%20U.S.%20%26%20Iraq,-x%2Cy")
    assert decode(encoded) == directive


def test_a_long_quote_is_named_by_its_first_and_last_words(
    client: TestClient, article: str
) -> None:
    """A range (`text=start,end`) is shorter than the quote, and still selects it alone: the
    first `end` after the one `start` the article has."""
    ranges = 0
    for fact in facts(client):
        directive = decode(fact["fragment_url"].partition(":~:")[2])
        if directive.end:
            ranges += 1
            assert len(directive.encode()) < len(TextDirective(exact=fact["quote"]).encode())
            assert fact["quote"].startswith(directive.exact), fact["id"]
            assert fact["quote"].endswith(directive.end), fact["id"]
    assert ranges >= 10


def test_a_range_round_trips_and_takes_the_first_end_after_its_start() -> None:
    text = "one two three four. one two five six four seven four."
    directive = TextDirective(exact="one two five", end="four")
    assert decode(directive.encode()) == directive
    assert directive.encode() == "text=one%20two%20five,four"
    second = text.index("one two five")
    assert matches(text, directive) == [(second, text.index(" seven"))]
    # Every start's range, as a browser would find it from there: two, so not unique.
    assert matches(text, TextDirective(exact="one two", end="four")) == [
        (0, text.index(".")),
        (second, text.index(" seven")),
    ]


INLINE = r"</?(?:a|mark|span|code|em|strong|abbr|b|i)\b[^>]*>"


def page_text(html: str) -> str:
    """Text in document order, roughly as a browser's find-in-page sees it: an inline element
    (a <mark> round quoted words) runs on with its neighbours, a block boundary separates."""
    body = html[html.index("<body") :]
    body = re.sub(r"<(script|style)\b.*?</\1>", " ", body, flags=re.S)
    text = re.sub(r"<[^>]+>", " ", re.sub(INLINE, "", body))
    for entity, char in (
        ("&amp;", "&"),
        ("&lt;", "<"),
        ("&gt;", ">"),
        ("&#34;", '"'),
        ("&#39;", "'"),
        ("&quot;", '"'),
    ):
        text = text.replace(entity, char)
    return re.sub(r"\s+", " ", text)


def test_on_the_article_page_each_fragment_matches_once_inside_its_passage(
    client: TestClient,
) -> None:
    """Not the first of several matches: the only one, so no browser can land elsewhere."""
    text = page_text(client.get("/source").text)
    passages = {p["id"]: p["text"] for p in client.get("/api/passages").json()["items"]}
    for fact in facts(client):
        _, _, directive = fact["fragment_url"].partition(":~:")
        found = matches(text, decode(directive))
        assert len(found) == 1, (fact["id"], len(found))
        passage_at = text.index(passages[fact["passage_id"]])
        first = found[0][0]
        assert passage_at <= first < passage_at + len(passages[fact["passage_id"]]), fact["id"]


def test_every_annotation_reanchors_at_the_same_offsets(client: TestClient, article: str) -> None:
    response = client.get("/api/annotations")
    assert response.headers["content-type"] == (
        'application/ld+json; profile="http://www.w3.org/ns/anno.jsonld"'
    )
    collection = response.json()
    notes = collection["first"]["items"]
    assert len(notes) == collection["total"] == len(facts(client))
    for note in notes:
        assert note["type"] == "Annotation"
        quote, position = note["target"]["selector"]
        assert quote["type"] == "TextQuoteSelector"
        assert position["type"] == "TextPositionSelector"
        anchored = [
            m.start()
            for m in re.finditer(
                re.escape(quote["prefix"] + quote["exact"] + quote["suffix"]), article
            )
        ]
        assert [a + len(quote["prefix"]) for a in anchored] == [position["start"]]
        assert article[position["start"] : position["end"]] == quote["exact"]
        assert note["target"]["source"]["id"].endswith("/article.txt")


def test_annotation_items_are_dereferenceable(client: TestClient) -> None:
    note = client.get("/api/annotations").json()["first"]["items"][0]
    path = re.sub(r"^https?://[^/]+", "", note["id"])
    alone = client.get(path).json()
    assert alone.pop("@context") == "http://www.w3.org/ns/anno.jsonld"
    assert alone == note


@pytest.mark.parametrize("fact_id", ["dateline-washington", "second-defense-quote-anonymous"])
def test_ambiguous_quotes_get_context(client: TestClient, fact_id: str) -> None:
    fact = client.get(f"/api/facts/{fact_id}").json()
    directive = decode(fact["fragment_url"].partition(":~:")[2])
    assert directive.prefix or directive.suffix
