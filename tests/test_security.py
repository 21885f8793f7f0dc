"""Read-only by construction, security headers everywhere, and calm answers to hostile input."""

import hashlib
import re
import signal
import subprocess
import time
import urllib.request
from urllib.parse import quote

import httpx2
import pytest
from fastapi.testclient import TestClient
from helpers import HOSTILE_INPUTS, LOADER, app_of, edit_facts, loader_env, run_loader

from app.config import PROJECT_ROOT, Settings
from app.data.db import stored_seed_hash
from app.loader.loader import seed_hash

REQUIRED_CSP = [
    "default-src 'self'",
    "frame-ancestors 'none'",
    "base-uri 'none'",
    "object-src 'none'",
    "form-action 'self'",
]
TEMPLATES = [
    "/phases/{}",
    "/regions/{}",
    "/officials/{}",
    "/facts/{}",
    "/api/phases/{}",
    "/api/regions/{}",
    "/api/officials/{}",
    "/api/facts/{}",
    "/api/passages/{}",
    "/api/annotations/{}",
    "/static/{}",
    "/cards/{}",
    "/{}",
    "/search?q={}",
    "/api/search?q={}",
    "/search.json?q={}",
]


def documents(client: TestClient) -> list[str]:
    return sorted(app_of(client).state.site.documents)


def assert_secure(response: httpx2.Response, where: str) -> None:
    headers = response.headers
    csp = headers.get("content-security-policy", "")
    assert all(part in csp for part in REQUIRED_CSP), (where, csp)
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp, where
    assert headers.get("x-content-type-options") == "nosniff", where
    assert headers.get("referrer-policy"), where
    assert headers.get("permissions-policy"), where
    assert headers.get("cross-origin-opener-policy") == "same-origin", where
    assert "server" not in headers, where


def test_every_response_carries_the_security_headers(client: TestClient) -> None:
    for path in [
        *documents(client),
        "/no-such-page",
        "/api/facts/nope",
        "/search?q=x",
        "/healthz",
        "/static/nope.css",
    ]:
        assert_secure(client.get(path), path)
    for encoding in ("br", "gzip"):  # a compressed answer carries them too
        assert_secure(client.get("/", headers={"accept-encoding": encoding}), encoding)
    assert_secure(client.post("/"), "POST /")
    assert_secure(
        client.get("/", headers={"if-none-match": client.get("/").headers["etag"]}), "304 /"
    )


def test_the_real_server_sends_no_version_banner(live_server: str) -> None:
    with urllib.request.urlopen(live_server + "/") as response:
        assert response.headers.get("server") is None
        assert "default-src 'self'" in response.headers["content-security-policy"]


@pytest.mark.parametrize("method", ["POST", "PUT", "PATCH", "DELETE", "TRACE"])
def test_only_get_and_head_are_routed(client: TestClient, method: str) -> None:
    for path in [
        "/",
        "/phases/1",
        "/api/facts",
        "/api/facts/not-withdrawing",
        "/static/style.css",
        "/no-such-page",
        "/search",
    ]:
        response = client.request(method, path)
        assert response.status_code == 405, (method, path)
        assert response.headers["allow"] == "GET, HEAD"
        if path.startswith("/api/"):
            assert response.headers["content-type"] == "application/problem+json"
            assert response.json() == {
                "type": "about:blank",
                "title": "Method Not Allowed",
                "status": 405,
                "detail": "This site is read-only: it answers GET and HEAD.",
                "instance": path,
            }
        else:
            assert "<h1>Method not allowed</h1>" in response.text


def test_head_works_wherever_get_does(client: TestClient) -> None:
    for path in [*documents(client), "/search?q=iraq", "/healthz", "/no-such-page"]:
        get, head = client.get(path), client.head(path)
        assert head.status_code == get.status_code, path
        assert head.content == b"", path
        assert head.headers.get("content-type") == get.headers.get("content-type"), path


@pytest.mark.parametrize("template", TEMPLATES)
def test_hostile_input_gets_a_clear_answer_never_a_crash(client: TestClient, template: str) -> None:
    for value in HOSTILE_INPUTS:
        # Control characters go percent-encoded: the client refuses to put them in a URL raw.
        path = template.format(re.sub(r"[\x00-\x1f\x7f]", lambda c: quote(c.group()), value))
        response = client.get(path)
        assert response.status_code in (200, 400, 404, 414), (path, response.status_code)
        assert "Traceback" not in response.text and 'File "' not in response.text, path
        if template.startswith("/search?") and response.status_code == 200:
            assert "<script>alert(1)</script>" not in response.text, path
        if response.status_code != 200:
            sent = response.request.url.path  # the client resolves "../" before sending
            wants_json = sent.startswith("/api/") or sent.endswith(".json")
            media = response.headers["content-type"]
            assert media.startswith("application/problem+json" if wants_json else "text/html"), path
            if wants_json:
                assert set(response.json()) <= {"type", "title", "status", "detail", "instance"}
                assert response.json()["status"] == response.status_code
            else:
                assert "<h1>" in response.text
        assert "root:x:" not in response.text and "[[facts]]" not in response.text, path


def test_over_long_addresses_are_refused_plainly(client: TestClient) -> None:
    assert client.get("/" + "a" * 5000).status_code == 414
    assert client.get("/api/facts?" + "x=" + "a" * 20_000).status_code == 414
    assert client.get("/api/facts?" + "x=" + "a" * 20_000).json()["detail"]


def test_health_reports_what_this_replica_serves(
    client: TestClient, settings: Settings, article: str
) -> None:
    health = client.get("/healthz").json()
    assert health["status"] == "ok"
    assert health["seed_hash"] == seed_hash(settings)
    assert health["article_sha256"] == hashlib.sha256(article.encode("utf-8")).hexdigest()
    assert health["facts"] == len(client.get("/api/facts").json()["items"])
    assert health["passages"] == len(client.get("/api/passages").json()["items"])
    assert health["built_at"]


def test_killing_the_loader_midway_leaves_the_old_database(seed_copy: Settings) -> None:
    # English only: the edit leaves seed/ar's translation stale, which the build refuses.
    seed_copy = seed_copy.model_copy(update={"arabic_edition": False})
    assert run_loader(seed_copy).returncode == 0
    before = seed_copy.database_path.read_bytes()
    edit_facts(seed_copy, "The article is datelined Washington.", "Datelined Washington.")
    loader = subprocess.Popen(
        LOADER,
        env=loader_env(seed_copy),
        cwd=PROJECT_ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    temporary = list(seed_copy.database_path.parent.glob(".explainer.db.*.tmp"))
    deadline = time.monotonic() + 20
    while not temporary and loader.poll() is None and time.monotonic() < deadline:
        time.sleep(0.005)
        temporary = list(seed_copy.database_path.parent.glob(".explainer.db.*.tmp"))
    assert temporary, "the loader should write to a temporary file first"
    loader.send_signal(signal.SIGKILL)
    loader.wait()
    assert seed_copy.database_path.read_bytes() == before
    assert run_loader(seed_copy).returncode == 0
    assert stored_seed_hash(seed_copy.database_path) == seed_hash(seed_copy)
    assert list(seed_copy.database_path.parent.glob(".explainer.db.*.tmp")) == []
