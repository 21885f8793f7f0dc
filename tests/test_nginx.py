"""The export behind nginx (scripts/nginx.conf) is the same site as the app, headers included:
nginx serves a fresh export, and every URL it holds, plus the edge URLs below, answers with
the app's status and headers, header by header, but for the differences listed here."""

import http.client
import os
import shutil
import socket
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from fastapi.testclient import TestClient
from helpers import documents, free_port, require_tool

from app.config import Settings
from app.serve.nginx import header_lines, render

NGINX = "/usr/sbin/nginx"
BROTLI = "/usr/lib/nginx/modules/ngx_http_brotli_static_module.so"

# The differences that must exist, and why.
NOT_COMPARED = {
    "date": "the moment of the answer",
    "server": "nginx names itself (server_tokens off hides only its version); uvicorn sends none",
    "etag": "nginx's is mtime-length, the app's a content hash: both strong, both stable",
    "last-modified": "nginx sends the file's time; the app has no file",
    "accept-ranges": "nginx serves byte ranges of files; the app does not",
    "connection": "hop by hop",
    "keep-alive": "hop by hop",
    "transfer-encoding": "hop by hop: a proxied answer may be re-chunked",
}
# Edge URLs: what the app redirects, refuses or answers live, beyond the exported files.
EDGES = [
    "/facts/",
    "//facts",
    "/index.html",
    "/facts/index.html",
    "/facts/index.json",
    "/api/facts/",
    "/api/",
    "/facts/announced-on-a-friday/",
    "/facts//",
    "//facts/",
    "/nope/",
    "/api/nope/",
    "/static/",
    "/facts/index.html/",
    "/index.json/",
    "/search/",
    "/facts/?utm_source=x",
    "/nope",
    "/api/nope",
    "/api/facts/nope",
    "/facts/nope.json",
    "/index.html.gz",
    "/static/style.css.br",
    "/.explainer-export",
    "/facts/../facts",
    "/static/%2E%2E/facts",
    "/facts/./announced-on-a-friday",
    "/facts/..",
    "/%ff",
    "/api/%ff",
    "/%EF%BF%BD",
    "/facts/%C3%A9",
    "/%00",
    "/api/%00",
    "/%2e%2e/etc/passwd",
    "/facts?utm_source=x",
    "/api/facts?speaker=nobody",
    "/api/facts?bogus=1",
    "/api/annotations?bogus=1",
    "/search?q=troops",
    "/search?q=" + "troops+" * 1300,
    "/" + "x" * 1100,
    "/api/" + "x" * 1100,
    "/facts?" + "a=1&" * 2100,
    "/api/facts?" + "a=1&" * 2100,
    "/search.json?q=troops",
    "/api/search?q=troops",
    # The Arabic edition: /ar is sent to /ar/, its overview; its search goes to the app.
    "/ar",
    "/ar/",
    "/ar/index.html",
    "/ar/phases/",
    "/ar/nope",
    "/ar/officials",
    "/ar/search?q=troops",
    "/ar/search.json?q=troops",
]
# Answers whose body nginx makes differently, so its length (or type) differs: by the app's
# status and media type, the headers that may differ and why.
BODY_DIFFERENCES = [
    (
        404,
        "",
        {"content-length"},
        "where the app knows the kind of thing missing it names it (There is no fact “x”.);"
        " the export's 404 (page or problem+json) says There is no page at this address.",
    ),
    (
        400,
        "text/html",
        {"content-length"},
        "TODO: nginx's own 400 page, not the app's (the export could write it like .404.html)",
    ),
    (
        405,
        "text/html",
        {"content-length"},
        "TODO: nginx's own 405 page, not the app's (the export could write it like .404.html)",
    ),
    (
        414,
        "text/html",
        {"content-length"},
        "TODO: nginx's own 414 page, not the app's (the export could write it like .404.html)",
    ),
]


