"""Fingerprinted static files: `/static/style.css` is also `/static/style.<hash>.css`.

Pages link the hashed name, whose bytes can never change, so browsers and CDNs may keep it
for a year without asking again (`immutable`); a new stylesheet gets a new name. The plain
names still answer, with a short cache, for anything that linked them before.

Stylesheets are sent minified (rcssmin): their comments say why a rule is there, for whoever
edits them, and cost every page 750 of the 14,336 gzipped bytes its first round trip holds
(style.css alone, measured 2026-12-02).
"""

import hashlib
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

import rcssmin
from starlette.responses import Response
from starlette.staticfiles import StaticFiles
from starlette.types import Scope

PREFIX = "/static/"
# What pages link: the shared sheet and script, the print sheet, and the page-only sheets,
# each linked by the pages that use it so that no page carries the others' rules in its first
# round trip (tests/test_pages.py: every page, with its sheets, in 14 KiB gzipped).
PAGE_SHEETS = (
    "map.css",
    "source.css",
    "timeline.css",
    "phases.css",
    "numbers.css",
    "search.css",
    "framings.css",
    "officials.css",
)
# The sheets are written in logical properties (margin-inline-start, not margin-left), so the
# same files lay out both editions: no sheet of its own for right-to-left pages
# (tests/test_rtl.py).
FINGERPRINTED = ("style.css", "print.css", *PAGE_SHEETS, "copy.js", "favicon.svg")
DIGITS = 10  # hex digits of SHA-256: collisions between two versions of a file are unlikely


@dataclass(frozen=True)
class Assets:
    """Each fingerprinted file's public URL, and which file each hashed name stands for."""

    urls: dict[str, str]  # "style.css" -> "/static/style.0123456789.css"
    files: dict[str, str]  # "style.0123456789.css" -> "style.css"
    minified: dict[str, bytes]  # "style.css" -> the sheet as sent

    @property
    def hashed(self) -> list[str]:
        return list(self.urls.values())


def hashed_name(name: str, data: bytes) -> str:
    """`style.css` with these bytes as `style.<first hex digits of their SHA-256>.css`."""
    path = PurePosixPath(name)
    digest = hashlib.sha256(data).hexdigest()[:DIGITS]
    return f"{path.stem}.{digest}{path.suffix}"


def minify(sheet: bytes) -> bytes:
    """A stylesheet as sent: no comments, no spaces the rules do not need."""
    small: str = rcssmin.cssmin(sheet.decode("utf-8"))
    return small.encode("utf-8")


def fingerprint(directory: Path) -> Assets:
    """Hash the files the pages link, as sent, once: they are part of the code and do not
    change while the app runs."""
    minified = {sheet.name: minify(sheet.read_bytes()) for sheet in directory.glob("*.css")}
    sent = {name: minified.get(name) or (directory / name).read_bytes() for name in FINGERPRINTED}
    files = {hashed_name(name, body): name for name, body in sent.items()}
    urls = {name: f"{PREFIX}{hashed}" for hashed, name in files.items()}
    return Assets(urls=urls, files=files, minified=minified)


class FingerprintedFiles(StaticFiles):
    """The static folder, answering each current hashed name with its file's bytes.

    A hashed name of an older version is a 404 rather than the new bytes: a cache that keeps
    it for a year must never hold other bytes under it.
    """

    def __init__(self, *, directory: Path, assets: Assets) -> None:
        super().__init__(directory=directory)
        self.assets = assets

    async def get_response(self, path: str, scope: Scope) -> Response:
        name = self.assets.files.get(path, path)
        if name in self.assets.minified:
            return Response(self.assets.minified[name], media_type="text/css")
        return await super().get_response(name, scope)
