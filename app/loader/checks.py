"""Cross-reference checks on the seed: every id resolves, every speaker fits its wording,
every piece of prose cites facts, and no quotation mark encloses words the article lacks.

Each check raises SeedError with one line naming the entry, so the loader can refuse early.
"""

import re
from collections import Counter
from collections.abc import Iterator

from app.data.corrections import PART_CHARACTERS
from app.data.deadlines import TARGET_HEDGES
from app.data.models import LONGEST_DESCRIPTION, LONGEST_SHARE_TITLE
from app.data.prose import TEMPLATES, placeholders
from app.data.prose_keys import InterfaceKey
from app.data.queries import chain_afters
from app.data.standing import relayer, standing
from app.data.vocabulary import OWN_WORDS_SPEAKER
from app.loader.article import SeedError, misquotes
from app.loader.schema import (
    CorrectionEntry,
    CorrectionsFile,
    EventEntry,
    FactEntry,
    FigureEntry,
    SectionEntry,
    SeedFile,
    SpeakerEntry,
)
from app.pages import registry

PLACEHOLDER = re.compile(r"\{\w+\}")


def _unique(kind: str, names: list[str]) -> None:
    repeated = [name for name, count in Counter(names).items() if count > 1]
    if repeated:
        raise SeedError(f"{kind} id '{repeated[0]}' appears more than once")


def _check_sections(owner: str, sections: list[SectionEntry], fact_ids: set[str]) -> None:
    for section in sections:
        for fact_id in section.facts:
            if fact_id not in fact_ids:
                raise SeedError(f"{owner}, section “{section.heading}”: unknown fact '{fact_id}'")


def _check_ids(seed: SeedFile) -> None:
    _unique("speaker", [speaker.slug for speaker in seed.speakers])
    _unique("fact", [fact.id for fact in seed.facts])
    _unique("phase", [str(phase.number) for phase in seed.phases])
    _unique("phase slug", [phase.slug for phase in seed.phases])
    _unique("region", [region.slug for region in seed.regions])
    _unique("question", [question.slug for question in seed.questions])


def _check_speakers(seed: SeedFile) -> None:
    """Someone's words need a speaker who can speak; the text's own words need the text."""
    speakers = {speaker.slug: speaker for speaker in seed.speakers}
    for fact in seed.facts:
        speaker = speakers.get(fact.speaker)
        if speaker is None:
            raise SeedError(f"fact '{fact.id}': unknown speaker '{fact.speaker}'")
        expected = OWN_WORDS_SPEAKER.get(fact.wording)
        fits = (
            speaker.kind == expected if expected else speaker.kind not in OWN_WORDS_SPEAKER.values()
        )
        if not fits:
            raise SeedError(
                f"fact '{fact.id}': wording '{fact.wording}' does not fit speaker "
                f"'{speaker.slug}' (a {speaker.kind})"
            )


def _check_people(seed: SeedFile) -> None:
    """Each person /officials lists has a key quote of their own; someone a source only
    mentions has their words passed on by one speaker, named where `via` opens."""
    names = {speaker.slug: speaker.name for speaker in seed.speakers}
    for speaker in seed.speakers:
        own = {fact.id: fact for fact in seed.facts if fact.speaker == speaker.slug}
        rank = standing(speaker.kind, [fact.channel for fact in own.values()])
        where = f"speaker '{speaker.slug}'"
        if (speaker.key_fact or rank != "article") and speaker.key_fact not in own:
            raise SeedError(f"{where}: key_fact must name one of their own facts")
        others = {slug: name for slug, name in names.items() if slug != speaker.slug}
        if rank == "mentioned" and not relayer([f.via for f in own.values()], others):
            raise SeedError(f"{where}: `via` must open with the name of who passed the words on")


def _check_dates_and_figures(seed: SeedFile) -> None:
    facts = {fact.id: fact for fact in seed.facts}
    dated_or_counted: list[EventEntry | FigureEntry] = [*seed.events, *seed.figures]
    for entry in dated_or_counted:
        if entry.fact not in facts:
            raise SeedError(f"{type(entry).__name__} “{entry.text}”: unknown fact '{entry.fact}'")
        if entry.text not in facts[entry.fact].quote:
            raise SeedError(f"fact '{entry.fact}': “{entry.text}” is not in its quote")
    dated = Counter((event.fact, event.text) for event in seed.events)
    twice = next((pair for pair, count in dated.items() if count > 1), None)
    if twice:
        raise SeedError(
            f"fact '{twice[0]}': “{twice[1]}” is dated by {dated[twice]} [[events]] entries; "
            "state a date once"
        )


