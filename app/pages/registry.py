"""The resource registry: one entry per kind of page, and everything about that page.

From each entry come its HTML route, its `.json` twin, its API route (all three answer from
the same query), its OpenAPI entry and its example (a key from the data), its preview card
(`card`, app/pages/previews.py), its sitemap and export entries, the seed prose and interface
words it shows (so a correction to them links here), and its place in the header (`header`)
or the footer's "More" list (`nav`). Adding a page is one entry here, one query, one template
and its prose in the seed; tests/test_registry.py does exactly that.
"""

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from sqlmodel import Session

from app.config import Settings
from app.data import (
    annotations,
    downloads,
    notes,
    queries,
    questions,
    search,
    story,
    timeline,
    urls,
)
from app.data.corrections import (
    Gone,
    correction_keys,
    get_correction_day,
    get_retired,
    list_corrections,
)
from app.data.models import Meta
from app.data.schemas import (
    ArticleOut,
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
from app.pages import previews
from app.pages.previews import CardWords
from app.pages.reference import Operation, operations


def N_(label: str) -> str:  # noqa: N802 - gettext's name for "mark, do not translate here"
    """Marks a header or footer label for `pybabel extract`; the template translates it."""
    return label


@dataclass(frozen=True)
class Ask:
    """What a page's query may read besides the database: the settings and the query string."""

    settings: Settings
    params: Mapping[str, str] = field(default_factory=dict)
    snapshot: bytes = b""  # the database file this replica serves, for the downloads page
    openapi: Callable[[], dict[str, Any]] | None = None  # for the API reference page


Query = Callable[[Ask, Session, str], Any]


@dataclass(frozen=True, kw_only=True)
class Page:
    """One kind of page: its address, the query behind it, its template, its card, the seed
    prose it shows and its place in the navigation."""

    name: str  # the template's variable; also names the routes and the default card's prose
    path: str  # "/phases" or "/phases/{key}"
    template: str
    query: Query
    model: Any  # what the JSON answers, for OpenAPI
    summary: str  # one line: the routes' docstring and the API reference's summary
    # What its preview card says, keyed by page URL; by default its seed title and lede.
    card: CardWords = previews.seed_card
    api: str | None = None  # "/api/phases/{key}"
    keys: Callable[[Session], list[str]] | None = None  # every key, for an item page
    header: str | None = None  # its label in the header (six at most: they fit a phone)
    nav: str | None = None  # its label in the footer's "More" list
    prose: tuple[str, ...] = ()  # the [prose.NAME] of seed/facts.toml it shows
    # The [interface] NAME of seed/facts.toml it shows: the site's words about itself.
    interface: tuple[str, ...] = ()
    # The [interface] NAME of seed/facts.toml its 404 says, {asked} filled in (an error page has
    # no address of its own: a correction to it links to the overview).
    missing: str = "error-no-page"
    retired: bool = False  # a key may be retired on purpose (410, `Gone`)
    key_help: str = ""  # the key's description in OpenAPI, where the generic one will not do
    tag: str = "article"
    params: tuple[str, ...] = ()  # query-string parameters the query reads
    filters: tuple[str, ...] = ()  # parameters only the API route reads (envelope.FILTERS)
    # What the API route answers instead of the page's data, if anything: (data, params) in.
    api_shape: Callable[[Any, Mapping[str, str]], Any] | None = None
    api_model: Any = None  # the API's model when api_shape changes it
    # In the Arabic edition too (under /ar, urls.arabic_has says the same of its paths); an
    # Arabic page's link to a page without it goes to the English page.
    arabic: bool = False
    only_arabic: bool = False  # the Arabic edition's own page (its introduction to /source)

    @property
    def stem(self) -> str:
        """The path's first segment (`facts`): how the seed's [examples] names the page."""
        return self.path.strip("/").split("/")[0]

    def example(self, session: Session, marked: Mapping[str, str]) -> str | None:
        """The key the API reference shows: the seed's [examples] choice while the data still
        has it (an id may be retired or renamed), else the first key."""
        keys = self.keys(session) if self.keys else []
        chosen = marked.get(self.stem)
        return chosen if chosen in keys else next(iter(keys), None)

    @property
    def keyed(self) -> bool:
        return "{key}" in self.path

    def url(self, key: str = "") -> str:
        """The page's public path in the edition being rendered (`/ar/…` in Arabic)."""
        path = self.path.replace("{key}", key)
        if self.only_arabic:
            return f"{urls.prefix()}{path}"
        return urls.in_edition(path)

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


# Each page's query: the key (empty for a list page) and what the request may read, in; the
# page's data (a public shape from app/data/schemas.py), or None for a 404, out.


def _overview(ask: Ask, session: Session, _: str) -> OverviewOut:
    return story.get_overview(session=session, today=_today(ask))


def _questions(ask: Ask, session: Session, _: str) -> QuestionsOut:
    return questions.list_questions(session=session)


def _question(ask: Ask, session: Session, key: str) -> QuestionOut | None:
    return questions.get_question(session=session, slug=key)


def _phases(ask: Ask, session: Session, _: str) -> list[PhaseOut]:
    return story.list_phases(session=session, today=_today(ask))


def _phase(ask: Ask, session: Session, key: str) -> PhaseOut | None:
    return story.get_phase(session=session, slug=key, today=_today(ask))


def _regions(ask: Ask, session: Session, _: str) -> list[RegionOut]:
    return story.list_regions(session=session, today=_today(ask))


def _region(ask: Ask, session: Session, key: str) -> RegionOut | None:
    return story.get_region(session=session, slug=key, today=_today(ask))


def _speakers(ask: Ask, session: Session, _: str) -> list[SpeakerOut]:
    return queries.list_speakers(session=session)


def _speaker(ask: Ask, session: Session, key: str) -> SpeakerOut | None:
    return queries.get_speaker(session=session, slug=key)


def _timeline(ask: Ask, session: Session, _: str) -> list[TimelineEntryOut]:
    return timeline.get_timeline(session=session, today=_today(ask))


def _framings(ask: Ask, session: Session, _: str) -> FramingsOut:
    return story.get_framings(session=session)


def _numbers(ask: Ask, session: Session, _: str) -> list[FigureRowOut]:
    return queries.list_figures(session=session)


def _notes(ask: Ask, session: Session, _: str) -> list[NoteOut]:
    return notes.get_notes(session=session)


def _passages(ask: Ask, session: Session, _: str) -> list[PassageOut]:
    return queries.list_passages(session=session)


def _downloads(ask: Ask, session: Session, _: str) -> DownloadsOut:
    return downloads.downloads(
        session=session, database=ask.snapshot, today=_today(ask), site_url=ask.settings.site_url
    )


def _corrections(ask: Ask, session: Session, _: str) -> list[CorrectionOut]:
    return list_corrections(session=session)


def _correction_day(ask: Ask, session: Session, key: str) -> CorrectionDayOut | None:
    return get_correction_day(session=session, key=key)


def _operations(ask: Ask, session: Session, _: str) -> list[Operation]:
    return operations(ask.openapi() if ask.openapi else {"paths": {}}, examples(session))


def _search(ask: Ask, session: Session, _: str) -> SearchOut:
    return search.search(session=session, query=ask.params.get("q", ""), page_names=page_names())


# Every key of each item page, in the order its list shows them.


def _question_keys(session: Session) -> list[str]:
    return questions.question_slugs(session=session)


def _phase_keys(session: Session) -> list[str]:
    return queries.page_keys(session=session)["phases"]


def _region_keys(session: Session) -> list[str]:
    return queries.page_keys(session=session)["regions"]


def _speaker_keys(session: Session) -> list[str]:
    return queries.page_keys(session=session)["speakers"]


def _fact_keys(session: Session) -> list[str]:
    return queries.page_keys(session=session)["facts"]


def _correction_keys(session: Session) -> list[str]:
    return correction_keys(session=session)


PAGES: list[Page] = [
    Page(
        name="overview",
        arabic=True,
        path="/",
        template="index.html",
        query=_overview,
        model=OverviewOut,
        summary="The story in brief: top lines, questions, what we know and don't.",
        card=previews.overview,
        api="/api/overview",
        header=N_("Overview"),
        prose=(
            "phases-link",
            "side-us-heading",
            "side-iraq-heading",
            "strip-label",
            "title",
            "description",
            "likely-date",
            "date-reasoning",
            "standing",
            "lead",
            "share-title",
            "side-us",
            "side-iraq",
            "sides-pairing",
            "strip-start",
            "map-credit",
            "source-line",
            # where things stand today (story._standing fills them)
            "standing-past-all",
            "standing-before",
            "standing-past-some",
            "standing-phase",
            # the footer is on every page; a correction to it links here
            "footer-source",
            "footer-gaps",
        ),
        # an error page has no address of its own, so its words link to the overview
        interface=(
            "card-footer",  # every card's last line
            "error-no-page",
            "error-no-card",
            "error-bad-parameter",
            "error-retired",
            "error-retired-see",
        ),
    ),
    Page(
        name="questions",
        arabic=True,
        path="/questions",
        template="questions.html",
        query=_questions,
        model=QuestionsOut,
        summary="Questions a newcomer asks, answered in our words, each sentence sourced.",
        prose=(
            "questions-title",
            "questions-description",
        ),
        card=previews.questions_list,
        api="/api/questions",
        header=N_("Questions"),
        tag="questions",
    ),
    Page(
        name="question",
        arabic=True,
        path="/questions/{key}",
        template="question.html",
        query=_question,
        model=QuestionOut,
        summary="One question, its answer and every fact the answer rests on.",
        card=previews.question,
        api="/api/questions/{key}",
        keys=_question_keys,
        missing="error-no-question",
        tag="questions",
    ),
    Page(
        name="phases",
        arabic=True,
        path="/phases",
        template="phases.html",
        query=_phases,
        model=list[PhaseOut],
        summary="Both phases of the transition, first to last.",
        card=previews.phases,
        api="/api/phases",
        header=N_("The plan"),
        prose=(
            "phases-heading",
            "bar-match",
            "bar-end-label",
            "glance-caption",
            "phases-lede",
            "phases-description",
            "bar-start",
            "bar-today",
            "bar-next-start",
            "bar-end",
            # a target date's status, here first (deadlines.deadline_status fills them)
            "status-deadline-passed",
            "status-deadline-ahead",
            "status-floor-passed",
            "status-floor-ahead",
        ),
        tag="phases",
    ),
    Page(
        name="phase",
        arabic=True,
        path="/phases/{key}",
        template="phase.html",
        query=_phase,
        model=PhaseOut,
        summary="One phase, with its target, the region we match to it and its facts.",
        prose=(
            "phase-share",
            "phase-share-short",
            "phase-region-label",
        ),
        card=previews.phase,
        api="/api/phases/{key}",
        keys=_phase_keys,
        missing="error-no-phase",
        tag="phases",
    ),
    Page(
        name="regions",
        arabic=True,
        path="/regions",
        template="regions.html",
        query=_regions,
        model=list[RegionOut],
        summary="The regions, federal Iraq first, then the Kurdistan region.",
        card=previews.regions,
        api="/api/regions",
        nav=N_("Regions"),
        prose=(
            "map-label-al-asad",
            "map-label-al-asad-note",
            "regions-match",
            "regions-title",
            "regions-short",
            "regions-lede",
            "regions-description",
            "map-baghdad",
            "map-al-asad",
            "map-kurdistan",
            "map-title",
            "map-heading",
            "map-desc",
            "map-key",
            "map-caption",
            "map-label-federal-iraq",
            "map-label-kurdistan-region",
        ),
        tag="regions",
    ),
    Page(
        name="region",
        arabic=True,
        path="/regions/{key}",
        template="region.html",
        query=_region,
        model=RegionOut,
        summary="One region, its date and the phase we match to it (our inference).",
        prose=(
            "region-share",
            "region-share-short",
            "region-pull-out-label",
            "region-phase-label",
            "region-mapping-heading",
        ),
        card=previews.region,
        api="/api/regions/{key}",
        keys=_region_keys,
        missing="error-no-region",
        tag="regions",
    ),
    Page(
        name="speakers",
        path="/officials",
        template="speakers.html",
        query=_speakers,
        model=list[SpeakerOut],
        summary="Everyone the article attributes words to, with their statements.",
        card=previews.officials,
        api="/api/officials",
        header=N_("Who said what"),
        prose=(
            "officials-count",
            "officials-lede",
            "officials-route-outlet",
            "officials-route-person",
            "officials-mentioned",
        ),
        tag="officials",
        filters=("expand",),
        api_shape=_speaker_entries,
        api_model=list[SpeakerEntryOut],
    ),
    Page(
        name="speaker",
        path="/officials/{key}",
        template="speaker.html",
        query=_speaker,
        model=SpeakerOut,
        summary="One speaker and every statement attributed to them.",
        card=previews.official,
        api="/api/officials/{key}",
        keys=_speaker_keys,
        missing="error-no-official",
        tag="officials",
    ),
    Page(
        name="entries",
        arabic=True,
        path="/timeline",
        template="timeline.html",
        query=_timeline,
        model=list[TimelineEntryOut],
        summary="Every date on one axis, earliest first: events, targets (with status), the "
        "caption's date, the article's likely date and today; our placements marked.",
        interface=(
            "timeline-placed-article",
            "timeline-placed-caption",
            "timeline-placed-inference",
            "timeline-placed-computation",
            "timeline-description",
        ),
        card=previews.timeline,
        api="/api/timeline",
        nav=N_("Timeline"),
        prose=(
            "timeline-lede",
            "timeline-key",
            "timeline-today",
            # what the timeline places (timeline.py fills them)
            "timeline-article-label",
            "timeline-article-when",
            "timeline-today-label",
            "timeline-today-when",
            "timeline-inferred-when",
            "timeline-placed-year-when",
            "timeline-placed-when",
            "timeline-placed-either-when",
            "timeline-placed-weekday-when",
            "timeline-placed-period-when",
        ),
        tag="explore",
    ),
    Page(
        name="framings",
        path="/framings",
        template="framings.html",
        query=_framings,
        model=FramingsOut,
        summary="How U.S. and Iraqi officials speak of the coalition, as we pair them.",
        card=previews.framings,
        api="/api/framings",
        nav=N_("Framings"),
        prose=(
            "framings-title",
            "framings-description",
            "framings-lede",
            "framings-austin",
            "framings-pairing",
        ),
        tag="explore",
    ),
    Page(
        name="rows",
        path="/numbers",
        template="numbers.html",
        query=_numbers,
        model=list[FigureRowOut],
        summary="Every figure in the article, with what it counts and its fact.",
        card=previews.numbers,
        api="/api/numbers",
        nav=N_("Numbers"),
        prose=("numbers-count", "numbers-description", "numbers-lede", "numbers-scope"),
        tag="explore",
    ),
    Page(
        name="notes",
        path="/notes",
        template="notes.html",
        query=_notes,
        model=list[NoteOut],
        summary="Notes on the source, computed from the data.",
        card=previews.notes,
        api="/api/notes",
        nav=N_("Notes"),
        # every note's heading and sentences (notes.py fills them)
        prose=(
            "notes-description",
            "note-undisclosed-heading",
            "note-undisclosed",
            "note-undisclosed-part",
            "note-undisclosed-figures",
            "note-anonymous-heading",
            "note-anonymous",
            "note-anonymous-part",
            "note-anonymous-repeats",
            "note-second-hand-heading",
            "note-second-hand",
            "note-second-hand-outlet",
            "note-second-hand-person",
            "note-commission-name-heading",
            "note-commission-name",
            "note-commission-name-spelling",
            "note-repeated-quote-heading",
            "note-repeated-quote",
            "note-repeated-quote-part",
            "note-publication-date-heading",
            "note-publication-date",
            "note-base-names-heading",
            "note-base-names",
            "note-base-names-place",
        ),
        tag="explore",
    ),
    Page(
        name="facts",
        path="/facts",
        template="facts.html",
        query=_facts,
        model=list[FactOut],
        summary="Every fact, in the order the article states it.",
        prose=("facts-count",),
        card=previews.facts,
        api="/api/facts",
        nav=N_("All facts"),
        tag="facts",
        filters=("speaker", "attribution", "channel", "passage", "phase"),
    ),
    Page(
        name="fact",
        arabic=True,
        path="/facts/{key}",
        template="fact.html",
        query=_fact,
        model=FactPageOut,
        summary="One fact: its words, speaker, wording, channel, passage and annotation.",
        prose=("fact-citation", "fact-date-inferred", "fact-date-inferred-span"),
        interface=("fact-date-reported", "fact-date-own"),
        card=previews.fact,
        api="/api/facts/{key}",
        keys=_fact_keys,
        missing="error-no-fact",
        retired=True,
        tag="facts",
    ),
    Page(
        name="passages",
        path="/source",
        template="passages.html",
        query=_passages,
        model=list[PassageOut],
        summary="Every passage of the article, with the facts citing it.",
        interface=("source-label-clutter",),
        card=previews.source,
        api="/api/passages",
        header=N_("The article"),
        prose=(
            "source-description",
            "source-fine",
            "source-label-caption",
            "source-label-bio",
            "source-gaps",
            "source-lacks",
        ),
        tag="passages",
    ),
    Page(
        name="downloads",
        path="/downloads",
        template="downloads.html",
        query=_downloads,
        model=DownloadsOut,
        summary="The dataset downloads, with their sizes and SHA-256 hashes.",
        card=previews.downloads,
        api="/api/downloads",
        nav=N_("Data"),
    ),
    Page(
        name="corrections",
        path="/corrections",
        template="corrections.html",
        query=_corrections,
        model=list[CorrectionOut],
        summary="Every correction to our published words, newest first.",
        card=previews.corrections_list,
        api="/api/corrections",
        interface=("feed-subtitle",),  # the corrections' Atom feed, this page's twin in Atom
        tag="facts",
    ),
    Page(
        name="correction_day",
        path="/corrections/{key}",
        template="correction_day.html",
        query=_correction_day,
        model=CorrectionDayOut,
        summary="The corrections made on one day, newest first; a long day in parts.",
        card=previews.correction_day,
        api="/api/corrections/{key}",
        keys=_correction_keys,
        missing="error-no-correction-day",
        key_help="A day with corrections (YYYY-MM-DD), or a later part of a long day "
        "(YYYY-MM-DD-part-2, …), as the day's `parts` list them.",
        tag="facts",
    ),
    Page(
        name="operations",
        path="/docs",
        template="reference.html",
        query=_operations,
        model=list[Operation],
        summary="The JSON API's operations, drawn from its OpenAPI document.",
        card=previews.reference,
    ),
    Page(
        name="search",
        arabic=True,
        path=urls.SEARCH,
        template="search.html",
        query=_search,
        model=SearchOut,
        summary="Search the article, its facts, our questions, the phase, region and "
        "official pages, our other prose and the notes as a reader asks: other forms of a word, "
        "our word groups, near misses and a some-words fallback, each reported (mode, terms); "
        "any input is safe.",
        card=previews.search,
        api="/api/search",
        header=N_("Search"),
        prose=("search-help", "search-help-groups"),
        # its notices and its account of what it searched for (search.py fills them)
        interface=(
            "search-empty",
            "search-no-words",
            "search-long",
            "search-some",
            "search-nothing",
            "search-nearest",
            "search-did",
            "search-did-left-out",
            "search-term-as",
            "search-term-or",
            "search-term-nearest",
            "search-term-nearest-or",
        ),
        tag="explore",
        params=("q",),
    ),
]


def _introduction(ask: Ask, session: Session, _: str) -> ArticleOut:
    return queries.get_article(session=session)


# The Arabic edition's /ar/source: the article stays English (/source); this page says so in
# Arabic, what it is and who wrote it, and links to it.
INTRODUCTION = Page(
    name="introduction",
    path="/source",
    template="source_intro.html",
    query=_introduction,
    model=ArticleOut,
    summary="The article, introduced in Arabic: it stays in English on /source.",
    card=previews.source,
    header="The article",
    arabic=True,
    only_arabic=True,
    tag="passages",
)


def edition_pages(lang: str = "en") -> list[Page]:
    """The pages an edition serves: every page in English; in Arabic, those marked `arabic`
    and its introduction to the article (in the header where the article is in English)."""
    if lang == "en":
        return PAGES
    pages = [INTRODUCTION if page.name == "passages" else page for page in PAGES]
    return [page for page in pages if page.arabic]


def _marked(session: Session) -> dict[str, str]:
    """The seed's [examples]: the key each page's API example shows, by the page's stem."""
    row = session.get(Meta, "examples")
    return json.loads(row.value) if row else {}


def examples(session: Session) -> dict[str, str]:
    """A live example URL for each API path with a parameter, all from the data: each keyed
    page's example key; a passage's, an annotation's and a search's from the seed's
    [examples] (an annotation is its fact's) where the data still has them."""
    marked = _marked(session)
    found: dict[str, str] = {}
    for page in PAGES:
        example = page.example(session, marked) if page.api and page.keyed else None
        if example is not None:
            found[page.api or ""] = page.api_url(example) or ""
    passages = queries.page_keys(session=session)["passages"]
    passage = marked.get("passages")
    passage = passage if passage in passages else next(iter(passages), None)
    if passage:
        found[urls.passage_api("{passage_id}")] = urls.passage_api(passage)
    fact = next((page.example(session, marked) for page in PAGES if page.name == "fact"), None)
    if fact:
        found[urls.annotation("{fact_id}")] = urls.annotation(fact)
    if marked.get("search"):
        found["/api/search"] = f"/api/search?q={marked['search']}"
    return found


def header_nav() -> dict[str, str]:
    """The header's destinations, in registry order. Six short labels fit one row on a 390 px
    phone; a seventh would not, so every other page goes in the footer's "More" list. In the
    Arabic edition the header holds the edition's own pages, the article's place taken by its
    Arabic introduction; a page only in English goes in the footer, where its link says so
    («(بالإنجليزية)»), which the header's one line has no room to."""
    if not urls.prefix():
        return {page.url(): page.header for page in PAGES if page.header and not page.keyed}
    swap = {page.path: page for page in edition_pages("ar") if page.only_arabic}
    return {
        swap.get(page.path, page).url(): page.header
        for page in PAGES
        if page.header and not page.keyed and (page.arabic or page.path in swap)
    }


HEADER_NAV: dict[str, str] = header_nav()  # the registry's own: tests/test_pages.py counts it


def nav() -> list[tuple[str, str]]:
    """The header's navigation: each entry with a `header` label."""
    return list(header_nav().items())


def _label(page: Page) -> str | None:
    """A page's name in the footer: its `nav` label, or its header label where the header
    leaves it out (an Arabic header lists only the edition's pages)."""
    return page.nav or (page.header if not page.keyed else None)


def more() -> list[tuple[str, str]]:
    """The footer's "More" list: every other page with a label, in registry order."""
    header = header_nav()
    return [
        (page.url(), label)
        for page in PAGES
        if (label := _label(page)) and page.url() not in header
    ]


def page_names() -> dict[str, str]:
    """Each page's name as the header and footer give it ("/phases": "The plan"), by its
    English path in either edition: search's headings for our prose (app/data/search.py
    sits below the registry, so it is handed in)."""
    return {page.path: label for page in PAGES if (label := page.header or page.nav)}


# The parts of a preview card's words: card function NAME reads `card-NAME-PART` from the seed
# (app/pages/previews.py), so a card's words belong to the page whose entry names the function.
CARD_PARTS = (
    *("kicker", "headline", "detail", "title", "route", "fuller", "part"),
    *("shown-part", "shown-all", "glance"),
)


def card_words(page: Page) -> tuple[str, ...]:
    """The seed names a page's card may read, whichever of [prose] and [interface] holds them."""
    name = page.card.__name__.replace("_", "-")
    return tuple(f"card-{name}-{part}" for part in CARD_PARTS)


def prose_pages() -> dict[str, str]:
    """Where each [prose.NAME] of the seed is shown: the page whose entry names it (or whose
    card reads it)."""
    return {name: page.url() for page in PAGES for name in (*page.prose, *card_words(page))}


def interface_pages() -> dict[str, str]:
    """Where each [interface] NAME of the seed is shown: the page whose entry names it (or whose
    card reads it); a 404's words (`missing`), which have no address of their own, on the
    overview."""
    found = {page.missing: "/" for page in PAGES}
    return found | {
        name: page.url() for page in PAGES for name in (*page.interface, *card_words(page))
    }
