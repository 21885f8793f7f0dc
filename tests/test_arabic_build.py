"""The Arabic edition's database: built beside the English one from seed/ar/*.toml, the same
rows with the Arabic words, refused (one line, nothing written) when a translation is
incomplete or breaks a rule of seed/GUIDE.md's Arabic section; and searched in Arabic."""

import shutil
import sqlite3
import subprocess
from contextlib import closing
from pathlib import Path

import pytest
from helpers import LOADER, TINY_SEED, loader_env
from sqlmodel import Session, select

from app.config import PROJECT_ROOT, SeedError, Settings
from app.data import search as search_module
from app.data.models import Fact, Passage, Phase, Region
from app.data.search import search
from app.loader.ensure import ensure_database
from app.loader.fingerprint import seed_hash
from app.loader.loader import build


@pytest.fixture(scope="module")
def tiny_ar_built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The tiny seed and both its databases, built once for this module's copies."""
    folder = tmp_path_factory.mktemp("tiny-ar")
    shutil.copytree(TINY_SEED, folder / "seed")
    build(_settings(folder))
    return folder


def _settings(folder: Path) -> Settings:
    return Settings(
        seed_dir=folder / "seed", database_path=folder / "db" / "tiny.db", arabic_edition=True
    )


@pytest.fixture
def tiny_ar_copy(tiny_ar_built: Path, tmp_path: Path) -> Settings:
    """A private copy of the tiny seed, Arabic edition and all, and of its two databases,
    for tests that break it."""
    shutil.copytree(tiny_ar_built, tmp_path, dirs_exist_ok=True)
    return _settings(tmp_path)


def edit_arabic(settings: Settings, file: str, old: str, new: str) -> None:
    """Replace the first `old` in one of the seed's Arabic files, as a translator would."""
    path = settings.arabic_dir / file
    text = path.read_text(encoding="utf-8")
    assert old in text, f"test setup: {old!r} is not in {file}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def rows(path: Path, sql: str) -> list[tuple[object, ...]]:
    with closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as connection:
        return connection.execute(sql).fetchall()


def test_the_arabic_database_is_built_beside_the_english_one(tiny_settings: Settings) -> None:
    assert tiny_settings.arabic_database_path == tiny_settings.database_path.with_name("tiny.ar.db")
    assert tiny_settings.arabic_database_path.is_file()
    hashes = [
        rows(path, "SELECT value FROM meta WHERE key = 'seed_hash'")
        for path in (tiny_settings.database_path, tiny_settings.arabic_database_path)
    ]
    assert hashes[0] == hashes[1] == [(seed_hash(tiny_settings),)]


def test_the_arabic_database_has_arabic_statements_and_the_articles_english_quotes(
    tiny_session: Session, tiny_ar_session: Session
) -> None:
    english = {fact.id: fact for fact in tiny_session.exec(select(Fact))}
    arabic = {fact.id: fact for fact in tiny_ar_session.exec(select(Fact))}
    assert english.keys() == arabic.keys()
    for fact_id, fact in arabic.items():
        assert fact.quote == english[fact_id].quote  # the article's words, never translated
        assert (fact.start, fact.end) == (english[fact_id].start, english[fact_id].end)
        assert english[fact_id].translation is None
        assert fact.translation and "ترجمتنا" in fact.translation
        assert fact.statement != english[fact_id].statement
        assert any("\u0600" <= c <= "\u06ff" for c in fact.statement)
    statement = arabic["ferry-not-going-away"].statement
    assert statement == "قال مهندس من سبانويل طلب عدم ذكر اسمه إن العبّارة باقية."
    assert [p.text for p in tiny_ar_session.exec(select(Passage))] == [
        p.text for p in tiny_session.exec(select(Passage))
    ]
    assert [r.name for r in tiny_ar_session.exec(select(Region))] == [
        "الضفة الشرقية",
        "الضفة الغربية",
    ]
    assert tiny_ar_session.exec(select(Phase.name).where(Phase.number == 1)).one() == (
        "المرحلة الأولى"
    )


@pytest.mark.parametrize(
    ("query", "found"),
    [
        ("الضفة", {("region", "east-bank"), ("region", "west-bank")}),
        ("ضفه", {("region", "east-bank"), ("region", "west-bank")}),  # no ال, ة typed as ه
        ("والضفة", {("region", "east-bank"), ("region", "west-bank")}),  # with و
        ("المرحله الاولى", {("phase", "1")}),  # أ typed bare, ة as ه
        ("عبارة", {("fact", "ferry-not-going-away")}),  # the page has العبّارة: shadda, ال
        ("العَبّارَة", {("fact", "ferry-not-going-away")}),  # vowel marks typed
        ("تبقى", {("fact", "ferry-not-going-away")}),  # the glossary's group: the page has باقية
    ],
)
def test_arabic_queries_find_arabic_pages_and_facts(
    tiny_ar_session: Session, query: str, found: set[tuple[str, str]]
) -> None:
    answer = search(session=tiny_ar_session, query=query)
    assert answer.mode == "all"
    assert {(hit.kind, hit.id) for hit in answer.results} >= found


