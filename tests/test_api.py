"""JSON for programs: response models, exact offsets, documented errors."""

import pytest
from fastapi.testclient import TestClient
from helpers import SITE
from pydantic import TypeAdapter

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
    client: TestClient, path: str, model: type
) -> None:
    response = client.get(path)
    assert response.status_code == 200
    items = TypeAdapter(list[model]).validate_python(response.json()["items"])
    assert items
    for item in items:
        listed = TypeAdapter(model).dump_python(item, mode="json")
        single = client.get(item.api_url.removeprefix(SITE)).json()  # it may carry more
        assert {key: single[key] for key in listed} == listed


def test_fact_json_carries_provenance(client: TestClient, article: str) -> None:
    fact = client.get("/api/facts/abbassi-federal-iraq-by-september-2025").json()
    assert fact["speaker"]["name"] == "Thabet al-Abbassi"
    assert (fact["wording"], fact["channel"]) == ("paraphrase", "outlet")
    assert "Agence France-Presse" in fact["via"]
    assert article[fact["start"] : fact["end"]] == fact["quote"]
    assert fact["passage_id"] == "p-12"
    assert fact["url"] == f"{SITE}/facts/abbassi-federal-iraq-by-september-2025"
    assert fact["source_url"] == f"{SITE}/source#p-12"
    assert fact["dates"][0]["hedge"] == "deadline"


def test_every_fact_quote_is_verbatim_at_its_offsets(client: TestClient, article: str) -> None:
    for fact in client.get("/api/facts").json()["items"]:
        assert article[fact["start"] : fact["end"]] == fact["quote"]


def test_regions_come_federal_iraq_first(client: TestClient) -> None:
    slugs = [region["slug"] for region in client.get("/api/regions").json()["items"]]
    assert slugs == ["federal-iraq", "kurdistan-region"]


def test_article_json_reports_full_coverage(client: TestClient) -> None:
    article = client.get("/api/article").json()
    assert article["body_passages"] == article["cited_body_passages"] == 15
    assert article["sha256"].startswith("b9d94d99")


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
