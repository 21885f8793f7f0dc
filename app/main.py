"""create_app(settings): the FastAPI app, its static files and routers.

`app` is what uvicorn serves (`app.main:app`): it is made by `create_app()` from the environment
on first use (when uvicorn, or `from app.main import app`, asks for it), never when the module is
imported, so a stray `PORT=abc` cannot break an import (the tests' collection among them).
"""

import logging
import threading
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from fastapi import FastAPI
from sqlmodel import Session
from starlette.types import ASGIApp, Receive, Scope, Send

from app.config import STATIC_DIR, Settings
from app.data import queries, urls
from app.data.prose import interface_words, prose_map
from app.data.snapshot import FileWatch, load_snapshot
from app.loader.ensure import ensure_database
from app.pages.site import build_site
from app.serve.cache import Cache
from app.serve.guard import Guard
from app.web import api, errors, files, openapi, problems, views
from app.web.assets import FingerprintedFiles, fingerprint

# uvicorn's logger, so what the app says at start-up shows in the server's output.
logger = logging.getLogger("uvicorn.error")

DESCRIPTION = (
    "Facts from one article reporting what U.S. officials said is a two-phased transition of "
    "the American-led mission to defeat the Islamic State in Iraq. Every fact carries a "
    "verbatim quote, who said it, how the article words it and how the words reached it, and "
    "the exact character offsets of the quote in the article."
)

ARABIC_PAGES = f"{urls.ARABIC}/"  # made once: the English app tests it on every request


class Explainer(FastAPI):
    """FastAPI with the cache in front of its whole middleware stack.

    A cached page then costs a dict lookup and two sends: it never enters the error, telemetry
    and body-limit layers FastAPI puts first. What the cache renders goes through all of them.
    Its edition (`lang`) and the Arabic edition it mounts (`arabic`, set at start-up) are plain
    attributes, not `state`'s: every request reads them, and `state` costs a call per read
    (measured: about 3 % of a cached reply's time with py-spy).
    """

    lang: str = "en"
    arabic: "Explainer | None" = None
    cache: Cache  # in front of the middleware stack, made with it

    def build_middleware_stack(self) -> ASGIApp:
        settings = self.state.settings
        stack = super().build_middleware_stack()
        self.cache = Cache(stack, keep=settings.prebuilt, today=settings.today)
        return self.cache

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        # For HTTP, what Starlette does here, in one frame instead of FastAPI's two (we use
        # neither its root_path nor its telemetry), and a page already rendered answered right
        # here (`Cache.at_hand`): on the hot path each awaited layer costs a measurable share
        # of a cached reply. Lifespan and the rest go the usual way.
        if scope["type"] != "http":
            return await super().__call__(scope, receive, send)
        arabic = self.arabic
        if arabic is not None and scope["path"].startswith(ARABIC_PAGES):
            return await self._arabic(arabic, scope, receive, send)
        if self.middleware_stack is None:
            self.middleware_stack = self.build_middleware_stack()
        reply = self.cache.at_hand(scope)
        if reply is not None:
            await send(reply[0])
            await send(reply[1])
            return
        scope["app"] = self
        if self.lang == "ar":  # its paths carry /ar while it renders (app/data/urls.py)
            token = urls.EDITION.set(urls.ARABIC)
            try:
                await self.middleware_stack(scope, receive, send)
            finally:
                urls.EDITION.reset(token)
            return
        await self.middleware_stack(scope, receive, send)

    def openapi(self) -> dict[str, Any]:
        """The finished OpenAPI document (app/web/openapi.py), made once: FastAPI's own method,
        which /openapi.json and the /docs page call, answers ours."""
        return openapi.build(self)

    @staticmethod
    async def _arabic(arabic: FastAPI, scope: Scope, receive: Receive, send: Send) -> None:
        """The Arabic edition, mounted at /ar: `/ar/…` is its (its routes see the path after
        the prefix, `root_path`). `/ar` itself stays with the English app, whose guard sends it
        to `/ar/` with every redirect's headers and refusals (app/serve/guard.py). (`/article.txt`
        stays English.)"""
        await arabic({**scope, "root_path": urls.ARABIC}, receive, send)


