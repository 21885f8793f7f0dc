"""Corrections and retired facts: what we published before, and why it changed."""

from collections import defaultdict

from sqlmodel import Session, col, select

from app.data import queries, urls
from app.data.models import Correction, Fact, Prose, RetiredFact
from app.data.schemas import (
    CorrectionDayOut,
    CorrectionDayRef,
    CorrectionOut,
    CorrectionPartRef,
    FactRef,
    RetiredOut,
)


def list_corrections(*, session: Session) -> list[CorrectionOut]:
    """Every correction, newest first, with the earlier wording and the one that replaced it.

    One public log for both editions: the English database holds the Arabic edition's
    corrections too (`lang` "ar", linked to the Arabic pages that show the words), with the
    wording each made, which the loader chained from the Arabic words. The Arabic database
    holds only its own, and its fact pages show only those: an English correction changed an
    English sentence the Arabic edition never published (its words are translated from the
    English as it stands, and a change to them is an Arabic correction), so its earlier
    wording and reason, in English, would tell an Arabic reader of no change to what they
    read; the English page, one tap away by the language switch, and /corrections list it."""
    statements = dict(session.exec(select(Fact.id, Fact.statement)).all())
    prose = {
        key: (text, page)
        for key, text, page in session.exec(select(Prose.key, Prose.text, Prose.page))
    }
    logged: dict[tuple[str, str], list[Correction]] = defaultdict(list)
    for row in session.exec(select(Correction).order_by(col(Correction.id))):
        logged[row.lang, row.fact_id or row.prose_key or ""].append(row)
    found: list[tuple[str, int, CorrectionOut]] = []
    for (lang, target), rows in logged.items():
        fact = rows[0].fact_id
        live, page = (statements[target], None) if fact else prose[target]
        if lang == "ar":  # the Arabic pages, and the wordings the loader chained
            page = urls.arabic(page or f"/facts/{target}")
            api_url: str | None = urls.twin(page)
            afters = [row.after or "" for row in rows]
        else:
            api_url = None if page is None else "/api/overview" if page == "/" else f"/api{page}"
            afters = queries.chain_afters([row.before for row in rows], live)
        for row, after in zip(rows, afters, strict=True):
            found.append((row.date, row.id or 0, queries.correction_out(row, after, page, api_url)))
    return [correction for *_, correction in sorted(found, key=lambda f: f[:2], reverse=True)]


def corrected_what(correction: CorrectionOut) -> str:
    """What a correction corrected, in a few words, for the log's pages and feed: a fact or our
    prose, and, for the Arabic edition's words, that they are Arabic."""
    fact = correction.url.startswith(("/facts/", urls.arabic("/facts/")))
    kind = "Fact" if fact else "Our prose"
    return f"{kind} in Arabic" if correction.lang == "ar" else kind


# A page of corrections holds at most this many characters of their words (what was corrected
# and where, the new wording, the earlier one, why): a day with more is split into parts, newest
# first, so that every page, markup and stylesheet included, fits the first round trip
# (tests/test_quality.py). Gzipped, 12,000 characters of our corrections come to about 3.4 KB,
# of words drawn at random from the article about 5.5 KB; with the page around them (about
# 2 KB) and the stylesheet (3.7 KB) that leaves /corrections room to list some 300 days at about
# 12 bytes each beside a full newest day (tests/test_corrections.py tries 123; past 300, list
# the days by month). A correction is never split: the loader refuses one whose wordings and
# reason pass this alone.
PART_CHARACTERS = 12_000


def _size(correction: CorrectionOut) -> int:
    texts = (
        correction.target,
        correction.url,
        correction.after,
        correction.before,
        correction.reason,
        correction.reason_ar or "",
    )
    return sum(len(text) for text in texts)


def _split(day: list[CorrectionOut]) -> list[list[CorrectionOut]]:
    """A day's corrections, newest first, in parts of at most PART_CHARACTERS each."""
    parts: list[list[CorrectionOut]] = [[]]
    used = 0
    for correction in day:
        size = _size(correction)
        if parts[-1] and used + size > PART_CHARACTERS:
            parts.append([])
            used = 0
        parts[-1].append(correction)
        used += size
    return parts


