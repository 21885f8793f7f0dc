"""The review's footguns, each reproduced as something an operator or a client would see.

A bad setting or an unusable seed or database folder stops every command with one line on
stderr and a non-zero exit, never a traceback; importing the app reads no environment; the
public origin must be an http(s) URL; the served snapshot cannot change; and a page rendered
before midnight is never kept for the new day.
"""

import asyncio
import dataclasses
import os
import re
import shutil
import socket
import subprocess
import sys
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import date, datetime, timedelta
from pathlib import Path
from types import SimpleNamespace

import pytest
from helpers import assign, free_port
from starlette.types import Receive, Scope, Send

from app.config import PROJECT_ROOT, Settings, SettingsError
from app.data.snapshot import FileWatch, Snapshot, load_snapshot
from app.data.urls import MAX_PATH
from app.serve import nginx
from app.serve.cache import Cache, Message
from app.serve.guard import DEFAULT_ALLOWED_HEADERS
from app.serve.headers import MAX_QUERY
from app.serve.protocol import MAX_HEAD
from app.web.errors import LONGEST_INSTANCE

OUR_VARIABLES = (
    *("HOST", "PORT", "WEB_CONCURRENCY", "SITE_URL", "DATABASE_PATH", "SEED_DIR"),
    *("TODAY", "ACCESS_LOG", "PREBUILT", "SERVED_BUILD"),
)
COMMANDS = {
    "python -m app": ["-m", "app"],
    "python -m app.loader": ["-m", "app.loader"],
    "python -m app export": ["-m", "app", "export", "EXPORT"],
}


def run(arguments: list[str], env: dict[str, str], tmp_path: Path) -> subprocess.CompletedProcess:
    """Run the project's Python with only `env` of our variables set."""
    clean = {k: v for k, v in os.environ.items() if k not in OUR_VARIABLES}
    arguments = [str(tmp_path / "export") if a == "EXPORT" else a for a in arguments]
    return subprocess.run(
        [sys.executable, *arguments],
        # A free port: a command that wrongly starts serving must not take someone else's.
        env={**clean, "PORT": str(free_port()), "DATABASE_PATH": str(tmp_path / "db.db"), **env},
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )


def bad_setups(tmp_path: Path) -> dict[str, tuple[dict[str, str], str]]:
    """Each broken setup: its environment, and a word its one line must contain."""
    unreadable = tmp_path / "unreadable-seed"
    shutil.copytree(PROJECT_ROOT / "seed", unreadable)
    (unreadable / "article.txt").unlink()
    (unreadable / "article.txt").mkdir()  # a folder where the article should be
    not_a_folder = tmp_path / "a-file"
    not_a_folder.write_text("", encoding="utf-8")
    return {
        "bad PORT": ({"PORT": "abc"}, "PORT"),
        "bad SITE_URL": ({"SITE_URL": "example.org"}, "SITE_URL"),
        "bad TODAY": ({"TODAY": "yesterday"}, "TODAY"),
        "missing seed": ({"SEED_DIR": str(tmp_path / "no-such-seed")}, "seed"),
        "unreadable seed": ({"SEED_DIR": str(unreadable)}, "article.txt"),
        "database folder unwritable": (
            {"DATABASE_PATH": str(not_a_folder / "explainer.db")},
            "a-file",
        ),
    }


@pytest.mark.parametrize("command", COMMANDS)
def test_every_start_up_and_build_error_is_one_line(command: str, tmp_path: Path) -> None:
    for case, (env, named) in bad_setups(tmp_path).items():
        result = run(COMMANDS[command], env, tmp_path)
        where = f"{command} with {case}: {result.stderr!r}"
        assert result.returncode != 0, where
        assert "Traceback" not in result.stderr, where
        lines = [line for line in result.stderr.splitlines() if line.strip()]
        errors = [line for line in lines if not line.startswith("INFO:")]
        assert len(errors) == 1, where
        assert named in errors[0], where


