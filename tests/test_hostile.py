"""Hostile clients: bounded heads, deadlines and connections; queries that cannot dodge the cache.

Raw-socket tests talk to the live uvicorn server (the same SERVER_OPTIONS as `python -m app`);
the rest go through the in-process client.
"""

import asyncio
import json
import re
import socket
import threading
import time
from datetime import date
from typing import Any
from urllib.parse import quote

import brotli
import pytest
from fastapi.testclient import TestClient
from helpers import HOSTILE_INPUTS, address, app_of, cache_of, read_until_closed
from starlette.types import Message, Receive, Scope, Send

from app.data import downloads, search
from app.data.search import search_key
from app.main import create_app
from app.serve import guard, protocol
from app.serve.cache import Document
from app.serve.guard import Guard
from app.serve.negotiate import choose_encoding

CSP = b"content-security-policy: default-src 'self'"
CORS = b"access-control-allow-origin: *"  # a browser script can read the refusal too


def exchange(live_server: str, data: bytes, wait: float = 5) -> bytes:
    """Send raw bytes and read until the server closes the connection (or `wait` passes)."""
    with socket.create_connection(address(live_server), timeout=wait) as sock:
        try:
            sock.sendall(data)
        except OSError:
            pass  # the server may refuse before taking it all
        return read_until_closed(sock)


def test_an_oversized_request_head_gets_431_and_a_closed_connection(live_server: str) -> None:
    value = b"a" * (64 * 1024)
    start = time.monotonic()
    answer = exchange(live_server, b"GET / HTTP/1.1\r\nHost: x\r\nAccept-Encoding: " + value)
    assert answer.startswith(b"HTTP/1.1 431 "), answer[:80]
    assert CSP in answer and CORS in answer
    assert time.monotonic() - start < 2


def test_a_head_just_under_the_cap_is_still_served(live_server: str) -> None:
    padding = b"x" * (protocol.MAX_HEAD - 200)
    request = (
        b"GET /facts HTTP/1.1\r\nHost: x\r\nX-Pad: " + padding + b"\r\nConnection: close\r\n\r\n"
    )
    assert exchange(live_server, request).startswith(b"HTTP/1.1 200 ")


