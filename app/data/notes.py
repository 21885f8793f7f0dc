"""Notes on the source, computed from the data: what is missing, who is unnamed, what repeats.

Every word of a note is the seed's ([prose.note-*] in facts.toml, under the guide and the
corrections log); this module only counts, quotes and lists, and fills the seed's templates.
"""

import json
import re
from collections import Counter, defaultdict
from datetime import datetime

from sqlmodel import Session, select

from app.config import SeedError
from app.data import queries
from app.data.models import Fact, Meta, Passage, Prose, Speaker
from app.data.prose import filled, prose_map
from app.data.prose_keys import PageKey, ProseKey, parse
from app.data.schemas import FactOut, NoteOut, ProseOut
from app.data.vocabulary import ATTRIBUTED
from app.data.words import day_name, gettext, lang

Words = dict[str, ProseOut]


def _passages(facts: list[FactOut]) -> str:
    numbers = [str(n) for n in sorted({int(fact.passage_id[2:]) for fact in facts})]
    if len(numbers) == 1:
        return numbers[0]
    return gettext(" and ").join([gettext(", ").join(numbers[:-1]), numbers[-1]])


def _said(english: str, arabic: str | None) -> str:
    """The article's words in “…”; in the Arabic edition, our translation after them, marked
    ours, as every Arabic page shows a quote (GUIDE section 10). The Arabic build refuses
    words it has no translation for rather than show them bare."""
    if lang() != "ar":
        return f"“{english}”"
    if not arabic:
        raise SeedError(
            f"“{english}”: a note quotes it and our Arabic has no translation for it "
            "(seed/ar/glossary.toml [quoted])"
        )
    return f"“{english}” ({gettext('Our translation:')} «{arabic}»)"


def _with_ours(text: str, english: str, renderings: dict[str, str]) -> str:
    """A filled sentence whose template put the article's words in “…”, with our translation
    after them in the Arabic edition (`_said`); unchanged in English."""
    return text.replace(f"“{english}”", _said(english, renderings.get(english)), 1)


def _quoted(facts: list[FactOut], translations: dict[str, str]) -> str:
    return gettext(" and ").join(
        _said(fact.quote.rstrip("."), translations.get(fact.id, "").rstrip(".")) for fact in facts
    )


def _note(words: Words, key: str, facts: list[FactOut], text: str, **values: object) -> NoteOut:
    """A note: its heading (the seed's, filled like its text) and its text."""
    heading = filled(words, PageKey(f"note-{key}-heading"), **values)
    return NoteOut(key=key, heading=heading, text=text, facts=facts)


def _undisclosed(
    facts: list[FactOut], words: Words, translations: dict[str, str]
) -> NoteOut | None:
    """Who left what open, in the article's own words, passage by passage."""
    found = [f for f in facts if f.kind == "undisclosed"]
    if not found:
        return None
    by_passage: dict[tuple[str, str], list[FactOut]] = defaultdict(list)
    for fact in found:
        by_passage[(fact.passage_id, fact.speaker.short)].append(fact)
    parts = [
        filled(
            words,
            PageKey("note-undisclosed-part"),
            passage=p[2:],
            speaker=s,
            quoted=_quoted(g, translations),
        )
        for (p, s), g in by_passage.items()
    ]
    troops = [f for f in facts if any(g.unit == "troops" for g in f.figures)]
    count = len({passage for passage, _ in by_passage})
    text = filled(
        words,
        PageKey("note-undisclosed"),
        count=count,
        numbers=_passages(found),
        parts=gettext("; ").join(parts),
    )
    if troops:
        text += " " + filled(
            words, PageKey("note-undisclosed-figures"), quoted=_quoted(troops, translations)
        )
    return _note(words, "undisclosed", found + troops, text)


def _words(fact: FactOut) -> str:
    """A quote's words, so one the article prints twice counts once."""
    return fact.quote.lower().strip(" .,“”")


