"""The errors each API operation can meet, for the OpenAPI document: one problem+json shape.

The refusals every /api operation can meet come from the read-only guard and `strict_params`;
404 only where a key is read, 410 only where a fact can be retired. 405 never meets a GET
operation and 422 is never sent (a bad parameter is a 400), so neither is documented.
"""

from typing import Any

from app.data.schemas import ProblemOut

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
