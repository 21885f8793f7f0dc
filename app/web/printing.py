"""Links on paper: each link in a page's main content gets a number, and the page a list of
those numbers' addresses, shown only in print (style.css prints `[n]` after each link).

Worked out on the server, so printing needs no script; one number per address, however many
links lead there. Text fragments are dropped from the printed address: on paper the passage
(`/source#p-6`) is what a reader can type, and `#:~:text=…` is noise.
"""

import re
from html import unescape

from markupsafe import Markup

LINK = re.compile(r'<a\s(?=[^>]*?\bhref="([^"#][^"]*)")')
# Left unnumbered: SVG drawings (no ::after inside SVG) and footnotes, which print as a list
# of their own, each naming its passage.
SKIP = re.compile(r"(<svg\b.*?</svg>|<div class=\"footnotes\">.*?<!--/footnotes-->)", re.S)


def printable(href: str, origin: str) -> str:
    """The address a reader could type: absolute, without a text directive."""
    address = unescape(href).split(":~:", 1)[0].removesuffix("#")
    return origin + address if address.startswith("/") else address


def number_links(html: str, origin: str) -> tuple[Markup, list[str]]:
    """Give every HTML link (not one to a spot on this page) the number of its address."""
    numbers: dict[str, int] = {}

    def numbered(link: re.Match[str]) -> str:
        address = printable(link.group(1), origin)
        number = numbers.setdefault(address, len(numbers) + 1)
        return f'<a data-ref="{number}" '

    parts = SKIP.split(html)  # odd parts are drawings and footnotes, left as they are
    parts[::2] = [LINK.sub(numbered, part) for part in parts[::2]]
    return Markup("".join(parts)), list(numbers)