# Requests nginx's parser refuses (400) before any configuration applies: its own page.
NGINX_REFUSES = {
    "/%00": "a NUL byte: 400 either way, but nginx's page, and before OPTIONS or POST is seen",
    "/api/%00": "a NUL byte: 400 either way, but nginx's page, not problem+json",
    "/%2e%2e/etc/passwd": "a path above the root: nginx's 400, the app's 404",
}
# The headers that differ for one URL, and why.
BY_URL = {
    "/api/%ff": (
        {"content-length"},
        "problem+json's `instance`: the app writes the undecodable byte as U+FFFD"
        " (%EF%BF%BD), nginx echoes it as sent (%ff)",
    ),
}


def allowed(app: "Answer") -> set[str]:
    """The headers that may differ for this answer of the app's (BODY_DIFFERENCES)."""
    content_type = app[1].get("content-type", [""])[0]
    return {
        name
        for status, media, names, _ in BODY_DIFFERENCES
        if app[0] == status and content_type.startswith(media)
        for name in names
    }


def main_config(folder: Path, server: str) -> str:
    """A whole nginx configuration around the server block, everything inside `folder`."""
    temp = {name: folder / name for name in ("client", "proxy", "fastcgi", "uwsgi", "scgi")}
    # As root, nginx's workers would be `nobody`, who cannot read pytest's private folders.
    user = ["user root;"] if os.geteuid() == 0 else []
    return "\n".join(
        [
            *user,
            f"load_module {BROTLI};",
            "daemon off;",
            "worker_processes 1;",
            f"pid {folder / 'nginx.pid'};",
            f"error_log {folder / 'error.log'} warn;",
            "events { worker_connections 64; }",
            "http {",
            "    access_log off;",
            f"    client_body_temp_path {temp['client']};",
            f"    proxy_temp_path {temp['proxy']};",
            f"    fastcgi_temp_path {temp['fastcgi']};",
            f"    uwsgi_temp_path {temp['uwsgi']};",
            f"    scgi_temp_path {temp['scgi']};",
            server,
            "}",
            "",
        ]
    )


