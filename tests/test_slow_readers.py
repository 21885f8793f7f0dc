"""Clients that ask and never read, and crowds from one address, cannot lock others out.

Raw sockets against the live uvicorn server (the same SERVER_OPTIONS as `python -m app`). A
slow reader here is what a real one makes the server hold: a tiny receive window and an
Internet path's MSS, so that about 45 KB of the 68 KB overview sits in the kernels and the
rest in the server's own buffer (on loopback the kernel would otherwise take it all).
"""

import logging
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
import uvicorn
from helpers import address, free_port, read_until_closed

from app.__main__ import SERVER_OPTIONS
from app.serve import protocol

CSP = b"content-security-policy: default-src 'self'"
# A large answer (about 60 KB): more than the kernels on both ends hold for a reader.
OVERVIEW = b"GET /facts HTTP/1.1\r\nHost: x\r\n\r\n"


def connect(server: tuple[str, int], source: str = "127.0.0.1") -> socket.socket:
    """A plain connection from one loopback address (all of 127.0.0.0/8 is this machine)."""
    sock = socket.socket()
    sock.settimeout(5)
    sock.bind((source, 0))
    sock.connect(server)
    return sock


def slow_reader(server: tuple[str, int]) -> socket.socket:
    """A connection that asks for the overview with a tiny window; it reads only when told."""
    sock = socket.socket()
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 2048)
    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_MAXSEG, 536)
    sock.settimeout(5)
    sock.connect(server)
    sock.sendall(OVERVIEW)
    return sock


def read_answer(sock: socket.socket, pause: float = 0.0, wait: float = 3.0) -> tuple[int, int]:
    """Read one answer, `pause` s between reads: its Content-Length and the body bytes that
    arrived before the server let go (or `wait` s passed without a byte)."""
    sock.settimeout(wait)
    data = b""
    while b"\r\n\r\n" not in data or len(data.partition(b"\r\n\r\n")[2]) < length_of(data):
        try:
            chunk = sock.recv(2048)
        except OSError:
            break
        if not chunk:
            break
        data += chunk
        time.sleep(pause)
    return length_of(data), len(data.partition(b"\r\n\r\n")[2])


def length_of(data: bytes) -> int:
    head = data.partition(b"\r\n\r\n")[0].lower()
    for line in head.split(b"\r\n"):
        if line.startswith(b"content-length:"):
            return int(line.split(b":")[1])
    return 1 << 30


def answer_to(sock: socket.socket, target: bytes = b"/facts") -> bytes:
    """Send one request that closes the connection; return the whole answer."""
    with sock:
        sock.sendall(b"GET " + target + b" HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        return read_until_closed(sock)


def test_a_client_that_never_reads_is_let_go_at_the_write_deadline(
    live_server: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(protocol, "WRITE_TIMEOUT", 0.5)
    with slow_reader(address(live_server)) as sock:
        time.sleep(2.5)  # the deadline passes with nothing read
        length, arrived = read_answer(sock)
    assert 0 < arrived < length  # aborted: what the kernels held arrived, the rest never will


def test_a_slow_client_that_keeps_reading_gets_the_whole_answer(
    live_server: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(protocol, "WRITE_TIMEOUT", 0.5)
    with slow_reader(address(live_server)) as sock:
        start = time.monotonic()
        length, arrived = read_answer(sock, pause=0.05)
    assert arrived == length > 55_000
    assert time.monotonic() - start > 1.0  # slower than the deadline, yet never cut off


def test_eviction_frees_slow_readers_instead_of_waiting_on_them(
    live_server: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(protocol, "WRITE_TIMEOUT", 60.0)  # only eviction can free them
    monkeypatch.setattr(protocol, "MAX_CONNECTIONS", 16)
    server = address(live_server)
    readers = [slow_reader(server) for _ in range(8)]
    time.sleep(0.5)  # answered: idle now, bytes still queued
    idle = [connect(server) for _ in range(24)]
    try:
        assert answer_to(connect(server)).startswith(b"HTTP/1.1 200 ")
        cut = [arrived < length for length, arrived in map(read_answer, readers)]
        assert cut == [True] * 8  # each was aborted, not closed-after-draining
    finally:
        for sock in readers + idle:
            sock.close()


class Lines(logging.Handler):
    """Collect what a logger says (uvicorn's loggers do not reach pytest's caplog)."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def test_one_address_past_its_cap_gets_503_while_others_are_served(
    live_server: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(protocol, "MAX_PER_CLIENT", 3)
    lines = Lines()
    logging.getLogger("uvicorn.error").addHandler(lines)
    server = address(live_server)
    held = [connect(server, "127.0.3.1") for _ in range(3)]
    proxied = [connect(server) for _ in range(5)]  # 127.0.0.1: a local proxy, many clients
    try:
        crowded = [answer_to(connect(server, "127.0.3.1")) for _ in range(5)]
        assert all(a.startswith(b"HTTP/1.1 503 ") for a in crowded), crowded[0][:80]
        assert all(CSP in a and b"retry-after: 1" in a for a in crowded)
        assert all(b"access-control-allow-origin: *" in a for a in crowded)
        assert answer_to(connect(server, "127.0.3.2")).startswith(b"HTTP/1.1 200 ")
        assert answer_to(connect(server)).startswith(b"HTTP/1.1 200 ")
        held.pop().close()
        time.sleep(0.2)
        assert answer_to(connect(server, "127.0.3.1")).startswith(b"HTTP/1.1 200 ")
    finally:
        logging.getLogger("uvicorn.error").removeHandler(lines)
        for sock in held + proxied:
            sock.close()
    assert len([m for m in lines.messages if m.startswith("503")]) == 1  # five refusals


async def hello(scope: dict, receive: object, send: object) -> None:
    """The smallest ASGI app: the refusal must come before it."""
    raise AssertionError("a request past the limit reached the app")


@contextmanager
def serving(**overrides: object) -> Iterator[tuple[str, int]]:
    """A second server on our protocol with some options changed, for the time of a test."""
    options = {**SERVER_OPTIONS, **overrides}
    config = uvicorn.Config(
        hello, host="127.0.0.1", port=free_port(), log_level="warning", **options
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.02)
    try:
        yield "127.0.0.1", config.port
    finally:
        server.should_exit = True
        thread.join(5)


def test_uvicorns_own_concurrency_503_carries_the_security_headers() -> None:
    with serving(limit_concurrency=1) as server:
        answer = answer_to(connect(server), b"/")
    assert answer.startswith(b"HTTP/1.1 503 "), answer[:80]
    assert CSP in answer and b"retry-after: 1" in answer
    assert b"access-control-allow-origin: *" in answer
