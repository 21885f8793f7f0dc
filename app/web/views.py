"""Routes made from the registry: each page's HTML view, its `.json` twin and its API route.

One data path, several renderers (Datasette's pattern): all three call the page's query; the
HTML view renders its template, the other two answer the same data as JSON.
"""

from inspect import Parameter, Signature
from typing import Any

from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.responses import HTMLResponse, JSONResponse

from app.data.db import SessionDep
from app.data.schemas import ErrorOut
from app.web.registry import PAGES, Ask, Page
from app.web.templating import templates

NOT_FOUND: dict[int | str, dict[str, Any]] = {
    404: {"model": ErrorOut, "description": "No such item."}
}
GONE: dict[int | str, dict[str, Any]] = {
    **NOT_FOUND,
    410: {"model": ErrorOut, "description": "A retired fact: when, why, and what replaced it."},
}


def load(page: Page, request: Request, session: Any, key: str = "") -> Any:
    """Run the page's query, or stop with a 404 that says what was missing."""
    state = request.app.state
    ask = Ask(
        settings=state.settings,
        params=request.query_params,
        snapshot=state.snapshot.data,
        openapi=request.app.openapi,
    )
    found = page.query(ask, session, key)
    if found is None:
        raise HTTPException(status_code=404, detail=page.missing.format(key=key))
    return found


def _signature(page: Page) -> Signature:
    """The view's parameters as FastAPI reads them: the key in the path, query parameters."""
    params = [
        Parameter("request", Parameter.POSITIONAL_OR_KEYWORD, annotation=Request),
        Parameter("session", Parameter.POSITIONAL_OR_KEYWORD, annotation=SessionDep),
    ]
    if page.keyed:
        params.append(Parameter("key", Parameter.POSITIONAL_OR_KEYWORD, annotation=str))
    params += [
        Parameter(name, Parameter.KEYWORD_ONLY, annotation=str, default=Query(""))
        for name in page.params
    ]
    return Signature(params)


def _views(page: Page) -> tuple[Any, Any]:
    def html(request: Request, session: Any, key: str = "", **_: str) -> HTMLResponse:
        data = load(page, request, session, key)
        return templates.TemplateResponse(request, page.template, {page.name: data})

    def data(request: Request, session: Any, key: str = "", **_: str) -> Any:
        return load(page, request, session, key)

    for view in (html, data):
        view.__signature__ = _signature(page)  # type: ignore[attr-defined]
    html.__doc__ = page.summary  # the API route's summary says it once; no second description
    return html, data


def router() -> APIRouter:
    """Every page's routes. Twins come first: `/phases/1.json` is not phase "1.json"."""
    pages = APIRouter()
    for page in PAGES:
        html, data = _views(page)
        responses = GONE if page.name == "fact" else NOT_FOUND if page.keyed else {}
        pages.add_api_route(
            page.twin, data, response_model=page.model, include_in_schema=False,
            response_class=JSONResponse, name=f"{page.name}-json",
        )  # fmt: skip
        if page.api:
            pages.add_api_route(
                page.api, data, response_model=page.model, tags=[page.tag],
                summary=page.summary.rstrip("."), responses=responses,
                operation_id=f"get_{page.name}", name=f"{page.name}-api",
            )  # fmt: skip
        pages.add_api_route(
            page.path, html, response_class=HTMLResponse, include_in_schema=False,
            name=page.name,
        )  # fmt: skip
    return pages