def day_key(day: str, part: int = 1) -> str:
    """A corrections page's key: the day (`2026-11-29`), and past its first part, the part."""
    return day if part == 1 else f"{day}-part-{part}"


def _by_day(corrections: list[CorrectionOut]) -> dict[str, list[CorrectionOut]]:
    days: dict[str, list[CorrectionOut]] = defaultdict(list)
    for correction in corrections:
        days[correction.date].append(correction)
    return days


def _parts(day: str, found: list[CorrectionOut]) -> list[CorrectionPartRef]:
    return [
        CorrectionPartRef(
            part=number,
            count=len(part),
            url=urls.corrections(day_key(day, number)),
            api_url=urls.corrections_api(day_key(day, number)),
        )
        for number, part in enumerate(_split(found), start=1)
    ]


def correction_days(corrections: list[CorrectionOut]) -> list[CorrectionDayRef]:
    """Every day corrections were made, newest first, with how many and its parts."""
    return [
        CorrectionDayRef(
            date=day,
            count=len(found),
            url=urls.corrections(day),
            api_url=urls.corrections_api(day),
            parts=_parts(day, found),
        )
        for day, found in _by_day(corrections).items()
    ]


def correction_pages(corrections: list[CorrectionOut]) -> dict[str, CorrectionDayOut]:
    """Every page of the log, newest first, keyed: each day, split into parts if it is long.

    `corrections` is list_corrections' answer (newest first); the pages only group it. A page
    links the day before and after it rather than every day, so it fits however many there are.
    """
    days = correction_days(corrections)
    pages: dict[str, CorrectionDayOut] = {}
    for place, (ref, found) in enumerate(zip(days, _by_day(corrections).values(), strict=True)):
        for number, part in enumerate(_split(found), start=1):
            pages[day_key(ref.date, number)] = CorrectionDayOut(
                date=ref.date,
                count=ref.count,
                part=number,
                parts=ref.parts,
                corrections=part,
                newer=days[place - 1] if place > 0 else None,
                older=days[place + 1] if place + 1 < len(days) else None,
            )
    return pages


def newest_corrections(corrections: list[CorrectionOut]) -> CorrectionDayOut | None:
    """The first page of the newest day, for /corrections; None before any correction."""
    return next(iter(correction_pages(corrections).values()), None)


def correction_keys(*, session: Session) -> list[str]:
    """Every corrections page's key, newest first, for the site map and the export."""
    return list(correction_pages(list_corrections(session=session)))


def modified_dates(corrections: list[CorrectionOut]) -> dict[str, str]:
    """The pages whose data has a date, and its latest (ISO 8601): each corrections page its
    day, /corrections its newest, and each page that publishes corrected words the day of its
    latest correction. For the sitemap's `lastmod` and JSON-LD's `dateModified`.

    Keyed by the pages' paths in the edition being mapped (`urls.in_edition`): a prose page's
    stored path is the English one, and the Arabic edition's /ar/phases/1 must find its date as
    its sitemap entry and its JSON-LD look it up."""
    found: dict[str, str] = {}
    for correction in corrections:  # newest first: the first date seen for a page is its latest
        for path in (correction.url, urls.corrections(correction.date), urls.CORRECTIONS):
            found.setdefault(urls.in_edition(path), correction.date)
    for key, page in correction_pages(corrections).items():
        found.setdefault(urls.in_edition(urls.corrections(key)), page.date)
    return found


def get_correction_day(*, session: Session, key: str) -> CorrectionDayOut | None:
    """One day's corrections (or one part of a long day); None for a day with none."""
    return correction_pages(list_corrections(session=session)).get(key)


class Gone(Exception):
    """A page that existed and was retired on purpose: answered 410, with a pointer.

    Raised by a page's query (app/pages/registry.py), answered by app/web/errors.py.
    """

    def __init__(self, retired: RetiredOut) -> None:
        super().__init__(retired.id)
        self.retired = retired


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
