"""The words the data is classified by: shared by the facts-file schema, the tables and the
public shapes, so OpenAPI lists them as enums and a typo is an error everywhere."""

from typing import Literal

Side = Literal["united-states", "iraq", "none"]
SpeakerKind = Literal["official", "group", "institution", "narration", "caption", "bio", "dateline"]
Wording = Literal[
    "quote", "partial_quote", "paraphrase", "narration", "caption", "credit", "bio", "dateline"
]
Channel = Literal["direct", "outlet", "person", "none"]
# A source the article quotes or paraphrases; someone whose words reach it only through
# another person (mentioned); or the article and the page around it.
Standing = Literal["source", "mentioned", "article"]
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
    "credit",
    "bio",
    "dateline",
]
# Words a speaker is reported to have said, as opposed to what the text states itself.
ATTRIBUTED: set[str] = {"quote", "partial_quote", "paraphrase"}
# The page around the story: counted apart from the story's own facts.
NOT_STORY: set[str] = {"caption", "credit", "bio", "dateline"}
# Which kind of speaker each unattributed wording belongs to.
OWN_WORDS_SPEAKER = {
    "narration": "narration",
    "caption": "caption",
    "credit": "caption",
    "bio": "bio",
    "dateline": "dateline",
}
# "by" a date is a deadline when it is still to come (a target) and a ceiling when the article
# tells of the past ("by 2017"): either way no earliest date is given.
Hedge = Literal["deadline", "floor", "ceiling", "exact", "year", "relative", "inferred"]
PassageKind = Literal["body", "caption", "bio", "clutter"]
QuestionSection = Literal["story", "background"]
Precision = Literal["year", "month", "day"]
# What a timeline entry is: something the story says happened, a target someone set, the
# photo caption's date, the article's own likely date (ours), or today (ours).
EntryKind = Literal["event", "target", "caption", "article", "today"]
# Who put an entry where it sits on the timeline: the article's own date, the photo caption's,
# our inference from the article's likely date, or our computation (today).
PlacedBy = Literal["article", "caption", "inference", "computation"]
# How search read a word: as typed, through its group in the thesaurus, or as the nearest word
# it knows.
SearchHow = Literal["word", "word group", "nearest word"]
