"""Inside the prebuilt layer, around FastAPI: read-only methods, HEAD everywhere, sane URLs, and
security headers on every reply.

Pure ASGI (no BaseHTTPMiddleware), so it costs microseconds; pages rendered once are stored
with the headers it added, so cached replies carry them too.
"""

import asyncio
import logging
import re
import sqlite3
from collections.abc import Callable

from sqlalchemy.exc import SQLAlchemyError
from starlette.requests import Request

from app.data import urls
from app.data.urls import MAX_PATH, SEARCH_PATHS
from app.serve.cache import ASGIApp, Message, Receive, Scope, Send
from app.serve.headers import MAX_QUERY, policy
from app.web.errors import render_error

ALLOWED = ("GET", "HEAD")
# The answer to OPTIONS: the data is open to scripts from any origin, for reading only. The
# origin is `*` (the policy adds it) and no reply depends on a credential, so whatever request
# headers a script asks for (Authorization, a tracing header) are allowed: they change nothing.
PREFLIGHT = [
    (b"allow", b"GET, HEAD, OPTIONS"),
    (b"access-control-allow-methods", b"GET, HEAD"),
    (b"access-control-max-age", b"86400"),
    (b"vary", b"Access-Control-Request-Headers"),
]
DEFAULT_ALLOWED_HEADERS = b"Accept, Accept-Encoding, If-None-Match, If-Match"
REQUEST_HEADERS = b"access-control-request-headers"
MAX_ALLOWED_HEADERS = 2048  # bytes of Access-Control-Request-Headers echoed; real ones < 200
DROPPED = {b"server", b"x-powered-by", b"accept-ranges"}
# Pages ignore their query string, so a long one (past headers.MAX_QUERY) is refused; a search's
# length is bounded by the 16 KiB head (app/protocol.py) and anything past 200 characters gets a
# notice, not a 414.
MAX_LIVE = 64  # requests in flight past the cache, per worker; more get 503 at once
# Of those, how many run at once: each holds a thread that competes with the event loop for
# the GIL, so 32 unique searches at once would slow every cached page; the rest queue here.
RENDERERS = 2
REFUSALS = {
    400: "That address contains characters no page here uses.",
    405: "This site is read-only: it answers GET and HEAD.",
    414: "That address is longer than any address here.",
    500: "The server could not answer; please try again later.",
    503: "The server cannot answer right now; please try again soon.",
}
logger = logging.getLogger("uvicorn.error")
TOKEN = re.compile(rb"[!#$%&'*+.^_`|~0-9A-Za-z-]+")  # an HTTP field name (RFC 9110 token)


def problem(scope: Scope) -> int | None:
    """The status for a request no route should see, or None if it may go on."""
    if scope["method"] not in ALLOWED:
        return 405
    raw_path = scope.get("raw_path") or scope["path"].encode()
    long_query = len(scope["query_string"]) > MAX_QUERY and scope["path"] not in SEARCH_PATHS
    if len(raw_path) > MAX_PATH or long_query:
        return 414
    if "\x00" in scope["path"] or "\ufffd" in scope["path"]:
        return 400  # a NUL byte, or bytes that are not UTF-8
    return None


def allowed_headers(scope: Scope) -> bytes:
    """The preflight's Access-Control-Allow-Headers: the headers the script asked for.

    Echoed as field names only (letters, digits and the token punctuation, comma-separated),
    so nothing but a header name list goes back; without a request, the usual few.
    """
    asked = next((v for k, v in scope["headers"] if k == REQUEST_HEADERS), b"")
    names = [name.strip() for name in asked[:MAX_ALLOWED_HEADERS].split(b",")]
    kept = [name for name in names if name and TOKEN.fullmatch(name)]
    return b", ".join(kept) if kept else DEFAULT_ALLOWED_HEADERS


def slash_target(scope: Scope) -> str | None:
    """Where `/facts/` should go: the known document without the slash, never another host
    (and `/ar` to `/ar/`, while the Arabic edition is mounted).

    Starlette's own slash redirect builds an absolute URL from the Host header; this one is a
    path, and only to a URL this site serves.
    """
    path = scope["path"]
    app = scope.get("app")
    state = getattr(app, "state", None)
    query = scope["query_string"].decode("latin-1")
    if path == urls.ARABIC and getattr(app, "arabic", None) is not None:
        # The other way round: the Arabic edition's overview is /ar/, its root (app/main.py).
        return f"{path}/?{query}" if query else f"{path}/"
    if len(path) < 2 or not path.endswith("/"):
        return None
    site = getattr(state, "site", None)
    target = path.rstrip("/")
    if site is None or path in site.documents or target not in site.documents:
        return None
    return f"{target}?{query}" if query else target


