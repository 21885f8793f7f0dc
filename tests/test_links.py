"""Links people share: permalinks, canonical URLs, previews, JSON twins, caching, downloads."""

import csv
import gzip
import hashlib
import io
import json
import re
import sqlite3
import xml.etree.ElementTree as ET
from html import escape
from html import unescape as html_unescape

import brotli
from fastapi.testclient import TestClient
from helpers import app_of, as_twin, found, site_paths, twin_data
from PIL import Image

from app.config import Settings
from app.data import urls
from app.main import create_app

SITE = "http://127.0.0.1:8000"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def meta(html: str, key: str) -> str:
    found = re.search(rf'<meta (?:property|name)="{re.escape(key)}" content="([^"]*)"', html)
    assert found, key
    return found.group(1)


def test_every_fact_has_a_permalink_and_an_anchor_where_listed(client: TestClient) -> None:
    listing = client.get("/facts").text
    for fact in client.get("/api/facts").json()["items"]:
        assert client.get(fact["url"]).status_code == 200
        assert f'id="{fact["id"]}"' in listing
        assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", fact["id"])


def test_every_page_has_canonical_previews_and_a_specific_title(client: TestClient) -> None:
    titles = set()
    for path in site_paths(client):
        html = client.get(path).text
        assert f'<link rel="canonical" href="{SITE}{path}">' in html
        title = found(r"<title>([^<]+)</title>", html).group(1)
        titles.add(title)
        assert meta(html, "og:title") and meta(html, "description")
        assert meta(html, "og:url") == f"{SITE}{path}"
        assert meta(html, "twitter:card") == "summary_large_image"
        assert meta(html, "og:image").startswith(f"{SITE}/cards/")
    assert len(titles) == len(site_paths(client))


def test_every_preview_image_is_a_1200_by_630_png(client: TestClient) -> None:
    for path in site_paths(client):
        image_url = meta(client.get(path).text, "og:image").removeprefix(SITE)
        response = client.get(image_url)
        assert response.headers["content-type"] == "image/png"
        image = Image.open(io.BytesIO(response.content))
        assert image.size == (1200, 630) and image.format == "PNG"


def test_json_ld_names_the_article_and_the_quotes_with_their_speakers(client: TestClient) -> None:
    article = client.get("/api/article").json()
    speakers = client.get("/api/officials?expand=statements").json()["items"]
    quoted = set()
    for speaker in [s for s in speakers if s["standing"] == "source"]:
        html = client.get(speaker["url"].removeprefix(SITE)).text
        block = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
        assert block, speaker["slug"]
        graph = json.loads(block.group(1))["@graph"]
        news = next(node for node in graph if node["@type"] == "NewsArticle")
        assert news["author"]["name"] == article["author"]
        assert news["publisher"]["name"] == article["outlet"]
        assert "datePublished" not in news  # the page gives no date
        quotes = [node for node in graph if node["@type"] == "Quotation"]
        assert {q["creator"]["name"] for q in quotes} <= {speaker["name"]}, speaker["slug"]
        assert {q["text"] for q in quotes} <= {f["quote"] for f in speaker["statements"]}
        quoted |= {q["text"] for q in quotes}
    assert quoted  # some source's words are marked up as quotations


def test_every_page_announces_its_json_twin_which_matches_the_api(client: TestClient) -> None:
    for page in app_of(client).state.site.pages:
        response = client.get(page.path)
        assert f'<link rel="alternate" type="application/json" href="{SITE}{page.twin}">' in (
            response.text
        )
        assert f'<{SITE}{page.twin}>; rel="alternate"' in response.headers["link"]
        assert "vary" not in response.headers or "accept" not in (
            response.headers["vary"].lower().replace("accept-encoding", "")
        )
        twin = client.get(page.twin)
        assert twin.headers["content-type"] == "application/json"
        if page.api_path:  # the reference page has no API twin of its own
            api = page.api_path + ("?expand=statements" if page.path == "/officials" else "")
            assert twin_data(twin.json()) == as_twin(client.get(api).json())


def test_site_url_setting_makes_every_absolute_url(client: TestClient) -> None:
    current: Settings = app_of(client).state.settings
    settings = current.model_copy(update={"site_url": "https://explainer.example"})
    with TestClient(create_app(settings)) as other:
        html = other.get("/phases/1").text
        assert '<link rel="canonical" href="https://explainer.example/phases/1">' in html
        assert meta(html, "og:image") == "https://explainer.example/cards/phases/1.png"
        assert other.get("/api/annotations").json()["id"].startswith("https://explainer.example/")


def test_strong_etags_and_304s(client: TestClient) -> None:
    for path in ["/", "/phases/1.json", "/api/facts", "/static/style.css", "/cards/index.png"]:
        response = client.get(path)
        etag = response.headers["etag"]
        assert re.fullmatch(r'"[0-9a-f]{32}(-br|-gzip)?"', etag), etag
        assert "max-age" in response.headers["cache-control"]
        again = client.get(path, headers={"if-none-match": etag})
        assert again.status_code == 304 and again.content == b""
        assert again.headers["etag"] == etag


def test_encodings_carry_the_same_bytes_and_their_own_etags(client: TestClient) -> None:
    plain = client.get("/source", headers={"accept-encoding": "identity"})
    assert "content-encoding" not in plain.headers
    for encoding, decode in (("gzip", gzip.decompress), ("br", brotli.decompress)):
        raw = client.get("/source", headers={"accept-encoding": encoding})
        assert raw.headers["content-encoding"] == encoding
        assert raw.headers["etag"] != plain.headers["etag"]
        stream = client.stream("GET", "/source", headers={"accept-encoding": encoding})
        with stream as response:
            body = b"".join(response.iter_raw())
        assert decode(body) == plain.content


