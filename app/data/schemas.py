"""Public shapes: what the JSON endpoints return and the templates receive (one data path)."""

from typing import Literal

from pydantic import BaseModel, Field, computed_field

from app.data.models import EventBase, FactBase, FigureBase, PassageBase, SpeakerBase
from app.data.vocabulary import (
    EntryKind,
    Hedge,
    PlacedBy,
    Precision,
    QuestionSection,
    SearchHow,
    Standing,
)
from app.data.words import N_

WORDING_LABELS = {
    "quote": N_("Direct quote"),
    "partial_quote": N_("Quoted in part"),
    "paraphrase": N_("Paraphrase"),
    "narration": N_("The article’s own narration"),
    "caption": N_("Photo caption"),
    "credit": N_("Photo credit"),
    "bio": N_("Author’s bio"),
    "dateline": N_("Dateline"),
}
CHANNEL_LABELS = {
    "direct": N_("Directly: the article names no go-between"),
    "outlet": N_("Said to another outlet"),
    "person": N_("Passed on by another person"),
    "none": N_("Not attributed to anyone"),
}
SIDE_LABELS = {"united-states": "United States", "iraq": "Iraq", "none": "Neither side"}
HEDGE_LABELS = {
    "deadline": N_("a deadline"),
    "floor": N_("an earliest end, not a deadline"),
    "ceiling": N_("by this year at the latest; no earlier date given"),
    "exact": N_("an exact date"),
    "year": N_("a year the article gives"),
    "relative": N_("relative to the article’s unstated date"),
    "inferred": N_("about this year (or span): inferred by us, not stated"),
}


class HealthOut(BaseModel):
    status: str = Field(examples=["ok"])
    seed_hash: str = Field(
        description="Fingerprint of what the database was built from: the article, the "
        "facts and corrections files, and the code that makes its rows and cards."
    )
    article_sha256: str
    facts: int = Field(description="How many facts the build holds.")
    passages: int = Field(description="How many passages the build holds.")
    built_at: str = Field(description="When the database was built (UTC, ISO 8601).")
    build_sha256: str = Field(
        default="",
        description="SHA-256 of the database this replica serves (the download's bytes): "
        "every worker on one port names the same build.",
    )


def iso_date(year: int | None, month: int | None, day: int | None = None) -> str | None:
    """ISO 8601 at the precision given: 2025, 2025-09 or 2025-09-01; None without a year."""
    if year is None:
        return None
    parts = [f"{year:04d}", *(f"{n:02d}" for n in (month, day if month else None) if n)]
    return "-".join(parts)


def precision(year: int | None, month: int | None, day: int | None = None) -> Precision | None:
    """How precise a date is: the smallest unit the article gives."""
    if year is None:
        return None
    return "day" if month and day else "month" if month else "year"


class ProblemOut(BaseModel):
    """An error as RFC 9457 problem details (application/problem+json)."""

    type: str = Field(
        description="A URI naming the kind of problem; about:blank means the status says it all.",
        examples=["about:blank"],
    )
    title: str = Field(description="The HTTP status phrase.", examples=["Not Found"])
    status: int = Field(description="The HTTP status code, as sent.", examples=[404])
    detail: str = Field(
        description="What went wrong with this request, in plain words.",
        examples=["There is no fact “nope”."],
    )
    instance: str | None = Field(
        default=None,
        description="The path that was asked for (left out when it is too long to repeat).",
        examples=["/api/facts/nope"],
    )


class SpeakerRef(BaseModel):
    slug: str = Field(description="The speaker's id, as in /officials/{slug}.")
    name: str = Field(description="The speaker's name, or how the article refers to them.")
    short: str = Field(description="How short forms (titles, cards, labels) name the speaker.")
    url: str = Field(description="The speaker's page.")
    api_url: str = Field(description="The speaker's JSON document.")


class SourceOut(BaseModel):
    """One fact a sentence of our prose rests on, with the link that lands on its words."""

    id: str = Field(description="The fact's id.")
    speaker: str = Field(description="Who the fact attributes the words to.")
    attribution: str = Field(description="How the article words it, and through whom, if anyone.")
    quote: str = Field(description="The article's exact words for the fact.")
    passage_id: str = Field(description="The passage that states the fact.")
    url: str = Field(description="The fact's page.")
    api_url: str = Field(description="The fact's JSON document.")
    fragment_url: str = Field(description="The passage, with a text fragment on the exact quote.")


