"""Measure start-up, then req/s and latency of the app vs nginx on the same bytes, with wrk.

Usage: scripts/bench [--duration 10] [--connections 64] [--workers 2]
Each server runs alone while wrk measures it; wrk and the server share this machine's cores,
so absolute figures are noisy and the ratio app/nginx is the number to read.
"""

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
URLS = ["/", "/phases/1", "/source", "/api/facts"]
NGINX_CONF = """
worker_processes 1;
daemon off;
pid {tmp}/nginx.pid;
error_log {tmp}/nginx-error.log;
events {{ worker_connections 4096; }}
http {{
  include /etc/nginx/mime.types;
  types {{ application/vnd.sqlite3 db; }}
  access_log off;
  client_body_temp_path {tmp}/body; proxy_temp_path {tmp}/proxy;
  fastcgi_temp_path {tmp}/fastcgi; uwsgi_temp_path {tmp}/uwsgi; scgi_temp_path {tmp}/scgi;
  server {{
    listen 127.0.0.1:{port};
    root {root};
    location / {{ try_files $uri $uri/index.html $uri/index.json =404; }}
  }}
}}
"""


def wait_for(url: str, deadline: float) -> float:
    start = time.perf_counter()
    while time.perf_counter() - start < deadline:
        try:
            with urllib.request.urlopen(url, timeout=1) as response:
                if response.status == 200:
                    return time.perf_counter() - start
        except OSError:
            time.sleep(0.01)
    raise RuntimeError(f"{url} did not answer within {deadline} s")


RUNNING: list[subprocess.Popen[bytes]] = []


def start_app(port: int, env: dict[str, str]) -> tuple[subprocess.Popen[bytes], float]:
    launched = time.perf_counter()
    process = subprocess.Popen(
        [PYTHON, "-m", "app"],
        cwd=ROOT,
        env={**os.environ, "PORT": str(port), "ACCESS_LOG": "0", **env},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    RUNNING.append(process)
    wait_for(f"http://127.0.0.1:{port}/", 30)
    return process, time.perf_counter() - launched


def stop(process: subprocess.Popen[bytes]) -> None:
    process.terminate()
    try:
        process.wait(10)
    except subprocess.TimeoutExpired:
        process.kill()


def wrk(url: str, duration: int, connections: int) -> dict[str, float]:
    out = subprocess.run(
        ["wrk", "-t2", f"-c{connections}", f"-d{duration}s", "--latency", url],
        capture_output=True,
        text=True,
        check=True,
    ).stdout

    def latency(label: str) -> float:
        value, unit = re.search(rf"{label}%\s+([\d.]+)(us|ms|s)", out).groups()  # type: ignore[union-attr]
        return float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]

    socket = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    errors = sum(int(n) for n in socket.groups()) if socket else 0
    errors += int(non2xx.group(1)) if non2xx else 0
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))  # type: ignore[union-attr]
    return {"rps": rps, "p50": latency("50"), "p99": latency("99"), "errors": errors}


def measure(base: str, urls: list[str], args: argparse.Namespace) -> dict[str, dict[str, float]]:
    for url in urls:  # first use renders a page in each worker: warm them all
        for _ in range(16):
            urllib.request.urlopen(base + url).read()
    return {url: wrk(base + url, args.duration, args.connections) for url in urls}


def search_latency() -> tuple[float, float]:
    sys.path.insert(0, str(ROOT))
    from sqlmodel import Session

    from app.config import Settings
    from app.data.db import ensure_database, read_only_engine
    from app.data.search import search

    ensure_database(Settings())

    queries = [
        "withdraw",
        "Kurdistan region",
        "troop numbers",
        "September 2026",
        "ISIS",
        "al-Sudani Bloomberg",
        "nothing matches this",
        '"AND" NEAR(',
        "a" * 10_000,
    ]
    timings = []
    with Session(read_only_engine(Settings().database_path)) as session:
        for _ in range(50):
            for query in queries:
                start = time.perf_counter()
                search(session=session, query=query)
                timings.append((time.perf_counter() - start) * 1000)
    timings.sort()
    return timings[len(timings) // 2], timings[int(len(timings) * 0.99)]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--duration", type=int, default=10)
    parser.add_argument("--connections", type=int, default=64)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    nginx = shutil.which("nginx") or "/usr/sbin/nginx"
    tmp = Path(tempfile.mkdtemp(prefix="bench-"))
    tmp.chmod(0o755)  # nginx's workers run as an unprivileged user and must read the export
    app_port, nginx_port, naive_port = 8161, 8162, 8163  # in 8100-8199, kept free for tools
    try:
        # Compile the bytecode first (as scripts/setup does), so the cold start measures the
        # build, not the compiler.
        subprocess.run(
            [PYTHON, "-m", "compileall", "-q", "app"],
            cwd=ROOT,
            check=True,
            stdout=subprocess.DEVNULL,
        )
        fresh = str(tmp / "fresh.db")
        process, cold = start_app(app_port, {"DATABASE_PATH": fresh})
        stop(process)
        process, warm = start_app(app_port, {"DATABASE_PATH": fresh})
        stop(process)
        print(
            f"cores: {os.cpu_count()}  wrk: -t2 -c{args.connections} -d{args.duration}s  "
            f"app workers: {args.workers}"
        )
        print(
            f"start-up to first 200: {warm:.2f} s with a built database, "
            f"{cold:.2f} s when it must be built (targets: 1 s and 3 s)"
        )
        p50, p99 = search_latency()
        print(f"search, in process: p50 {p50:.2f} ms, p99 {p99:.2f} ms (target: under 5 ms)")

        subprocess.run(
            [PYTHON, "-m", "app", "export", str(tmp / "site")],
            cwd=ROOT,
            check=True,
            stdout=subprocess.DEVNULL,
        )
        (tmp / "nginx.conf").write_text(
            NGINX_CONF.format(tmp=tmp, port=nginx_port, root=tmp / "site")
        )
        server = subprocess.Popen(
            [nginx, "-p", str(tmp), "-c", str(tmp / "nginx.conf")],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        RUNNING.append(server)
        wait_for(f"http://127.0.0.1:{nginx_port}/", 10)
        static = measure(f"http://127.0.0.1:{nginx_port}", URLS, args)
        stop(server)

        process, _ = start_app(app_port, {"WEB_CONCURRENCY": str(args.workers)})
        served = measure(f"http://127.0.0.1:{app_port}", URLS, args)
        stop(process)

        process, _ = start_app(naive_port, {"WEB_CONCURRENCY": str(args.workers), "PREBUILT": "0"})
        naive = measure(f"http://127.0.0.1:{naive_port}", URLS, args)
        stop(process)
    finally:
        for process in RUNNING:
            if process.poll() is None:
                stop(process)
        shutil.rmtree(tmp, ignore_errors=True)

    print(
        f"\n{'URL':<12} {'server':<8} {'req/s':>9} {'p50 ms':>8} {'p99 ms':>8} {'errors':>7} "
        f"{'vs nginx':>9}"
    )
    for url in URLS:
        for name, rows in (("nginx", static), ("app", served), ("naive", naive)):
            row = rows[url]
            ratio = row["rps"] / static[url]["rps"]
            print(
                f"{url:<12} {name:<8} {row['rps']:>9.0f} {row['p50']:>8.2f} {row['p99']:>8.2f} "
                f"{row['errors']:>7.0f} {ratio:>9.2f}"
            )


if __name__ == "__main__":
    main()
