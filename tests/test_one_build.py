"""One port, one build: `python -m app` builds once before its workers start, every worker (a
restarted one too) serves that build, and every start-up failure is one line.

These start the real `python -m app` on a free loopback port, with a private copy of the seed
and the database, so they may edit and break both.
"""

import http.client
import os
import resource
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path

import pytest
from helpers import TODAY, free_port, read_until_closed

from app.config import PROJECT_ROOT, Settings


def environment(seed: Path, database: Path, **extra: str) -> dict[str, str]:
    return {
        **os.environ,
        "SEED_DIR": str(seed),
        "DATABASE_PATH": str(database),
        "ACCESS_LOG": "0",
        "TODAY": TODAY.isoformat(),
        **extra,
    }


def get(port: int, path: str) -> tuple[int, dict[str, str], bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        connection.request("GET", path, headers={"Connection": "close"})
        response = connection.getresponse()
        return response.status, {k.lower(): v for k, v in response.getheaders()}, response.read()
    finally:
        connection.close()


def workers(pid: int) -> set[int]:
    """The worker processes uvicorn's supervisor runs (its children, not helper processes)."""
    found = set()
    for child in Path(f"/proc/{pid}/task/{pid}/children").read_text().split():
        try:
            command = Path(f"/proc/{child}/cmdline").read_bytes()
        except OSError:
            continue
        if b"resource_tracker" not in command:
            found.add(int(child))
    return found


def wait_for(condition: Callable[[], object], seconds: float, what: str) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.1)
    raise AssertionError(f"gave up after {seconds:.0f} s waiting for {what}")


def answers(port: int) -> bool:
    try:
        return get(port, "/healthz")[0] == 200
    except OSError:
        return False


