"""The cache: every known document as bytes, with its encodings and ETag, and nothing else.

The data never changes while the server runs, so each page, JSON document, card, static file
and download is rendered once (on first use) through the layers below and then replayed as
bytes: identity, gzip or brotli by Accept-Encoding, 304 for a matching If-None-Match, 412 for
an If-Match that names another representation. Pages read no query parameters, so a query
string (`?fbclid=…`, `utm_*`) never makes a page uncached; searches are keyed by `q` alone.

What is kept is kept for the day: pages say where the target dates stand against today, so
the first request of a new day starts afresh.

With `keep=False` (PREBUILT=0) nothing is kept: every request renders afresh and gets the same
bytes, encodings, ETag and 304s. Every other header comes from the guard's one policy.
"""

import asyncio
import gzip
import hashlib
import time
from collections import OrderedDict
from collections.abc import Awaitable, Callable, MutableMapping
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

import brotli

from app.data.search import SLOW, search_key, search_query
from app.data.urls import SEARCH_PATHS
from app.serve.headers import COMPRESSIBLE, MAX_QUERY
from app.serve.negotiate import choose_encoding, etag_matches

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Reply = tuple[Message, Message]  # a response's start and its one body message
EMPTY: Message = {"type": "http.response.body", "body": b""}  # a HEAD's, a 304's, a 412's
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

SEARCHES_KEPT = 512  # about 10 KB each, with their encodings
BIG = 256 * 1024  # bytes; bigger documents compress at a quick level
# brotli 11 costs ~40 ms a search on the event loop; searches are endless, so they get quick
# levels (a few ms), as big downloads do. Pages are made once and get the best.
BEST, QUICK = {"br": 11, "gzip": 9}, {"br": 4, "gzip": 5}


def _next_midnight(now: float) -> float:
    """When the local date next changes after `now`, as a Unix time (what `date.today()`
    follows)."""
    tomorrow = datetime.fromtimestamp(now).date() + timedelta(days=1)
    return datetime.combine(tomorrow, datetime.min.time()).timestamp()


def compress(body: bytes, encoding: str, *, quick: bool = False) -> bytes:
    """Encode a body as the server sends it, so the static export's siblings match it.

    Best compression for pages; a quicker level for searches and big downloads (the 1.4 MB
    database would hold the event loop for seconds at brotli's level 11). gzip's header
    carries no time or name, so the same body always gives the same bytes.
    """
    level = (QUICK if quick or len(body) > BIG else BEST)[encoding]
    if encoding == "br":
        return bytes(brotli.compress(body, quality=level))
    return gzip.compress(body, compresslevel=level, mtime=0)


def conditional(etag: str, if_match: bytes, if_none_match: bytes) -> int | None:
    """412 when If-Match names another representation, 304 when If-None-Match names this one."""
    if if_match and not etag_matches(if_match, etag, weak=False):
        return 412
    if if_none_match and etag_matches(if_none_match, etag):
        return 304
    return None


@dataclass
class Variant:
    """One encoding of a document, with its ready-made ASGI messages."""

    etag: str
    start: Message
    body: Message


@dataclass
class Document:
    """One rendered document; its encodings are made on the first request for each."""

    body: bytes
    headers: list[tuple[bytes, bytes]]
    etag: str
    compressible: bool
    quick: bool = False  # compress at a quick level (searches)
    status: int = 200  # an API refusal (400) is replayed once, never kept
    variants: dict[str, Variant] = field(default_factory=dict)

    def etag_of(self, encoding: str) -> str:
        """An encoding's ETag, known without compressing: a 304 or 412 costs no brotli. (An
        image is sent as it is, whatever the client accepts.)"""
        if encoding == "identity" or not self.compressible:
            return self.etag
        return f'{self.etag[:-1]}-{encoding}"'

    def variant(self, encoding: str) -> Variant:
        if not self.compressible:  # an image is sent as it is
            encoding = "identity"
        if encoding not in self.variants:
            self.variants[encoding] = self._make(encoding)
        return self.variants[encoding]

    def bodiless(self, encoding: str) -> list[tuple[bytes, bytes]]:
        """A 304's or 412's headers: the representation's (ETag, security headers), no body's."""
        headers = [(k, v) for k, v in self.headers if k != b"content-type"]
        return [*headers, (b"etag", self.etag_of(encoding).encode())]

    def _make(self, encoding: str) -> Variant:
        body, etag, headers = self.body, self.etag_of(encoding), [*self.headers]
        if encoding != "identity":
            body = compress(body, encoding, quick=self.quick)
            headers.append((b"content-encoding", encoding.encode()))
        if self.status == 200:
            headers.append((b"etag", etag.encode()))
        headers.append((b"content-length", str(len(body)).encode()))
        return Variant(
            etag=etag,
            start={"type": "http.response.start", "status": self.status, "headers": headers},
            body={"type": "http.response.body", "body": body},
        )


