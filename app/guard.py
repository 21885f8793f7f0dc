"""The outermost layer: read-only methods, HEAD everywhere, and security headers on every reply.

Pure ASGI (no BaseHTTPMiddleware) so it costs microseconds, and it wraps everything, the
prebuilt pages, static files and error pages included.
"""

from app.headers import SECURITY_HEADERS
from app.prebuilt import ASGIApp, Message, Receive, Scope, Send

ALLOWED = ("GET", "HEAD")
DROPPED = {b"server", b"x-powered-by"}


def _method_not_allowed(scope: Scope) -> tuple[bytes, bytes]:
    if scope["path"].startswith("/api/") or scope["path"].endswith(".json"):
        return b'{"detail":"This site is read-only: use GET or HEAD."}', b"application/json"
    page = (
        b'<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Method not '
        b"allowed</title></head><body><main><h1>Method not allowed</h1><p>This site is "
        b'read-only: it answers GET and HEAD. <a href="/">Go to the overview</a>.'
        b"</p></main></body></html>"
    )
    return page, b"text/html; charset=utf-8"


class Guard:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        if scope["method"] not in ALLOWED:
            body, media = _method_not_allowed(scope)
            await send(
                {
                    "type": "http.response.start",
                    "status": 405,
                    "headers": [
                        (b"allow", b"GET, HEAD"),
                        (b"content-type", media),
                        (b"content-length", str(len(body)).encode()),
                        *SECURITY_HEADERS,
                    ],
                }
            )
            await send({"type": "http.response.body", "body": body})
            return
        head = scope["method"] == "HEAD"
        inner = {**scope, "method": "GET"} if head else scope

        async def guarded_send(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = [(k, v) for k, v in message.get("headers", []) if k not in DROPPED]
                message = {**message, "headers": [*headers, *SECURITY_HEADERS]}
            elif head and message["type"] == "http.response.body":
                message = {**message, "body": b""}
            await send(message)

        await self.app(inner, receive, guarded_send)
