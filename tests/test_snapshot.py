"""One consistent snapshot per replica, a broken database that fails politely, and a start-up
that keeps serving a valid old build when the seed cannot be rebuilt."""

import logging
import os
import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from helpers import app_of
from sqlalchemy import create_engine

from app.config import PROJECT_ROOT, Settings
from app.data.db import stored_seed_hash
from app.data.snapshot import SnapshotError, load_snapshot
from app.loader import loader
from app.loader.ensure import ensure_database
from app.loader.loader import seed_hash
from app.main import create_app


def first_fact(database: Path) -> str:
    """A fact of this build (whichever sorts first): the one a rebuild changes."""
    with sqlite3.connect(database) as connection:
        return str(connection.execute("SELECT min(id) FROM fact").fetchone()[0])


@pytest.fixture
def private(settings: Settings, tmp_path: Path) -> Settings:
    """The session's settings with a private copy of the built database, free to break (and of
    the Arabic edition's beside it, so start-up finds both current and builds nothing)."""
    database = tmp_path / "explainer.db"
    shutil.copy(settings.database_path, database)
    private = settings.model_copy(update={"database_path": database})
    if settings.builds_arabic:
        shutil.copy(settings.arabic_database_path, private.arabic_database_path)
    return private


@pytest.fixture
def served(private: Settings) -> Iterator[TestClient]:
    with TestClient(create_app(private)) as test_client:
        yield test_client


def rebuilt_copy(source: Path, target: Path) -> None:
    """Another build of the database from the same seed: a fact's quote and build time differ."""
    shutil.copy(source, target.with_suffix(".new"))
    with sqlite3.connect(target.with_suffix(".new")) as connection:
        connection.execute("UPDATE meta SET value = 'rebuilt' WHERE key = 'built_at'")
        fact = first_fact(target.with_suffix(".new"))
        connection.execute("UPDATE fact SET quote = 'REBUILT' WHERE id = ?", (fact,))
    target.with_suffix(".new").replace(target)


def test_a_rebuild_while_serving_changes_nothing_until_restart(
    served: TestClient, private: Settings
) -> None:
    fact = first_fact(private.database_path)
    page_before = served.get(f"/facts/{fact}").text
    health_before = served.get("/healthz").json()
    rebuilt_copy(private.database_path, private.database_path)
    # First use of the fact's JSON, after the rebuild: still the build being served.
    assert served.get(f"/api/facts/{fact}").json()["quote"] != "REBUILT"
    assert served.get(f"/facts/{fact}").text == page_before
    assert served.get("/downloads/explainer.db").content != private.database_path.read_bytes()
    health = served.get("/healthz")
    assert health.status_code == 200 and health.json()["status"] == "stale"
    assert health.json()["seed_hash"] == health_before["seed_hash"]  # names the build served
    with TestClient(create_app(private)) as restarted:
        assert restarted.get(f"/api/facts/{fact}").json()["quote"] == "REBUILT"


@pytest.mark.parametrize("damage", ["delete", "empty", "corrupt"])
def test_a_broken_database_file_makes_healthz_503_and_logs_once(
    served: TestClient, private: Settings, damage: str, caplog: pytest.LogCaptureFixture
) -> None:
    assert served.get("/healthz").json()["status"] == "ok"
    path = private.database_path
    if damage == "delete":
        path.unlink()
    else:
        path.write_bytes(b"" if damage == "empty" else b"not a database" * 100)
    with caplog.at_level(logging.ERROR, logger="uvicorn.error"):
        answers = [served.get("/healthz") for _ in range(5)]
    assert {answer.status_code for answer in answers} == {503}
    assert all("default-src 'self'" in a.headers["content-security-policy"] for a in answers)
    assert answers[0].json()["status"] == "unhealthy"
    assert len([r for r in caplog.records if "healthz" in r.getMessage()]) == 1
    assert served.get("/api/search?q=kurdistan%20region").status_code == 200  # the snapshot
    assert served.get("/downloads/explainer.db").content[:15] == b"SQLite format 3"


