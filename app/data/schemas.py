"""Public shapes: what the JSON endpoints return and the templates receive (one data path)."""

from pydantic import BaseModel, Field

from app.data.models import EventBase, FactBase, FigureBase, PassageBase, SpeakerBase
from app.data.vocabulary import Hedge

WORDING_LABELS = {
    "quote": "Direct quote",
    "partial_quote": "Quoted in part",
    "paraphrase": "Paraphrase",
    "narration": "The article’s own narration",
    "caption": "Photo caption",
    "credit": "Photo credit",
    "bio": "Author’s bio",
    "dateline": "Dateline",
}
CHANNEL_LABELS = {
    "direct": "Directly: the article names no go-between",
    "outlet": "Through another outlet",
    "person": "Through another person",
    "none": "Not attributed to anyone",
}
SIDE_LABELS = {"united-states": "United States", "iraq": "Iraq", "none": "Neither side"}
HEDGE_LABELS = {
    "deadline": "a deadline",
    "floor": "an earliest end, not a deadline",
    "exact": "an exact date",
    "year": "a year the article gives",
    "relative": "relative to the article’s unstated date",
    "inferred": "inferred by us, not stated",
}


class HealthOut(BaseModel):
    status: str = Field(examples=["ok"])
    seed_hash: str = Field(description="Fingerprint of the article, the facts file and schema.")
    article_sha256: str
    facts: int
    passages: int
    built_at: str = Field(description="When the database was built (UTC, ISO 8601).")


class ErrorOut(BaseModel):
    detail: str = Field(examples=["No fact with id 'nope'."])


class SpeakerRef(BaseModel):
    slug: str
    name: str
    short: str = Field(description="How short forms (titles, cards, labels) name the speaker.")
    url: str


class SourceOut(BaseModel):
    """One fact a sentence of our prose rests on, with the link that lands on its words."""

    id: str
    speaker: str
    passage_id: str
    url: str
    fragment_url: str


class ProseOut(BaseModel):
    """Our own words, never the article's, with the facts they rest on."""

    text: str
    sources: list[SourceOut]


class CorrectionOut(BaseModel):
    target: str = Field(description="The fact id or prose key that was corrected.")
    url: str = Field(description="Where the corrected words are published.")
    date: str = Field(description="When the correction was made (ISO 8601).")
    before: str = Field(description="The earlier wording, as published.")
    after: str = Field(description="The wording now.")
    reason: str


class DateOut(EventBase):
    hedge_label: str


class FigureOut(FigureBase):
    pass


class FactOut(FactBase):
    story: bool = Field(description="False for the caption, photo credit, author bio, dateline.")
    speaker: SpeakerRef
    wording_label: str
    channel_label: str
    attribution_label: str = Field(description="Wording and channel in a few words.")
    url: str = Field(description="The fact's HTML page.")
    source_url: str = Field(description="The passage in the article that states it.")
    fragment_url: str = Field(
        description="The passage URL with a text fragment that highlights the exact quote."
    )
    api_url: str
    dates: list[DateOut]
    figures: list[FigureOut]
    corrections: list[CorrectionOut] = Field(description="Earlier wordings of the statement.")


class FactRef(BaseModel):
    id: str
    statement: str
    url: str


class CitingFact(FactRef):
    """A fact as its passage lists it, with the marked span that holds its quote."""

    mark: int = Field(description="The number of the passage's span (marks) holding its quote.")


class CitedSpan(BaseModel):
    """A run of a passage that one or more facts quote; overlapping quotes share one span."""

    number: int = Field(description="1, 2, … in the passage's reading order.")
    start: int = Field(description="Offset in the passage's text, in code points.")
    end: int
    facts: list[str] = Field(description="Ids of the facts whose quotes it holds.")


class PassageOut(PassageBase):
    url: str
    api_url: str
    facts: list[CitingFact]
    marks: list[CitedSpan] = Field(description="The quoted spans, in reading order.")


class SpeakerOut(SpeakerBase):
    side_label: str
    attributions: list[str] = Field(description="How the article words their statements.")
    url: str
    api_url: str
    statements: list[FactOut]


class SectionOut(BaseModel):
    heading: str
    facts: list[FactOut]


class DeadlineOut(BaseModel):
    passed: bool
    today: str
    text: str = Field(description="Plain statement of where the target stands against today.")


