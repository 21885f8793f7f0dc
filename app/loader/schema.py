"""The shape of seed/facts.toml, checked strictly so a typo is an error and not a gap."""

import calendar
import re
import tomllib
from contextvars import ContextVar
from datetime import date
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator
from sqlmodel.main import SQLModelConfig

from app.data.models import EventBase, FigureBase
from app.data.prose_keys import (
    PHASE_FIELDS,
    REGION_FIELDS,
    FramingsKey,
    InterfaceKey,
    OverviewKey,
    PageKey,
    PhaseKey,
    QuestionKey,
    RegionKey,
    TimelineKey,
)
from app.data.vocabulary import (
    ATTRIBUTED,
    Channel,
    FactKind,
    PassageKind,
    QuestionSection,
    Side,
    SpeakerKind,
    Wording,
)
from app.loader.article import SeedError

# Set while a translated seed (the Arabic edition's) is checked: its words are not English, so
# checks of English words ("by" of a ceiling, a weekday's name) are the English seed's alone.
TRANSLATED: ContextVar[bool] = ContextVar("translated", default=False)
# `english` on a date or a figure is made by the Arabic build (app/loader/arabic.py), not written.
ENGLISH_IS_MADE = (
    "`english` is the Arabic build's (the article's words beside ours), not the seed's"
)


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class ProseEntry(Strict):
    """Our own words: each sentence rests on the facts listed, which pages show as sources."""

    text: str
    facts: list[str] = Field(min_length=1)
    # The article's words that a sentence the code completes looks for (the names of the
    # commission, the one base); the build refuses any the article does not use.
    terms: list[str] = []


# An ISO 8601 date at the precision we can defend: YYYY, YYYY-MM or YYYY-MM-DD.
ISO_DATE = r"^\d{4}(-\d{2}(-\d{2})?)?$"


class ArticleEntry(Strict):
    file: str
    sha256: str
    author: str
    author_source: str
    outlet: str
    outlet_source: str
    dateline: str
    # The article's likely date, our inference ([prose.likely-date] says it in words): the
    # timeline places it, and every date the article gives relative to it, in this span.
    likely_from: str | None = Field(default=None, pattern=ISO_DATE)
    likely_to: str | None = Field(default=None, pattern=ISO_DATE)


class PassagesEntry(Strict):
    caption: list[int] = []
    bio: list[int] = []
    clutter: list[int] = []

    def kind_of(self, number: int) -> PassageKind:
        if number in self.caption:
            return "caption"
        if number in self.bio:
            return "bio"
        if number in self.clutter:
            return "clutter"
        return "body"


SLUG = r"^[a-z0-9]+(-[a-z0-9]+)*$"  # a URL path segment, never `x.json` or `a/b`


class SpeakerEntry(Strict):
    slug: str = Field(pattern=SLUG)
    name: str
    short: str
    brief: str
    role: str
    side: Side
    side_inferred: bool = False
    named: bool
    kind: SpeakerKind
    how: str
    key_fact: str | None = None


class ShareEntry(Strict):
    """A fact's share text: a title a preview shows whole, and where needed a description."""

    title: str
    description: str | None = None


class FactEntry(Strict):
    id: str = Field(pattern=SLUG)
    statement: str
    kind: FactKind
    speaker: str
    wording: Wording
    channel: Channel
    quote: str
    via: str | None = None
    passage: str | None = None
    note: str | None = None
    # `share = "…"` (the title) or `share = { title = "…", description = "…" }`.
    share: str | ShareEntry | None = None

    @property
    def share_title(self) -> str:
        """What a share preview's title says: the statement, or its short form."""
        if self.share is None:
            return self.statement
        return self.share if isinstance(self.share, str) else self.share.title

    @property
    def share_description(self) -> str:
        """What a share preview's description says: the statement, or its shorter form."""
        if isinstance(self.share, ShareEntry) and self.share.description is not None:
            return self.share.description
        return self.statement

    @model_validator(mode="after")
    def _channel_fits_wording(self) -> "FactEntry":
        """Someone's words travel by a channel; the text's own words have none."""
        if (self.wording in ATTRIBUTED) == (self.channel == "none"):
            raise ValueError(f"wording '{self.wording}' cannot travel by channel '{self.channel}'")
        if (self.channel in ("outlet", "person")) != (self.via is not None):
            raise ValueError("`via` names the outlet or person exactly when channel is one")
        return self


