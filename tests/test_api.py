"""JSON for programs: response models, exact offsets, documented errors."""

import hashlib

import pytest
from fastapi.testclient import TestClient
from helpers import SITE
from pydantic import BaseModel

from app.data.schemas import FactOut, PassageOut, PhaseOut, RegionOut, SpeakerOut

LISTS = [
    ("/api/facts", FactOut),
    ("/api/passages", PassageOut),
    ("/api/phases", PhaseOut),
    ("/api/regions", RegionOut),
    ("/api/officials?expand=statements", SpeakerOut),
]


@pytest.mark.parametrize(("path", "model"), LISTS)
def test_lists_match_their_schema_and_items_resolve(
    client: TestClient, path: str, model: type[BaseModel]
) -> None:
    response = client.get(path)
    assert response.status_code == 200
    items = [model.model_validate(item) for item in response.json()["items"]]
    assert items
    for item in items:
        listed = item.model_dump(mode="json")
        single = client.get(listed["api_url"].removeprefix(SITE)).json()  # it may carry more
        assert {key: single[key] for key in listed} == listed


def test_fact_json_carries_provenance(client: TestClient, article: str) -> None:
    """Each fact says who said it, how, where in the article, and its own and its passage's
    addresses; words that reached the article through someone name them."""
    speakers = {s["slug"]: s for s in client.get("/api/officials").json()["items"]}
    for listed in client.get("/api/facts").json()["items"]:
        fact = client.get(f"/api/facts/{listed['id']}").json()
        assert fact["speaker"]["name"] == speakers[fact["speaker"]["slug"]]["name"], fact["id"]
        assert article[fact["start"] : fact["end"]] == fact["quote"]
        passage = client.get(f"/api/passages/{fact['passage_id']}").json()
        assert fact["quote"] in passage["text"], fact["id"]
        assert fact["url"] == f"{SITE}/facts/{fact['id']}"
        assert fact["source_url"] == f"{SITE}/source#{fact['passage_id']}"
        # Words that came through an outlet or a person name the go-between.
        assert (fact["channel"] in ("outlet", "person")) == bool(fact["via"]), fact["id"]


def test_every_fact_quote_is_verbatim_at_its_offsets(client: TestClient, article: str) -> None:
    for fact in client.get("/api/facts").json()["items"]:
        assert article[fact["start"] : fact["end"]] == fact["quote"]


def test_article_json_counts_what_the_passages_and_facts_lists_hold(
    client: TestClient, article: str
) -> None:
    counts = client.get("/api/article").json()
    passages = client.get("/api/passages").json()["items"]
    body = [p for p in passages if p["kind"] == "body"]
    assert counts["passages"] == len(passages) and counts["body_passages"] == len(body)
    assert counts["cited_body_passages"] == len([p for p in body if p["facts"]])
    assert counts["facts"] == len(client.get("/api/facts").json()["items"])
    assert counts["sha256"] == hashlib.sha256(article.encode("utf-8")).hexdigest()


@pytest.mark.parametrize(
    "path",
    [
        "/api/facts/nope",
        "/api/phases/3",
        "/api/regions/mosul",
        "/api/officials/nobody",
        "/api/passages/p-99",
        "/api/nothing",
    ],
)
def test_unknown_ids_get_a_problem_json_404(client: TestClient, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 404
    assert response.headers["content-type"] == "application/problem+json"
    problem = response.json()
    assert set(problem) == {"type", "title", "status", "detail", "instance"}
    assert (problem["status"], problem["title"], problem["instance"]) == (404, "Not Found", path)


def test_openapi_documents_every_endpoint_and_its_404(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    for path in [
        "/api/facts",
        "/api/facts/{key}",
        "/api/passages",
        "/api/passages/{passage_id}",
        "/api/phases",
        "/api/phases/{key}",
        "/api/regions",
        "/api/regions/{key}",
        "/api/officials",
        "/api/officials/{key}",
    ]:
        operation = spec["paths"][path]["get"]
        assert "200" in operation["responses"]
        if "{" in path:
            assert "404" in operation["responses"]
    assert all(path == "/api" or path.startswith("/api/") for path in spec["paths"])
    assert client.get("/docs").status_code == 200
