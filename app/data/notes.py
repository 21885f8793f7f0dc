"""Notes on the source, computed from the data: what is missing, who is unnamed, what repeats."""

import re
from collections import Counter, defaultdict

from sqlmodel import Session, select

from app.data import queries
from app.data.models import Passage, Speaker
from app.data.schemas import FactOut, NoteOut
from app.data.vocabulary import ATTRIBUTED

COUNT_WORDS = {1: "once", 2: "twice"}


def _times(count: int) -> str:
    return COUNT_WORDS.get(count, f"{count} times")


def _passages(facts: list[FactOut]) -> str:
    numbers = [str(n) for n in sorted({int(fact.passage_id[2:]) for fact in facts})]
    return " and ".join([", ".join(numbers[:-1]), numbers[-1]]) if len(numbers) > 1 else numbers[0]


def _quoted(facts: list[FactOut]) -> str:
    return " and ".join(f"“{fact.quote.rstrip('.')}”" for fact in facts)


def _undisclosed(facts: list[FactOut]) -> NoteOut | None:
    """Who left what open, in the article's own words, passage by passage."""
    found = [f for f in facts if f.kind == "undisclosed"]
    if not found:
        return None
    by_passage: dict[tuple[str, str], list[FactOut]] = defaultdict(list)
    for fact in found:
        by_passage[(fact.passage_id, fact.speaker.short)].append(fact)
    parts = [
        f"in passage {passage[2:]}, {speaker}: {_quoted(group)}"
        for (passage, speaker), group in by_passage.items()
    ]
    troops = [f for f in facts if any(g.unit == "troops" for g in f.figures)]
    count = len({passage for passage, _ in by_passage})
    return NoteOut(
        key="undisclosed",
        heading="How many troops will remain, and where: officials did not say",
        text=(
            f"The article leaves troop numbers and base locations open in {count} "
            f"{'passage' if count == 1 else 'passages'} ({_passages(found)}): "
            + "; ".join(parts)
            + "."
            + (
                f" Its only troop figures are {_quoted(troops)}; neither is a number for after "
                "the transition."
                if troops
                else ""
            )
        ),
        facts=found + troops,
    )


def _words(fact: FactOut) -> str:
    """A quote's words, so one the article prints twice counts once."""
    return fact.quote.lower().strip(" .,“”")


def _anonymous(facts: list[FactOut], speakers: dict[str, Speaker]) -> NoteOut:
    # Words one speaker says twice count once; the same words from two speakers count for each.
    said = {(f.speaker.slug, _words(f)): f for f in facts if f.wording in ATTRIBUTED}
    attributed = list(said.values())
    unnamed = [f for f in attributed if not speakers[f.speaker.slug].named]
    by_speaker = Counter(f.speaker.name for f in unnamed)
    detail = "; ".join(f"{name}: {count}" for name, count in by_speaker.items())
    repeats = sum(f.wording in ATTRIBUTED for f in facts) - len(attributed)
    counted = "; words one speaker says twice count once" if repeats else ""
    return NoteOut(
        key="anonymous",
        heading="Anonymous sourcing",
        text=(
            f"{len(unnamed)} of the {len(attributed)} facts the article attributes to someone "
            f"rest on unnamed sources ({detail}{counted})."
        ),
        facts=unnamed,
    )


def _second_hand(facts: list[FactOut], speakers: dict[str, Speaker]) -> NoteOut:
    """Words that passed through another outlet or person, grouped by speaker and route."""
    relayed = [f for f in facts if f.channel in ("outlet", "person")]
    groups: dict[tuple[str, str, str], list[FactOut]] = defaultdict(list)
    for fact in relayed:
        groups[(fact.speaker.slug, fact.channel, fact.via or "")].append(fact)
    parts = []
    for (slug, channel, via), group in groups.items():
        speaker = speakers[slug]
        wordings = ", ".join(dict.fromkeys(f.wording_label.lower() for f in group))
        noun = "statement" if len(group) == 1 else "statements"
        parts.append(
            f"{len(group)} {noun} by {speaker.role} {speaker.name} ({wordings}), "
            + ("said to another outlet" if channel == "outlet" else "passed on by another person")
            + f": {via}"
        )
    return NoteOut(
        key="second-hand",
        heading="Words said to another outlet or passed on by another person",
        text=(
            f"{len(relayed)} statements were said to another outlet or passed on by another "
            f"person, by the article’s account: {'; '.join(parts)}."
        ),
        facts=relayed,
    )


