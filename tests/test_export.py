"""The static export: every link resolves from a plain static server, byte for byte the same;
and it never destroys a folder it did not write."""

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
from helpers import app_of, collect, documents, one_of_each_kind

from app import __main__ as command
from app import export as export_module
from app.config import PROJECT_ROOT, Settings
from app.export import MARKER, NOT_FOUND_PAGE

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
    pages = {page.path for page in app_of(client).state.site.pages}
    twins = {page.twin for page in app_of(client).state.site.pages}
    assert broken == []
    assert pages <= seen and twins <= seen


def test_every_exported_file_is_byte_identical_to_the_live_response(
    exported: Path, client: TestClient
) -> None:
    documents = app_of(client).state.site.documents
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
    assert len(linked) == 5  # the stylesheets (screen, map, print), the icon, the script
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
        if file.is_file()
        and file.suffix not in (".gz", ".br", ".png", ".db")
        # the export's own list of files and the 404 page: not served documents
        and file.name not in (MARKER, NOT_FOUND_PAGE)
    ]
    assert len(texts) > 50
    served = documents(client)
    urls = {}
    for file in texts:  # every sibling holds its file's bytes
        url = "/" + file.relative_to(exported).as_posix()
        if url not in served:
            url = re.sub(r"/index\.(html|json)$", "", url) or "/"
            if url not in served:  # the Arabic overview is /ar/ (the app sends /ar there)
                url += "/"
        urls[url] = file
        gz, br = file.with_name(file.name + ".gz"), file.with_name(file.name + ".br")
        assert gzip.decompress(gz.read_bytes()) == file.read_bytes(), file
        assert brotli.decompress(br.read_bytes()) == file.read_bytes(), file
    # and is the server's own answer, byte for byte, compressed at the server's level: one file
    # of each kind (the level is one function of the bytes and the size), and the biggest.
    biggest = max(urls, key=lambda url: urls[url].stat().st_size)
    for url in {*one_of_each_kind(sorted(urls)), biggest}:
        file = urls[url]
        gz, br = file.with_name(file.name + ".gz"), file.with_name(file.name + ".br")
        assert raw_body(client, url, "gzip") == ("gzip", gz.read_bytes()), url
        assert raw_body(client, url, "br") == ("br", br.read_bytes()), url


def test_images_get_no_compressed_siblings(exported: Path) -> None:
    assert list(exported.rglob("*.png")) and not list(exported.rglob("*.png.gz"))


# ---------------------------------------------------------------------------------------
# An export that cannot destroy: refusals, failures and the swap


@pytest.fixture
def export_env(settings: Settings, monkeypatch: pytest.MonkeyPatch) -> pytest.MonkeyPatch:
    """`python -m app export`, run in this process, reads the test database's settings."""
    monkeypatch.setenv("DATABASE_PATH", str(settings.database_path))
    monkeypatch.setenv("SEED_DIR", str(settings.seed_dir))
    monkeypatch.setenv("TODAY", settings.today().isoformat())
    return monkeypatch


@pytest.fixture
def no_render(export_env: pytest.MonkeyPatch) -> None:
    """Refusals must come before any work: rendering fails loudly if it is ever reached, so a
    regression cannot get as far as replacing the folder."""

    def forbidden() -> None:
        raise AssertionError("the export rendered instead of refusing")

    export_env.setattr(export_module, "create_app", forbidden)


def fake_site(pages: dict[str, str]) -> object:
    """A renderer that writes `pages` (path → text) instead of the whole site, in milliseconds."""

    def render(folder: Path) -> list[str]:
        for name, text in pages.items():
            (folder / name).parent.mkdir(parents=True, exist_ok=True)
            (folder / name).write_text(text)
        return sorted(pages)

    return render


