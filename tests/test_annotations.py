"""Web Annotations that a JSON-LD processor reads as the W3C model means them.

pyld expands every document against a local copy of the W3C context (tests/fixtures/anno.jsonld):
a key the context does not define would vanish in expansion, so expanding and compacting again
must give back the document we served, key for key.

The context file is the W3C's own (jsonld/anno.jsonld in the w3c/web-annotation repository,
served at http://www.w3.org/ns/anno.jsonld; W3C Software and Document License): no PyPI or npm
package ships it, so a copy is kept here and pyld never touches the network.
"""

import json
import re
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from helpers import app_of
from pyld import jsonld

ANNO = "http://www.w3.org/ns/anno.jsonld"
LOCAL_CONTEXT = json.loads((Path(__file__).parent / "fixtures" / "anno.jsonld").read_text())
MEDIA_TYPE = f'application/ld+json; profile="{ANNO}"'
OA = "http://www.w3.org/ns/oa#"


def load_locally(url: str, options: dict[str, Any] | None = None) -> dict[str, Any]:
    """Answer for the W3C context from the local copy; refuse every other URL (no network)."""
    if url.rstrip("/") not in (ANNO, ANNO.replace("http:", "https:")):
        raise jsonld.JsonLdError("not available offline", "loading document failed", {"url": url})
    return {"contextUrl": None, "documentUrl": url, "document": LOCAL_CONTEXT}


OPTIONS = {"documentLoader": load_locally}


def round_trip(document: dict[str, Any]) -> dict[str, Any]:
    expanded = jsonld.expand(document, OPTIONS)
    return jsonld.compact(expanded, ANNO, OPTIONS)


@pytest.fixture(scope="module")
def collection(client: TestClient) -> dict[str, Any]:
    response = client.get("/api/annotations")
    assert response.headers["content-type"] == MEDIA_TYPE
    return response.json()


@pytest.fixture(scope="module")
def annotations(client: TestClient, collection: dict[str, Any]) -> list[dict[str, Any]]:
    notes = []
    for item in collection["first"]["items"]:
        response = client.get(re.sub(r"^https?://[^/]+", "", item["id"]))
        assert response.headers["content-type"] == MEDIA_TYPE
        notes.append(response.json())
    return notes


def test_the_collection_is_an_annotation_collection_with_its_first_page(
    collection: dict[str, Any], client: TestClient
) -> None:
    site = app_of(client).state.settings.site_url
    assert collection["@context"] == ANNO
    assert collection["type"] == "AnnotationCollection"
    assert collection["id"] == f"{site}/api/annotations"
    assert collection["label"]
    page = collection["first"]
    assert page["type"] == "AnnotationPage"
    assert page["partOf"] == collection["id"]
    assert page["startIndex"] == 0
    assert len(page["items"]) == collection["total"] == len(client.get("/facts.json").json())


def test_expansion_keeps_every_key_of_the_collection(collection: dict[str, Any]) -> None:
    assert round_trip(collection) == collection


def test_expansion_keeps_every_key_of_every_annotation(
    annotations: list[dict[str, Any]],
) -> None:
    for note in annotations:
        assert round_trip(note) == note, note["id"]


def test_the_collection_expands_to_annotations_of_the_oa_model(
    collection: dict[str, Any],
) -> None:
    [node] = jsonld.expand(collection, OPTIONS)
    assert node["@type"] == ["http://www.w3.org/ns/activitystreams#OrderedCollection"]
    [page] = node["http://www.w3.org/ns/activitystreams#first"]
    [items] = page["http://www.w3.org/ns/activitystreams#items"]
    assert len(items["@list"]) == len(collection["first"]["items"])
    for item in items["@list"]:
        assert item["@type"] == [f"{OA}Annotation"]
        [target] = item[f"{OA}hasTarget"]
        assert target["@type"] == [f"{OA}SpecificResource"]


def test_each_target_is_a_specific_resource_of_the_article_text(
    annotations: list[dict[str, Any]], client: TestClient
) -> None:
    site = app_of(client).state.settings.site_url
    for note in annotations:
        target = note["target"]
        assert target["type"] == "SpecificResource"  # never "Text": that is its source
        assert target["source"] == {
            "id": f"{site}/article.txt",
            "type": "Text",
            "format": "text/plain",
            "language": "en",
        }


def test_each_annotation_names_itself_canonical_and_links_its_fact_page(
    annotations: list[dict[str, Any]], client: TestClient
) -> None:
    site = app_of(client).state.settings.site_url
    for note in annotations:
        fact_id = note["id"].rsplit("/", 1)[1]
        assert note["id"] == f"{site}/api/annotations/{fact_id}"
        assert note["canonical"] == note["id"]
        statement, link = note["body"]
        assert statement["type"] == "TextualBody"
        assert statement["value"] == client.get(f"/api/facts/{fact_id}").json()["statement"]
        assert link == {
            "id": f"{site}/facts/{fact_id}",
            "type": "Text",
            "format": "text/html",
            "language": "en",
            "purpose": "linking",
        }
        assert client.get(f"/facts/{fact_id}").status_code == 200


def test_every_selector_matches_the_article_in_code_points(
    annotations: list[dict[str, Any]], client: TestClient
) -> None:
    text = client.get("/article.txt").text
    beyond_ascii = 0
    for note in annotations:
        quote, position = note["target"]["selector"]
        start, end = position["start"], position["end"]
        assert text[start:end] == quote["exact"], note["id"]
        assert text[:start].endswith(quote["prefix"]), note["id"]
        assert text[end:].startswith(quote["suffix"]), note["id"]
        context = quote["prefix"] + quote["exact"] + quote["suffix"]
        assert text.count(context) == 1, note["id"]
        # Curly quotes and dashes come before most quotes: UTF-8 byte offsets would differ.
        beyond_ascii += len(text[:start].encode()) != start
    assert beyond_ascii > len(annotations) / 2


def test_the_api_reference_says_offsets_are_code_points(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    selector = spec["components"]["schemas"]["TextPositionSelector"]["properties"]
    assert "code points" in selector["start"]["description"]
    assert "code points" in selector["end"]["description"]
