"""The loader: a good seed builds with full coverage; every kind of bad seed stops it cleanly."""

import hashlib
from pathlib import Path

import pytest
from helpers import append_corrections, edit_facts, run_loader
from sqlalchemy.exc import OperationalError
from sqlmodel import Session, select

from app.config import PROJECT_ROOT, Settings
from app.data.db import read_only_engine, stored_seed_hash
from app.data.models import Correction, Event, Fact, Passage, Phase
from app.loader import loader
from app.loader.ensure import ensure_database
from app.loader.loader import build, seed_hash

ARTICLE_SHA256 = "b9d94d9993b6be97509853e528f2d052e0f8f5b93b4616830a117ae7d8e4076f"


def test_article_is_a_byte_identical_copy() -> None:
    data = (PROJECT_ROOT / "seed" / "article.txt").read_bytes()
    assert hashlib.sha256(data).hexdigest() == ARTICLE_SHA256
    shared = PROJECT_ROOT.parent / "shared" / "seed" / "article.txt"
    if shared.exists():
        assert data == shared.read_bytes()


def test_good_seed_builds_and_reports_full_coverage(seed_copy: Settings) -> None:
    result = run_loader(seed_copy)
    assert result.returncode == 0, result.stderr
    assert "coverage: 15/15 body passages cited by at least one fact (100%)" in result.stdout
    assert seed_copy.database_path.is_file()


def test_every_quote_sits_at_its_offsets_inside_its_passage(
    settings: Settings, article: str
) -> None:
    with Session(read_only_engine(settings.database_path)) as session:
        passages = {p.id: p for p in session.exec(select(Passage))}
        facts = list(session.exec(select(Fact)))
    assert len(facts) >= 45
    for fact in facts:
        assert article[fact.start : fact.end] == fact.quote
        passage = passages[fact.passage_id]
        assert passage.start <= fact.start and fact.end <= passage.end


def test_every_body_passage_is_cited(settings: Settings) -> None:
    with Session(read_only_engine(settings.database_path)) as session:
        body = {p.id for p in session.exec(select(Passage).where(Passage.kind == "body"))}
        cited = set(session.exec(select(Fact.passage_id)))
    assert len(body) == 15
    assert body <= cited


