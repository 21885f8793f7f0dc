"""URL text fragments and Web Annotation selectors that point at a quote in the article.

A text fragment (`#:~:text=prefix-,exact,-suffix`) makes supporting browsers scroll to and
highlight the quote. Browsers match case-insensitively, on word boundaries, ignoring runs of
whitespace, and take the first match, so we add context words until the quote is unique. A
long quote is named by its first and last words (`text=start,end`, the spec's range): every
link and footnote repeats its fragment, and the pages have a byte budget.
"""

import re
from dataclasses import dataclass
from urllib.parse import quote, unquote

CONTEXT_CHARS = 32  # Hypothesis and most annotation tools keep 32 characters of context
MAX_CONTEXT_WORDS = 12  # a statement may repeat a whole clause of its passage
RANGE_WORDS = (3, 4, 5, 6)  # words at each end of a range, fewest first


@dataclass(frozen=True)
class TextDirective:
    exact: str  # the words selected; with `end`, the first of them (the spec's textStart)
    prefix: str = ""
    suffix: str = ""
    end: str = ""  # the last words of a range (textEnd)

    def encode(self) -> str:
        """Serialise per the Text Fragments spec: `-`, `,`, `&` and the rest percent-encoded."""
        parts = [f"{_encode(self.prefix)}-"] if self.prefix else []
        parts.append(_encode(self.exact))
        if self.end:
            parts.append(_encode(self.end))
        if self.suffix:
            parts.append(f"-{_encode(self.suffix)}")
        return "text=" + ",".join(parts)


def _encode(term: str) -> str:
    return quote(term, safe="").replace("-", "%2D")


def decode(directive: str) -> TextDirective:
    """Parse a `text=` directive back into its terms (the inverse of encode, for checking)."""
    terms = directive.removeprefix("text=").split(",")
    prefix = unquote(terms.pop(0)[:-1]) if terms[0].endswith("-") else ""
    suffix = unquote(terms.pop()[1:]) if len(terms) > 1 and terms[-1].startswith("-") else ""
    if len(terms) not in (1, 2):
        raise ValueError(f"expected a term or a range of two, got {terms!r}")
    end = unquote(terms[1]) if len(terms) == 2 else ""
    return TextDirective(exact=unquote(terms[0]), prefix=prefix, suffix=suffix, end=end)


def _pattern(term: str) -> str:
    return r"\s+".join(re.escape(word) for word in term.split())


def matches(text: str, directive: TextDirective) -> list[tuple[int, int]]:
    """Return the (start, end) of every span of `text` the directive selects, as a browser would."""
    core = _pattern(directive.exact)
    after = rf"(?=\s*{_pattern(directive.suffix)}(?!\w))" if directive.suffix else r"(?!\w)"
    # A prefix of several words has no fixed width, so it is checked before each match rather
    # than as a look-behind.
    prefix = re.compile(rf"(?<!\w){_pattern(directive.prefix)}\s*$", re.IGNORECASE)
    reach = len(directive.prefix) + 64  # the prefix, with room for runs of white space
    found = []
    if directive.end:  # a range: the start's words, then the first end after them
        core += r"(?!\w)"
        last = re.compile(rf"(?<!\w)({_pattern(directive.end)}){after}", re.IGNORECASE)
    for m in re.finditer(rf"(?<!\w)({core}){'' if directive.end else after}", text, re.I):
        if directive.prefix and not prefix.search(text, max(0, m.start() - reach), m.start()):
            continue
        if not directive.end:
            found.append((m.start(1), m.end(1)))
        elif closing := last.search(text, m.end(1)):
            found.append((m.start(1), closing.end(1)))
    return found


def text_directive(text: str, start: int, end: int, *, within: tuple[int, int]) -> TextDirective:
    """Shortest directive that selects exactly text[start:end] and nothing else in `text`.

    Context words come only from `within` (the quote's passage): on the page, other
    elements sit between passages, so context from a neighbouring passage would not match.
    """
    exact = text[start:end]
    words = exact.split()
    for count in RANGE_WORDS:  # a long quote: its first and last words, if they single it out
        if len(words) > 2 * count + 2:
            ends = TextDirective(exact=" ".join(words[:count]), end=" ".join(words[-count:]))
            if matches(text, ends) == [(start, end)]:
                return ends
    before = text[within[0] : start].split()
    after = text[end : within[1]].split()
    for count in range(MAX_CONTEXT_WORDS + 1):
        for prefix_words, suffix_words in ((0, count), (count, 0), (count, count)):
            candidate = TextDirective(
                exact=exact,
                prefix=" ".join(before[len(before) - prefix_words :]) if prefix_words else "",
                suffix=" ".join(after[:suffix_words]),
            )
            if matches(text, candidate) == [(start, end)]:
                return candidate
    raise ValueError(f"no unique text fragment for {exact!r} at {start}")


def quote_selector(text: str, start: int, end: int) -> dict[str, str]:
    """A W3C TextQuoteSelector: the exact quote and 32 characters either side."""
    return {
        "type": "TextQuoteSelector",
        "exact": text[start:end],
        "prefix": text[max(0, start - CONTEXT_CHARS) : start],
        "suffix": text[end : end + CONTEXT_CHARS],
    }