class ProseOut(BaseModel):
    """Our own words, never the article's, with the facts they rest on."""

    text: str = Field(description="Our own sentence, never the article's words.")
    sources: list[SourceOut] = Field(description="The facts the sentence rests on, in order.")


class CorrectionOut(BaseModel):
    target: str = Field(description="The fact id or prose key that was corrected.")
    lang: Literal["en", "ar"] = Field(
        description="Which edition's words were corrected: `en`, the English site's, or `ar`, "
        "the Arabic edition's (under /ar/); `before` and `after` are in that language. One "
        "log lists both."
    )
    url: str = Field(
        description="Where the corrected words are published (for `ar`, the Arabic page)."
    )
    api_url: str = Field(
        description="The JSON document that publishes the corrected words (for `ar`, the "
        "Arabic page's JSON twin)."
    )
    date: str = Field(description="When the correction was made (ISO 8601).")
    before: str = Field(description="The earlier wording, as published.")
    after: str = Field(
        description="The wording this correction made: what is published now, unless a later "
        "correction changed it again."
    )
    reason: str = Field(description="Why the wording changed, in English.")
    reason_ar: str | None = Field(
        description="Why the wording changed, in Arabic: for an Arabic correction (`ar`), as "
        "its Arabic page says it; null for an English one."
    )


class CorrectionPartRef(BaseModel):
    """One page of a day's corrections: a day too long for one page is split into parts."""

    part: int = Field(description="The part's number, from 1 (the day's newest corrections).")
    count: int = Field(description="How many of the day's corrections the part holds.")
    url: str = Field(description="The part's page.")
    api_url: str = Field(description="The part as JSON.")


class CorrectionDayRef(BaseModel):
    """A day corrections were made, and how many."""

    date: str = Field(description="The day (ISO 8601).")
    count: int = Field(description="How many corrections were made that day.")
    url: str = Field(description="The day's corrections page (its first part).")
    api_url: str = Field(description="The day's corrections as JSON (its first part).")
    parts: list[CorrectionPartRef] = Field(
        description="Every part of the day, in order; one when the day fits one page."
    )


class CorrectionDayOut(BaseModel):
    """The corrections made on one day, newest first: the whole day, or one part of it."""

    date: str = Field(description="The day (ISO 8601).")
    count: int = Field(description="How many corrections were made that day, in all its parts.")
    part: int = Field(description="Which part of the day this is, from 1 (the newest).")
    parts: list[CorrectionPartRef] = Field(
        description="Every part of the day, in order; one when the day fits one page."
    )
    corrections: list[CorrectionOut] = Field(description="This part's corrections, newest first.")
    newer: CorrectionDayRef | None = Field(
        description="The next day with corrections, if any (its first part)."
    )
    older: CorrectionDayRef | None = Field(
        description="The day with corrections before this one, if any (its first part)."
    )


class DateOut(EventBase):
    hedge_label: str = Field(description="The hedge in a few words.")

    @computed_field(
        description="The date in ISO 8601 (YYYY, YYYY-MM or YYYY-MM-DD) as precise as the "
        "article gives it; an inferred span of years is an ISO 8601 interval (YYYY/YYYY), and "
        "`inferred` says the years are ours; null when no year is given."
    )
    @property
    def date(self) -> str | None:
        if self.hedge == "inferred" and self.year and self.latest_year:
            return f"{self.year:04d}/{self.latest_year:04d}"
        return iso_date(self.year, self.month, self.day)

    @computed_field(description="The smallest unit the date gives; null without a year.")
    @property
    def precision(self) -> Precision | None:
        return precision(self.year, self.month, self.day)

    @computed_field(description="True when the year is our inference, not the article's.")
    @property
    def inferred(self) -> bool:
        return self.hedge == "inferred"


class FigureOut(FigureBase):
    pass