@pytest.fixture(scope="module")
def nginx(
    exported: Path, live_server: str, settings: Settings, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    require_tool(NGINX, "nginx", "nginx")
    require_tool(BROTLI, "nginx's brotli_static module", "nginx-brotli")
    folder = tmp_path_factory.mktemp("nginx")
    port = free_port()
    upstream = urlsplit(live_server).netloc
    server = render(exported, f"127.0.0.1:{port}", upstream, settings.site_url)
    config = folder / "nginx.conf"
    config.write_text(main_config(folder, server), encoding="utf-8")
    command = [NGINX, "-p", str(folder), "-c", str(config), "-e", str(folder / "error.log")]
    checked = subprocess.run([*command, "-t"], capture_output=True, text=True, timeout=30)
    assert checked.returncode == 0, checked.stderr
    log = folder / "error.log"
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 10
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                assert process.poll() is None, log.read_text(encoding="utf-8")
                assert time.monotonic() < deadline, "nginx did not listen within 10 s"
                time.sleep(0.05)
        yield f"127.0.0.1:{port}"
    finally:
        process.terminate()
        process.wait(timeout=10)
        shutil.rmtree(folder, ignore_errors=True)


Answer = tuple[int, dict[str, list[str]], bytes]


def fetch(
    connection: http.client.HTTPConnection,
    url: str,
    encoding: str,
    method: str = "GET",
    etag: str = "",
) -> Answer:
    """Ask for the raw request target `url` (no normalisation: `//facts` stays as it is)."""
    connection.putrequest(method, url, skip_accept_encoding=True)
    connection.putheader("Accept-Encoding", encoding)
    if etag:  # revalidation with the server's own ETag: a 304
        connection.putheader("If-None-Match", etag)
    if method == "OPTIONS":  # a CORS preflight
        connection.putheader("Origin", "https://elsewhere.example")
        connection.putheader("Access-Control-Request-Method", "GET")
        connection.putheader("Access-Control-Request-Headers", "X-Trace, authorization")
    if method == "POST":
        connection.putheader("Content-Length", "0")
    connection.endheaders()
    response = connection.getresponse()
    body = response.read()
    headers: dict[str, list[str]] = {}
    for name, value in response.getheaders():
        headers.setdefault(name.lower(), []).append(value)
    return response.status, headers, body


def differences(app: Answer, static: Answer) -> dict[str, tuple[object, object]]:
    """What nginx answers differently from the app, outside NOT_COMPARED."""
    found: dict[str, tuple[object, object]] = {}
    if app[0] != static[0]:
        found["status"] = app[0], static[0]
    for name in sorted((set(app[1]) | set(static[1])) - set(NOT_COMPARED)):
        if app[1].get(name) != static[1].get(name):
            found[name] = app[1].get(name), static[1].get(name)
    return found


def test_nginx_answers_every_exported_url_and_the_edges_like_the_app(
    nginx: str, live_server: str, client: TestClient
) -> None:
    urls = sorted(documents(client)) + EDGES  # both editions' (the Arabic one under /ar/)
    some = urls[::7] + EDGES
    app_host = urlsplit(live_server).netloc
    app_connection = http.client.HTTPConnection(app_host, timeout=10)
    static_connection = http.client.HTTPConnection(nginx, timeout=10)
    unexpected: dict[str, dict[str, tuple[object, object]]] = {}
    asked = [("GET", "br", url) for url in urls]
    asked += [("GET", encoding, url) for encoding in ("gzip", "identity") for url in some]
    asked += [(method, "br", url) for method in ("HEAD", "OPTIONS", "POST") for url in some]
    listed_and_seen = set()  # an entry of NGINX_REFUSES or BY_URL that no longer differs goes
    for method, encoding, url in asked:
        app = fetch(app_connection, url, encoding, method)
        static = fetch(static_connection, url, encoding, method)
        found = differences(app, static)
        if found and (url in NGINX_REFUSES or url in BY_URL):
            listed_and_seen.add(url)
        for name in allowed(app) | BY_URL.get(url, (set(), ""))[0]:
            found.pop(name, None)
        if found and url not in NGINX_REFUSES:
            unexpected[f"{method} {url} ({encoding})"] = found
    for url in some:  # revalidation: each with its own ETag (their formats differ), a 304
        app, static = fetch(app_connection, url, "br"), fetch(static_connection, url, "br")
        if app[0] != 200 or static[0] != 200:  # a differing status is reported above
            continue
        app = fetch(app_connection, url, "br", etag=app[1]["etag"][0])
        static = fetch(static_connection, url, "br", etag=static[1]["etag"][0])
        assert app[0] == 304, url
        found = differences(app, static)
        if found:
            unexpected[f"GET {url} (If-None-Match)"] = found
    app_connection.close()
    static_connection.close()
    assert not unexpected, "\n".join(f"{u}: {d}" for u, d in list(unexpected.items())[:40])
    assert listed_and_seen == set(NGINX_REFUSES) | set(BY_URL)


def test_the_config_carries_the_apps_header_policy() -> None:
    add, hide = header_lines("https://example.org")
    assert "add_header strict-transport-security" in add
    assert add.count("always;") == hide.count("proxy_hide_header") >= 7


def test_content_language_only_for_an_export_with_both_editions(tmp_path: Path) -> None:
    """The app says Content-Language only while it serves both editions: nginx does the same,
    by the export's ar/ folder (an export of the English site alone has no language map)."""
    english = render(tmp_path, "80", "127.0.0.1:8000", "http://127.0.0.1:8000")
    assert "index\\.html$ en;" not in english and "index\\.html$ ar;" not in english
    (tmp_path / "ar").mkdir()
    both = render(tmp_path, "80", "127.0.0.1:8000", "http://127.0.0.1:8000")
    assert "~/index\\.html$ en;" in both and "~^/ar/(.*/)?index\\.html$ ar;" in both
