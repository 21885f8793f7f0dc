"""The answers other than 200 each API operation can meet, for the OpenAPI document.

Errors are one problem+json shape. The refusals every /api operation can meet come from the
read-only guard and `strict_params` (400, and 414 for a query string past 8 KiB, which a
search cuts with a notice instead); 404 only where a key is read, 410 only where a fact can be
retired. Every operation's answer is cached with a strong ETag (304 for If-None-Match, 412 for
an If-Match naming another representation), redirected from its address with a trailing slash
(308; `/api/` is the root itself), refused past the 16 KiB head by the protocol (431) and, when
the replica is saturated or its data unreadable, answered 503 (500 for a failure of its own).
405 never meets a GET operation and 422 is never sent (a bad parameter is a 400), so neither
is documented. tests/test_interop.py reaches every documented status of every operation.

The shared answers live once under `components/responses` and operations refer to them: the
document stays small (under 100 KB).
"""

from typing import Any

from app.data.schemas import ProblemOut
from app.data.urls import SEARCH_PATHS

Responses = dict[int | str, dict[str, Any]]

REFUSED: Responses = {
    400: {
        "model": ProblemOut,
        "description": "An unknown, repeated or unmatched parameter, a NUL byte or invalid UTF-8.",
    },
    414: {"model": ProblemOut, "description": "The address or query string is too long."},
}
NOT_FOUND: Responses = {404: {"model": ProblemOut, "description": "No such item."}}
GONE: Responses = {
    **NOT_FOUND,
    410: {"model": ProblemOut, "description": "A retired fact: when, why, and what replaced it."},
}

# Each status's entry under components/responses: its name and description. Errors carry a
# problem+json body; 304 and 308 none.
SHARED: dict[str, tuple[str, str]] = {
    "304": ("NotModified", "The representation named by If-None-Match is still current."),
    "308": (
        "PermanentRedirect",
        "The address had a trailing slash: Location gives it without (a path on this site).",
    ),
    "400": ("BadRequest", REFUSED[400]["description"]),
    "404": ("NotFound", NOT_FOUND[404]["description"]),
    "410": ("Gone", GONE[410]["description"]),
    "412": (
        "PreconditionFailed",
        "If-Match names another representation than this one; no body.",
    ),
    "414": (
        "UriTooLong",
        "The path is over 1,024 bytes or the query string over 8 KiB (URI Too Long).",
    ),
    "431": (
        "RequestHeaderFieldsTooLarge",
        "The request head (request line and headers) is over 16 KiB: a line of plain text from "
        "the server's protocol, and the connection is closed.",
    ),
    "500": ("InternalServerError", "The server failed to answer; the failure is logged."),
    "503": (
        "ServiceUnavailable",
        "The replica is saturated (Retry-After says when to try again) or cannot read its data; "
        "a line of plain text when the protocol refuses the connection itself (too many from "
        "one address, or in all).",
    ),
}
EVERY_OPERATION = ("304", "412", "431", "500", "503")
PROBLEMS = {"400", "404", "410", "414", "500", "503"}  # answered by the app: problem+json
PLAIN = {"431", "503"}  # answered by the protocol (app/serve/protocol.py): a line of text
PLAIN_TEXT = {"text/plain": {"schema": {"type": "string"}}}
LOCATION = {"description": "Where the resource is: the same path without the trailing slash."}
RETRY_AFTER = {"description": "Seconds to wait before trying again, when the replica is busy."}


def statuses(path: str, documented: set[str]) -> list[str]:
    """Every status other than 200 the operation at `path` can answer, given the ones its
    route documents (400, 414, 404, 410), in order."""
    found = set(documented) | set(EVERY_OPERATION)
    if path in SEARCH_PATHS:
        found.discard("414")  # a long search is cut with a notice: 200
    if path != "/api":  # "/api/" is the root document itself, not a redirect
        found.add("308")
    return sorted(found)


def components(problem_ref: str, problem_media: str) -> dict[str, dict[str, Any]]:
    """The shared answers, for components/responses."""
    shared: dict[str, dict[str, Any]] = {}
    for code, (name, description) in SHARED.items():
        response: dict[str, Any] = {"description": description}
        problem = {problem_media: {"schema": {"$ref": problem_ref}}}
        if code in PROBLEMS:
            response["content"] = problem
        if code in PLAIN:
            response["content"] = {**response.get("content", {}), **PLAIN_TEXT}
        if code == "308":
            response["headers"] = {"Location": {**LOCATION, "schema": {"type": "string"}}}
        if code == "503":
            response["headers"] = {"Retry-After": {**RETRY_AFTER, "schema": {"type": "integer"}}}
        shared[name] = response
    return shared


def reference(code: str) -> dict[str, str]:
    return {"$ref": f"#/components/responses/{SHARED[code][0]}"}
