"""Drive the server with wrk over a mix of URLs and check it stays correct and does not grow.

Usage: scripts/load [--connections 256] [--duration 30] [--workers 2]
Pass: zero socket errors, no status other than 200 except the intended 404s, and resident
memory at the end within 10% of its value after warm-up. Traffic stays on 127.0.0.1.
"""

import argparse
import os
import re
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MIX = [
    "/",
    "/phases/1",
    "/phases/2",
    "/regions/federal-iraq",
    "/officials",
    "/source",
    "/facts/not-withdrawing",
    "/timeline",
    "/api/facts",
    "/api/phases/1",
    "/index.json",
    "/static/style.css",
    "/cards/index.png",
    "/search?q=withdraw",
    "/api/search?q=kurdistan",
    "/no-such-page",
]
INTENDED_404 = "/no-such-page"
SCRIPT = """
local paths = {%s}
local threads = {}
function setup(thread) table.insert(threads, thread) end
function init(args) statuses = {} ; counter = 0 end
function request()
  counter = counter + 1
  return wrk.format("GET", paths[(counter %% #paths) + 1])
end
function response(status, headers, body) statuses[status] = (statuses[status] or 0) + 1 end
function done(summary, latency, requests)
  local total = {}
  for _, thread in ipairs(threads) do
    for status, count in pairs(thread:get("statuses")) do
      total[status] = (total[status] or 0) + count
    end
  end
  for status, count in pairs(total) do
    io.write(string.format("status %%d %%d\\n", status, count))
  end
end
"""


def must_find(pattern: str, text: str) -> re.Match[str]:
    """The pattern's first match in a tool's output; stop, saying what is missing, if none."""
    match = re.search(pattern, text)
    if match is None:
        raise RuntimeError(f"no {pattern!r} in: {text[:200]!r}")
    return match


def tree_rss_kib(pid: int) -> int:
    """Resident memory of the server and its worker processes, in KiB."""
    pids = [pid] + [
        int(p)
        for p in subprocess.run(
            ["pgrep", "-P", str(pid)], capture_output=True, text=True
        ).stdout.split()
    ]
    total = 0
    for each in pids:
        status = Path(f"/proc/{each}/status")
        if status.exists():
            total += int(must_find(r"VmRSS:\s+(\d+)", status.read_text()).group(1))
    return total


def run_wrk(url: str, script: Path, connections: int, duration: int) -> str:
    return subprocess.run(
        ["wrk", "-t2", f"-c{connections}", f"-d{duration}s", "--latency", "-s", str(script), url],
        capture_output=True,
        text=True,
        check=True,
    ).stdout


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--connections", type=int, default=256)
    parser.add_argument("--duration", type=int, default=30)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    port = 8171
    log = open(tempfile.gettempdir() + "/load-server.log", "w")  # noqa: SIM115
    server = subprocess.Popen(
        [sys.executable, "-m", "app"],
        cwd=ROOT,
        stdout=log,
        stderr=log,
        env={
            **os.environ,
            "PORT": str(port),
            "ACCESS_LOG": "0",
            "WEB_CONCURRENCY": str(args.workers),
        },
    )
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/").read()
                break
            except OSError:
                time.sleep(0.1)
        with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as handle:
            handle.write(SCRIPT % ", ".join(f'"{path}"' for path in MIX))
        script = Path(handle.name)
        url = f"http://127.0.0.1:{port}"
        run_wrk(url, script, args.connections, 5)  # warm-up: every page rendered in every worker
        warm = tree_rss_kib(server.pid)
        out = run_wrk(url, script, args.connections, args.duration)
        end = tree_rss_kib(server.pid)
    finally:
        server.terminate()
        server.wait(10)
    statuses = {int(s): int(n) for s, n in re.findall(r"status (\d+) (\d+)", out)}
    socket = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    socket_errors = sum(int(n) for n in socket.groups()) if socket else 0
    requests = sum(statuses.values())
    unexpected = {s: n for s, n in statuses.items() if s not in (200, 404)}
    expected_404 = round(requests / len(MIX))
    rps = must_find(r"Requests/sec:\s+([\d.]+)", out).group(1)
    p99 = must_find(r"99%\s+(\S+)", out).group(1)
    growth = (end - warm) / warm * 100
    print(
        f"wrk -t2 -c{args.connections} -d{args.duration}s over {len(MIX)} URLs, "
        f"{args.workers} workers, {os.cpu_count()} cores"
    )
    print(f"requests: {requests}  req/s: {rps}  p99: {p99}")
    print(
        f"statuses: {dict(sorted(statuses.items()))} (404s expected from {INTENDED_404}: "
        f"about {expected_404})"
    )
    print(f"socket errors: {socket_errors}")
    print(
        f"resident memory: {warm / 1024:.1f} MiB after warm-up, {end / 1024:.1f} MiB at the end "
        f"({growth:+.1f}%)"
    )
    # wrk cannot say which path a response was for; the 404 share must match the mix within 1%.
    share_ok = abs(statuses.get(404, 0) - expected_404) <= max(2, expected_404 // 100)
    ok = socket_errors == 0 and not unexpected and share_ok and abs(growth) <= 10
    print("PASS" if ok else "FAIL")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
