"""Timers and caps that hold (issue 19): every head is measured on its own, every request must
arrive whole in time (a trickle of blank lines or an endless body included), a body over the
cap is 413, a half-closed client still gets its answer, WebSockets are off, and a flood of bad
requests is a line a minute in the log.

Raw sockets against the live uvicorn server (the same SERVER_OPTIONS as `python -m app`).
"""

import logging
import socket
import time
import uuid

import pytest
from helpers import address, read_until_closed

from app.__main__ import SERVER_OPTIONS
from app.serve import protocol

CSP = b"content-security-policy: default-src 'self'"


def connect(live_server: str, wait: float = 5) -> socket.socket:
    return socket.create_connection(address(live_server), timeout=wait)


def closed_within(sock: socket.socket, seconds: float, trickle: bytes, every: float) -> bytes:
    """Send `trickle` every `every` s until the server closes (return what it sent last), or
    fail after `seconds`."""
    deadline = time.monotonic() + seconds
    sock.settimeout(every)
    while time.monotonic() < deadline:
        try:
            sock.sendall(trickle)
        except OSError:
            return b""  # reset: the server let go
        try:
            data = sock.recv(65536)
        except TimeoutError:
            continue
        except OSError:
            return b""
        if not data:
            return b""
        if b"HTTP/1.1 408" in data:
            return data
    raise AssertionError(f"the connection was still open after {seconds} s")