def _check_targets(seed: SeedFile) -> None:
    """A phase's or region's date is one event's, someone's "by" or "until at least" a month:
    its `event` names exactly one `[[events]]` entry (by its fact), and that entry is a target."""
    events = Counter(event.fact for event in seed.events)
    targets = {
        event.fact
        for event in seed.events
        if event.hedge in TARGET_HEDGES and event.year and event.month
    }
    for owner, event in [
        *((f"phase {p.number}", p.event) for p in seed.phases),
        *((f"region '{r.slug}'", r.event) for r in seed.regions),
    ]:
        if not events[event]:
            raise SeedError(f"{owner}: event '{event}' names no [[events]] entry's fact")
        if events[event] > 1:
            raise SeedError(
                f"{owner}: event '{event}' names {events[event]} [[events]] entries; "
                "its date must be stated in one"
            )
        if event not in targets:
            raise SeedError(
                f"{owner}: event '{event}' is not a target date (a deadline or floor with a "
                "year and month)"
            )


def _check_pages(seed: SeedFile) -> None:
    fact_ids = {fact.id for fact in seed.facts}
    phases = {phase.number for phase in seed.phases}
    regions = {region.slug for region in seed.regions}
    for phase in seed.phases:
        if phase.region not in regions:
            raise SeedError(f"phase {phase.number}: unknown region '{phase.region}'")
        _check_sections(f"phase {phase.number}", phase.sections, fact_ids)
    for region in seed.regions:
        if region.phase not in phases:
            raise SeedError(f"region '{region.slug}': unknown phase {region.phase}")
        _check_sections(f"region '{region.slug}'", region.sections, fact_ids)
    lists = {"overview": seed.overview.facts, "framings (U.S.)": seed.framings.us}
    lists["framings (Iraq)"] = seed.framings.iraq
    for owner, ids in lists.items():
        _check_sections(owner, [SectionEntry(heading="facts", facts=ids)], fact_ids)


def _check_templates(found: dict[str, str]) -> None:
    """Each sentence the code completes is in the seed with exactly the placeholders the code
    fills; every other sentence has none (a stray brace would reach the page as it is)."""
    missing = sorted((key for key in TEMPLATES if str(key) not in found), key=str)
    if missing:
        kind = "interface" if isinstance(missing[0], InterfaceKey) else "prose"
        raise SeedError(f"{kind} '{missing[0].name}': missing; the code uses it")
    takes = {str(key): names for key, names in TEMPLATES.items()}
    for key, text in found.items():
        try:
            names = placeholders(text)
        except ValueError as error:
            raise SeedError(f"prose '{key}': {error}") from None
        expected = takes.get(key, frozenset())
        if names != expected:
            wrong = sorted(names - expected) or sorted(expected - names)
            state = "unknown" if names - expected else "missing"
            raise SeedError(f"prose '{key}': placeholder {{{wrong[0]}}} is {state}")


def _check_prose(seed: SeedFile) -> None:
    pages = registry.prose_pages()
    unplaced = [key for key in seed.prose if key not in pages]
    if unplaced:
        raise SeedError(
            f"prose '{unplaced[0]}': no page shows it; name it in its page's `prose` in "
            "app/pages/registry.py"
        )
    shown = registry.interface_pages()
    unplaced = [key for key in seed.interface if key not in shown]
    if unplaced:
        raise SeedError(
            f"interface '{unplaced[0]}': no page shows it; name it in its page's `interface` "
            "in app/pages/registry.py"
        )
    fact_ids = {fact.id for fact in seed.facts}
    found = seed.all_prose()
    for key, prose in found.items():
        unknown = [fact_id for fact_id in prose.facts if fact_id not in fact_ids]
        if unknown:
            raise SeedError(f"prose '{key}': unknown fact '{unknown[0]}'")
    _check_templates(seed.all_words())
    # A key number is the article's own figure, hedge and all: it is in a quote it cites.
    quotes = {fact.id: fact.quote for fact in seed.facts}
    for number, entry in enumerate(seed.overview.numbers, start=1):
        if not any(entry.figure in quotes[fact_id] for fact_id in entry.facts):
            raise SeedError(f"overview number {number}: '{entry.figure}' is in none of its quotes")


# A fact whose statement is longer than a share preview shows gives its short forms in `share`.
ARTICLES = ("an ", "a ", "the ")
UNNAMED = ("anonymous ", "unnamed ")


def speaker_names(speaker: SpeakerEntry) -> set[str]:
    """The ways a short form may name a speaker: "U.S. official", "al-Abbassi", "the article"."""
    name = speaker.name.split("“")[0].strip().lower()
    short = speaker.short.split(",")[0].strip().lower()
    names = {name, short}
    for prefix in (*ARTICLES, *UNNAMED):
        names |= {found.removeprefix(prefix) for found in names}
    if speaker.named and speaker.kind == "official":
        names.add(name.split()[-1])  # a named person's surname: "al-Abbassi", "Austin"
    return {found for found in names if found}