def test_a_database_error_is_a_503_with_security_headers_and_one_log_line(
    served: TestClient, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    gone = tmp_path / "gone.db"
    app_of(served).state.engine = create_engine(f"sqlite:///file:{gone}?mode=ro&uri=true")
    with caplog.at_level(logging.ERROR, logger="uvicorn.error"):
        answers = [served.get(f"/api/search?q=gone{n}") for n in range(5)]
    assert {answer.status_code for answer in answers} == {503}
    assert all("default-src 'self'" in a.headers["content-security-policy"] for a in answers)
    assert answers[0].json()["detail"] == (
        "The server cannot answer right now; please try again soon."
    )
    assert answers[0].headers["content-type"] == "application/problem+json"
    failures = [r for r in caplog.records if "request failed" in r.getMessage()]
    assert len(failures) == 1 and "Traceback" not in caplog.text


def test_an_unservable_file_is_refused_at_start_up(tmp_path: Path) -> None:
    path = tmp_path / "x.db"
    path.write_bytes(b"not a database")
    with pytest.raises(SnapshotError):
        load_snapshot(path)


def test_start_up_serves_the_old_build_when_facts_toml_is_missing(
    seed_copy: Settings, private: Settings, caplog: pytest.LogCaptureFixture
) -> None:
    seed_copy.facts_path.unlink()
    settings = private.model_copy(update={"seed_dir": seed_copy.seed_dir})
    with caplog.at_level(logging.ERROR, logger="uvicorn.error"):
        with TestClient(create_app(settings)) as client:
            assert client.get("/").status_code == 200
    lines = [r.getMessage() for r in caplog.records if "previous build" in r.getMessage()]
    assert len(lines) == 1 and "facts.toml" in lines[0]


def test_start_up_serves_the_old_build_when_the_folder_cannot_be_written(
    seed_copy: Settings,
    private: Settings,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    text = seed_copy.facts_path.read_text(encoding="utf-8")
    seed_copy.facts_path.write_text(text + "\n# edited\n", encoding="utf-8")  # now stale
    settings = private.model_copy(update={"seed_dir": seed_copy.seed_dir})
    assert stored_seed_hash(settings.database_path) != seed_hash(settings)

    def read_only_folder(_: Settings) -> None:
        raise PermissionError(13, "Permission denied", str(settings.database_path.parent))

    monkeypatch.setattr(loader, "build", read_only_folder)
    with caplog.at_level(logging.ERROR, logger="uvicorn.error"):
        ensure_database(settings)
    assert "PermissionError" in caplog.text and "previous build" in caplog.text
    assert stored_seed_hash(settings.database_path) is not None


def test_start_up_still_fails_when_there_is_nothing_to_serve(seed_copy: Settings) -> None:
    seed_copy.facts_path.unlink()
    with pytest.raises(OSError):
        ensure_database(seed_copy)
    assert PROJECT_ROOT.joinpath("seed", "facts.toml").exists()


def zero_the_middle(path: Path, size: int = 64 * 1024) -> None:
    """Overwrite `size` bytes in the middle of the file with zeros, in place (a bad disk)."""
    with path.open("r+b") as file:
        file.seek(path.stat().st_size // 2)
        file.write(bytes(size))


def test_a_database_zeroed_mid_file_is_corrupt_on_healthz_never_stale(
    served: TestClient, private: Settings
) -> None:
    zero_the_middle(private.database_path)
    health = served.get("/healthz")
    assert health.status_code == 503
    assert health.json()["status"] == "unhealthy" and "corrupt" in health.json()["detail"]
    assert "stale" not in health.text and "new build" not in health.text


def test_a_database_zeroed_mid_file_is_rebuilt_from_the_seed_at_start_up(
    private: Settings, caplog: pytest.LogCaptureFixture
) -> None:
    zero_the_middle(private.database_path)
    with caplog.at_level(logging.WARNING, logger="uvicorn.error"):
        with TestClient(create_app(private)) as restarted:
            assert restarted.get("/").status_code == 200
            assert restarted.get("/healthz").json()["status"] == "ok"
    assert stored_seed_hash(private.database_path) == seed_hash(private)
    lines = [r.getMessage() for r in caplog.records if "rebuilding" in r.getMessage()]
    assert len(lines) == 1 and "\n" not in lines[0]  # one line, whatever SQLite found


def test_a_corrupt_database_with_no_seed_to_rebuild_it_stops_in_one_line(
    seed_copy: Settings, private: Settings
) -> None:
    zero_the_middle(private.database_path)
    seed_copy.facts_path.unlink()
    env = {
        **os.environ,
        "DATABASE_PATH": str(private.database_path),
        "SEED_DIR": str(seed_copy.seed_dir),
        "PORT": "1",  # never reached: the start-up stops first
    }
    result = subprocess.run(
        [sys.executable, "-m", "app"],
        env=env,
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert result.stderr.splitlines()[-1].startswith("cannot start: ")
    assert "facts.toml" in result.stderr.splitlines()[-1]
