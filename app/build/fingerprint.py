"""What a built database was built from, so the server can tell a stale one cheaply.

Kept apart from the loader so that starting the server does not import it.
"""

import hashlib

from app.config import Settings

# Bump when the tables change, so existing databases count as stale and are rebuilt.
SCHEMA_VERSION = "13"


def seed_hash(settings: Settings) -> str:
    """Fingerprint the inputs so a database built from other inputs counts as stale."""
    digest = hashlib.sha256(SCHEMA_VERSION.encode())
    for path in (settings.article_path, settings.facts_path):
        digest.update(b"\0" + path.read_bytes())
    if settings.corrections_path.exists():  # optional: a seed may have no corrections yet
        digest.update(b"\1" + settings.corrections_path.read_bytes())
    return digest.hexdigest()
