"""Helpers shared by the tests (fixtures live in conftest.py): running the loader on a seed,
reading links and our own words out of pages, and the one list of hostile inputs.
"""

import gzip
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import urllib.request
from datetime import date
from html.parser import HTMLParser
from pathlib import Path
from typing import Any, Literal
from urllib.parse import urlsplit

import pytest
from fastapi.testclient import TestClient

from app.config import PROJECT_ROOT, Settings
from app.main import Explainer
from app.serve.cache import Cache

# What a test client asks for unless a test names an encoding (tests/conftest.py `client`).
IDENTITY = {"accept-encoding": "identity"}
TODAY = date(2026, 11, 26)  # deadline status is tested against a fixed date
TINY_SEED = Path(__file__).parent / "fixtures" / "seed"  # an invented article, for unit tests

# ---------------------------------------------------------------------------------------
# The seed and the loader


def loader_env(settings: Settings) -> dict[str, str]:
    """The environment that points `python -m app.loader` at these settings' seed and database."""
    return {
        **os.environ,
        "SEED_DIR": str(settings.seed_dir),
        "DATABASE_PATH": str(settings.database_path),
        "ARABIC_EDITION": "1" if settings.arabic_edition else "0",
    }


LOADER = [sys.executable, "-m", "app.loader"]


def run_loader(settings: Settings) -> subprocess.CompletedProcess[str]:
    """Run the loader as an editor would, capturing what it prints."""
    return subprocess.run(
        LOADER,
        capture_output=True,
        text=True,
        env=loader_env(settings),
        cwd=PROJECT_ROOT,
        timeout=60,
    )


def edit_facts(settings: Settings, old: str, new: str) -> None:
    """Replace the first `old` in the seed's facts.toml, as a hand edit would."""
    text = settings.facts_path.read_text(encoding="utf-8")
    assert old in text, f"test setup: {old!r} is not in facts.toml"
    settings.facts_path.write_text(text.replace(old, new, 1), encoding="utf-8")


def assert_refused(settings: Settings, old: str, new: str, expected: str) -> None:
    """Edit the seed's facts.toml as an editor would; the build must refuse it in one line
    containing `expected`, and leave no database behind."""
    from app.config import SeedError
    from app.loader.loader import build

    edit_facts(settings, old, new)
    with pytest.raises(SeedError) as refused:
        build(settings)
    message = str(refused.value)
    assert "\n" not in message
    assert expected in message
    assert not settings.database_path.exists()


def append_corrections(settings: Settings, text: str) -> None:
    """Add entries at the end of the seed's corrections.toml."""
    with settings.corrections_path.open("a", encoding="utf-8") as log:
        log.write("\n" + text)


# ---------------------------------------------------------------------------------------
# The site


def app_of(client: TestClient) -> Explainer:
    """The app a TestClient drives: the client knows it only as some ASGI app, and tests read
    its state (site, settings, engine) as the server does."""
    app = client.app
    assert isinstance(app, Explainer)
    return app


def documents(client: TestClient) -> set[str]:
    """Every URL the app serves as a document (what the export writes): the English site's and,
    with the Arabic edition mounted (on by default), its /ar/ pages and twins too."""
    app = app_of(client)
    arabic = app.arabic
    return set(app.state.site.documents) | (
        set() if arabic is None else arabic.state.site.documents
    )


def one_of_each_kind(documents: list[str]) -> list[str]:
    """The first document of each kind: its first path segment (two under /api, and /ar's
    pages by their own) and its depth (/facts, /facts/…, /api/facts/…, /cards/…). What a test
    checks of every document's bytes, it checks of these in every encoding: compression is one
    function of the bytes and the size, the same for every document of a kind."""
    kinds: dict[tuple[str, ...], str] = {}
    for path in documents:
        parts = path.strip("/").split("/")
        kind = parts[:2] if parts[0] in ("api", "ar") else parts[:1]
        kinds.setdefault((*kind, str(len(parts))), path)
    return list(kinds.values())


def cache_of(client: TestClient) -> Cache:
    """The started app's in-memory cache: the outermost layer of its middleware stack."""
    layer = app_of(client).middleware_stack
    assert isinstance(layer, Cache)
    return layer


def site_paths(client: TestClient) -> list[str]:
    """Every HTML page the site map lists."""
    return [page.path for page in app_of(client).state.site.pages]


def every_page(client: TestClient) -> list[str]:
    """Every HTML page of both editions: the English site's, then the Arabic edition's (on by
    default), for the checks every page must pass in any language (valid, accessible, light)."""
    arabic = app_of(client).arabic
    extra = [] if arabic is None else [page.path for page in arabic.state.site.pages]
    return [*site_paths(client), *extra]


