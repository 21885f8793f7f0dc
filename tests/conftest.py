"""Fixtures shared by the tests: a database built from the real seed, a client, a live server;
and for unit tests, a database built by the same loader from the tiny synthetic seed."""

import os
import shutil
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import uvicorn
from fastapi.testclient import TestClient
from helpers import TINY_SEED, TODAY, free_port, site_paths
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


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """With the cache off (PREBUILT=0), what it saves cannot be seen: skip those tests."""
    if os.environ.get("PREBUILT") == "0":
        skip = pytest.mark.skip(reason="PREBUILT=0: the cache keeps nothing")
        for item in items:
            if "cache" in item.keywords:
                item.add_marker(skip)


@pytest.fixture(scope="session")
def settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    """Settings pointing at a database built from the real seed, in a temporary folder."""
    folder = tmp_path_factory.mktemp("db")
    built = Settings(
        seed_dir=PROJECT_ROOT / "seed",
        database_path=folder / "explainer.db",
        site_url="http://127.0.0.1:8000",
        pinned_today=TODAY,
    )
    build(built)
    return built


@pytest.fixture(scope="session")
def client(settings: Settings) -> Iterator[TestClient]:
    with TestClient(create_app(settings)) as test_client:
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
    """Settings pointing at a database built from the tiny synthetic seed (tests/fixtures/seed)."""
    built = Settings(
        seed_dir=TINY_SEED,
        database_path=tmp_path_factory.mktemp("tiny") / "tiny.db",
        site_url="http://127.0.0.1:8000",
        pinned_today=TODAY,
    )
    build(built)
    return built


@pytest.fixture(scope="session")
def tiny_session(tiny_settings: Settings) -> Iterator[Session]:
    """A read-only session on the tiny database, as the server opens it."""
    engine = read_only_engine(tiny_settings.database_path)
    with Session(engine) as session:
        yield session
    engine.dispose()


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
    if not Path(CHROMIUM).exists():
        message = f"Chromium not found at {CHROMIUM}: apt-get install -y chromium"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS}


@pytest.fixture(scope="session")
def sample_pages(client: TestClient) -> list[str]:
    """Every kind of page once: each list page and the first item page of each kind."""
    pages = site_paths(client)
    seen: set[str] = set()
    sample = []
    for path in pages:
        kind = path.split("/")[1] if path.count("/") > 1 else path
        if kind not in seen or path.count("/") == 1:
            seen.add(kind)
            sample.append(path)
    return [*sample, "/search?q=withdraw", "/no-such-page"]
