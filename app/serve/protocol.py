"""uvicorn's httptools protocol with the limits it lacks: head size, head deadline, connections.

uvicorn bounds idle keep-alive connections (`timeout_keep_alive`) but, with httptools, not the
request head: a client may send megabytes of header (parsed in quadratic time, held in memory)
or send nothing at all and keep its socket for ever. This subclass adds three limits:

- a request head over MAX_HEAD bytes gets `431` and the connection is closed;
- a head not complete HEAD_TIMEOUT seconds after it began (or after the connection opened)
  gets `408` if anything was sent, and the connection is closed either way;
- beyond MAX_CONNECTIONS open connections, each new one closes the oldest connection that is
  waiting for a request head, so idle sockets cannot lock new clients out.

Its replies, and uvicorn's own `400` for unparsable requests, carry the security headers.
"""

import asyncio
from typing import Any

from uvicorn.protocols.http.httptools_impl import STATUS_LINE, HttpToolsProtocol

from app.serve.headers import SECURITY_HEADERS

MAX_HEAD = 16 * 1024  # request line and headers, in bytes
HEAD_TIMEOUT = 10.0  # seconds to send a whole request head
MAX_CONNECTIONS = 4096  # per worker process; keep `ulimit -n` above this
REASONS = {
    400: b"Invalid HTTP request received.",
    408: b"The request head did not arrive in time.",
    431: b"The request head is larger than this server accepts (16 KiB).",
}


def raw_response(status: int) -> bytes:
    """A complete plain-text reply that closes the connection, with the security headers."""
    body = REASONS[status]
    lines = [
        b"content-type: text/plain; charset=utf-8",
        b"content-length: " + str(len(body)).encode(),
        b"connection: close",
        *(name + b": " + value for name, value in SECURITY_HEADERS),
    ]
    return STATUS_LINE[status] + b"\r\n".join(lines) + b"\r\n\r\n" + body


class BoundedHttpTools(HttpToolsProtocol):
    """HttpToolsProtocol that bounds request heads in size and time, and connections in number."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.in_head = True  # the next bytes belong to a request head
        self.head_started = False  # a head has begun and is not complete yet
        self.head_bytes = 0
        self.head_timer: asyncio.TimerHandle | None = None
        # Connections waiting for a head, oldest first: the ones to close when over the cap.
        waiting = getattr(self.server_state, "waiting_for_head", None)
        if waiting is None:
            waiting = self.server_state.waiting_for_head = {}  # type: ignore[attr-defined]
        self.waiting: dict[BoundedHttpTools, None] = waiting

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        if len(self.connections) > MAX_CONNECTIONS:
            self._close_oldest_waiting()
        self.waiting[self] = None
        self._arm_head_timer()

    def connection_lost(self, exc: Exception | None) -> None:
        self.waiting.pop(self, None)
        self._cancel_head_timer()
        super().connection_lost(exc)

    def data_received(self, data: bytes) -> None:
        if self.in_head:
            self.head_bytes += len(data)
            if self.head_bytes > MAX_HEAD:
                self._refuse(431)
                return
        super().data_received(data)
        if self.head_started:  # half a head: it has HEAD_TIMEOUT to finish (no timer otherwise)
            self._arm_head_timer()

    def on_message_begin(self) -> None:
        self.head_started = True
        super().on_message_begin()

    def on_headers_complete(self) -> None:
        self.in_head = self.head_started = False
        self.waiting.pop(self, None)
        self._cancel_head_timer()
        super().on_headers_complete()

    def on_message_complete(self) -> None:
        # Whatever follows the request is the next head: count it from here.
        self.in_head, self.head_bytes = True, 0
        super().on_message_complete()

    def on_response_complete(self) -> None:
        super().on_response_complete()
        if not self.transport.is_closing() and self.cycle.response_complete:
            self.waiting[self] = None  # idle keep-alive: uvicorn's own timeout applies

    def send_400_response(self, msg: str) -> None:
        self._refuse(400)

    def _refuse(self, status: int) -> None:
        if not self.transport.is_closing():
            self.transport.write(raw_response(status))
            self.transport.close()
        self._cancel_head_timer()

    def _arm_head_timer(self) -> None:
        if self.head_timer is None:
            self.head_timer = self.loop.call_later(HEAD_TIMEOUT, self._head_timed_out)

    def _cancel_head_timer(self) -> None:
        if self.head_timer is not None:
            self.head_timer.cancel()
            self.head_timer = None

    def _head_timed_out(self) -> None:
        self.head_timer = None
        if self.head_bytes:
            self._refuse(408)
        elif not self.transport.is_closing():
            self.transport.close()

    def _close_oldest_waiting(self) -> None:
        for oldest in self.waiting:
            self.waiting.pop(oldest)
            oldest.transport.close()
            return