class FactOut(FactBase):
    story: bool = Field(description="False for the caption, photo credit, author bio, dateline.")
    speaker: SpeakerRef = Field(description="Who the article attributes the words to.")
    wording_label: str = Field(description="The wording in a few words.")
    channel_label: str = Field(description="The channel in a few words.")
    attribution_label: str = Field(description="Wording and channel in a few words.")
    url: str = Field(description="The fact's HTML page.")
    source_url: str = Field(description="The passage in the article that states it.")
    fragment_url: str = Field(
        description="The passage URL with a text fragment that highlights the exact quote."
    )
    api_url: str = Field(description="The fact's JSON document.")
    dates: list[DateOut] = Field(
        description="The dates the fact gives, each as precise and hedged as the article."
    )
    figures: list[FigureOut] = Field(description="The numbers the fact gives.")
    corrections: list[CorrectionOut] = Field(description="Earlier wordings of the statement.")


class FactRef(BaseModel):
    """A fact in brief: its id, its statement and where to read it whole."""

    id: str = Field(description="The fact's id.")
    statement: str = Field(description="Plain-language restatement, naming its speaker.")
    url: str = Field(description="The fact's page.")
    api_url: str = Field(description="The fact's JSON document.")


class CitingFact(FactRef):
    """A fact as its passage lists it, with the marked span that holds its quote."""

    mark: int = Field(description="The number of the passage's span (marks) holding its quote.")


class CitedSpan(BaseModel):
    """A run of a passage that one or more facts quote; overlapping quotes share one span."""

    number: int = Field(description="1, 2, … in the passage's reading order.")
    start: int = Field(description="Offset in the passage's text, in code points.")
    end: int = Field(description="Offset just past the span's end, in code points.")
    facts: list[str] = Field(description="Ids of the facts whose quotes it holds.")


class PassageOut(PassageBase):
    url: str = Field(description="The passage on the article page.")
    api_url: str = Field(description="The passage's JSON document.")
    facts: list[CitingFact] = Field(
        description="The facts that cite this passage, in the order of their words."
    )
    marks: list[CitedSpan] = Field(description="The quoted spans, in reading order.")


class SpeakerFields(SpeakerBase):
    """What every speaker document says of them; the two below differ in their statements
    (a subclass may not widen a field's type, so neither derives from the other)."""

    side_label: str = Field(description="The side in a few words; says when it is our inference.")
    standing: Standing = Field(
        description="source: the article quotes or paraphrases them (counted as a source); "
        "mentioned: their words reach it only through another speaker (not counted); "
        "article: the article itself or the page around it."
    )
    relayed_by: SpeakerRef | None = Field(
        description="For someone mentioned, the speaker who passed their words on; else null."
    )
    attributions: list[str] = Field(description="How the article words their statements.")
    url: str = Field(description="The speaker's page.")
    api_url: str = Field(description="The speaker's JSON document.")


class SpeakerOut(SpeakerFields):
    statements: list[FactOut] = Field(
        description="Every statement attributed to them, in article order."
    )


class SpeakerEntryOut(SpeakerFields):
    """A speaker as /api/officials lists them: statements by reference unless expanded."""

    statements: list[FactOut | FactRef] = Field(
        description="References to their statements; whole facts with ?expand=statements."
    )


class SectionOut(BaseModel):
    heading: str = Field(description="Our heading for the group of facts.")
    facts: list[FactOut] = Field(description="The facts under the heading, in the page's order.")


class DeadlineOut(BaseModel):
    passed: bool = Field(description="True once today is past the end of the target month.")
    today: str = Field(description="The date the status was worked out for (ISO 8601).")
    text: str = Field(description="Plain statement of where the target stands against today.")


class TargetOut(BaseModel):
    text: str = Field(description="The target exactly as worded, hedge included.")
    hedge: Hedge = Field(
        description="How the date is hedged: deadline (by), floor (until at least) and so on."
    )
    hedge_label: str = Field(description="The hedge in a few words.")
    year: int = Field(description="The target's year.")
    month: int = Field(description="The target's month (1 to 12).")
    according_to: SpeakerRef = Field(description="Whose words give this date.")
    fact_url: str = Field(description="The page of the fact that states the date.")
    fact_api_url: str = Field(description="The JSON document of the fact that states the date.")
    status: DeadlineOut | None = Field(
        description="Where the date stands against today; the article cannot say if it was met."
    )

    @computed_field(description="The target month in ISO 8601 (YYYY-MM).")
    @property
    def date(self) -> str | None:
        return iso_date(self.year, self.month)

    @computed_field(description="The smallest unit the date gives.")
    @property
    def precision(self) -> Precision | None:
        return precision(self.year, self.month)

    @computed_field(description="True when the date is our inference, not the article's.")
    @property
    def inferred(self) -> bool:
        return self.hedge == "inferred"


