"""The shape of seed/facts.toml, checked strictly so a typo is an error and not a gap."""

import tomllib
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, ValidationError

from app.article import SeedError

Side = Literal["united-states", "iraq", "none"]
SpeakerKind = Literal["official", "group", "institution", "narration"]
Attribution = Literal["direct_quote", "paraphrase", "relayed", "narration"]
FactKind = Literal[
    "agreement",
    "phase",
    "undisclosed",
    "quote",
    "background",
    "figure",
    "date",
    "sourcing",
    "context",
    "caption",
    "bio",
]
Hedge = Literal["deadline", "floor", "exact", "year", "relative", "inferred"]
PassageKind = Literal["caption", "bio", "clutter"]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class ArticleEntry(Strict):
    file: str
    sha256: str
    author: str
    outlet: str
    dateline: str
    title: str


class PassagesEntry(Strict):
    caption: list[int] = []
    bio: list[int] = []
    clutter: list[int] = []

    def kind_of(self, number: int) -> str:
        for kind in ("caption", "bio", "clutter"):
            if number in getattr(self, kind):
                return kind
        return "body"


class SpeakerEntry(Strict):
    slug: str
    name: str
    role: str
    side: Side
    named: bool
    kind: SpeakerKind
    how: str


class FactEntry(Strict):
    id: str
    statement: str
    kind: FactKind
    speaker: str
    attribution: Attribution
    quote: str
    via: str | None = None
    passage: str | None = None
    note: str | None = None


class EventEntry(Strict):
    fact: str
    label: str
    text: str
    hedge: Hedge
    year: int | None = None
    month: int | None = None
    day: int | None = None
    inferred_from: str | None = None


class FigureEntry(Strict):
    fact: str
    text: str
    value: float
    qualifier: str
    unit: str
    counts: str


class SectionEntry(Strict):
    heading: str
    facts: list[str]


class PhaseEntry(Strict):
    number: int
    slug: str
    name: str
    title: str
    target: str
    hedge: Hedge
    year: int
    month: int
    where: str
    region: str
    sections: list[SectionEntry]


class RegionEntry(Strict):
    slug: str
    name: str
    description: str
    target: str
    hedge: Hedge
    year: int
    month: int
    phase: int
    mapping: str
    sections: list[SectionEntry]


class OverviewEntry(Strict):
    facts: list[str]


class FramingsEntry(Strict):
    us_heading: str
    us: list[str]
    iraq_heading: str
    iraq: list[str]


class SeedFile(Strict):
    article: ArticleEntry
    passages: PassagesEntry
    speakers: list[SpeakerEntry]
    facts: list[FactEntry]
    events: list[EventEntry] = []
    figures: list[FigureEntry] = []
    phases: list[PhaseEntry]
    regions: list[RegionEntry]
    overview: OverviewEntry
    framings: FramingsEntry


def _describe(error: ValidationError, raw: dict[str, object]) -> str:
    """Turn pydantic's first complaint into one line that names the fact or section."""
    first = error.errors()[0]
    loc = list(first["loc"])
    where = ".".join(str(part) for part in loc)
    if len(loc) >= 2 and isinstance(loc[1], int):
        items = raw.get(str(loc[0]))
        if isinstance(items, list) and loc[1] < len(items) and isinstance(items[loc[1]], dict):
            name = items[loc[1]].get("id") or items[loc[1]].get("slug") or items[loc[1]].get("fact")
            if name:
                where = f"{loc[0]} '{name}'" + "".join(f".{part}" for part in loc[2:])
    return f"{where}: {first['msg']}"


def read_seed_file(path: Path) -> SeedFile:
    """Parse and check the facts file, raising SeedError with one line on any problem."""
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise SeedError(f"facts file not found: {path}") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        raise SeedError(f"{path.name}: not valid TOML: {error}") from None
    try:
        return SeedFile.model_validate(raw)
    except ValidationError as error:
        raise SeedError(f"{path.name}: {_describe(error, raw)}") from None
