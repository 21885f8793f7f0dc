"""Corrections are public: logged in the data, shown on the fact page and a page of their own,
and a retired fact id answers with a pointer instead of a bare 404."""

from fastapi.testclient import TestClient
from helpers import SITE, append_corrections, as_twin

from app.build.loader import build
from app.config import Settings
from app.main import create_app


def test_corrections_page_lists_each_change_with_its_earlier_wording(client: TestClient) -> None:
    corrections = client.get("/api/corrections").json()["items"]
    assert len(corrections) > 10
    html = client.get("/corrections").text
    for correction in corrections:
        assert correction["reason"].replace("’", "’") in html.replace("&#39;", "'")
        assert client.get(correction["url"].removeprefix(SITE)).status_code == 200
    assert client.get("/corrections.json").json() == as_twin(corrections)


def test_a_corrected_fact_says_so_with_the_words_it_replaced(client: TestClient) -> None:
    fact = client.get("/api/facts/austin-two-years-not-enough").json()
    assert fact["corrections"] and fact["corrections"][-1]["after"] == fact["statement"]
    html = client.get("/facts/austin-two-years-not-enough").text
    assert "Corrected on 2026-11-29" in html
    assert "had told a meeting" in html  # the earlier wording, kept on the record


def test_a_retired_fact_points_to_what_replaced_it(seed_copy: Settings) -> None:
    facts = seed_copy.facts_path.read_text(encoding="utf-8")
    start = facts.index('[[facts]]\nid = "author-based-in-washington"')
    end = facts.index("# ----", start)
    seed_copy.facts_path.write_text(facts[:start] + facts[end:], encoding="utf-8")
    append_corrections(
        seed_copy,
        '[[retired]]\nid = "author-based-in-washington"\ndate = 2026-11-29\n'
        'statement = "The author’s bio says Matthew Adams is based in Washington, D.C."\n'
        'reason = "Merged into the bio fact."\nreplaced_by = "author-matthew-adams"\n',
    )
    build(seed_copy)
    with TestClient(create_app(seed_copy)) as client:
        page = client.get("/facts/author-based-in-washington")
        assert page.status_code == 410
        assert 'href="/facts/author-matthew-adams"' in page.text
        assert "Merged into the bio fact." in page.text
        api = client.get("/api/facts/author-based-in-washington")
        assert api.status_code == 410
        assert api.headers["content-type"] == "application/problem+json"
        assert (api.json()["status"], api.json()["title"]) == (410, "Gone")
        assert "/facts/author-matthew-adams" in api.json()["detail"]
        assert client.get("/facts/never-existed").status_code == 404


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
    change's earlier wording, and the newest one's is what is published now."""
    corrections = client.get("/api/corrections").json()["items"]
    dates = [c["date"] for c in corrections]
    assert dates == sorted(dates, reverse=True)
    statements = {f["id"]: f["statement"] for f in client.get("/api/facts").json()["items"]}
    prose = client.app.state.prose  # type: ignore[attr-defined]
    histories: dict[str, list[dict[str, str]]] = {}
    for correction in reversed(corrections):  # oldest first
        histories.setdefault(correction["target"], []).append(correction)
    for target, history in histories.items():
        for earlier, later in zip(history, history[1:], strict=False):
            assert earlier["after"] == later["before"], target
            assert earlier["before"] != earlier["after"], target
        live = statements.get(target) or prose[target].text
        assert history[-1]["after"] == live, target
    assert any(len(history) > 1 for history in histories.values())  # chains are tested