class RegionRef(BaseModel):
    """A region in brief, with its target date."""

    slug: str = Field(description="The region's id.")
    name: str = Field(description="The region's name.")
    target: TargetOut = Field(description="The region's target date, on whose account.")
    url: str = Field(description="The region's page.")
    api_url: str = Field(description="The region's JSON document.")


class PhaseRef(BaseModel):
    """A phase in brief, with its target date and the region we match to it."""

    number: int = Field(description="The phase's number, 1 or 2.")
    name: str = Field(description="The phase's name.")
    title: ProseOut = Field(description="Our one-line title for the phase.")
    dated: ProseOut = Field(description="What the target date is the date of, in a few words.")
    target: TargetOut = Field(description="The phase's target date, on whose account.")
    matched_region: RegionRef = Field(description="The region whose date we match to this one.")
    url: str = Field(description="The phase's page.")
    api_url: str = Field(description="The phase's JSON document.")


class MatchOut(BaseModel):
    """A region matched to a phase: our inference from their dates, not either source's."""

    inferred: bool = Field(description="Always true: neither source states this mapping.")
    note: ProseOut = Field(description="Our note on the match, with the facts it rests on.")


class PhaseOut(BaseModel):
    number: int = Field(description="The phase's number, 1 or 2.")
    slug: str = Field(description="The phase's id, as in /phases/{slug}.")
    name: str = Field(description="The phase's name.")
    title: ProseOut = Field(description="Our one-line title for the phase.")
    dated: ProseOut = Field(description="What the target date is the date of, in a few words.")
    target: TargetOut = Field(description="The phase's target date, on whose account.")
    where: ProseOut = Field(description="Our note on where the phase applies, with its facts.")
    matched_region: RegionRef = Field(description="The region whose date we match to this one.")
    match: MatchOut = Field(description="Why we match the region to the phase (our inference).")
    speakers: list[SpeakerRef] = Field(description="Everyone whose words this page cites.")
    sections: list[SectionOut] = Field(description="The phase's facts, grouped under headings.")
    url: str = Field(description="The phase's page.")
    api_url: str = Field(description="The phase's JSON document.")


class RegionOut(BaseModel):
    slug: str = Field(description="The region's id, as in /regions/{slug}.")
    name: str = Field(description="The region's name.")
    title: ProseOut = Field(description="Our one-line title for the region.")
    description: ProseOut = Field(description="Our description of the region, with its facts.")
    target: TargetOut = Field(description="The region's target date, on whose account.")
    matched_phase: PhaseRef = Field(description="The phase whose date we match to this one.")
    match: MatchOut = Field(description="Why we match the phase to the region (our inference).")
    speakers: list[SpeakerRef] = Field(description="Everyone whose words this page cites.")
    sections: list[SectionOut] = Field(description="The region's facts, grouped under headings.")
    url: str = Field(description="The region's page.")
    api_url: str = Field(description="The region's JSON document.")


class ArticleOut(BaseModel):
    author: str = Field(description="The author, as the page names them.")
    author_source: str = Field(description="Where the page names the author: there is no byline.")
    outlet: str = Field(
        description="The outlet we take to have published it; `outlet_inferred` says whether "
        "that is our inference (the page names no publisher)."
    )
    outlet_inferred: bool = Field(
        default=True, description="True when the outlet is our inference, not stated by the page."
    )
    outlet_source: str = Field(description="What the outlet rests on, in the page's words.")
    dateline: str = Field(description="The dateline, as the article gives it.")
    sha256: str = Field(description="SHA-256 of the article text every offset counts into.")
    passages: int = Field(description="How many passages the article has, page clutter included.")
    body_passages: int = Field(description="How many passages are the story itself.")
    cited_body_passages: int = Field(description="How many story passages at least one fact cites.")
    facts: int = Field(description="Every fact, the caption, credit, bio and dateline included.")
    story_facts: int = Field(description="Facts from the story itself.")


