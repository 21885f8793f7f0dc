"""The loader on the tiny synthetic seed: what it builds, and each mistake it refuses."""

import hashlib
from typing import get_args

import pytest
from helpers import append_corrections, assert_refused, edit_facts
from sqlmodel import Session, create_engine, select

from app.config import Settings
from app.data.corrections import PART_CHARACTERS
from app.data.models import Correction, Event, Fact, Passage
from app.data.vocabulary import Channel, Hedge, Wording
from app.loader.article import SeedError
from app.loader.loader import build


def test_the_tiny_seed_uses_every_wording_channel_and_hedge(tiny_session: Session) -> None:
    facts = list(tiny_session.exec(select(Fact)))
    assert {fact.wording for fact in facts} == set(get_args(Wording))
    assert {fact.channel for fact in facts} == set(get_args(Channel))
    assert {event.hedge for event in tiny_session.exec(select(Event))} == set(get_args(Hedge))


def test_the_tiny_seed_names_the_hash_of_its_article(tiny_settings: Settings) -> None:
    digest = hashlib.sha256(tiny_settings.article_path.read_bytes()).hexdigest()
    assert f'sha256 = "{digest}"' in tiny_settings.facts_path.read_text(encoding="utf-8")


def test_every_quote_sits_at_its_offsets_inside_its_passage(
    tiny_session: Session, tiny_article: str
) -> None:
    passages = {p.id: p for p in tiny_session.exec(select(Passage))}
    facts = list(tiny_session.exec(select(Fact)))
    assert len(facts) == 15
    for fact in facts:
        assert tiny_article[fact.start : fact.end] == fact.quote, fact.id
        passage = passages[fact.passage_id]
        assert passage.start <= fact.start and fact.end <= passage.end, fact.id


def test_a_quote_the_article_gives_twice_lands_in_the_passage_named(
    tiny_session: Session, tiny_article: str
) -> None:
    first = tiny_session.get_one(Fact, "ferry-not-going-away")
    again = tiny_session.get_one(Fact, "ferry-not-going-away-again")
    assert (first.passage_id, again.passage_id) == ("p-4", "p-9")
    assert first.start == tiny_article.index("The ferry is not going away")
    assert again.start == tiny_article.rindex("The ferry is not going away")


def test_passages_are_the_lines_with_caption_bio_and_clutter_marked(
    tiny_session: Session,
) -> None:
    kinds = {p.number: p.kind for p in tiny_session.exec(select(Passage))}
    assert len(kinds) == 11
    assert kinds[1] == kinds[11] == "clutter"
    assert kinds[2] == "caption" and kinds[10] == "bio"
    assert [n for n, kind in sorted(kinds.items()) if kind == "body"] == [3, 4, 5, 6, 7, 8, 9]


def test_the_build_reports_full_coverage(tiny_copy: Settings) -> None:
    coverage = build(tiny_copy)
    assert coverage.line() == "coverage: 7/7 body passages cited by at least one fact (100%)"
    assert tiny_copy.database_path.is_file()


def test_the_coverage_line_names_a_passage_no_fact_cites(tiny_copy: Settings) -> None:
    before = tiny_copy.article_path.read_bytes()
    after = before + b"\nA line no fact cites.\n"
    tiny_copy.article_path.write_bytes(after)
    sha256 = hashlib.sha256
    edit_facts(tiny_copy, sha256(before).hexdigest(), sha256(after).hexdigest())
    assert build(tiny_copy).line() == (
        "coverage: 7/8 body passages cited by at least one fact (88%); not cited: p-12"
    )


