"""`python -m app` serves the site; `python -m app export DIR` writes it out as static files.

Serving uses uvicorn with uvloop and httptools on HOST:PORT (127.0.0.1:8000 by default) and
WEB_CONCURRENCY worker processes (1 by default).
"""

import logging
import sys
from pathlib import Path

import uvicorn

from app.config import Settings
from app.data.db import ensure_database

# uvicorn's fast extras, and no version banner; the tests' live server uses the same.
SERVER_OPTIONS = {
    "loop": "uvloop",
    "http": "httptools",
    "server_header": False,
    "proxy_headers": False,
}


def serve() -> int:
    settings = Settings()
    # Build once here, so several workers never race to build the same file; uvicorn has not
    # set up logging yet, so give the build report a handler of its own.
    logging.basicConfig(level=logging.INFO, format="%(levelname)s:     %(message)s")
    ensure_database(settings)
    uvicorn.run(
        "app.main:app",
        host=settings.host,
        port=settings.port,
        workers=settings.workers,
        access_log=settings.access_log,
        **SERVER_OPTIONS,
    )
    return 0


def main(argv: list[str]) -> int:
    if argv[:1] == ["export"] and len(argv) == 2:
        from app.serve.export import export

        return export(Path(argv[1]))
    if argv in ([], ["serve"]):
        return serve()
    print("usage: python -m app [serve] | python -m app export DIR", file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
