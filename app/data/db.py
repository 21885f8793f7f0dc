"""The read-only engine the server uses, and what a built file says about itself.

Building a missing or stale file at start-up is the loader's (app/loader/ensure.py); a
request's session is the web layer's (app/web/sessions.py).
"""

import sqlite3
from contextlib import closing
from pathlib import Path
from urllib.parse import quote

from sqlalchemy import Engine
from sqlalchemy.pool import NullPool
from sqlmodel import create_engine


def integrity_problem(path: Path) -> str | None:
    """What SQLite's quick_check finds wrong with the file, or None if it passes.

    A damaged file can still answer the one-row meta query while the pages around it are
    zeros, so nothing in it is trusted before this check. It reads every page once: about 2 ms
    for the 2 MB build, cheap enough for start-up and for /healthz when the file changes.
    """
    try:
        with closing(sqlite3.connect(f"file:{quote(str(path))}?mode=ro", uri=True)) as connection:
            first = connection.execute("PRAGMA quick_check").fetchone()[0]
    except sqlite3.Error as error:
        return str(error)
    # quick_check may report many lines ("Page 282 is never used" …): the log gets the first.
    return None if first == "ok" else str(first).splitlines()[0]


def stored_seed_hash(path: Path) -> str | None:
    """Return the seed hash a built database records; None if it is missing, corrupt or
    unreadable."""
    if not path.is_file() or integrity_problem(path) is not None:
        return None
    try:
        with closing(sqlite3.connect(f"file:{quote(str(path))}?mode=ro", uri=True)) as connection:
            row = connection.execute("SELECT value FROM meta WHERE key = 'seed_hash'").fetchone()
    except sqlite3.Error:
        return None
    return row[0] if row else None


def read_only_engine(path: Path) -> Engine:
    """Open the built file read-only: the server can never change what readers see."""
    url = f"sqlite:///file:{quote(str(path))}?mode=ro&uri=true"
    # No pool: opening a read-only SQLite file costs microseconds, and a bounded pool can
    # deadlock with FastAPI's thread pool under load (threads waiting on connections that only
    # a thread can give back).
    return create_engine(url, poolclass=NullPool, connect_args={"check_same_thread": False})