def test_an_arabic_snippet_marks_the_words_as_the_page_writes_them(
    tiny_ar_session: Session,
) -> None:
    """The index holds folded words, but the snippet is the page's own text."""
    answer = search(session=tiny_ar_session, query="جسر ضفه")
    hit = next(hit for hit in answer.results if hit.id == "east-bank")
    assert "<mark>الضفة</mark>" in hit.snippet_html
    assert "<mark>جسرٌ</mark>" in hit.snippet_html
    assert "يُبنى" in hit.snippet


def test_english_words_still_find_the_articles_quotes_in_the_arabic_database(
    tiny_ar_session: Session,
) -> None:
    answer = search(session=tiny_ar_session, query="late but welcome")
    assert ("fact", "governor-late-but-welcome") in {(h.kind, h.id) for h in answer.results}


def test_start_up_builds_a_missing_arabic_database(tiny_ar_copy: Settings) -> None:
    tiny_ar_copy.arabic_database_path.unlink()
    ensure_database(tiny_ar_copy)
    assert tiny_ar_copy.arabic_database_path.is_file()


def test_an_edited_translation_makes_both_builds_stale(tiny_ar_copy: Settings) -> None:
    before = seed_hash(tiny_ar_copy)
    edit_arabic(tiny_ar_copy, "story.toml", "الضفة الغربية", "الضفة الغربيّة")
    assert seed_hash(tiny_ar_copy) != before


def test_without_the_setting_only_the_english_database_is_built(tmp_path: Path) -> None:
    settings = Settings(
        seed_dir=TINY_SEED, database_path=tmp_path / "tiny.db", arabic_edition=False
    )
    build(settings)
    assert settings.database_path.is_file()
    assert not settings.arabic_database_path.exists()


OURS = "(ترجمتنا: «متأخرة لكنها مرحّب بها»)"  # our translation of “late but welcome”
STATEMENT = f"قالت العمدة أولا برين إن الحاكم وصف الخطة بأنها “late but welcome” {OURS}."


@pytest.mark.parametrize(
    ("file", "old", "new", "said"),
    [
        (
            "facts.toml",
            'en = "An anonymous Spanwell engineer said the ferry is not going away."',
            'en = "An anonymous Spanwell engineer said the ferry stays."',
            "facts.ferry-not-going-away.statement: the English changed",
        ),
        (
            "story.toml",
            'ar = "الضفة الغربية"',
            'ar = ""',
            "regions.west-bank.name: not translated",
        ),
        (
            "facts.toml",
            STATEMENT,
            STATEMENT.replace("late but welcome", "late yet welcome"),
            "“late yet welcome” is not the article's exact words",
        ),
        (
            "facts.toml",
            "إن العبّارة باقية.",
            "إن «العبّارة باقية».",
            "«العبّارة باقية» is not marked ترجمتنا",
        ),
        (
            "facts.toml",
            STATEMENT,
            STATEMENT.replace("أولا برين", "أولا برّين"),
            "Ola Brenn is spelled أولا برين in Arabic",
        ),
        (
            "prose.toml",
            "{count:one=# عنصر|",
            "{count:single=# عنصر|",
            "counted word",
        ),
        (
            "facts.toml",
            f"برين “late but welcome” {OURS}",
            f"برين “late but welcome” {OURS} " + "مشاركة طويلة " * 5,
            "facts.governor-late-but-welcome.share: the share title is 136 characters, 70 at",
        ),
        (
            "facts.toml",
            'ar = "بيان 204 سبانويل بحلول طلب عدم ذكر اسمه"',
            'ar = "بيان 204 سبانويل طلب عدم ذكر اسمه"',
            "facts.phase-1-footpath-by-june-2031.statement: “by” is said بحلول in Arabic",
        ),
        (
            "facts.toml",
            "سبانويل طلب عدم ذكر اسمه إن العبّارة",
            "سبانويل لم يُسمَّ إن العبّارة",
            "anonymous (asked not to be named) is طلب عدم ذكر اسمه in Arabic",
        ),
        (
            "facts.toml",
            "سبانويل طلب عدم ذكر اسمه إن العبّارة",
            "سبانويل طلب عدم ذكر اسمه، أي لم يُكشف اسمه، إن العبّارة",
            "لم يُكشف اسمه reads as anonymous and as unnamed",
        ),
        (
            "facts.toml",
            STATEMENT,
            STATEMENT.replace(f" {OURS}", ""),
            "“late but welcome” has no (ترجمتنا: «…») right after it",
        ),
        (
            "glossary.toml",
            '"The ferry is not going away" = "العبّارة لن تختفي"',
            "",
            "“The ferry is not going away”: a note quotes it and our Arabic has no translation",
        ),
        (
            "glossary.toml",
            'words = ["باقية", "تبقى", "بقاء"]',
            'words = ["تبقى", "بقاء"]',
            "thesaurus group ['تبقى', 'بقاء']: our Arabic uses none of them",
        ),
    ],
    ids=[
        "stale-english",
        "untranslated",
        "not-verbatim",
        "unmarked",
        "glossary",
        "plural",
        "share-too-long",
        "hedge-dropped",
        "anonymous-said-unnamed",
        "anonymous-or-unnamed",
        "quote-untranslated",
        "note-quote-untranslated",
        "word-group-unused",
    ],
)
def test_a_translation_that_breaks_a_rule_is_refused_and_nothing_is_written(
    tiny_ar_copy: Settings, file: str, old: str, new: str, said: str
) -> None:
    before = [
        path.read_bytes()
        for path in (tiny_ar_copy.database_path, tiny_ar_copy.arabic_database_path)
    ]
    edit_arabic(tiny_ar_copy, file, old, new)
    with pytest.raises(SeedError, match="ar/") as refused:
        build(tiny_ar_copy)
    assert said in str(refused.value)
    assert "\n" not in str(refused.value)
    after = [
        path.read_bytes()
        for path in (tiny_ar_copy.database_path, tiny_ar_copy.arabic_database_path)
    ]
    assert after == before  # both editions as they were: neither is half-updated