def refusal(scope: Scope, status: int) -> tuple[list[tuple[bytes, bytes]], bytes]:
    """A clear answer from the site's one error renderer: JSON for programs, a page for people.

    Before start-up has mapped the site (or if rendering fails) a plain page stands in.
    """
    headers = [(b"allow", b"GET, HEAD")] if status == 405 else []
    try:
        response = render_error(Request(scope), status, REFUSALS[status])
    except Exception:  # noqa: BLE001 - a refusal must always be sendable
        body = REFUSALS[status].encode()
        return [*headers, (b"content-type", b"text/plain; charset=utf-8")], body
    kept = [(k, v) for k, v in response.raw_headers if k != b"content-length"]
    return [*headers, *kept], bytes(response.body)


async def answer(
    scope: Scope, send: Send, status: int, extra: list[tuple[bytes, bytes]] | None = None
) -> None:
    """Send one of the guard's own replies, with the headers of the one policy."""
    headers, body = refusal(scope, status) if status in REFUSALS else ([], b"")
    content_type = dict(headers).get(b"content-type", b"")
    site = getattr(getattr(scope.get("app"), "state", None), "site", None)
    added = policy(scope["path"], scope["query_string"], status, content_type, site)
    length = [] if status == 204 else [(b"content-length", str(len(body)).encode())]
    headers += [*(extra or []), *length, *added]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": b"" if scope["method"] == "HEAD" else body})


class Guard:
    """Refuse what no route should see, cap requests in flight, and never let a trace out."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app
        self.live = 0
        self.renderers = asyncio.Semaphore(RENDERERS)
        self.reported: set[str] = set()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        if scope["method"] == "OPTIONS":  # a CORS preflight, or a client asking what is allowed
            allow = (b"access-control-allow-headers", allowed_headers(scope))
            return await answer(scope, send, 204, [*PREFLIGHT, allow])
        status = problem(scope)
        if status:
            return await answer(scope, send, status)
        target = slash_target(scope)
        if target is not None:  # 308: permanent, and the method is kept
            return await answer(scope, send, 308, [(b"location", target.encode("latin-1"))])
        if self.live >= MAX_LIVE:
            return await answer(scope, send, 503, [(b"retry-after", b"1")])
        self.live += 1
        held = False

        def release() -> None:  # at the first byte out: a slow reader must not hold a slot
            nonlocal held
            if held:
                held = False
                self.renderers.release()

        try:
            await self.renderers.acquire()
            held = True
            await self._guarded(scope, receive, send, release)
        finally:
            release()
            self.live -= 1

    async def _guarded(
        self, scope: Scope, receive: Receive, send: Send, release: Callable[[], None]
    ) -> None:
        head = scope["method"] == "HEAD"
        inner = {**scope, "method": "GET"} if head else scope
        started = False

        async def guarded_send(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                release()
                headers = [(k, v) for k, v in message.get("headers", []) if k not in DROPPED]
                site = getattr(getattr(scope.get("app"), "state", None), "site", None)
                added = policy(
                    scope["path"],
                    scope["query_string"],
                    message["status"],
                    dict(headers).get(b"content-type", b""),
                    site,
                )
                message = {**message, "headers": [*headers, *added]}
            elif head and message["type"] == "http.response.body":
                message = {**message, "body": b""}
            await send(message)

        try:
            await self.app(inner, receive, guarded_send)
        except Exception as error:  # noqa: BLE001 - the last line of defence: no trace leaves
            self._report(error)
            if not started:
                await answer(scope, send, 503 if is_database_error(error) else 500)

    def _report(self, error: Exception) -> None:
        """Log each distinct failure once, as one line: a broken database must not flood."""
        line = f"{type(error).__name__}: {str(error).splitlines()[0] if str(error) else ''}"
        if line not in self.reported and len(self.reported) < 256:
            self.reported.add(line)
            logger.error("request failed (%s); later repeats are not logged", line[:300])


def is_database_error(error: Exception) -> bool:
    """SQLite or SQLAlchemy failing: the data is unavailable, not the request wrong."""
    return isinstance(error, sqlite3.Error | SQLAlchemyError)