def test_json_is_open_to_other_origins(client: TestClient) -> None:
    for path in ["/api/facts", "/phases/1.json", "/api/annotations"]:
        assert client.get(path).headers["access-control-allow-origin"] == "*"


def test_head_answers_like_get_without_a_body(client: TestClient) -> None:
    get, head = client.get("/phases/2"), client.head("/phases/2")
    assert head.status_code == 200 and head.content == b""
    assert head.headers["etag"] == get.headers["etag"]


def test_downloads_are_complete_and_their_hashes_check_out(
    client: TestClient, settings: Settings
) -> None:
    listing = client.get("/api/downloads").json()
    assert listing["article_sha256"].startswith("b9d94d99")
    fact_count = len(client.get("/api/facts").json()["items"])
    for file in listing["files"]:
        data = client.get(file["url"], headers={"accept-encoding": "identity"}).content
        assert hashlib.sha256(data).hexdigest() == file["sha256"]
        assert len(data) == file["bytes"]
    database = client.get("/downloads/explainer.db").content
    path = settings.database_path.with_name("downloaded.db")
    path.write_bytes(database)
    with sqlite3.connect(path) as connection:
        assert connection.execute("select count(*) from fact").fetchone()[0] == fact_count
    rows = list(csv.DictReader(io.StringIO(client.get("/downloads/facts.csv").text)))
    assert len(rows) == fact_count and rows[0]["article_sha256"] == listing["article_sha256"]
    assert len(client.get("/downloads/facts.json").json()["facts"]) == fact_count
    assert client.get("/article.txt").content == (settings.article_path.read_bytes())


def test_fact_page_offers_a_citation_and_its_annotation(client: TestClient) -> None:
    listed = client.get("/api/facts").json()["items"][0]  # any fact: the first listed
    fact = client.get(f"/api/facts/{listed['id']}").json()
    article = client.get("/api/article").json()
    html = client.get(f"/facts/{fact['id']}").text
    citation = re.search(r'<p class="citation" id="citation">(.*?)</p>', html, re.S)
    assert citation
    for part in [
        fact["speaker"]["name"],
        article["author"],
        article["outlet"],
        f"passage {fact['passage_id'].removeprefix('p-')}",
        f"{SITE}/facts/{fact['id']}",
    ]:
        assert escape(part, quote=False) in citation.group(1), part
    block = re.search(r'<pre class="annotation" tabindex="0"><code>(.*?)</code></pre>', html, re.S)
    assert block
    note = json.loads(html_unescape(block.group(1)))
    assert note == client.get(f"/api/annotations/{fact['id']}").json()
    assert 'data-copy="this fact"' in html


def test_a_search_announces_the_json_of_the_same_search(client: TestClient) -> None:
    page = client.get("/search?q=troops%20%26%20bases&utm_source=x")
    twin = f"{SITE}/search.json?q=troops+%26+bases"
    assert f'<link rel="alternate" type="application/json" href="{twin}">' in page.text
    assert page.headers["link"] == f'<{twin}>; rel="alternate"; type="application/json"'
    back = client.get("/search.json?q=troops%20%26%20bases").headers["link"]
    assert back == f'<{SITE}/search?q=troops+%26+bases>; rel="alternate"; type="text/html"'
    twin_answer = client.get(twin.removeprefix(SITE)).json()
    assert twin_answer["query"] == "troops & bases"
    empty = client.get("/search")  # the form alone: its twin is the empty search's
    assert f'<{SITE}/search.json>; rel="alternate"' in empty.headers["link"]


def sitemap_entries(client: TestClient) -> dict[str, str | None]:
    """Each sitemap entry's path and `lastmod`, both editions' (an entry with a twin in the other
    edition also lists its `xhtml:link` alternates, which this leaves aside)."""
    root = ET.fromstring(client.get("/sitemap.xml").content)
    entries = {}
    for entry in root.iter(f"{SITEMAP}url"):
        loc, lastmod = entry.findtext(f"{SITEMAP}loc"), entry.findtext(f"{SITEMAP}lastmod")
        assert loc
        entries[loc.removeprefix(SITE)] = lastmod or None
    return entries


def test_the_sitemap_dates_what_has_a_date_and_leaves_out_the_empty_search(
    client: TestClient,
) -> None:
    entries = sitemap_entries(client)
    assert "/search" not in entries and "/" in entries
    corrections = client.get("/api/corrections").json()["items"]
    newest = corrections[0]["date"]
    assert entries["/corrections"] == newest
    for day in {c["date"] for c in corrections}:
        assert entries[f"/corrections/{day}"] == day
    for correction in corrections:
        path = correction["url"].removeprefix(SITE)
        if path in urls.SEARCH_PATHS:  # our words on the search page: no search is listed
            continue
        latest = max(c["date"] for c in corrections if c["url"] == correction["url"])
        assert entries[path] == latest, path
    assert all(re.fullmatch(r"\d{4}-\d{2}-\d{2}", day) for day in entries.values() if day)


def json_ld(html: str) -> list[dict[str, object]]:
    block = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert block
    return list(json.loads(block.group(1))["@graph"])


def test_json_ld_says_when_a_page_with_a_date_was_modified(client: TestClient) -> None:
    entries = sitemap_entries(client)
    dated = {path: day for path, day in entries.items() if day}
    assert "/corrections" in dated and any(p.startswith("/facts/") for p in dated)
    for path in [*dated, "/phases/1"]:
        nodes = json_ld(client.get(path).text)
        pages = [n for n in nodes if n.get("@id") == SITE + path]
        assert len(pages) == 1, path
        assert pages[0].get("dateModified") == dated.get(path), path
