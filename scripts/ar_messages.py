"""Bring app/locale/ar/LC_MESSAGES/messages.po up to app/locale/messages.pot, and check it.

After `pybabel extract -F babel.cfg --no-location --sort-output --omit-header -o
app/locale/messages.pot .`, this keeps every Arabic translation whose English is still asked for,
drops the rest, and refuses (exit 1, naming them) a message left untranslated or a translation
whose `%(placeholders)s` differ from the English. The app compiles the .po at start-up
(app/web/templating.py). Terms follow seed/ar/glossary.toml [terms] (GUIDE section 10).
"""

import re
import sys
from pathlib import Path

from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
TEMPLATE = ROOT / "app" / "locale" / "messages.pot"
CATALOG = ROOT / "app" / "locale" / "ar" / "LC_MESSAGES" / "messages.po"


def placeholders(text: str | tuple[str, ...] | list[str]) -> set[str]:
    """The `%(name)s` a message fills (all its plural forms' together)."""
    return set(re.findall(r"%\([a-z_]+\)s", " ".join([text] if isinstance(text, str) else text)))


def main() -> int:
    with TEMPLATE.open("rb") as pot:
        catalog = read_po(pot, locale="ar")
    with CATALOG.open("rb") as po:
        translated = {message.id: message.string for message in read_po(po) if message.id}
    problems = []
    for message in catalog:
        if not message.id:
            continue
        arabic = translated.get(message.id) or None
        if arabic is None:
            problems.append(f"untranslated: {message.id!r}")
        elif placeholders(arabic) != placeholders(message.id):
            problems.append(f"placeholders differ: {message.id!r}")
        else:
            message.string = arabic
    if problems:
        print("\n".join(problems), file=sys.stderr)
        return 1
    CATALOG.parent.mkdir(parents=True, exist_ok=True)
    with CATALOG.open("wb") as po:
        write_po(po, catalog, omit_header=False, sort_output=True, width=100)
    return 0


if __name__ == "__main__":
    sys.exit(main())
