"""Errors in one place: RFC 9457 problem details for programs, a helpful page for people,
never a trace."""

from http import HTTPStatus
from typing import TypeVar
from urllib.parse import quote

from fastapi import FastAPI, HTTPException, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from sqlmodel import Session
from starlette.exceptions import HTTPException as StarletteHTTPException

from app.data.corrections import Gone
from app.data.prose import interface_word
from app.data.prose_keys import InterfaceKey
from app.data.schemas import RetiredOut
from app.data.urls import MAX_PATH
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


PROBLEM_JSON = "application/problem+json"
LONGEST_INSTANCE = MAX_PATH  # a longer address (refused by the guard) is not echoed back


def wants_json(path: str) -> bool:
    """Programs get JSON (the API and `.json` twins); people get a page."""
    return path == "/api" or path.startswith("/api/") or path.endswith(".json")


def problem(request: Request, status: int, detail: str) -> dict[str, str | int]:
    """RFC 9457 problem details; `about:blank` types, so the title is the status's phrase."""
    body: dict[str, str | int] = {
        "type": "about:blank",
        "title": HTTPStatus(status).phrase,
        "status": status,
        "detail": detail,
    }
    path = request.scope.get("path", "")
    if len(path) <= LONGEST_INSTANCE:
        body["instance"] = quote(path, safe="/:@!$&'()*+,;=~")
    return body


def problem_response(
    request: Request, status: int, detail: str, headers: dict[str, str] | None = None
) -> JSONResponse:
    """A problem+json reply: one shape for every error a program can meet."""
    body = problem(request, status, detail)
    return JSONResponse(body, status_code=status, headers=headers, media_type=PROBLEM_JSON)


def _wants_json(request: Request) -> bool:
    return wants_json(request.url.path)


def render_error(
    request: Request, status: int, detail: str, headers: dict[str, str] | None = None
) -> Response:
    """The one error renderer: a JSON body for programs, a helpful page for people."""
    return _error(request, status, detail, headers)


def _error(request: Request, status: int, detail: str, headers: dict[str, str] | None) -> Response:
    if _wants_json(request):
        return problem_response(request, status, detail, headers)
    context = {
        "status": status,
        "title": TITLES.get(status, "Something went wrong"),
        "detail": detail,
        "nav_here": "",  # an unknown address belongs to no section of the site
    }
    return templates.TemplateResponse(
        request, "error.html", context, status_code=status, headers=headers
    )


# Kept in code, unlike the other errors' words ([interface] error-* in facts.toml): the nginx
# config for the export (app/serve/nginx.py) writes it into its 404 with no database at hand.
NO_SUCH_PAGE = "There is no page at this address."


async def http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, StarletteHTTPException)
    if exc.status_code == 404 and exc.detail == "Not Found":
        if _wants_json(request):  # names the address, so it is made each time (it is small)
            return problem_response(request, 404, NO_SUCH_PAGE)
        # Unknown addresses are endless and their page never changes: render it once per app.
        rendered = request.app.state.generic_404
        if "html" not in rendered:
            rendered["html"] = _error(request, 404, NO_SUCH_PAGE, None).body
        return Response(rendered["html"], status_code=404, media_type="text/html; charset=utf-8")
    return _error(request, exc.status_code, str(exc.detail), getattr(exc, "headers", None))


def _words(request: Request, key: str, **values: object) -> str:
    """One of the error pages' sentences ([interface] error-KEY in facts.toml), filled in."""
    with Session(request.app.state.engine) as session:
        return interface_word(session=session, key=InterfaceKey(f"error-{key}"), **values)


def retired_detail(request: Request, retired: RetiredOut) -> str:
    """Say what happened to a retired fact and where to go instead."""
    said = _words(request, "retired", id=retired.id, date=retired.date, reason=retired.reason)
    if retired.replaced_by:
        said += " " + _words(request, "retired-see", url=retired.replaced_by.url)
    return said


async def gone(request: Request, exc: Exception) -> Response:
    """A retired page: 410, with when, why and where to go instead."""
    assert isinstance(exc, Gone)
    if _wants_json(request):
        return problem_response(request, 410, retired_detail(request, exc.retired))
    context = {"retired": exc.retired, "nav_here": ""}
    return templates.TemplateResponse(request, "retired.html", context, status_code=410)


async def validation_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, RequestValidationError)
    # Programs and people alike get a 400: FastAPI's 422 list is a second error shape.
    return _error(request, 400, _words(request, "bad-parameter"), None)


def install(app: FastAPI) -> None:
    app.state.generic_404 = {}
    app.add_exception_handler(Gone, gone)
    app.add_exception_handler(StarletteHTTPException, http_error)
    app.add_exception_handler(RequestValidationError, validation_error)
