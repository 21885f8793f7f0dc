"""The OpenAPI document as clients want it: names without Out/Ref, problem+json errors,
servers, an open security requirement, a licence and examples from the live data (by address).

FastAPI writes the document from the routes; this pass finishes it once per process.
"""

import json
import re
from typing import Any

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi
from fastapi.responses import JSONResponse
from sqlmodel import Session
from starlette.routing import compile_path

from app.data.schemas import ProblemOut
from app.pages.registry import examples
from app.web import problems

LICENSE = {"name": "MIT", "identifier": "MIT"}
NOT_OURS = (
    " The code and our own words are under the MIT licence; the article's text, quoted in "
    "every fact, is not ours: it belongs to its author and outlet."
)
PROBLEM = "Problem"
PROBLEM_MEDIA = "application/problem+json"
DROPPED_SCHEMAS = {"HTTPValidationError", "ValidationError"}
MAX_BYTES = 100_000  # the whole document; tests/test_interop.py holds it to this
# Schema names a generated client must not shadow (Python's datetime.date and re.Match, the
# Date global of JavaScript and java.util.Date, java.lang.annotation.Target, Spring's
# Resource): these get a name of their own.
RENAMED = {
    "DateOut": "EventDate",
    "MatchOut": "PhaseMatch",
    "TargetOut": "PhaseTarget",
    "ResourceOut": "ApiResource",
}


def schema_name(name: str) -> str:
    """The name a client wants: `Fact` for FactOut, `FactSummary` for FactRef."""
    if name == "ProblemOut":
        return PROBLEM
    if name in RENAMED:
        return RENAMED[name]
    collection = re.fullmatch(r"CollectionOut_(\w+)_", name)
    if collection:  # pydantic's name for CollectionOut[FactOut]
        return schema_name(collection.group(1)) + "List"
    name = re.sub(r"Out(?=List$|$)", "", name)
    return re.sub(r"Ref(?=List$|$)", "Summary", name)


def _rename(spec: dict[str, Any]) -> dict[str, Any]:
    schemas = spec["components"]["schemas"]
    names = {old: schema_name(old) for old in schemas if old not in DROPPED_SCHEMAS}
    if len(set(names.values())) != len(names):
        raise RuntimeError(f"two schemas would share a name: {sorted(names.items())}")
    text = json.dumps(spec)
    for old, new in names.items():
        text = text.replace(f'"#/components/schemas/{old}"', f'"#/components/schemas/{new}"')
    renamed: dict[str, Any] = json.loads(text)
    renamed["components"]["schemas"] = {
        names[old]: {**schema, "title": names[old]}
        for old, schema in renamed["components"]["schemas"].items()
        if old in names
    }
    return renamed


def _problems(path: str, operation: dict[str, Any]) -> None:
    """Every status the operation can answer besides 200, each a reference to its one entry
    under components/responses (errors as problem+json); drop FastAPI's 422, never sent."""
    responses = operation["responses"]
    responses.pop("422", None)
    documented = {code for code in responses if code != "200"}
    for code in documented:
        del responses[code]
    for code in problems.statuses(path, documented):
        responses[code] = problems.reference(code)


def example_values(path: str, live: dict[str, str]) -> dict[str, str]:
    """The path parameters of the operation's example URL (a real id from the data)."""
    found = compile_path(path)[0].match(live.get(path, path).split("?")[0])
    return found.groupdict() if found else {}


def _parameters(operation: dict[str, Any], values: dict[str, list[str]]) -> None:
    """Enums from the data for the filters; an example for each path parameter."""
    for param in operation.get("parameters", []):
        name = param["name"]
        if param["in"] == "query" and name in values:
            param["schema"] = {"type": "string", "enum": values[name]}
            param["example"] = values[name][0]
        if param["in"] == "path":
            param.setdefault("description", "The item's id, as its collection lists it.")


def _examples(app: FastAPI, spec: dict[str, Any]) -> None:
    """Path-parameter examples from the data this replica serves, and for each response its
    live example by address (`externalValue`): the whole answer, always current.

    Inline, the answers made the document 850 KB (the overview alone is 200 KB with its
    questions); by address it stays under MAX_BYTES and no example is ever cut short.
    """
    engine = getattr(app.state, "engine", None)
    if engine is None:  # not started: the document is still valid, without examples
        return
    with Session(engine) as session:
        live = examples(session)
    site_url = app.state.settings.site_url
    for path, methods in spec["paths"].items():
        operation = methods["get"]
        values = example_values(path, live)
        for param in operation.get("parameters", []):
            if param["in"] == "path":
                param["example"] = values[param["name"]]
        target = live.get(path, path)
        for content in operation["responses"]["200"].get("content", {}).values():
            content["examples"] = {
                "live": {
                    "summary": f"What {target} answers now",
                    "externalValue": f"{site_url}{target}",
                }
            }


def build(app: FastAPI) -> dict[str, Any]:
    """The finished document, made once per process."""
    if app.openapi_schema:
        return app.openapi_schema
    settings = app.state.settings
    spec = get_openapi(
        title=app.title,
        version=app.version,
        openapi_version=app.openapi_version,
        description=app.description + NOT_OURS,
        routes=app.routes,
        servers=[{"url": settings.site_url, "description": "This replica's public origin."}],
        license_info=LICENSE,
    )
    spec["security"] = []
    problem = ProblemOut.model_json_schema(ref_template="#/components/schemas/{model}")
    spec.setdefault("components", {}).setdefault("schemas", {})["ProblemOut"] = problem
    values = getattr(app.state, "filter_values", {})
    problem_ref = f"#/components/schemas/{PROBLEM}"
    spec["components"]["responses"] = problems.components(problem_ref, PROBLEM_MEDIA)
    for path, methods in spec["paths"].items():
        _problems(path, methods["get"])
        _parameters(methods["get"], values)
    spec = _rename(spec)
    _examples(app, spec)
    app.openapi_schema = spec
    return spec


def install(app: FastAPI) -> None:
    """Serve the app's finished document (its `openapi()`: app.main.Explainer) at /openapi.json.

    A sync route, so the first build (a few hundred milliseconds of queries for the examples)
    runs in a worker thread rather than holding the event loop as FastAPI's own route would.
    """

    def openapi_json() -> JSONResponse:
        return JSONResponse(app.openapi())

    app.add_api_route("/openapi.json", openapi_json, include_in_schema=False)
