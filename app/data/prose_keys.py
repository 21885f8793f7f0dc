"""Prose keys: how each piece of our own words is named, made and read in one place.

The database stores a key as a string (`page:lead`, `phase:1:title`, `question:SLUG:0`); the
loader writes those strings, the pages read them, the corrections log names them, and search
gathers a page's words by them. Each kind is a small typed value here that renders to its
string (`str(key)`) and parses back (`parse`), so no other module composes or splits one.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from typing import ClassVar, Literal

from app.data import urls

PhaseField = Literal["title", "dated", "where", "match"]
RegionField = Literal["title", "description", "mapping"]
PHASE_FIELDS: tuple[PhaseField, ...] = ("title", "dated", "where", "match")
REGION_FIELDS: tuple[RegionField, ...] = ("title", "description", "mapping")


@dataclass(frozen=True)
class PageKey:
    """A `[prose.NAME]` of the facts file: words one page shows (its registry entry says which)."""

    name: str

    def __str__(self) -> str:
        return f"page:{self.name}"


@dataclass(frozen=True)
class PhaseKey:
    """A phase's own prose: its title, date line, where and our match to a region."""

    kind: ClassVar[str] = "phase"
    slug: str
    field: PhaseField

    def __str__(self) -> str:
        return f"phase:{self.slug}:{self.field}"


@dataclass(frozen=True)
class RegionKey:
    """A region's own prose: its title, description and how it maps onto a phase."""

    kind: ClassVar[str] = "region"
    slug: str
    field: RegionField

    def __str__(self) -> str:
        return f"region:{self.slug}:{self.field}"


@dataclass(frozen=True)
class QuestionKey:
    """A sentence of a question's answer: 0 is the short answer, 1 to 3 the full one."""

    kind: ClassVar[str] = "question"
    slug: str
    n: int

    def __str__(self) -> str:
        return f"question:{self.slug}:{self.n}"


@dataclass(frozen=True)
class OverviewKey:
    """The overview's numbered lines: a key number or something we don't know."""

    part: Literal["number", "unknown"]
    n: int

    def __str__(self) -> str:
        return f"overview:{self.part}:{self.n}"


@dataclass(frozen=True)
class TimelineKey:
    """Where we place a date the article gives relative to itself, keyed by its fact."""

    fact: str

    def __str__(self) -> str:
        return f"timeline:{self.fact}"


@dataclass(frozen=True)
class FramingsKey:
    """A heading on the framings page."""

    field: Literal["us_heading", "iraq_heading"]

    def __str__(self) -> str:
        return f"framings:{self.field}"


@dataclass(frozen=True)
class InterfaceKey:
    """An `[interface]` NAME of the facts file: the site's words about itself (search's
    notices, the error pages, the feed), which rest on no fact; its registry entry says which
    page shows it."""

    name: str

    def __str__(self) -> str:
        return f"interface:{self.name}"


ProseKey = (
    PageKey
    | PhaseKey
    | RegionKey
    | QuestionKey
    | OverviewKey
    | TimelineKey
    | FramingsKey
    | InterfaceKey
)


def listing_page(kind: Literal["phase", "region"], slug: str) -> str:
    """The `Listing.page` of a phase's or region's fact lists (the same prefix as its prose)."""
    return f"{kind}:{slug}"


def parse(key: str) -> ProseKey:
    """The typed value of a stored key; a key of no known shape is a ValueError."""
    kind, _, rest = key.partition(":")
    parts = rest.split(":")
    match kind, parts:
        case "page", [name]:
            return PageKey(name)
        case "interface", [name]:
            return InterfaceKey(name)
        case "phase", [slug, field] if field in PHASE_FIELDS:
            return PhaseKey(slug, field)
        case "region", [slug, field] if field in REGION_FIELDS:
            return RegionKey(slug, field)
        case "question", [slug, n] if n.isdigit():
            return QuestionKey(slug, int(n))
        case "overview", [("number" | "unknown") as part, n] if n.isdigit():
            return OverviewKey(part, int(n))
        case "timeline", [fact] if fact:
            return TimelineKey(fact)
        case "framings", [("us_heading" | "iraq_heading") as field]:
            return FramingsKey(field)
    raise ValueError(f"not a prose key: {key!r}")


def shown_on(key: ProseKey, pages: Mapping[str, str], interface: Mapping[str, str]) -> str:
    """The page that shows a piece of prose: a `[prose.NAME]` or an `[interface]` NAME where its
    registry entry says (`pages`, `interface`, from app/pages/registry.py), the rest on their
    own page."""
    match key:
        case PageKey(name=name):
            return pages[name]
        case InterfaceKey(name=name):
            return interface[name]
        case PhaseKey(slug=slug):
            return urls.phase(slug)
        case RegionKey(slug=slug):
            return urls.region(slug)
        case QuestionKey(slug=slug):
            return urls.question(slug)
        case TimelineKey():
            return "/timeline"
        case FramingsKey():
            return "/framings"
    return "/"  # OverviewKey
