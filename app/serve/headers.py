"""The header policy: what every reply carries, whoever produced it, cached or not."""

from typing import Any

from app.data.search import search_key, search_query
from app.data.urls import SEARCH_PATHS

CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "img-src 'self' data:",
        "frame-ancestors 'none'",
        "base-uri 'none'",
        "object-src 'none'",
        "form-action 'self'",
    ]
)

SECURITY_HEADERS: list[tuple[bytes, bytes]] = [
    (b"content-security-policy", CONTENT_SECURITY_POLICY.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"strict-origin-when-cross-origin"),
    (b"permissions-policy", b"camera=(), microphone=(), geolocation=(), interest-cohort=()"),
    (b"cross-origin-opener-policy", b"same-origin"),
]

COMPRESSIBLE = (
    b"text/",
    b"application/json",
    b"application/problem+json",
    b"application/ld+json",
    b"application/csvm+json",
    b"application/javascript",
    b"image/svg+xml",
    b"application/xml",
    b"application/atom+xml",
    b"application/vnd.sqlite3",
)

# Every reply, whatever its type or status, is open to scripts from any origin: the data is
# open and no reply depends on a cookie or credential, so `*` gives nothing away. Downloads,
# /article.txt, redirects and refusals included: a browser client must be able to read a 308,
# a 431 or a 503 as well as a page (the protocol's own replies carry it too).
CORS = [
    (b"access-control-allow-origin", b"*"),
    # so scripts can revalidate, follow the twin and back off
    (b"access-control-expose-headers", b"ETag, Link, Retry-After"),
]
EVERY_REPLY = [*SECURITY_HEADERS, *CORS]  # what even the protocol's plain replies carry
HSTS = (b"strict-transport-security", b"max-age=63072000; includeSubDomains")
PAGE_CACHE = b"public, max-age=300"
ASSET_CACHE = b"public, max-age=86400"  # preview cards: made once per build
# A fingerprinted name's bytes never change (a new version gets a new name): keep it a year.
IMMUTABLE_CACHE = b"public, max-age=31536000, immutable"
# The longest query string a page or API document takes (they ignore or refuse theirs): a
# longer one is "URI Too Long" (414, RFC 9110). Half the 16 KiB head (protocol.MAX_HEAD), so a
# client meets the 414 before the 431. A search reads its `q` and cuts it with a notice.
MAX_QUERY = 8 * 1024
# Health answers what this replica serves now: a cache that kept a 200 would hide the 503.
UNCACHED = {"/healthz"}
NO_STORE = b"no-store"


def cache_control(path: str, site: Any) -> bytes:
    """A year for fingerprinted files; a day for cards; minutes for pages and plain names.

    `/static/style.css` without its hash may change with the next release, so it gets the
    pages' short life rather than the hashed name's year.
    """
    if path in site.immutable:
        return IMMUTABLE_CACHE
    return ASSET_CACHE if path.startswith("/cards/") else PAGE_CACHE


def policy(
    path: str, query: bytes, status: int, content_type: bytes, site: Any
) -> list[tuple[bytes, bytes]]:
    """The headers this site adds to a response: the same with or without the cache."""
    headers = list(EVERY_REPLY)
    if site is not None and site.url.startswith("https://"):
        headers.append(HSTS)  # only where the public origin is served over TLS
    if path in UNCACHED:
        headers.append((b"cache-control", NO_STORE))
    known = site is not None and (path in site.documents or path in SEARCH_PATHS)
    if status == 200 and known:
        headers.append((b"cache-control", cache_control(path, site)))
        links = site.links.get(path, [])
        if query and path in SEARCH_PATHS:  # a search's twin answers the same query
            links = search_links(links, query)
        headers += [(b"link", link.encode()) for link in links]
    return headers


def search_links(links: list[str], query: bytes) -> list[str]:
    """A search's Link header: its twin with the query the search reads (`q`, as the cache
    keys it), so the HTML results announce the JSON results, not an empty search."""
    canonical = search_query(search_key(query)).decode()
    if not canonical:
        return links
    return [link.replace(">;", f"?{canonical}>;", 1) for link in links]
