"""What the bounded protocol (protocol.py) keeps about connections: the bytes written to each,
the state one server's connections share, which peers are proxies, and its two 503 answers."""

import asyncio
import time
from collections import Counter
from ipaddress import IPv4Network, IPv6Network, ip_address, ip_network
from typing import Any

from uvicorn._types import ASGI3Application, ASGIReceiveCallable, ASGISendCallable, Scope

from app.serve.headers import EVERY_REPLY

LOG_EVERY = 60.0  # seconds between two log lines about the same kind of refusal
BUSY = b"The server is at its connection limit; please try again in a moment."
CROWDED = b"Too many connections from your address; please try again in a moment."
Network = IPv4Network | IPv6Network


def unavailable(body: bytes) -> ASGI3Application:
    """An ASGI app that answers every request `503`, with the security headers, and closes."""
    headers = [
        (b"content-type", b"text/plain; charset=utf-8"),
        (b"content-length", str(len(body)).encode()),
        (b"connection", b"close"),
        (b"retry-after", b"1"),
        *EVERY_REPLY,
    ]

    async def refuse(scope: Scope, receive: ASGIReceiveCallable, send: ASGISendCallable) -> None:
        await send({"type": "http.response.start", "status": 503, "headers": headers})
        await send({"type": "http.response.body", "body": body, "more_body": False})

    return refuse


REFUSALS = {"busy": unavailable(BUSY), "crowded": unavailable(CROWDED)}


def proxy_networks(setting: list[str] | str) -> list[Network] | None:
    """uvicorn's FORWARDED_ALLOW_IPS as networks; None when it is `*` (every peer is a proxy)."""
    items = setting.split(",") if isinstance(setting, str) else setting
    names = [item.strip() for item in items if item.strip()]
    if "*" in names:
        return None
    networks = []
    for name in names:
        try:
            networks.append(ip_network(name, strict=False))
        except ValueError:
            continue  # a host name or socket path: never a peer address to match
    return networks


def speaks_for_many(peer: str, proxies: list[Network] | None) -> bool:
    """Whether a peer stands for many clients (a proxy) or is unknown: no cap applies then."""
    if proxies is None:
        return True
    try:
        address = ip_address(peer)
    except ValueError:
        return True  # a Unix socket has no address to count by
    return any(address in network for network in proxies)


class CountingTransport:
    """The connection's transport, counting the bytes written to it: what has drained is what
    was written less what is still queued, so the write deadline can tell a slow client (its
    bytes still move) from one that stopped reading (none do)."""

    def __init__(self, transport: asyncio.Transport) -> None:
        self.inner, self.written = transport, 0
        # The calls made on every request go straight to the transport: only write() is ours.
        self.is_closing, self.close = transport.is_closing, transport.close
        self.get_write_buffer_size = transport.get_write_buffer_size

    def write(self, data: bytes) -> None:
        self.written += len(data)
        self.inner.write(data)

    def drained(self) -> int:
        """Bytes handed to the kernel so far."""
        return self.written - self.inner.get_write_buffer_size()

    def queued(self) -> int:
        """Bytes still waiting in the server's own buffer."""
        return self.inner.get_write_buffer_size()

    def __getattr__(self, name: str) -> Any:
        return getattr(self.inner, name)


class SharedState:
    """What every connection of one server shares: who waits, how many per address, logging."""

    def __init__(self, forwarded_allow_ips: list[str] | str) -> None:
        # Connections waiting for a head or idle, oldest first: the ones to abort when over the cap.
        self.waiting: dict[Any, None] = {}
        self.per_client: Counter[str] = Counter()
        self.proxies = proxy_networks(forwarded_allow_ips)
        self.logged: dict[str, float] = {}
        self.repeats: Counter[str] = Counter()  # warnings held back since each kind's last line

    def log_sparingly(self, kind: str, logger: Any, message: str, *args: object) -> None:
        """Log one kind of warning at most once every LOG_EVERY seconds: a flood is one line a
        minute, which counts the ones it stands for."""
        now = time.monotonic()
        last = self.logged.get(kind)
        if last is not None and now - last < LOG_EVERY:
            self.repeats[kind] += 1
            return
        self.logged[kind] = now
        repeats = self.repeats.pop(kind, 0)
        since = f"; {repeats} more in the last {now - last:.0f} s" if repeats and last else ""
        logger.warning(message + " (said at most once a minute" + since + ")", *args)