async def fetch(
    app: ASGIApp, path: str, query: bytes = b"", owner: Any = None, root_path: str = ""
) -> tuple[int, list[Any], bytes]:
    """Call an ASGI app in-process for GET `path`; return status, headers and the whole body.

    `owner` is the application the request belongs to, when `app` is a layer inside it.
    """
    request: Scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "GET",
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "query_string": query,
        "root_path": root_path,  # "/ar" for the Arabic edition's pages: its routes see the rest
        "headers": [(b"host", b"prebuilt")],
        "client": ("127.0.0.1", 0),
        "server": ("127.0.0.1", 80),
        **({"app": owner} if owner is not None else {}),
    }
    status, headers, chunks = 500, [], []
    requested, finished = False, asyncio.Event()

    async def receive() -> Message:
        # The request once; after that, "disconnect" only when the response is complete, as a
        # server would (streaming responses listen for it while they send).
        nonlocal requested
        if not requested:
            requested = True
            return {"type": "http.request", "body": b"", "more_body": False}
        await finished.wait()
        return {"type": "http.disconnect"}

    async def send(message: Message) -> None:
        nonlocal status, headers
        if message["type"] == "http.response.start":
            status, headers = message["status"], list(message.get("headers", []))
        elif message["type"] == "http.response.body":
            chunks.append(message.get("body", b""))
            if not message.get("more_body", False):
                finished.set()

    await app(request, receive, send)
    return status, headers, b"".join(chunks)


def tidy(query: bytes) -> bytes:
    """A query string without its empty parameters, which no reader of it sees."""
    return b"&".join(part for part in query.split(b"&") if part)


