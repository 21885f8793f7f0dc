"""Write static/rtl.css, the Arabic pages' mirror of static/style.css and map.css: every rule
that sets a left or right side, with left and right swapped (and the side it leaves reset).

Why a mirror and not style.css in logical properties: the page-weight budget (14,336 gzipped
bytes a page with its CSS) has 2 bytes to spare on /facts, and the conversion costs every English
page 27 (measured); the mirror costs English pages nothing and loads only on `dir="rtl"` pages.
`python scripts/rtl_css.py` rewrites it; tests/test_arabic.py fails while it is stale.
"""

import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# style.css and the page-only sheets (app/web/assets.py PAGE_SHEETS), in the order pages link.
SHEETS = (
    *("style.css", "map.css", "source.css", "timeline.css", "phases.css", "numbers.css"),
    *("search.css", "framings.css", "officials.css"),
)
SOURCES = tuple(ROOT / "static" / name for name in SHEETS)
TARGET = ROOT / "static" / "rtl.css"
HEAD = "/* Made by scripts/rtl_css.py from style.css and the page sheets, sides swapped. */\n"
SIDED = re.compile(r"(?<![-\w])(margin|padding|border|)-?(left|right)(-[a-z]+)?$|^(left|right)$")
# Rules only an Arabic page needs (no English page has the markup): a sentence that ends in the
# article's English words keeps the whole “…” run and its footnote marker in one `.fn-end`, so
# the marker never starts a line alone; the run itself still wraps (app/web/reading.py).
ARABIC_ONLY = '.fn-end > [lang="en"] { white-space: normal; }\n'
RESET = {"border": "0", "margin": "0", "padding": "0", "": "auto"}
FOUR = re.compile(r"^(margin|padding)$")


def swap(name: str) -> str:
    return name.replace("left", "\0").replace("right", "left").replace("\0", "right")


def mirrored(declarations: str) -> str:
    """The declarations of one rule that set a side, mirrored; empty if it sets none."""
    out: list[str] = []
    sides: set[str] = set()
    for declaration in filter(None, (part.strip() for part in declarations.split(";"))):
        name, _, value = (part.strip() for part in declaration.partition(":"))
        values = value.split()
        if FOUR.match(name) and len(values) == 4 and values[1] != values[3]:
            out.append(f"{name}: {values[0]} {values[3]} {values[2]} {values[1]}")
        elif name == "text-align" and value in ("left", "right"):
            out.append(f"text-align: {swap(value)}")
        elif SIDED.search(name):
            out.append(f"{swap(name)}: {value}")
            sides.add(name)
    for name in sorted(sides):  # the side the rule set is now the other one's: reset it
        if swap(name) not in sides and not name.endswith(("-color", "-style")):
            kind = name.split("-")[0] if "-" in name else ""
            out.append(f"{name}: {RESET.get(kind, '0')}")
    return "; ".join(out)


def mirror(css: str) -> str:
    """Each rule (in its @media, if any) that sets a side, mirrored; comments dropped."""
    css = re.sub(r"/\*.*?\*/", "", css, flags=re.S)
    out: list[str] = []

    def rules(block: str) -> list[str]:
        found = []
        for selector, body in re.findall(r"([^{}]+)\{([^{}]*)\}", block):
            flipped = mirrored(body)
            if flipped:
                found.append(f"{' '.join(selector.split())} {{ {flipped}; }}")
        return found

    position = 0
    for media in re.finditer(r"@media[^{]+\{((?:[^{}]*\{[^{}]*\})*)\s*\}", css):
        out += rules(css[position : media.start()])
        inner = rules(media.group(1))
        if inner:
            query = " ".join(media.group(0).split("{", 1)[0].split())
            out.append(f"{query} {{\n  " + "\n  ".join(inner) + "\n}")
        position = media.end()
    out += rules(css[position:])
    return "\n".join(out) + "\n"


def built() -> str:
    """rtl.css as the sheets now are."""
    mirrored = "".join(mirror(path.read_text(encoding="utf-8")) for path in SOURCES)
    return HEAD + mirrored + ARABIC_ONLY


def main() -> int:
    TARGET.write_text(built(), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
