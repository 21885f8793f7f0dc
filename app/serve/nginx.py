"""`python -m app.serve.nginx`: scripts/nginx.conf filled in for one export and one replica.

The template holds the layout (locations, types, maps); the headers every reply carries come
from app/serve/headers.py, so the nginx answers and the app's cannot drift apart.
"""

import argparse
import json
import sys
from http import HTTPStatus
from pathlib import Path

from app.config import PROJECT_ROOT, Settings
from app.data.urls import ARABIC, MAX_PATH
from app.serve.guard import DEFAULT_ALLOWED_HEADERS, REFUSALS
from app.serve.headers import (
    ASSET_CACHE,
    EVERY_REPLY,
    HSTS,
    IMMUTABLE_CACHE,
    MAX_QUERY,
    PAGE_CACHE,
)
from app.serve.protocol import MAX_HEAD
from app.web.errors import LONGEST_INSTANCE, NO_SUCH_PAGE

TEMPLATE = PROJECT_ROOT / "scripts" / "nginx.conf"
INDENT = " " * 4


def header_lines(site_url: str) -> tuple[str, str]:
    """`add_header … always` for the app's every-reply headers; `proxy_hide_header` for each."""
    headers = list(EVERY_REPLY)
    if site_url.startswith("https://"):
        headers.append(HSTS)
    for name, value in headers:
        if b'"' in value or b"\\" in value or b"$" in value:
            raise ValueError(f"{name.decode()} cannot be written as an nginx string")
    add = [f'{INDENT}add_header {n.decode()} "{v.decode()}" always;' for n, v in headers]
    hide = [f"{INDENT}proxy_hide_header {n.decode()};" for n, _ in headers]
    return "\n".join(add), "\n".join(hide)


def problem_head(status: int, detail: str) -> str:
    """The app's problem+json body up to its `instance` (app/web/errors.py), for nginx to end
    with `$explainer_instance}`: the same bytes, key order and separators as JSONResponse."""
    body = {"type": "about:blank", "title": HTTPStatus(status).phrase, "status": status}
    text = json.dumps({**body, "detail": detail}, ensure_ascii=False, separators=(",", ":"))
    if any(c in text for c in "'$\\"):
        raise ValueError(f"the {status} detail cannot be written as an nginx string")
    return text[:-1]


# Each page's and JSON twin's language, by the file nginx found ($uri): the app says it in
# Content-Language while it serves both editions (app/web/views.py `with_language`). Not the
# API's or the downloads' JSON, which are no page's twin; searches pass on the app's own.
LANGUAGE_BY_URI = f"""\
    ~^{ARABIC}/(.*/)?index\\.html$ ar;
    ~^{ARABIC}/.+\\.json$ ar;
    /openapi.json "";
    /search.json "";
    {ARABIC}/search.json "";
    ~^/api/ "";
    ~^/downloads/[^/]+\\.json$ "";
    ~/index\\.html$ en;
    ~\\.json$ en;"""


def language_lines(root: Path) -> str:
    """The Content-Language map's entries when the export holds both editions (its `ar/`
    folder, written while the app mounts the Arabic edition); none for the English site alone,
    whose answers carry no Content-Language."""
    return LANGUAGE_BY_URI if (root / ARABIC.strip("/")).is_dir() else ""


def render(root: Path, listen: str, upstream: str, site_url: str) -> str:
    """The nginx server block for an export in `root`, listening on `listen`."""
    add, hide = header_lines(site_url)
    fields = {
        "@ROOT@": str(root),
        "@LISTEN@": listen,
        "@UPSTREAM@": upstream,
        "@SITE_URL@": site_url.rstrip("/"),
        "@IMMUTABLE_CACHE@": IMMUTABLE_CACHE.decode(),
        "@ASSET_CACHE@": ASSET_CACHE.decode(),
        "@PAGE_CACHE@": PAGE_CACHE.decode(),
        "@HEADERS@": add,
        "@HIDE_HEADERS@": hide,
        "@LANGUAGE_BY_URI@": language_lines(root),
        "@PROBLEM_404@": problem_head(404, NO_SUCH_PAGE),
        "@PROBLEM_400@": problem_head(400, REFUSALS[400]),
        "@PROBLEM_405@": problem_head(405, REFUSALS[405]),
        "@PROBLEM_414@": problem_head(414, REFUSALS[414]),
        # The app's limits, imported rather than copied into the template.
        "@ALLOWED_HEADERS@": DEFAULT_ALLOWED_HEADERS.decode(),
        "@INSTANCE_REST@": str(LONGEST_INSTANCE - 1),  # after the path's leading slash
        "@PATH_OVER@": str(MAX_PATH + 1),
        "@QUERY_OVER@": str(MAX_QUERY + 1),
        "@MAX_HEAD@": f"{MAX_HEAD // 1024}k",
    }
    text = TEMPLATE.read_text(encoding="utf-8")
    for field, value in fields.items():
        text = text.replace(field, value)
    return text


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m app.serve.nginx", description=__doc__)
    parser.add_argument("--root", required=True, type=Path, help="the export's folder")
    parser.add_argument("--listen", default="80", help="nginx `listen` value (default 80)")
    parser.add_argument("--upstream", default="127.0.0.1:8000", help="a replica, host:port")
    args = parser.parse_args(argv)
    site_url = Settings().site_url
    sys.stdout.write(render(args.root.resolve(), args.listen, args.upstream, site_url))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