def test_the_loader_says_why_it_refuses_a_translation_in_one_line(tiny_ar_copy: Settings) -> None:
    edit_arabic(tiny_ar_copy, "story.toml", 'ar = "الضفة الغربية"', 'ar = ""')
    done = subprocess.run(
        LOADER,
        capture_output=True,
        text=True,
        env={**loader_env(tiny_ar_copy), "ARABIC_EDITION": "1"},
        cwd=PROJECT_ROOT,
        timeout=60,
    )
    assert done.returncode == 1
    assert done.stderr.count("\n") == 1
    assert done.stderr.startswith("seed error: ar/story.toml: regions.west-bank.name: not")
    assert "not translated" in done.stderr


def test_searching_both_editions_in_turn_loads_each_ones_aids_once(
    tiny_session: Session, tiny_ar_session: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The English app and the Arabic app share one process: searches alternating between
    them must not reload the thesaurus and vocabulary each time."""
    loads: list[str] = []
    real = search_module._load_aids
    monkeypatch.setattr(search_module, "_AIDS", {})

    def counted(session: Session) -> search_module.Aids:
        loads.append("loaded")
        return real(session)

    monkeypatch.setattr(search_module, "_load_aids", counted)
    for _ in range(3):
        search(session=tiny_session, query="ferry")
        search(session=tiny_ar_session, query="الضفة")
    assert len(loads) == 2


LATE = "“late but welcome”"


def test_the_same_quoted_words_translated_two_ways_are_refused(tiny_ar_copy: Settings) -> None:
    """A reader meets the governor's words on the fact page and again on the framings page:
    our Arabic for them must read the same in both, or the site seems to quote two sayings."""
    edit_arabic(
        tiny_ar_copy,
        "story.toml",
        f"كويلبي {LATE} {OURS}",
        f"كويلبي {LATE} (ترجمتنا: «متأخرة ولكنها مقبولة»)",
    )
    with pytest.raises(SeedError, match="ar/") as refused:
        build(tiny_ar_copy)
    said = str(refused.value)
    assert said.startswith("ar/story.toml: framings.")
    first = "«متأخرة لكنها مرحّب بها» in facts.governor-late-but-welcome.statement"
    assert f"«متأخرة ولكنها مقبولة» here and {first}" in said


def test_the_same_quoted_words_translated_alike_are_accepted(tiny_ar_copy: Settings) -> None:
    """One rendering, whether the quote ends its sentence (a full stop inside the marks) or not,
    builds: closing punctuation is the sentence's, not the translation's."""
    edit_arabic(
        tiny_ar_copy,
        "facts.toml",
        f"بأنها {LATE} {OURS}.",
        f"بأنها {LATE} (ترجمتنا: «متأخرة لكنها مرحّب بها.»).",
    )
    edit_arabic(
        tiny_ar_copy,
        "story.toml",
        f"كويلبي {LATE} {OURS}",
        f"كويلبي {LATE}، ترجمتنا: «متأخرة لكنها مرحّب بها»",
    )
    build(tiny_ar_copy)
    facts = rows(
        tiny_ar_copy.arabic_database_path,
        "SELECT statement FROM fact WHERE id = 'governor-late-but-welcome'",
    )
    assert "«متأخرة لكنها مرحّب بها.»" in str(facts[0][0])
