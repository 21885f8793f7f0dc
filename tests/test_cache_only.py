"""The cache is only a cache: every document the site serves from memory (pages, JSON twins,
API documents, cards, downloads, static files) and a search are the same, byte for byte and
header for header, with the cache off (PREBUILT=0, every request rendered afresh), in each
encoding. The tests where the cache could change some other answer (headers, negotiation,
search, the API) run in both modes as well: BOTH_CACHES in tests/conftest.py."""

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from helpers import app_of, cache_of

from app.config import Settings
from app.main import create_app

ENCODINGS = ("br", "gzip", "identity")
SEARCHES = ("/search?q=withdraw", "/api/search?q=troops", "/search.json?q=phase")
DIFFERS = {"date"}  # the one header that may differ between two answers a second apart


@pytest.fixture(scope="module")
def uncached(settings: Settings) -> Iterator[TestClient]:
    with TestClient(create_app(settings.model_copy(update={"prebuilt": False}))) as test_client:
        yield test_client


def same(cached: TestClient, uncached: TestClient, path: str, encoding: str) -> None:
    headers = {"accept-encoding": encoding}
    kept, fresh = cached.get(path, headers=headers), uncached.get(path, headers=headers)
    assert fresh.status_code == kept.status_code == 200, (path, fresh.status_code)
    assert fresh.content == kept.content, (path, encoding)
    names = {*kept.headers.keys(), *fresh.headers.keys()} - DIFFERS
    differ = {n: (kept.headers.get(n), fresh.headers.get(n)) for n in names}
    assert not {n: pair for n, pair in differ.items() if pair[0] != pair[1]}, (path, encoding)


def one_of_each_kind(documents: list[str]) -> list[str]:
    """The first document of each kind: its first path segment (two under /api) and its depth
    (/facts, /facts/…, /api/facts/…, /cards/…). Every document is compared uncompressed anyway;
    this is which ones are compared in every encoding, a 304 and a HEAD too."""
    kinds: dict[tuple[str, ...], str] = {}
    for path in documents:
        parts = path.strip("/").split("/")
        kind = parts[:2] if parts[0] == "api" else parts[:1]
        kinds.setdefault((*kind, str(len(parts))), path)
    return list(kinds.values())


def test_every_document_is_the_same_with_the_cache_off(
    client: TestClient, uncached: TestClient
) -> None:
    """Every document as sent uncompressed; one of each kind, and searches, in every encoding,
    to HEAD and as a 304 for its own ETag."""
    documents = sorted(app_of(client).state.site.documents)
    assert len(documents) > 50
    for path in documents:
        same(client, uncached, path, "identity")
    for path in [*one_of_each_kind(documents), *SEARCHES]:
        for encoding in ENCODINGS:
            same(client, uncached, path, encoding)
        kept, fresh = client.head(path), uncached.head(path)
        assert fresh.status_code == kept.status_code == 200 and fresh.content == b"", path
        assert {**fresh.headers, "date": ""} == {**kept.headers, "date": ""}, path
        etag = uncached.get(path).headers["etag"]
        assert uncached.get(path, headers={"if-none-match": etag}).status_code == 304, path
        assert client.get(path, headers={"if-none-match": etag}).status_code == 304, path


def test_the_uncached_app_keeps_nothing(client: TestClient, uncached: TestClient) -> None:
    """What the comparison above is worth: the second client really renders afresh."""
    uncached.get("/facts")
    assert not cache_of(uncached).documents
    client.get("/facts")
    assert "/facts" in cache_of(client).documents
