"""`python -m app export DIR`: the whole site as plain files at the same URLs.

Every file is the exact body the live server sends for that URL (rendered through the same
app), so any static host, CDN or object store can serve the site without this server.
Pretty URLs become `path/index.html` (pages) or `path/index.json` (API documents).
Each text file also gets `.gz` and `.br` siblings, byte for byte the server's own gzip and
brotli answers, for `gzip_static` and `brotli_static` (nginx) or any host that serves them.
"""

import asyncio
import shutil
from pathlib import Path, PurePosixPath

from app.main import create_app, start
from app.serve.cache import ASGIApp, compress, fetch
from app.serve.headers import COMPRESSIBLE

SIBLINGS = ("gz", "gzip"), ("br", "br")  # file suffix, Content-Encoding


def file_for(url: str, content_type: str) -> PurePosixPath:
    """Where a URL's body goes in the export: the URL itself, or an index file under it."""
    relative = PurePosixPath(url.lstrip("/"))
    if url == "/":
        return PurePosixPath("index.html")
    if relative.suffix:
        return relative
    index = "index.json" if "json" in content_type else "index.html"
    return relative / index


async def export_site(app: ASGIApp, directory: Path) -> list[str]:
    """Render every served document into `directory`; return the URLs written."""
    start(app)
    urls = sorted(app.state.site.documents)
    for url in urls:
        status, headers, body = await fetch(app, url)
        if status != 200:
            raise RuntimeError(f"{url} answered {status}; the export would be incomplete")
        content_type = dict(headers).get(b"content-type", b"").decode()
        target = directory / file_for(url, content_type)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(body)
        if content_type.encode().startswith(COMPRESSIBLE):
            for suffix, encoding in SIBLINGS:
                target.with_name(f"{target.name}.{suffix}").write_bytes(compress(body, encoding))
    app.state.engine.dispose()
    return urls


def export(directory: Path) -> int:
    """Write the site into a fresh folder beside the target, then move it into place."""
    staging = directory.with_name(f".{directory.name}.partial")
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir(parents=True)
    urls = asyncio.run(export_site(create_app(), staging))
    shutil.rmtree(directory, ignore_errors=True)
    staging.rename(directory)
    print(f"exported {len(urls)} URLs to {directory}")
    return 0
