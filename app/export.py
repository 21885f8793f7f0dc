"""`python -m app export DIR`: the whole site as plain files at the same URLs.

Every file is the exact body the live server sends for that URL (rendered through the same
app), so any static host, CDN or object store can serve the site without this server.
Pretty URLs become `path/index.html` (pages) or `path/index.json` (API documents).
Each text file also gets `.gz` and `.br` siblings, byte for byte the server's own gzip and
brotli answers, for `gzip_static` and `brotli_static` (nginx) or any host that serves them.
`.404.html` is the app's page for an unknown address, for the host's own 404s.

The export replaces a folder, so it refuses any folder whose loss would hurt: one that it did
not write itself (its marker file lists every file it wrote, and a file added since makes it
refuse too), a file or symbolic link, and the current folder, the checkout or the home folder
or anything holding them. It renders into a new staging folder beside the target, then swaps
the two in one rename; on any failure the staging folder goes and the target stays as it was.
"""

import asyncio
import ctypes
import errno
import os
import secrets
import shutil
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path, PurePosixPath

from app.config import PROJECT_ROOT
from app.main import Explainer, create_app, start
from app.serve.cache import compress, fetch
from app.serve.headers import COMPRESSIBLE

SIBLINGS = ("gz", "gzip"), ("br", "br")  # file suffix, Content-Encoding
# The page the app answers an unknown address with, for a static host's own 404s (nginx:
# scripts/nginx.conf). A dot file: no URL of the site, and served uncompressed, as the app does.
NOT_FOUND_PAGE = ".404.html"
UNKNOWN_ADDRESS = "/.no-such-page"


def file_for(url: str, content_type: str) -> PurePosixPath:
    """Where a URL's body goes in the export: the URL itself, or an index file under it."""
    relative = PurePosixPath(url.lstrip("/"))
    if url == "/":
        return PurePosixPath("index.html")
    if relative.suffix:
        return relative
    index = "index.json" if "json" in content_type else "index.html"
    return relative / index


def _write_sibling(target: Path, suffix: str, body: bytes, encoding: str) -> None:
    target.with_name(f"{target.name}.{suffix}").write_bytes(compress(body, encoding))


async def export_site(app: Explainer, directory: Path) -> list[str]:
    """Render every served document into `directory`; return the URLs written.

    The `.gz` and `.br` siblings are compressed on every core while the next documents render:
    brotli at its best level is most of an export's time, and it lets go of Python's lock.
    """
    start(app)
    arabic = app.arabic  # its pages are fetched through the English app, under /ar/
    urls = sorted(app.state.site.documents | (arabic.state.site.documents if arabic else set()))
    with ThreadPoolExecutor(os.cpu_count() or 1) as compressing:
        siblings = []
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
                    job = compressing.submit(_write_sibling, target, suffix, body, encoding)
                    siblings.append(job)
        for job in siblings:
            job.result()  # a sibling that could not be written fails the export
    status, _, body = await fetch(app, UNKNOWN_ADDRESS)
    if status != 404:
        raise RuntimeError(f"{UNKNOWN_ADDRESS} answered {status}, not the 404 page")
    (directory / NOT_FOUND_PAGE).write_bytes(body)
    app.state.engine.dispose()
    if arabic is not None:
        arabic.state.engine.dispose()
    return urls


MARKER = ".explainer-export"  # lists the files an export wrote: the folder is safe to replace
MARKER_HEAD = (
    "# Written by `python -m app export`, which may replace this folder with a new export.\n"
    "# The files it wrote; any other file here makes the next export refuse the folder.\n"
)


class ExportError(Exception):
    """A target the export refuses to replace, said in one line."""


def protected_places() -> dict[str, Path]:
    """Folders whose loss no export may cause: where the user stands, this checkout, home."""
    places = {"the current folder": Path.cwd(), "this checkout": PROJECT_ROOT}
    try:
        places["your home folder"] = Path.home()
    except RuntimeError:  # no HOME and no password entry: nothing to protect there
        pass
    return {label: place.resolve() for label, place in places.items()}


def check_place(directory: Path, target: Path) -> None:
    """Refuse a target that is, or holds, the current folder, the checkout or the home folder."""
    for label, place in protected_places().items():
        if target == place or target in place.parents:
            holds = "is" if target == place else "holds"
            raise ExportError(f"refusing to replace {directory}: it {holds} {label} ({place})")