# The colour schemes pages are checked in, in Playwright's words.
Scheme = Literal["light", "dark"]
SCHEMES: list[Scheme] = ["light", "dark"]


def assign(target: object, name: str, value: object) -> None:
    """Set an attribute as careless code would, past the type checker (which refuses a frozen
    field before anything runs): the tests that call it check the object refuses it too."""
    setattr(target, name, value)


def found(pattern: str, text: str) -> re.Match[str]:
    """The pattern's first match in the text: the test stops here, saying so, if there is none."""
    match = re.search(pattern, text)
    assert match, f"no {pattern!r} in {text[:120]!r}…"
    return match


SITE = "http://127.0.0.1:8000"  # the test settings' SITE_URL

ONE_ROUND_TRIP = 14 * 1024
SCREEN_CSS = re.compile(r'<link rel="stylesheet" href="([^"]+)">')  # not media="print"


def page_weight(client: TestClient, path: str) -> int:
    """A page and every stylesheet it needs on screen, gzipped: what the first round trip holds."""
    page = client.get(path)
    assert page.status_code == 200, path
    sheets = SCREEN_CSS.findall(page.text)
    assert sheets, path
    css = sum(len(gzip.compress(client.get(sheet).content, 9)) for sheet in sheets)
    return len(gzip.compress(page.content, 9)) + css


def as_twin(value: Any, key: str = "") -> Any:
    """An /api answer as its page's `.json` twin has it: items unwrapped, URLs as paths.

    The API resolves every `url` and `*_url` against SITE_URL and wraps lists in
    {count, items, links}; undoing both must give the twin's data exactly.
    """
    if isinstance(value, dict) and set(value) == {"count", "items", "links"}:
        return as_twin(value["items"])
    if isinstance(value, dict):
        return {name: as_twin(item, name) for name, item in value.items()}
    if isinstance(value, list):
        return [as_twin(item, key) for item in value]
    if (key == "url" or key.endswith("_url")) and isinstance(value, str):
        return value.removeprefix(SITE)
    return value


def twin_data(value: Any) -> Any:
    """An English `.json` twin as the API carries the same data: without the `"lang": "en"` an
    object twin starts with while the site has both editions. `lang` is the twins' own field
    (issue 22: each edition's twin says its language); the API is English only and does not
    carry it, so comparing the two leaves it out (after checking it says English)."""
    if isinstance(value, dict) and "lang" in value:
        assert value["lang"] == "en", value["lang"]
        return {name: item for name, item in value.items() if name != "lang"}
    return value


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


FIRST_FACT = "/facts/(first)"  # in a list of paths: the page of the fact the data lists first


def first_fact(server: str) -> dict[str, Any]:
    """The fact the running server lists first, in full: a page to test that names no fact
    of the real seed, so retiring one never turns a code test red."""
    with urllib.request.urlopen(f"{server}/facts.json") as response:
        fact_id = json.load(response)[0]["id"]
    with urllib.request.urlopen(f"{server}/api/facts/{fact_id}") as response:
        return dict(json.load(response))


def resolve(server: str, path: str) -> str:
    """A path from a parametrized list, FIRST_FACT made the first fact's page."""
    return f"/facts/{first_fact(server)['id']}" if path == FIRST_FACT else path


# How to install each third-party tool the tests drive, for the one-line message when it is
# missing. `scripts/test` (and `.ci/run` through it) installs them all.
INSTALL = {
    "chromium": "apt-get install -y chromium (Debian's; never `playwright install`)",
    "java": "apt-get install -y default-jre-headless",
    "nginx": "apt-get install -y nginx",
    "nginx-brotli": "apt-get install -y libnginx-mod-http-brotli-static",
    "vnu": "npm install --prefix .venv/vnu vnu-jar@26 (or run scripts/test)",
    "redocly": "npm install --prefix .venv/redocly @redocly/cli@2 (or run scripts/test)",
    "python": "scripts/setup test",
    "tesseract-ara": "apt-get install -y tesseract-ocr tesseract-ocr-ara",
    "amiri": "apt-get install -y fonts-hosny-amiri",
}


def tools_required() -> bool:
    """In CI and under `scripts/test` a missing tool fails; a bare `pytest` run skips, loudly."""
    flags = (os.environ.get(name, "").lower() for name in ("CI", "REQUIRE_TOOLS"))
    return any(flag in ("1", "true") for flag in flags)


