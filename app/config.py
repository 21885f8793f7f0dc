"""One settings object; the only module that reads the environment."""

from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from pydantic import Field, ValidationError, ValidationInfo, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

PROJECT_ROOT = Path(__file__).resolve().parent.parent
# A wildcard address is where the server listens, not an origin a browser can open.
WILDCARD_HOSTS = {"0.0.0.0": "127.0.0.1", "::": "[::1]"}


class SettingsError(ValueError):
    """A setting's value is unusable; the message names its variable, on one line."""


class SeedError(Exception):
    """A problem in the seed files, told in one line a non-programmer can act on.

    It lives here, below every layer, because the loader's checks and the pages' card words
    (app/pages/previews.py) raise it and the entry points report it.
    """


class Settings(BaseSettings):
    """Where the seed and database live and where the server listens.

    Each field is read from the variable of the same name in capitals (or its alias), unless
    given as a keyword argument, which is how tests configure an app.
    """

    model_config = SettingsConfigDict(
        frozen=True,
        # An empty variable means "use the default", as `SEED_DIR= python -m app` always did.
        env_ignore_empty=True,
        populate_by_name=True,  # keyword arguments by field name: Settings(workers=2)
    )

    seed_dir: Path = PROJECT_ROOT / "seed"
    database_path: Path = PROJECT_ROOT / ".data" / "explainer.db"
    host: str = "127.0.0.1"
    port: int = Field(default=8000, ge=0, le=65535)
    # The public origin for canonical links, previews and annotations; every replica and the
    # static export must agree on it, so it is one setting rather than the request's Host.
    # Unset, it is the address served, so links work on any PORT without also setting it.
    site_url: str = Field(default="", validate_default=True)
    workers: int = Field(default=1, ge=1, validation_alias="WEB_CONCURRENCY")
    # PREBUILT=0 renders every request afresh: only for measuring what the cache buys.
    prebuilt: bool = True
    access_log: bool = True
    # Deadline status compares target dates with today; TODAY=YYYY-MM-DD pins it (for tests).
    pinned_today: date | None = Field(default=None, validation_alias="TODAY")
    # Set by `python -m app` for its workers: the one build made before they start, copied
    # where nothing else writes. A worker (a restarted one too) serves it and never builds.
    served_build: Path | None = Field(default=None, validation_alias="SERVED_BUILD")
    # Build the Arabic edition (seed/ar/ → explainer.ar.db) too, served under /ar/: an
    # incomplete or failing translation is refused, never half-built (scripts/ar_check.py lists
    # every problem). On by default: the whole suite passes with it on (issue 22);
    # ARABIC_EDITION=0 builds and serves the English site alone.
    arabic_edition: bool = Field(default=True, validation_alias="ARABIC_EDITION")

    def __init__(self, **values: Any) -> None:
        # pydantic's report spans lines and names fields; a server start needs one line naming
        # the variable the operator set.
        try:
            super().__init__(**values)
        except ValidationError as error:
            raise SettingsError(describe(error)) from None

    @field_validator("site_url")
    @classmethod
    def _origin(cls, value: str, info: ValidationInfo) -> str:
        if value:
            return public_origin(value)
        if "port" not in info.data:  # the port is already reported as bad
            return value
        host = info.data["host"]
        host = WILDCARD_HOSTS.get(host, f"[{host}]" if ":" in host else host)
        return f"http://{host}:{info.data['port']}"

    def today(self) -> date:
        return self.pinned_today or date.today()

    @property
    def arabic_database_path(self) -> Path:
        """The Arabic edition's database, beside the English one (`explainer.ar.db`): built by
        the loader from seed/ar/; while it is missing the site has no Arabic edition."""
        path = self.database_path
        return path.with_name(f"{path.stem}.ar{path.suffix}")

    @property
    def article_path(self) -> Path:
        return self.seed_dir / "article.txt"

    @property
    def facts_path(self) -> Path:
        return self.seed_dir / "facts.toml"

    @property
    def corrections_path(self) -> Path:
        return self.seed_dir / "corrections.toml"

    @property
    def arabic_dir(self) -> Path:
        """The Arabic edition's translation files (seed/ar/*.toml)."""
        return self.seed_dir / "ar"

    @property
    def builds_arabic(self) -> bool:
        """Whether a build makes the Arabic database: asked for, and the seed has its words."""
        return self.arabic_edition and self.arabic_dir.is_dir()


def public_origin(value: str) -> str:
    """An http(s) URL with a host and nothing after its path, without the trailing slash.

    Every canonical link, preview and annotation is SITE_URL plus a path: `example.org` would
    make them relative, and a query or fragment would land in the middle of each.
    """
    try:
        parts = urlsplit(value)
        parts.port  # noqa: B018 - reading it checks it (a port of letters, or past 65535)
    except ValueError as error:
        raise ValueError(f"should be an http(s) URL: {error}") from None
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValueError("should be an http(s) URL with a host, such as https://example.org")
    if parts.query or parts.fragment or value.endswith(("?", "#")) or "@" in parts.netloc:
        raise ValueError("should be an origin (and path) without a query, fragment or user")
    return value.rstrip("/")


def variable(field: str) -> str:
    """The environment variable a field (or an alias in an error's location) is read from."""
    for name, info in Settings.model_fields.items():
        alias = info.validation_alias
        if field.lower() in {name, str(alias).lower()}:
            return alias if isinstance(alias, str) else name.upper()
    return field.upper()


def describe(error: ValidationError) -> str:
    """One line: `settings: PORT: Input should be a valid integer, … (got 'abc')`."""
    problems = [
        f"{variable(str(problem['loc'][0]))}: {problem['msg']} (got {problem['input']!r})"
        if problem["loc"]
        else problem["msg"]
        for problem in error.errors()
    ]
    return "settings: " + "; ".join(problems)


TEMPLATES_DIR = PROJECT_ROOT / "templates"
STATIC_DIR = PROJECT_ROOT / "static"
