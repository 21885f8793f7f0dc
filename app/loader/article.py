"""The article as passages with character offsets, and finding quotes in it.

Offsets count Unicode code points (Python string indices) into the whole article text,
so `article[start:end] == quote` holds for every fact.
"""

import re
from dataclasses import dataclass

from app.config import SeedError


@dataclass(frozen=True)
class PassageSpan:
    number: int
    text: str
    start: int
    end: int

    @property
    def id(self) -> str:
        return passage_id(self.number)


def passage_id(number: int) -> str:
    return f"p-{number}"


def split_passages(article: str) -> list[PassageSpan]:
    """Split the article into its non-empty lines, numbered from 1 in reading order."""
    passages: list[PassageSpan] = []
    offset = 0
    for line in article.split("\n"):
        text = line.strip()
        if text:
            start = offset + line.index(text)
            passages.append(PassageSpan(len(passages) + 1, text, start, start + len(text)))
        offset += len(line) + 1
    return passages


def find_all(article: str, quote: str) -> list[int]:
    """Return every start offset at which the quote occurs, overlapping ones included."""
    starts: list[int] = []
    index = article.find(quote)
    while index != -1:
        starts.append(index)
        index = article.find(quote, index + 1)
    return starts


def locate_quote(
    article: str,
    passages: list[PassageSpan],
    *,
    fact_id: str,
    quote: str,
    passage_hint: str | None = None,
) -> tuple[int, int, PassageSpan]:
    """Find the one place the fact's quote stands, or explain why there is none."""
    starts = find_all(article, quote) if quote else []
    found = [
        (start, passage)
        for start in starts
        for passage in passages
        if passage.start <= start and start + len(quote) <= passage.end
    ]
    if passage_hint is not None:
        found = [(start, passage) for start, passage in found if passage.id == passage_hint]
    if not found:
        where = f" in passage {passage_hint}" if passage_hint else " in the article"
        raise SeedError(f"fact '{fact_id}': quote not found{where}: “{quote}”")
    if len(found) > 1:
        ids = ", ".join(passage.id for _, passage in found)
        raise SeedError(
            f"fact '{fact_id}': quote occurs {len(found)} times ({ids}); "
            f'add passage = "p-N" to say which: “{quote}”'
        )
    start, passage = found[0]
    return start, start + len(quote), passage


QUOTED = re.compile(r"“([^“”]*)”|\"([^\"]*)\"")


def quoted_spans(text: str) -> list[str]:
    """The words our own text puts between quotation marks (curly or straight)."""
    return [curly or straight for curly, straight in QUOTED.findall(text)]


def misquotes(text: str, article: str) -> list[str]:
    """Quoted spans that are not the article's exact words: each one would misquote it."""
    return [span for span in quoted_spans(text) if span not in article]
