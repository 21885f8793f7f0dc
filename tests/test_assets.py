"""Static files: pages link fingerprinted names that caches may keep for a year."""

import hashlib
import re

from fastapi.testclient import TestClient
from helpers import site_paths

from app.config import STATIC_DIR

YEAR = "public, max-age=31536000, immutable"
HASHED = re.compile(r"/static/(?P<stem>[\w-]+)\.(?P<digest>[0-9a-f]{10})(?P<suffix>\.\w+)")


def hashed(url: str) -> re.Match[str]:
    """A fingerprinted name's parts; the test stops here if the URL is not one."""
    match = HASHED.fullmatch(url)
    assert match, f"{url} is not a fingerprinted name"
    return match


def linked_assets(html: str) -> set[str]:
    return set(re.findall(r'(?:href|src)="(/static/[^"]+)"', html))


def test_every_page_links_its_css_script_and_icon_by_content_hash(client: TestClient) -> None:
    expected = {url for url in linked_assets(client.get("/").text) if "/static/map." not in url}
    assert {hashed(url)["suffix"] for url in expected} == {".css", ".js", ".svg"}
    for path in site_paths(client):
        linked = linked_assets(client.get(path).text)
        # Every page links the shared files; a page with a map adds the map's stylesheet.
        assert expected <= linked, path
        assert all(HASHED.fullmatch(url) for url in linked), path
    assert any("/static/map." in url for url in linked_assets(client.get("/regions").text))


def test_a_hashed_name_is_the_hash_of_the_bytes_it_serves(client: TestClient) -> None:
    for url in linked_assets(client.get("/").text):
        name = HASHED.fullmatch(url)
        assert name, url
        body = client.get(url, headers={"accept-encoding": "identity"}).content
        assert hashlib.sha256(body).hexdigest().startswith(name["digest"]), url
        assert body == (STATIC_DIR / f"{name['stem']}{name['suffix']}").read_bytes(), url


def test_hashed_names_are_cached_for_a_year_and_plain_names_briefly(client: TestClient) -> None:
    for url in linked_assets(client.get("/").text):
        response = client.get(url)
        assert response.status_code == 200
        assert response.headers["cache-control"] == YEAR, url
        name = HASHED.fullmatch(url)
        assert name
        plain = client.get(f"/static/{name['stem']}{name['suffix']}")
        assert plain.status_code == 200 and plain.content == response.content
        assert plain.headers["cache-control"] == "public, max-age=300", url


def test_a_hash_of_other_bytes_is_not_found_rather_than_new_bytes(client: TestClient) -> None:
    response = client.get("/static/style.0123456789.css")
    assert response.status_code == 404
    assert "immutable" not in response.headers.get("cache-control", "")


def test_hashed_names_revalidate_like_any_document(client: TestClient) -> None:
    url = next(u for u in linked_assets(client.get("/").text) if u.endswith(".css"))
    etag = client.get(url).headers["etag"]
    again = client.get(url, headers={"if-none-match": etag})
    assert again.status_code == 304
    assert again.headers["cache-control"] == YEAR