def written_files(folder: Path) -> set[str]:
    """Every file and link under `folder`, as paths relative to it."""
    found = set()
    for root, folders, files in os.walk(folder):
        for name in files + [f for f in folders if Path(root, f).is_symlink()]:
            found.add(Path(root, name).relative_to(folder).as_posix())
    return found


def check_contents(directory: Path, target: Path) -> None:
    """Refuse an existing folder unless it is empty or holds only what an export wrote."""
    found = written_files(target)
    if not found:
        return
    marker = target / MARKER
    if marker.is_symlink() or not marker.is_file():
        raise ExportError(
            f"refusing to replace {directory}: it was not written by `python -m app export` "
            "(no marker file); give a new or empty folder"
        )
    listed = set(marker.read_text(encoding="utf-8").splitlines()[2:])
    foreign = sorted(found - listed - {MARKER})
    if foreign:
        raise ExportError(
            f"refusing to replace {directory}: it holds {len(foreign)} file(s) the export did "
            f"not write ({', '.join(foreign[:3])}); move them out first"
        )


def check_writable(directory: Path, target: Path) -> None:
    """Refuse a folder with a read-only part: once swapped out it could not be removed, and
    whoever made it read-only meant to keep it."""
    for root, _, _ in os.walk(target):
        if not os.access(root, os.W_OK | os.X_OK):
            raise ExportError(f"refusing to replace {directory}: {root} is read-only")


def checked_target(directory: Path) -> Path:
    """The real folder to write: new, empty or a previous export's; refused otherwise."""
    if directory.is_symlink():
        raise ExportError(f"refusing to replace {directory}: it is a symbolic link")
    target = directory.resolve()
    check_place(directory, target)
    if target.exists() and not target.is_dir():
        raise ExportError(f"refusing to replace {directory}: it is a file, not a folder")
    if target.is_dir():
        check_contents(directory, target)
        check_writable(directory, target)
    return target


def new_folder_beside(target: Path, role: str) -> Path:
    """Make a folder of a new, unused name beside the target: nothing of the user's is reused."""
    target.parent.mkdir(parents=True, exist_ok=True)
    while True:
        folder = target.with_name(f".{target.name}.{secrets.token_hex(4)}.{role}")
        try:
            folder.mkdir()  # fails if the name is taken: never an existing folder
            return folder
        except FileExistsError:
            continue


def write_marker(folder: Path) -> None:
    """List every file the export wrote, so the next export knows it may replace the folder."""
    listed = "".join(f"{name}\n" for name in sorted(written_files(folder)))
    (folder / MARKER).write_text(MARKER_HEAD + listed, encoding="utf-8")


def exchange(first: Path, second: Path) -> bool:
    """Swap two folders in one step (Linux renameat2 RENAME_EXCHANGE); False where unsupported."""
    renameat2 = getattr(ctypes.CDLL(None, use_errno=True), "renameat2", None)
    if renameat2 is None:
        return False
    at_cwd, rename_exchange = -100, 2
    if renameat2(at_cwd, bytes(first), at_cwd, bytes(second), rename_exchange) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP):
        return False
    raise OSError(code, os.strerror(code), str(second))


def swap(staging: Path, target: Path) -> Path | None:
    """Put the staging folder in the target's place; return where the old export went."""
    if not target.exists():
        staging.rename(target)
        return None
    if exchange(staging, target):
        return staging
    return swap_in_two_steps(staging, target)


def swap_in_two_steps(staging: Path, target: Path) -> Path:
    """Where one-step exchange is missing: move the old export aside, the new one in; undo on
    failure. Between the two renames the target is briefly absent."""
    old = new_folder_beside(target, "old")
    try:
        target.rename(old)  # replaces the empty folder just made
    except OSError:
        old.rmdir()
        raise
    try:
        staging.rename(target)
    except OSError:
        old.rename(target)
        raise
    return old


def remove_previous(old: Path) -> None:
    """Delete the previous export, which the swap moved aside; say so if it cannot."""
    try:
        shutil.rmtree(old)
    except OSError as error:
        raise ExportError(f"could not remove the previous export, left at {old}: {error}") from None


def render_into(folder: Path) -> list[str]:
    """Render the whole site into `folder` through the app; return the URLs written."""
    return asyncio.run(export_site(create_app(), folder))


def export(directory: Path) -> int:
    """Write the site into a fresh folder beside the target, then swap it into place."""
    target = checked_target(directory)
    staging = new_folder_beside(target, "partial")
    try:
        urls = render_into(staging)
        write_marker(staging)
        old = swap(staging, target)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    print(f"exported {len(urls)} URLs to {directory}")
    if old is not None:
        remove_previous(old)
    return 0
