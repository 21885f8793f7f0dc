"""Read the request headers the cache answers by, in bounded time and memory.

No result here is cached by its input: a client controls every byte of these headers, and a
cache keyed by them (as `choose_encoding` once had) lets 256 huge values pin a gigabyte.
"""

MAX_READ = 512  # bytes of Accept-Encoding or If-(None-)Match worth reading; real ones are < 100
COMMON = {  # what browsers, curl and wrk send, answered without parsing
    b"": "identity",
    b"gzip, deflate, br, zstd": "br",
    b"gzip, deflate, br": "br",
    b"br": "br",
    b"gzip, deflate": "gzip",
    b"gzip": "gzip",
}


def quality(params: str) -> float:
    """The q value among a coding's parameters (`q=0.5;level=1`); 1 when absent."""
    for param in params.split(";"):
        name, _, value = param.strip().partition("=")
        if name.strip() == "q":
            try:
                return min(max(float(value.strip()), 0.0), 1.0)
            except ValueError:
                return 0.0
    return 1.0


def choose_encoding(accept_encoding: bytes) -> str:
    """Prefer brotli, then gzip, honouring q=0; anything else gets identity."""
    common = COMMON.get(accept_encoding)
    if common is not None:
        return common
    offered: dict[str, float] = {}
    for part in accept_encoding[:MAX_READ].decode("latin-1").lower().split(","):
        name, _, params = part.strip().partition(";")
        offered[name.strip()] = quality(params)
    for encoding in ("br", "gzip"):
        if offered.get(encoding, offered.get("*", 0.0)) > 0:
            return encoding
    return "identity"


def etag_matches(header: bytes, etag: str, weak: bool = True) -> bool:
    """Whether an If-None-Match (weak comparison) or If-Match (strong) header names `etag`."""
    tags = [tag.strip() for tag in header[:MAX_READ].decode("latin-1").split(",")]
    if weak:
        tags = [tag.removeprefix("W/") for tag in tags]
    return "*" in tags or etag in tags