def test_dates_keep_their_hedges(settings: Settings) -> None:
    with Session(read_only_engine(settings.database_path)) as session:
        phases = {p.number: session.get_one(Event, p.event_id) for p in session.exec(select(Phase))}
        events = {e.text: e for e in session.exec(select(Event))}
    assert (phases[1].text, phases[1].hedge) == ("by September 2025", "deadline")
    assert (phases[2].text, phases[2].hedge) == ("until at least September 2026", "floor")
    assert events["last August"].hedge == "relative" and events["last August"].year is None
    assert events["For 10 years"].hedge == "inferred" and events["For 10 years"].inferred_from


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (
            'quote = "There is no need for a coalition."',
            'quote = "There is no need for any coalition."',
            "fact 'sudani-no-need-for-coalition': quote not found in the article: "
            "“There is no need for any coalition.”",
        ),
        (
            'id = "sudani-wars-to-stability"',
            'id = "sudani-no-need-for-coalition"',
            "fact id 'sudani-no-need-for-coalition' appears more than once",
        ),
        (
            'account"\nfacts = ["phase-1-concludes-mission",',
            'account"\nfacts = ["phase-1-was-never-written",',
            "phase 1, section “What ends, by an anonymous U.S. official’s account”: "
            "unknown fact 'phase-1-was-never-written'",
        ),
        (
            'speaker = "lloyd-austin"',
            'speaker = "lloyd-austen"',
            "fact 'austin-two-years-not-enough': unknown speaker 'lloyd-austen'",
        ),
        (
            'quote = "or where they will be stationed"',
            'quote = "by September 2025"',
            "fact 'base-locations-not-disclosed': quote occurs 2 times (p-6, p-12)",
        ),
        (
            'statement = "The article is datelined Washington."',
            'statment = "typo"',
            "facts 'dateline-washington'.statement: Field required",
        ),
        (
            'statement = "The article is datelined Washington."',
            'statement = "The article is “datelined Washington”."',
            "“datelined Washington” is quoted but is not the article’s words",
        ),
        (
            'text = "Setting these side by side is our reading;',
            'text = "Setting these side by side, “pulling out”, is our reading;',
            "“pulling out” is quoted but is not the article’s words",
        ),
        (
            'facts = ["troop-numbers-not-disclosed"]\n',
            "facts = []\n",
            "prose.numbers-lede.facts: List should have at least 1 item",
        ),
        (
            'facts = ["troop-numbers-not-disclosed"]\n',
            'facts = ["troops-were-counted"]\n',
            "prose 'page:numbers-lede': unknown fact 'troops-were-counted'",
        ),
        (
            'speaker = "photo-caption"\nwording = "caption"',
            'speaker = "narration"\nwording = "caption"',
            "fact 'photo-shows-troops-in-2023': wording 'caption' does not fit speaker 'narration'",
        ),
        (
            'via = "an interview with Bloomberg"\nquote = "The justifications',
            'quote = "The justifications',
            "`via` names the outlet or person exactly when channel is one",
        ),
        (
            'event = "phase-1-ends-deployment-by-september-2025"',
            'event = "phase-1-concludes-mission"',
            "phase 1: event 'phase-1-concludes-mission' names no [[events]] entry's fact",
        ),
        (
            'statement = "The article says that in the last several months the U.S. has expanded',
            'statement = "The article says the U.S. has expanded its forces in the region in the '
            "last several months to help defend Israel, as well as protect American and allied "
            "personnel and assets. Restated",
            "fact 'us-expanded-regional-forces': its quote is a whole passage that a statement "
            "repeats word for word",
        ),
        (
            'id = "dateline-washington"',
            'id = "dateline.json"',
            "facts 'dateline.json'.id: String should match pattern",
        ),
        (
            '\nshare = "The article says U.S. officials spoke on a Friday; it gives no date"',
            "",
            "fact 'announced-on-a-friday': 77 characters is too long for a share title; "
            "give `share`",
        ),
        (
            'share = "U.S. officials: U.S. and Iraq agree to a two-phased transition"',
            'share = "The U.S. and Iraq agree to a two-phased transition"',
            "fact 'two-phase-transition-agreed': share text “The U.S. and Iraq agree to a "
            "two-phased transition” does not name its speaker (U.S. officials)",
        ),
        (
            'share = "U.S. official: “the United States is not withdrawing from Iraq”"',
            'share = "U.S. official: “the United States is not withdrawing"',
            "fact 'not-withdrawing': share text “U.S. official: “the United States is not "
            "withdrawing” leaves a quotation open",
        ),
        (
            'share = "U.S. official: “the United States is not withdrawing from Iraq”"',
            'share = "U.S. official: “the U.S. is not withdrawing from Iraq”"',
            "“the U.S. is not withdrawing from Iraq” is quoted but is not the article’s words",
        ),
        (
            "Syria support from Iraq until at least September 2026",
            "Syria support from Iraq by September 2026",
            "fact 'phase-2-until-at-least-september-2026': share text “The article: Syria "
            "support from Iraq by September 2026” gives september 2026 without the statement’s "
            "hedge",
        ),
        (
            "U.S. official: deployment in certain locations ends by September 2025",
            "U.S. official: deployment in certain locations ends September 2025",
            "gives september 2025 without the statement’s hedge",
        ),
        (
            "pull out from bases in federal Iraq by September 2025, Agence",
            "leave bases in federal Iraq by September 2025, Agence",
            "fact 'abbassi-federal-iraq-by-september-2025': share description uses words the "
            "statement does not: leave",
        ),
    ],
    ids=[
        "missing-quote",
        "repeated-id",
        "dangling-section-ref",
        "dangling-speaker",
        "ambiguous-quote",
        "misspelt-field",
        "misquote-in-statement",
        "misquote-in-prose",
        "prose-citing-no-fact",
        "prose-citing-unknown-fact",
        "caption-called-narration",
        "relayed-without-via",
        "phase-event-naming-no-event",
        "statement-hiding-its-quote",
        "id-that-is-no-url-segment",
        "long-statement-without-share",
        "share-without-speaker",
        "share-leaving-a-quotation-open",
        "misquote-in-share",
        "share-swapping-a-hedge",
        "share-dropping-a-hedge",
        "share-description-in-new-words",
    ],
)
def test_bad_seed_stops_the_build_with_one_clear_line(
    seed_copy: Settings, old: str, new: str, expected: str
) -> None:
    edit_facts(seed_copy, old, new)
    result = run_loader(seed_copy)
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert expected in lines[0]
    assert not seed_copy.database_path.exists()


def test_changed_article_stops_the_build(seed_copy: Settings) -> None:
    seed_copy.article_path.write_bytes(seed_copy.article_path.read_bytes() + b"\nEdited.")
    result = run_loader(seed_copy)
    assert result.returncode == 1
    assert "the article changed" in result.stderr