def hedged_figures(seed: SeedFile) -> list[tuple[str, str]]:
    """(hedged text, bare figure) for every hedged date and figure: "by June 2031", "June 2031"."""
    found = []
    for event in seed.events:
        for hedge in ("until at least ", "by "):
            if event.hedge in ("deadline", "floor") and event.text.startswith(hedge):
                found.append((event.text.lower(), event.text.removeprefix(hedge).lower()))
    for figure in seed.figures:
        hedge = f"{figure.qualifier} "
        if figure.text.lower().startswith(hedge):
            found.append((figure.text.lower(), figure.text[len(hedge) :].lower()))
    return found


def share_problem(
    fact: FactEntry, speaker: SpeakerEntry, hedged: list[tuple[str, str]]
) -> str | None:
    """Why a fact's share text would misstate it in a preview, or None."""
    title, description = fact.share_title, fact.share_description
    if len(title) > LONGEST_SHARE_TITLE:
        return (
            f"{len(title)} characters is too long for a share title; give `share` "
            f"({LONGEST_SHARE_TITLE} at most)"
        )
    if len(description) > LONGEST_DESCRIPTION:
        return (
            f"{len(description)} characters is too long for a share description; give "
            f"`share = {{ title = …, description = … }}` ({LONGEST_DESCRIPTION} at most)"
        )
    statement = fact.statement.lower()
    for text in (title, description):
        if text.count("“") != text.count("”"):
            return f"share text “{text}” leaves a quotation open"
        lower = text.lower()
        if not any(name in lower for name in speaker_names(speaker)):
            return f"share text “{text}” does not name its speaker ({speaker.short})"
        for bare in {bare for _, bare in hedged if bare in lower}:
            kept = [whole for whole, same in hedged if same == bare and whole in lower]
            if not any(whole in statement for whole in kept):
                return f"share text “{text}” gives {bare} without the statement’s hedge"
    words = set(WORD.findall(statement))
    extra = sorted(set(WORD.findall(description.lower())) - words)
    if fact.share_description != fact.statement and extra:
        return f"share description uses words the statement does not: {', '.join(extra)}"
    return None


WORD = re.compile(r"[\w’'.-]*\w")


def check_shares(seed: SeedFile) -> None:
    """Each fact's share text fits a preview and keeps the statement's speaker and hedges."""
    speakers = {speaker.slug: speaker for speaker in seed.speakers}
    hedged = hedged_figures(seed)
    for fact in seed.facts:
        problem = share_problem(fact, speakers[fact.speaker], hedged)
        if problem:
            raise SeedError(f"fact '{fact.id}': {problem}")


def _strings(value: object) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


def check_quotation_marks(data: object, article: str, where: str) -> None:
    """Quotation marks anywhere in our files enclose the article's exact words, or nothing."""
    for text in _strings(data):
        # “{name}” in a template quotes what the code fills in: the article's words, which the
        # pages' own check (tests/test_words.py) holds to the article once filled.
        wrong = [span for span in misquotes(text, article) if not PLACEHOLDER.fullmatch(span)]
        if wrong:
            raise SeedError(f"{where}: “{wrong[0]}” is quoted but is not the article’s words")


def check_corrections(seed: SeedFile, log: CorrectionsFile, article: str) -> None:
    """Each correction points at something published; a retired id is gone for good. The
    Arabic edition's corrections (`lang = "ar"`) are checked against its words when it is
    built (`check_arabic_corrections`)."""
    facts = {fact.id: fact for fact in seed.facts}
    published = {fact_id: fact.statement for fact_id, fact in facts.items()}
    published |= seed.all_words()
    english = [entry for entry in log.corrections if entry.lang == "en"]
    _check_corrected(english, published, article)
    _check_histories(english)
    _check_lengths(english, published)
    _unique("retired fact", [retired.id for retired in log.retired])
    for retired in log.retired:
        if retired.id in facts:
            raise SeedError(f"retired fact '{retired.id}' is still in facts.toml")
        if retired.replaced_by is not None and retired.replaced_by not in facts:
            raise SeedError(f"retired fact '{retired.id}': unknown replacement")


def check_arabic_corrections(
    entries: list[CorrectionEntry], published: dict[str, str], article: str
) -> None:
    """The Arabic edition's corrections, as the English ones are checked: each names a fact
    or prose key whose Arabic is published (`published`: the Arabic words by key, only those
    on a page the Arabic edition has), the newest changed what is live now, each key's run
    forward in time, and each fits one page of the log (its Arabic reason counted too). Their
    English reason is held to the article as an English one is; the Arabic reason's own checks
    (quotes, ترجمتنا, names, hedges) are the Arabic words' (app/loader/arabic.py)."""
    for entry in entries:
        if entry.key not in published:
            raise SeedError(
                f"Arabic correction of '{entry.key}': the Arabic edition publishes no such words"
            )
    _check_corrected(entries, published, article, "Arabic correction")
    _check_histories(entries, "Arabic correction")
    _check_lengths(entries, published, "Arabic correction")