def test_scripts_serve_reports_a_bad_setting_in_one_line(tmp_path: Path) -> None:
    result = subprocess.run(
        ["scripts/serve"],
        env={**os.environ, "PORT": "abc"},
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 2, result.stderr
    assert result.stderr.startswith("settings: PORT: Input should be a valid integer")
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr


def test_importing_the_app_reads_no_environment(tmp_path: Path) -> None:
    """A stray PORT=abc must not break `import app.main` (nor the tests' collection)."""
    code = "import app.main, app.__main__, app.export, app.serve.nginx; print('ok')"
    result = run(["-c", code], {"PORT": "abc", "SITE_URL": "nope"}, tmp_path)
    assert (result.returncode, result.stdout, result.stderr) == (0, "ok\n", "")


def test_the_app_is_still_importable_as_app_main_app(tmp_path: Path) -> None:
    """uvicorn, the Dockerfile and the README name `app.main:app`: built on first use."""
    code = (
        "from uvicorn.importer import import_from_string\n"
        "from app.main import Explainer\n"
        "app = import_from_string('app.main:app')\n"
        "assert isinstance(app, Explainer) and app.state.settings.port == 8123\n"
        "from app.main import app as again\n"
        "assert again is app\n"
        "print('ok')"
    )
    result = run(["-c", code], {"PORT": "8123"}, tmp_path)
    assert (result.returncode, result.stdout) == (0, "ok\n"), result.stderr


@pytest.mark.parametrize(
    "value",
    [
        "example.org",
        "www.example.org/path",
        "ftp://example.org",
        "https://",
        "http:///x",
        "https://example.org/?q=1",
        "https://example.org/#top",
        "javascript:alert(1)",
    ],
)
def test_site_url_must_be_an_http_origin(value: str) -> None:
    with pytest.raises(SettingsError) as raised:
        Settings(site_url=value)
    assert str(raised.value).startswith("settings: SITE_URL: ")
    assert "\n" not in str(raised.value)


@pytest.mark.parametrize(
    ("value", "kept"),
    [
        ("https://example.org/", "https://example.org"),
        ("http://127.0.0.1:8000", "http://127.0.0.1:8000"),
        ("https://explainer.example.org", "https://explainer.example.org"),
    ],
)
def test_a_good_site_url_is_kept_without_its_slash(value: str, kept: str) -> None:
    assert Settings(site_url=value).site_url == kept


def test_the_snapshot_is_immutable(settings: Settings) -> None:
    """Health checks run in threads: the snapshot they read holds no state they change."""
    snapshot = load_snapshot(settings.database_path)
    try:
        for field in dataclasses.fields(Snapshot):
            value = getattr(snapshot, field.name)
            assert not isinstance(value, list | dict | set | bytearray), field.name
        with pytest.raises(dataclasses.FrozenInstanceError):
            assign(snapshot, "sha256", "changed")
        hash(snapshot)  # every field hashable: nothing in it can change
    finally:
        snapshot.close()


class Clock:
    """A wall clock and a date the test moves by hand."""

    def __init__(self, day: date) -> None:
        self.day = day
        self.now = datetime.combine(day, datetime.min.time()).timestamp() + 23.9 * 3600

    def time(self) -> float:
        return self.now

    def today(self) -> date:
        return self.day

    def pass_midnight(self) -> None:
        self.day += timedelta(days=1)
        self.now += 3600


def a_site(
    clock: Clock, started: asyncio.Event, held: asyncio.Event
) -> tuple[Cache, Callable[[], object]]:
    """A cache in front of an app that says which day it rendered for; the first render says
    it has `started`, then waits for `held`, as a slow render in flight at midnight does."""
    renders = 0

    async def inner(scope: Scope, receive: Receive, send: Send) -> None:
        nonlocal renders
        renders += 1
        day = clock.today().isoformat()  # the date the page is rendered against
        if renders == 1:
            started.set()
            await held.wait()
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": day.encode()})

    owner = SimpleNamespace(state=SimpleNamespace(site=SimpleNamespace(documents={"/"})))
    cache = Cache(inner, keep=True, today=clock.today, clock=clock.time)
    return cache, lambda: owner


async def get(cache: Cache, owner: object) -> bytes:
    scope: Scope = {
        "type": "http",
        "method": "GET",
        "path": "/",
        "query_string": b"",
        "headers": [],
    }
    scope["app"] = owner
    sent: list[Message] = []

    async def receive() -> Message:
        return {"type": "http.request"}

    async def send(message: Message) -> None:
        sent.append(message)

    await cache(scope, receive, send)
    return sent[-1]["body"]


def test_a_render_in_flight_at_midnight_is_not_kept_for_the_new_day() -> None:
    clock = Clock(date(2026, 11, 29))

    async def scenario() -> list[bytes]:
        started, held = asyncio.Event(), asyncio.Event()
        cache, owner = a_site(clock, started, held)
        before = asyncio.ensure_future(get(cache, owner()))
        await started.wait()  # rendering on the 29th
        clock.pass_midnight()
        # The 30th: its own render, never waiting for (or given) yesterday's.
        after = await asyncio.wait_for(get(cache, owner()), timeout=5)
        held.set()
        late = await before  # the request that started it still gets its page
        return [late, after, await get(cache, owner())]

    # A loop of its own in a thread: a browser test earlier in the run may own this thread's.
    with ThreadPoolExecutor(1) as pool:
        late, after, next_one = pool.submit(asyncio.run, scenario()).result(timeout=30)
    assert late == b"2026-11-29"
    assert after == b"2026-11-30"
    assert next_one == b"2026-11-30"  # yesterday's render was not stored over today's


def test_health_findings_are_reported_once_across_threads(settings: Settings) -> None:
    """Probes run in worker threads at once: a problem is logged by exactly one of them."""
    snapshot = load_snapshot(settings.database_path)
    watch = FileWatch(snapshot)
    try:
        with ThreadPoolExecutor(16) as pool:
            firsts = list(pool.map(lambda _: watch.first_report("gone"), range(256)))
        assert firsts.count(True) == 1
        assert watch.problem() is None  # the file still holds the build served
    finally:
        snapshot.close()


def test_nginx_takes_the_apps_limits_from_the_app() -> None:
    """The nginx template names the app's limits as fields, never as copied numbers, and the
    rendered server block carries the app's own values."""
    template = nginx.TEMPLATE.read_text(encoding="utf-8")
    rendered = nginx.render(Path("/srv/site"), "80", "127.0.0.1:8000", "https://example.org")
    copies = {
        f"{{{MAX_PATH + 1}}}": "@PATH_OVER@",
        f"{{{MAX_QUERY + 1}}}": "@QUERY_OVER@",
        f"{{0,{LONGEST_INSTANCE - 1}}}": "@INSTANCE_REST@",
        f"4 {MAX_HEAD // 1024}k;": "@MAX_HEAD@",
        DEFAULT_ALLOWED_HEADERS.decode(): "@ALLOWED_HEADERS@",
    }
    for value, field in copies.items():
        assert value not in template and field in template, field
        assert value in rendered, value
    assert not re.search(r"@[A-Z_0-9]+@", rendered)  # every field filled in


def test_a_port_in_use_is_one_line(tmp_path: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = run(["-m", "app"], {"PORT": str(port), "ACCESS_LOG": "0"}, tmp_path)
    assert result.returncode != 0 and "Traceback" not in result.stderr
    errors = [line for line in result.stderr.splitlines() if not line.startswith("INFO:")]
    assert len(errors) == 1 and "address already in use" in errors[0], result.stderr