def start(app: Explainer) -> None:
    """Make sure the database is current, copy it into memory and map the site.

    Under `python -m app` the build was made once before the workers started (SERVED_BUILD):
    every worker, a restarted one too, loads that build and never builds, so one port serves
    one build whatever happened to the seed or the file since.
    """
    settings: Settings = app.state.settings
    if app.lang == "ar":  # built by the loader beside the English one, never here
        snapshot = load_snapshot(settings.database_path)
    elif settings.served_build is None:
        ensure_database(settings)
        snapshot = load_snapshot(settings.database_path)
    else:
        snapshot = load_snapshot(settings.served_build, watched=settings.database_path)
    app.state.snapshot = snapshot
    app.state.file_watch = FileWatch(snapshot)
    app.state.engine = snapshot.engine()
    logger.info(
        "serving build sha256 %s (seed %s) from memory",
        snapshot.sha256[:16],
        snapshot.seed_hash[:16],
    )
    with Session(app.state.engine) as session:
        app.state.site = build_site(session, settings.site_url, app.state.assets.hashed)
        app.state.article = queries.get_article(session=session)
        app.state.prose = prose_map(session=session)
        app.state.interface = interface_words(session=session)
        app.state.previews = queries.previews(session=session)
        app.state.mentions = queries.mentions(session=session)
        app.state.filter_values = queries.filter_values(session=session)
    if app.lang == "en":
        app.arabic = start_arabic(app)


def start_arabic(english: Explainer) -> "Explainer | None":
    """The Arabic edition, when its database is there: the same app on the Arabic words,
    mapped with its /ar paths. Each edition knows the other's site, for the language switch and
    the `hreflang` alternates."""
    settings: Settings = english.state.settings
    path = settings.arabic_database_path
    if not settings.builds_arabic or not path.exists():  # off: a leftover file is not served
        return None
    arabic = create_app(
        settings.model_copy(update={"database_path": path, "served_build": None}), "ar"
    )
    token = urls.EDITION.set(urls.ARABIC)
    try:
        start(arabic)
    finally:
        urls.EDITION.reset(token)
    arabic.state.other = english
    english.state.other = arabic
    logger.info("serving the Arabic edition at %s/ from %s", urls.ARABIC, path.name)
    return arabic


def stop(app: Explainer) -> None:
    """Close the database copy (and the Arabic edition's, if it was mounted)."""
    arabic = app.arabic
    if arabic is not None:
        stop(arabic)
    app.state.engine.dispose()
    app.state.snapshot.close()


def create_app(settings: Settings | None = None, lang: str = "en") -> Explainer:
    """Build the app; the database is checked (and built if needed) when it starts.

    `lang="ar"` makes the Arabic edition: the reading-layer pages (the registry's `arabic`) on
    the Arabic database, which the English app mounts at /ar; no API, files or static of its own.

    FastAPI does the work once; the cache, in front of its middleware, replays the answers
    (or, with PREBUILT=0, renders every request afresh with the same bytes and headers).
    """

    @asynccontextmanager
    async def lifespan(app: Explainer) -> AsyncIterator[None]:
        start(app)
        yield
        stop(app)

    # /docs is our own server-rendered reference (reference.html): Swagger UI needs inline
    # script and a CDN, which the Content-Security-Policy and offline replicas rule out.
    app = Explainer(
        title="Iraq Transition Explainer",
        description=DESCRIPTION,
        version="1.0.0",
        lifespan=lifespan,
        docs_url=None,
        openapi_url=None,  # app/web/openapi.py serves it, from a worker thread
        redoc_url=None,
        # The guard redirects `/facts/` to `/facts` with a path; Starlette's redirect would
        # build an absolute URL from the Host header.
        redirect_slashes=False,
    )
    app.state.settings = settings or Settings()
    app.lang = lang
    app.state.other = None
    app.state.assets = fingerprint(STATIC_DIR)
    if lang == "ar":
        app.include_router(views.router(lang), responses=problems.REFUSED)
        app.include_router(files.cards)
        errors.install(app)
        app.add_middleware(Guard)
        return app
    app.mount("/static", FingerprintedFiles(directory=STATIC_DIR, assets=app.state.assets))
    app.include_router(api.router, responses=problems.REFUSED)
    app.include_router(views.router(), responses=problems.REFUSED)
    app.include_router(files.router)
    app.include_router(files.cards)
    errors.install(app)
    openapi.install(app)
    app.add_middleware(Guard)
    return app


_made: dict[str, FastAPI] = {}
_making = threading.Lock()


def __getattr__(name: str) -> Any:
    """`app`, made from the environment's settings once, the first time it is asked for.

    A module attribute rather than a wrapper around the app: uvicorn then holds the app
    itself, and a cached page pays for no extra layer.
    """
    if name != "app":
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    with _making:
        if "app" not in _made:
            _made["app"] = create_app(Settings())
        return _made["app"]