def _commission_names(facts: list[FactOut], article: str) -> NoteOut | None:
    names = Counter(re.findall(r"\bHigh(?:er)? Military Commission\b", article))
    if not names:
        return None
    mentions = [f for f in facts if any(name in f.quote for name in names)]
    spelled = " and ".join(f"a “{name}” {_times(count)}" for name, count in names.items())
    return NoteOut(
        key="commission-name",
        heading="Two names, likely one commission (our inference)",
        text=f"The article names {spelled}; we take them to be one body (our inference).",
        facts=mentions,
    )


def _normalised(quote: str) -> str:
    return " ".join(re.findall(r"\w+", quote.casefold()))


def _shared_words(group: list[FactOut]) -> str:
    """The words every quote in the group shares exactly (they may differ in a first capital)."""
    quotes = [fact.quote.strip(".") for fact in group]
    words = quotes[0].split()
    while words and not all(" ".join(words) in quote for quote in quotes):
        words = words[1:]
    return " ".join(words)


def _repeats(facts: list[FactOut]) -> NoteOut | None:
    groups: dict[str, list[FactOut]] = defaultdict(list)
    for fact in facts:
        if fact.wording == "quote":
            groups[_normalised(fact.quote)].append(fact)
    repeated = [group for group in groups.values() if len(group) > 1]
    if not repeated:
        return None
    parts = [
        f"The words “{_shared_words(group)}” appear {_times(len(group))}, in passages "
        f"{_passages(group)}, attributed to "
        + " and then to ".join(dict.fromkeys(f.speaker.short for f in group))
        + "; the article does not say whether it is the same person"
        for group in repeated
    ]
    return NoteOut(
        key="repeated-quote",
        heading="A quote that appears twice",
        text="; ".join(parts) + ".",
        facts=[f for g in repeated for f in g],
    )


def _undated(facts: list[FactOut], session: Session, article: str) -> NoteOut:
    """Every date that needs the article's own date, which it never gives."""
    depends = [
        (f, d) for f in facts if f.story for d in f.dates if d.hedge in ("relative", "inferred")
    ]
    relative = [f for f, _ in depends]
    words = ", ".join(f"“{d.text}”" for _, d in depends)
    caption = {p.id for p in session.exec(select(Passage).where(Passage.kind == "caption"))}
    full_dates = re.findall(r"\b[A-Z][a-z]{2}\. \d{1,2}, \d{4}\b", article)
    in_caption = [f for f in facts if f.passage_id in caption and f.dates]
    return NoteOut(
        key="publication-date",
        heading="No publication date",
        text=(
            f"The article’s text gives no publication date. Its only full date "
            f"({', '.join(full_dates)}) is in the photo caption. The story’s dates and "
            f"periods that depend on the missing one include {words}."
        ),
        facts=in_caption + relative,
    )


def _bases(facts: list[FactOut], article: str) -> NoteOut | None:
    """The one named base is in the caption; the agreement's places come from two speakers."""
    named = sorted(set(re.findall(r"\b\w+ \w+ Air Base\b", article)))
    if not named:
        return None
    found = [f for f in facts if any(name in f.quote for name in named)]
    places = [
        (f, match.group(0))
        for f in facts
        if f.story and (match := re.search(r"(certain locations|bases) in [^,]+?(?= by )", f.quote))
    ]
    spoken = " and ".join(f"“{words}” ({f.speaker.short})" for f, words in places)
    where = sorted({f.speaker.name.lower() for f in found})
    return NoteOut(
        key="base-names",
        heading=(
            f"Bases: none named for the plan; {' and '.join(named)} appears only in "
            + " and ".join(where)
        ),
        text=(
            f"The only base the article names ({', '.join(named)}) appears in "
            f"{', '.join(where)}. For the plan, the article speaks only of {spoken}."
        ),
        facts=found + [f for f, _ in places],
    )


def get_notes(*, session: Session) -> list[NoteOut]:
    """Everything the reader should know about how the article knows what it says."""
    facts = queries.list_facts(session=session)
    speakers = {s.slug: s for s in session.exec(select(Speaker))}
    article = queries.article_text(session=session)
    found = [
        _undisclosed(facts),
        _bases(facts, article),
        _anonymous(facts, speakers),
        _second_hand(facts, speakers),
        _commission_names(facts, article),
        _repeats(facts),
        _undated(facts, session, article),
    ]
    return [note for note in found if note is not None]  # a note with nothing to say is left out
