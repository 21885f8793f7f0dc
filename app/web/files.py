"""Files rather than pages: preview cards, dataset downloads, the article text, robots, sitemap."""

import logging
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, PlainTextResponse, Response

from app.data import columns, downloads, queries, urls
from app.data.corrections import list_corrections
from app.data.models import Card
from app.data.prose import interface_word
from app.data.prose_keys import InterfaceKey
from app.data.schemas import HealthOut
from app.data.urls import SEARCH_PATHS
from app.web import feed
from app.web.errors import or_404
from app.web.sessions import SessionDep

router = APIRouter(include_in_schema=False)
# The preview cards alone: the Arabic edition serves its own (from its database), and nothing
# else of this module.
cards = APIRouter(include_in_schema=False)
logger = logging.getLogger("uvicorn.error")


@cards.get("/cards/{path:path}")
def card(session: SessionDep, path: str) -> Response:
    """Serve a page's preview image, drawn when the database was built."""
    missing = interface_word(session=session, key=InterfaceKey("error-no-card"))
    found = or_404(session.get(Card, f"/cards/{path}"), missing)
    return Response(found.png, media_type="image/png")


@router.get("/article.txt")
def article_text(session: SessionDep) -> PlainTextResponse:
    """Serve the article text that every offset and annotation counts into."""
    return PlainTextResponse(queries.article_text(session=session))


@router.get("/downloads/explainer.db")
def database(request: Request) -> Response:
    """Serve the SQLite file this replica serves from: its snapshot, whatever the disk holds."""
    return Response(
        request.app.state.snapshot.data,
        media_type="application/vnd.sqlite3",
        headers={"content-disposition": 'attachment; filename="explainer.db"'},
    )


@router.get("/downloads/facts.json")
def facts_json(request: Request, session: SessionDep) -> Response:
    """Serve the whole dataset as one JSON file."""
    data = downloads.facts_json(session=session, today=request.app.state.settings.today())
    return Response(data, media_type="application/json")


@router.get("/downloads/facts.csv")
def facts_csv(session: SessionDep) -> Response:
    """Serve one row per fact as CSV."""
    return Response(
        downloads.facts_csv(session=session),
        media_type="text/csv; charset=utf-8",
        headers={"content-disposition": 'attachment; filename="facts.csv"'},
    )


@router.get("/downloads/facts.csv-metadata.json")
def facts_csv_metadata(request: Request) -> Response:
    """Serve the CSVW metadata for facts.csv, where CSVW tools look for it."""
    site_url = request.app.state.settings.site_url
    return Response(
        downloads.csv_metadata(site_url=site_url), media_type=columns.METADATA_MEDIA_TYPE
    )


@router.get(urls.CORRECTIONS_FEED)
def corrections_atom(request: Request, session: SessionDep) -> Response:
    """Serve every correction as an Atom feed, newest first."""
    site_url = request.app.state.settings.site_url
    built_at = queries.get_health(session=session).built_at
    subtitle = interface_word(session=session, key=InterfaceKey("feed-subtitle"))
    body = feed.corrections_feed(list_corrections(session=session), site_url, built_at, subtitle)
    return Response(body, media_type=feed.MEDIA_TYPE)


@router.get("/robots.txt")
def robots(request: Request) -> PlainTextResponse:
    """Let every crawler in, and point it at the sitemap."""
    site_url = request.app.state.settings.site_url
    return PlainTextResponse(f"User-agent: *\nAllow: /\nSitemap: {site_url}/sitemap.xml\n")


def lastmod(day: str | None) -> str:
    return f"<lastmod>{day}</lastmod>" if day else ""


@router.get("/sitemap.xml")
def sitemap(request: Request) -> Response:
    """List every page for search engines, with `lastmod` where its data has a date; a
    search form without a query is no page to index."""
    site = request.app.state.site
    arabic = request.app.arabic
    if arabic is not None:
        return Response(both_editions(site, arabic.state.site), media_type="application/xml")
    urls = "".join(
        f"<url><loc>{site.url}{page.path}</loc>{lastmod(site.modified.get(page.path))}</url>"
        for page in site.pages
        if page.path not in SEARCH_PATHS
    )
    body = (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{urls}</urlset>\n'
    )
    return Response(body, media_type="application/xml")


XHTML = "http://www.w3.org/1999/xhtml"


def both_editions(english: Any, arabic: Any) -> str:
    """The sitemap of both editions: every page of each, and for a page with a twin in the other
    edition its `xhtml:link` alternates (en, ar, x-default → English), as search engines ask."""
    entries = []
    for site, lang in ((english, "en"), (arabic, "ar")):
        for page in site.pages:
            if page.path in SEARCH_PATHS:
                continue
            en = urls.english(page.path) if lang == "ar" else page.path
            ar = page.path if lang == "ar" else f"{urls.ARABIC}{page.path}"
            pair = english.page(en) is not None and arabic.page(ar) is not None
            links = "".join(
                f'<xhtml:link rel="alternate" hreflang="{code}" href="{english.url}{where}"/>'
                for code, where in (("en", en), ("ar", ar), ("x-default", en))
                if pair
            )
            day = lastmod(site.modified.get(page.path))
            entries.append(f"<url><loc>{english.url}{page.path}</loc>{day}{links}</url>")
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
        f'xmlns:xhtml="{XHTML}">{"".join(entries)}</urlset>\n'
    )


@router.get(
    "/healthz",
    include_in_schema=True,
    tags=["health"],
    response_model=HealthOut,
    responses={503: {"description": "The database file on disk is missing, empty or corrupt."}},
)
def healthz(request: Request, session: SessionDep) -> Response:
    """Report the build this replica serves (seed hash, counts, build time), and whether the
    file on disk still holds it: 503 when it is gone, empty or corrupt, "stale" once rebuilt."""
    snapshot = request.app.state.snapshot
    health = queries.get_health(session=session).model_copy(
        update={"build_sha256": snapshot.sha256}
    )
    problem = request.app.state.file_watch.problem()
    if problem is None:
        return JSONResponse(health.model_dump())
    if request.app.state.file_watch.first_report(problem):  # one line per change, not per probe
        logger.error("healthz: %s; still serving the build loaded at start-up", problem)
    stale = problem.endswith("restart to serve the new build")
    body = {**health.model_dump(), "status": "stale" if stale else "unhealthy", "detail": problem}
    return JSONResponse(body, status_code=200 if stale else 503)
