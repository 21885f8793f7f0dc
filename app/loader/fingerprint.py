"""What a built database was built from, so the server can tell a stale one cheaply.

The database holds rows and preview cards made by the code under `app/` from the seed, so
its fingerprint covers both: the article, the facts and corrections files (and the Arabic
edition's seed/ar/*.toml when it is built), every Python
file of the app, and the Pillow release that draws the cards. A change to any of them (a
card headline edited in cards.py, a column added to a model) makes the old build stale,
with no version number to remember to bump. Hashing the app's ~350 KB of code costs about a
millisecond, once at start-up.

Kept apart from the loader so that starting the server does not import it.
"""

import hashlib
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from app.config import Settings

APP_DIR = Path(__file__).resolve().parent.parent


def code_files() -> list[Path]:
    """The app's Python files, in a stable order: what makes the rows and the cards."""
    return sorted(APP_DIR.rglob("*.py"), key=lambda path: path.relative_to(APP_DIR).as_posix())


def _pillow() -> str:
    try:
        return version("pillow")
    except PackageNotFoundError:  # pragma: no cover - Pillow is a runtime dependency
        return "none"


def seed_hash(settings: Settings) -> str:
    """Fingerprint the inputs so a database built from other inputs counts as stale."""
    digest = hashlib.sha256(b"pillow " + _pillow().encode())
    for path in (settings.article_path, settings.facts_path):
        digest.update(b"\0" + path.read_bytes())
    if settings.corrections_path.exists():  # optional: a seed may have no corrections yet
        digest.update(b"\1" + settings.corrections_path.read_bytes())
    if settings.builds_arabic:  # the Arabic edition's words, and that there is one
        for path in sorted(settings.arabic_dir.glob("*.toml")):
            digest.update(b"\3" + path.name.encode() + b"\0" + path.read_bytes())
    for path in code_files():
        name = path.relative_to(APP_DIR).as_posix().encode()
        digest.update(b"\2" + name + b"\0" + path.read_bytes())
    return digest.hexdigest()