def _anonymous(facts: list[FactOut], speakers: dict[str, Speaker], words: Words) -> NoteOut:
    # Words one speaker says twice count once; the same words from two speakers count for each.
    said = {(f.speaker.slug, _words(f)): f for f in facts if f.wording in ATTRIBUTED}
    attributed = list(said.values())
    unnamed = [f for f in attributed if not speakers[f.speaker.slug].named]
    by_speaker = Counter(f.speaker.name for f in unnamed)
    detail = [
        filled(words, PageKey("note-anonymous-part"), speaker=name, count=count)
        for name, count in by_speaker.items()
    ]
    if sum(f.wording in ATTRIBUTED for f in facts) > len(attributed):
        detail.append(filled(words, PageKey("note-anonymous-repeats")))
    text = filled(
        words,
        PageKey("note-anonymous"),
        unnamed=len(unnamed),
        attributed=len(attributed),
        detail=gettext("; ").join(detail),
    )
    return _note(words, "anonymous", unnamed, text)


def _second_hand(facts: list[FactOut], speakers: dict[str, Speaker], words: Words) -> NoteOut:
    """Words that passed through another outlet or person, grouped by speaker and route."""
    relayed = [f for f in facts if f.channel in ("outlet", "person")]
    groups: dict[tuple[str, str, str], list[FactOut]] = defaultdict(list)
    for fact in relayed:
        groups[(fact.speaker.slug, fact.channel, fact.via or "")].append(fact)
    parts = [
        filled(
            words,
            PageKey(f"note-second-hand-{channel}"),
            count=len(group),
            role=speakers[slug].role,
            name=speakers[slug].name,
            wordings=gettext(", ").join(dict.fromkeys(f.wording_label.lower() for f in group)),
            via=via,
        )
        for (slug, channel, via), group in groups.items()
    ]
    text = filled(
        words, PageKey("note-second-hand"), count=len(relayed), parts=gettext("; ").join(parts)
    )
    return _note(words, "second-hand", relayed, text)


def _counted(terms: list[str], article: str) -> Counter[str]:
    """How often the article uses each of the seed's terms, as whole words, first used first."""
    found = Counter({term: len(re.findall(rf"\b{re.escape(term)}\b", article)) for term in terms})
    return Counter({term: count for term, count in found.items() if count})


def _commission_names(
    facts: list[FactOut],
    article: str,
    words: Words,
    terms: dict[ProseKey, list[str]],
    renderings: dict[str, str],
) -> NoteOut | None:
    names = _counted(terms[PageKey("note-commission-name")], article)
    if not names:
        return None
    mentions = [f for f in facts if any(name in f.quote for name in names)]
    spelled = gettext(" and ").join(
        _with_ours(
            filled(words, PageKey("note-commission-name-spelling"), name=name, times=count),
            name,
            renderings,
        )
        for name, count in names.items()
    )
    text = filled(words, PageKey("note-commission-name"), names=spelled)
    return _note(words, "commission-name", mentions, text)


def _normalised(quote: str) -> str:
    return " ".join(re.findall(r"\w+", quote.casefold()))


def _shared_words(group: list[FactOut]) -> str:
    """The words every quote in the group shares exactly (they may differ in a first capital)."""
    quotes = [fact.quote.strip(".") for fact in group]
    shared = quotes[0].split()
    while shared and not all(" ".join(shared) in quote for quote in quotes):
        shared = shared[1:]
    return " ".join(shared)


def _repeats(facts: list[FactOut], words: Words, renderings: dict[str, str]) -> NoteOut | None:
    groups: dict[str, list[FactOut]] = defaultdict(list)
    for fact in facts:
        if fact.wording == "quote":
            groups[_normalised(fact.quote)].append(fact)
    repeated = [group for group in groups.values() if len(group) > 1]
    if not repeated:
        return None
    parts = []
    for group in repeated:
        shared = _shared_words(group)
        part = filled(
            words,
            PageKey("note-repeated-quote-part"),
            words=shared,
            times=len(group),
            numbers=_passages(group),
            speakers=gettext(" and then to ").join(dict.fromkeys(f.speaker.short for f in group)),
        )
        parts.append(_with_ours(part, shared, renderings))
    text = filled(words, PageKey("note-repeated-quote"), parts=gettext("; ").join(parts))
    return _note(words, "repeated-quote", [f for g in repeated for f in g], text)