class TargetOut(BaseModel):
    text: str = Field(description="The target exactly as worded, hedge included.")
    hedge: Hedge
    hedge_label: str
    year: int
    month: int
    according_to: SpeakerRef = Field(description="Whose words give this date.")
    fact_url: str = Field(description="The fact that states the date.")
    status: DeadlineOut | None = Field(
        description="Where the date stands against today; the article cannot say if it was met."
    )


class RegionRef(BaseModel):
    slug: str
    name: str
    target: TargetOut
    url: str


class PhaseRef(BaseModel):
    number: int
    name: str
    title: ProseOut
    target: TargetOut
    matched_region: RegionRef = Field(description="The region whose date we match to this one.")
    url: str


class MatchOut(BaseModel):
    """A region matched to a phase: our inference from their dates, not either source's."""

    inferred: bool = Field(description="Always true: neither source states this mapping.")
    note: ProseOut


class PhaseOut(BaseModel):
    number: int
    slug: str
    name: str
    title: ProseOut
    target: TargetOut
    where: ProseOut
    matched_region: RegionRef = Field(description="The region whose date we match to this one.")
    match: MatchOut
    speakers: list[SpeakerRef] = Field(description="Everyone whose words this page cites.")
    sections: list[SectionOut]
    url: str
    api_url: str


class RegionOut(BaseModel):
    slug: str
    name: str
    title: ProseOut
    description: ProseOut
    target: TargetOut
    matched_phase: PhaseRef = Field(description="The phase whose date we match to this one.")
    match: MatchOut
    speakers: list[SpeakerRef]
    sections: list[SectionOut]
    url: str
    api_url: str


class ArticleOut(BaseModel):
    author: str
    author_source: str = Field(description="Where the page names the author: there is no byline.")
    outlet: str
    outlet_source: str = Field(description="Where the page names the outlet.")
    dateline: str
    sha256: str
    passages: int
    body_passages: int
    cited_body_passages: int
    facts: int = Field(description="Every fact, the caption, credit, bio and dateline included.")
    story_facts: int = Field(description="Facts from the story itself.")


class OverviewOut(BaseModel):
    title: ProseOut = Field(description="Our title for the story; the article has no headline.")
    top: list[ProseOut] = Field(description="The story in a few lines: what was agreed, for whom.")
    standing: list[ProseOut] = Field(
        description="Where things stand today against the phase dates, sentence by sentence."
    )
    questions: list["QuestionOut"] = Field(description="Questions about the agreement itself.")
    background: list["QuestionOut"] = Field(description="For a reader new to the story.")
    article: ArticleOut
    summary: list[FactOut] = Field(description="What we know: the story in a few facts.")
    unknown: list["OverviewNoteRef"] = Field(description="What the article leaves open.")
    footnotes: list[FactOut] = Field(
        description="Every fact the page's prose cites, once each, numbered in this order."
    )
    phases: list[PhaseRef]
    regions: list[RegionRef]
    speakers: list[SpeakerRef]


ANNO_CONTEXT = "http://www.w3.org/ns/anno.jsonld"


class TextQuoteSelector(BaseModel):
    type: str = "TextQuoteSelector"
    exact: str
    prefix: str
    suffix: str


class TextPositionSelector(BaseModel):
    type: str = "TextPositionSelector"
    start: int = Field(description="Offset of the quote's first character, in code points.")
    end: int = Field(description="Offset just past the quote's last character, in code points.")


class AnnotationBody(BaseModel):
    type: str = "TextualBody"
    value: str
    format: str = "text/plain"
    language: str = "en"
    purpose: str = "describing"


class LinkedBody(BaseModel):
    """A web page the annotation points readers to (the fact's own page)."""

    id: str
    type: str = "Text"
    format: str = "text/html"
    language: str = "en"
    purpose: str = "linking"


class AnnotatedText(BaseModel):
    id: str = Field(description="The article's plain text, which the offsets count into.")
    type: str = "Text"
    format: str = "text/plain"
    language: str = "en"


class AnnotationTarget(BaseModel):
    """A SpecificResource: the quote, selected from the article's text."""

    type: str = "SpecificResource"
    source: AnnotatedText
    scope: str = Field(description="The passage on the site's article page.")
    selector: list[TextQuoteSelector | TextPositionSelector]


