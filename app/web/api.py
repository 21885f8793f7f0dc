"""JSON for programs: the same queries as the pages, each with a response model."""

from datetime import date
from typing import Any

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import JSONResponse

from app.data import downloads as exports
from app.data import notes, queries, search, story, timeline
from app.data.corrections import get_retired, list_corrections
from app.data.db import SessionDep
from app.data.schemas import (
    AnnotationOut,
    ArticleOut,
    CorrectionOut,
    DownloadsOut,
    ErrorOut,
    FactOut,
    FigureRowOut,
    FramingsOut,
    NoteOut,
    OverviewOut,
    PassageOut,
    PhaseOut,
    RegionOut,
    RetiredOut,
    SearchOut,
    SpeakerOut,
    TimelineBandOut,
)
from app.web.errors import or_404

NOT_FOUND: dict[int | str, dict[str, Any]] = {
    404: {"model": ErrorOut, "description": "No such item."}
}
GONE: dict[int | str, dict[str, Any]] = {
    **NOT_FOUND,
    410: {"model": ErrorOut, "description": "A retired fact: when, why, and what replaced it."},
}
# For routes whose success type is not plain JSON, say the error still is.
ERROR_JSON = {"application/json": {"schema": {"$ref": "#/components/schemas/ErrorOut"}}}
JSON_NOT_FOUND: dict[int | str, dict[str, Any]] = {
    404: {"description": "No such item.", "content": ERROR_JSON}
}


class AnnotationJSON(JSONResponse):
    media_type = 'application/ld+json; profile="http://www.w3.org/ns/anno.jsonld"'


# Every endpoint can meet the read-only guard's plain refusals; say so in the OpenAPI document.
REFUSED: dict[int | str, dict[str, Any]] = {
    400: {"description": "The address holds a NUL byte or invalid UTF-8.", "content": ERROR_JSON},
    414: {"description": "The address or query string is too long.", "content": ERROR_JSON},
}
router = APIRouter(prefix="/api", responses=REFUSED)


def _today(request: Request) -> date:
    return request.app.state.settings.today()


def retired_detail(retired: RetiredOut) -> str:
    """Say what happened to a retired fact and where to go instead."""
    pointer = f" See {retired.replaced_by.url}." if retired.replaced_by else ""
    return f"Fact '{retired.id}' was retired on {retired.date}: {retired.reason}{pointer}"


@router.get("/overview", tags=["article"])
def overview(request: Request, session: SessionDep) -> OverviewOut:
    """The story in brief: summary facts, phases, regions and speakers."""
    return story.get_overview(session=session, today=_today(request))


@router.get("/article", tags=["article"])
def article(session: SessionDep) -> ArticleOut:
    """The article's credits, hash and coverage figures."""
    return queries.get_article(session=session)


@router.get("/phases", tags=["phases"])
def phases(request: Request, session: SessionDep) -> list[PhaseOut]:
    """Both phases of the transition, first to last."""
    return story.list_phases(session=session, today=_today(request))


@router.get("/phases/{slug}", tags=["phases"], responses=NOT_FOUND)
def phase(request: Request, session: SessionDep, slug: str) -> PhaseOut:
    """One phase, with its target, the region we match to it and its cited facts."""
    found = story.get_phase(session=session, slug=slug, today=_today(request))
    return or_404(found, f"No phase '{slug}'.")


@router.get("/regions", tags=["regions"])
def regions(request: Request, session: SessionDep) -> list[RegionOut]:
    """The regions, federal Iraq first, then the Kurdistan Region."""
    return story.list_regions(session=session, today=_today(request))


@router.get("/regions/{slug}", tags=["regions"], responses=NOT_FOUND)
def region(request: Request, session: SessionDep, slug: str) -> RegionOut:
    """One region, its date and the phase we match to it (our inference)."""
    found = story.get_region(session=session, slug=slug, today=_today(request))
    return or_404(found, f"No region '{slug}'.")


@router.get("/officials", tags=["officials"])
def officials(session: SessionDep) -> list[SpeakerOut]:
    """Everyone the article attributes words to, with their statements."""
    return queries.list_speakers(session=session)


