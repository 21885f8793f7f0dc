"""Replay issues 13 and 19's hostile clients against a local server; print what each one cost.

Usage: scripts/abuse [--root DIR] [--port 8150] [--idle 10000] [--slow 10000] [--bad 10000]
                     [--only WORD]
Starts `python -m app` (one worker) from DIR (this checkout by default, so an older checkout
can be measured with the same script) on 127.0.0.1:PORT with a private copy of the database,
replays each attack in turn (or only those whose name holds WORD) and prints one row per
attack: statuses seen, the server's resident memory before and after, its open descriptors, and
the p99 of another client fetching the cached `/` during the attack. Every attack is bounded in
count and time (about 90 s in all); traffic stays on loopback. The well-behaved client
speaks from 127.0.0.1; the slow readers of issue 19 from other loopback addresses (127.0.1.x,
all local), so a per-address cap can tell them apart as it would on the Internet.
"""

import argparse
import http.client
import os
import re
import resource
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HOST = "127.0.0.1"
Row = dict[str, str]


def must_find(pattern: str, text: str) -> re.Match[str]:
    """The pattern's first match in a tool's output; stop, saying what is missing, if none."""
    match = re.search(pattern, text)
    if match is None:
        raise RuntimeError(f"no {pattern!r} in: {text[:200]!r}")
    return match


class Server:
    """One `python -m app` process and what can be read about it from /proc."""

    def __init__(self, root: Path, port: int, env: dict[str, str]) -> None:
        self.port, self.log = port, Path(env["DATABASE_PATH"]).with_suffix(".log")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "app"],
            cwd=root,
            env={
                **os.environ,
                "PYTHONPATH": str(root),
                "PORT": str(port),
                "ACCESS_LOG": "0",
                "WEB_CONCURRENCY": "1",
                **env,
            },
            stdout=self.log.open("w"),
            stderr=subprocess.STDOUT,
        )
        self.ready = wait_ready(port, 60)

    def rss_mib(self) -> float:
        status = Path(f"/proc/{self.process.pid}/status").read_text()
        return int(must_find(r"VmRSS:\s+(\d+)", status).group(1)) / 1024

    def fds(self) -> int:
        try:
            return len(os.listdir(f"/proc/{self.process.pid}/fd"))
        except OSError:
            return -1

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()


def wait_ready(port: int, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            return request(port, "/")[0] == 200
        except OSError:
            time.sleep(0.1)
    return False


def request(
    port: int, path: str, headers: dict[str, str] | None = None
) -> tuple[int, dict[str, str], bytes]:
    connection = http.client.HTTPConnection(HOST, port, timeout=10)
    try:
        connection.request("GET", path, headers=headers or {})
        response = connection.getresponse()
        return response.status, {k.lower(): v for k, v in response.getheaders()}, response.read()
    finally:
        connection.close()


def raw(port: int, data: bytes, timeout: float = 10) -> str:
    """Send raw bytes; return the status code answered, or how the connection ended."""
    with socket.create_connection((HOST, port), timeout=timeout) as sock:
        try:
            sock.sendall(data)
        except OSError:
            pass  # refused midway; the answer may still be readable
        try:
            first = sock.recv(64)
        except TimeoutError:
            return "timeout"
        except OSError:
            return "reset"
    return first.split(b" ")[1].decode() if first.startswith(b"HTTP/") else "closed"


class Probe:
    """Another client: fetch the cached `/` over one keep-alive connection, timing each."""

    def __init__(self, port: int) -> None:
        self.port, self.failures = port, 0
        self.times: list[float] = []  # seconds each fetch took
        self.refused: Counter[int] = Counter()  # answers other than 200, by status
        self.stopping = threading.Event()
        self.thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> "Probe":
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stopping.set()
        self.thread.join(15)

    def _run(self) -> None:
        connection = http.client.HTTPConnection(HOST, self.port, timeout=10)
        while not self.stopping.is_set() and len(self.times) < 100_000:
            start = time.perf_counter()
            try:
                connection.request("GET", "/")
                response = connection.getresponse()
                response.read()
                self.times.append(time.perf_counter() - start)
                if response.status != 200:
                    self.refused[response.status] += 1
                if response.will_close:
                    connection.close()
            except (OSError, http.client.HTTPException):
                self.failures += 1
                connection.close()
                connection = http.client.HTTPConnection(HOST, self.port, timeout=10)
            time.sleep(0.005)
        connection.close()

    def p99(self) -> str:
        if not self.times:
            return f"none ({self.failures} failed)"
        ordered = sorted(self.times)
        p99 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))] * 1000
        failed = f", {self.failures} failed" if self.failures else ""
        refused = "".join(f", {status}×{n}" for status, n in sorted(self.refused.items()))
        return f"{p99:.1f} ms (n={len(ordered)}{failed}{refused})"


