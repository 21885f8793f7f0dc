"""The read-only engine the server uses, and the start-up check that builds a missing database."""

import logging
import sqlite3
from collections.abc import AsyncIterator
from contextlib import closing
from pathlib import Path
from typing import Annotated
from urllib.parse import quote

from fastapi import Depends, Request
from sqlalchemy import Engine
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.pool import NullPool
from sqlmodel import Session, create_engine

from app.loader.article import SeedError
from app.loader.fingerprint import seed_hash
from app.config import Settings

# uvicorn's logger, so build reports and seed errors at start-up show in the server's output.
logger = logging.getLogger("uvicorn.error")


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


def trusted_seed_hash(path: Path) -> str | None:
    """The stored seed hash, saying in one line why a file that is there cannot be trusted."""
    stored = stored_seed_hash(path)
    if stored is None and path.is_file():
        why = integrity_problem(path) or "it records no build"
        logger.warning("%s cannot be served (%s); rebuilding it from the seed", path, why)
    return stored


def ensure_database(settings: Settings) -> None:
    """Build the database when it is missing, stale or corrupt; keep a valid old one otherwise.

    A valid old database is served, with one line saying why, when the seed cannot be read
    (facts.toml missing), fails its checks, or the folder cannot be written (a read-only
    image): serving the last good build beats not starting. A corrupt one is never kept.
    """
    stored = trusted_seed_hash(settings.database_path)
    try:
        if stored == seed_hash(settings):
            return
        from app.loader.loader import build  # the loader is imported only when there is work for it

        coverage = build(settings)
    except (SeedError, OSError, sqlite3.Error, SQLAlchemyError) as error:
        if stored is None:
            raise
        reason = error if isinstance(error, SeedError) else f"{type(error).__name__}: {error}"
        logger.error("cannot rebuild the database (%s); serving the previous build", reason)
        return
    logger.info("built %s; %s", settings.database_path, coverage.line())


def read_only_engine(path: Path) -> Engine:
    """Open the built file read-only: the server can never change what readers see."""
    url = f"sqlite:///file:{quote(str(path))}?mode=ro&uri=true"
    # No pool: opening a read-only SQLite file costs microseconds, and a bounded pool can
    # deadlock with FastAPI's thread pool under load (threads waiting on connections that only
    # a thread can give back).
    return create_engine(url, poolclass=NullPool, connect_args={"check_same_thread": False})


async def get_session(request: Request) -> AsyncIterator[Session]:
    """One session per request. Async only so FastAPI does not hop to a worker thread just to
    open and close it: that does no I/O (the connection opens on first query, in the route's
    thread) and closing a read-only SQLite connection takes microseconds."""
    with Session(request.app.state.engine) as session:
        yield session


SessionDep = Annotated[Session, Depends(get_session)]
