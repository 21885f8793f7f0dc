"""The site map, from the registry: every public URL, its JSON twin, its card, its Link header.

Pages and their twins are plain functions of the database, so each is rendered once per
process and served from memory (see app/serve/cache.py) or written to disk (app/export.py).
"""

from collections.abc import Iterable
from dataclasses import dataclass, field

from sqlmodel import Session

from app.data import urls
from app.data.columns import METADATA_MEDIA_TYPE as CSVM
from app.data.corrections import list_corrections, modified_dates
from app.data.queries import page_keys
from app.pages import registry

STATIC_FILES = [
    "/static/style.css",
    "/static/print.css",
    "/static/map.css",
    "/static/source.css",
    "/static/timeline.css",
    "/static/phases.css",
    "/static/numbers.css",
    "/static/search.css",
    "/static/framings.css",
    "/static/officials.css",
    "/static/favicon.svg",
    "/static/copy.js",
    "/static/screenshot-1280-light.png",
    "/static/screenshot-1280-dark.png",
    "/static/screenshot-390-light.png",
    "/static/screenshot-390-dark.png",
]
DOWNLOADS = [
    "/downloads/explainer.db",
    "/downloads/facts.json",
    "/downloads/facts.csv",
    "/downloads/facts.csv-metadata.json",
    "/article.txt",
]
DOCUMENTS = [
    "/api",
    "/api/",  # the same root document: a client may add the slash
    "/api/annotations",
    "/api/article",
    "/robots.txt",
    "/sitemap.xml",
    "/openapi.json",
    urls.CORRECTIONS_FEED,
]

twin_path = urls.twin
card_path = urls.card


@dataclass(frozen=True)
class SitePage:
    """One page the site serves, with the API document that answers the same data."""

    path: str
    api_path: str | None

    @property
    def twin(self) -> str:
        return urls.twin(self.path)

    @property
    def card(self) -> str:
        return urls.card(self.path)


def site_pages(session: Session) -> list[SitePage]:
    """Every HTML page: each list page, and each item page for every key in the database."""
    pages = []
    arabic = urls.lang() == "ar"  # the Arabic edition has no API of its own
    for page in registry.edition_pages(urls.lang()):
        keys = page.keys(session) if page.keys else [""]
        pages += [SitePage(page.url(key), None if arabic else page.api_url(key)) for key in keys]
    return pages


def site_documents(session: Session) -> set[str]:
    """Every public URL that is served from memory: pages, twins, API documents, files."""
    documents: set[str] = set()
    if urls.lang() == "ar":  # pages, twins and cards; files and the API are the English site's
        return {doc for page in site_pages(session) for doc in (page.path, page.twin, page.card)}
    for page in site_pages(session):
        documents |= {page.path, page.twin, page.card}
        if page.api_path:
            documents.add(page.api_path)
    keys = page_keys(session=session)
    documents |= {urls.passage_api(key) for key in keys["passages"]}
    documents |= {urls.annotation(key) for key in keys["facts"]}
    return documents | {*STATIC_FILES, *DOWNLOADS, *DOCUMENTS}


@dataclass(frozen=True)
class Site:
    """What the server knows at start-up: the public origin and every document it serves."""

    url: str
    pages: list[SitePage]
    documents: set[str]
    links: dict[str, list[str]]
    immutable: frozenset[str] = frozenset()  # fingerprinted files: their bytes never change
    modified: dict[str, str] = field(default_factory=dict)  # pages whose data has a date

    def page(self, path: str) -> SitePage | None:
        return next((page for page in self.pages if page.path == path), None)


def build_site(session: Session, url: str, hashed: Iterable[str] = ()) -> Site:
    """Map the site once at start-up; announce each page's JSON twin in a Link header.

    `hashed` are the fingerprinted static URLs (app/web/assets.py): served and exported too.
    """
    pages = site_pages(session)
    links: dict[str, list[str]] = {}
    for page in pages:
        links[page.path] = [f'<{url}{page.twin}>; rel="alternate"; type="application/json"']
        links[page.twin] = [f'<{url}{page.path}>; rel="alternate"; type="text/html"']
    # CSVW's way to find a CSV file's metadata from the CSV itself.
    links["/downloads/facts.csv"] = [
        f'<{url}/downloads/facts.csv-metadata.json>; rel="describedby"; type="{CSVM}"'
    ]
    immutable = frozenset(hashed)
    documents = site_documents(session) | immutable
    modified = modified_dates(list_corrections(session=session))
    return Site(
        url=url,
        pages=pages,
        documents=documents,
        links=links,
        immutable=immutable,
        modified=modified,
    )
