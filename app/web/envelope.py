"""The API's conventions: collections in one envelope, absolute URLs, strict query parameters.

Templates and `.json` twins read the query results as they are; only answers under /api are
wrapped, made absolute from SITE_URL and held to the parameters their operation declares.
"""

from functools import cache
from typing import Any, Generic, TypeVar

from fastapi import HTTPException, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field, TypeAdapter

T = TypeVar("T")

# What each API filter means, for the OpenAPI document; its values come from the data.
FILTERS = {
    "speaker": "Only facts attributed to this speaker (a slug, as in /api/officials/{key}).",
    "attribution": "Only facts the article words this way: its wording (quote, paraphrase …).",
    "channel": "Only facts whose words reached the article this way (direct, outlet …).",
    "passage": "Only facts stated in this passage of the article (p-N).",
    "phase": "Only facts the phase's page lists (1 or 2).",
    "expand": "statements: embed every statement whole instead of a reference to it.",
}
LONGEST_NAME = 40  # characters of a client's parameter name worth repeating in an error


class LinksOut(BaseModel):
    """Where a collection lives, for programs and for people."""

    self: str = Field(description="This collection, as an absolute URL with its parameters.")
    html: str = Field(description="The page that shows the same items to people.")


class CollectionOut(BaseModel, Generic[T]):
    """Every collection under /api: the items, how many, and links. There is one page."""

    count: int = Field(description="How many items there are; all of them are in `items`.")
    items: list[T] = Field(description="The items, in the order their page shows them.")
    links: LinksOut = Field(description="This collection and its HTML page.")


def absolute(value: Any, site: str) -> Any:
    """Every `url` and `*_url` that is a path becomes an absolute URL on the site's origin."""
    if isinstance(value, dict):
        return {
            key: (
                site + item
                if (key == "url" or key.endswith("_url"))
                and isinstance(item, str)
                and item.startswith("/")
                and not item.startswith("//")
                else absolute(item, site)
            )
            for key, item in value.items()
        }
    if isinstance(value, list):
        return [absolute(item, site) for item in value]
    return value


@cache
def adapter(model: Any) -> TypeAdapter[Any]:
    """One TypeAdapter per model: building one costs more than the serialization it does."""
    return TypeAdapter(model)


def api_json(request: Request, model: Any, data: Any, **kwargs: Any) -> JSONResponse:
    """Serialize `data` as `model` says, with absolute URLs (GitHub's html_url/url pattern)."""
    body = adapter(model).dump_python(data, mode="json", by_alias=True)
    return JSONResponse(absolute(body, request.app.state.settings.site_url), **kwargs)


def collection(request: Request, items: list[Any], html: str) -> CollectionOut[Any]:
    """Wrap a list in the envelope, linking to itself (filters kept) and to its page."""
    site = request.app.state.settings.site_url
    self_url = site + request.url.path + (f"?{request.url.query}" if request.url.query else "")
    links = LinksOut(self=self_url, html=site + html)
    return CollectionOut(count=len(items), items=items, links=links)


def _refuse(detail: str) -> HTTPException:
    return HTTPException(status_code=400, detail=detail)


def strict_params(request: Request) -> None:
    """Refuse parameters the operation does not read, repeated ones, and values it cannot match.

    A client that misspells a filter or sends `?q=a&q=b` learns so, instead of getting an
    answer to a question it did not ask.
    """
    route = request.scope.get("route")
    dependant = getattr(route, "dependant", None)
    allowed = {param.alias for param in dependant.query_params} if dependant else set()
    values: dict[str, list[str]] = getattr(request.app.state, "filter_values", {})
    seen: set[str] = set()
    for name, value in request.query_params.multi_items():
        shown = name[:LONGEST_NAME]
        if name not in allowed:
            reads = ", ".join(sorted(allowed)) or "none"
            raise _refuse(f"Unknown parameter {shown}; this address reads: {reads}.")
        if name in seen:
            raise _refuse(f"The parameter {shown} is given more than once; give it once.")
        seen.add(name)
        if name in values and value not in values[name]:
            raise _refuse(f"No {name} has that value; it takes one of: {', '.join(values[name])}.")