@contextmanager
def running(env: dict[str, str], log: Path) -> Iterator[subprocess.Popen[bytes]]:
    """`python -m app` with this environment, its output in `log`; stopped afterwards."""
    with log.open("wb") as output:
        process = subprocess.Popen(
            [sys.executable, "-m", "app"],
            cwd=PROJECT_ROOT,
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    try:
        yield process
    finally:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(5)


@pytest.fixture
def private(settings: Settings, tmp_path: Path) -> tuple[Path, Path]:
    """A private copy of the real seed and of the databases built from it (the English one and,
    with the Arabic edition on by default, explainer.ar.db beside it: without it the server
    would rightly build again)."""
    seed = tmp_path / "seed"
    shutil.copytree(PROJECT_ROOT / "seed", seed)
    database = tmp_path / "db" / "explainer.db"
    database.parent.mkdir()
    shutil.copy(settings.database_path, database)
    if settings.builds_arabic:
        shutil.copy(settings.arabic_database_path, database.with_name("explainer.ar.db"))
    return seed, database


def test_two_workers_serve_one_build_after_a_seed_edit_and_a_killed_worker(
    private: tuple[Path, Path], tmp_path: Path
) -> None:
    seed, database = private
    port = free_port()
    env = environment(seed, database, PORT=str(port), WEB_CONCURRENCY="2")
    log = tmp_path / "server.log"
    with running(env, log) as server:
        wait_for(lambda: answers(port), 60, "the server")
        wait_for(lambda: len(workers(server.pid)) == 2, 30, "two workers")
        wait_for(lambda: log.read_text().count("Application startup complete") == 2, 90, "both")
        before = workers(server.pid)
        with (seed / "facts.toml").open("a", encoding="utf-8") as facts:
            facts.write("\n# an edit after start-up: the seed is now newer than the build\n")
        os.kill(min(before), signal.SIGKILL)
        replaced = lambda: len(workers(server.pid)) == 2 and workers(server.pid) != before  # noqa: E731
        wait_for(replaced, 30, "a new worker")
        (new,) = workers(server.pid) - before
        started = f"Started server process [{new}]"
        ready = lambda: started in log.read_text() and answers(port)  # noqa: E731
        wait_for(ready, 90, "the new worker's start-up")
        # Its start-up (a rebuild, before the fix) finishes before it says it is ready.
        wait_for(lambda: log.read_text().count("Application startup complete") >= 3, 90, "ready")

        def probe(_attempt: int) -> tuple[str, str, str]:
            status, _, body = get(port, "/healthz")
            etag = get(port, "/downloads/explainer.db")[1]["etag"]
            listing = get(port, "/downloads")[1]["etag"]
            return body.decode(), etag, listing

        with ThreadPoolExecutor(8) as pool:
            seen = list(pool.map(probe, range(80)))
        # The real entry point runs the bounded protocol: a head over the cap gets 431, closed.
        with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
            try:
                sock.sendall(b"GET / HTTP/1.1\r\nHost: x\r\nX-Pad: " + b"a" * 65536 + b"\r\n\r\n")
            except OSError:
                pass  # the server may refuse before taking it all
            oversized = read_until_closed(sock)
    assert oversized.startswith(b"HTTP/1.1 431 "), oversized[:80]
    health = {body for body, _, _ in seen}
    assert len(health) == 1, health
    assert '"status":"ok"' in health.pop()
    assert len({etag for _, etag, _ in seen}) == 1
    assert len({listing for _, _, listing in seen}) == 1
    assert "built " not in log.read_text()  # the database was current: nothing was rebuilt


def test_a_seed_fault_is_logged_once_however_many_workers(
    private: tuple[Path, Path], tmp_path: Path
) -> None:
    seed, database = private
    (seed / "facts.toml").write_text("not = [valid toml", encoding="utf-8")
    port = free_port()
    env = environment(seed, database, PORT=str(port), WEB_CONCURRENCY="2")
    log = tmp_path / "server.log"
    with running(env, log) as server:
        wait_for(lambda: answers(port), 60, "the server")
        wait_for(lambda: log.read_text().count("Application startup complete") >= 2, 60, "ready")
        assert server.poll() is None
    faults = [line for line in log.read_text().splitlines() if "previous build" in line]
    assert len(faults) == 1, faults


def fails_in_one_line(env: dict[str, str], limit_file_size: int = 0) -> str:
    """Start `python -m app`, expect it to stop at once; return its one line of output."""

    def limit() -> None:  # a full disk: writes past this size fail (EFBIG)
        if limit_file_size:
            resource.setrlimit(resource.RLIMIT_FSIZE, (limit_file_size, limit_file_size))

    result = subprocess.run(
        [sys.executable, "-m", "app"],
        cwd=PROJECT_ROOT,
        env={**env, "PORT": "1"},  # never reached: the start-up stops first
        capture_output=True,
        text=True,
        timeout=120,
        preexec_fn=limit,
    )
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    lines = [line for line in lines if not line.startswith("INFO:")]
    assert result.returncode == 1, result.stderr[-2000:]
    assert len(lines) == 1, result.stderr[-3000:]
    assert lines[0].startswith("cannot start: "), lines
    return lines[0]


@pytest.mark.parametrize(
    ("damage", "expected"),
    [
        ("not = [valid toml", "facts.toml"),
        ("[article]\nsha256 = 1\n", "facts.toml"),
    ],
)
def test_no_database_and_a_bad_seed_stops_in_one_line(
    tmp_path: Path, damage: str, expected: str
) -> None:
    seed = tmp_path / "seed"
    shutil.copytree(PROJECT_ROOT / "seed", seed)
    (seed / "facts.toml").write_text(damage, encoding="utf-8")
    line = fails_in_one_line(environment(seed, tmp_path / "db" / "explainer.db"))
    assert expected in line


def test_no_database_and_a_full_disk_stops_in_one_line(tmp_path: Path) -> None:
    seed = tmp_path / "seed"
    shutil.copytree(PROJECT_ROOT / "seed", seed)
    line = fails_in_one_line(
        environment(seed, tmp_path / "db" / "explainer.db"), limit_file_size=64 * 1024
    )
    assert "error" in line.lower(), line


def test_serving_in_process_leaves_the_environment_as_it_was(
    settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    from app import __main__ as entry

    seen: dict[str, str | None] = {}
    monkeypatch.setattr(
        entry.uvicorn, "run", lambda *_, **__: seen.update(pinned=os.environ.get("SERVED_BUILD"))
    )
    monkeypatch.setattr(entry, "raise_descriptor_limit", lambda: None)
    monkeypatch.setenv("DATABASE_PATH", str(settings.database_path))
    monkeypatch.delenv("SERVED_BUILD", raising=False)
    assert entry.main([]) == 0
    assert seen["pinned"] and not Path(str(seen["pinned"])).exists()  # removed afterwards
    assert "SERVED_BUILD" not in os.environ
