"""The resource registry: one entry per kind of page.

From each entry come its HTML route, its `.json` twin, its API route (all three answer from
the same query), its preview card's URL, its sitemap and export entries and its place in the
footer's "More" list. The header holds the few destinations in HEADER_NAV, which must fit one
row on a phone. Adding a page is one entry here, one query in app/data and one template.
"""

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from sqlmodel import Session

from app.config import Settings
from app.data import annotations, notes, queries, questions, search, story, timeline, urls
from app.data import downloads as files
from app.data.corrections import (
    correction_keys,
    get_correction_day,
    get_retired,
    list_corrections,
)
from app.data.schemas import (
    CorrectionDayOut,
    CorrectionOut,
    DownloadsOut,
    FactOut,
    FactPageOut,
    FigureRowOut,
    FramingsOut,
    NoteOut,
    OverviewOut,
    PassageOut,
    PhaseOut,
    QuestionOut,
    QuestionsOut,
    RegionOut,
    SearchOut,
    SpeakerEntryOut,
    SpeakerOut,
    TimelineEntryOut,
)
from app.web.reference import EXAMPLES, Operation, operations


@dataclass(frozen=True)
class Ask:
    """What a page's query may read besides the database: the settings and the query string."""

    settings: Settings
    params: Mapping[str, str] = field(default_factory=dict)
    snapshot: bytes = b""  # the database file this replica serves, for the downloads page
    openapi: Callable[[], dict[str, Any]] | None = None  # for the API reference page


class Gone(Exception):
    """A page that existed and was retired on purpose: answered 410, with a pointer."""

    def __init__(self, retired: Any) -> None:
        super().__init__(retired.id)
        self.retired = retired


Query = Callable[[Ask, Session, str], Any]


@dataclass(frozen=True)
class Page:
    """One kind of page: its address, the query behind it, its template and its nav label."""

    name: str  # the template's variable; also names the routes
    path: str  # "/phases" or "/phases/{key}"
    template: str
    query: Query
    model: Any  # what the JSON answers, for OpenAPI
    summary: str  # one line: the routes' docstring and the API reference's summary
    api: str | None = None  # "/api/phases/{key}"
    keys: Callable[[Session], list[str]] | None = None  # every key, for an item page
    nav: str | None = None  # its label in the footer's "More" list (the header: HEADER_NAV)
    missing: str = "There is no such page."  # the 404's detail; {key} is filled in
    key_help: str = ""  # the key's description in OpenAPI, where the generic one will not do
    tag: str = "article"
    params: tuple[str, ...] = ()  # query-string parameters the query reads
    filters: tuple[str, ...] = ()  # parameters only the API route reads (envelope.FILTERS)
    # What the API route answers instead of the page's data, if anything: (data, params) in.
    api_shape: Callable[[Any, Mapping[str, str]], Any] | None = None
    api_model: Any = None  # the API's model when api_shape changes it

    @property
    def keyed(self) -> bool:
        return "{key}" in self.path

    def url(self, key: str = "") -> str:
        return self.path.replace("{key}", key)

    def api_url(self, key: str = "") -> str | None:
        return self.api.replace("{key}", key) if self.api else None

    @property
    def twin(self) -> str:
        return urls.twin(self.path)


def _today(ask: Ask) -> Any:
    return ask.settings.today()


def _fact(ask: Ask, session: Session, key: str) -> FactPageOut | None:
    retired = get_retired(session=session, fact_id=key)
    if retired is not None:
        raise Gone(retired)
    return annotations.fact_page(session=session, fact_id=key, site_url=ask.settings.site_url)


def _facts(ask: Ask, session: Session, _: str) -> list[FactOut]:
    params = ask.params
    return queries.list_facts(
        session=session,
        speaker=params.get("speaker"),
        wording=params.get("attribution"),
        channel=params.get("channel"),
        passage=params.get("passage"),
        phase=params.get("phase"),
    )


def _speaker_entries(speakers: list[SpeakerOut], params: Mapping[str, str]) -> Any:
    return queries.speaker_entries(speakers, expand=params.get("expand") == "statements")