def _in_arabic(day: str) -> str:
    """An article's date ("Dec. 29, 2023") as the Arabic edition writes one (Iraq's months)."""
    written = datetime.strptime(day, "%b. %d, %Y")
    return day_name(written.year, written.month, written.day)


def _undated(facts: list[FactOut], session: Session, article: str, words: Words) -> NoteOut:
    """Every date that needs the article's own date, which it never gives."""
    depends = [
        (f, d) for f in facts if f.story for d in f.dates if d.hedge in ("relative", "inferred")
    ]
    relative = [f for f, _ in depends]
    caption = {p.id for p in session.exec(select(Passage).where(Passage.kind == "caption"))}
    full_dates = re.findall(r"\b[A-Z][a-z]{2}\. \d{1,2}, \d{4}\b", article)
    in_caption = [f for f in facts if f.passage_id in caption and f.dates]
    text = filled(
        words,
        PageKey("note-publication-date"),
        dates=gettext(", ").join(
            _said(day, _in_arabic(day)) if lang() == "ar" else day for day in full_dates
        ),
        # the article's words (a date's `english`; in English, its `text` is them)
        words=gettext(", ").join(
            _said(d.english, d.text) if d.english else f"“{d.text}”" for _, d in depends
        ),
    )
    return _note(words, "publication-date", in_caption + relative, text)


def _bases(
    facts: list[FactOut],
    article: str,
    words: Words,
    terms: dict[ProseKey, list[str]],
    renderings: dict[str, str],
) -> NoteOut | None:
    """The one named base is in the caption; the agreement's places come from two speakers."""
    named = sorted(_counted(terms[PageKey("note-base-names-heading")], article))
    if not named:
        return None
    found = [f for f in facts if any(name in f.quote for name in named)]
    places = [
        (f, t) for f in facts if f.story for t in terms[PageKey("note-base-names")] if t in f.quote
    ]
    spoken = gettext(" and ").join(
        _with_ours(
            filled(words, PageKey("note-base-names-place"), words=place, speaker=f.speaker.short),
            place,
            renderings,
        )
        for f, place in places
    )
    where = sorted({f.speaker.name.lower() for f in found})
    # A name the article uses, in the edition's spelling (the Arabic glossary's).
    named = [renderings.get(name, name) for name in named]
    text = filled(
        words,
        PageKey("note-base-names"),
        names=gettext(", ").join(named),
        where=gettext(", ").join(where),
        spoken=spoken,
    )
    facts = found + [f for f, _ in places]
    return _note(
        words,
        "base-names",
        facts,
        text,
        names=gettext(" and ").join(named),
        where=gettext(" and ").join(where),
    )


def get_notes(*, session: Session) -> list[NoteOut]:
    """Everything the reader should know about how the article knows what it says."""
    facts = queries.list_facts(session=session)
    speakers = {s.slug: s for s in session.exec(select(Speaker))}
    article = queries.article_text(session=session)
    words = prose_map(session=session)
    stored = session.exec(select(Prose.key, Prose.terms))
    terms = {parse(key): found.splitlines() for key, found in stored}
    # The Arabic edition's translations of the article's words the notes name (its build
    # stores them; none in English)
    translated = session.exec(select(Fact.id, Fact.translation))
    translations = {fact_id: text for fact_id, text in translated if text}
    stored_renderings = session.get(Meta, "renderings")
    renderings = json.loads(stored_renderings.value) if stored_renderings else {}
    found = [
        _undisclosed(facts, words, translations),
        _bases(facts, article, words, terms, renderings),
        _anonymous(facts, speakers, words),
        _second_hand(facts, speakers, words),
        _commission_names(facts, article, words, terms, renderings),
        _repeats(facts, words, renderings),
        _undated(facts, session, article, words),
    ]
    return [note for note in found if note is not None]  # a note with nothing to say is left out