class PlacementEntry(ProseEntry):
    """Where we place a date the article gives only relative to its own (undated) day, and our
    words saying why: a span it may fall in (`earliest` to `latest`, ISO 8601), or the few
    dates it may be (`candidates`: "last August" is one August or another, not a year of days).
    A named day of the week (`weekday`) may fall only on that day, so the span's ends must too;
    `period` says the span is where a stretch of time ends whose start the article never gives
    ("in the last several months")."""

    earliest: str | None = Field(default=None, pattern=ISO_DATE)
    latest: str | None = Field(default=None, pattern=ISO_DATE)
    candidates: list[str] = Field(default=[], max_length=4)
    weekday: str | None = Field(default=None, pattern=r"^(Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day$")
    period: bool = False

    @model_validator(mode="after")
    def _one_shape(self) -> "PlacementEntry":
        """Either a span or its candidates; a span runs forward (ISO 8601 strings compare as
        dates at their precision); a weekday's span starts and ends on that weekday."""
        if self.candidates:
            if self.earliest or self.latest or self.weekday or self.period:
                raise ValueError("placed: candidates stand alone, without a span")
            if len(self.candidates) < 2 or self.candidates != sorted(set(self.candidates)):
                raise ValueError("placed: two or more candidates, earliest first")
            if any(not re.match(ISO_DATE, c) for c in self.candidates):
                raise ValueError("placed: every candidate is an ISO 8601 date")
            return self
        if not (self.earliest and self.latest):
            raise ValueError("placed: a span gives `earliest` and `latest`, or give `candidates`")
        if self.latest < self.earliest:
            raise ValueError(f"placed: latest {self.latest} is before earliest {self.earliest}")
        for end in (self.earliest, self.latest) if self.weekday else ():
            if len(end) != 10 or date.fromisoformat(end).strftime("%A") != self.weekday:
                raise ValueError(f"placed: {end} is not a {self.weekday}")
        return self

    @property
    def first(self) -> str:
        """The earliest date it may be: where the timeline sits it."""
        return self.candidates[0] if self.candidates else self.earliest or ""

    @property
    def last(self) -> str:
        """The latest date it may be."""
        return self.candidates[-1] if self.candidates else self.latest or ""


class EventEntry(EventBase):
    """A dated event: the table's own fields (EventBase), plus the fact whose words date it.

    A relative date ("last August") carries `placed`: our inference of where it falls, which
    the timeline shows beside the article's own words (prose key timeline:FACT).
    """

    # SQLModel's own config type (a table model's options besides pydantic's); the same two.
    model_config = SQLModelConfig(extra="forbid", frozen=True)
    fact: str
    placed: PlacementEntry | None = None

    @model_validator(mode="after")
    def _relative_dates_are_placed(self) -> "EventEntry":
        """One timeline in time order needs a place for every date, ours marked as ours. (A
        translation's date words are not English: the English seed's were checked.)"""
        if (self.hedge == "relative") != (self.placed is not None):
            raise ValueError("a relative date, and only one, carries `placed` (our inference)")
        if TRANSLATED.get():
            return self
        if self.english is not None:
            raise ValueError(ENGLISH_IS_MADE)
        named = next((day for day in calendar.day_name if day in self.text), None)
        if self.placed and named != self.placed.weekday:
            raise ValueError(f"“{self.text}” is placed on days of the week other than its own")
        if self.hedge == "ceiling" and not self.text.startswith("by "):
            raise ValueError(f"a ceiling is the article’s “by”: “{self.text}” does not say it")
        return self


class FigureEntry(FigureBase):
    """A figure: the table's own fields (FigureBase), plus the fact whose words give it."""

    # SQLModel's own config type (a table model's options besides pydantic's); the same two.
    model_config = SQLModelConfig(extra="forbid", frozen=True)
    fact: str

    @model_validator(mode="after")
    def _english_is_made(self) -> "FigureEntry":
        if self.english is not None and not TRANSLATED.get():
            raise ValueError(ENGLISH_IS_MADE)
        return self


class SectionEntry(Strict):
    heading: str
    facts: list[str]


# What an event states about a date: a phase or region that stated it too would say it twice.
DATE_FIELDS = ("target", "target_fact", "hedge", "year", "latest_year", "month", "day")


class DatedByEvent(Strict):
    """A phase or region, whose target date is its event's (`event` names the `[[events]]`
    entry by its `fact`): the date, its words and its hedge are stated once, in that event, so
    the page, the timeline, the deadline status, the cards and the JSON cannot disagree."""

    event: str

    @model_validator(mode="before")
    @classmethod
    def _date_stated_once(cls, raw: object) -> object:
        """Refuse a second statement of the date, naming the one place it belongs."""
        if isinstance(raw, dict):
            stated = [field for field in DATE_FIELDS if field in raw]
            if stated:
                raise ValueError(
                    f"`{stated[0]}` states the date a second time: a date is stated once, in "
                    "the [[events]] entry that `event` names"
                )
        return raw


