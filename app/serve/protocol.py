"""uvicorn's httptools protocol with the limits it lacks: heads, writes and connections.

uvicorn bounds idle keep-alive connections (`timeout_keep_alive`) but, with httptools, not the
request head: a client may send megabytes of header (parsed in quadratic time, held in memory)
or send nothing at all and keep its socket for ever. Nor does it bound a client that asks and
never reads: `transport.close()` waits for the queued bytes to drain, which they never do, so
such sockets pile up until uvicorn's `limit_concurrency` turns everyone away. This subclass:

- answers a request head over MAX_HEAD bytes with `431` and closes the connection; each head
  of a pipelined batch counts on its own (a thousand small requests in one write are answered),
  and a refused one (431, or 400 for a malformed one) is answered after those before it;
- gives a request HEAD_TIMEOUT seconds from its first byte (or the connection opening) to
  arrive whole, head and body: then `408` if no answer has begun, and the connection closes
  either way; a blank line between requests starts that clock too, so a trickle of them cannot
  hold a connection, nor can an endless body;
- refuses a request body over MAX_BODY bytes (declared, or counted as it arrives) with `413`:
  the site reads no bodies, so a smaller one is discarded;
- keeps a connection the client half-closed after its request open until its answer is sent;
- aborts (`transport.abort()`) a connection whose queued bytes drain not at all for
  WRITE_TIMEOUT seconds: a slow client keeps its connection as long as its bytes keep moving;
- beyond MAX_CONNECTIONS open connections, aborts the oldest one waiting for a request head or
  idle after its answer (bytes still queued or not), so new clients always get in;
- answers `503` to a request on a connection past MAX_PER_CLIENT from one peer address, unless
  that address is a proxy speaking for many clients (uvicorn's FORWARDED_ALLOW_IPS, by default
  127.0.0.1 and ::1; `*` means every peer is one, and lifts the cap);
- answers uvicorn's own `limit_concurrency` backstop itself.

All its replies, uvicorn's `400` for unparsable requests included, carry the security headers;
a `503` also says `Retry-After: 1`. Each kind of warning (a refusal, a malformed request, an
upgrade asked of a server without WebSockets) is one line a minute at most, with a count of
the ones it stands for; with `ACCESS_LOG=0` the per-request ones (malformed, upgrade) are not
logged at all.
"""

import asyncio
import weakref
from typing import Any

import httptools
from uvicorn._types import ASGI3Application
from uvicorn.protocols.http.httptools_impl import STATUS_LINE, HttpToolsProtocol
from uvicorn.server import ServerState

from app.serve.connections import REFUSALS, CountingTransport, SharedState, speaks_for_many
from app.serve.headers import EVERY_REPLY

MAX_HEAD = 16 * 1024  # request line and headers, in bytes
HEAD_TIMEOUT = 10.0  # seconds to send a whole request head
WRITE_TIMEOUT = 5.0  # seconds in which some queued bytes must drain to the client
MAX_CONNECTIONS = 4096  # per worker process; keep `ulimit -n` above this
MAX_PER_CLIENT = 128  # connections from one peer address that is not a proxy
MAX_BODY = 4 * 1024  # bytes of request body; the site answers GET and HEAD and reads none
REASONS = {
    400: b"Invalid HTTP request received.",
    408: b"The request did not arrive in time.",
    413: b"The request body is larger than this server accepts (4 KiB).",
    431: b"The request head is larger than this server accepts (16 KiB).",
}
HEAD_ENDS = (b"\r\n\r\n", b"\n\n")


def raw_response(status: int) -> bytes:
    """A complete plain-text reply that closes the connection, with the security headers."""
    body = REASONS[status]
    lines = [
        b"content-type: text/plain; charset=utf-8",
        b"content-length: " + str(len(body)).encode(),
        b"connection: close",
        *(name + b": " + value for name, value in EVERY_REPLY),
    ]
    return STATUS_LINE[status] + b"\r\n".join(lines) + b"\r\n\r\n" + body


# Each server's shared state, kept beside uvicorn's ServerState rather than added to it.
SHARED: weakref.WeakKeyDictionary[ServerState, SharedState] = weakref.WeakKeyDictionary()


