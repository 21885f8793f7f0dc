"""Response headers every reply carries, whoever produced it."""

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

JSON_TYPES = (b"application/json", b"application/ld+json", b"application/geo+json")
COMPRESSIBLE = (
    b"text/",
    b"application/json",
    b"application/ld+json",
    b"application/javascript",
    b"image/svg+xml",
    b"application/xml",
    b"application/vnd.sqlite3",
)