def test_a_changed_article_is_refused(tiny_copy: Settings) -> None:
    tiny_copy.article_path.write_bytes(tiny_copy.article_path.read_bytes() + b"\nEdited.")
    with pytest.raises(SeedError, match="the article changed"):
        build(tiny_copy)
    assert not tiny_copy.database_path.exists()


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (
            'quote = "Officials did not say what the bridge will cost."',
            'quote = "Officials did not say what the bridge would cost."',
            "fact 'cost-not-disclosed': quote not found in the article: "
            "“Officials did not say what the bridge would cost.”",
        ),
        (
            'statement = "The article is datelined Quillby."',
            'statement = "The article is “datelined Quillby”."',
            "facts.toml: “datelined Quillby” is quoted but is not the article’s words",
        ),
        (
            'quote = "The ferry is not going away"\npassage = "p-4"\n',
            'quote = "The ferry is not going away"\n',
            "fact 'ferry-not-going-away': quote occurs 2 times (p-4, p-9)",
        ),
        (
            'facts = ["footbridge-in-two-phases"]\n\n[prose.regions-description]',
            'facts = ["footbridge-in-three-phases"]\n\n[prose.regions-description]',
            "prose 'page:title': unknown fact 'footbridge-in-three-phases'",
        ),
        (
            'speaker = "photo-caption"\nwording = "credit"',
            'speaker = "narration"\nwording = "credit"',
            "fact 'photo-credit': wording 'credit' does not fit speaker 'narration' (a narration)",
        ),
        (
            'speaker = "narration"\nwording = "narration"\nchannel = "none"\n'
            'quote = "Officials did not say',
            'speaker = "narration"\nwording = "quote"\nchannel = "direct"\n'
            'quote = "Officials did not say',
            "fact 'cost-not-disclosed': wording 'quote' does not fit speaker 'narration'",
        ),
        (
            'via = "Mayor Ola Brenn"\n',
            "",
            "facts 'governor-late-but-welcome': Value error, `via` names the outlet or person "
            "exactly when channel is one",
        ),
        (
            'wording = "paraphrase"\nchannel = "outlet"',
            'wording = "paraphrase"\nchannel = "none"',
            "facts 'east-bank-by-june-2031': Value error, wording 'paraphrase' cannot travel "
            "by channel 'none'",
        ),
        (
            'text = "for 12 years"',
            'text = "for 13 years"',
            "fact 'ferry-runs-for-12-years': “for 13 years” is not in its quote",
        ),
        (
            'key_fact = "east-bank-by-june-2031"',
            'key_fact = "ferry-not-going-away"',
            "speaker 'ola-brenn': key_fact must name one of their own facts",
        ),
        (
            'via = "Mayor Ola Brenn"',
            'via = "the mayor"',
            "speaker 'regional-governor': `via` must open with the name of who passed the words on",
        ),
        (
            'placed = { earliest = "2030-03-05", latest = "2031-05-27"',
            'placed = { earliest = "2031-05", latest = "2030-03-04"',
            "placed: latest 2030-03-04 is before earliest 2031-05",
        ),
        (
            'hedge = "relative"\nplaced = {',
            'hedge = "relative"\n# placed = {',
            "Value error, a relative date, and only one, carries `placed` (our inference)",
        ),
        (
            'placed = { earliest = "2030-03-05"',
            'placed = { earliest = "2030-03-04"',
            "placed: 2030-03-04 is not a Tuesday",
        ),
        (
            ', weekday = "Tuesday"',
            "",
            "“Tuesday” is placed on days of the week other than its own",
        ),
        (
            'text = "by 2030"',
            'text = "in 2030"',
            "a ceiling is the article’s “by”",
        ),
        (
            "open in {count} {count:passage|passages} ({numbers}): {parts}.",
            "open in {count} {count:passage|passages}: {parts}.",
            "prose 'page:note-undisclosed': placeholder {numbers} is missing",
        ),
        (
            'text = "{name}’s date"',
            'text = "{phase}’s date"',
            "prose 'page:standing-phase': placeholder {phase} is unknown",
        ),
        (
            'text = "The article carries no publication date and no headline."',
            'text = "The article carries no publication date and no {headline}."',
            "prose 'page:footer-gaps': placeholder {headline} is unknown",
        ),
        (
            'text = "The article carries no publication date and no headline."',
            'text = "The article carries no publication date and no headline}."',
            "prose 'page:footer-gaps': Single '}' encountered in format string",
        ),
        (
            "[prose.standing-before]\n"
            'text = "Today, {today}, is before the dates the article gives for the phases."\n'
            'facts = ["cost-not-disclosed"]\n',
            "",
            "prose 'standing-before': missing; the code uses it",
        ),
        (
            'text = "The article names {names}; we take them to be one body (our inference)."\n',
            'text = "The article names {names}; we take them to be one body (our inference)."\n'
            'terms = ["Quillby Bridge Commission"]\n',
            "prose 'page:note-commission-name': term “Quillby Bridge Commission” is not in the "
            "article",
        ),
        (
            'feed-subtitle = "Every change',
            'feed-footnote = "Newest first."\nfeed-subtitle = "Every change',
            "interface 'feed-footnote': no page shows it; name it in its page's `interface` in "
            "app/pages/registry.py",
        ),
        (
            'search-empty = "Type a word or two to search."\n',
            "",
            "interface 'search-empty': missing; the code uses it",
        ),
        (
            'error-no-fact = "There is no fact “{asked}”."',
            'error-no-fact = "There is no fact “{fact}”."',
            "prose 'interface:error-no-fact': placeholder {fact} is unknown",
        ),
        (
            'text = "About 1,200"\n',
            'text = "About 1,200"\nenglish = "About 1,200"\n',
            "`english` is the Arabic build's",
        ),
    ],
    ids=[
        "misquote",
        "quotation-marks-around-words-not-in-the-article",
        "ambiguous-quote",
        "prose-citing-an-unknown-fact",
        "credit-given-to-the-narration",
        "narration-given-a-quote",
        "relayed-without-via",
        "paraphrase-without-a-channel",
        "date-words-not-in-their-fact",
        "key-quote-of-someone-else",
        "mentioned-by-nobody-named",
        "placement-running-backwards",
        "relative-date-left-unplaced",
        "weekday-placed-on-another-day",
        "weekday-placed-on-any-day",
        "by-year-that-does-not-say-by",
        "template-missing-a-placeholder",
        "template-naming-a-placeholder-the-code-does-not-fill",
        "placeholder-in-prose-the-code-does-not-fill",
        "stray-brace-in-prose",
        "template-the-code-fills-left-out",
        "term-not-in-the-article",
        "interface-words-no-page-names",
        "interface-words-the-code-fills-left-out",
        "item-page-404-naming-a-placeholder-the-code-does-not-fill",
        "english-words-written-in-the-english-seed",
    ],
)
def test_a_bad_facts_file_is_refused_with_one_line_naming_the_entry(
    tiny_copy: Settings, old: str, new: str, expected: str
) -> None:
    assert_refused(tiny_copy, old, new, expected)


