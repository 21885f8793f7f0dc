"""Fixtures shared by the tests: a database built from the real seed, a client, a live server;
and for unit tests, a database built by the same loader from the tiny synthetic seed."""

import fcntl
import os
import shutil
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import uvicorn
from fastapi.testclient import TestClient
from helpers import IDENTITY, TINY_SEED, TODAY, every_page, export_into, free_port, require_tool
from sqlmodel import Session

from app.__main__ import SERVER_OPTIONS
from app.config import PROJECT_ROOT, Settings
from app.data.db import read_only_engine
from app.loader.loader import build
from app.main import create_app

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
    "--no-first-run",
    "--disable-dev-shm-usage",
]


# Where the cache could change the answer (pages, JSON twins, headers, search, the API), each
# test that takes `client` runs twice in the one pytest run: through the cache, and with it off
# (PREBUILT=0, every request rendered afresh). The cache must be only a cache: same bytes, same
# headers (tests/test_cache_only.py compares every document both ways). Tests of what the cache
# saves (marked `cache`) run through the cache only. Modules whose answers are documents
# (annotations, corrections, fragments; security's headers and HEAD on every document) run
# once: those documents' bytes and headers, and HEAD, are compared there.
BOTH_CACHES = {
    "test_api",
    "test_hostile",
    "test_links",
    "test_pages",
    "test_search",
}
CACHE_IDS = ["cache-on", "cache-off"]
# `scripts/test --quick`: the unit tests on the tiny seed and the editorial rules on the real
# one, under 30 s; nothing that starts a server, a subprocess build, a browser or a checker.
QUICK = {
    "test_code",
    "test_data_unit",
    "test_editorial_real_seed",
    "test_loader_unit",
    "test_lock",
    "test_missing_tools",
    "test_reading_layer",
    "test_story_first",
    "test_words",
    "test_words_in_seed",
}


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """Give `client` both cache modes in the modules where the cache could change the answer."""
    if (
        "client" in metafunc.fixturenames
        and metafunc.module.__name__ in BOTH_CACHES
        and metafunc.definition.get_closest_marker("cache") is None
    ):
        metafunc.parametrize("client", [True, False], indirect=True, ids=CACHE_IDS, scope="session")


def pytest_ignore_collect(collection_path: Path, config: pytest.Config) -> bool | None:
    """With `-m quick`, do not even import the other modules (browsers, checkers: seconds)."""
    if config.getoption("markexpr") == "quick" and collection_path.suffix == ".py":
        return collection_path.stem.startswith("test_") and collection_path.stem not in QUICK
    return None


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark the quick loop's modules `quick` (`pytest -m quick`)."""
    for item in items:
        module = getattr(item, "module", None)  # a test function's; pytest types it on Function
        if getattr(module, "__name__", "") in QUICK:
            item.add_marker(pytest.mark.quick)


