"""Serve every known document from memory, before FastAPI's routing, with ETags and encodings.

The data never changes while the server runs, so each page, JSON document, card, static file
and download is rendered once (on first use) through the app itself and then replayed as
bytes: identity, gzip or brotli by Accept-Encoding, 304 for a matching If-None-Match.
"""

import asyncio
import gzip
import hashlib
from collections import OrderedDict
from collections.abc import Awaitable, Callable, MutableMapping
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import brotli

from app.serve.headers import COMPRESSIBLE

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

PAGE_CACHE = b"public, max-age=300"
SEARCH_PATHS = {"/search", "/search.json", "/api/search"}
SEARCHES_KEPT = 512  # about 10 KB each, with their encodings
ASSET_CACHE = b"public, max-age=86400"


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
    variants: dict[str, Variant] = field(default_factory=dict)

    def variant(self, encoding: str) -> Variant:
        if not self.compressible:
            encoding = "identity"
        if encoding not in self.variants:
            self.variants[encoding] = self._make(encoding)
        return self.variants[encoding]

    def _make(self, encoding: str) -> Variant:
        body, etag, headers = self.body, self.etag, [*self.headers]
        if encoding != "identity":
            # Best compression for pages; a quicker level for big downloads (the 1.4 MB database
            # would hold the event loop for seconds at brotli's level 11).
            small = len(body) <= 256 * 1024
            body = (
                brotli.compress(body, quality=11 if small else 5)
                if encoding == "br"
                else gzip.compress(body, compresslevel=9 if small else 6, mtime=0)
            )
            etag = f'{etag[:-1]}-{encoding}"'
            headers.append((b"content-encoding", encoding.encode()))
        headers += [(b"etag", etag.encode()), (b"content-length", str(len(body)).encode())]
        return Variant(
            etag=etag,
            start={"type": "http.response.start", "status": 200, "headers": headers},
            body={"type": "http.response.body", "body": body},
        )


@lru_cache(maxsize=256)
def choose_encoding(accept_encoding: bytes) -> str:
    """Prefer brotli, then gzip, honouring q=0; anything else gets identity."""
    offered: dict[str, float] = {}
    for part in accept_encoding.decode("latin-1").lower().split(","):
        name, _, params = part.strip().partition(";")
        quality = 1.0
        if params.strip().startswith("q="):
            try:
                quality = float(params.strip()[2:])
            except ValueError:
                quality = 0.0
        offered[name.strip()] = quality
    for encoding in ("br", "gzip"):
        if offered.get(encoding, offered.get("*", 0.0)) > 0:
            return encoding
    return "identity"


def _matches(if_none_match: str, etag: str) -> bool:
    tags = [tag.strip().removeprefix("W/") for tag in if_none_match.split(",")]
    return "*" in tags or etag in tags


async def fetch(app: ASGIApp, path: str, query: bytes = b"") -> tuple[int, list[Any], bytes]:
    """Call an ASGI app in-process for GET `path`; return status, headers and the whole body."""
    request: Scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "GET",
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "query_string": query,
        "root_path": "",
        "headers": [(b"host", b"prebuilt")],
        "client": ("127.0.0.1", 0),
        "server": ("127.0.0.1", 80),
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


class PrebuiltResponses:
    """The outermost ASGI layer: answer known GET/HEAD URLs from memory, pass the rest on.

    It sits outside FastAPI so a cached page costs a dict lookup and two sends. Documents are
    rendered through the wrapped app itself, so they carry exactly the headers (security
    headers included) and bytes that the app would send. Search results, the only answers
    that depend on free input, are kept too, for the most recent SEARCHES_KEPT queries.
    """

    def __init__(self, app: Any) -> None:
        self.app = app
        self.documents: dict[str, Document] = {}
        self.searches: OrderedDict[str, Document] = OrderedDict()
        self.rendering: dict[str, asyncio.Future[Document | None]] = {}

    @property
    def state(self) -> Any:
        """The wrapped app's state, so callers can treat this layer as the app."""
        return self.app.state

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] not in ("GET", "HEAD"):
            return await self.app(scope, receive, send)
        path, query = scope["path"], scope["query_string"]
        # The hot path: a known page, already rendered, costs one dict lookup.
        document = None if query else self.documents.get(path)
        if document is None:
            document = await self._document(path, query)
        if document is None:
            return await self.app(scope, receive, send)
        accept_encoding = if_none_match = b""
        for name, value in scope["headers"]:  # one pass over the request headers
            if name == b"accept-encoding":
                accept_encoding = value
            elif name == b"if-none-match":
                if_none_match = value
        variant = document.variant(choose_encoding(accept_encoding))
        if if_none_match and _matches(if_none_match.decode("latin-1"), variant.etag):
            headers = [
                (k, v)
                for k, v in variant.start["headers"]
                if k not in (b"content-type", b"content-length", b"content-encoding")
            ]
            await send({"type": "http.response.start", "status": 304, "headers": headers})
            await send({"type": "http.response.body", "body": b""})
            return
        await send(variant.start)
        await send(
            variant.body
            if scope["method"] == "GET"
            else {"type": "http.response.body", "body": b""}
        )

    async def _document(self, path: str, query: bytes) -> Document | None:
        if not query:
            return self.documents.get(path) or await self._first_use(path, path, b"")
        if path not in SEARCH_PATHS:
            return None
        key = f"{path}?{query.decode('latin-1')}"
        document = self.searches.get(key) or await self._first_use(key, path, query)
        if document is not None:
            self.searches.move_to_end(key)
            while len(self.searches) > SEARCHES_KEPT:
                self.searches.popitem(last=False)
        return document

    async def _first_use(self, key: str, path: str, query: bytes) -> Document | None:
        """Render a URL once; concurrent first requests wait for that one render."""
        source = self.app.state.site.documents.get(path)
        if source is None:
            return None
        if key not in self.rendering:
            self.rendering[key] = asyncio.ensure_future(self._render(key, path, source, query))
        try:
            return await asyncio.shield(self.rendering[key])
        finally:
            if key in self.rendering and self.rendering[key].done():
                self.rendering.pop(key, None)

    async def _render(self, key: str, path: str, source: str, query: bytes) -> Document | None:
        status, headers, body = await fetch(self.app, source, query)
        if status != 200:
            return None
        dropped = (
            b"content-length",
            b"etag",
            b"last-modified",
            b"cache-control",
            b"link",
            b"vary",
        )
        kept = [(k, v) for k, v in headers if k not in dropped]
        content_type = dict(headers).get(b"content-type", b"")
        cache = ASSET_CACHE if source.startswith(("/static/", "/cards/")) else PAGE_CACHE
        kept.append((b"cache-control", cache))
        if not query:  # a search's twin carries its query; the page itself links to it
            links = self.app.state.site.links.get(path, [])
            kept += [(b"link", link.encode()) for link in links]
        compressible = content_type.startswith(COMPRESSIBLE)
        if compressible:
            kept.append((b"vary", b"Accept-Encoding"))
        etag = f'"{hashlib.sha256(body).hexdigest()[:32]}"'
        document = Document(body=body, headers=kept, etag=etag, compressible=compressible)
        if query:
            self.searches[key] = document
        else:
            self.documents[key] = document
        return document