class KeyNumberOut(BaseModel):
    """A number people scan, hedge kept, with our sentence saying whose figure it is."""

    figure: str = Field(description="The figure or date exactly as the article writes it.")
    text: ProseOut = Field(description="Our sentence saying what it counts, and on whose word.")


class SidesOut(BaseModel):
    """How each side describes the change, paired on the same subject; the pairing is ours."""

    united_states: list[ProseOut] = Field(description="The U.S. side, sentence by sentence.")
    iraq: list[ProseOut] = Field(description="The Iraqi side, sentence by sentence.")
    pairing: ProseOut = Field(description="Our note that the pairing is our reading.")


class OverviewOut(BaseModel):
    title: ProseOut = Field(description="Our title for the story; the article has no headline.")
    likely_date: ProseOut | None = Field(
        description="When the undated article was most likely written: our inference."
    )
    date_reasoning: ProseOut | None = Field(
        description="How we infer that date from the text alone."
    )
    standing: list[ProseOut] = Field(
        description="Where things stand today against the phase dates, sentence by sentence."
    )
    lead: ProseOut | None = Field(description="The news in one sentence, attributed.")
    start: ProseOut | None = Field(
        description="What the article says of when the transition starts, for the phase strip."
    )
    numbers: list[KeyNumberOut] = Field(description="The key numbers and dates, hedges kept.")
    sides: SidesOut | None = Field(description="How each side describes it.")
    questions: list["QuestionOut"] = Field(description="Questions about the agreement itself.")
    background: list["QuestionOut"] = Field(description="For a reader new to the story.")
    article: ArticleOut = Field(description="The article's credits and coverage.")
    summary: list[FactOut] = Field(description="The story in a few facts, each in full.")
    unknown: list[ProseOut] = Field(
        description="What we don't know about events: questions the article leaves open."
    )
    footnotes: list[FactOut] = Field(
        description="Every fact the page's prose cites, once each, in first-cited order."
    )
    phases: list[PhaseRef] = Field(description="Both phases, in brief.")
    regions: list[RegionRef] = Field(description="Both regions, in brief.")
    speakers: list[SpeakerRef] = Field(
        description="The officials, groups and institutions the article quotes or paraphrases."
    )


ANNO_CONTEXT = "http://www.w3.org/ns/anno.jsonld"


class TextQuoteSelector(BaseModel):
    type: str = Field(default="TextQuoteSelector", description="The W3C selector type.")
    exact: str = Field(description="The article's exact words the fact quotes.")
    prefix: str = Field(description="The words just before the quote, to tell repeats apart.")
    suffix: str = Field(description="The words just after the quote.")


class TextPositionSelector(BaseModel):
    type: str = Field(default="TextPositionSelector", description="The W3C selector type.")
    start: int = Field(description="Offset of the quote's first character, in code points.")
    end: int = Field(description="Offset just past the quote's last character, in code points.")


class AnnotationBody(BaseModel):
    type: str = Field(default="TextualBody", description="The W3C body type: text we wrote.")
    value: str = Field(description="The fact's statement, naming its speaker.")
    format: str = Field(default="text/plain", description="The body's media type.")
    language: str = Field(default="en", description="The body's language.")
    purpose: str = Field(default="describing", description="Why the body is there (W3C).")


class LinkedBody(BaseModel):
    """A web page the annotation points readers to (the fact's own page)."""

    id: str = Field(description="The fact's page.")
    type: str = Field(default="Text", description="The W3C resource class of the page.")
    format: str = Field(default="text/html", description="The page's media type.")
    language: str = Field(default="en", description="The page's language.")
    purpose: str = Field(default="linking", description="Why the body is there (W3C).")


class AnnotatedText(BaseModel):
    id: str = Field(description="The article's plain text, which the offsets count into.")
    type: str = Field(default="Text", description="The W3C resource class of the article.")
    format: str = Field(default="text/plain", description="The article text's media type.")
    language: str = Field(default="en", description="The article's language.")