def test_a_head_that_never_completes_is_closed_at_the_deadline(
    live_server: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(protocol, "HEAD_TIMEOUT", 0.5)
    start = time.monotonic()
    half = exchange(live_server, b"GET / HTTP/1.1\r\nHost: x\r\n", wait=5)
    assert half.startswith(b"HTTP/1.1 408 ") and CSP in half and CORS in half
    assert exchange(live_server, b"", wait=5) == b""  # silent sockets are simply closed
    assert time.monotonic() - start < 4


def test_idle_sockets_beyond_the_cap_make_room_for_new_clients(
    live_server: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(protocol, "MAX_CONNECTIONS", 16)
    idle = [socket.create_connection(address(live_server), timeout=5) for _ in range(40)]
    try:
        request = b"GET /facts HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
        assert exchange(live_server, request).startswith(b"HTTP/1.1 200 ")
        closed = sum(sock.recv(1) == b"" for sock in idle[:20])
        assert closed == 20  # the oldest idle sockets were let go
    finally:
        for sock in idle:
            sock.close()


def test_uvicorns_own_400_carries_the_security_headers(live_server: str) -> None:
    answer = exchange(live_server, b"GET /\x01 HTTP/1.1\r\n\r\n")
    assert answer.startswith(b"HTTP/1.1 400 ") and CSP in answer and CORS in answer


@pytest.mark.parametrize("prefix", ["/facts/", "/api/facts/", "/static/", "/search?q="])
def test_hostile_request_targets_sent_as_is_get_a_plain_answer(
    live_server: str, prefix: str
) -> None:
    """No client tidies these up first: "../" and stray bytes reach the server as typed."""
    for value in HOSTILE_INPUTS:
        target = prefix + re.sub(r"[\x00-\x20\x7f]", lambda c: quote(c.group()), value)
        request = f"GET {target} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
        answer = exchange(live_server, request.encode())
        status = answer[9:12]
        assert status in (b"200", b"400", b"404", b"414"), (target[:80], answer[:80])
        assert CSP in answer, target[:80]
        assert b"root:x:" not in answer and b"[[facts]]" not in answer, target[:80]
        assert b"Traceback" not in answer and b"<script>alert" not in answer, target[:80]


@pytest.mark.cache
def test_too_many_requests_in_flight_get_503_with_security_headers(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    client.get("/facts")
    monkeypatch.setattr(guard, "MAX_LIVE", 0)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.headers["retry-after"] == "1"
    assert "default-src 'self'" in response.headers["content-security-policy"]
    assert client.get("/facts").status_code == 200  # the cache answers without the app


def test_accept_encoding_is_parsed_not_cached() -> None:
    assert not hasattr(choose_encoding, "cache_info")
    assert choose_encoding(b"gzip;q=0.5;level=1") == "gzip"
    assert choose_encoding(b"br;q=0, gzip;q=0.8") == "gzip"
    assert choose_encoding(b"br;q=0, gzip;q=0") == "identity"
    assert choose_encoding(b"*") == "br"
    # Only the start is read: a `br` past it is never seen (so a huge value costs nothing).
    assert choose_encoding(b"x" * 4_000_000 + b", br") == "identity"


def test_pages_and_twins_ignore_query_parameters_they_do_not_use(client: TestClient) -> None:
    headers = {"accept-encoding": "br"}
    for path in ["/facts", "/index.json", "/phases/1", "/downloads"]:
        plain = client.get(path, headers=headers)
        shared = client.get(f"{path}?fbclid=abc&utm_source=x&u=1", headers=headers)
        assert shared.status_code == 200, path
        assert shared.content == plain.content, path
        for name in ("etag", "cache-control", "content-encoding", "content-security-policy"):
            assert shared.headers.get(name) == plain.headers.get(name), (path, name)


@pytest.mark.cache
def test_the_downloads_page_is_not_rehashed_per_query(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    client.get("/downloads")

    def rehash(**_: object) -> None:
        raise AssertionError("the downloads listing was rebuilt")

    monkeypatch.setattr(downloads, "downloads", rehash)
    for n in range(5):
        assert client.get(f"/downloads?u={n}").status_code == 200


def test_searches_are_cached_by_q_alone(client: TestClient) -> None:
    plain = client.get("/search?q=troops")
    tagged = client.get("/search?utm_source=x&q=troops&fbclid=1")
    assert tagged.headers["etag"] == plain.headers["etag"]
    assert search_key(b"q=a&q=%20troops%20&x=1") == "troops"  # the last q, as FastAPI reads it
    assert len(search_key(b"q=" + b"a" * 5000)) == 201


def test_searches_compress_at_a_quick_level() -> None:
    body = b"<p>withdraw</p>" * 2000
    quick = Document(body=body, headers=[], etag='"x"', compressible=True, quick=True)
    assert quick.variant("br").body["body"] == brotli.compress(body, quality=4)


def test_a_slow_search_is_cut_off_with_a_notice(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:

    monkeypatch.setattr(search, "MAX_SECONDS", -1.0)
    found = client.get("/api/search?q=Iraq%20coalition").json()
    assert found["results"] == [] and found["notice"] == search.SLOW
    monkeypatch.undo()  # once the server has time again, the real answer, not the kept notice
    assert client.get("/api/search?q=Iraq%20coalition").json()["results"]


def test_a_long_search_keeps_its_notice_whatever_its_201st_character(
    client: TestClient,
) -> None:
    found = client.get("/api/search", params={"q": "a" * 200 + " b"}).json()
    assert found["notice"].startswith("Your search was long")


def test_trailing_slash_redirects_never_reflect_the_host(client: TestClient) -> None:
    for path, target in [
        ("/facts/", "/facts"),
        ("/phases/1/?x=1", "/phases/1?x=1"),
        ("/static/style.css/", "/static/style.css"),
    ]:
        response = client.get(path, headers={"host": "evil.example"}, follow_redirects=False)
        assert response.status_code == 308, path
        assert response.headers["location"] == target, path
        assert "default-src 'self'" in response.headers["content-security-policy"]
    assert client.get("/no-such-page/", follow_redirects=False).status_code == 404
    assert client.get("/facts//", follow_redirects=False).headers["location"] == "/facts"


def test_downloads_do_not_advertise_ranges_and_keep_one_etag(client: TestClient) -> None:
    path = "/downloads/explainer.db"
    whole = client.get(path)
    ranged = client.get(path, headers={"range": "bytes=0-99"})
    queried = client.get(path + "?x=1", headers={"range": "bytes=0-99"})
    assert "accept-ranges" not in whole.headers
    assert ranged.status_code == queried.status_code == 200
    assert ranged.content == queried.content == whole.content
    assert ranged.headers["etag"] == queried.headers["etag"] == whole.headers["etag"]


def test_if_match_for_another_representation_is_412(client: TestClient) -> None:
    etag = client.get("/facts").headers["etag"]
    refused = client.get("/facts", headers={"if-match": '"nope"'})
    assert refused.status_code == 412 and refused.content == b""
    assert "default-src 'self'" in refused.headers["content-security-policy"]
    assert client.get("/facts", headers={"if-match": etag}).status_code == 200
    assert client.get("/facts", headers={"if-match": "*"}).status_code == 200


def test_search_json_ld_names_the_query_as_text(client: TestClient) -> None:
    page = client.get("/search?q=troops%20%26%20bases").text
    block = re.search(r'<script type="application/ld\+json">(.*?)</script>', page, re.S)
    assert block is not None
    graph = json.loads(block.group(1))["@graph"]
    names = [node["name"] for node in graph if node.get("@type") == "WebPage"]
    assert names == ["Search: troops & bases"]


def test_a_long_non_ascii_search_gets_the_notice_not_414(
    client: TestClient, live_server: str
) -> None:
    response = client.get("/search.json?q=" + "é" * 3000)
    assert response.status_code == 200
    assert "only its first 200 characters" in response.json()["notice"]
    path = "/api/search?q=" + "%C3%A9" * 2500
    request = f"GET {path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".encode()
    answer = exchange(live_server, request)
    assert answer.startswith(b"HTTP/1.1 200 ") and b"only its first 200" in answer


def test_live_requests_render_a_few_at_a_time_and_queue_up_to_the_cap() -> None:
    running = peak = 0

    async def slow(scope: Scope, receive: Receive, send: Send) -> None:
        nonlocal running, peak
        running += 1
        peak = max(peak, running)
        await asyncio.sleep(0.01)
        running -= 1
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": b"ok"})

    layer, statuses = Guard(slow), []

    async def one() -> None:
        async def receive() -> Message:
            raise AssertionError("a GET without a body: nothing asks for it")

        async def send(message: Message) -> None:
            if message["type"] == "http.response.start":
                statuses.append(message["status"])

        scope = {"type": "http", "method": "GET", "path": "/x", "query_string": b"", "headers": []}
        await layer(scope, receive, send)

    async def burst() -> None:
        await asyncio.gather(*(one() for _ in range(guard.MAX_LIVE + 6)))

    # In a thread of its own: the browser tests may leave an event loop running in this one.
    runner = threading.Thread(target=lambda: asyncio.run(burst()))
    runner.start()
    runner.join(10)
    assert peak == guard.RENDERERS
    assert statuses.count(200) == guard.MAX_LIVE and statuses.count(503) == 6


def test_a_cors_preflight_is_answered_and_scripts_can_read_etag_and_link(
    client: TestClient,
) -> None:
    preflight = client.options(
        "/api/facts",
        headers={"Origin": "https://elsewhere.example", "Access-Control-Request-Method": "GET"},
    )
    assert preflight.status_code == 204
    assert preflight.headers["access-control-allow-origin"] == "*"
    assert "GET" in preflight.headers["access-control-allow-methods"]
    assert "If-None-Match" in preflight.headers["access-control-allow-headers"]
    twin = client.get("/phases/1.json")
    exposed = set(twin.headers["access-control-expose-headers"].split(", "))
    assert exposed == {"ETag", "Link", "Retry-After"}


def test_a_preflight_allows_the_request_headers_a_script_asks_for(client: TestClient) -> None:
    asked = "authorization, content-type, traceparent, x-request-id"
    preflight = client.options(
        "/article.txt",
        headers={
            "Origin": "https://elsewhere.example",
            "Access-Control-Request-Method": "GET",
            "Access-Control-Request-Headers": asked,
        },
    )
    assert preflight.status_code == 204
    assert preflight.headers["access-control-allow-headers"] == asked
    assert "access-control-request-headers" in preflight.headers["vary"].lower()
    assert "access-control-allow-credentials" not in preflight.headers  # none are ever used
    # Only header names go back: anything else in the list is dropped.
    odd = client.options("/", headers={"Access-Control-Request-Headers": "x-a, <b>, x:c, x-d"})
    assert odd.headers["access-control-allow-headers"] == "x-a, x-d"


def test_every_kind_of_answer_is_open_to_other_origins(client: TestClient) -> None:
    answers = {
        "download": client.get("/downloads/explainer.db"),
        "csv": client.get("/downloads/facts.csv"),
        "article": client.get("/article.txt"),
        "page": client.get("/"),
        "redirect": client.get("/facts/", follow_redirects=False),
        "not found": client.get("/no-such-page"),
        "problem": client.get("/api/facts/nope"),
        "too long": client.get("/" + "a" * 5000),
        "not allowed": client.post("/api/facts"),
        "health": client.get("/healthz"),
    }
    assert answers["redirect"].status_code == 308
    for name, response in answers.items():
        assert response.headers["access-control-allow-origin"] == "*", name
        assert "ETag" in response.headers["access-control-expose-headers"], name


def test_health_is_never_stored_by_a_cache(client: TestClient) -> None:
    for method in (client.get, client.head):
        assert method("/healthz").headers["cache-control"] == "no-store"


def test_hsts_is_sent_only_when_the_public_origin_is_https(client: TestClient) -> None:
    assert "strict-transport-security" not in client.get("/").headers
    settings = app_of(client).state.settings.model_copy(update={"site_url": "https://x.example"})
    with TestClient(create_app(settings)) as secure:
        for path in ("/", "/api/facts", "/no-such-page"):
            assert "max-age=" in secure.get(path).headers["strict-transport-security"], path


@pytest.mark.cache
def test_kept_pages_are_rendered_again_on_a_new_day(client: TestClient) -> None:
    """The overview says where the dates stand "today": a long-running replica must not
    keep saying yesterday's date."""
    cache = cache_of(client)
    days = iter([date(2026, 11, 29), date(2026, 11, 30)])
    day = next(days)
    original = cache.today
    cache.today, cache.day = (lambda: day), day
    try:
        client.get("/")
        assert "/" in cache.documents
        cache.until = 0  # midnight has passed, but the date is the same: nothing is dropped
        client.get("/healthz")
        assert "/" in cache.documents and cache.until > 0
        day = next(days)
        cache.until = 0  # past the next midnight, on a new date
        client.get("/healthz")  # any request on the new day
        assert "/" not in cache.documents and cache.day == day
    finally:
        cache.today, cache.day = original, original()


def test_empty_query_parameters_are_no_query_at_all(client: TestClient) -> None:
    """`?&&&` is no parameter: the plain answer, not a new one echoing it (and kept apart)."""
    plain = client.get("/api/facts", headers={"accept-encoding": "br"})
    for query in ("?&&&", "?&", "?&&&&&&&&&&&&&&&&&&&&&&&&&&&&&&&&&&&&"):
        empty = client.get("/api/facts" + query, headers={"accept-encoding": "br"})
        assert empty.status_code == 200 and empty.content == plain.content, query
        assert empty.headers["etag"] == plain.headers["etag"], query
    filtered = client.get("/api/facts?speaker=us-official")
    assert client.get("/api/facts?&speaker=us-official&&").content == filtered.content
    cache = cache_of(client)
    assert not [key for key in cache.searches if "&&" in key or key.endswith("?&")]


def test_an_api_refusal_is_rendered_once(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache = cache_of(client)
    inner, calls = cache.app, []

    async def counting(scope: Any, receive: Any, send: Any) -> None:
        calls.append(scope["path"])
        await inner(scope, receive, send)

    monkeypatch.setattr(cache, "app", counting)
    for n in range(3):
        refused = client.get(f"/api/facts?speaker=nobody-{n}")
        assert refused.status_code == 400
        assert refused.headers["content-type"] == "application/problem+json"
        assert "default-src 'self'" in refused.headers["content-security-policy"]
        assert "etag" not in refused.headers and "content-encoding" not in refused.headers
    assert len(calls) == 3  # once each, never a second time through the app
    head = client.head("/api/facts?speaker=nobody-x")
    assert head.status_code == 400 and head.content == b""
