"""Full-text search over passages and facts (SQLite FTS5), safe for any input."""

import re
import time
from collections.abc import Callable

from markupsafe import escape
from sqlalchemy import text
from sqlalchemy.exc import OperationalError
from sqlmodel import Session

from app.data import urls
from app.data.schemas import SearchHitOut, SearchOut

MAX_QUERY = 200
MAX_WORDS = 12
MAX_SECONDS = 0.5  # a search's SQLite work is interrupted past this (real ones take ~1 ms)
SLOW = "That search took too long to answer; try fewer or longer words."
OPEN, CLOSE = "\ue000", "\ue001"  # private-use markers: cannot occur in the article
SQL = text(
    "SELECT kind, ref, highlight(search_index, 2, :open, :close), "
    "snippet(search_index, 3, :open, :close, '…', 24) FROM search_index "
    "WHERE search_index MATCH :query ORDER BY bm25(search_index, 0, 0, 2.0, 1.0) LIMIT 50"
)


def to_fts(query: str) -> str:
    """Turn free text into an FTS5 query of quoted prefix terms, so no input is FTS syntax."""
    words = re.findall(r"\w+", query)[:MAX_WORDS]
    return " ".join(f'"{word}"*' for word in words)


def _marked(value: str) -> tuple[str, str]:
    plain = value.replace(OPEN, "").replace(CLOSE, "")
    html = str(escape(value)).replace(OPEN, "<mark>").replace(CLOSE, "</mark>")
    return plain, html


def search(*, session: Session, query: str) -> SearchOut:
    """Find passages and facts matching every word (prefixes match; "withdraw" finds both)."""
    cleaned = query.replace("\x00", "").strip()
    notice = None
    if len(cleaned) > MAX_QUERY:
        cleaned = cleaned[:MAX_QUERY]
        notice = f"Your search was long, so only its first {MAX_QUERY} characters were used."
    fts = to_fts(cleaned)
    if not fts:
        return SearchOut(
            query=cleaned,
            results=[],
            notice=notice
            or (
                "Type a word or two to search."
                if not cleaned
                else "Search needs letters or numbers; try a word."
            ),
        )
    try:
        rows = _bounded(session, fts)
    except OperationalError as error:
        if "interrupted" not in str(error):
            raise
        return SearchOut(query=cleaned, results=[], notice=SLOW)
    results = []
    for kind, ref, title, snippet in rows:
        snippet_plain, snippet_html = _marked(snippet)
        title_plain, _ = _marked(title)
        url = {"passage": urls.passage, "question": urls.question}.get(kind, urls.fact)(ref)
        api = {"passage": urls.passage_api, "question": urls.question_api}.get(kind, urls.fact_api)
        api_url = api(ref)
        results.append(
            SearchHitOut(
                kind=kind,
                id=ref,
                title=title_plain,
                snippet=snippet_plain,
                snippet_html=snippet_html,
                url=url,
                api_url=api_url,
            )
        )
    if not results:
        notice = notice or "Nothing in the article matches every word; try fewer words."
    return SearchOut(query=cleaned, notice=notice, results=results)


def _deadline(seconds: float) -> Callable[[], int]:
    """A progress handler that asks SQLite to stop once `seconds` have passed."""
    until = time.monotonic() + seconds
    return lambda: int(time.monotonic() > until)


def _bounded(session: Session, fts: str) -> list[tuple[str, str, str, str]]:
    """Run the search query within MAX_SECONDS; SQLite raises OperationalError past it."""
    connection = session.connection()
    raw = connection.connection.driver_connection
    raw.set_progress_handler(_deadline(MAX_SECONDS), 100)  # type: ignore[union-attr]
    try:
        params = {"open": OPEN, "close": CLOSE, "query": fts}
        return [tuple(row) for row in connection.execute(SQL, params)]  # type: ignore[misc]
    finally:
        raw.set_progress_handler(None, 0)  # type: ignore[union-attr]
