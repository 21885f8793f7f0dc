"""The columns of facts.csv: one list that writes the header, the downloads page's column
guide and the CSVW metadata file (W3C CSV on the Web) served beside the CSV."""

from dataclasses import dataclass
from typing import Any, get_args

from app.data.schemas import CsvColumnOut
from app.data.vocabulary import Channel, FactKind, Wording

CSVW_CONTEXT = "http://www.w3.org/ns/csvw"
METADATA_MEDIA_TYPE = "application/csvm+json"


@dataclass(frozen=True)
class Column:
    name: str
    meaning: str
    datatype: str = "string"  # a CSVW built-in datatype
    values: tuple[str, ...] = ()  # the only values allowed, when it is a vocabulary
    format: str = ""  # a CSVW format: a pattern for strings, "yes|no" for booleans
    required: bool = True

    @property
    def label(self) -> str:
        """The type in a reader's words."""
        if self.values:
            return "one of: " + ", ".join(self.values)
        if self.datatype == "boolean":
            return "yes or no"
        return {"nonNegativeInteger": "whole number, 0 or more"}.get(self.datatype, "text")

    def csvw(self) -> dict[str, Any]:
        """The column as CSVW describes one: name, title, meaning and datatype."""
        datatype: dict[str, Any] | str = self.datatype
        pattern = "|".join(self.values) or self.format
        if pattern:
            datatype = {"base": self.datatype, "format": pattern}
        return {
            "name": self.name,
            "titles": self.name,
            "dc:description": self.meaning,
            "datatype": datatype,
            "required": self.required,
        }


COLUMNS = [
    Column("id", "The fact's permanent id; its page is /facts/ followed by the id."),
    Column("statement", "The fact in our words, naming its speaker."),
    Column("kind", "What the fact is about.", values=get_args(FactKind)),
    Column(
        "story",
        "yes for the story itself; no for the photo caption, photo credit, author's bio and"
        " dateline.",
        datatype="boolean",
        format="yes|no",
    ),
    Column("speaker", "The speaker's id; their page is /officials/ followed by it."),
    Column("speaker_name", "The speaker as this site names them."),
    Column("wording", "How the article words it.", values=get_args(Wording)),
    Column("channel", "How the words reached the article.", values=get_args(Channel)),
    Column(
        "via",
        "Who passed the words on when the channel is outlet or person; empty otherwise.",
        required=False,
    ),
    Column("quote", "The article's exact words, character for character."),
    Column("passage_id", "The passage that states it; /source# followed by it links there."),
    Column(
        "start",
        "Offset of the quote's first character in article.txt, counted in Unicode code points"
        " from 0.",
        datatype="nonNegativeInteger",
    ),
    Column(
        "end",
        "Offset just past the quote's last character in article.txt, in code points.",
        datatype="nonNegativeInteger",
    ),
    Column("url", "The fact's page, as a path on this site.", datatype="anyURI"),
    Column(
        "article_sha256",
        "SHA-256 of article.txt, the text the offsets count into.",
        format="[0-9a-f]{64}",
    ),
]


def guide() -> list[CsvColumnOut]:
    """Each column's name, type and meaning, for the downloads page and its JSON."""
    return [CsvColumnOut(name=c.name, type=c.label, meaning=c.meaning) for c in COLUMNS]


def csvw_metadata(site_url: str) -> dict[str, Any]:
    """CSVW metadata for facts.csv: what each column holds, checkable by CSVW tools."""
    return {
        "@context": CSVW_CONTEXT,
        "url": "facts.csv",  # beside this file, wherever the site is served
        "dc:title": "Facts from one article, one row per fact",
        "dc:source": f"{site_url}/article.txt",
        "dialect": {"header": True, "encoding": "utf-8", "lineTerminators": ["\r\n"]},
        "tableSchema": {
            "columns": [column.csvw() for column in COLUMNS],
            "primaryKey": "id",
        },
    }
