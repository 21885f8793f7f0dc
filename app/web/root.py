"""The /api root document: every resource, its page and its page's JSON twin, and the version.

Drawn from the routes themselves, so a resource added to the registry or to api.py is listed
without another edit.
"""

from typing import Any

from fastapi import FastAPI, Request
from fastapi.routing import APIRoute, iter_route_contexts
from pydantic import BaseModel, Field

from app.data import urls
from app.pages import registry

# Resources with no page of their own, and where people read the same thing.
PAGE_OF = {
    "/api/passages/{passage_id}": urls.passage("{passage_id}"),
    "/api/annotations/{fact_id}": urls.fact("{fact_id}"),
    "/api/article": urls.PASSAGES,
}


class ResourceOut(BaseModel):
    """One resource of the API. URLs with `{…}` are URI templates (RFC 6570)."""

    name: str = Field(description="The operation's id in the OpenAPI document.")
    summary: str = Field(description="What the resource answers.")
    api_url: str = Field(description="The resource under /api.")
    url: str | None = Field(description="The HTML page with the same data, if any.")
    twin_url: str | None = Field(
        description="The page's JSON twin: the page's data as its template reads it."
    )


class RootLinksOut(BaseModel):
    """Where the API describes itself."""

    self: str = Field(description="This document.")
    openapi: str = Field(description="The OpenAPI 3.1 document.")
    docs: str = Field(description="The API reference, as a page.")


class ApiRootOut(BaseModel):
    """The entry point of the API."""

    title: str = Field(description="The API's name.")
    version: str = Field(description="The API's version, as in the OpenAPI document.")
    resources: list[ResourceOut] = Field(description="Every resource, in the reference's order.")
    links: RootLinksOut = Field(description="This document, the OpenAPI document and the docs.")


def api_routes(app: FastAPI) -> list[Any]:
    """The documented operations, as routes with their full paths (prefixes included)."""
    return [
        context
        for context in iter_route_contexts(app.routes)
        if isinstance(context.original_route, APIRoute) and context.include_in_schema
    ]


def _resource(route: Any) -> ResourceOut:
    page = next((page for page in registry.PAGES if page.api == route.path), None)
    url = page.path if page else PAGE_OF.get(route.path)
    return ResourceOut(
        name=route.operation_id or route.name,
        # The docstring's first paragraph, as one line: a summary never stops mid-sentence.
        summary=route.summary or " ".join(route.description.split("\n\n")[0].split()).rstrip("."),
        api_url=route.path,
        url=url,
        twin_url=urls.twin(page.path) if page else None,
    )


def api_root(request: Request) -> ApiRootOut:
    """List the API's resources from its routes; URLs are absolute on the site's origin."""
    site = request.app.state.settings.site_url
    routes = api_routes(request.app)
    resources = [_resource(route) for route in routes if route.path.startswith("/api/")]
    for resource in resources:
        for field in ("api_url", "url", "twin_url"):
            value = getattr(resource, field)
            if value:
                setattr(resource, field, site + value)
    return ApiRootOut(
        title=request.app.title,
        version=request.app.version,
        resources=resources,
        links=RootLinksOut(self=f"{site}/api", openapi=f"{site}/openapi.json", docs=f"{site}/docs"),
    )
