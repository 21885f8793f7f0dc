"""A bare ASGI app that replays recorded responses: the server's own ceiling, for scripts/bench.

Usage: python scripts/bare.py RESPONSES.json --port 8164 --workers 2
RESPONSES.json maps each path to the status, headers and body (base64) the app sent for it
(scripts/bench records them from the running app). The replay runs on the app's uvicorn
settings (`app.__main__.SERVER_OPTIONS`), so app/bare is what the app's own layers cost.
"""

import argparse
import base64
import json
import os
from pathlib import Path
from typing import Any

Response = tuple[int, list[tuple[bytes, bytes]], bytes]
NOT_FOUND: Response = (404, [(b"content-length", b"0")], b"")
# uvicorn hands each worker process this module by name, not the command line: the path to
# the recording goes through the environment it inherits.
RECORDING = "BARE_RESPONSES"


def _response(recorded: dict[str, Any]) -> Response:
    pairs = recorded["headers"]
    headers = [(name.encode("latin-1"), value.encode("latin-1")) for name, value in pairs]
    return recorded["status"], headers, base64.b64decode(recorded["body"])


def load(path: Path) -> dict[str, Response]:
    """Read a recording written by `scripts/bench` (see `record` there)."""
    return {url: _response(recorded) for url, recorded in json.loads(path.read_text()).items()}


RESPONSES = load(Path(os.environ[RECORDING])) if RECORDING in os.environ else {}


async def app(scope: dict[str, Any], receive: Any, send: Any) -> None:
    """Answer every HTTP request with the recorded bytes for its path; no lifespan work."""
    if scope["type"] != "http":
        return
    status, headers, body = RESPONSES.get(scope["path"], NOT_FOUND)
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})


def main() -> None:
    import uvicorn

    from app.__main__ import SERVER_OPTIONS, raise_descriptor_limit

    parser = argparse.ArgumentParser()
    parser.add_argument("responses", type=Path)
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--workers", type=int, default=1)
    args = parser.parse_args()
    os.environ[RECORDING] = str(args.responses.resolve())
    raise_descriptor_limit()
    uvicorn.run(
        "bare:app",
        app_dir=str(Path(__file__).parent),
        host="127.0.0.1",
        port=args.port,
        workers=args.workers,
        access_log=False,
        **SERVER_OPTIONS,
    )


if __name__ == "__main__":
    main()
