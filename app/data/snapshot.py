"""One consistent snapshot per replica: the database is copied into memory at start-up.

The file is 1.4 MB. Reading it once means a rebuild, a deletion or a truncation of the file
while the server runs changes nothing it serves: every page, twin, search and download comes
from the same build, from start to stop, and a rebuild takes effect on restart. `/healthz`
names the build served and compares the file on disk with it, cheaply (one stat).
"""

import hashlib
import sqlite3
import threading
import uuid
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Engine
from sqlalchemy.pool import NullPool
from sqlmodel import create_engine

from app.data.db import integrity_problem, stored_seed_hash


class SnapshotError(RuntimeError):
    """The database file cannot be served: missing, empty, corrupt or not built by the loader."""


def signature(path: Path) -> tuple[int, int, int] | None:
    """What identifies the file's contents without reading it: inode, size, mtime."""
    try:
        stat = path.stat()
    except OSError:
        return None
    return stat.st_ino, stat.st_size, stat.st_mtime_ns


@dataclass(frozen=True)
class Snapshot:
    """The served build: its bytes (for the download), hash, seed hash, and an in-memory copy.

    Immutable through and through (every field is a value or a handle): what changes while it
    is served, the health check's findings, lives in a FileWatch.
    """

    path: Path
    data: bytes
    sha256: str
    seed_hash: str
    uri: str  # a shared-cache in-memory database, open while `keeper` is
    keeper: sqlite3.Connection
    file_signature: tuple[int, int, int] | None

    def connect(self) -> sqlite3.Connection:
        """A read-only connection to the in-memory copy (NullPool opens one per session)."""
        connection = sqlite3.connect(self.uri, uri=True, check_same_thread=False)
        connection.execute("PRAGMA query_only = ON")
        return connection

    def engine(self) -> Engine:
        return create_engine("sqlite://", creator=self.connect, poolclass=NullPool)

    def inspect(self) -> str | None:
        """Why the file on disk no longer holds this build (read and hashed), or None."""
        if not self.path.is_file():
            return "the database file is missing"
        if self.path.stat().st_size == 0:
            return "the database file is empty"
        damage = integrity_problem(self.path)
        if damage is not None:
            return f"the database file is corrupt ({damage}); restart to rebuild it from the seed"
        if stored_seed_hash(self.path) is None:
            return "the database file is unreadable or records no build"
        try:
            same = hashlib.sha256(self.path.read_bytes()).hexdigest() == self.sha256
        except OSError:
            return "the database file is unreadable or corrupt"
        return None if same else "the database file was rebuilt; restart to serve the new build"

    def close(self) -> None:
        self.keeper.close()


class FileWatch:
    """What /healthz has learned about the file on disk: kept apart from the (immutable)
    snapshot, and behind a lock, since health checks run in FastAPI's worker threads."""

    def __init__(self, snapshot: Snapshot) -> None:
        self.snapshot = snapshot
        self._lock = threading.Lock()
        self._checked: tuple[tuple[int, int, int] | None, str | None] | None = None
        self._reported: set[str] = set()

    def problem(self) -> str | None:
        """Why the file no longer matches the build served, or None while it does (one stat
        a probe; a changed file is read and hashed once, not on every probe)."""
        current = signature(self.snapshot.path)
        if current == self.snapshot.file_signature:
            return None
        with self._lock:
            if self._checked is None or self._checked[0] != current:
                self._checked = (current, self.snapshot.inspect())
            return self._checked[1]

    def first_report(self, problem: str) -> bool:
        """True the first time a problem is seen: it is logged once, not once per probe."""
        with self._lock:
            if problem in self._reported:
                return False
            self._reported.add(problem)
            return True


def load_snapshot(path: Path, watched: Path | None = None) -> Snapshot:
    """Read the database file once, check it, and copy it into a private in-memory database.

    `watched` is the file /healthz compares the build with, when `path` is a private copy of
    it (the build `python -m app` pinned for its workers).
    """
    before = signature(watched or path)
    try:
        data = path.read_bytes()
        source = sqlite3.connect(":memory:")
        source.deserialize(data)
        if source.execute("PRAGMA quick_check").fetchone()[0] != "ok":
            raise SnapshotError(f"{path} fails SQLite's integrity check")
        row = source.execute("SELECT value FROM meta WHERE key = 'seed_hash'").fetchone()
        uri = f"file:explainer-{uuid.uuid4().hex}?mode=memory&cache=shared"
        keeper = sqlite3.connect(uri, uri=True, check_same_thread=False)
        source.backup(keeper)
        source.close()
    except (OSError, sqlite3.Error) as error:
        raise SnapshotError(f"cannot serve {path}: {error}") from error
    if row is None:
        keeper.close()
        raise SnapshotError(f"{path} records no seed hash: not built by the loader")
    keeper.execute("PRAGMA query_only = ON")
    return Snapshot(
        path=watched or path,
        data=data,
        sha256=hashlib.sha256(data).hexdigest(),
        seed_hash=row[0],
        uri=uri,
        keeper=keeper,
        file_signature=before,
    )
