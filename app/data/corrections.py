"""Corrections and retired facts: what we published before, and why it changed."""

from collections import defaultdict

from sqlmodel import Session, col, select

from app.data import queries, urls
from app.data.models import Correction, Fact, Prose, RetiredFact
from app.data.schemas import CorrectionOut, FactRef, RetiredOut

# Where each piece of page prose is published, for the corrections list; the build refuses
# a [prose.KEY] in facts.toml that is not listed here, so no correction links nowhere.
PROSE_PAGES = {
    "title": "/",
    "description": "/",
    "likely-date": "/",
    "date-reasoning": "/",
    "standing": "/",
    "lead": "/",
    "share-title": "/",
    "side-us": "/",
    "side-iraq": "/",
    "sides-pairing": "/",
    "glance-caption": "/phases",
    "phases-lede": "/phases",
    "regions-lede": "/regions",
    "regions-description": "/regions",
    "framings-title": "/framings",
    "framings-lede": "/framings",
    "framings-austin": "/framings",
    "framings-pairing": "/framings",
    "numbers-lede": "/numbers",
    "numbers-scope": "/numbers",
    "timeline-lede": "/timeline",
    "officials-count": "/officials",
    "map-baghdad": "/regions",
    "map-al-asad": "/regions",
    "map-kurdistan": "/regions",
    "map-syria": "/regions",
}


def prose_url(key: str) -> str:
    """The page that shows a piece of prose: `phase:1:title` is on /phases/1, and so on."""
    kind, _, rest = key.partition(":")
    if kind in ("phase", "region"):
        slug = rest.split(":")[0]
        return urls.phase(slug) if kind == "phase" else urls.region(slug)
    if kind == "framings":
        return "/framings"
    if kind == "overview":
        return "/"
    if kind == "question":
        return urls.question(rest.split(":")[0])
    return PROSE_PAGES[rest]


def list_corrections(*, session: Session) -> list[CorrectionOut]:
    """Every correction, newest first, with the earlier wording and the one that replaced it."""
    statements = dict(session.exec(select(Fact.id, Fact.statement)).all())
    prose = dict(session.exec(select(Prose.key, Prose.text)).all())
    logged: dict[str, list[Correction]] = defaultdict(list)
    for row in session.exec(select(Correction).order_by(col(Correction.id))):
        logged[row.fact_id or row.prose_key or ""].append(row)
    found: list[tuple[str, int, CorrectionOut]] = []
    for target, rows in logged.items():
        fact = rows[0].fact_id
        live = statements[target] if fact else prose[target]
        page = None if fact else prose_url(target)
        api_url = None if page is None else "/api/overview" if page == "/" else f"/api{page}"
        afters = queries.chain_afters([row.before for row in rows], live)
        for row, after in zip(rows, afters, strict=True):
            found.append((row.date, row.id or 0, queries.correction_out(row, after, page, api_url)))
    return [correction for *_, correction in sorted(found, key=lambda f: f[:2], reverse=True)]


def get_retired(*, session: Session, fact_id: str) -> RetiredOut | None:
    """A fact id that no longer stands, with what replaced it, if anything."""
    row = session.get(RetiredFact, fact_id)
    if row is None:
        return None
    replacement = session.get(Fact, row.replaced_by) if row.replaced_by else None
    return RetiredOut(
        id=row.id,
        date=row.date,
        statement=row.statement,
        reason=row.reason,
        replaced_by=FactRef(
            id=replacement.id,
            statement=replacement.statement,
            url=urls.fact(replacement.id),
            api_url=urls.fact_api(replacement.id),
        )
        if replacement
        else None,
    )
