"""JSON for programs that no page has: the article's credits, single passages, annotations.

Every page's own JSON (the API route and the `.json` twin) comes from the registry
(app/web/views.py); these answer the same way, with a response model each.
"""

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse

from app.data import annotations as notes
from app.data import queries
from app.data.db import SessionDep
from app.data.schemas import AnnotationCollectionOut, AnnotationOut, ArticleOut, PassageOut
from app.web.errors import or_404
from app.web.views import NOT_FOUND

# For routes whose success type is not plain JSON, say the error still is.
ERROR_JSON = {"application/json": {"schema": {"$ref": "#/components/schemas/ErrorOut"}}}
JSON_NOT_FOUND: dict[int | str, dict[str, Any]] = {
    404: {"description": "No such item.", "content": ERROR_JSON}
}
# Every endpoint can meet the read-only guard's plain refusals; say so in the OpenAPI document.
REFUSED: dict[int | str, dict[str, Any]] = {
    400: {"description": "The address holds a NUL byte or invalid UTF-8.", "content": ERROR_JSON},
    414: {"description": "The address or query string is too long.", "content": ERROR_JSON},
}


class AnnotationJSON(JSONResponse):
    media_type = 'application/ld+json; profile="http://www.w3.org/ns/anno.jsonld"'


router = APIRouter(prefix="/api")


@router.get("/article", tags=["article"], operation_id="get_article")
def article(session: SessionDep) -> ArticleOut:
    """The article's credits, hash and coverage figures."""
    return queries.get_article(session=session)


@router.get(
    "/passages/{passage_id}", tags=["passages"], responses=NOT_FOUND, operation_id="get_passage"
)
def passage(session: SessionDep, passage_id: str) -> PassageOut:
    """One passage and the facts citing it."""
    found = queries.get_passage(session=session, passage_id=passage_id)
    return or_404(found, f"No passage '{passage_id}'.")


@router.get(
    "/annotations",
    tags=["annotations"],
    response_class=AnnotationJSON,
    operation_id="get_annotations",
)
def annotations(request: Request, session: SessionDep) -> AnnotationCollectionOut:
    """Every fact as a W3C Web Annotation, in an AnnotationCollection whose first page holds
    them all; each is anchored by quote and by position, in code points, in /article.txt."""
    return notes.annotations(session=session, site_url=request.app.state.settings.site_url)


@router.get(
    "/annotations/{fact_id}",
    tags=["annotations"],
    response_class=AnnotationJSON,
    responses=JSON_NOT_FOUND,
    operation_id="get_annotation",
)
def annotation(request: Request, session: SessionDep, fact_id: str) -> AnnotationOut:
    """One fact as a W3C Web Annotation: its TextPositionSelector counts code points."""
    fact = or_404(queries.get_fact(session=session, fact_id=fact_id), f"No fact '{fact_id}'.")
    text = queries.article_text(session=session)
    return notes.annotation(fact, text, request.app.state.settings.site_url)