class AnnotationOut(BaseModel):
    """A W3C Web Annotation (JSON-LD) anchoring one fact in the article."""

    model_config = {"populate_by_name": True, "serialize_by_alias": True}

    context: str = Field(default=ANNO_CONTEXT, alias="@context")
    id: str
    type: str = "Annotation"
    motivation: str = "describing"
    creator: dict[str, str]
    body: list[AnnotationBody | LinkedBody] = Field(
        description="The fact's statement, then a link to the fact's page."
    )
    target: AnnotationTarget
    canonical: str = Field(description="The annotation's own IRI, which never changes.")


class AnnotationItem(AnnotationOut):
    """An annotation inside a page of the collection, which carries the context once."""

    context: str = Field(default=ANNO_CONTEXT, alias="@context", exclude=True)


class AnnotationPageOut(BaseModel):
    model_config = {"populate_by_name": True, "serialize_by_alias": True}

    id: str
    type: str = "AnnotationPage"
    part_of: str = Field(alias="partOf", description="The collection this page belongs to.")
    start_index: int = Field(default=0, alias="startIndex")
    items: list[AnnotationItem]


class AnnotationCollectionOut(BaseModel):
    """A W3C Web Annotation collection: every fact, in one embedded page."""

    model_config = {"populate_by_name": True, "serialize_by_alias": True}

    context: str = Field(default=ANNO_CONTEXT, alias="@context")
    id: str
    type: str = "AnnotationCollection"
    label: str
    total: int
    first: AnnotationPageOut


class DownloadOut(BaseModel):
    url: str
    description: str
    media_type: str
    bytes: int
    sha256: str


class CsvColumnOut(BaseModel):
    name: str
    type: str = Field(description="What values the column holds, in a reader's words.")
    meaning: str


class DownloadsOut(BaseModel):
    article_sha256: str = Field(description="SHA-256 of the article text every quote is from.")
    files: list[DownloadOut]
    csv_columns: list[CsvColumnOut] = Field(
        description="facts.csv column by column; also as CSVW in facts.csv-metadata.json."
    )


class TimelineEventOut(BaseModel):
    label: str
    date: DateOut
    when: str = Field(description="The date as precisely as the article gives it.")
    band: str = Field(description="past (year stated or inferred), relative or target.")
    deadline: DeadlineOut | None
    fact: FactOut


class TimelineBandOut(BaseModel):
    key: str
    heading: str
    explanation: str
    events: list[TimelineEventOut]


class FramingOut(BaseModel):
    heading: ProseOut
    facts: list[FactOut]


class FramingsOut(BaseModel):
    united_states: FramingOut
    iraq: FramingOut


class RetiredOut(BaseModel):
    id: str
    date: str
    statement: str = Field(description="The statement as it last stood.")
    reason: str
    replaced_by: FactRef | None


class FigureRowOut(BaseModel):
    figure: FigureOut
    fact: FactOut


class NoteOut(BaseModel):
    key: str
    heading: str
    text: str = Field(description="The note, with counts computed from the data.")
    facts: list[FactOut]


class SearchHitOut(BaseModel):
    kind: str = Field(description="passage, fact or question")
    id: str
    title: str
    snippet: str
    snippet_html: str = Field(description="The snippet with matched words in <mark>, escaped.")
    url: str


class SearchOut(BaseModel):
    query: str
    notice: str | None = Field(description="Why the query was changed or gave nothing.")
    results: list[SearchHitOut]


class FactPageOut(FactOut):
    """A fact as its page shows it: with its passage and its Web Annotation."""

    passage: PassageOut
    annotation: AnnotationOut


class QuestionOut(BaseModel):
    """A question a newcomer asks, answered in our own words, sentence by sentence."""

    slug: str
    section: str = Field(description="story (the agreement) or background (the story before it)")
    question: str
    answer: list[ProseOut] = Field(description="One to three sentences, each with its sources.")
    facts: list[FactOut] = Field(description="Every fact the answer rests on, first cited first.")
    url: str
    api_url: str


class QuestionsOut(BaseModel):
    story: list[QuestionOut] = Field(description="Questions about the agreement itself.")
    background: list[QuestionOut] = Field(description="For a reader new to the story.")


class OverviewNoteRef(BaseModel):
    """A gap the article leaves, as the notes page words it, with the facts behind it."""

    key: str
    heading: str
    url: str
    facts: list[FactOut]


OverviewOut.model_rebuild()