@router.get("/officials/{slug}", tags=["officials"], responses=NOT_FOUND)
def official(session: SessionDep, slug: str) -> SpeakerOut:
    """One speaker and every statement attributed to them."""
    return or_404(queries.get_speaker(session=session, slug=slug), f"No official '{slug}'.")


@router.get("/facts", tags=["facts"])
def facts(session: SessionDep) -> list[FactOut]:
    """Every fact, in the order the article states it."""
    return queries.list_facts(session=session)


@router.get("/facts/{fact_id}", tags=["facts"], responses=GONE)
def fact(session: SessionDep, fact_id: str) -> FactOut:
    """One fact: statement, speaker, wording, channel, verbatim quote and its exact place."""
    retired = get_retired(session=session, fact_id=fact_id)
    if retired is not None:
        raise HTTPException(410, retired_detail(retired))
    return or_404(queries.get_fact(session=session, fact_id=fact_id), f"No fact '{fact_id}'.")


@router.get("/corrections", tags=["facts"])
def corrections(session: SessionDep) -> list[CorrectionOut]:
    """Every correction to a published statement or our prose, newest first."""
    return list_corrections(session=session)


@router.get("/passages", tags=["passages"])
def passages(session: SessionDep) -> list[PassageOut]:
    """Every passage of the article in reading order, with the facts citing it."""
    return queries.list_passages(session=session)


@router.get("/passages/{passage_id}", tags=["passages"], responses=NOT_FOUND)
def passage(session: SessionDep, passage_id: str) -> PassageOut:
    """One passage and the facts citing it."""
    found = queries.get_passage(session=session, passage_id=passage_id)
    return or_404(found, f"No passage '{passage_id}'.")


@router.get("/annotations", tags=["annotations"], response_class=AnnotationJSON)
def annotations(request: Request, session: SessionDep) -> list[AnnotationOut]:
    """Every fact as a W3C Web Annotation, anchored by quote and by position in the article."""
    return exports.annotations(session=session, site_url=request.app.state.settings.site_url)


@router.get(
    "/annotations/{fact_id}",
    tags=["annotations"],
    response_class=AnnotationJSON,
    responses=JSON_NOT_FOUND,
)
def annotation(request: Request, session: SessionDep, fact_id: str) -> AnnotationOut:
    """One fact as a W3C Web Annotation."""
    fact = or_404(queries.get_fact(session=session, fact_id=fact_id), f"No fact '{fact_id}'.")
    return exports.annotation(
        fact, queries.article_text(session=session), request.app.state.settings.site_url
    )


@router.get("/downloads", tags=["article"])
def downloads(request: Request, session: SessionDep) -> DownloadsOut:
    """The dataset downloads, with sizes and SHA-256 hashes, and the article's hash."""
    return exports.downloads(
        session=session,
        database=request.app.state.snapshot.data,
        today=request.app.state.settings.today(),
    )


@router.get("/timeline", tags=["explore"])
def timeline_(request: Request, session: SessionDep) -> list[TimelineBandOut]:
    """Every dated event, in order, in three bands; target dates carry their status today."""
    return timeline.get_timeline(session=session, today=request.app.state.settings.today())


@router.get("/framings", tags=["explore"])
def framings(session: SessionDep) -> FramingsOut:
    """How U.S. and Iraqi officials each describe the change, quoted or paraphrased."""
    return story.get_framings(session=session)


@router.get("/numbers", tags=["explore"])
def numbers(session: SessionDep) -> list[FigureRowOut]:
    """Every figure in the article, with its unit, what it counts and its fact."""
    return queries.list_figures(session=session)


@router.get("/notes", tags=["explore"])
def notes_(session: SessionDep) -> list[NoteOut]:
    """Notes on the source, computed from the data."""
    return notes.get_notes(session=session)


@router.get("/search", tags=["explore"])
def search_(session: SessionDep, q: str = "") -> SearchOut:
    """Full-text search over passages and facts; any input is safe."""
    return search.search(session=session, query=q)
