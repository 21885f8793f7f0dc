"""The dataset as files: annotations, JSON and CSV exports, and the download listing."""

import csv
import hashlib
import io
import json

from sqlmodel import Session

from app import queries
from app.fragments import quote_selector
from app.schemas import (
    AnnotationBody,
    AnnotationOut,
    AnnotationTarget,
    DownloadOut,
    DownloadsOut,
    FactOut,
    TextPositionSelector,
    TextQuoteSelector,
)

CSV_COLUMNS = [
    "id",
    "statement",
    "kind",
    "speaker",
    "speaker_name",
    "attribution",
    "via",
    "quote",
    "passage_id",
    "start",
    "end",
    "url",
    "article_sha256",
]


def annotation(fact: FactOut, text: str, site_url: str) -> AnnotationOut:
    """Describe a fact as a Web Annotation that tools such as Hypothesis can anchor."""
    return AnnotationOut(
        id=f"{site_url}/api/annotations/{fact.id}",
        creator={
            "type": "Software",
            "name": "Iraq Transition Explainer",
            "homepage": f"{site_url}/",
        },
        body=AnnotationBody(value=fact.statement),
        target=AnnotationTarget(
            source=f"{site_url}/article.txt",
            scope=f"{site_url}{fact.source_url}",
            selector=[
                TextQuoteSelector(**quote_selector(text, fact.start, fact.end)),
                TextPositionSelector(start=fact.start, end=fact.end),
            ],
        ),
        canonical=f"{site_url}{fact.url}",
    )


def annotations(*, session: Session, site_url: str) -> list[AnnotationOut]:
    text = queries.article_text(session=session)
    return [annotation(fact, text, site_url) for fact in queries.list_facts(session=session)]


def facts_json(*, session: Session) -> bytes:
    """The whole dataset in one JSON document, with the article's hash."""
    data = {
        "article": queries.get_article(session=session).model_dump(),
        "phases": [p.model_dump() for p in queries.list_phases(session=session)],
        "regions": [r.model_dump() for r in queries.list_regions(session=session)],
        "officials": [
            s.model_dump(exclude={"statements"}) for s in queries.list_speakers(session=session)
        ],
        "facts": [f.model_dump() for f in queries.list_facts(session=session)],
        "passages": [p.model_dump() for p in queries.list_passages(session=session)],
    }
    return json.dumps(data, ensure_ascii=False, indent=1).encode()


def facts_csv(*, session: Session) -> bytes:
    """One row per fact, for spreadsheets; the article hash on every row."""
    sha256 = queries.get_article(session=session).sha256
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for fact in queries.list_facts(session=session):
        writer.writerow(
            [
                fact.id,
                fact.statement,
                fact.kind,
                fact.speaker.slug,
                fact.speaker.name,
                fact.attribution,
                fact.via or "",
                fact.quote,
                fact.passage_id,
                fact.start,
                fact.end,
                fact.url,
                sha256,
            ]
        )
    return buffer.getvalue().encode()


def downloads(*, session: Session, database: bytes) -> DownloadsOut:
    """List the downloads with their sizes and hashes, so a user can check what they got."""
    files = [
        (
            "/downloads/explainer.db",
            "The SQLite database the site is served from.",
            "application/vnd.sqlite3",
            database,
        ),
        (
            "/downloads/facts.json",
            "Every fact, speaker, phase, region and passage as JSON.",
            "application/json",
            facts_json(session=session),
        ),
        (
            "/downloads/facts.csv",
            "One row per fact, for spreadsheets.",
            "text/csv",
            facts_csv(session=session),
        ),
        (
            "/article.txt",
            "The article itself, byte for byte as the facts were checked against.",
            "text/plain; charset=utf-8",
            queries.article_text(session=session).encode(),
        ),
    ]
    return DownloadsOut(
        article_sha256=queries.get_article(session=session).sha256,
        files=[
            DownloadOut(
                url=url,
                description=about,
                media_type=media,
                bytes=len(data),
                sha256=hashlib.sha256(data).hexdigest(),
            )
            for url, about, media, data in files
        ],
    )