def statuses(results: list[str]) -> str:
    return " ".join(f"{status}×{count}" for status, count in sorted(Counter(results).items()))


def measured(server: Server, name: str, attack: Callable[[], tuple[str, str]]) -> Row:
    """Run one attack with the probe going; record memory, descriptors and the probe's p99."""
    before = server.rss_mib()
    with Probe(server.port) as probe:
        seen, note = attack()
        fds = server.fds()
    time.sleep(0.5)
    after = server.rss_mib()
    return {
        "attack": name,
        "statuses": seen,
        "rss": f"{before:.0f}→{after:.0f} (+{after - before:.0f})",
        "fds": str(fds),
        "p99 of /": probe.p99(),
        "note": note,
    }


def header_flood(
    port: int, count: int, size: int, parallel: int, rounds: int = 8
) -> Callable[[], tuple[str, str]]:
    """`count` requests with a unique `size`-byte Accept-Encoding (items 1 and 2), repeated
    for at least 2 s (at most `rounds` times) so the other client's p99 means something."""

    def one(n: int) -> str:
        value = f"{n}-".encode() + b"a" * size
        head = b"GET / HTTP/1.1\r\nHost: x\r\nAccept-Encoding: " + value + b"\r\n\r\n"
        return raw(port, head, timeout=30)

    def attack() -> tuple[str, str]:
        start, results = time.monotonic(), list[str]()
        with ThreadPoolExecutor(parallel) as pool:
            for round_ in range(rounds):
                results += pool.map(one, range(round_ * count, (round_ + 1) * count))
                if time.monotonic() - start > 2:
                    break
        return statuses(results), f"{time.monotonic() - start:.1f} s for {len(results)}"

    return attack


def open_idle(port: int, count: int, seconds: float) -> list[socket.socket]:
    """Open up to `count` sockets in `seconds`; every other one sends half a request head."""
    sockets: list[socket.socket] = []
    deadline = time.monotonic() + seconds
    while len(sockets) < count and time.monotonic() < deadline:
        try:
            sock = socket.create_connection((HOST, port), timeout=2)
        except OSError:
            break
        if len(sockets) % 2:
            sock.sendall(b"GET / HTTP/1.1\r\nHost: x\r\n")
        sockets.append(sock)
    return sockets


def still_open(sockets: list[socket.socket]) -> int:
    """How many sockets the server has not closed (a closed one reads EOF or an answer)."""
    alive = 0
    for sock in sockets:
        sock.setblocking(False)
        try:
            sock.recv(1, socket.MSG_PEEK)  # EOF or an answer: the server let go
        except BlockingIOError:
            alive += 1  # nothing to read: still held open
        except OSError:
            pass
    return alive