class AnnotationTarget(BaseModel):
    """A SpecificResource: the quote, selected from the article's text."""

    type: str = Field(default="SpecificResource", description="A part of the article (W3C).")
    source: AnnotatedText = Field(description="The article text the quote is selected from.")
    scope: str = Field(description="The passage on the site's article page.")
    selector: list[TextQuoteSelector | TextPositionSelector] = Field(
        description="The quote by its words and by its position; both select the same span."
    )


class AnnotationOut(BaseModel):
    """A W3C Web Annotation (JSON-LD) anchoring one fact in the article."""

    model_config = {"populate_by_name": True, "serialize_by_alias": True}

    context: str = Field(
        default=ANNO_CONTEXT, alias="@context", description="The W3C annotation context."
    )
    id: str = Field(description="The annotation's own IRI.")
    type: str = Field(default="Annotation", description="The W3C type.")
    motivation: str = Field(default="describing", description="Why the annotation exists (W3C).")
    creator: dict[str, str] = Field(description="Who wrote the annotation: this site.")
    body: list[AnnotationBody | LinkedBody] = Field(
        description="The fact's statement, then a link to the fact's page."
    )
    target: AnnotationTarget = Field(description="The quoted words in the article.")
    canonical: str = Field(description="The annotation's own IRI, which never changes.")


class AnnotationItem(AnnotationOut):
    """An annotation inside a page of the collection, which carries the context once."""

    context: str = Field(
        default=ANNO_CONTEXT,
        alias="@context",
        exclude=True,
        description="Left out inside a collection, which carries it once.",
    )


class AnnotationPageOut(BaseModel):
    model_config = {"populate_by_name": True, "serialize_by_alias": True}

    id: str = Field(description="The page's IRI.")
    type: str = Field(default="AnnotationPage", description="The W3C type.")
    part_of: str = Field(alias="partOf", description="The collection this page belongs to.")
    start_index: int = Field(
        default=0, alias="startIndex", description="The position of the page's first item."
    )
    items: list[AnnotationItem] = Field(description="The annotations, one per fact.")


class AnnotationCollectionOut(BaseModel):
    """A W3C Web Annotation collection: every fact, in one embedded page."""

    model_config = {"populate_by_name": True, "serialize_by_alias": True}

    context: str = Field(
        default=ANNO_CONTEXT, alias="@context", description="The W3C annotation context."
    )
    id: str = Field(description="The collection's IRI.")
    type: str = Field(default="AnnotationCollection", description="The W3C type.")
    label: str = Field(description="What the collection holds.")
    total: int = Field(description="How many annotations it holds: one per fact.")
    first: AnnotationPageOut = Field(description="Its first and only page, embedded.")


class DownloadOut(BaseModel):
    url: str = Field(description="Where to download the file.")
    description: str = Field(description="What the file holds.")
    media_type: str = Field(description="The file's media type.")
    bytes: int = Field(description="The file's size in bytes.")
    sha256: str = Field(description="SHA-256 of the file, to check a download.")


class CsvColumnOut(BaseModel):
    name: str = Field(description="The column's name in the CSV header.")
    type: str = Field(description="What values the column holds, in a reader's words.")
    meaning: str = Field(description="What the column says about a fact.")


class DownloadsOut(BaseModel):
    article_sha256: str = Field(description="SHA-256 of the article text every quote is from.")
    files: list[DownloadOut] = Field(description="Every download, with its size and hash.")
    csv_columns: list[CsvColumnOut] = Field(
        description="facts.csv column by column; also as CSVW in facts.csv-metadata.json."
    )


