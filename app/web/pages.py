"""HTML pages for people: each route reads its parameters, calls a query and renders."""

import json
from datetime import date

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, JSONResponse

from app.data import downloads as exports
from app.data import notes, queries, search, story, timeline
from app.data.corrections import get_retired, list_corrections
from app.data.db import SessionDep
from app.data.schemas import SearchOut
from app.web import reference
from app.web.errors import or_404
from app.web.templating import templates

router = APIRouter(include_in_schema=False, default_response_class=HTMLResponse)


def _today(request: Request) -> date:
    return request.app.state.settings.today()


@router.get("/")
def overview(request: Request, session: SessionDep) -> HTMLResponse:
    """Show the story in a few facts, the two phases at a glance and who was quoted."""
    overview = story.get_overview(session=session, today=_today(request))
    return templates.TemplateResponse(request, "index.html", {"overview": overview})


@router.get("/phases")
def phases(request: Request, session: SessionDep) -> HTMLResponse:
    """List both phases with their targets."""
    return templates.TemplateResponse(
        request,
        "phases.html",
        {"phases": story.list_phases(session=session, today=_today(request))},
    )


@router.get("/phases/{slug}")
def phase(request: Request, session: SessionDep, slug: str) -> HTMLResponse:
    """Show one phase: what ends, by when, where, who said so and what is not disclosed."""
    found = or_404(
        story.get_phase(session=session, slug=slug, today=_today(request)),
        f"There is no phase “{slug}”.",
    )
    return templates.TemplateResponse(request, "phase.html", {"phase": found})


@router.get("/regions")
def regions(request: Request, session: SessionDep) -> HTMLResponse:
    """List the regions, federal Iraq first."""
    return templates.TemplateResponse(
        request,
        "regions.html",
        {"regions": story.list_regions(session=session, today=_today(request))},
    )


@router.get("/regions/{slug}")
def region(request: Request, session: SessionDep, slug: str) -> HTMLResponse:
    """Show one region, its date, and how it maps onto a phase and on whose account."""
    found = or_404(
        story.get_region(session=session, slug=slug, today=_today(request)),
        f"There is no region “{slug}”.",
    )
    return templates.TemplateResponse(request, "region.html", {"region": found})


@router.get("/officials")
def officials(request: Request, session: SessionDep) -> HTMLResponse:
    """List everyone quoted or paraphrased, named or not."""
    return templates.TemplateResponse(
        request, "officials.html", {"speakers": queries.list_speakers(session=session)}
    )


@router.get("/officials/{slug}")
def official(request: Request, session: SessionDep, slug: str) -> HTMLResponse:
    """Show one speaker with every statement the article attributes to them."""
    found = or_404(
        queries.get_speaker(session=session, slug=slug), f"There is no official or source “{slug}”."
    )
    return templates.TemplateResponse(request, "official.html", {"speaker": found})


@router.get("/facts")
def facts(request: Request, session: SessionDep) -> HTMLResponse:
    """List every fact in the order the article states it."""
    return templates.TemplateResponse(
        request, "facts.html", {"facts": queries.list_facts(session=session)}
    )


@router.get("/facts/{fact_id}")
def fact(request: Request, session: SessionDep, fact_id: str) -> HTMLResponse:
    """Show one fact with its quote marked inside the passage that states it."""
    retired = get_retired(session=session, fact_id=fact_id)
    if retired is not None:
        return templates.TemplateResponse(
            request, "retired.html", {"retired": retired}, status_code=410
        )
    found = or_404(
        queries.get_fact(session=session, fact_id=fact_id), f"There is no fact “{fact_id}”."
    )
    passage = queries.get_passage(session=session, passage_id=found.passage_id)
    note = exports.annotation(
        found, queries.article_text(session=session), request.app.state.settings.site_url
    )
    context = {
        "fact": found,
        "passage": passage,
        "annotation": json.dumps(note.model_dump(by_alias=True), indent=2, ensure_ascii=False),
    }
    return templates.TemplateResponse(request, "fact.html", context)


@router.get("/corrections")
def corrections(request: Request, session: SessionDep) -> HTMLResponse:
    """List every correction to a published statement, newest first, with the earlier words."""
    found = list_corrections(session=session)
    return templates.TemplateResponse(request, "corrections.html", {"corrections": found})


@router.get("/source")
def source(request: Request, session: SessionDep) -> HTMLResponse:
    """Show the article itself, every passage addressable and listing the facts citing it."""
    context = {
        "article": queries.get_article(session=session),
        "passages": queries.list_passages(session=session),
    }
    return templates.TemplateResponse(request, "source.html", context)


@router.get("/downloads")
def downloads(request: Request, session: SessionDep) -> HTMLResponse:
    """List the dataset downloads with their hashes."""
    listing = exports.downloads(
        session=session,
        database=request.app.state.snapshot.data,
        today=request.app.state.settings.today(),
    )
    return templates.TemplateResponse(request, "downloads.html", {"downloads": listing})


@router.get("/timeline")
def timeline_page(request: Request, session: SessionDep) -> HTMLResponse:
    """Show every dated event in order, with the status of the target dates."""
    bands = timeline.get_timeline(session=session, today=request.app.state.settings.today())
    return templates.TemplateResponse(request, "timeline.html", {"bands": bands})


@router.get("/framings")
def framings(request: Request, session: SessionDep) -> HTMLResponse:
    """Show the U.S. and Iraqi descriptions of the change side by side."""
    return templates.TemplateResponse(
        request, "framings.html", {"framings": story.get_framings(session=session)}
    )


@router.get("/numbers")
def numbers(request: Request, session: SessionDep) -> HTMLResponse:
    """Show every figure in the article and what it counts."""
    return templates.TemplateResponse(
        request, "numbers.html", {"rows": queries.list_figures(session=session)}
    )


@router.get("/notes")
def notes_page(request: Request, session: SessionDep) -> HTMLResponse:
    """Show what the article leaves out and how it knows what it says."""
    return templates.TemplateResponse(
        request, "notes.html", {"notes": notes.get_notes(session=session)}
    )


@router.get("/search")
def search_page(request: Request, session: SessionDep, q: str = "") -> HTMLResponse:
    """Search passages and facts; matched words are marked."""
    found = search.search(session=session, query=q)
    return templates.TemplateResponse(request, "search.html", {"search": found})


@router.get("/search.json", response_class=JSONResponse)
def search_twin(session: SessionDep, q: str = "") -> SearchOut:
    """The search page's JSON twin: the same document as /api/search."""
    return search.search(session=session, query=q)


EXAMPLES = {
    "/api/phases/{slug}": "/api/phases/1",
    "/api/regions/{slug}": "/api/regions/federal-iraq",
    "/api/officials/{slug}": "/api/officials/thabet-al-abbassi",
    "/api/facts/{fact_id}": "/api/facts/not-withdrawing",
    "/api/passages/{passage_id}": "/api/passages/p-6",
    "/api/annotations/{fact_id}": "/api/annotations/not-withdrawing",
    "/api/search": "/api/search?q=withdraw",
}


@router.get("/docs")
def docs(request: Request) -> HTMLResponse:
    """Document the JSON API from its OpenAPI description, without any script."""
    context = {"operations": reference.operations(request.app.openapi(), EXAMPLES)}
    return templates.TemplateResponse(request, "reference.html", context)
