"""Collect the words the site writes itself, page by page, for the editorial rules' tests.

The article's own words (passages, quotes, marked spans, search snippets) and the record of
earlier wordings kept by corrections are left out: the rules hold our words to the article,
not the article to itself.
"""

import re
from html.parser import HTMLParser

BLOCKS = {
    "p", "li", "dt", "dd", "h1", "h2", "h3", "h4", "figcaption", "title", "desc", "text",
    "summary", "caption", "th", "td", "label", "button", "a",
}  # fmt: skip
SKIPPED_TAGS = {"blockquote", "pre", "code", "script", "style", "mark"}
SKIPPED_CLASSES = {"passage-text", "before", "snippet", "quote", "passage-context", "hash"}
ATTRIBUTES = ("alt", "aria-label", "title")
META = ("description", "og:title", "og:description", "og:image:alt", "twitter:title",
        "twitter:description", "twitter:image:alt")  # fmt: skip
VOID = {"meta", "link", "img", "input", "br", "hr", "source"}


class OwnWords(HTMLParser):
    """Split a page into blocks of our own text: elements, titles, meta tags, attributes."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[str] = []
        self.short_forms: list[str] = []  # titles, meta descriptions, alt and aria texts
        self._stack: list[tuple[str, bool]] = []
        self._current: list[str] = []

    @property
    def _skipping(self) -> bool:
        return any(skip for _, skip in self._stack)

    def _flush(self) -> None:
        text = " ".join("".join(self._current).split())
        if text:
            self.blocks.append(text)
        self._current = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        if tag == "meta" and (values.get("name") or values.get("property")) in META:
            self.short_forms.append(values.get("content", ""))
        for name in ATTRIBUTES:
            if values.get(name) and tag not in ("link",):
                self.short_forms.append(values[name])
        if tag in VOID:
            return
        classes = set(values.get("class", "").split())
        skip = tag in SKIPPED_TAGS or bool(classes & SKIPPED_CLASSES)
        if tag in BLOCKS and not self._skipping:
            self._flush()
        self._stack.append((tag, skip))

    def handle_endtag(self, tag: str) -> None:
        if tag in VOID:
            return
        while self._stack:
            name, _ = self._stack.pop()
            if name == tag:
                break
        if tag in BLOCKS and not self._skipping:
            self._flush()

    def handle_data(self, data: str) -> None:
        if not self._skipping and self._stack and self._stack[-1][0] != "script":
            self._current.append(data)
        if self._stack and self._stack[-1][0] == "title":
            self.short_forms.append(data)


def own_words(html: str) -> tuple[list[str], list[str]]:
    """Return (text blocks, short forms) of our own words on a page."""
    parser = OwnWords()
    parser.feed(html)
    parser.close()
    return parser.blocks, parser.short_forms


# JSON fields that hold the article's words or a reader's input, never ours.
ARTICLE_FIELDS = {"quote", "exact", "prefix", "suffix", "snippet", "snippet_html", "before",
                  "query", "text_fragment"}  # fmt: skip


def json_strings(value: object, key: str = "") -> list[str]:
    """Every string our JSON documents write, leaving out the article's words."""
    if isinstance(value, str):  # ids, URLs and hashes have no spaces: they are not prose
        return [] if key in ARTICLE_FIELDS or not re.search(r"\s", value) else [value]
    if isinstance(value, dict):
        if value.get("kind") in ("body", "caption", "bio", "clutter") and "number" in value:
            value = {k: v for k, v in value.items() if k != "text"}  # a passage: the article
        return [s for k, v in value.items() for s in json_strings(v, k)]
    if isinstance(value, list):
        return [s for item in value for s in json_strings(item, key)]
    return []


def sentences(text: str) -> list[str]:
    """Split prose into sentences (and semicolon clauses), keeping abbreviations whole."""
    protected = re.sub(r"\b(U\.S|D\.C|Dec|Oct|Sept|Jan|Aug|Gen|Mr|Ms|Dr)\.", r"\1§", text)
    parts = re.split(r"(?<=[.!?;])\s+(?=[A-Z“])", protected)
    return [part.replace("§", ".") for part in parts if part.strip()]
