"""One page's reading layer: each speaker named in full once, and one footnote a sentence.

Wire style: a page names a source in full the first time (title, name, and how the words
reached the article) and briefly after ("al-Abbassi", "the U.S. official"). The seed writes every
sentence in full, so each stands alone in share text, search, cards and the API; a page passes its
sentences through one `Reading`, in the order it shows them, and the later mentions come out brief.
Each sentence gets one footnote marker; its popover lists the sentence's quotes in order.
"""

import re
from dataclasses import dataclass, field

from markupsafe import Markup, escape

from app.data import urls
from app.data.queries import Mention
from app.data.schemas import ProseOut, SourceOut
from app.data.words import gettext

# The marker stays on the line of the sentence's last word: they wrap together or not at all.
MARKER = Markup(
    '<span class="fn-end">{word}<sup class="fn"><button type="button" popovertarget="fn-{n}"'
    ' aria-label="{label}">{n}</button></sup></span>'
)


COMMAS = ",،"  # the English comma and the Arabic one: an aside is set off by either
ABBREVIATIONS = ("U.S.", "Sept.", "Oct.", "Nov.", "Dec.", "Jan.", "Feb.", "Aug.", "D.C.")


def _starts_sentence(before: str) -> bool:
    """Whether text following `before` starts a sentence (an abbreviation's period does not end
    one; an opening quotation mark or bracket does not hide one)."""
    before = before.rstrip().rstrip("“(")
    if not before:
        return True
    last = before.split()[-1]
    return last.endswith((".", "?", "!")) and not last.endswith(ABBREVIATIONS)


def _pattern(full: str) -> str:
    """The full form, its first letter in either case, not followed by more of a word."""
    first = re.escape(full[0].lower()) + re.escape(full[0].upper())
    return f"[{first}]{re.escape(full[1:])}(?![\\w-])"


@dataclass
class Reading:
    """What one page has said so far: the speakers it has named, the footnotes it has shown."""

    mentions: list[Mention]
    named: set[str] = field(default_factory=set)  # the brief forms the page may use now
    relayed: set[str] = field(default_factory=set)  # relay clauses already spelled out
    notes: list[list[SourceOut]] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._page: tuple[set[str], set[str]] = (set(), set())
        forms = [(form, m) for m in self.mentions for form in m.forms if form != m.brief]
        forms += [(m.relay, m) for m in self.mentions if m.relay]
        self._forms = {form.lower(): m for form, m in forms}
        longest_first = sorted((form for form, _ in forms), key=len, reverse=True)
        alternatives = "|".join(_pattern(form) for form in longest_first)
        self._finder = (
            re.compile(f"(?P<form>{alternatives})(?P<comma>[{COMMAS}])?") if alternatives else None
        )

    def words(self, text: str, fragment: bool = False) -> str:
        """The text with each speaker the page has already named given their brief form, and
        each relay clause (", as … reported …") the page has already spelled out dropped. A
        `fragment` is part of a sentence ("according to …"): its brief forms stay lower case."""
        if self._finder is None:
            return text
        return self._finder.sub(lambda match: self._swap(match, fragment), text)

    def _swap(self, match: re.Match[str], fragment: bool) -> str:
        form, comma = match.group("form"), match.group("comma") or ""
        mention = self._forms[form.lower()]
        relay = mention.relay or ""
        # A relay clause is an aside closed by a comma (or by the end of the clause it sits in):
        # only then is it spelled out, or dropped.
        after = match.string[match.end() :]
        closed = bool(comma) or not after or after[0] in ");:.؛"
        has_relay = bool(relay) and form.lower().endswith(relay.lower())
        if has_relay and not closed:
            return form  # not set off as an aside: leave the words as they are
        spelled = has_relay
        if spelled:  # this form spells out how the words came: once a page
            if relay in self.relayed:
                form, comma, spelled = form[: -len(relay)], "", False  # drop it and its comma
            self.relayed.add(relay)
        if not form:  # a relay clause alone, after a possessive ("al-Abbassi’s account")
            return ""
        if form == relay:
            return form + comma
        if mention.brief not in self.named:
            self.named.add(mention.brief)
            return form + comma
        brief = mention.brief
        if _starts_sentence(match.string[: match.start()]) and not fragment:
            brief = brief[0].upper() + brief[1:]
        if spelled:
            return brief + relay + comma
        # "X, in an aside, said": the comma closing the full form's own aside goes with it.
        return brief + ("" if any(f"{c} " in form for c in COMMAS) else comma)

    def say(self, prose: ProseOut, lead_in: bool = False, aside: bool = False) -> Markup:
        """A sentence of our prose in this page's words, with its one footnote marker.

        With `lead_in`, the words before the first colon are bold, as a list item's topic. An
        `aside` (closed until a reader opens it) names its speakers as if on its own, and
        what it names does not count as named for the rest of the page.
        """
        if aside:
            self.open_aside()
        text = self.words(prose.text)
        if aside:
            self.close_aside()
        head, colon, rest = text.partition(": ")
        if lead_in and colon:
            marked = Markup("<strong>{}:</strong> ").format(head) + escape(rest)
            return self.end(marked, prose.sources)
        return self.end(escape(text), prose.sources)

    def open_aside(self) -> str:
        """Start text a reader must open (a closed answer): it names its speakers as if on its
        own, and what it names does not count for the rest of the page. Returns "" for templates."""
        self._page = (self.named, self.relayed)
        self.named, self.relayed = set(), set()
        return ""

    def close_aside(self) -> str:
        """End the aside: the page's own mentions, as they were before it."""
        self.named, self.relayed = self._page
        return ""

    def say_all(self, lines: list[ProseOut]) -> Markup:
        """Sentences that rest on facts together, as one run with one marker for all of them."""
        sources = list({s.id: s for line in lines for s in line.sources}.values())
        return self.end(self.words(" ".join(line.text for line in lines)), sources)

    def end(self, text: str | Markup, sources: list[SourceOut]) -> Markup:
        """Text (already escaped if Markup) closed by one marker for all its sources."""
        text = escape(text)
        if not sources:
            return isolate(text)
        # A sentence resting on the same facts as an earlier one reuses its note and number.
        ids = [s.id for s in sources]
        known = [n for n, note in enumerate(self.notes, 1) if [s.id for s in note] == ids]
        if not known:
            self.notes.append(sources)
        number = known[0] if known else len(self.notes)
        speakers = gettext(", ").join(dict.fromkeys(s.speaker for s in sources))
        label = gettext("Source %(number)s: %(speakers)s") % {
            "number": number,
            "speakers": speakers,
        }
        quoted = ENDS_QUOTED.search(str(text)) if urls.lang() == "ar" else None
        if quoted:
            # The sentence ends in the article's English words: the whole run, isolated, is the
            # "word" the marker keeps on its line (the run still wraps inside: static/style.css).
            run = Markup(f'<span dir="ltr" lang="en">{quoted["run"]}</span>{quoted["after"]}')
            marker = MARKER.format(word=run, n=number, label=label)
            return isolate(Markup(str(text)[: quoted.start()])) + marker
        head, space, last = text.rpartition(" ")
        marker = MARKER.format(word=Markup(last), n=number, label=label)
        # The marker's label is an attribute: only the sentence's text is isolated.
        return isolate(Markup(head) + Markup(space)) + marker