class PhaseEntry(DatedByEvent):
    number: int
    slug: str = Field(pattern=SLUG)
    name: str
    title: ProseEntry
    dated: ProseEntry  # what the target date is the date of, in a few words (the phase bar)
    where: ProseEntry
    region: str
    match: ProseEntry
    sections: list[SectionEntry]


class RegionEntry(DatedByEvent):
    slug: str = Field(pattern=SLUG)
    name: str
    title: ProseEntry
    description: ProseEntry
    phase: int
    mapping: ProseEntry
    sections: list[SectionEntry]


class KeyNumberEntry(ProseEntry):
    """A number people scan, hedge kept ("about 2,500"), and our sentence saying whose it is."""

    figure: str


class OverviewEntry(Strict):
    facts: list[str]
    numbers: list[KeyNumberEntry] = []  # prose keys overview:number:N
    unknown: list[ProseEntry] = []  # what we don't know, about events; overview:unknown:N


class FramingsEntry(Strict):
    us_heading: ProseEntry
    us: list[str]
    iraq_heading: ProseEntry
    iraq: list[str]


class QuestionEntry(Strict):
    """A question a newcomer asks, answered in one to three sentences of our own prose.

    `section` is "story" (the agreement itself) or "background" (what a reader new to the
    story needs, answered only from the article's own passages).
    """

    slug: str = Field(pattern=SLUG)
    section: QuestionSection
    question: str
    short: ProseEntry  # one sentence that answers first ("No: …"); prose key question:SLUG:0
    on_overview: bool = True  # false where the overview already tells it (numbers, sides)
    answer: list[ProseEntry] = Field(min_length=1, max_length=3)


# "pull out", "u.s.", "al-abbassi"; the Arabic edition's groups in Arabic letters, unvowelled
THESAURUS_WORD = r"^[a-z0-9\u0621-\u064a]+(?:[ .'-][a-z0-9\u0621-\u064a]+)*\.?$"


class ThesaurusEntry(Strict):
    """Words a reader's search treats as one (seed/GUIDE.md, section 7): lower case, 2 to 8;
    `asked` ones are read in a query as the group but never searched for themselves, being
    other words too (the pronoun "us" in "What does the article not tell us?"); `one_way` ones,
    typed, are searched for themselves and the group, but the group's words never search for
    them ("one" finds "first", but "first" is no sign of "one-third")."""

    words: list[str] = Field(min_length=2, max_length=8)
    asked: list[str] = Field(default=[], max_length=4)
    one_way: list[str] = Field(default=[], max_length=4)

    @model_validator(mode="after")
    def _well_formed(self) -> "ThesaurusEntry":
        for word in [*self.words, *self.asked, *self.one_way]:
            if not re.match(THESAURUS_WORD, word) or len(word) > 40:
                raise ValueError(f"thesaurus word {word!r} is not a lower-case word or phrase")
        return self


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
    prose: dict[str, ProseEntry]
    questions: list[QuestionEntry] = []
    # The key each API example shows, by the page's first path segment ("facts"); a key the
    # data no longer has falls back to the first (app/pages/registry.py, Page.example).
    examples: dict[str, str] = {}
    # The site's words about itself (search notices, error pages, the corrections feed): no
    # claim about the article, so no fact; a change to one is still a correction. The page
    # that shows each names it (its `interface` in app/pages/registry.py).
    interface: dict[str, str] = {}
    thesaurus: list[ThesaurusEntry] = []  # search's word groups, last in facts.toml

    def all_words(self) -> dict[str, str]:
        """Every sentence of ours a reader sees, keyed as the pages and the corrections name
        it: our prose, and the interface's words (`interface:KEY`)."""
        found = {key: entry.text for key, entry in self.all_prose().items()}
        return found | {str(InterfaceKey(key)): text for key, text in self.interface.items()}

    def all_prose(self) -> dict[str, ProseEntry]:
        """Every piece of our own prose, keyed as the pages and the corrections name it."""
        found = {str(PageKey(key)): entry for key, entry in self.prose.items()}
        for phase in self.phases:
            for field in PHASE_FIELDS:
                found[str(PhaseKey(phase.slug, field))] = getattr(phase, field)
        for region in self.regions:
            for region_field in REGION_FIELDS:
                found[str(RegionKey(region.slug, region_field))] = getattr(region, region_field)
        for number, key_number in enumerate(self.overview.numbers, start=1):
            found[str(OverviewKey("number", number))] = ProseEntry(
                text=key_number.text, facts=key_number.facts
            )
        for number, entry in enumerate(self.overview.unknown, start=1):
            found[str(OverviewKey("unknown", number))] = entry
        for event in self.events:
            if event.placed:
                found[str(TimelineKey(event.fact))] = ProseEntry(
                    text=event.placed.text, facts=event.placed.facts
                )
        found[str(FramingsKey("us_heading"))] = self.framings.us_heading
        found[str(FramingsKey("iraq_heading"))] = self.framings.iraq_heading
        for question in self.questions:
            for number, sentence in enumerate([question.short, *question.answer]):
                found[str(QuestionKey(question.slug, number))] = sentence
        return found


