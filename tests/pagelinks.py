"""A small HTML link collector for tests (the standard library's parser is enough)."""

from html.parser import HTMLParser


class LinkCollector(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "a" and values.get("href"):
            self.links.append(str(values["href"]))
        if values.get("id"):
            self.ids.add(str(values["id"]))


def collect(html: str) -> LinkCollector:
    collector = LinkCollector()
    collector.feed(html)
    return collector