def databases(settings: Settings) -> dict[str, bytes]:
    """Every file in the database folder: the English database and, with the Arabic edition
    (on by default), explainer.ar.db beside it; a temporary file left behind would show."""
    files = {p.name: p.read_bytes() for p in settings.database_path.parent.iterdir()}
    expected = {settings.database_path.name}
    if settings.builds_arabic:
        expected.add(settings.arabic_database_path.name)
    assert set(files) == expected
    return files


def test_failed_build_leaves_the_previous_database_untouched(seed_copy: Settings) -> None:
    assert run_loader(seed_copy).returncode == 0
    before = databases(seed_copy)
    edit_facts(seed_copy, 'quote = "WASHINGTON"', 'quote = "PARIS"')
    assert run_loader(seed_copy).returncode == 1
    assert databases(seed_copy) == before  # both editions', nothing else


def test_startup_builds_a_missing_database_and_rebuilds_a_stale_one(seed_copy: Settings) -> None:
    # English only: the edit leaves seed/ar's translation stale, which the build refuses.
    seed_copy = seed_copy.model_copy(update={"arabic_edition": False})
    ensure_database(seed_copy)
    assert stored_seed_hash(seed_copy.database_path) == seed_hash(seed_copy)
    edit_facts(seed_copy, "The article is datelined Washington.", "Datelined Washington.")
    ensure_database(seed_copy)
    assert stored_seed_hash(seed_copy.database_path) == seed_hash(seed_copy)


def test_startup_rebuilds_a_corrupt_database(seed_copy: Settings) -> None:
    seed_copy.database_path.parent.mkdir(parents=True)
    seed_copy.database_path.write_bytes(b"this is not a database")
    ensure_database(seed_copy)
    assert stored_seed_hash(seed_copy.database_path) == seed_hash(seed_copy)


def test_server_cannot_write_to_the_database(settings: Settings) -> None:
    with Session(read_only_engine(settings.database_path)) as session:
        session.add(Passage(id="p-99", number=99, kind="body", text="x", start=0, end=1))
        with pytest.raises(OperationalError, match="readonly"):
            session.commit()


def test_a_build_that_dies_midway_leaves_the_previous_database(
    seed_copy: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Readers never see a half-built file: the new database is written aside, then renamed."""
    build(seed_copy)
    before = databases(seed_copy)

    def die_halfway(path: Path, rows: object, meta: object) -> None:
        path.write_bytes(b"half a database")
        raise KeyboardInterrupt

    monkeypatch.setattr(loader, "_write", die_halfway)
    with pytest.raises(KeyboardInterrupt):
        build(seed_copy)
    assert databases(seed_copy) == before


@pytest.mark.parametrize(
    ("entry", "expected"),
    [
        (
            '[[corrections]]\nfact = "no-such-fact"\ndate = 2026-11-29\nbefore = "x"\n'
            'reason = "y"\n',
            "correction of 'no-such-fact': no such fact or prose",
        ),
        (
            '[[corrections]]\nfact = "dateline-washington"\ndate = 2026-11-29\n'
            'before = "The article is datelined Washington."\nreason = "y"\n',
            "correction of 'dateline-washington': nothing changed",
        ),
        (
            '[[retired]]\nid = "not-withdrawing"\ndate = 2026-11-29\nstatement = "x"\n'
            'reason = "y"\n',
            "retired fact 'not-withdrawing' is still in facts.toml",
        ),
        (
            '[[retired]]\nid = "gone"\ndate = 2026-11-29\nstatement = "x"\nreason = "y"\n'
            '[[retired]]\nid = "gone"\ndate = 2026-11-29\nstatement = "x"\nreason = "y"\n',
            "retired fact id 'gone' appears more than once",
        ),
    ],
    ids=["unknown-target", "unchanged", "retired-but-present", "retired-twice"],
)
def test_bad_correction_stops_the_build(seed_copy: Settings, entry: str, expected: str) -> None:
    append_corrections(seed_copy, entry)
    result = run_loader(seed_copy)
    assert result.returncode == 1
    assert expected in result.stderr.strip()


def test_every_changed_statement_is_logged_as_a_correction(settings: Settings) -> None:
    """The first corrections are this project's own: each names a fact or prose that exists."""
    with Session(read_only_engine(settings.database_path)) as session:
        corrections = session.exec(select(Correction)).all()
        facts = {fact.id: fact.statement for fact in session.exec(select(Fact))}
    assert corrections
    for correction in corrections:
        assert correction.fact_id is None or correction.before != facts[correction.fact_id]