def idle_sockets(server: Server, count: int, wait: float) -> Row:
    """Item 3: idle and half-sent connections, then new clients; then wait out the deadline."""
    before = server.rss_mib()
    sockets = open_idle(server.port, count, 20)
    time.sleep(1)
    fds = server.fds()
    results, slowest = [], 0.0
    for _ in range(20):
        start = time.perf_counter()
        try:
            results.append(str(request(server.port, "/facts")[0]))
        except OSError as error:
            results.append(type(error).__name__)
        slowest = max(slowest, time.perf_counter() - start)
    after = server.rss_mib()
    time.sleep(wait)
    left = still_open(sockets)
    for sock in sockets:
        sock.close()
    return {
        "attack": f"{len(sockets)} idle sockets, then 20 new clients",
        "statuses": statuses(results),
        "rss": f"{before:.0f}→{after:.0f} (+{after - before:.0f})",
        "fds": str(fds),
        "p99 of /": f"slowest new client {slowest * 1000:.0f} ms",
        "note": f"{left} of {len(sockets)} still open after {wait:.0f} s more",
    }


SLOW_READER_HEAD = b"GET / HTTP/1.1\r\nHost: x\r\n\r\n"  # 68 KB uncompressed, never read


def slow_reader(port: int, source: str) -> socket.socket:
    """A socket from `source` that asks for `/` and will never read the answer.

    Its receive buffer is the smallest the kernel allows (a zero-window reader), and its MSS an
    Internet path's: on loopback the server's kernel would otherwise size its send buffer from a
    64 KiB MSS and take the whole page, hiding what a real client makes the server hold (about
    45 KB sits in the kernels; the rest of a larger answer stays in the server's own buffer).
    """
    sock = socket.socket()
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 2048)
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_MAXSEG, 536)
        sock.settimeout(2)
        sock.bind((source, 0))
        sock.connect((HOST, port))
        sock.sendall(SLOW_READER_HEAD)
    except OSError:
        sock.close()
        raise
    return sock


def open_slow_readers(port: int, count: int, addresses: int, seconds: float) -> list[socket.socket]:
    """Open up to `count` slow readers in `seconds`, from `addresses` loopback addresses in turn
    (127.0.1.1, 127.0.1.2, …: never the well-behaved client's 127.0.0.1)."""
    sockets: list[socket.socket] = []
    deadline = time.monotonic() + seconds
    while len(sockets) < count and time.monotonic() < deadline:
        n = len(sockets) % addresses
        try:
            sockets.append(slow_reader(port, f"127.0.{1 + n // 250}.{1 + n % 250}"))
        except OSError:
            continue
    return sockets


def fresh_clients(port: int, count: int) -> tuple[str, int]:
    """`count` new clients from 127.0.0.1 fetch `/`: their statuses, and how many had a CSP."""
    results, secure = [], 0
    for _ in range(count):
        try:
            status, headers, _ = request(port, "/")
        except OSError as error:
            results.append(type(error).__name__)
            continue
        results.append(str(status))
        secure += "content-security-policy" in headers
    return statuses(results), secure


def first_status(sock: socket.socket) -> str:
    """The status a slow reader was answered, read from what reached it ("none" if nothing)."""
    sock.setblocking(False)
    try:
        first = sock.recv(12, socket.MSG_PEEK)
    except OSError:
        return "none"
    return first[9:12].decode() if first.startswith(b"HTTP/") else "none"


def watch_descriptors(server: Server, seconds: float) -> tuple[int, int]:
    """Sample the server's open descriptors each half second: the peak, and the last."""
    peak = last = server.fds()
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        time.sleep(0.5)
        last = server.fds()
        peak = max(peak, last)
    return peak, last


def slow_readers(server: Server, count: int, addresses: int, hold: float) -> Row:
    """Issue 19: sockets that ask for `/` (68 KB) and never read, held `hold` s, from
    `addresses` loopback addresses; 100 fresh clients meanwhile; the probe runs throughout."""
    before, lines = server.rss_mib(), log_lines(server)
    with Probe(server.port) as probe:
        time.sleep(0.5)
        fds_before = server.fds()  # the probe's connection included
        started = time.monotonic()
        sockets = open_slow_readers(server.port, count, addresses, 20)
        opened = time.monotonic() - started
        fresh, secure = fresh_clients(server.port, 100)
        peak, last = watch_descriptors(server, hold)
        after = server.rss_mib()
    answered = statuses([first_status(sock) for sock in sockets])
    for sock in sockets:
        sock.close()
    return {
        "attack": f"{len(sockets)} slow readers of / from {addresses} addresses, {hold:.0f} s (19)",
        "statuses": f"100 fresh clients: {fresh}, {secure} with CSP; readers: {answered}",
        "rss": f"{before:.0f}→{after:.0f} (+{after - before:.0f})",
        "fds": f"{fds_before}→{peak} peak→{last}",
        "p99 of /": probe.p99(),
        "note": f"opened in {opened:.1f} s; server still held {max(0, last - fds_before)} "
        f"after {hold:.0f} s; log +{log_lines(server) - lines} lines",
    }