def _keys(section: str) -> Callable[[Session], list[str]]:
    return lambda session: queries.page_keys(session=session)[section]


PAGES: list[Page] = [
    Page(
        "overview", "/", "index.html",
        lambda ask, s, _: story.get_overview(session=s, today=_today(ask)),
        OverviewOut, "The story in brief: top lines, questions, what we know and don't.",
        api="/api/overview",
    ),
    Page(
        "questions", "/questions", "questions.html",
        lambda ask, s, _: questions.list_questions(session=s),
        QuestionsOut, "Questions a newcomer asks, answered in our words, each sentence sourced.",
        api="/api/questions", tag="questions",
    ),
    Page(
        "question", "/questions/{key}", "question.html",
        lambda ask, s, key: questions.get_question(session=s, slug=key),
        QuestionOut, "One question, its answer and every fact the answer rests on.",
        api="/api/questions/{key}", keys=lambda s: questions.question_slugs(session=s),
        missing="There is no question “{key}”.", tag="questions",
    ),
    Page(
        "phases", "/phases", "phases.html",
        lambda ask, s, _: story.list_phases(session=s, today=_today(ask)),
        list[PhaseOut], "Both phases of the transition, first to last.",
        api="/api/phases", tag="phases",
    ),
    Page(
        "phase", "/phases/{key}", "phase.html",
        lambda ask, s, key: story.get_phase(session=s, slug=key, today=_today(ask)),
        PhaseOut, "One phase, with its target, the region we match to it and its facts.",
        api="/api/phases/{key}", keys=_keys("phases"),
        missing="There is no phase “{key}”.", tag="phases",
    ),
    Page(
        "regions", "/regions", "regions.html",
        lambda ask, s, _: story.list_regions(session=s, today=_today(ask)),
        list[RegionOut], "The regions, federal Iraq first, then the Kurdistan region.",
        api="/api/regions", nav="Regions", tag="regions",
    ),
    Page(
        "region", "/regions/{key}", "region.html",
        lambda ask, s, key: story.get_region(session=s, slug=key, today=_today(ask)),
        RegionOut, "One region, its date and the phase we match to it (our inference).",
        api="/api/regions/{key}", keys=_keys("regions"),
        missing="There is no region “{key}”.", tag="regions",
    ),
    Page(
        "speakers", "/officials", "officials.html",
        lambda ask, s, _: queries.list_speakers(session=s),
        list[SpeakerOut], "Everyone the article attributes words to, with their statements.",
        api="/api/officials", tag="officials", filters=("expand",),
        api_shape=_speaker_entries, api_model=list[SpeakerEntryOut],
    ),
    Page(
        "speaker", "/officials/{key}", "official.html",
        lambda ask, s, key: queries.get_speaker(session=s, slug=key),
        SpeakerOut, "One speaker and every statement attributed to them.",
        api="/api/officials/{key}", keys=_keys("officials"),
        missing="There is no official or source “{key}”.", tag="officials",
    ),
    Page(
        "entries", "/timeline", "timeline.html",
        lambda ask, s, _: timeline.get_timeline(session=s, today=_today(ask)),
        list[TimelineEntryOut],
        "Every date on one axis, earliest first: events, targets (with status), the caption's "
        "date, the article's likely date and today; our placements marked.",
        api="/api/timeline", nav="Timeline", tag="explore",
    ),
    Page(
        "framings", "/framings", "framings.html",
        lambda ask, s, _: story.get_framings(session=s),
        FramingsOut, "How U.S. and Iraqi officials speak of the coalition, as we pair them.",
        api="/api/framings", nav="Framings", tag="explore",
    ),
    Page(
        "rows", "/numbers", "numbers.html",
        lambda ask, s, _: queries.list_figures(session=s),
        list[FigureRowOut], "Every figure in the article, with what it counts and its fact.",
        api="/api/numbers", nav="Numbers", tag="explore",
    ),
    Page(
        "notes", "/notes", "notes.html",
        lambda ask, s, _: notes.get_notes(session=s),
        list[NoteOut], "Notes on the source, computed from the data.",
        api="/api/notes", nav="Notes", tag="explore",
    ),
    Page(
        "facts", "/facts", "facts.html", _facts,
        list[FactOut], "Every fact, in the order the article states it.",
        api="/api/facts", nav="All facts", tag="facts",
        filters=("speaker", "attribution", "channel", "passage", "phase"),
    ),
    Page(
        "fact", "/facts/{key}", "fact.html", _fact,
        FactPageOut, "One fact: its words, speaker, wording, channel, passage and annotation.",
        api="/api/facts/{key}", keys=_keys("facts"),
        missing="There is no fact “{key}”.", tag="facts",
    ),
    Page(
        "passages", "/source", "source.html",
        lambda ask, s, _: queries.list_passages(session=s),
        list[PassageOut], "Every passage of the article, with the facts citing it.",
        api="/api/passages", tag="passages",
    ),
    Page(
        "downloads", "/downloads", "downloads.html",
        lambda ask, s, _: files.downloads(
            session=s, database=ask.snapshot, today=_today(ask), site_url=ask.settings.site_url
        ),
        DownloadsOut, "The dataset downloads, with their sizes and SHA-256 hashes.",
        api="/api/downloads", nav="Data",
    ),
    Page(
        "corrections", "/corrections", "corrections.html",
        lambda ask, s, _: list_corrections(session=s),
        list[CorrectionOut], "Every correction to our published words, newest first.",
        api="/api/corrections", tag="facts",
    ),
    Page(
        "correction_day", "/corrections/{key}", "correction_day.html",
        lambda ask, s, key: get_correction_day(session=s, key=key),
        CorrectionDayOut, "The corrections made on one day, newest first; a long day in parts.",
        api="/api/corrections/{key}", keys=lambda s: correction_keys(session=s),
        missing="There are no corrections for “{key}”; /corrections lists the days with some.",
        key_help="A day with corrections (YYYY-MM-DD), or a later part of a long day "
        "(YYYY-MM-DD-part-2, …), as the day's `parts` list them.",
        tag="facts",
    ),
    Page(
        "operations", "/docs", "reference.html",
        lambda ask, s, _: operations(ask.openapi() if ask.openapi else {"paths": {}}, examples(s)),
        list[Operation], "The JSON API's operations, drawn from its OpenAPI document.",
    ),
    Page(
        "search", "/search", "search.html",
        lambda ask, s, _: search.search(session=s, query=ask.params.get("q", "")),
        SearchOut, "Search the article, its facts, our questions, the phase, region and "
        "official pages, our other prose and the notes as a reader asks: other forms of a word, "
        "our word groups, near misses and a some-words fallback, each reported (mode, terms); "
        "any input is safe.",
        api="/api/search", tag="explore", params=("q",),
    ),
]  # fmt: skip


