"""The dataset as files: annotations, JSON and CSV exports, and the download listing."""

import csv
import hashlib
import io
import json
from datetime import date

from sqlmodel import Session

from app.data import columns, corrections, queries, story
from app.data.schemas import (
    DownloadOut,
    DownloadsOut,
)

CSV_COLUMNS = [column.name for column in columns.COLUMNS]


def facts_json(*, session: Session, today: date) -> bytes:
    """The whole dataset in one JSON document, with the article's hash."""
    data = {
        "article": queries.get_article(session=session).model_dump(),
        "phases": [p.model_dump() for p in story.list_phases(session=session, today=today)],
        "regions": [r.model_dump() for r in story.list_regions(session=session, today=today)],
        "officials": [  # each with the ids of its statements, which stand in full under facts
            {**s.model_dump(exclude={"statements"}), "statements": [f.id for f in s.statements]}
            for s in queries.list_speakers(session=session)
        ],
        "facts": [f.model_dump() for f in queries.list_facts(session=session)],
        "passages": [p.model_dump() for p in queries.list_passages(session=session)],
        "corrections": [c.model_dump() for c in corrections.list_corrections(session=session)],
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
                "yes" if fact.story else "no",
                fact.speaker.slug,
                fact.speaker.name,
                fact.wording,
                fact.channel,
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


def csv_metadata(*, site_url: str) -> bytes:
    """The CSVW metadata file that describes facts.csv column by column."""
    return json.dumps(columns.csvw_metadata(site_url), ensure_ascii=False, indent=1).encode()


def downloads(*, session: Session, database: bytes, today: date, site_url: str) -> DownloadsOut:
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
            facts_json(session=session, today=today),
        ),
        (
            "/downloads/facts.csv",
            "One row per fact, for spreadsheets.",
            "text/csv",
            facts_csv(session=session),
        ),
        (
            "/downloads/facts.csv-metadata.json",
            "What each column of facts.csv holds, as CSV on the Web (CSVW) metadata.",
            columns.METADATA_MEDIA_TYPE,
            csv_metadata(site_url=site_url),
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
        csv_columns=columns.guide(),
    )
