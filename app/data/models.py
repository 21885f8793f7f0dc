"""SQLModel tables: what the loader writes and the server reads (never writes).

Each `*Base` holds the fields, types and vocabularies a table shares with its public shape in
schemas.py, so a concept is declared once.
"""

from sqlmodel import AutoString, Field, SQLModel

from app.data.vocabulary import (
    Channel,
    FactKind,
    Hedge,
    PassageKind,
    QuestionSection,
    Side,
    SpeakerKind,
    Wording,
)


class Meta(SQLModel, table=True):
    """Build facts: the seed hash that says whether the database is stale, and when it was built."""

    key: str = Field(primary_key=True)
    value: str


class PassageBase(SQLModel):
    """A passage as readers see it: the article's non-empty lines, numbered from 1."""

    id: str = Field(primary_key=True, description="p-N: the passage's anchor on /source.")
    number: int = Field(unique=True, description="The passage's number, from 1, in reading order.")
    kind: PassageKind = Field(
        sa_type=AutoString,
        description="body, caption, bio (the author's) or clutter (page furniture).",
    )
    text: str = Field(description="The passage exactly as the article gives it.")
    start: int = Field(description="Offset of the passage in the article, in code points.")
    end: int = Field(description="Offset just past the passage's end, in code points.")


class Passage(PassageBase, table=True):
    pass


class SpeakerBase(SQLModel):
    """Whoever the article attributes words to, or the part of the page that states them."""

    slug: str = Field(primary_key=True, description="The speaker's id, as in /officials/{slug}.")
    name: str = Field(description="The speaker's name, or how the article refers to them.")
    short: str = Field(
        description="The speaker's full reference: a page's first mention, and stand-alone text."
    )
    brief: str = Field(description="How a page names the speaker after its first, full mention.")
    role: str = Field(description="Their role, as the article gives it.")
    side: Side = Field(sa_type=AutoString, description="Which side they speak for.")
    side_inferred: bool = Field(default=False, description="True when the side is our inference.")
    named: bool = Field(description="False when the article does not name them.")
    kind: SpeakerKind = Field(
        sa_type=AutoString,
        description="What sort of source: official, group, institution, or part of the page.",
    )
    how: str = Field(description="How the article knows what this speaker said.")
    key_fact: str | None = Field(
        default=None,
        description="The id of the fact whose quote /officials shows for them (people only).",
    )


class Speaker(SpeakerBase, table=True):
    position: int


class FactBase(SQLModel):
    """One thing the article states, with the article's exact words for it."""

    id: str = Field(primary_key=True, description="The fact's id: a slug that never changes.")
    statement: str = Field(description="Plain-language restatement, naming its speaker.")
    kind: FactKind = Field(sa_type=AutoString, description="What the fact is about.")
    wording: Wording = Field(sa_type=AutoString, description="How the article words it.")
    channel: Channel = Field(sa_type=AutoString, description="How the words reached it.")
    via: str | None = Field(
        default=None, description="The outlet or person the words came through, if any."
    )
    quote: str = Field(description="Verbatim text of the article supporting the statement.")
    note: str | None = Field(default=None, description="Our note on the fact, if any.")
    passage_id: str = Field(
        foreign_key="passage.id", index=True, description="The passage that states the fact."
    )
    start: int = Field(description="Offset of the quote in the article, in Unicode code points.")
    end: int = Field(description="Offset just past the quote's end, in code points.")


class Fact(FactBase, table=True):
    position: int = Field(index=True)
    speaker_slug: str = Field(foreign_key="speaker.slug", index=True)
    # The text-fragment directive that selects exactly the quote on /source, worked out once
    # at build time (it searches the article for the shortest unique context).
    fragment: str
    # What a share preview shows (app/loader/cards.py): the statement, or the short forms
    # facts.toml gives in `share` when it is longer than a preview shows whole.
    share_title: str
    share_description: str
    # The Arabic edition's translation of `quote` (which stays the article's English), marked
    # as ours where shown; None in the English database.
    translation: str | None = None


class EventBase(SQLModel):
    """A date the article gives, exactly as precise and as hedged as it gives it."""

    label: str = Field(description="What happened or is due, in a few words.")
    text: str = Field(description="The date words exactly as the article writes them.")
    hedge: Hedge = Field(
        sa_type=AutoString,
        description=(
            "How the date is hedged: deadline (by, still to come), floor (until at least), "
            "ceiling (by, in the past), exact, year, relative or inferred."
        ),
    )
    year: int | None = Field(
        default=None, description="The year, if the article gives one or we infer it."
    )
    latest_year: int | None = Field(
        default=None, description="For an inferred year, the latest the evidence allows."
    )
    month: int | None = Field(default=None, description="The month (1 to 12), if given.")
    day: int | None = Field(default=None, description="The day of the month, if given.")
    inferred_from: str | None = Field(
        default=None, description="For an inferred year, what we infer it from."
    )
    english: str | None = Field(
        default=None,
        description="In the Arabic edition, the article's own English date words, which `text` "
        "translates (our translation); null in the English edition, where `text` is them.",
    )