def made_once(
    tmp_path_factory: pytest.TempPathFactory,
    worker_id: str,
    name: str,
    make: Callable[[Path], object],
) -> Path:
    """A folder `make` fills once for the whole run, however many xdist workers ask for it.

    Under `pytest -n 2` each worker has its own session; what every worker only reads (the
    real seed's build, a whole export) is made by the first to ask, under a lock, in the run's
    shared temporary folder, and the other finds it done. Alone (`-n 0`), a folder of its own.
    """
    if worker_id == "master":
        folder = tmp_path_factory.mktemp(name)
        make(folder)
        return folder
    shared = tmp_path_factory.getbasetemp().parent  # this run's, shared by its workers
    folder, done = shared / name, shared / f"{name}.done"
    with (shared / f"{name}.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # released when the file closes
        if not done.exists():
            shutil.rmtree(folder, ignore_errors=True)  # a maker that failed half-way
            folder.mkdir()
            make(folder)
            done.touch()
    return folder


def real_seed_settings(folder: Path) -> Settings:
    return Settings(
        seed_dir=PROJECT_ROOT / "seed",
        database_path=folder / "explainer.db",
        site_url="http://127.0.0.1:8000",
        pinned_today=TODAY,
        prebuilt=True,  # whatever PREBUILT says; `client` turns the cache off where it matters
    )


@pytest.fixture(scope="session")
def settings(tmp_path_factory: pytest.TempPathFactory, worker_id: str) -> Settings:
    """Settings pointing at a database built from the real seed (both editions, as by default),
    in a temporary folder: built once for the run, read by every test that takes it."""
    folder = made_once(
        tmp_path_factory, worker_id, "db", lambda folder: build(real_seed_settings(folder))
    )
    return real_seed_settings(folder)


@pytest.fixture(scope="session")
def client(request: pytest.FixtureRequest, settings: Settings) -> Iterator[TestClient]:
    """The app on the real seed's database, through the cache (or, where a module asks for
    both, also with the cache off: see BOTH_CACHES)."""
    prebuilt = getattr(request, "param", True)
    app = create_app(settings.model_copy(update={"prebuilt": prebuilt}))
    # Uncompressed unless a test asks for an encoding: brotli at its best level on each of the
    # site's documents is most of what a test reading them all costs, and the encodings have
    # tests of their own (tests/test_cache_only.py, tests/test_export.py, tests/test_links.py).
    with TestClient(app, headers=IDENTITY) as test_client:
        yield test_client


@pytest.fixture(scope="session")
def article() -> str:
    return (PROJECT_ROOT / "seed" / "article.txt").read_text(encoding="utf-8")


@pytest.fixture
def seed_copy(tmp_path: Path) -> Settings:
    """A private copy of the seed folder and database path, for tests that break things."""
    seed_dir = tmp_path / "seed"
    shutil.copytree(PROJECT_ROOT / "seed", seed_dir)
    return Settings(seed_dir=seed_dir, database_path=tmp_path / "db" / "explainer.db")


@pytest.fixture(scope="session")
def tiny_settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    """Settings pointing at a database built from the tiny synthetic seed (tests/fixtures/seed),
    and its Arabic edition's beside it (tiny.ar.db, from tests/fixtures/seed/ar)."""
    built = Settings(
        seed_dir=TINY_SEED,
        database_path=tmp_path_factory.mktemp("tiny") / "tiny.db",
        site_url="http://127.0.0.1:8000",
        pinned_today=TODAY,
        arabic_edition=True,
    )
    build(built)
    return built


def read_only_session(database: Path) -> Iterator[Session]:
    """A read-only session on a built database, as the server opens it."""
    engine = read_only_engine(database)
    with Session(engine) as session:
        yield session
    engine.dispose()


@pytest.fixture(scope="session")
def tiny_session(tiny_settings: Settings) -> Iterator[Session]:
    """The tiny database, read as the server reads it."""
    yield from read_only_session(tiny_settings.database_path)


@pytest.fixture(scope="session")
def tiny_ar_session(tiny_settings: Settings) -> Iterator[Session]:
    """The tiny seed's Arabic database, read as the server reads it."""
    yield from read_only_session(tiny_settings.arabic_database_path)


@pytest.fixture(scope="session")
def tiny_article() -> str:
    return (TINY_SEED / "article.txt").read_text(encoding="utf-8")


@pytest.fixture
def tiny_copy(tmp_path: Path) -> Settings:
    """A private copy of the tiny seed, for tests that break it on purpose."""
    seed_dir = tmp_path / "seed"
    shutil.copytree(TINY_SEED, seed_dir)
    return Settings(seed_dir=seed_dir, database_path=tmp_path / "db" / "tiny.db")


@pytest.fixture(scope="session")
def live_server(settings: Settings) -> Iterator[str]:
    """Serve the app with uvicorn on a free loopback port, for the browser tests."""
    port = free_port()
    config = uvicorn.Config(
        create_app(settings.model_copy()),
        host="127.0.0.1",
        port=port,
        log_level="warning",
        **SERVER_OPTIONS,
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started:
        if time.monotonic() > deadline:
            raise RuntimeError("the test server did not start within 10 s")
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=5)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict[str, object]) -> dict[str, object]:
    """Use Debian's Chromium: Playwright's own browser download cannot work on this network."""
    chromium = require_tool(CHROMIUM, "Chromium", "chromium")
    return {**browser_type_launch_args, "executable_path": chromium, "args": CHROMIUM_ARGS}


@pytest.fixture(scope="session")
def exported(settings: Settings, tmp_path_factory: pytest.TempPathFactory, worker_id: str) -> Path:
    """One run of the real command, `python -m app export DIR`, against the test database,
    shared by every module that reads an export (tests/test_export.py, tests/test_nginx.py,
    tests/test_arabic.py): a whole export costs tens of seconds, so it is made once for the
    run, and none of its readers writes into it."""

    def export(folder: Path) -> None:
        result = export_into(settings, folder / "site")
        assert result.returncode == 0, result.stderr
        assert result.stdout.startswith("exported ")

    return made_once(tmp_path_factory, worker_id, "export", export) / "site"


@pytest.fixture(scope="session")
def sample_pages(client: TestClient) -> list[str]:
    """Every kind of page once, in each edition: each list page and the first item page of
    each kind, a search, and the page for an unknown address."""
    seen: set[tuple[str, str]] = set()
    sample = []
    for path in every_page(client):
        edition, rest = ("ar", path[3:]) if path.startswith("/ar/") else ("en", path)
        kind = rest.split("/")[1] if rest.count("/") > 1 else rest
        if (edition, kind) not in seen or rest.count("/") == 1:
            seen.add((edition, kind))
            sample.append(path)
    searches = ["/search?q=withdraw", "/ar/search?q=انسحاب"]
    return [*sample, *searches, "/no-such-page", "/ar/no-such-page"]
