"""Inside the prebuilt layer, around FastAPI: read-only methods, HEAD everywhere, sane URLs, and
security headers on every reply.

Pure ASGI (no BaseHTTPMiddleware), so it costs microseconds; pages rendered once are stored
with the headers it added, so cached replies carry them too.
"""

import json

from app.serve.cache import ASGIApp, Message, Receive, Scope, Send
from app.serve.headers import JSON_TYPES, SECURITY_HEADERS

ALLOWED = ("GET", "HEAD")
DROPPED = {b"server", b"x-powered-by"}
MAX_PATH = 1024  # bytes; the longest real URL here is under 100
MAX_QUERY = 16 * 1024  # room for a 10,000-character search, which gets a clear notice
REFUSALS = {
    400: ("Bad request", "That address contains characters no page here uses."),
    405: ("Method not allowed", "This site is read-only: it answers GET and HEAD."),
    414: ("Address too long", "That address is longer than any address here."),
}


def problem(scope: Scope) -> int | None:
    """The status for a request no route should see, or None if it may go on."""
    if scope["method"] not in ALLOWED:
        return 405
    raw_path = scope.get("raw_path") or scope["path"].encode()
    if len(raw_path) > MAX_PATH or len(scope["query_string"]) > MAX_QUERY:
        return 414
    if "\x00" in scope["path"] or "\ufffd" in scope["path"]:
        return 400  # a NUL byte, or bytes that are not UTF-8
    return None


def refusal(scope: Scope, status: int) -> tuple[list[tuple[bytes, bytes]], bytes]:
    """A clear answer: a JSON error object for programs, a short page for people."""
    title, detail = REFUSALS[status]
    headers = [(b"allow", b"GET, HEAD")] if status == 405 else []
    if scope["path"].startswith("/api/") or scope["path"].endswith(".json"):
        body = json.dumps({"detail": detail}).encode()
        json_headers = [
            (b"content-type", b"application/json"),
            (b"access-control-allow-origin", b"*"),
        ]
        return [*headers, *json_headers], body
    page = (
        f'<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{title}</title>'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        '<link rel="stylesheet" href="/static/style.css"></head><body><main class="wrap">'
        f'<h1>{title}</h1><p>{detail}</p><p><a href="/">Go to the overview</a> or '
        '<a href="/search">search the article</a>.</p></main></body></html>'
    )
    return [*headers, (b"content-type", b"text/html; charset=utf-8")], page.encode()


class Guard:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        status = problem(scope)
        if status:
            headers, body = refusal(scope, status)
            headers += [(b"content-length", str(len(body)).encode()), *SECURITY_HEADERS]
            await send({"type": "http.response.start", "status": status, "headers": headers})
            await send(
                {"type": "http.response.body", "body": b"" if scope["method"] == "HEAD" else body}
            )
            return
        head = scope["method"] == "HEAD"
        inner = {**scope, "method": "GET"} if head else scope

        async def guarded_send(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = [(k, v) for k, v in message.get("headers", []) if k not in DROPPED]
                if dict(headers).get(b"content-type", b"").startswith(JSON_TYPES):
                    headers.append((b"access-control-allow-origin", b"*"))  # open data
                message = {**message, "headers": [*headers, *SECURITY_HEADERS]}
            elif head and message["type"] == "http.response.body":
                message = {**message, "body": b""}
            await send(message)

        await self.app(inner, receive, guarded_send)