def _check_corrected(
    entries: list[CorrectionEntry],
    published: dict[str, str],
    article: str,
    kind: str = "correction",
) -> None:
    """Each correction names a published statement or prose, and the newest for each one
    changed what is live now (a later correction may restore an earlier wording)."""
    newest = {entry.key: entry for entry in entries}
    for entry in entries:
        key = entry.key
        if key not in published:
            raise SeedError(f"{kind} of '{key}': no such fact or prose")
        if newest[key] is entry and published[key] == entry.before:
            raise SeedError(f"{kind} of '{key}': nothing changed")
        check_quotation_marks(entry.reason, article, f"{kind} of '{key}'")


def _check_histories(entries: list[CorrectionEntry], kind: str = "correction") -> None:
    """Each key's corrections, in file order, run forward in time and each one changed
    something: an entry's new wording is the next one's earlier wording (the pages show it so)."""
    last: dict[str, CorrectionEntry] = {}
    for entry in entries:
        key = entry.key
        previous = last.get(key)
        if previous is not None and entry.date < previous.date:
            raise SeedError(f"{kind} of '{key}' on {entry.date}: listed after a later one")
        if previous is not None and entry.before == previous.before:
            raise SeedError(f"{kind} of '{key}' on {entry.date}: nothing changed since")
        last[key] = entry


def _check_lengths(
    entries: list[CorrectionEntry], published: dict[str, str], kind: str = "correction"
) -> None:
    """Each correction fits one page of the corrections log: its earlier wording, the wording it
    made (the next one's earlier wording, or what is published now) and its reason(s)."""
    histories: dict[str, list[CorrectionEntry]] = {}
    for entry in entries:
        histories.setdefault(entry.key, []).append(entry)
    for key, history in histories.items():
        afters = chain_afters([entry.before for entry in history], published[key])
        # Newest first: a long earlier wording makes two corrections too long; name the newer.
        for entry, after in reversed(list(zip(history, afters, strict=True))):
            reasons = len(entry.reason) + len(entry.reason_ar or "")
            if len(entry.before) + len(after) + reasons > PART_CHARACTERS:
                raise SeedError(
                    f"{kind} of '{key}' on {entry.date}: its two wordings and reason pass "
                    f"{PART_CHARACTERS:,} characters, more than a page of corrections holds"
                )


def _tokens(text: str) -> tuple[str, ...]:
    return tuple(re.findall(r"\w+", text.lower()))


def check_thesaurus(seed: SeedFile, article: str) -> None:
    """Every word group is sane: no word twice, and one word at least that the article or our
    own prose uses (search finds both), so a group always leads a reader's search to words we
    show: "published" to the article's missing "publication date"."""
    words = [
        word for group in seed.thesaurus for word in [*group.words, *group.asked, *group.one_way]
    ]
    _unique("thesaurus word", words)
    shown = " ".join([article, *(entry.text for entry in seed.all_prose().values())])
    shown_tokens = _tokens(shown)
    for group in seed.thesaurus:
        if not any(_contains(shown_tokens, _tokens(word)) for word in group.words):
            raise SeedError(
                f"thesaurus group {group.words}: the article uses none of its words, "
                "nor does our prose"
            )


def _contains(words: tuple[str, ...], phrase: tuple[str, ...]) -> bool:
    size = len(phrase)
    return any(words[i : i + size] == phrase for i in range(len(words) - size + 1))


def check_references(seed: SeedFile, passage_count: int) -> None:
    """Run every cross-reference check on the facts file."""
    for kind in ("caption", "bio", "clutter"):
        for number in getattr(seed.passages, kind):
            if not 1 <= number <= passage_count:
                raise SeedError(f"passages.{kind}: there is no passage {number}")
    _check_ids(seed)
    _check_speakers(seed)
    _check_people(seed)
    _check_dates_and_figures(seed)
    _check_targets(seed)
    _check_pages(seed)
    _check_prose(seed)


def check_terms(seed: SeedFile, article: str) -> None:
    """The words a computed sentence looks for are the article's own, character for character:
    one it lacks would quietly drop out of the sentence."""
    for key, entry in seed.all_prose().items():
        lacking = [term for term in entry.terms if term not in article]
        if lacking:
            raise SeedError(f"prose '{key}': term “{lacking[0]}” is not in the article")