def require_tool(path: Path | str, what: str, install: str) -> str:
    """The tool's path, or one line on how to install it: a failure in CI and under
    `scripts/test` (a check that cannot run must not pass), a skip in a bare local run."""
    found = Path(path) if Path(path).is_absolute() else shutil.which(str(path))
    if found is None or not Path(found).exists():
        message = f"{what} not found ({path}): {INSTALL[install]}"
        if tools_required():
            pytest.fail(message, pytrace=False)
        pytest.skip(message)
    return str(found)


# ---------------------------------------------------------------------------------------
# Hostile inputs: tried as path segments, search queries and raw request targets.

HOSTILE_INPUTS = [
    "nope",
    "../../etc/passwd",
    "..%2f..%2fapp%2fmain.py",
    "%2e%2e/%2e%2e/seed/facts.toml",
    "%252e%252e%252f",
    "....//....//",
    "/etc/passwd",
    "\\..\\..\\windows",
    "%00",
    "a%00b",
    "x\x00y",
    "%ff%fe",
    "%c0%af",
    "%E2%80%AE",
    "%",
    "<script>alert(1)</script>",
    "%3Cscript%3Ealert(1)%3C%2Fscript%3E",
    "' OR 1=1 --",
    '"',
    "AND OR NOT",
    "NEAR(a b)",
    "title:*",
    "*",
    "((",
    "^",
    "-",
    "\\",
    "🙂🇮🇶",
    "x" * 3000,
    "a" * 10_000,
]

# ---------------------------------------------------------------------------------------
# Links in a page (the standard library's parser is enough)