class PlacementOut(BaseModel):
    """Where an entry sits on the one time axis, who put it there, and what its hedge allows."""

    at: str = Field(
        description="Where the entry sits (ISO 8601 at its precision): the earliest it may be; "
        "a target at its month; a stretch of time with no given start where it may end first."
    )
    earliest: str | None = Field(
        description="The earliest date it may be (ISO 8601); null when the article gives none: "
        "a “by” date, or a stretch of time whose start it never gives."
    )
    latest: str | None = Field(
        description="The latest date it may be (ISO 8601), equal to `earliest` when sure; null "
        "when the article gives none: “until at least” is an earliest end, with no latest."
    )
    candidates: list[str] = Field(
        description="When it is one of a few dates, not any day between them (“last August”: "
        "2023-08 or 2024-08), those dates, earliest first; empty otherwise."
    )
    weekday: str | None = Field(
        description="A day of the week the article names (“Friday”): it falls on one of those "
        "days from `earliest` to `latest`, both of which are that day; else null."
    )
    period_ends: list[str] = Field(
        description="For a stretch of time whose start the article never gives (“in the last "
        "several months”), the first and last date it may end on; empty otherwise."
    )
    placed_by: PlacedBy = Field(
        description="article or caption (their own date), inference (ours, from the article's "
        "likely date) or computation (today)."
    )
    inferred_year: bool = Field(description="True when the year is our inference.")
    about: bool = Field(
        description="True when the date is a year we count back to from the article's words "
        "(“For 10 years”): about that year, not exactly it; `earliest` and `latest` then give "
        "the year we count to, not firm bounds."
    )
    reasoning: ProseOut | None = Field(
        description="Our words on how we placed it, with their facts; null for a stated date."
    )


class TimelineEntryOut(BaseModel):
    """One point on the timeline: an event, a target, the caption's date, the article's likely
    date or today, in time order; every date keeps its speaker, hedge and the article's words."""

    kind: EntryKind = Field(
        description="event, target (someone's words on what is due, not an event), caption, "
        "article (its likely date, our inference) or today (our computation)."
    )
    label: str = Field(description="What happened, is due, or the marker, in a few words.")
    words: str | None = Field(
        description="The article's own date words (“last August”); null for our markers."
    )
    when: str = Field(description="The date in words, as placed, with whose placement it is.")
    placement: PlacementOut = Field(description="Where it sits on the axis, and on whose word.")
    date: DateOut | None = Field(
        description="The date exactly as the article gives it; null for our markers."
    )
    status: DeadlineOut | None = Field(
        description="Where a target (a “by” deadline or an “until at least” earliest end) "
        "stands against today; null for other entries."
    )
    fact: FactOut | None = Field(
        description="The fact that states the date; null for our markers (article, today)."
    )
    note: ProseOut | None = Field(
        description="Our sentence for a marker (the article's likely date, today); else null."
    )


class FramingOut(BaseModel):
    heading: ProseOut = Field(description="Our heading for the side's framing, with its facts.")
    facts: list[FactOut] = Field(
        description="The side's descriptions of the change, in the article's words."
    )


class FramingsOut(BaseModel):
    united_states: FramingOut = Field(description="How U.S. officials describe the transition.")
    iraq: FramingOut = Field(description="How Iraqi officials describe the transition.")
    notes: list[ProseOut] = Field(
        description="Our notes on the pairing: where a relayed speaker stands, and that the "
        "pairing is ours, not the article's."
    )


class RetiredOut(BaseModel):
    id: str = Field(description="The retired fact's id.")
    date: str = Field(description="When it was retired (ISO 8601).")
    statement: str = Field(description="The statement as it last stood.")
    reason: str = Field(description="Why it was retired.")
    replaced_by: FactRef | None = Field(description="The fact that replaces it, if any.")


class FigureRowOut(BaseModel):
    figure: FigureOut = Field(description="The number, as the article gives it.")
    fact: FactOut = Field(description="The fact that gives the number.")


class NoteOut(BaseModel):
    key: str = Field(description="The note's id.")
    heading: str = Field(description="The note's heading.")
    text: str = Field(description="The note, with counts computed from the data.")
    facts: list[FactOut] = Field(description="The facts the note counts or cites.")


class SearchHitOut(BaseModel):
    kind: str = Field(
        description="passage, fact, question, phase, region, official, prose (our words on "
        "another page), note (a note on the source) or timeline (our date, label and "
        "reasoning for a dated fact on /timeline)"
    )
    id: str = Field(description="The passage's or fact's id, or the page's slug.")
    title: str = Field(description="A heading for the hit.")
    snippet: str = Field(description="The words around the match, as plain text.")
    snippet_html: str = Field(description="The snippet with matched words in <mark>, escaped.")
    url: str = Field(description="The hit's page (a passage's anchor on the article page).")
    api_url: str = Field(description="The hit's JSON document.")


