"""The database's fingerprint covers the code that makes it: a code change rebuilds."""

import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

from helpers import TINY_SEED

from app.config import PROJECT_ROOT
from app.loader.fingerprint import APP_DIR, code_files

START = (
    "from app.config import Settings; from app.loader.ensure import ensure_database; "
    "ensure_database(Settings())"
)


def _start(project: Path) -> str:
    """What the server does first at start-up, run from a copy of the project."""
    done = subprocess.run(
        [sys.executable, "-c", START],
        cwd=project,
        env={
            "PATH": "/usr/bin:/bin",
            "PYTHONPATH": str(project),  # the copy's `app`, not the checkout's
            "PYTHONDONTWRITEBYTECODE": "1",
            "SEED_DIR": str(project / "seed"),
            "DATABASE_PATH": str(project / "db" / "explainer.db"),
        },
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    return done.stderr


def _stored(project: Path) -> tuple[str, str]:
    with sqlite3.connect(project / "db" / "explainer.db") as db:
        rows = dict(
            db.execute("SELECT key, value FROM meta WHERE key IN ('seed_hash', 'built_at')")
        )
    return rows["seed_hash"], rows["built_at"]


def test_every_python_file_of_the_app_is_in_the_fingerprint() -> None:
    listed = {path.relative_to(APP_DIR).as_posix() for path in code_files()}
    assert {"loader/cards.py", "loader/loader.py", "data/models.py", "pages/site.py"} <= listed
    assert not any("__pycache__" in name for name in listed)


def test_editing_the_code_that_draws_cards_rebuilds_the_database(tmp_path: Path) -> None:
    project = tmp_path / "project"
    shutil.copytree(
        PROJECT_ROOT / "app", project / "app", ignore=shutil.ignore_patterns("__pycache__")
    )
    shutil.copytree(TINY_SEED, project / "seed")  # what is built does not matter here; a small seed
    _start(project)
    first = _stored(project)
    _start(project)
    assert _stored(project) == first  # nothing changed: the build is kept
    with (project / "app" / "loader" / "cards.py").open("a", encoding="utf-8") as code:
        code.write("\n# an edit to the code that draws the cards\n")
    _start(project)
    assert _stored(project) != first  # the old build counted as stale and was replaced


def test_two_builds_of_the_same_inputs_draw_the_same_card_bytes(tmp_path: Path) -> None:
    """Replicas agree byte for byte: nothing in a card may follow Python's hash seed."""
    cards = []
    for seed in ("1", "2"):
        database = tmp_path / seed / "explainer.db"
        done = subprocess.run(
            [sys.executable, "-m", "app.loader"],
            cwd=PROJECT_ROOT,
            env={
                "PATH": "/usr/bin:/bin",
                "PYTHONHASHSEED": seed,
                "PYTHONDONTWRITEBYTECODE": "1",
                "DATABASE_PATH": str(database),
            },
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert done.returncode == 0, done.stderr
        with sqlite3.connect(database) as db:
            cards.append(dict(db.execute("SELECT path, png FROM card")))
    assert cards[0].keys() == cards[1].keys() and len(cards[0]) > 50
    assert [path for path in cards[0] if cards[0][path] != cards[1][path]] == []