class LinkCollector(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []
        self.resources: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "a" and values.get("href"):
            self.links.append(str(values["href"]))
        if tag == "link" and values.get("href"):
            self.resources.append(str(values["href"]))
        if tag in ("script", "img") and values.get("src"):
            self.resources.append(str(values["src"]))
        if tag == "meta" and str(values.get("content", "")).startswith("http"):
            self.resources.append(str(values["content"]))
        if values.get("id"):
            self.ids.add(str(values["id"]))


def collect(html: str) -> LinkCollector:
    collector = LinkCollector()
    collector.feed(html)
    return collector


# ---------------------------------------------------------------------------------------
# The words the site writes itself, for the editorial rules' tests.
#
# The article's own words (passages, quotes, marked spans, search snippets) and the record of
# earlier wordings kept by corrections are left out: the rules hold our words to the article,
# not the article to itself.

BLOCKS = {
    "p", "li", "dt", "dd", "h1", "h2", "h3", "h4", "figcaption", "title", "desc", "text",
    "summary", "caption", "th", "td", "label", "button", "a",
}  # fmt: skip
SKIPPED_TAGS = {"blockquote", "pre", "code", "script", "style", "mark"}
SKIPPED_CLASSES = {"passage-text", "before", "snippet", "quote", "passage-context", "hash"}
ATTRIBUTES = ("alt", "aria-label", "title")
META = ("description", "og:title", "og:description", "og:image:alt", "twitter:title",
        "twitter:description", "twitter:image:alt")  # fmt: skip
VOID = {"meta", "link", "img", "input", "br", "hr", "source"}


class OwnWords(HTMLParser):
    """Split a page into blocks of our own text: elements, titles, meta tags, attributes."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[str] = []
        self.short_forms: list[str] = []  # titles, meta descriptions, alt and aria texts
        self._stack: list[tuple[str, bool]] = []
        self._current: list[str] = []

    @property
    def _skipping(self) -> bool:
        return any(skip for _, skip in self._stack)

    def _flush(self) -> None:
        text = " ".join("".join(self._current).split())
        if text:
            self.blocks.append(text)
        self._current = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        if tag == "meta" and (values.get("name") or values.get("property")) in META:
            self.short_forms.append(values.get("content", ""))
        for name in ATTRIBUTES:
            if values.get(name) and tag not in ("link",):
                self.short_forms.append(values[name])
        if tag in VOID:
            return
        classes = set(values.get("class", "").split())
        skip = tag in SKIPPED_TAGS or bool(classes & SKIPPED_CLASSES)
        # Arabic words on an English page (the corrections log's Arabic wordings, marked
        # lang="ar"): the rules here read English; the Arabic pages' tests and the loader's
        # checks of seed/ar hold the Arabic words to GUIDE section 10.
        skip = skip or values.get("lang") == "ar"
        if tag in BLOCKS and not self._skipping:
            self._flush()
        self._stack.append((tag, skip))

    def handle_endtag(self, tag: str) -> None:
        if tag in VOID:
            return
        while self._stack:
            name, _ = self._stack.pop()
            if name == tag:
                break
        if tag in BLOCKS and not self._skipping:
            self._flush()

    def handle_data(self, data: str) -> None:
        if not self._skipping and self._stack and self._stack[-1][0] != "script":
            self._current.append(data)
        if self._stack and self._stack[-1][0] == "title":
            self.short_forms.append(data)


def own_words(html: str) -> tuple[list[str], list[str]]:
    """Return (text blocks, short forms) of our own words on a page."""
    parser = OwnWords()
    parser.feed(html)
    parser.close()
    return parser.blocks, parser.short_forms


# JSON fields that hold the article's words or a reader's input, never ours.
ARTICLE_FIELDS = {"quote", "exact", "prefix", "suffix", "snippet", "snippet_html", "before",
                  "query", "text_fragment"}  # fmt: skip
# A correction of the Arabic edition's words in an English document: its Arabic fields, held to
# GUIDE section 10 by the loader and the Arabic pages' tests, not to the English rules.
ARABIC_CORRECTION_FIELDS = {"after", "reason_ar"}


def json_strings(value: object, key: str = "") -> list[str]:
    """Every string our JSON documents write, leaving out the article's words."""
    if isinstance(value, str):  # ids, URLs and hashes have no spaces: they are not prose
        return [] if key in ARTICLE_FIELDS or not re.search(r"\s", value) else [value]
    if isinstance(value, dict):
        if value.get("lang") == "ar" and "reason_ar" in value:  # an Arabic correction
            value = {k: v for k, v in value.items() if k not in ARABIC_CORRECTION_FIELDS}
        if value.get("kind") in ("body", "caption", "bio", "clutter") and "number" in value:
            value = {k: v for k, v in value.items() if k != "text"}  # a passage: the article
        return [s for k, v in value.items() for s in json_strings(v, k)]
    if isinstance(value, list):
        return [s for item in value for s in json_strings(item, key)]
    return []


def sentences(text: str) -> list[str]:
    """Split prose into sentences (and semicolon clauses), keeping abbreviations whole."""
    protected = re.sub(r"\b(U\.S|D\.C|Dec|Oct|Sept|Jan|Aug|Gen|Mr|Ms|Dr)\.", r"\1§", text)
    parts = re.split(r"(?<=[.!?;])\s+(?=[A-Z“])", protected)
    return [part.replace("§", ".") for part in parts if part.strip()]


def address(live_server: str) -> tuple[str, int]:
    """The live server's host and port, for raw sockets."""
    parts = urlsplit(live_server)
    return parts.hostname or "127.0.0.1", parts.port or 80


def read_until_closed(sock: socket.socket) -> bytes:
    """Everything the server sends until it closes the connection (or the socket times out)."""
    chunks = []
    try:
        while chunk := sock.recv(65536):
            chunks.append(chunk)
    except OSError:
        pass
    return b"".join(chunks)


def export_into(settings: Settings, folder: Path) -> subprocess.CompletedProcess[str]:
    """Run the real command, `python -m app export DIR`, against the test database."""
    env = {
        **os.environ,
        "DATABASE_PATH": str(settings.database_path),
        "SEED_DIR": str(settings.seed_dir),
        "SITE_URL": settings.site_url,
        "TODAY": settings.today().isoformat(),
        "ARABIC_EDITION": "1" if settings.arabic_edition else "0",
    }
    command = [sys.executable, "-m", "app", "export", str(folder)]
    return subprocess.run(
        command, env=env, cwd=PROJECT_ROOT, capture_output=True, text=True, timeout=120
    )


# ---------------------------------------------------------------------------------------
# The Nu Html Checker (npm vnu-jar), run once over many pages.

VNU = Path(
    os.environ.get("VNU_JAR", PROJECT_ROOT / ".venv/vnu/node_modules/vnu-jar/build/dist/vnu.jar")
)


def vnu_errors(client: TestClient, paths: list[str], folder: Path) -> list[str]:
    """Every error the checker finds in these pages, as "path: message" (one Java start-up)."""
    java = require_tool("java", "Java, for the Nu Html Checker", "java")
    require_tool(VNU, "vnu.jar (npm vnu-jar)", "vnu")
    for number, path in enumerate(paths):
        (folder / f"page-{number}.html").write_bytes(client.get(path).content)
    result = subprocess.run(
        [java, "-jar", str(VNU), "--errors-only", "--format", "json", str(folder)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    messages = json.loads(result.stderr or result.stdout)["messages"]
    return [
        f"{paths[int(m['url'].rsplit('page-', 1)[1].split('.')[0])]}: {m['message']}"
        for m in messages
        if m["type"] == "error"
    ]