class CorrectionEntry(Strict):
    """A published statement or piece of prose that changed: what it said before, and why.

    `lang = "ar"` logs a change to the Arabic edition's words (seed/ar/) of the same fact or
    prose key: `before` is then the earlier Arabic as published, `reason` still says why in
    English (the log is one, in English) and `reason_ar` says it for the Arabic page."""

    fact: str | None = None
    prose: str | None = None
    lang: Literal["en", "ar"] = "en"
    date: date
    before: str
    reason: str
    reason_ar: str | None = None

    @model_validator(mode="after")
    def _names_one_target(self) -> "CorrectionEntry":
        if (self.fact is None) == (self.prose is None):
            raise ValueError("a correction names either a `fact` or a `prose` key")
        if (self.lang == "ar") != (self.reason_ar is not None):
            raise ValueError("an Arabic correction (lang = 'ar') and only one has `reason_ar`")
        return self

    @property
    def key(self) -> str:
        """The fact id or prose key it corrects."""
        return self.fact or self.prose or ""


class RetiredEntry(Strict):
    """A fact id that no longer stands; its URL keeps answering with this pointer."""

    id: str
    date: date
    statement: str
    reason: str
    replaced_by: str | None = None


class CorrectionsFile(Strict):
    corrections: list[CorrectionEntry] = []
    retired: list[RetiredEntry] = []


NAMES = ("id", "slug", "fact", "prose")  # what names an item of a list in an error


def _describe(error: ValidationError, raw: dict[str, object]) -> str:
    """Turn pydantic's first complaint into one line that names the fact or section."""
    first = error.errors()[0]
    loc = list(first["loc"])
    where = ".".join(str(part) for part in loc)
    if len(loc) >= 2 and isinstance(loc[1], int):
        items = raw.get(str(loc[0]))
        if isinstance(items, list) and loc[1] < len(items) and isinstance(items[loc[1]], dict):
            name = next(filter(None, (items[loc[1]].get(key) for key in NAMES)), None)
            if name:
                where = f"{loc[0]} '{name}'" + "".join(f".{part}" for part in loc[2:])
    return f"{where}: {first['msg']}"


def _read_toml(path: Path) -> dict[str, object]:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise SeedError(f"file not found: {path}") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        raise SeedError(f"{path.name}: not valid TOML: {error}") from None


def read_seed_file(path: Path) -> SeedFile:
    """Parse and check the facts file, raising SeedError with one line on any problem."""
    return seed_file(read_seed_dict(path), path.name)


def read_seed_dict(path: Path) -> dict[str, object]:
    """The facts file as TOML gives it (the Arabic edition substitutes its words in it)."""
    return _read_toml(path)


def seed_file(raw: dict[str, object], where: str, translated: bool = False) -> SeedFile:
    """Check a seed's data, raising SeedError naming `where` with one line on any problem;
    a `translated` one (the Arabic edition's) skips the checks of English words."""
    # (a ContextVar, not pydantic's validation context: SQLModel's bases do not pass it on)
    token = TRANSLATED.set(translated)
    try:
        return SeedFile.model_validate(raw)
    except ValidationError as error:
        raise SeedError(f"{where}: {_describe(error, raw)}") from None
    finally:
        TRANSLATED.reset(token)


def read_corrections_file(path: Path) -> CorrectionsFile:
    """Parse the corrections log; a seed without one has made no corrections yet."""
    if not path.exists():
        return CorrectionsFile()
    raw = _read_toml(path)
    try:
        return CorrectionsFile.model_validate(raw)
    except ValidationError as error:
        raise SeedError(f"{path.name}: {_describe(error, raw)}") from None
