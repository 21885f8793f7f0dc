"""The runs of a passage that its facts quote: the spans the article page marks.

Offsets come from the build (each fact's quote was located in the article once, there); here
they are only made relative to the passage. Quotes that overlap share one span, because marks
cannot cross: the page wraps the passage's text in <mark> elements and never changes it.
"""

from app.data.schemas import CitedSpan


def cited_spans(quotes: list[tuple[str, int, int]]) -> list[CitedSpan]:
    """Merge (fact id, start, end) quotes into numbered, non-overlapping spans in text order."""
    spans: list[CitedSpan] = []
    for fact_id, start, end in sorted(quotes, key=lambda quote: (quote[1], quote[2])):
        if spans and start < spans[-1].end:
            last = spans[-1]
            last.end = max(last.end, end)
            last.facts.append(fact_id)
        else:
            spans.append(CitedSpan(number=len(spans) + 1, start=start, end=end, facts=[fact_id]))
    return spans
