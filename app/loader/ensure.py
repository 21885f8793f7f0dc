"""The start-up check that builds a missing, stale or corrupt database (build at start-up).

It sits with the loader, not with the queries in app/data: it is the one place a running
command may write the database, and only the entry points (app/main.py, app/__main__.py) call it.
"""

import logging
import sqlite3
from pathlib import Path

from sqlalchemy.exc import SQLAlchemyError

from app.config import SeedError, Settings
from app.data.db import integrity_problem, stored_seed_hash
from app.loader.fingerprint import seed_hash

# uvicorn's logger, so build reports and seed errors at start-up show in the server's output.
logger = logging.getLogger("uvicorn.error")


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
        current = seed_hash(settings)
        # The Arabic edition is built with the English one, from the same fingerprint.
        arabic_current = not settings.builds_arabic or (
            trusted_seed_hash(settings.arabic_database_path) == current
        )
        if stored == current and arabic_current:
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