def run_export(target: str, capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    """Run `python -m app export TARGET` in this process; return its exit code and stderr."""
    code = command.main(["export", target])
    return code, capsys.readouterr().err


def tree(folder: Path) -> dict[str, bytes]:
    """Every file under `folder` with its bytes, to show nothing changed."""
    return {str(f.relative_to(folder)): f.read_bytes() for f in folder.rglob("*") if f.is_file()}


def assert_one_line_refusal(code: int, err: str, *words: str) -> None:
    assert code == 1
    assert err.startswith("export: refusing") and err.count("\n") == 1, err
    assert "Traceback" not in err and all(word in err for word in words), err


@pytest.fixture
def user_folder(tmp_path: Path) -> Path:
    """A folder of the user's own: a file and a subfolder with a file."""
    folder = tmp_path / "y"
    (folder / "sub").mkdir(parents=True)
    (folder / "notes.txt").write_text("mine")
    (folder / "sub" / "draft.txt").write_text("also mine")
    return folder


@pytest.mark.parametrize("spelling", ["{y}", "{y}/sub/.."])
def test_export_refuses_a_folder_it_did_not_write(
    user_folder: Path, spelling: str, no_render: None, capsys: pytest.CaptureFixture[str]
) -> None:
    before = tree(user_folder)
    code, err = run_export(spelling.format(y=user_folder), capsys)
    assert_one_line_refusal(code, err, "not written by")
    assert tree(user_folder) == before
    assert sorted(p.name for p in user_folder.parent.iterdir()) == ["y"]  # no staging left


@pytest.mark.parametrize(
    ("target", "words"),
    [
        (".", "is the current folder"),
        ("..", "holds the current folder"),
        ("../..", "holds the current folder"),
        ("sub/..", "is the current folder"),
        ("/", "holds the current folder"),
        ("{home}", "is your home folder"),
        ("{checkout}/site/..", "is this checkout"),
    ],
)
def test_export_refuses_the_current_folder_the_checkout_and_home_and_above(
    tmp_path: Path,
    target: str,
    words: str,
    no_render: None,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    here, home = tmp_path / "a" / "here", tmp_path / "home"
    (here / "sub").mkdir(parents=True)
    home.mkdir()
    monkeypatch.chdir(here)  # empty apart from sub/: the refusal is not about its contents
    monkeypatch.setenv("HOME", str(home))
    code, err = run_export(target.format(home=home, checkout=PROJECT_ROOT), capsys)
    assert_one_line_refusal(code, err, words)
    assert (here / "sub").is_dir() and home.is_dir() and (PROJECT_ROOT / ".git").exists()
    assert sorted(p.name for p in tmp_path.rglob("*")) == ["a", "here", "home", "sub"]


def test_export_refuses_a_file_or_a_symbolic_link(
    tmp_path: Path, no_render: None, capsys: pytest.CaptureFixture[str]
) -> None:
    file, folder, link = tmp_path / "site.txt", tmp_path / "real", tmp_path / "site"
    file.write_text("mine")
    folder.mkdir()
    link.symlink_to(folder)
    assert_one_line_refusal(*run_export(str(file), capsys), "is a file")
    assert_one_line_refusal(*run_export(str(link), capsys), "symbolic link")
    assert file.read_text() == "mine" and link.is_symlink() and link.resolve() == folder


def test_export_replaces_its_own_previous_export_and_keeps_a_users_partial_folder(
    tmp_path: Path, export_env: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    site, users = tmp_path / "site", tmp_path / ".site.partial"
    users.mkdir()
    (users / "keep.txt").write_text("the user's own")
    export_env.setattr(export_module, "render_into", fake_site({"a.html": "1", "b/c.json": "1"}))
    assert run_export(str(site), capsys)[0] == 0
    export_env.setattr(export_module, "render_into", fake_site({"a.html": "2"}))
    assert run_export(str(site), capsys)[0] == 0
    assert tree(site) == {"a.html": b"2", MARKER: (site / MARKER).read_bytes()}
    assert (users / "keep.txt").read_text() == "the user's own"
    assert sorted(p.name for p in tmp_path.iterdir()) == [".site.partial", "site"]
    assert site.stat().st_mode & 0o055 == 0o055  # readable by a web server's own user


def test_export_without_a_one_step_swap_replaces_it_in_two(
    tmp_path: Path, export_env: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    site = tmp_path / "site"
    export_env.setattr(export_module, "exchange", lambda first, second: False)
    for version in ("1", "2"):
        export_env.setattr(export_module, "render_into", fake_site({"a.html": version}))
        assert run_export(str(site), capsys)[0] == 0
    assert (site / "a.html").read_text() == "2"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


def test_export_refuses_a_previous_export_holding_a_file_it_did_not_write(
    tmp_path: Path, export_env: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    site = tmp_path / "site"
    export_env.setattr(export_module, "render_into", fake_site({"a.html": "1"}))
    assert run_export(str(site), capsys)[0] == 0
    (site / "CNAME").write_text("example.org")
    before = tree(site)
    assert_one_line_refusal(*run_export(str(site), capsys), "CNAME", "did not write")
    assert tree(site) == before


@pytest.mark.parametrize(
    "failure",
    [
        OSError(28, "No space left on device"),
        RuntimeError("/facts answered 500"),
        KeyboardInterrupt(),
    ],
)
def test_a_failed_export_leaves_the_previous_one_and_no_staging(
    tmp_path: Path,
    failure: BaseException,
    export_env: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    site = tmp_path / "site"
    export_env.setattr(export_module, "render_into", fake_site({"a.html": "1"}))
    assert run_export(str(site), capsys)[0] == 0
    before = tree(site)

    def half_then_fail(folder: Path) -> list[str]:
        (folder / "a.html").write_text("half")
        raise failure

    export_env.setattr(export_module, "render_into", half_then_fail)
    code, err = run_export(str(site), capsys)
    assert code == 1 and err.startswith("export: ") and err.count("\n") == 1, err
    assert tree(site) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


def test_an_unwritable_parent_is_one_line(
    tmp_path: Path, no_render: None, capsys: pytest.CaptureFixture[str]
) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    code, err = run_export(str(blocker / "site"), capsys)
    assert code == 1 and err.startswith("export: ") and err.count("\n") == 1, err
    assert blocker.read_text() == "not a folder"


def test_a_previous_export_that_cannot_be_removed_is_one_line(
    tmp_path: Path, export_env: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    site = tmp_path / "site"
    export_env.setattr(export_module, "render_into", fake_site({"a.html": "1"}))
    assert run_export(str(site), capsys)[0] == 0

    def read_only(path: Path, *args: object, **kwargs: object) -> None:
        raise PermissionError(13, "Permission denied", str(path))

    export_env.setattr(export_module, "render_into", fake_site({"a.html": "2"}))
    export_env.setattr(export_module.shutil, "rmtree", read_only)  # as on a read-only folder
    code, err = run_export(str(site), capsys)
    assert code == 1 and err.count("\n") == 1, err
    assert err.startswith("export: could not remove the previous export, left at ")
    assert (site / "a.html").read_text() == "2"  # the new export is in place all the same


def without_root_override() -> list[str]:
    """A command prefix that runs as root without the power to ignore file permissions, so a
    read-only folder is read-only here too; skip where that cannot be had."""
    drop = ["--bounding-set=-dac_override,-dac_read_search"]
    prefix = ["setpriv", *drop, "--inh-caps=-dac_override,-dac_read_search"]
    if os.geteuid() != 0 or subprocess.run([*prefix, "true"]).returncode != 0:
        pytest.skip("needs root and setpriv to test permissions as they apply to everyone")
    return prefix


def test_export_refuses_a_read_only_previous_export(
    tmp_path: Path, export_env: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    site = tmp_path / "site"
    export_env.setattr(export_module, "render_into", fake_site({"a.html": "1", "b/c.html": "1"}))
    assert run_export(str(site), capsys)[0] == 0
    before = tree(site)
    for folder in (site / "b", site):
        folder.chmod(0o555)
    try:
        result = subprocess.run(
            [*without_root_override(), sys.executable, "-m", "app", "export", str(site)],
            cwd=PROJECT_ROOT,
            capture_output=True,
            text=True,
            timeout=60,
        )
    finally:
        for folder in (site, site / "b"):
            if folder.exists():  # gone only if the export wrongly replaced it
                folder.chmod(0o755)
    assert result.returncode == 1 and result.stderr.count("\n") == 1, result.stderr
    assert result.stderr.startswith("export: refusing") and "read-only" in result.stderr
    assert tree(site) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]
