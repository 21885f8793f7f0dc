"""Every public path, built in one place (Datasette's `ds.urls`): change a URL scheme here."""

# The article, passage by passage (registry entry `passages`, template passages.html).
PASSAGES = "/source"
ARTICLE_TEXT = "/article.txt"
ANNOTATIONS = "/api/annotations"
# The paths whose answer depends on a query string: search's page, twin and API route.
SEARCH_PATHS = {"/search", "/search.json", "/api/search"}
# The longest path, in bytes (the longest real URL here is under 100): a longer one is a 414,
# and a problem's `instance` leaves it out rather than echo it back.
MAX_PATH = 1024


def fact(fact_id: str) -> str:
    return f"/facts/{fact_id}"


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
    return f"/officials/{slug}"


def speaker_api(slug: str) -> str:
    return f"/api/officials/{slug}"


def phase(slug: str) -> str:
    return f"/phases/{slug}"


def phase_api(slug: str) -> str:
    return f"/api/phases/{slug}"


def region(slug: str) -> str:
    return f"/regions/{slug}"


def region_api(slug: str) -> str:
    return f"/api/regions/{slug}"


def question(slug: str) -> str:
    return f"/questions/{slug}"


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
    return "/index.json" if path == "/" else f"{path}.json"


def card(path: str) -> str:
    """A page's preview card."""
    return "/cards/index.png" if path == "/" else f"/cards{path}.png"
