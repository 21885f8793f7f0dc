"""The API reference at /docs, drawn from the OpenAPI document on the server."""

from typing import Any

from pydantic import BaseModel


class Parameter(BaseModel):
    name: str
    where: str
    required: bool
    description: str


class Operation(BaseModel):
    path: str
    summary: str
    description: str
    tag: str
    parameters: list[Parameter]
    responses: list[tuple[str, str]]
    example: str


def _schema_name(response: dict[str, Any]) -> str:
    for media in response.get("content", {}).values():
        schema = media.get("schema", {})
        ref = schema.get("$ref") or schema.get("items", {}).get("$ref", "")
        name = ref.rsplit("/", 1)[-1]
        if name:
            return f"list of {name}" if "items" in schema else name
    return ""


def resolve(spec: dict[str, Any], response: dict[str, Any]) -> dict[str, Any]:
    """A response, or the shared one it refers to under components/responses."""
    ref = response.get("$ref", "")
    if not ref:
        return response
    return dict(spec.get("components", {}).get("responses", {})[ref.rsplit("/", 1)[-1]])


def operations(spec: dict[str, Any], examples: dict[str, str]) -> list[Operation]:
    """Each GET operation with its parameters, responses and a live example URL."""
    found = []
    for path, methods in spec["paths"].items():
        operation = methods["get"]
        found.append(
            Operation(
                path=path,
                summary=operation.get("summary", ""),
                description=operation.get("description", ""),
                tag=(operation.get("tags") or ["other"])[0],
                parameters=[
                    Parameter(
                        name=p["name"],
                        where=p["in"],
                        required=p.get("required", False),
                        description=p.get("description", ""),
                    )
                    for p in operation.get("parameters", [])
                ],
                responses=[
                    (code, f"{r.get('description', '')} {_schema_name(r)}".strip())
                    for code, r in (
                        (code, resolve(spec, response))
                        for code, response in operation["responses"].items()
                    )
                ],
                example=examples.get(path, path),
            )
        )
    return found