class Event(EventBase, table=True):
    id: int | None = Field(default=None, primary_key=True)
    fact_id: str = Field(foreign_key="fact.id", index=True)
    # A relative date's placement, our inference (ISO 8601 span; prose timeline:FACT says why).
    placed_earliest: str | None = None
    placed_latest: str | None = None
    # One of these dates, not any between ("2023-08,2024-08"); empty for a span.
    placed_candidates: str | None = None
    placed_weekday: str | None = None  # the span's days that are this day of the week
    placed_period: bool = False  # the span is where a stretch with no given start ends


class FigureBase(SQLModel):
    """A number the article gives, as it writes it, with what it counts."""

    text: str = Field(description="The figure exactly as the article writes it.")
    value: float = Field(description="The figure as a number.")
    qualifier: str = Field(
        description="How the article hedges the number (about, more than …), if at all."
    )
    unit: str = Field(description="What the number is in.")
    counts: str = Field(description="What the number counts.")
    english: str | None = Field(
        default=None,
        description="In the Arabic edition, the figure as the article writes it, in English, "
        "which `text` translates (our translation); null in the English edition.",
    )


class Figure(FigureBase, table=True):
    id: int | None = Field(default=None, primary_key=True)
    fact_id: str = Field(foreign_key="fact.id", index=True)


class TargetColumns(SQLModel):
    """A phase's or region's target date: its event's row, where the words, the hedge, the
    year and month and whose they are (the event's fact) are stated once, as in the seed, so
    the phase and region pages, the timeline and the deadline status read the same row."""

    event_id: int = Field(foreign_key="event.id")


class Phase(TargetColumns, table=True):
    """A phase; its title, where and match are prose rows keyed `phase:{slug}:{field}`."""

    number: int = Field(primary_key=True)
    slug: str = Field(unique=True)
    name: str
    region_slug: str = Field(foreign_key="region.slug")


class Region(TargetColumns, table=True):
    """A region; its title, description and mapping are prose rows `region:{slug}:{field}`."""

    slug: str = Field(primary_key=True)
    position: int
    name: str
    phase_number: int


class Prose(SQLModel, table=True):
    """Our own words, with the facts they rest on (ids joined by spaces, in order)."""

    key: str = Field(primary_key=True)
    text: str
    fact_ids: str
    label: str | None = None  # a key number's figure, as the article writes it
    page: str = "/"  # the page that shows it, so a correction to it links there
    terms: str = ""  # the article's words a computed sentence looks for, one a line


class SearchWord(SQLModel, table=True):
    """A word of search's editorial thesaurus: words sharing a `word_group` are searched as one
    (seed `[[thesaurus]]`, listed on the search page)."""

    word: str = Field(primary_key=True)
    word_group: int
    position: int
    asked: bool = False  # read in a query as the group, never searched for itself ("us")
    one_way: bool = False  # searched for itself and the group, never for another ("one")


class Question(SQLModel, table=True):
    """A question a newcomer asks; its short answer is prose row `question:{slug}:0`, its full
    answer's sentences rows `question:{slug}:{n}` from 1."""

    slug: str = Field(primary_key=True)
    position: int
    section: QuestionSection = Field(sa_type=AutoString)
    question: str
    sentences: int
    on_overview: bool = True


class Correction(SQLModel, table=True):
    """A change to a published statement or prose: the earlier wording, when and why."""

    id: int | None = Field(default=None, primary_key=True)
    fact_id: str | None = Field(default=None, index=True)
    prose_key: str | None = Field(default=None, index=True)
    # Which edition's words it corrects: "en", or "ar" for the Arabic edition's (seed/ar/).
    lang: str = "en"
    date: str
    before: str
    reason: str
    # An Arabic correction's reason in Arabic, for the Arabic fact page; `reason` is English.
    reason_ar: str | None = None
    # An Arabic correction's new wording (the next one's earlier wording, or the Arabic
    # published now), written by the loader: the English database, which lists it on
    # /corrections, has no Arabic words to chain it from. None for an English correction.
    after: str | None = None


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


# What share previews show whole (app/loader/cards.py, templates/base.html): a title of about
# 70 characters (more is cut, often inside a quotation or before a date or a speaker), a
# description of about 155 and never more than 200 here; a browser's <title>, up to 200.
LONGEST_SHARE_TITLE = 70
SHOWN_DESCRIPTION = 155
LONGEST_DESCRIPTION = 200
LONGEST_TITLE = 200


class Card(SQLModel, table=True):
    """A page's preview image, drawn at build time so serving never runs Pillow."""

    path: str = Field(primary_key=True)
    png: bytes
    alt: str = Field(description="What the card says, for its alt text.")
    title: str = Field(description="The page's share title: 70 characters at most.")
    description: str | None = Field(
        default=None,
        description="The page's share description, when it is not the page's own description.",
    )