# The article's English words inside an Arabic sentence (GUIDE section 10: “…” keeps the
# speaker's English): each run isolated left to right, so the Arabic around it stays in order.
# A sentence ending in such a run gets its footnote marker after the run, not inside it
# (`Reading.end`), so no run ever holds markup.
ENGLISH_WORDS = re.compile(r"“[^”<>]*”")
# The run a sentence ends in, and the punctuation after it (`“… Iraq.”`, `“… Iraq”.`).
ENDS_QUOTED = re.compile(r"(?P<run>“[^”<>]*”)(?P<after>[^\s“”<>]*)$")


def isolate(text: Markup) -> Markup:
    """In the Arabic edition, each “…” run in its own left-to-right, English-tagged span."""
    if urls.lang() != "ar":
        return text
    return isolate_english(text)


def isolate_english(text: Markup) -> Markup:
    """Each “…” run in Arabic words in its own left-to-right, English-tagged span, on a page
    of either edition (the corrections log, an English page, lists Arabic wordings)."""
    return Markup(ENGLISH_WORDS.sub(r'<span dir="ltr" lang="en">\g<0></span>', str(text)))


# English words inside Arabic that are not the article's: the search help's examples of the
# English words the search reads ("withdraw", "part finds partners"). Each run of Latin-script
# words is marked English (WCAG 3.1.2, language of parts) and isolated, as a quote is. Not
# after `&` or a Latin letter: an escaped entity (`&amp;`) is not a word; after an Arabic
# prefix (وwithdrawing) it is.
LATIN_RUN = re.compile(r"(?<![&A-Za-z])[A-Za-z][A-Za-z0-9’'.\-]*(?:\s+[A-Za-z][A-Za-z0-9’'.\-]*)*")


def isolate_terms(text: Markup) -> Markup:
    """`isolate`, and each run of Latin-script words outside “…” marked English too."""
    if urls.lang() != "ar":
        return text
    parts = re.split(r"(“[^”<>]*”)", str(text))
    marked = [
        f'<span dir="ltr" lang="en">{part}</span>'
        if quoted
        else LATIN_RUN.sub(r'<span dir="ltr" lang="en">\g<0></span>', part)
        for part, quoted in zip(parts, [False, True] * len(parts), strict=False)
    ]
    return Markup("".join(marked))
