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
    short: str
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
    wording: str
    channel: str
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
    """A phase; its title, where and match are prose rows keyed `phase:{slug}:{field}`."""

    number: int = Field(primary_key=True)
    slug: str = Field(unique=True)
    name: str
    target: str
    target_fact_id: str = Field(foreign_key="fact.id")
    hedge: str
    year: int
    month: int
    region_slug: str = Field(foreign_key="region.slug")


class Region(SQLModel, table=True):
    """A region; its description and mapping are prose rows keyed `region:{slug}:{field}`."""

    slug: str = Field(primary_key=True)
    position: int
    name: str
    target: str
    target_fact_id: str = Field(foreign_key="fact.id")
    hedge: str
    year: int
    month: int
    phase_number: int


class Prose(SQLModel, table=True):
    """Our own words, with the facts they rest on (ids joined by spaces, in order)."""

    key: str = Field(primary_key=True)
    text: str
    fact_ids: str


class Correction(SQLModel, table=True):
    """A change to a published statement or prose: the earlier wording, when and why."""

    id: int | None = Field(default=None, primary_key=True)
    fact_id: str | None = Field(default=None, index=True)
    prose_key: str | None = Field(default=None, index=True)
    date: str
    before: str
    reason: str


class RetiredFact(SQLModel, table=True):
    """A fact id that no longer stands; its page answers with this pointer."""

    id: str = Field(primary_key=True)
    date: str
    statement: str
    reason: str
    replaced_by: str | None = None


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
    alt: str = Field(description="What the card says, for its alt text.")