BAD_REQUESTS = [
    b"GET /\x01 HTTP/1.1\r\n\r\n",  # malformed: uvicorn logged each one
    b"GET / HTTP/1.1\r\nHost: x\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n"
    b"Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n",
    b"GET / HTTP/1.1\r\nHost: x\r\nContent-Length: 20000\r\n\r\n",  # a body over the cap
]


def log_flood(server: Server, count: int) -> Row:
    """Issue 19: `count` bad requests (malformed, WebSocket handshakes, oversized bodies, in
    turn, 16 at a time, on new connections); how much the log grew (ACCESS_LOG=0)."""
    size, lines = server.log.stat().st_size, log_lines(server)
    started = time.monotonic()
    with ThreadPoolExecutor(16) as pool:
        results = list(pool.map(lambda n: raw(server.port, BAD_REQUESTS[n % 3], 5), range(count)))
    took = time.monotonic() - started
    time.sleep(0.5)
    grown = server.log.stat().st_size - size
    return {
        "attack": f"{count} bad requests: malformed, WebSocket, 20 KB body (19)",
        "statuses": statuses(results),
        "rss": "",
        "fds": "",
        "p99 of /": "",
        "note": f"{count / took:.0f} req/s; log +{grown} B, +{log_lines(server) - lines} lines",
    }


def log_lines(server: Server) -> int:
    with server.log.open("rb") as log:
        return sum(1 for _ in log)


WRK_UNIQUE = """
local n = 0
function setup(thread) n = n + 1; thread:set("id", n) end
function init(args) counter = 0 end
function request()
  counter = counter + 1
  return wrk.format("GET", string.format("%s", id, counter))
end
"""


def wrk_unique(port: int, pattern: str, connections: int, seconds: int) -> tuple[str, str]:
    """wrk with a unique URL per request (`pattern` takes thread id and counter)."""
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as handle:
        handle.write(WRK_UNIQUE.replace("%s", pattern, 1))
    out = subprocess.run(
        [
            "wrk",
            "-t2",
            f"-c{connections}",
            f"-d{seconds}s",
            "--timeout",
            "5s",
            "-s",
            handle.name,
            f"http://{HOST}:{port}",
        ],
        capture_output=True,
        text=True,
        timeout=seconds + 30,
    ).stdout
    os.unlink(handle.name)
    total = re.search(r"(\d+) requests in", out)
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    socket_errors = re.search(r"Socket errors: (.*)", out)
    rps = re.search(r"Requests/sec:\s+([\d.]+)", out)
    seen = (
        f"{total.group(1) if total else '?'} requests, non-2xx {non2xx.group(1) if non2xx else 0}"
    )
    note = f"{float(rps.group(1)) if rps else 0:.0f} req/s"
    if socket_errors:
        note += f"; socket errors {socket_errors.group(1)}"
    return seen, note


def unique_urls(
    port: int, pattern: str, connections: int, seconds: int
) -> Callable[[], tuple[str, str]]:
    return lambda: wrk_unique(port, pattern, connections, seconds)


def headers_of(port: int, path: str, extra: dict[str, str] | None = None) -> str:
    status, headers, _ = request(port, path, {"Accept-Encoding": "br, gzip", **(extra or {})})
    parts = [str(status)]
    for name in ("etag", "cache-control", "content-encoding", "location"):
        if name in headers:
            parts.append(f"{name}: {headers[name][:40]}")
    parts.append("CSP" if "content-security-policy" in headers else "no CSP")
    return ", ".join(parts)