def examples(session: Session) -> dict[str, str]:
    """A live example URL for each API path with a parameter: EXAMPLES, and for a keyed page it
    does not name, the page's first key in the data (for corrections, the newest day)."""
    found = dict(EXAMPLES)
    for page in PAGES:
        if page.api and page.keys and page.api not in found:
            keys = page.keys(session)
            if keys:
                found[page.api] = page.api_url(keys[0]) or page.api
    return found


# The header's destinations, in order. Six short labels fit one row on a 390 px phone; a
# seventh would not, so every other page goes in the footer's "More" list (its `nav` label).
HEADER_NAV: dict[str, str] = {
    "/": "Overview",
    "/questions": "Questions",
    "/phases": "The plan",
    "/officials": "Who said what",
    "/source": "The article",
    "/search": "Search",
}


def nav() -> list[tuple[str, str]]:
    """The header's navigation: each HEADER_NAV destination whose page is registered.

    A destination is listed only once its page exists, so no header link ever answers 404.
    """
    registered = {page.url() for page in PAGES if not page.keyed}
    return [(path, label) for path, label in HEADER_NAV.items() if path in registered]


def more() -> list[tuple[str, str]]:
    """The footer's "More" list: every other page with a label, in registry order."""
    return [(page.url(), page.nav) for page in PAGES if page.nav and page.url() not in HEADER_NAV]