class BoundedHttpTools(HttpToolsProtocol):
    """HttpToolsProtocol that bounds request heads in size and time, queued bytes in time, and
    connections in number, overall and per client."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.in_head = True  # the next bytes belong to a request head
        self.head_started = False  # a head has begun and is not complete yet
        self.head_bytes = 0
        self.head_tail = b""  # the last bytes of a head so far: its end may span two reads
        self.body_bytes = 0
        self.refused = False  # this request was refused: ignore the rest of it
        self.half_closed = False  # the client sent its EOF: answer, then close
        self.deferred = 0  # a refusal (400, 431) waiting for the answers owed before it
        self.head_timer: asyncio.TimerHandle | None = None
        self.write_timer: asyncio.TimerHandle | None = None
        self.drained_mark = 0  # bytes drained when the write deadline was last set
        self.peer: str | None = None  # the peer address while it is counted
        self.crowded = False  # one connection too many from this peer: its requests get 503
        # uvicorn's own limit_concurrency answer has no security headers: answer it here.
        self.capacity, self.limit_concurrency = self.limit_concurrency, None
        shared = SHARED.get(self.server_state)
        if shared is None:
            shared = SHARED[self.server_state] = SharedState(self.config.forwarded_allow_ips)
        self.shared: SharedState = shared

    # Ignore: uvicorn narrows asyncio's BaseTransport to Transport here (with its own ignore).
    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self.counting = CountingTransport(transport)
        # Ignore: uvicorn writes to self.transport, so the wrapper must stand in for it; it
        # delegates to the real transport (uvloop's is no asyncio.Transport subclass either).
        self.transport = self.counting  # type: ignore[assignment]
        if len(self.connections) > MAX_CONNECTIONS:
            self._evict_oldest_waiting()
        self._count_peer()
        self.shared.waiting[self] = None
        self._arm_head_timer()

    def connection_lost(self, exc: Exception | None) -> None:
        self.shared.waiting.pop(self, None)
        self._cancel_head_timer()
        self._cancel_write_timer()
        self._uncount_peer()
        super().connection_lost(exc)

    def data_received(self, data: bytes) -> None:
        """Feed the parser one head at a time, so that each head is measured on its own."""
        if self.deferred:
            return  # refused: nothing more is read
        while data and not self.transport.is_closing() and not self.deferred:
            if not self.in_head:  # a body (at most MAX_BODY) and whatever follows it
                self._feed(data)
                break
            end = self._head_end(data)
            piece, data = (data, b"") if end < 0 else (data[:end], data[end:])
            self.head_bytes += len(piece)
            if self.head_bytes > MAX_HEAD:
                self._refuse_in_turn(431)
                return
            self._feed(piece)
        if self.head_bytes or not self.in_head:  # part of a request: HEAD_TIMEOUT to finish
            self._arm_head_timer()

    def _head_end(self, data: bytes) -> int:
        """Where in `data` the head being read ends (just past its blank line), or -1."""
        joined = self.head_tail + data if self.head_tail else data
        ends = [at + len(end) for end in HEAD_ENDS if (at := joined.find(end)) >= 0]
        if not ends:
            self.head_tail = joined[-3:]
            return -1
        at, self.head_tail = min(ends) - len(self.head_tail), b""
        return at

    def _feed(self, data: bytes) -> None:
        """uvicorn's data_received, with its per-request warnings logged sparingly."""
        self._unset_keepalive_if_required()
        try:
            self.parser.feed_data(data)
        except httptools.HttpParserError:
            self._noise("malformed", "400: invalid HTTP request")
            self._refuse_in_turn(400)
        except httptools.HttpParserUpgrade:
            if self._should_upgrade():
                self.handle_websocket_upgrade()
            else:
                self._noise("upgrade", "an upgrade was asked for (no WebSockets here)")

    def _noise(self, kind: str, message: str) -> None:
        """A warning one client can repeat at will: silent with ACCESS_LOG=0, else sparing."""
        if self.config.access_log:
            self.shared.log_sparingly(kind, self.logger, message)

    # Ignore: asyncio.Protocol lets eof_received return True (stay open); uvicorn annotates None.
    def eof_received(self) -> bool | None:  # type: ignore[override]
        """A client may half-close once it has asked: keep the connection to answer it."""
        if self.cycle is not None and not self.cycle.response_complete or self.pipeline:
            self.half_closed = True
            return True
        return None  # nothing asked, or half a head: close

    def on_message_begin(self) -> None:
        self.head_started, self.body_bytes, self.refused = True, 0, False
        super().on_message_begin()

    def on_headers_complete(self) -> None:
        self.in_head = self.head_started = False
        self.shared.waiting.pop(self, None)
        refusal = self._refusal()
        if refusal is None and self._declared_body() > MAX_BODY:
            self._declared_too_large()
            return
        if refusal is None:
            super().on_headers_complete()
            return
        app, self.app = self.app, refusal  # uvicorn runs `self.app` for this request
        try:
            super().on_headers_complete()
        finally:
            self.app = app

    def _declared_body(self) -> int:
        for name, value in self.headers:
            if name == b"content-length":
                try:
                    return int(value)
                except ValueError:
                    return 0  # the parser refuses it
        return 0

    def _declared_too_large(self) -> None:
        """A body declared over MAX_BODY: 413, unless an earlier answer is still being sent
        (then that answer ends the connection, and this request gets none)."""
        self.refused = True
        earlier = self.cycle  # this request has no cycle: it never reaches the app
        if earlier is None or earlier.response_complete:
            self._refuse(413)
        else:
            earlier.keep_alive = False

    def _counted_too_large(self) -> None:
        """A body that grew past MAX_BODY: 413 if no answer has begun on the connection;
        otherwise its connection ends with the answer under way."""
        self.refused = True
        cycle = self.cycle
        if not cycle.response_started and not self.pipeline:
            cycle.disconnected = True  # the app's answer must not follow ours
            self._refuse(413)
        elif cycle.response_complete:
            self.transport.close()  # answered already: read no more of its body
        else:
            cycle.keep_alive = False

    def on_body(self, body: bytes) -> None:
        if self.refused:
            return
        self.body_bytes += len(body)
        if self.body_bytes > MAX_BODY:
            self._counted_too_large()
            return
        super().on_body(body)

    def on_message_complete(self) -> None:
        # Whatever follows the request is the next head: count it from here.
        self.in_head, self.head_bytes, self.head_tail = True, 0, b""
        self._cancel_head_timer()
        if self.refused:
            return
        super().on_message_complete()

    def on_response_complete(self) -> None:
        super().on_response_complete()
        self._arm_write_timer()
        if self.transport.is_closing() or not self.cycle.response_complete:
            return
        if self.deferred and not self.pipeline:
            self._refuse(self.deferred)  # the answers owed before it are sent
            return
        if self.half_closed and not self.pipeline:
            self.transport.close()  # answered all the client asked before its EOF
            return
        self.shared.waiting[self] = None  # idle keep-alive: uvicorn's own timeout applies

    def pause_writing(self) -> None:
        super().pause_writing()
        self._arm_write_timer()

    def send_400_response(self, msg: str) -> None:
        self._refuse(400)

    def handle_websocket_upgrade(self) -> None:
        # The connection passes to a WebSocket protocol, which this one no longer tracks.
        self.shared.waiting.pop(self, None)
        self._cancel_head_timer()
        self._cancel_write_timer()
        self._uncount_peer()
        super().handle_websocket_upgrade()

    def _refusal(self) -> ASGI3Application | None:
        """The 503 this request gets instead of the app, if any."""
        if self.crowded:
            self.shared.log_sparingly(
                "crowded",
                self.logger,
                "503: over %d connections from %s",
                MAX_PER_CLIENT,
                self.peer,
            )
            return REFUSALS["crowded"]
        limit = self.capacity
        if limit is not None and (len(self.connections) >= limit or len(self.tasks) >= limit):
            self.shared.log_sparingly("busy", self.logger, "503: over %d connections", limit)
            return REFUSALS["busy"]
        return None

    def _count_peer(self) -> None:
        self.peer = peer = self.client[0] if self.client else ""
        self.shared.per_client[peer] += 1
        if self.shared.per_client[peer] > MAX_PER_CLIENT:
            self.crowded = not speaks_for_many(peer, self.shared.proxies)

    def _uncount_peer(self) -> None:
        peer, self.peer = self.peer, None
        if peer is None:
            return
        counts = self.shared.per_client
        counts[peer] -= 1
        if counts[peer] <= 0:
            del counts[peer]

    def _refuse_in_turn(self, status: int) -> None:
        """Refuse once the requests before this one are answered (pipelined, in one write),
        reading nothing more meanwhile; at once if none is owed."""
        if self.cycle is None or self.cycle.response_complete:
            self._refuse(status)
            return
        self.deferred, self.refused = status, True
        self._cancel_head_timer()
        self.transport.pause_reading()

    def _refuse(self, status: int) -> None:
        self.refused = True
        if not self.transport.is_closing():
            self.transport.write(raw_response(status))
            self.transport.close()
            self._arm_write_timer()  # close() waits for the reply to drain: not for ever
        self._cancel_head_timer()

    def _arm_head_timer(self) -> None:
        if self.head_timer is None:
            self.head_timer = self.loop.call_later(HEAD_TIMEOUT, self._head_timed_out)

    def _cancel_head_timer(self) -> None:
        if self.head_timer is not None:
            self.head_timer.cancel()
            self.head_timer = None

    def _head_timed_out(self) -> None:
        """The request did not arrive whole in time: 408 if nothing is being answered."""
        self.head_timer = None
        cycle = self.cycle
        answering = not self.in_head and cycle is not None and cycle.response_started
        if self.head_bytes and self.in_head or (not self.in_head and not answering):
            if cycle is not None and not cycle.response_complete:
                cycle.disconnected = True  # its answer must not follow ours
            self._refuse(408)
        elif not self.transport.is_closing():
            self.transport.close()

    def _arm_write_timer(self) -> None:
        """Set the write deadline if bytes wait to drain and none is set."""
        if self.write_timer is None and self.counting.queued():
            self.drained_mark = self.counting.drained()
            self.write_timer = self.loop.call_later(WRITE_TIMEOUT, self._write_timed_out)

    def _cancel_write_timer(self) -> None:
        if self.write_timer is not None:
            self.write_timer.cancel()
            self.write_timer = None

    def _write_timed_out(self) -> None:
        """Abort if nothing drained since the deadline was set; otherwise set the next one."""
        self.write_timer = None
        if self.counting.queued() and self.counting.drained() == self.drained_mark:
            self.counting.abort()
            return
        self._arm_write_timer()

    def _evict_oldest_waiting(self) -> None:
        """Free a slot: abort the connection that has waited longest for a head, or idled
        longest after its answer; close() would wait for any bytes still queued to it."""
        for oldest in self.shared.waiting:
            self.shared.waiting.pop(oldest)
            oldest.transport.abort()
            return