def edge_cases(port: int) -> list[Row]:
    """Items 4, 5 and 10 to 12: one request each, the answer summarised."""
    db = "/downloads/explainer.db"
    whole, ranged = request(port, db), request(port, db, {"Range": "bytes=0-99"})
    queried = request(port, db + "?x=1", {"Range": "bytes=0-99"})
    search = request(port, "/search?q=a%26b")[2].decode()
    name = re.search(r'"name": ?"(Search[^"]*)"', search)
    cases = {
        "/facts?fbclid=x&utm_source=y (4)": headers_of(port, "/facts?fbclid=x&utm_source=y"),
        "/index.json?x=1 (5)": headers_of(port, "/index.json?x=1"),
        "/facts/ with Host: evil.example (10)": headers_of(
            port, "/facts/", {"Host": "evil.example"}
        ),
        "Range on explainer.db (11)": (
            f"no query {ranged[0]} ({len(ranged[2])} B), with ?x=1 {queried[0]}; "
            f"accept-ranges {whole[1].get('accept-ranges', 'absent')}; ETags "
            f"{'equal' if ranged[1].get('etag') == queried[1].get('etag') else 'differ'}"
        ),
        'If-Match: "nope" (12)': headers_of(port, "/facts", {"If-Match": '"nope"'}),
        "gzip;q=0.5;level=1 (12)": headers_of(
            port, "/facts", {"Accept-Encoding": "gzip;q=0.5;level=1"}
        ),
        "/static/style.css/ (12)": headers_of(port, "/static/style.css/"),
        "search JSON-LD name for a&b (12)": name.group(1) if name else "no name",
        "search of 2,500 × é (12)": headers_of(port, "/search?q=" + "%C3%A9" * 2500),
        "malformed request line (12)": raw(port, b"GET /\x01 HTTP/1.1\r\n\r\n"),
    }
    return [
        {"attack": k, "statuses": v, "rss": "", "fds": "", "p99 of /": "", "note": ""}
        for k, v in cases.items()
    ]


def broken_database(server: Server, database: Path) -> Row:
    """Item 7: empty the database file while the server runs; ask for uncached URLs."""
    log_before = server.log.stat().st_size
    database.write_bytes(b"")
    results, secure = [], 0
    for n in range(200):
        path = ["/healthz", f"/search?q=zz{n}", f"/api/search?q=yy{n}"][n % 3]
        status, headers, _ = request(server.port, path)
        results.append(str(status))
        secure += "content-security-policy" in headers
    cached = request(server.port, "/facts")[0]
    health = request(server.port, "/healthz")
    return {
        "attack": "database emptied while running (7)",
        "statuses": f"{statuses(results)}; cached /facts {cached}; /healthz {health[0]}",
        "rss": "",
        "fds": "",
        "p99 of /": "",
        "note": f"{secure}/200 with CSP; log grew {server.log.stat().st_size - log_before} B",
    }


def startup_cases(root: Path, port: int, work: Path) -> list[Row]:
    """Item 8: start with facts.toml missing beside a valid database."""
    seed = work / "seed-missing"
    shutil.copytree(root / "seed", seed)
    (seed / "facts.toml").unlink()
    server = Server(
        root, port + 1, {"DATABASE_PATH": str(work / "valid.db"), "SEED_DIR": str(seed)}
    )
    try:
        status = f"serves / → {request(port + 1, '/')[0]}" if server.ready else "did not serve"
    finally:
        server.stop()
    lines = server.log.read_text().splitlines()
    said = [line for line in lines if "previous build" in line or "Error" in line]
    last = (said[-1] if said else "nothing said")[:110]
    return [
        {
            "attack": "start with facts.toml missing (8)",
            "statuses": status,
            "rss": "",
            "fds": "",
            "p99 of /": "",
            "note": f"log: {last}",
        }
    ]