def test_a_trickle_of_blank_lines_after_a_request_ends_at_the_timeout(
    live_server: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(protocol, "HEAD_TIMEOUT", 0.5)
    with connect(live_server) as sock:
        sock.sendall(b"GET /robots.txt HTTP/1.1\r\nHost: x\r\n\r\n")
        time.sleep(0.3)
        assert sock.recv(65536).startswith(b"HTTP/1.1 200 ")
        start = time.monotonic()
        last = closed_within(sock, 4, b"\r\n", 0.1)
        assert time.monotonic() - start < 2.5
    assert last == b"" or CSP in last


@pytest.mark.parametrize("method", [b"GET", b"POST"])
def test_an_endless_body_ends_at_the_timeout(
    live_server: str, monkeypatch: pytest.MonkeyPatch, method: bytes
) -> None:
    monkeypatch.setattr(protocol, "HEAD_TIMEOUT", 0.5)
    with connect(live_server) as sock:
        sock.sendall(
            method + b" /robots.txt HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
        )
        start = time.monotonic()
        closed_within(sock, 4, b"1\r\na\r\n", 0.1)
        assert time.monotonic() - start < 2.5


def test_a_thousand_small_pipelined_requests_in_one_write_are_all_answered(
    live_server: str,
) -> None:
    one = b"GET /robots.txt HTTP/1.1\r\nHost: x\r\n\r\n"
    batch = one * 999 + b"GET /robots.txt HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
    assert len(batch) > 2 * protocol.MAX_HEAD
    with connect(live_server, wait=20) as sock:
        sock.sendall(batch)
        answers = read_until_closed(sock)
    assert answers.count(b"HTTP/1.1 200 ") == 1000
    assert b"HTTP/1.1 431" not in answers


def test_one_oversized_head_in_a_pipelined_batch_is_still_431(live_server: str) -> None:
    one = b"GET /robots.txt HTTP/1.1\r\nHost: x\r\n\r\n"
    huge = b"GET / HTTP/1.1\r\nHost: x\r\nX-Pad: " + b"a" * protocol.MAX_HEAD + b"\r\n\r\n"
    with connect(live_server) as sock:
        sock.sendall(one * 3 + huge + one)
        answers = read_until_closed(sock)
    # The requests before it are answered first, in order; then the refusal ends the connection.
    assert answers.count(b"HTTP/1.1 200 ") == 3
    assert answers.count(b"HTTP/1.1 431 ") == 1 and CSP in answers.split(b"431")[1]
    assert answers.index(b"HTTP/1.1 431 ") > answers.rindex(b"HTTP/1.1 200 ")


def test_a_malformed_request_in_a_pipelined_batch_is_refused_after_the_ones_before_it(
    live_server: str,
) -> None:
    one = b"GET /robots.txt HTTP/1.1\r\nHost: x\r\n\r\n"
    with connect(live_server) as sock:
        sock.sendall(one * 2 + b"GET /\x01 HTTP/1.1\r\n\r\n" + one)
        answers = read_until_closed(sock)
    assert answers.count(b"HTTP/1.1 200 ") == 2
    assert answers.index(b"HTTP/1.1 400 ") > answers.rindex(b"HTTP/1.1 200 ")
    assert CSP in answers.split(b"HTTP/1.1 400 ")[1]


def test_a_get_with_a_large_body_is_413_with_the_security_headers(live_server: str) -> None:
    request = b"GET /facts HTTP/1.1\r\nHost: x\r\nContent-Length: 20000\r\n\r\n" + b"a" * 20000
    with connect(live_server) as sock:
        sock.sendall(request)
        answer = read_until_closed(sock)
    assert answer.startswith(b"HTTP/1.1 413 "), answer[:80]
    assert CSP in answer


def test_a_large_chunked_body_is_413_too(live_server: str) -> None:
    chunk = b"%x\r\n" % 6000 + b"a" * 6000 + b"\r\n"
    request = b"GET /robots.txt HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
    with connect(live_server) as sock:
        sock.sendall(request + chunk)
        answer = read_until_closed(sock)
    assert answer.startswith(b"HTTP/1.1 413 "), answer[:80]
    assert CSP in answer and answer.count(b"HTTP/1.1 ") == 1


def test_a_small_get_body_is_discarded_and_the_connection_goes_on(live_server: str) -> None:
    first = b"GET /robots.txt HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n" + b"a" * 100
    second = b"GET /robots.txt HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
    with connect(live_server) as sock:
        sock.sendall(first + second)
        answers = read_until_closed(sock)
    assert answers.count(b"HTTP/1.1 200 ") == 2


def test_a_client_that_half_closes_after_asking_still_gets_its_answer(live_server: str) -> None:
    target = f"/api/search?q=withdraw+{uuid.uuid4().hex[:8]}".encode()  # never cached
    with connect(live_server) as sock:
        sock.sendall(b"GET " + target + b" HTTP/1.1\r\nHost: x\r\n\r\n")
        sock.shutdown(socket.SHUT_WR)
        answer = read_until_closed(sock)
    assert answer.startswith(b"HTTP/1.1 200 "), answer[:80]
    head, _, body = answer.partition(b"\r\n\r\n")
    length = [line for line in head.split(b"\r\n") if line.lower().startswith(b"content-length")]
    assert length and int(length[0].split(b":")[1]) == len(body)


def test_a_half_close_before_a_whole_head_just_closes(live_server: str) -> None:
    with connect(live_server) as sock:
        sock.sendall(b"GET /robots.txt HTTP/1.1\r\nHost:")
        sock.shutdown(socket.SHUT_WR)
        assert read_until_closed(sock) == b""


UPGRADE = (
    b"GET /robots.txt HTTP/1.1\r\nHost: x\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n"
    b"Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n"
)


def test_websockets_are_off_and_an_upgrade_is_answered_as_plain_http(live_server: str) -> None:
    assert SERVER_OPTIONS["ws"] == "none"
    with connect(live_server) as sock:
        sock.sendall(UPGRADE)
        answer = sock.recv(65536)
    assert not answer.startswith(b"HTTP/1.1 101"), answer[:80]
    assert answer.startswith(b"HTTP/1.1 200 ") and CSP in answer


class Lines(logging.Handler):
    """Collect what a logger says (uvicorn's loggers do not reach pytest's caplog)."""

    def __init__(self) -> None:
        super().__init__(logging.INFO)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def test_a_flood_of_bad_requests_is_one_line_a_kind(live_server: str) -> None:
    lines = Lines()
    logger = logging.getLogger("uvicorn.error")
    logger.addHandler(lines)
    try:
        for _ in range(40):
            with connect(live_server) as sock:
                sock.sendall(b"GET /\x01 HTTP/1.1\r\n\r\n")
                assert read_until_closed(sock).startswith(b"HTTP/1.1 400 ")
            with connect(live_server) as sock:
                sock.sendall(UPGRADE)
                assert sock.recv(65536).startswith(b"HTTP/1.1 200 ")
        time.sleep(0.2)
    finally:
        logger.removeHandler(lines)
    assert len(lines.messages) <= 2, lines.messages[:5]


def test_a_body_that_grows_too_large_after_its_answer_just_ends_the_connection(
    live_server: str,
) -> None:
    with connect(live_server) as sock:
        sock.sendall(b"POST /robots.txt HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n")
        answer = sock.recv(65536)
        assert answer.startswith(b"HTTP/1.1 405 ")
        sock.sendall(b"%x\r\n" % 6000 + b"a" * 6000 + b"\r\n")
        rest = read_until_closed(sock)
    assert b"HTTP/1.1" not in rest  # one request, one answer
