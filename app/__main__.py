"""`python -m app` serves the site; `python -m app export DIR` writes it out as static files.

Serving uses uvicorn with uvloop and httptools on HOST:PORT (127.0.0.1:8000 by default) and
WEB_CONCURRENCY worker processes (1 by default). A bad setting ends either command with one line
naming the variable, and exit code 2.
"""

import logging
import os
import resource
import shutil
import sys
import tempfile
from pathlib import Path
from typing import Any

import uvicorn

from app.config import SeedError, Settings, SettingsError
from app.loader.ensure import ensure_database
from app.serve.protocol import MAX_CONNECTIONS, MAX_HEAD, BoundedHttpTools

# uvicorn's fast extras, no version banner, and the limits that hold under hostile clients;
# `python -m app`, the tests' live server, scripts/bench, scripts/load and scripts/abuse all use
# these. uvicorn's own `limit_concurrency` counts idle connections too (10,000 idle sockets
# would turn every new client away), so it is only a backstop far above the protocol's
# connection cap (the protocol answers it, with the security headers); the guard caps requests
# in flight (app/guard.py, MAX_LIVE) with a proper 503.
SERVER_OPTIONS: dict[str, Any] = {
    "loop": "uvloop",
    # httptools, plus limits on heads (size, time), writes (time) and connections (all, per client)
    "http": BoundedHttpTools,
    # The site has no WebSocket routes: an upgrade request is answered as plain HTTP by the
    # app (with the security headers), never handed to a WebSocket library that logs each one.
    "ws": "none",
    "server_header": False,
    "proxy_headers": False,
    "timeout_keep_alive": 5,  # idle keep-alive connections close after 5 s
    "limit_concurrency": 2 * MAX_CONNECTIONS,
    "h11_max_incomplete_event_size": MAX_HEAD,  # the same cap should h11 ever be chosen
    "timeout_graceful_shutdown": 10,
}


def raise_descriptor_limit() -> None:
    """Let each worker hold its MAX_CONNECTIONS sockets: raise the soft descriptor limit."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if hard != resource.RLIM_INFINITY and soft < hard:
        resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))


def pin_build(database: Path) -> Path:
    """Copy the build into a folder of its own, which nothing else writes: what every worker
    (a restarted one too) serves, whatever later happens to the seed or the database file."""
    folder = Path(tempfile.mkdtemp(prefix="explainer-build-"))
    pinned = folder / "explainer.db"
    shutil.copyfile(database, pinned)
    return pinned


def one_line(error: BaseException) -> str:
    """An error as one line: its type, and the first line of what it says."""
    said = str(error).strip().splitlines()
    return f"{type(error).__name__}: {said[0]}" if said else type(error).__name__


def prepare(settings: Settings) -> Path:
    """Build (or keep) the database once, then pin it for the workers."""
    try:
        ensure_database(settings)
        return pin_build(settings.database_path)
    except Exception as error:  # noqa: BLE001 - every start-up failure is one line
        detail = error if isinstance(error, SeedError) else one_line(error)
        raise StartError(f"no database to serve and none can be built ({detail})") from None


class StartError(RuntimeError):
    """The server cannot start; the message is the one line it says why."""


def serve() -> int:
    """Build the database once, then run uvicorn's workers on that one build."""
    settings = Settings()
    raise_descriptor_limit()
    # Build once here, so several workers never race to build the same file and a restarted
    # worker never builds another; uvicorn has not set up logging yet, so give the build
    # report a handler of its own.
    logging.basicConfig(level=logging.INFO, format="%(levelname)s:     %(message)s")
    # Canonical links, previews and annotations all carry this origin: say which one it is.
    logging.getLogger("uvicorn.error").info("site origin %s (SITE_URL)", settings.site_url)
    try:
        pinned = prepare(settings)
    except StartError as error:
        print(f"cannot start: {error}", file=sys.stderr)
        return 1
    # Read by each worker's Settings (workers start, and restart, with this environment);
    # put back afterwards, so that a caller in the same process (a test) never inherits it.
    earlier = os.environ.get("SERVED_BUILD")
    os.environ["SERVED_BUILD"] = str(pinned)
    try:
        uvicorn.run(
            "app.main:app",
            host=settings.host,
            port=settings.port,
            workers=settings.workers,
            access_log=settings.access_log,
            **SERVER_OPTIONS,
        )
    finally:
        if earlier is None:
            os.environ.pop("SERVED_BUILD", None)
        else:
            os.environ["SERVED_BUILD"] = earlier
        shutil.rmtree(pinned.parent, ignore_errors=True)
    return 0


def export_to(folder: str) -> int:
    """Export the site into `folder`; a refusal or failure is one line on stderr and exit 1."""
    from app.export import ExportError, export

    try:
        return export(Path(folder))
    except (ExportError, OSError, RuntimeError, SeedError) as error:
        print(f"export: {error}", file=sys.stderr)
    except KeyboardInterrupt:
        print("export: interrupted", file=sys.stderr)
    return 1


def run(argv: list[str]) -> int:
    """Serve, or export into a folder; 2 for a command line we do not know."""
    if argv[:1] == ["export"] and len(argv) == 2:
        return export_to(argv[1])
    if argv in ([], ["serve"]):
        return serve()
    print("usage: python -m app [serve] | python -m app export DIR", file=sys.stderr)
    return 2


def main(argv: list[str]) -> int:
    """Run a command; a bad setting is one line on stderr, not a traceback."""
    try:
        return run(argv)
    except SettingsError as error:
        print(error, file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
