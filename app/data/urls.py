"""Every public path, built in one place (Datasette's `ds.urls`): change a URL scheme here.

The Arabic edition is the same app on the Arabic database, served under `/ar`: while it
renders (or maps its site at start-up) `EDITION` holds its prefix, and a path to a page the
edition has (`in_edition`) gets the prefix; a path to a page it lacks stays the English page's.
"""

from contextvars import ContextVar

# The edition being rendered: "" for the English site, "/ar" while the Arabic app works. Set by
# the Arabic app around each request and its start-up (app/main.py), read only here.
EDITION: ContextVar[str] = ContextVar("edition", default="")
ARABIC = "/ar"
# The first segment of every page the Arabic edition has (and the overview): the registry
# marks the same pages (`Page.arabic`); tests/test_arabic.py checks the two agree.
ARABIC_STEMS = frozenset({"questions", "phases", "regions", "timeline", "search", "facts"})
ARABIC_LISTLESS = frozenset({"facts"})  # the Arabic edition has the fact pages, not the list
# The article, passage by passage (registry entry `passages`, template passages.html).
PASSAGES = "/source"
ARTICLE_TEXT = "/article.txt"
ANNOTATIONS = "/api/annotations"
# The paths whose answer depends on a query string: search's page, twin and API route (and the
# Arabic edition's page and twin).
SEARCH_PATHS = {"/search", "/search.json", "/api/search", "/ar/search", "/ar/search.json"}
# The longest path, in bytes (the longest real URL here is under 100): a longer one is a 414,
# and a problem's `instance` leaves it out rather than echo it back.
MAX_PATH = 1024


def prefix() -> str:
    """The edition's path prefix: "" in English, "/ar" in Arabic."""
    return EDITION.get()


def lang() -> str:
    """The edition's language tag, for `lang`, `Content-Language` and the JSON twins."""
    return "ar" if EDITION.get() else "en"


def arabic_has(path: str) -> bool:
    """Whether the Arabic edition has a page (or its twin) at this English path."""
    bare = path.split("?")[0].split("#")[0]
    bare = "/" if bare == "/index.json" else bare.removesuffix(".json")
    if bare == "/":
        return True
    parts = bare.strip("/").split("/")
    if len(parts) > 2 or parts[0] not in ARABIC_STEMS:
        return False
    return len(parts) == 2 or parts[0] not in ARABIC_LISTLESS


def in_edition(path: str) -> str:
    """`path` in the edition being rendered: prefixed when the edition has that page, else the
    English page's path (the Arabic edition links to the English pages it lacks)."""
    edition = EDITION.get()
    return f"{edition}{path}" if edition and arabic_has(path) else path


def arabic(path: str) -> str:
    """The Arabic edition's page for an English path it has (`/phases/1` → `/ar/phases/1`, `/`
    → `/ar/`), whichever edition is rendering: the corrections log, an English page, links the
    Arabic words it lists where the Arabic edition publishes them."""
    return f"{ARABIC}{path}"


def fact(fact_id: str) -> str:
    return in_edition(f"/facts/{fact_id}")


def fact_api(fact_id: str) -> str:
    return f"/api/facts/{fact_id}"


def annotation(fact_id: str) -> str:
    return f"{ANNOTATIONS}/{fact_id}"


def passage(passage_id: str) -> str:
    """A passage of the article: an anchor on the article page."""
    return f"{PASSAGES}#{passage_id}"


def passage_api(passage_id: str) -> str:
    return f"/api/passages/{passage_id}"


def speaker(slug: str) -> str:
    return in_edition(f"/officials/{slug}")


def speaker_api(slug: str) -> str:
    return f"/api/officials/{slug}"


def phase(slug: str) -> str:
    return in_edition(f"/phases/{slug}")


def phase_api(slug: str) -> str:
    return f"/api/phases/{slug}"


def region(slug: str) -> str:
    return in_edition(f"/regions/{slug}")


def region_api(slug: str) -> str:
    return f"/api/regions/{slug}"


def question(slug: str) -> str:
    return in_edition(f"/questions/{slug}")


def question_api(slug: str) -> str:
    return f"/api/questions/{slug}"


SEARCH = "/search"
CORRECTIONS = "/corrections"
CORRECTIONS_FEED = "/corrections.atom"  # the corrections as an Atom feed, newest first


def corrections(key: str) -> str:
    """One day's corrections (`2026-11-29`), or a later part of a long day (`…-part-2`)."""
    return f"/corrections/{key}"


def corrections_api(key: str) -> str:
    return f"/api/corrections/{key}"


def twin(path: str) -> str:
    """A page's JSON twin: its path plus `.json` (as Datasette does); / has /index.json."""
    return f"{path}index.json" if path.endswith("/") else f"{path}.json"


def english(path: str) -> str:
    """The English page an Arabic path is the twin of (`/ar/phases` → `/phases`)."""
    bare = path.removeprefix(ARABIC)
    return bare if bare.startswith("/") else f"/{bare}"


def card(path: str) -> str:
    """A page's preview card; an Arabic page's is its Arabic card, drawn from the Arabic
    database under the same name and served under /ar (`/ar/cards/index.png`)."""
    edition = ARABIC if path == ARABIC or path.startswith(f"{ARABIC}/") else ""
    path = english(path) if edition else path
    return f"{edition}/cards/index.png" if path == "/" else f"{edition}/cards{path}.png"
