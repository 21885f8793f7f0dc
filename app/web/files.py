"""Files rather than pages: preview cards, dataset downloads, the article text, robots, sitemap."""

from fastapi import APIRouter, Request
from fastapi.responses import FileResponse, PlainTextResponse, Response

from app.data import downloads as exports
from app.data import queries
from app.data.db import SessionDep
from app.data.models import Card
from app.data.schemas import HealthOut
from app.web.errors import or_404

router = APIRouter(include_in_schema=False)


@router.get("/cards/{path:path}")
def card(session: SessionDep, path: str) -> Response:
    """Serve a page's preview image, drawn when the database was built."""
    found = or_404(session.get(Card, f"/cards/{path}"), "There is no such preview image.")
    return Response(found.png, media_type="image/png")


@router.get("/article.txt")
def article_text(session: SessionDep) -> PlainTextResponse:
    """Serve the article text that every offset and annotation counts into."""
    return PlainTextResponse(queries.article_text(session=session))


@router.get("/downloads/explainer.db")
def database(request: Request) -> FileResponse:
    """Serve the SQLite file itself."""
    return FileResponse(
        request.app.state.settings.database_path,
        media_type="application/vnd.sqlite3",
        filename="explainer.db",
    )


@router.get("/downloads/facts.json")
def facts_json(request: Request, session: SessionDep) -> Response:
    """Serve the whole dataset as one JSON file."""
    data = exports.facts_json(session=session, today=request.app.state.settings.today())
    return Response(data, media_type="application/json")


@router.get("/downloads/facts.csv")
def facts_csv(session: SessionDep) -> Response:
    """Serve one row per fact as CSV."""
    return Response(
        exports.facts_csv(session=session),
        media_type="text/csv; charset=utf-8",
        headers={"content-disposition": 'attachment; filename="facts.csv"'},
    )


@router.get("/robots.txt")
def robots(request: Request) -> PlainTextResponse:
    """Let every crawler in, and point it at the sitemap."""
    site_url = request.app.state.settings.site_url
    return PlainTextResponse(f"User-agent: *\nAllow: /\nSitemap: {site_url}/sitemap.xml\n")


@router.get("/sitemap.xml")
def sitemap(request: Request) -> Response:
    """List every page for search engines."""
    site = request.app.state.site
    urls = "".join(f"<url><loc>{site.url}{page.path}</loc></url>" for page in site.pages)
    body = (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{urls}</urlset>\n'
    )
    return Response(body, media_type="application/xml")


@router.get("/healthz", include_in_schema=True, tags=["health"])
def healthz(request: Request, session: SessionDep) -> HealthOut:
    """Report what this replica serves: the seed hash, counts and when the database was built."""
    return queries.get_health(session=session)