@pytest.mark.parametrize(
    ("entry", "expected"),
    [
        (
            '[[corrections]]\nfact = "no-such-fact"\ndate = 2026-11-21\nbefore = "x"\n'
            'reason = "y"\n',
            "correction of 'no-such-fact': no such fact or prose",
        ),
        (
            '[[corrections]]\nprose = "page:no-such-prose"\ndate = 2026-11-21\nbefore = "x"\n'
            'reason = "y"\n',
            "correction of 'page:no-such-prose': no such fact or prose",
        ),
        (
            '[[corrections]]\nfact = "dateline-quillby"\ndate = 2026-11-21\n'
            'before = "The article is datelined Quillby."\nreason = "y"\n',
            "correction of 'dateline-quillby': nothing changed",
        ),
        (
            '[[corrections]]\nfact = "cost-not-disclosed"\ndate = 2026-11-21\n'
            f'before = "{"Too long. " * (PART_CHARACTERS // 10)}"\nreason = "y"\n',
            "correction of 'cost-not-disclosed' on 2026-11-21: its two wordings and reason pass "
            f"{PART_CHARACTERS:,} characters",
        ),
        (
            '[[retired]]\nid = "cost-not-disclosed"\ndate = 2026-11-21\nstatement = "x"\n'
            'reason = "y"\n',
            "retired fact 'cost-not-disclosed' is still in facts.toml",
        ),
        (
            '[[retired]]\nid = "ferry-gone"\ndate = 2026-11-21\nstatement = "x"\n'
            'reason = "y"\nreplaced_by = "ferry-is-back"\n',
            "retired fact 'ferry-gone': unknown replacement",
        ),
    ],
    ids=[
        "correction-of-an-unknown-fact",
        "correction-of-unknown-prose",
        "correction-that-changes-nothing",
        "correction-too-long-for-a-page",
        "retired-id-still-present",
        "retired-for-an-unknown-replacement",
    ],
)
def test_a_bad_corrections_log_is_refused(tiny_copy: Settings, entry: str, expected: str) -> None:
    append_corrections(tiny_copy, entry)
    with pytest.raises(SeedError) as refused:
        build(tiny_copy)
    assert expected in str(refused.value)
    assert not tiny_copy.database_path.exists()


