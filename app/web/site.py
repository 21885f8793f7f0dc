"""The site map: every public URL, its JSON twin and its preview card, in one place.

Pages and their twins are plain functions of the database, so each is rendered once per
process and served from memory (see prebuilt.py) or written to disk (see export.py).
"""

from dataclasses import dataclass

from sqlmodel import Session

from app.data import urls
from app.data.queries import page_keys

STATIC_FILES = [
    "/static/style.css",
    "/static/favicon.svg",
    "/static/copy.js",
    "/static/screenshot.png",
]
DOWNLOADS = [
    "/downloads/explainer.db",
    "/downloads/facts.json",
    "/downloads/facts.csv",
    "/article.txt",
]
DOCUMENTS = ["/api/annotations", "/api/article", "/robots.txt", "/sitemap.xml", "/openapi.json"]


@dataclass(frozen=True)
class SitePage:
    path: str
    api_path: str

    @property
    def twin(self) -> str:
        return twin_path(self.path)

    @property
    def card(self) -> str:
        return card_path(self.path)


twin_path = urls.twin
card_path = urls.card


def site_pages(session: Session) -> list[SitePage]:
    """Every HTML page, paired with the API document that is its JSON twin."""
    keys = page_keys(session=session)
    pages = [
        SitePage("/", "/api/overview"),
        SitePage("/phases", "/api/phases"),
        SitePage("/regions", "/api/regions"),
        SitePage("/officials", "/api/officials"),
        SitePage("/facts", "/api/facts"),
        SitePage("/source", "/api/passages"),
        SitePage("/timeline", "/api/timeline"),
        SitePage("/framings", "/api/framings"),
        SitePage("/numbers", "/api/numbers"),
        SitePage("/notes", "/api/notes"),
        SitePage("/downloads", "/api/downloads"),
        SitePage("/corrections", "/api/corrections"),
        SitePage("/docs", "/openapi.json"),
        SitePage("/search", "/api/search"),
    ]
    for section in ("phases", "regions", "officials", "facts"):
        pages += [SitePage(f"/{section}/{key}", f"/api/{section}/{key}") for key in keys[section]]
    return pages


def site_documents(session: Session) -> dict[str, str]:
    """Map every public URL that is served from memory to the internal URL that renders it."""
    documents: dict[str, str] = {}
    for page in site_pages(session):
        documents[page.path] = page.path
        documents[page.twin] = page.api_path
        documents[page.api_path] = page.api_path
        documents[page.card] = page.card
    keys = page_keys(session=session)
    extra = [urls.passage_api(key) for key in keys["passages"]]
    extra += [urls.annotation(key) for key in keys["facts"]]
    for path in [*extra, *STATIC_FILES, *DOWNLOADS, *DOCUMENTS]:
        documents[path] = path
    return documents


@dataclass(frozen=True)
class Site:
    """What the server knows at start-up: the public origin and every document it serves."""

    url: str
    pages: list[SitePage]
    documents: dict[str, str]
    links: dict[str, list[str]]

    def page(self, path: str) -> SitePage | None:
        return next((page for page in self.pages if page.path == path), None)


def build_site(session: Session, url: str) -> Site:
    """Map the site once at start-up; announce each page's JSON twin in a Link header."""
    pages = site_pages(session)
    links: dict[str, list[str]] = {}
    for page in pages:
        links[page.path] = [f'<{url}{page.twin}>; rel="alternate"; type="application/json"']
        links[page.twin] = [f'<{url}{page.path}>; rel="alternate"; type="text/html"']
    return Site(url=url, pages=pages, documents=site_documents(session), links=links)