def print_table(rows: list[Row]) -> None:
    columns = ["attack", "statuses", "rss", "fds", "p99 of /", "note"]
    print(
        "| " + " | ".join(["attack", "statuses", "RSS MiB", "fds", "other client", "note"]) + " |"
    )
    print("|" + "---|" * len(columns))
    for row in rows:
        print("| " + " | ".join(row[c].replace("|", "/") for c in columns) + " |")


def attacks(server: Server, args: argparse.Namespace) -> dict[str, Callable[[], list[Row]]]:
    """Every attack by a short name, each run only when called (`--only` picks by name)."""
    port = server.port
    return {
        "headers": lambda: [
            measured(
                server,
                "unique 1 MiB Accept-Encoding, 8 at a time (1)",
                header_flood(port, 128, 1 << 20, 8),
            ),
            measured(server, "16 MiB headers, 4 at a time (2)", header_flood(port, 4, 16 << 20, 4)),
        ],
        "idle": lambda: [idle_sockets(server, args.idle, 11)],
        "slow-readers": lambda: [
            slow_readers(server, args.slow, int(addresses), 15)
            for addresses in args.addresses.split(",")
        ],
        "unique-urls": lambda: [
            measured(
                server, "32 conns /facts?u=N, 5 s (4)", unique_urls(port, "/facts?u=%d-%d", 32, 5)
            ),
            measured(
                server,
                "4 conns /downloads?u=N, 3 s (4)",
                unique_urls(port, "/downloads?u=%d-%d", 4, 3),
            ),
            measured(
                server,
                "32 conns unique searches, 5 s (6)",
                unique_urls(port, "/search?q=w%dx%d", 32, 5),
            ),
        ],
        "edge-cases": lambda: edge_cases(port),
        "log-flood": lambda: [log_flood(server, args.bad)],
    }


def run_attacks(server: Server, args: argparse.Namespace) -> list[Row]:
    """The chosen attacks in order, each after the server has settled from the one before."""
    rows: list[Row] = []
    for name, attack in attacks(server, args).items():
        if args.only in name:
            rows += attack()
            time.sleep(1)
    return rows


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--root", type=Path, default=ROOT)
    parser.add_argument("--port", type=int, default=8150)
    parser.add_argument("--idle", type=int, default=10_000)
    parser.add_argument("--slow", type=int, default=10_000, help="slow readers (issue 19)")
    parser.add_argument(
        "--addresses",
        default="16,400",
        help="how many addresses the slow readers come from, one run each: few (each over the "
        "per-address cap) and many (each under it, as from a botnet)",
    )
    parser.add_argument("--bad", type=int, default=10_000, help="bad requests (log flood)")
    parser.add_argument("--only", default="", help="run only the attacks whose name holds this")
    args = parser.parse_args()
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    wanted = max(args.idle, args.slow) + 1024
    resource.setrlimit(resource.RLIMIT_NOFILE, (min(hard, wanted), hard))
    work = Path(tempfile.mkdtemp(prefix="abuse-"))
    database = work / "explainer.db"
    started = time.monotonic()
    server = Server(args.root.resolve(), args.port, {"DATABASE_PATH": str(database)})
    try:
        if not server.ready:
            print(server.log.read_text()[-2000:])
            return 1
        shutil.copy(database, work / "valid.db")  # for the start-up case, before it is broken
        rows = run_attacks(server, args)
        if args.only in "broken-database":
            rows.append(broken_database(server, database))
    finally:
        server.stop()
    if args.only in "start-up":
        rows += startup_cases(args.root.resolve(), args.port, work)
    shutil.rmtree(work, ignore_errors=True)
    print(
        f"scripts/abuse against {args.root.resolve()} on {HOST}:{args.port}, "
        f"{os.cpu_count()} cores, {time.monotonic() - started:.0f} s"
    )
    print_table(rows)
    return 0


if __name__ == "__main__":
    sys.exit(main())
