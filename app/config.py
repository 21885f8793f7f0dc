"""One settings object; the only module that reads the environment."""

import os
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent


def _env_path(name: str, default: Path) -> Path:
    value = os.environ.get(name)
    return Path(value) if value else default


@dataclass(frozen=True)
class Settings:
    """Where the seed and database live and where the server listens."""

    seed_dir: Path = field(default_factory=lambda: _env_path("SEED_DIR", PROJECT_ROOT / "seed"))
    database_path: Path = field(
        default_factory=lambda: _env_path("DATABASE_PATH", PROJECT_ROOT / ".data" / "explainer.db")
    )
    host: str = field(default_factory=lambda: os.environ.get("HOST", "127.0.0.1"))
    port: int = field(default_factory=lambda: int(os.environ.get("PORT", "8000")))
    # The public origin for canonical links, previews and annotations; every replica and the
    # static export must agree on it, so it is one setting rather than the request's Host.
    site_url: str = field(
        default_factory=lambda: os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
    )

    workers: int = field(default_factory=lambda: int(os.environ.get("WEB_CONCURRENCY", "1")))
    # PREBUILT=0 renders every request afresh: only for measuring what the cache buys.
    prebuilt: bool = field(default_factory=lambda: os.environ.get("PREBUILT", "1") != "0")
    access_log: bool = field(default_factory=lambda: os.environ.get("ACCESS_LOG", "1") != "0")
    # Deadline status compares target dates with today; TODAY=YYYY-MM-DD pins it (for tests).
    pinned_today: date | None = field(
        default_factory=lambda: (
            date.fromisoformat(os.environ["TODAY"]) if os.environ.get("TODAY") else None
        )
    )

    def today(self) -> date:
        return self.pinned_today or date.today()

    @property
    def article_path(self) -> Path:
        return self.seed_dir / "article.txt"

    @property
    def facts_path(self) -> Path:
        return self.seed_dir / "facts.toml"

    @property
    def corrections_path(self) -> Path:
        return self.seed_dir / "corrections.toml"


TEMPLATES_DIR = PROJECT_ROOT / "templates"
STATIC_DIR = PROJECT_ROOT / "static"
