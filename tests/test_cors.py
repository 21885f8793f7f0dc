"""A script on another origin reads everything a browser client needs, in Debian's Chromium.

A tiny page is served from a second local origin (another port); its script fetches the
site's JSON, /article.txt, the downloads, a redirect, a refusal and a preflighted request
carrying `Authorization`, `Content-Type: application/json` and a tracing header. Chromium
applies the CORS rules itself: a missing header shows as a failed fetch, not a status.
"""

import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
from helpers import free_port
from playwright.sync_api import Page

pytestmark = pytest.mark.browser

CLIENT_PAGE = b"<!doctype html><html lang=en><title>Another origin</title><p>client</p></html>"

# Run in the other origin's page: each fetch says what it could read, or how it failed.
FETCH_ALL = """
async (site) => {
  const read = async (path, init = {}, as = "text") => {
    try {
      const response = await fetch(site + path, init);
      const body = as === "bytes"
        ? Array.from(new Uint8Array(await response.arrayBuffer()).slice(0, 16))
        : await response.text();
      return {status: response.status, type: response.headers.get("content-type"),
              etag: response.headers.get("etag"), redirected: response.redirected, body};
    } catch (error) {
      return {error: String(error)};
    }
  };
  const traced = {headers: {
    "Authorization": "Bearer nothing-secret",
    "Content-Type": "application/json",
    "traceparent": "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01",
  }};
  return {
    api: await read("/api/facts"),
    twin: await read("/phases/1.json"),
    article: await read("/article.txt"),
    csv: await read("/downloads/facts.csv"),
    metadata: await read("/downloads/facts.csv-metadata.json"),
    database: await read("/downloads/explainer.db", {}, "bytes"),
    preflighted: await read("/api/phases", traced),
    redirected: await read("/facts/", traced),
    missing: await read("/api/facts/nope", traced),
    health: await read("/healthz"),
  };
}
"""


class ClientPage(BaseHTTPRequestHandler):
    def do_GET(self) -> None:  # noqa: N802 - the name http.server calls
        self.send_response(200)
        self.send_header("content-type", "text/html; charset=utf-8")
        self.send_header("content-length", str(len(CLIENT_PAGE)))
        self.end_headers()
        self.wfile.write(CLIENT_PAGE)

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def other_origin() -> Iterator[str]:
    """A second origin on loopback: the same host, another port."""
    server = ThreadingHTTPServer(("127.0.0.1", free_port()), ClientPage)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_a_script_on_another_origin_reads_every_kind_of_answer(
    page: Page, live_server: str, other_origin: str
) -> None:
    page.goto(other_origin + "/")
    results: dict[str, Any] = page.evaluate(FETCH_ALL, live_server)
    failed = {name: result for name, result in results.items() if "error" in result}
    assert not failed, failed
    assert results["api"]["status"] == 200 and '"items"' in results["api"]["body"]
    assert results["api"]["etag"], "ETag is exposed to scripts"
    assert results["twin"]["status"] == 200
    assert results["article"]["status"] == 200
    assert results["article"]["type"].startswith("text/plain") and results["article"]["body"]
    assert results["csv"]["body"].startswith("id,")
    assert results["metadata"]["status"] == 200
    assert bytes(results["database"]["body"]) == b"SQLite format 3\x00"
    assert results["preflighted"]["status"] == 200
    assert results["redirected"]["status"] == 200 and results["redirected"]["redirected"]
    assert results["missing"]["status"] == 404
    assert results["missing"]["type"] == "application/problem+json"
    assert results["health"]["status"] == 200
