"""Errors in one place: a JSON body for programs, a helpful page for people, never a trace."""

from typing import TypeVar

from fastapi import FastAPI, HTTPException, Request
from fastapi.exception_handlers import request_validation_exception_handler
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from app.web.templating import templates

T = TypeVar("T")

TITLES = {404: "Page not found", 405: "Method not allowed", 400: "Bad request"}


def or_404(item: T | None, message: str) -> T:
    """Return the item, or stop the request with a 404 that says what was missing."""
    if item is None:
        raise HTTPException(status_code=404, detail=message)
    return item


def _wants_json(request: Request) -> bool:
    return request.url.path.startswith("/api/") or request.url.path.endswith(".json")


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
_generic_404: dict[bool, bytes] = {}  # the one unmatched-address page, HTML and JSON


async def http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, StarletteHTTPException)
    if exc.status_code == 404 and exc.detail == "Not Found":
        # Unknown addresses are endless and their page never changes: render it once.
        wants_json = _wants_json(request)
        if wants_json not in _generic_404:
            _generic_404[wants_json] = _error(request, 404, NO_SUCH_PAGE, None).body
        media = "application/json" if wants_json else "text/html; charset=utf-8"
        return Response(_generic_404[wants_json], status_code=404, media_type=media)
    return _error(request, exc.status_code, str(exc.detail), getattr(exc, "headers", None))


async def validation_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, RequestValidationError)
    if _wants_json(request):
        return await request_validation_exception_handler(request, exc)
    return _error(request, 400, "The address has a parameter this site cannot read.", None)


def install(app: FastAPI) -> None:
    app.add_exception_handler(StarletteHTTPException, http_error)
    app.add_exception_handler(RequestValidationError, validation_error)