class Cache:
    """In front of every other layer: answer known GET/HEAD URLs from memory, pass the rest on.

    A cached page costs a dict lookup and two sends. Documents are rendered through the layers
    below (the guard, then FastAPI), so they carry exactly the headers and bytes those send.
    Search results, the only answers that depend on free input, are kept too, for the most
    recent SEARCHES_KEPT queries.
    """

    def __init__(
        self,
        app: ASGIApp,
        keep: bool = True,
        today: Callable[[], date] = date.today,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.app = app
        self.keep = keep
        # Pages say where the target dates stand against today, so what is kept is kept for
        # one day: the first request after midnight starts the cache afresh. The hot path
        # compares one float; the date is read only once midnight has passed. `clock` and
        # `today` are the wall clock and the pages' date (tests move them by hand).
        self.today = today
        self.clock = clock
        self.day = today()
        self.until = _next_midnight(clock())
        # Which day's cache this is: a render that began on an earlier one is answered to the
        # requests that waited for it, never kept in this one.
        self.generation = 0
        self.documents: dict[str, Document] = {}
        self.searches: OrderedDict[str, Document] = OrderedDict()
        self.rendering: dict[str, asyncio.Future[Document | None]] = {}

    def at_hand(self, scope: Scope) -> Reply | None:
        """The reply to a plain GET or HEAD of a page already rendered, as its two messages, or
        None when the request needs more (a query string, a first render): then `__call__`.

        Not a coroutine, so the app's own `__call__` can answer the hot path itself, one
        awaited frame fewer than through the middleware stack (app/main.py)."""
        if scope["query_string"] or scope["method"] not in ("GET", "HEAD"):
            return None
        if self.clock() >= self.until:
            self._new_day()
        document = self.documents.get(scope["path"])
        return None if document is None else self._reply(scope, document)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] not in ("GET", "HEAD"):
            return await self.app(scope, receive, send)
        path, query = scope["path"], scope["query_string"]
        if b"&" in query:  # `?&&&` and `?a=1&&` are `?` and `?a=1`: no new answer, no new key
            query = tidy(query)
        if self.clock() >= self.until:
            self._new_day()
        if len(query) > MAX_QUERY and path not in SEARCH_PATHS:
            return await self.app(scope, receive, send)  # the guard refuses it plainly (414)
        document = self.documents.get(path) if not query else None
        if document is None:
            document = await self._find(scope, path, query)
        if document is None:
            return await self.app(scope, receive, send)
        start, body = self._reply(scope, document)
        await send(start)
        await send(body)

    @staticmethod
    def _reply(scope: Scope, document: Document) -> Reply:
        """A kept document's two messages for this request: its encoding, or a 304 or 412."""
        accept_encoding = if_none_match = if_match = b""
        for name, value in scope["headers"]:  # one pass over the request headers
            if name == b"accept-encoding":
                accept_encoding = value
            elif name == b"if-none-match":
                if_none_match = value
            elif name == b"if-match":
                if_match = value
        encoding = choose_encoding(accept_encoding)
        if (if_match or if_none_match) and document.status == 200:  # before any compressing
            status = conditional(document.etag_of(encoding), if_match, if_none_match)
            if status:
                headers = document.bodiless(encoding)
                if status != 304:
                    headers.append((b"content-length", b"0"))
                return {"type": "http.response.start", "status": status, "headers": headers}, EMPTY
        variant = document.variants.get(encoding) or document.variant(encoding)
        return variant.start, variant.body if scope["method"] == "GET" else EMPTY

    def _new_day(self) -> None:
        """Past midnight: if the date pages are rendered against changed, forget what is kept."""
        self.until = _next_midnight(self.clock())
        if self.today() != self.day:
            self.day = self.today()
            self.generation += 1
            self.documents.clear()
            self.searches.clear()
            # Renders still in flight were made against yesterday: today's first request for
            # the same URL starts its own rather than waiting for one of them.
            self.rendering = {}

    async def _find(self, scope: Scope, path: str, query: bytes) -> Document | None:
        """A document not yet at hand: an API answer, a search, or a page's first render."""
        if query and (path == "/api" or path.startswith("/api/")):
            # The API reads its parameters strictly (unknown or repeated ones are refused), so
            # each query string is its own answer, kept like a search.
            key = f"{path}?{query.decode('latin-1')}"
            found = self.searches.get(key) or await self._first_use(scope, key, path, query)
            return self._keep(found, key)
        if path in SEARCH_PATHS:
            return await self._search(scope, path, query)
        # Pages read no query parameters: `?fbclid=…` gets the page itself.
        return self.documents.get(path) or await self._first_use(scope, path, path, b"")

    async def _search(self, scope: Scope, path: str, query: bytes) -> Document | None:
        key = search_key(query)
        if not key:
            return self.documents.get(path) or await self._first_use(scope, path, path, b"")
        cache_key = f"{path}?{key}"
        document = self.searches.get(cache_key) or await self._first_use(
            scope, cache_key, path, search_query(key)
        )
        return self._keep(document, cache_key)

    def _keep(self, document: Document | None, key: str) -> Document | None:
        """Mark a kept answer as recently used; drop the oldest past SEARCHES_KEPT."""
        if key in self.searches:  # kept (a search cut short is answered, not kept)
            self.searches.move_to_end(key)
            while len(self.searches) > SEARCHES_KEPT:
                self.searches.popitem(last=False)
        return document

    async def _first_use(self, scope: Scope, key: str, path: str, query: bytes) -> Document | None:
        """Render a URL once; concurrent first requests wait for that one render."""
        owner = scope.get("app")
        site = getattr(getattr(owner, "state", None), "site", None)
        if site is None or path not in site.documents:
            return None
        if key not in self.rendering:
            render = self._render(owner, key, path, query, scope.get("root_path", ""))
            self.rendering[key] = asyncio.ensure_future(render)
        try:
            return await asyncio.shield(self.rendering[key])
        finally:
            if key in self.rendering and self.rendering[key].done():
                self.rendering.pop(key, None)

    async def _render(
        self, owner: Any, key: str, path: str, query: bytes, root_path: str = ""
    ) -> Document | None:
        generation = self.generation
        status, headers, body = await fetch(self.app, path, query, owner, root_path)
        dropped = (
            b"content-length",
            b"etag",
            b"last-modified",
            b"vary",
            b"accept-ranges",  # the cache answers a Range with the whole document
        )
        kept = [(k, v) for k, v in headers if k not in dropped]
        content_type = dict(headers).get(b"content-type", b"")
        # A refusal is sent as the layers below made it: no encodings, no ETag.
        compressible = status == 200 and content_type.startswith(COMPRESSIBLE)
        if compressible:
            kept.append((b"vary", b"Accept-Encoding"))
        etag = f'"{hashlib.sha256(body).hexdigest()[:32]}"'
        document = Document(
            body=body,
            headers=kept,
            etag=etag,
            compressible=compressible,
            quick=bool(query),
            status=status,
        )
        if status != 200:
            return document  # replayed to the request that asked (not rendered twice), not kept
        if not self.keep or (query and SLOW.encode() in body):
            return document  # nothing kept; nor a search cut short by its time budget
        if generation != self.generation:
            return document  # begun before midnight: answered, never kept for the new day
        if query:
            self.searches[key] = document
        else:
            self.documents[key] = document
        return document
