"""Errors in one place: a JSON body for programs, a helpful page for people, never a trace."""

from typing import TypeVar

from fastapi import FastAPI, HTTPException, Request
from fastapi.exception_handlers import request_validation_exception_handler
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from app.data.schemas import RetiredOut
from app.web.registry import Gone
from app.web.templating import templates

T = TypeVar("T")

TITLES = {
    400: "Bad request",
    404: "Page not found",
    405: "Method not allowed",
    410: "Retired",
    414: "Address too long",
    500: "Something went wrong",
    503: "Busy or unavailable",
}


def or_404(item: T | None, message: str) -> T:
    """Return the item, or stop the request with a 404 that says what was missing."""
    if item is None:
        raise HTTPException(status_code=404, detail=message)
    return item


def wants_json(path: str) -> bool:
    """Programs get JSON (under /api/ and for `.json` twins); people get a page."""
    return path.startswith("/api/") or path.endswith(".json")


def _wants_json(request: Request) -> bool:
    return wants_json(request.url.path)


def render_error(
    request: Request, status: int, detail: str, headers: dict[str, str] | None = None
) -> Response:
    """The one error renderer: a JSON body for programs, a helpful page for people."""
    return _error(request, status, detail, headers)


def _error(request: Request, status: int, detail: str, headers: dict[str, str] | None) -> Response:
    if _wants_json(request):
        return JSONResponse({"detail": detail}, status_code=status, headers=headers)
    context = {
        "status": status,
        "title": TITLES.get(status, "Something went wrong"),
        "detail": detail,
        "nav_here": "",  # an unknown address belongs to no section of the site
    }
    return templates.TemplateResponse(
        request, "error.html", context, status_code=status, headers=headers
    )


NO_SUCH_PAGE = "There is no page at this address."


async def http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, StarletteHTTPException)
    if exc.status_code == 404 and exc.detail == "Not Found":
        # Unknown addresses are endless and their page never changes: render it once per app.
        wants_json = _wants_json(request)
        rendered = request.app.state.generic_404
        if wants_json not in rendered:
            rendered[wants_json] = _error(request, 404, NO_SUCH_PAGE, None).body
        media = "application/json" if wants_json else "text/html; charset=utf-8"
        return Response(rendered[wants_json], status_code=404, media_type=media)
    return _error(request, exc.status_code, str(exc.detail), getattr(exc, "headers", None))


def retired_detail(retired: RetiredOut) -> str:
    """Say what happened to a retired fact and where to go instead."""
    pointer = f" See {retired.replaced_by.url}." if retired.replaced_by else ""
    return f"Fact '{retired.id}' was retired on {retired.date}: {retired.reason}{pointer}"


async def gone(request: Request, exc: Exception) -> Response:
    """A retired page: 410, with when, why and where to go instead."""
    assert isinstance(exc, Gone)
    if _wants_json(request):
        return JSONResponse({"detail": retired_detail(exc.retired)}, status_code=410)
    context = {"retired": exc.retired, "nav_here": ""}
    return templates.TemplateResponse(request, "retired.html", context, status_code=410)


async def validation_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, RequestValidationError)
    if _wants_json(request):
        return await request_validation_exception_handler(request, exc)
    return _error(request, 400, "The address has a parameter this site cannot read.", None)


def install(app: FastAPI) -> None:
    app.state.generic_404 = {}
    app.add_exception_handler(Gone, gone)
    app.add_exception_handler(StarletteHTTPException, http_error)
    app.add_exception_handler(RequestValidationError, validation_error)
