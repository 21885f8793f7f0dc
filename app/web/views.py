"""Routes made from the registry: each page's HTML view, its `.json` twin and its API route.

One data path, several renderers (Datasette's pattern): all three call the page's query; the
HTML view renders its template, the other two answer the same data as JSON.
"""

from collections.abc import Callable
from inspect import Parameter, Signature
from typing import Annotated, Any, TypeVar, get_args, get_origin

from fastapi import APIRouter, Depends, HTTPException, Path, Query, Request
from fastapi.encoders import jsonable_encoder
from fastapi.responses import HTMLResponse, JSONResponse, Response

from app.data.prose import interface_word
from app.data.prose_keys import InterfaceKey
from app.pages import registry
from app.pages.registry import Ask, Page
from app.web.envelope import FILTERS, CollectionOut, api_json, collection, strict_params
from app.web.problems import GONE, NOT_FOUND
from app.web.sessions import SessionDep
from app.web.templating import templates

STRICT = [Depends(strict_params)]
ResponseT = TypeVar("ResponseT", bound=Response)


def load(page: Page, request: Request, session: Any, key: str = "", api: bool = False) -> Any:
    """Run the page's query, or stop with a 404 that says what was missing.

    Pages and twins read only the parameters their query needs (`q`); the API route its filters
    too, already checked by `strict_params`.
    """
    state = request.app.state
    names = (*page.params, *page.filters) if api else page.params
    ask = Ask(
        settings=state.settings,
        params={name: request.query_params[name] for name in names if name in request.query_params},
        snapshot=state.snapshot.data,
        openapi=request.app.openapi,
    )
    found = page.query(ask, session, key)
    if found is None:
        missing = interface_word(session=session, key=InterfaceKey(page.missing), asked=key)
        raise HTTPException(status_code=404, detail=missing)
    return found


def _signature(page: Page, api: bool = False) -> Signature:
    """The view's parameters as FastAPI reads them: the key in the path, query parameters."""
    params = [
        Parameter("request", Parameter.POSITIONAL_OR_KEYWORD, annotation=Request),
        Parameter("session", Parameter.POSITIONAL_OR_KEYWORD, annotation=SessionDep),
    ]
    if page.keyed:
        key = Annotated[str, Path(description=page.key_help)] if page.key_help else str
        params.append(Parameter("key", Parameter.POSITIONAL_OR_KEYWORD, annotation=key))
    params += [
        Parameter(name, Parameter.KEYWORD_ONLY, annotation=str, default=Query(""))
        for name in page.params
    ]
    if api:  # documented here; their values are checked against the data by strict_params
        params += [
            Parameter(
                name,
                Parameter.KEYWORD_ONLY,
                annotation=str | None,
                default=Query(None, description=FILTERS[name]),
            )
            for name in page.filters
        ]
    return Signature(params)


def _sign(view: Callable[..., Any], signature: Signature) -> None:
    """Give a view the parameters FastAPI should read (path key, query, session): FastAPI
    takes them from `inspect.signature`, which honours a function's own `__signature__` (an
    attribute of the function, kept in its `__dict__` like any other)."""
    view.__dict__["__signature__"] = signature


def api_model(page: Page) -> Any:
    """What the API route answers: the page's model, lists in the collection envelope."""
    model = page.api_model or page.model
    if get_origin(model) is not list:
        return model
    # Ignore: the envelope is parametrized at run time by the page's item model (pydantic's
    # generic models are made so); mypy reads a subscript with a variable as a bad type.
    return CollectionOut[get_args(model)[0]]  # type: ignore[misc]


def _api_view(page: Page) -> Any:
    model = api_model(page)

    def view(request: Request, session: Any, key: str = "", **_: str) -> JSONResponse:
        data = load(page, request, session, key, api=True)
        if page.api_shape is not None:
            data = page.api_shape(data, request.query_params)
        if isinstance(data, list):
            data = collection(request, data, page.url(key))
        return api_json(request, model, data)

    _sign(view, _signature(page, api=True))
    return view


def _views(page: Page) -> tuple[Any, Any]:
    def html(request: Request, session: Any, key: str = "", **_: str) -> HTMLResponse:
        data = load(page, request, session, key)
        response = templates.TemplateResponse(request, page.template, {page.name: data})
        return with_language(request, response)

    def data(request: Request, session: Any, key: str = "", **_: str) -> Any:
        found = load(page, request, session, key)
        if request.app.state.other is None:  # one edition: the twin as it always was
            return found
        content = jsonable_encoder(found)
        if isinstance(content, dict):  # a list twin stays a list: its header says the language
            content = {"lang": request.app.lang, **content}
        return with_language(request, JSONResponse(content))

    for view in (html, data):
        _sign(view, _signature(page))
    html.__doc__ = page.summary  # the API route's summary says it once; no second description
    return html, data


def with_language(request: Request, response: ResponseT) -> ResponseT:
    """Say the page's language in `Content-Language` when the site has both editions (with one,
    the English answers stay exactly as they were)."""
    if request.app.state.other is not None:
        response.headers["content-language"] = request.app.lang
    return response


def router(lang: str = "en") -> APIRouter:
    """Every page's routes. Twins come first: `/phases/1.json` is not phase "1.json".

    The Arabic edition's pages (`lang="ar"`) have their page and twin, not an API route."""
    pages = APIRouter()
    for page in registry.edition_pages(lang):
        html, data = _views(page)
        responses = GONE if page.retired else NOT_FOUND if page.keyed else {}
        pages.add_api_route(
            page.twin, data, response_model=page.model, include_in_schema=False,
            response_class=JSONResponse, name=f"{page.name}-json",
        )  # fmt: skip
        if page.api and lang == "en":
            pages.add_api_route(
                page.api, _api_view(page), response_model=api_model(page), tags=[page.tag],
                summary=page.summary.rstrip("."), responses=responses, dependencies=STRICT,
                operation_id=f"get_{page.name}", name=f"{page.name}-api",
            )  # fmt: skip
        pages.add_api_route(
            page.path, html, response_class=HTMLResponse, include_in_schema=False,
            name=page.name,
        )  # fmt: skip
    return pages
