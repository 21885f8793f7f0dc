"""SQLModel tables: what the loader writes and the server reads (never writes)."""

from sqlmodel import Field, SQLModel


class Meta(SQLModel, table=True):
    """Build facts: the seed hash that says whether the database is stale, and when it was built."""

    key: str = Field(primary_key=True)
    value: str


class Passage(SQLModel, table=True):
    id: str = Field(primary_key=True)
    number: int = Field(unique=True)
    kind: str
    text: str
    start: int
    end: int


class Speaker(SQLModel, table=True):
    slug: str = Field(primary_key=True)
    position: int
    name: str
    role: str
    side: str
    named: bool
    kind: str
    how: str


class Fact(SQLModel, table=True):
    id: str = Field(primary_key=True)
    position: int = Field(index=True)
    statement: str
    kind: str
    speaker_slug: str = Field(foreign_key="speaker.slug", index=True)
    attribution: str
    via: str | None = None
    quote: str
    note: str | None = None
    passage_id: str = Field(foreign_key="passage.id", index=True)
    start: int
    end: int


class Event(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    fact_id: str = Field(foreign_key="fact.id", index=True)
    label: str
    text: str
    hedge: str
    year: int | None = None
    month: int | None = None
    day: int | None = None
    inferred_from: str | None = None


class Figure(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    fact_id: str = Field(foreign_key="fact.id", index=True)
    text: str
    value: float
    qualifier: str
    unit: str
    counts: str


class Phase(SQLModel, table=True):
    number: int = Field(primary_key=True)
    slug: str = Field(unique=True)
    name: str
    title: str
    target: str
    hedge: str
    year: int
    month: int
    where: str
    region_slug: str = Field(foreign_key="region.slug")


class Region(SQLModel, table=True):
    slug: str = Field(primary_key=True)
    position: int
    name: str
    description: str
    target: str
    hedge: str
    year: int
    month: int
    phase_number: int
    mapping: str


class Listing(SQLModel, table=True):
    """One fact shown under one heading of a page (a phase, a region or the overview)."""

    id: int | None = Field(default=None, primary_key=True)
    page: str = Field(index=True)
    section: int
    heading: str
    position: int
    fact_id: str = Field(foreign_key="fact.id")


class Card(SQLModel, table=True):
    """A page's preview image, drawn at build time so serving never runs Pillow."""

    path: str = Field(primary_key=True)
    png: bytes
