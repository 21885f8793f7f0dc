"""The static export: every link resolves from a plain static server, byte for byte the same."""

import gzip
import mimetypes
import os
import re
import subprocess
import sys
import threading
import urllib.error
import urllib.request
from collections.abc import Iterator
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import brotli
import pytest
from fastapi.testclient import TestClient
from helpers import collect

from app.config import PROJECT_ROOT, Settings

SITE = "http://127.0.0.1:8000"


class TryFiles(SimpleHTTPRequestHandler):
    """Static files with the nginx rule the README gives: $uri, $uri/index.html, $uri/index.json."""

    extensions_map = {
        **SimpleHTTPRequestHandler.extensions_map,
        ".db": "application/vnd.sqlite3",
        ".json": "application/json",
    }

    def translate_path(self, path: str) -> str:
        base = Path(super().translate_path(path))
        for candidate in (base, base / "index.html", base / "index.json"):
            if candidate.is_file():
                return str(candidate)
        return str(base)

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def exported(settings: Settings, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Run the real command, `python -m app export DIR`, against the test database."""
    folder = tmp_path_factory.mktemp("export") / "site"
    env = {
        **os.environ,
        "DATABASE_PATH": str(settings.database_path),
        "SEED_DIR": str(settings.seed_dir),
        "SITE_URL": settings.site_url,
        "TODAY": settings.today().isoformat(),
    }
    result = subprocess.run(
        [sys.executable, "-m", "app", "export", str(folder)],
        env=env,
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("exported ")
    return folder


@pytest.fixture(scope="module")
def static_server(exported: Path) -> Iterator[str]:
    mimetypes.add_type("application/vnd.sqlite3", ".db")
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(TryFiles, directory=str(exported)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def get(url: str) -> tuple[int, str, bytes]:
    try:
        with urllib.request.urlopen(url) as response:
            return response.status, response.headers["content-type"], response.read()
    except urllib.error.HTTPError as error:
        return error.code, "", b""


def test_crawl_from_the_root_finds_every_link_and_twin_resolving(
    static_server: str, client: TestClient
) -> None:
    queue, seen, broken = ["/"], set(), []
    while queue:
        path = queue.pop()
        if path in seen:
            continue
        seen.add(path)
        status, content_type, body = get(static_server + path)
        if status != 200:
            broken.append(path)
            continue
        if content_type.startswith("text/html"):
            page = collect(body.decode())
            for link in [*page.links, *page.resources]:
                target = urlsplit(urljoin(path, link.replace(SITE, "")))
                if not target.netloc and not target.query:
                    queue.append(target.path)
    pages = {page.path for page in client.app.state.site.pages}  # type: ignore[attr-defined]
    twins = {page.twin for page in client.app.state.site.pages}  # type: ignore[attr-defined]
    assert broken == []
    assert pages <= seen and twins <= seen


def test_every_exported_file_is_byte_identical_to_the_live_response(
    exported: Path, client: TestClient
) -> None:
    documents = client.app.state.site.documents  # type: ignore[attr-defined]
    for url in documents:
        live = client.get(url, headers={"accept-encoding": "identity"})
        assert live.status_code == 200, url
        candidates = [
            exported / url.lstrip("/"),
            exported / url.lstrip("/") / "index.html",
            exported / url.lstrip("/") / "index.json",
            exported / "index.html",
        ]
        file = next(c for c in candidates if c.is_file())
        assert file.read_bytes() == live.content, url


def test_the_export_holds_the_fingerprinted_files_the_pages_link(
    exported: Path, client: TestClient
) -> None:
    home = (exported / "index.html").read_text()
    linked = re.findall(r'(?:href|src)="(/static/[^"]+)"', home)
    assert len(linked) == 4  # the stylesheet, the print stylesheet, the icon, the script
    for url in linked:
        assert re.fullmatch(r"/static/[\w-]+\.[0-9a-f]{10}\.\w+", url), url
        assert (exported / url.lstrip("/")).read_bytes() == client.get(url).content


def raw_body(client: TestClient, url: str, encoding: str) -> tuple[str, bytes]:
    """The bytes on the wire for one Accept-Encoding, not decoded by the client."""
    with client.stream("GET", url, headers={"accept-encoding": encoding}) as response:
        return response.headers.get("content-encoding", ""), b"".join(response.iter_raw())


def test_text_files_have_gzip_and_brotli_siblings_the_server_would_send(
    exported: Path, client: TestClient
) -> None:
    texts = [
        file
        for file in exported.rglob("*")
        if file.is_file() and file.suffix not in (".gz", ".br", ".png", ".db")
    ]
    assert len(texts) > 50
    for file in texts:
        url = "/" + file.relative_to(exported).as_posix()
        if url not in client.app.state.site.documents:  # type: ignore[attr-defined]
            url = re.sub(r"/index\.(html|json)$", "", url) or "/"
        gz, br = file.with_name(file.name + ".gz"), file.with_name(file.name + ".br")
        assert gzip.decompress(gz.read_bytes()) == file.read_bytes(), file
        assert brotli.decompress(br.read_bytes()) == file.read_bytes(), file
        assert raw_body(client, url, "gzip") == ("gzip", gz.read_bytes()), url
        assert raw_body(client, url, "br") == ("br", br.read_bytes()), url


def test_images_get_no_compressed_siblings(exported: Path) -> None:
    assert list(exported.rglob("*.png")) and not list(exported.rglob("*.png.gz"))
