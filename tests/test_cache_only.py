"""The cache is only a cache: every document the site serves from memory (pages, JSON twins,
API documents, cards, downloads, static files) and a search are the same, byte for byte and
header for header, with the cache off (PREBUILT=0, every request rendered afresh), in each
encoding. The tests where the cache could change some other answer (headers, negotiation,
search, the API) run in both modes as well: BOTH_CACHES in tests/conftest.py."""

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from helpers import cache_of, documents

from app.config import Settings
from app.main import create_app
from app.serve.cache import Reply

ENCODINGS = ("br", "gzip", "identity")
SEARCHES = ("/search?q=withdraw", "/api/search?q=troops", "/search.json?q=phase")
DIFFERS = {"date"}  # the one header that may differ between two answers a second apart


@pytest.fixture(scope="module")
def uncached(settings: Settings) -> Iterator[TestClient]:
    with TestClient(create_app(settings.model_copy(update={"prebuilt": False}))) as test_client:
        yield test_client


def same(cached: TestClient, uncached: TestClient, path: str, encoding: str) -> tuple[str, int]:
    """Assert both apps send the same bytes and headers; return the content type and size."""
    headers = {"accept-encoding": encoding}
    kept, fresh = cached.get(path, headers=headers), uncached.get(path, headers=headers)
    assert fresh.status_code == kept.status_code == 200, (path, fresh.status_code)
    assert fresh.content == kept.content, (path, encoding)
    names = {*kept.headers.keys(), *fresh.headers.keys()} - DIFFERS
    differ = {n: (kept.headers.get(n), fresh.headers.get(n)) for n in names}
    assert not {n: pair for n, pair in differ.items() if pair[0] != pair[1]}, (path, encoding)
    return kept.headers["content-type"], len(kept.content)


def same_to_head_and_304(
    cached: TestClient, uncached: TestClient, path: str, encoding: str
) -> None:
    headers = {"accept-encoding": encoding}
    kept, fresh = cached.head(path, headers=headers), uncached.head(path, headers=headers)
    assert fresh.status_code == kept.status_code == 200 and fresh.content == b"", path
    assert {**fresh.headers, "date": ""} == {**kept.headers, "date": ""}, path
    etag = uncached.get(path, headers=headers).headers["etag"]
    for client in (uncached, cached):
        answer = client.get(path, headers={**headers, "if-none-match": etag})
        assert answer.status_code == 304, (path, encoding)


def test_every_document_is_the_same_with_the_cache_off(
    client: TestClient, uncached: TestClient
) -> None:
    """Every document of both editions as sent uncompressed, headers and all; one of each
    content type, the biggest, and searches, in every encoding, to HEAD and as a 304 for its
    own ETag. (An encoding is one function of the bytes and their size, and HEAD and 304 one
    function of the headers: what is compared for every document holds for each.)"""
    every = sorted(documents(client))
    assert len(every) > 50 and any(path.startswith("/ar/") for path in every)
    by_type: dict[str, str] = {}
    sizes: dict[str, int] = {}
    for path in every:
        content_type, sizes[path] = same(client, uncached, path, "identity")
        by_type.setdefault(content_type, path)
    biggest = max(every, key=sizes.__getitem__)
    for path in sorted({*by_type.values(), biggest, *SEARCHES}):
        for encoding in ENCODINGS:
            if encoding != "identity":
                same(client, uncached, path, encoding)
            same_to_head_and_304(client, uncached, path, encoding)


def test_the_uncached_app_keeps_nothing(client: TestClient, uncached: TestClient) -> None:
    """What the comparison above is worth: the second client really renders afresh."""
    uncached.get("/facts")
    assert not cache_of(uncached).documents
    client.get("/facts")
    assert "/facts" in cache_of(client).documents


def test_a_page_already_rendered_is_answered_before_the_middleware(client: TestClient) -> None:
    """The hot path (`Cache.at_hand`, called from the app's own `__call__`): once a page is
    rendered, a plain GET of it is answered from memory with the same bytes, and anything
    that needs more (a query string, a POST, a page not yet rendered) is left to the stack."""
    page = client.get("/phases", headers={"accept-encoding": "identity"})
    cache = cache_of(client)

    def asked(method: str = "GET", path: str = "/phases", query: bytes = b"") -> Reply | None:
        scope = {"type": "http", "method": method, "path": path, "query_string": query}
        return cache.at_hand({**scope, "headers": [(b"accept-encoding", b"identity")]})

    reply = asked()
    assert reply is not None
    start, body = reply
    assert start["status"] == 200 and body["body"] == page.content
    assert asked(query=b"q=1") is None and asked(method="POST") is None
    assert asked(path="/not-a-page-rendered-yet") is None
