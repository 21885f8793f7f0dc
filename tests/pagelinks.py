"""A small HTML link collector for tests (the standard library's parser is enough)."""

from html.parser import HTMLParser


class LinkCollector(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []
        self.resources: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "a" and values.get("href"):
            self.links.append(str(values["href"]))
        if tag == "link" and values.get("href"):
            self.resources.append(str(values["href"]))
        if tag in ("script", "img") and values.get("src"):
            self.resources.append(str(values["src"]))
        if tag == "meta" and str(values.get("content", "")).startswith("http"):
            self.resources.append(str(values["content"]))
        if values.get("id"):
            self.ids.add(str(values["id"]))


def collect(html: str) -> LinkCollector:
    collector = LinkCollector()
    collector.feed(html)
    return collector
