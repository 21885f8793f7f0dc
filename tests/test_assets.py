"""Static files: pages link fingerprinted names that caches may keep for a year."""

import hashlib
import re

import lxml.html
from cssselect import GenericTranslator
from fastapi.testclient import TestClient
from helpers import site_paths

from app.config import STATIC_DIR
from app.web.assets import PAGE_SHEETS, minify

YEAR = "public, max-age=31536000, immutable"
HASHED = re.compile(r"/static/(?P<stem>[\w-]+)\.(?P<digest>[0-9a-f]{10})(?P<suffix>\.\w+)")


def tokens(css: str) -> str:
    """A sheet's rules without comments or the spaces around punctuation: two sheets that
    differ only in those read alike (a check of the minifier, not a CSS parser)."""
    css = re.sub(r"/\*.*?\*/", "", css, flags=re.S)
    css = re.sub(r"\s*([{}:;,>()])\s*", r"\1", css)
    return re.sub(r"\s+", " ", css).strip().replace(";}", "}")


def hashed(url: str) -> re.Match[str]:
    """A fingerprinted name's parts; the test stops here if the URL is not one."""
    match = HASHED.fullmatch(url)
    assert match, f"{url} is not a fingerprinted name"
    return match


def linked_assets(html: str) -> set[str]:
    return set(re.findall(r'(?:href|src)="(/static/[^"]+)"', html))


def every_linked_asset(client: TestClient) -> set[str]:
    """What any page links: the shared files and every page-only sheet."""
    return {url for path in site_paths(client) for url in linked_assets(client.get(path).text)}


CSS_COMMENT = re.compile(r"/\*.*?\*/", re.S)
CSS_RULE = re.compile(r"([^{}]+)\{[^{}]*\}")  # innermost rules: those inside @media too
CLASS_NAME = re.compile(r"\.([A-Za-z][\w-]*)")
PSEUDO = re.compile(r"::?[a-z-]+(\([^)]*\))?")  # :hover, ::before: not part of what is shown
# Beyond the site map: search's answers (results, a suggestion, nothing found) and a 404.
MORE_PAGES = ["/search?q=withdraw", "/search?q=withdrawl", "/search?q=qqqzzz", "/no-such-page"]


def selectors(sheet: str) -> list[str]:
    """Every selector of a stylesheet's rules, one per comma."""
    css = CSS_COMMENT.sub("", (STATIC_DIR / sheet).read_text())
    return [part.strip() for rule in CSS_RULE.findall(css) for part in rule.split(",")]


def own_selectors(sheet: str) -> dict[str, str]:
    """A page-only sheet's selectors that name a class the shared sheet never mentions, each
    with its XPath: the elements that sheet exists for (its `:root` colours are not among them)."""
    shared = {name for s in selectors("style.css") for name in CLASS_NAME.findall(s)}
    own = [s for s in selectors(sheet) if set(CLASS_NAME.findall(s)) - shared]
    return {s: GenericTranslator().css_to_xpath(PSEUDO.sub("", s)) for s in own}


def test_every_page_links_its_css_script_and_icon_by_content_hash(client: TestClient) -> None:
    expected = {url for url in linked_assets(client.get("/").text) if "/static/map." not in url}
    assert {hashed(url)["suffix"] for url in expected} == {".css", ".js", ".svg"}
    for path in site_paths(client):
        linked = linked_assets(client.get(path).text)
        # Every page links the shared files; some add a sheet of their own (PAGE_SHEETS).
        assert expected <= linked, path
        assert all(HASHED.fullmatch(url) for url in linked), path
    assert any("/static/map." in url for url in linked_assets(client.get("/regions").text))


def test_a_hashed_name_is_the_hash_of_the_bytes_it_serves(client: TestClient) -> None:
    for url in every_linked_asset(client):
        name = HASHED.fullmatch(url)
        assert name, url
        body = client.get(url, headers={"accept-encoding": "identity"}).content
        assert hashlib.sha256(body).hexdigest().startswith(name["digest"]), url
        source = (STATIC_DIR / f"{name['stem']}{name['suffix']}").read_bytes()
        assert body == (minify(source) if name["suffix"] == ".css" else source), url


def test_stylesheets_are_sent_minified_and_mean_the_same(client: TestClient) -> None:
    """No comments, no spaces the rules do not need; and the same rules as the source."""
    for url in every_linked_asset(client):
        if not url.endswith(".css"):
            continue
        sent = client.get(url).text
        name = HASHED.fullmatch(url)
        assert name
        source = (STATIC_DIR / f"{name['stem']}.css").read_text(encoding="utf-8")
        assert "/*" not in sent and "\n" not in sent.strip() and len(sent) < len(source), url
        assert tokens(sent) == tokens(source), url


def test_hashed_names_are_cached_for_a_year_and_plain_names_briefly(client: TestClient) -> None:
    for url in every_linked_asset(client):
        response = client.get(url)
        assert response.status_code == 200
        assert response.headers["cache-control"] == YEAR, url
        name = HASHED.fullmatch(url)
        assert name
        plain = client.get(f"/static/{name['stem']}{name['suffix']}")
        assert plain.status_code == 200 and plain.content == response.content
        assert plain.headers["cache-control"] == "public, max-age=300", url


def test_a_hash_of_other_bytes_is_not_found_rather_than_new_bytes(client: TestClient) -> None:
    response = client.get("/static/style.0123456789.css")
    assert response.status_code == 404
    assert "immutable" not in response.headers.get("cache-control", "")


def test_hashed_names_revalidate_like_any_document(client: TestClient) -> None:
    url = next(u for u in linked_assets(client.get("/").text) if u.endswith(".css"))
    etag = client.get(url).headers["etag"]
    again = client.get(url, headers={"if-none-match": etag})
    assert again.status_code == 304
    assert again.headers["cache-control"] == YEAR


def test_every_page_only_sheet_is_linked_by_some_page(client: TestClient) -> None:
    linked = {url.split("/")[-1].split(".")[0] for url in every_linked_asset(client)}
    assert {sheet.removesuffix(".css") for sheet in PAGE_SHEETS} <= linked


def test_a_page_links_the_page_only_sheets_it_shows_and_no_others(client: TestClient) -> None:
    """A page showing a sheet's elements must load it (or they appear unstyled); a page that
    shows none must not (its rules would only weigh down the page's first round trip)."""
    own = {sheet: own_selectors(sheet) for sheet in PAGE_SHEETS}
    for path in [*site_paths(client), *MORE_PAGES]:
        html = client.get(path).text
        page = lxml.html.fromstring(html)
        linked = {url.split("/")[-1].split(".")[0] for url in linked_assets(html)}
        for sheet, xpaths in own.items():
            shown = [css for css, xpath in xpaths.items() if page.xpath(xpath)]
            assert bool(shown) == (sheet.removesuffix(".css") in linked), (path, sheet, shown)
