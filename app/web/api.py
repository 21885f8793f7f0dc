"""JSON for programs that no page has: the article's credits, single passages, annotations.

Every page's own JSON (the API route and the `.json` twin) comes from the registry
(app/web/views.py); these answer the same way, with a response model each.
"""

from fastapi import APIRouter, Depends, Request
from fastapi.responses import JSONResponse

from app.data import queries
from app.data.annotations import annotation_collection, web_annotation
from app.data.schemas import AnnotationCollectionOut, AnnotationOut, ArticleOut, PassageOut
from app.web.envelope import api_json, strict_params
from app.web.errors import or_404
from app.web.problems import NOT_FOUND
from app.web.root import ApiRootOut, api_root
from app.web.sessions import SessionDep


class AnnotationJSON(JSONResponse):
    media_type = 'application/ld+json; profile="http://www.w3.org/ns/anno.jsonld"'


router = APIRouter(prefix="/api", dependencies=[Depends(strict_params)])


@router.get("", tags=["api"], operation_id="get_api", summary="The API's resources and version")
def root(request: Request) -> ApiRootOut:
    """Every resource of the API, with its HTML page and the page's JSON twin."""
    return api_root(request)


@router.get("/", include_in_schema=False)
def root_slash(request: Request) -> ApiRootOut:
    """The same document at /api/: a client may add the slash."""
    return api_root(request)


@router.get("/article", tags=["article"], operation_id="get_article")
def article(session: SessionDep) -> ArticleOut:
    """The article's credits, hash and coverage figures."""
    return queries.get_article(session=session)


@router.get(
    "/passages/{passage_id}",
    tags=["passages"],
    responses=NOT_FOUND,
    operation_id="get_passage",
    response_model=PassageOut,
)
def passage(request: Request, session: SessionDep, passage_id: str) -> JSONResponse:
    """One passage and the facts citing it."""
    found = queries.get_passage(session=session, passage_id=passage_id)
    return api_json(request, PassageOut, or_404(found, f"No passage '{passage_id}'."))


@router.get(
    "/annotations",
    tags=["annotations"],
    response_class=AnnotationJSON,
    operation_id="get_annotations",
)
def annotations(request: Request, session: SessionDep) -> AnnotationCollectionOut:
    """Every fact as a W3C Web Annotation, in an AnnotationCollection whose first page holds
    them all; each is anchored by quote and by position, in code points, in /article.txt."""
    return annotation_collection(session=session, site_url=request.app.state.settings.site_url)


@router.get(
    "/annotations/{fact_id}",
    tags=["annotations"],
    response_class=AnnotationJSON,
    responses=NOT_FOUND,
    operation_id="get_annotation",
)
def annotation(request: Request, session: SessionDep, fact_id: str) -> AnnotationOut:
    """One fact as a W3C Web Annotation: its TextPositionSelector counts code points."""
    fact = or_404(queries.get_fact(session=session, fact_id=fact_id), f"No fact '{fact_id}'.")
    text = queries.article_text(session=session)
    return web_annotation(fact, text, request.app.state.settings.site_url)