def _arabic_entry(target: str = 'fact = "ferry-not-going-away"', **fields: str) -> str:
    """A correction of the tiny seed's Arabic words, with `fields` replacing the defaults."""
    values = {
        "lang": '"ar"',
        "date": "2026-12-04",
        "before": '"قال مهندس إن العبّارة باقية."',
        "reason": '"The Arabic dropped the engineer’s town."',
        "reason_ar": '"أسقطت الصياغة العربية بلدة المهندس."',
    } | fields
    lines = [f"{name} = {value}" for name, value in values.items() if value]
    return "\n".join(["[[corrections]]", target, *lines]) + "\n"


@pytest.mark.parametrize(
    ("entry", "expected"),
    [
        (
            _arabic_entry(reason_ar=""),
            "corrections 'ferry-not-going-away': Value error, an Arabic correction",
        ),
        (
            _arabic_entry(lang=""),
            "corrections 'ferry-not-going-away': Value error, an Arabic correction",
        ),
        (
            _arabic_entry('fact = "no-such-fact"'),
            "Arabic correction of 'no-such-fact': the Arabic edition publishes no such words",
        ),
        (
            _arabic_entry('prose = "page:framings-title"'),  # shown on /framings: English only
            "Arabic correction of 'page:framings-title': the Arabic edition publishes no such",
        ),
        (
            _arabic_entry('fact = "cost-not-disclosed"', before='"بيان 223"'),
            "Arabic correction of 'cost-not-disclosed': nothing changed",
        ),
        (
            _arabic_entry(date="2026-12-01"),  # before the tiny seed's Arabic one of 2026-12-03
            "Arabic correction of 'ferry-not-going-away' on 2026-12-01: listed after a later one",
        ),
        (
            _arabic_entry(before=f'"{"نص طويل. " * (PART_CHARACTERS // 9)}"'),
            "Arabic correction of 'ferry-not-going-away' on 2026-12-04: its two wordings and "
            "reason pass",
        ),
        (
            _arabic_entry(reason='"The Arabic said “the ferry stays”."'),
            "Arabic correction of 'ferry-not-going-away': “the ferry stays” is quoted but is not",
        ),
        (
            _arabic_entry(reason_ar='"قالت الصياغة العربية “the ferry stays”."'),
            "Arabic correction of 'ferry-not-going-away' on 2026-12-04: reason_ar: “the ferry "
            "stays” is not the article's exact words",
        ),
        (
            _arabic_entry(reason_ar='"قالت الصياغة العربية «العبّارة باقية»."'),
            "reason_ar: «العبّارة باقية» is not marked ترجمتنا",
        ),
        (
            _arabic_entry(
                reason='"The Arabic left out the Glass River."',
                reason_ar='"أسقطت الصياغة العربية ذكر النهر."',
            ),
            "reason_ar: Glass River is spelled نهر غلاس in Arabic",
        ),
    ],
    ids=[
        "arabic-without-reason-ar",
        "reason-ar-on-an-english-correction",
        "arabic-of-an-unknown-fact",
        "arabic-of-prose-no-arabic-page-shows",
        "arabic-that-changes-nothing",
        "arabic-listed-out-of-order",
        "arabic-too-long-for-a-page",
        "english-reason-misquotes",
        "arabic-reason-misquotes",
        "arabic-reason-translation-unmarked",
        "arabic-reason-misspells-a-glossary-name",
    ],
)
def test_a_bad_arabic_correction_is_refused_in_one_line(
    tiny_copy: Settings, entry: str, expected: str
) -> None:
    """An Arabic correction (`lang = "ar"`) is checked as an English one is, against the
    Arabic words, and its Arabic reason as every Arabic string is (GUIDE sections 6 and 10)."""
    append_corrections(tiny_copy, entry)
    with pytest.raises(SeedError) as refused:
        build(tiny_copy)
    assert "\n" not in str(refused.value)
    assert expected in str(refused.value)
    assert not tiny_copy.database_path.exists()


def test_without_the_arabic_edition_its_corrections_are_left_out(tiny_copy: Settings) -> None:
    """ARABIC_EDITION=0 builds the English site alone: the log lists no Arabic correction,
    whose words and pages are not built."""
    english = tiny_copy.model_copy(update={"arabic_edition": False})
    build(english)
    engine = create_engine(f"sqlite:///{english.database_path}")
    with Session(engine) as session:
        langs = set(session.exec(select(Correction.lang)))
    engine.dispose()
    assert langs == {"en"}
