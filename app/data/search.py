"""Full-text search over passages and facts (SQLite FTS5), safe for any input."""

import re

from markupsafe import escape
from sqlalchemy import text
from sqlmodel import Session

from app.data import urls
from app.data.schemas import SearchHitOut, SearchOut

MAX_QUERY = 200
MAX_WORDS = 12
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
    rows = session.connection().execute(SQL, {"open": OPEN, "close": CLOSE, "query": fts})
    results = []
    for kind, ref, title, snippet in rows:
        snippet_plain, snippet_html = _marked(snippet)
        title_plain, _ = _marked(title)
        url = urls.passage(ref) if kind == "passage" else urls.fact(ref)
        results.append(
            SearchHitOut(
                kind=kind,
                id=ref,
                title=title_plain,
                snippet=snippet_plain,
                snippet_html=snippet_html,
                url=url,
            )
        )
    if not results:
        notice = notice or "Nothing in the article matches every word; try fewer words."
    return SearchOut(query=cleaned, notice=notice, results=results)