class SearchTermOut(BaseModel):
    word: str = Field(description="A word of the query as typed, or a phrase the thesaurus names.")
    searched: list[str] = Field(
        description="What was looked for in its place, each in any of its forms (withdraw, "
        "withdrawing, withdrawal): the word and the other words of its thesaurus group (not the "
        "word itself when the group lists it as asked only, like us), or the nearest word in "
        "the index when the index lacks it."
    )
    how: SearchHow = Field(
        description="word: the word alone; word group: with its thesaurus group; nearest word: "
        "replaced by the closest spelling the index has."
    )


class SearchWordGroupOut(BaseModel):
    words: list[str] = Field(description="Words searched as one: a search for any finds all.")
    asked: list[str] = Field(
        description="Words read in a query as this group but never searched for themselves, "
        "being other words too (the pronoun us)."
    )
    one_way: list[str] = Field(
        default=[],
        description="Words that, typed, are searched for themselves and this group, but are "
        "never searched for another word of it (one finds first; first does not find one).",
    )


class SearchSuggestionOut(BaseModel):
    question: str = Field(description="A question we answer, offered as a suggestion.")
    url: str = Field(description="The question's page.")


class SearchOut(BaseModel):
    query: str = Field(description="The query as searched, after cleaning.")
    notice: str | None = Field(description="Why the query was changed, widened or gave nothing.")
    mode: Literal["all", "near-miss", "some", "none", "empty"] = Field(
        description="What the search did. all: every result has every term, but for the pages "
        "the query names (a phase, a region, an official), listed though they lack another term; "
        "near-miss: the same, once a word the index lacks was replaced by its nearest spelling; "
        "some: no result had every term, so these have some of them, best first; none: nothing "
        "matched; empty: the query had no words to search."
    )
    did: str = Field(description="What was searched for, in one sentence; empty with no words.")
    terms: list[SearchTermOut] = Field(
        default=[], description="The query's terms and what was searched for each."
    )
    left_out: list[str] = Field(
        default=[], description="Common words of a question left out (when, are, how, the)."
    )
    results: list[SearchHitOut] = Field(
        default=[],
        description="Matching questions, pages, passages, facts, our prose and notes, best "
        "first, every one (the search page lists the first 50): those with the words as typed "
        "before those found only through a word group; questions whose own words match, then "
        "pages matched by their names, then the rest.",
    )
    suggestions: list[SearchSuggestionOut] = Field(
        description="The questions we answer, offered in the search box."
    )
    word_groups: list[SearchWordGroupOut] = Field(
        description="The thesaurus: each group's words are searched as one."
    )


class FactPageOut(FactOut):
    """A fact as its page shows it: with its passage and its Web Annotation."""

    passage: PassageOut = Field(description="The passage that states the fact.")
    annotation: AnnotationOut = Field(description="The fact as a W3C Web Annotation.")


class QuestionOut(BaseModel):
    """A question a newcomer asks, answered in our own words, sentence by sentence."""

    slug: str = Field(description="The question's id in its URL; it never changes.")
    section: QuestionSection = Field(
        description="story (the agreement itself) or background (the story before it)."
    )
    question: str = Field(description="The question, in our words.")
    short: ProseOut = Field(description="The answer in one sentence, answer first.")
    on_overview: bool = Field(description="True when the overview lists the question.")
    answer: list[ProseOut] = Field(description="One to three sentences, each with its sources.")
    facts: list[FactOut] = Field(description="Every fact the answer rests on, first cited first.")
    url: str = Field(description="The question's page.")
    api_url: str = Field(description="The question's JSON document.")


class QuestionsOut(BaseModel):
    """Every question, as one document (the page's two sections), not a paged collection."""

    story: list[QuestionOut] = Field(description="Questions about the agreement itself.")
    background: list[QuestionOut] = Field(description="For a reader new to the story.")
    footnotes: list[FactOut] = Field(
        description="Every fact the answers cite, once each, numbered in this order."
    )


OverviewOut.model_rebuild()
