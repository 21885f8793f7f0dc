"""Our words live in the seed, not in code (seed/GUIDE.md): every sentence a reader sees is in
facts.toml, under the guide's rules and the corrections log, and code only fills in templates.

The scan below reads app/data, app/pages and app/web as Python (ast) and reports any string
literal that reads like a sentence: four words or more. Docstrings, SQL, log lines, exception
messages and the API's own documentation (`description=`, `summary=`) are for programmers and
operators; the modules in ALLOWED are too, each for the reason given.
"""

import ast
import re
from collections.abc import Iterator
from html import unescape

from fastapi.testclient import TestClient
from helpers import append_corrections, edit_facts
from sqlmodel import Session, create_engine

from app.config import PROJECT_ROOT, Settings
from app.data.corrections import list_corrections
from app.data.notes import get_notes
from app.data.prose import fill, placeholders
from app.loader.loader import build

SCANNED = ["app/data", "app/pages", "app/web"]
SENTENCE = re.compile(r"[A-Za-z][A-Za-z’'-]*(?:[,;:]? \(?[A-Za-z][A-Za-z’'-]*\)?){3,}")
SQL = re.compile(r"^\s*(SELECT|INSERT|CREATE|WITH|UPDATE|DELETE)\b")
# `key_help` is a registry entry's key parameter description in OpenAPI.
DOC_KEYWORDS = {"description", "summary", "title", "help", "key_help"}
LOG_METHODS = {"debug", "info", "warning", "error", "exception", "critical"}
# A string a str method reads (a prefix, a suffix, a list to split) is data, not a sentence.
STR_METHODS = {"startswith", "endswith", "removeprefix", "removesuffix", "split"}

# Modules whose sentences describe our files and API to programs, not the article to readers.
ALLOWED = {
    "app/data/schemas.py": "the public shapes' field descriptions (the OpenAPI document)",
    "app/data/models.py": "the tables' field descriptions (the OpenAPI document)",
    "app/data/columns.py": "facts.csv's column guide and its CSVW metadata, for programs",
    "app/data/downloads.py": "what each download file holds, beside its hash",
    "app/web/openapi.py": "the OpenAPI document's own text",
    "app/web/problems.py": "which statuses each API operation documents, and why",
    "app/web/envelope.py": "the API's filters and parameter errors, for programs",
    "app/data/snapshot.py": "what is wrong with the database file, for /healthz and the log",
}

# Single constants kept in code, each because something that may not read the seed needs it.
ALLOWED_NAMES = {
    ("app/data/search.py", "SLOW"): "app/serve/cache.py spots a timed-out search by it",
    ("app/web/errors.py", "NO_SUCH_PAGE"): "app/serve/nginx.py writes it into nginx's config",
    ("app/data/annotations.py", "COLLECTION_LABEL"): "the W3C collection's label, for programs",
}


def _exempt(tree: ast.AST, where: str) -> set[int]:
    """The ids of string nodes that are docstrings, API docs, log lines, exception text, data
    a str method reads, or a constant ALLOWED_NAMES lets stay."""
    exempt: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign) and any(
            isinstance(target, ast.Name) and (where, target.id) in ALLOWED_NAMES
            for target in node.targets
        ):
            exempt.add(id(node.value))
        if isinstance(node, ast.Dict):  # {"description": …}, as in FastAPI's `responses=`
            exempt |= {
                id(value)
                for key, value in zip(node.keys, node.values, strict=True)
                if isinstance(key, ast.Constant) and key.value in DOC_KEYWORDS
            }
        body = getattr(node, "body", None)
        if isinstance(body, list) and body and isinstance(body[0], ast.Expr):
            exempt.add(id(body[0].value))  # a docstring (or a bare string, which is one)
        if isinstance(node, ast.keyword) and node.arg in DOC_KEYWORDS:
            exempt |= {id(inner) for inner in ast.walk(node.value)}
        if isinstance(node, ast.Raise) and node.exc is not None:
            exempt |= {id(inner) for inner in ast.walk(node.exc)}
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            called = node.func
            if called.attr in LOG_METHODS:
                exempt |= {id(inner) for arg in node.args for inner in ast.walk(arg)}
            if called.attr in STR_METHODS:
                exempt |= {id(called.value), *(id(arg) for arg in node.args)}
    return exempt


def _sentences(source: str, where: str) -> Iterator[str]:
    tree = ast.parse(source)
    exempt = _exempt(tree, where)
    for node in ast.walk(tree):
        if not isinstance(node, ast.Constant) or not isinstance(node.value, str):
            continue
        if id(node) in exempt or SQL.match(node.value) or not SENTENCE.search(node.value):
            continue
        yield f"{where}:{node.lineno}: {node.value[:70]!r}"


def test_no_sentence_a_reader_sees_is_written_into_the_code() -> None:
    files = [path for folder in SCANNED for path in sorted((PROJECT_ROOT / folder).rglob("*.py"))]
    assert len(files) > 20
    scanned = [path for path in files if str(path.relative_to(PROJECT_ROOT)) not in ALLOWED]
    found = [
        line
        for path in scanned
        for line in _sentences(
            path.read_text(encoding="utf-8"), str(path.relative_to(PROJECT_ROOT))
        )
    ]
    assert not found, "move these sentences to seed/facts.toml:\n" + "\n".join(found)


def test_the_scan_finds_a_sentence_however_it_is_written() -> None:
    source = '''
def note(count: int) -> str:
    """A docstring is for programmers, and may say what it likes about the article."""
    logger.warning("the build is stale and needs to be rebuilt")
    label = "Copy link"
    return f"The article leaves troop numbers open in {count} passages; officials did not say."
'''
    found = list(_sentences(source, "app/data/example.py"))
    assert len(found) == 2, found
    assert "The article leaves troop numbers" in found[0]
    assert "officials did not say." in found[1]


def test_a_counted_word_agrees_with_its_number() -> None:
    times = "{n} {n:passage|passages}, {n:once|twice|# times}"
    assert [fill(times, n=n) for n in (1, 2, 5)] == [
        "1 passage, once",
        "2 passages, twice",
        "5 passages, 5 times",
    ]
    assert placeholders(times) == {"n"}


def test_every_page_names_the_author_and_outlet_from_the_seeds_article(
    client: TestClient,
) -> None:
    article = client.get("/api/article").json()
    for path in ("/", "/notes", "/facts/photo-credit", "/no-such-page"):
        footer = re.search(r"<footer.*?</footer>", client.get(path).text, re.S)
        assert footer is not None, path
        said = unescape(re.sub(r"<[^>]+>", "", footer.group(0)))
        assert f"one article by {article['author']} (" in said, path
        assert f"which we take to be from {article['outlet']}: " in said, path
        assert article["outlet_source"].removeprefix("our inference: ") in said, path


def test_a_reworded_note_or_interface_sentence_is_a_listed_correction(
    tiny_copy: Settings,
) -> None:
    """Editors reword the code's sentences in the seed, and the corrections log covers them."""
    # English only: the rewording leaves seed/ar's translation stale, which the build refuses.
    tiny_copy = tiny_copy.model_copy(update={"arabic_edition": False})
    heading = 'text = "Anonymous sourcing"'
    edit_facts(tiny_copy, heading, 'text = "Unnamed sources"')
    no_card = 'error-no-card = "There is no such preview image."'
    edit_facts(tiny_copy, no_card, 'error-no-card = "There is no such card."')
    append_corrections(
        tiny_copy,
        '[[corrections]]\nprose = "page:note-anonymous-heading"\ndate = 2031-01-02\n'
        'before = "Anonymous sourcing"\nreason = "Plainer."\n\n'
        '[[corrections]]\nprose = "interface:error-no-card"\ndate = 2031-01-02\n'
        'before = "There is no such preview image."\nreason = "Shorter."\n',
    )
    build(tiny_copy)
    engine = create_engine(f"sqlite:///{tiny_copy.database_path}")
    with Session(engine) as session:
        notes = {note.key: note for note in get_notes(session=session)}
        listed = {c.target: c for c in list_corrections(session=session)}
    engine.dispose()
    assert notes["anonymous"].heading == "Unnamed sources"
    assert (listed["page:note-anonymous-heading"].url, listed["interface:error-no-card"].url) == (
        "/notes",
        "/",
    )
    assert listed["interface:error-no-card"].after == "There is no such card."


# Words that name something in the article (its people, places, dates, sources, our matches):
# a template sentence with one of them states something about the article, so it belongs in
# the seed, where it rests on facts and a correction is logged.
ABOUT_THE_ARTICLE = re.compile(
    r"\b(Iraq(?! Transition Explainer)\w*|U\.S\.|coalition|troops?|transition|two-phased|"
    r"Kurdistan|federal|Asad|Abbassi|Sudani|Austin|ISIS|withdraw\w*|pull out|September|"
    r"20\d\d|caption|author|byline|dateline|matched|our match|inferred|inference|[Tt]he two "
    r"phases|Phase \d)\b"
)


STRING = r"\"([^\"{}]+)\"|'([^'{}]+)'"


def _template_text(source: str) -> Iterator[str]:
    """What a template writes in its own words: its text between tags, and the strings inside
    its tags and expressions (a label in a `{% set %}`), comments and scripts aside."""
    source = re.sub(r"\{#.*?#\}", " ", source, flags=re.S)
    tags = re.findall(r"\{[{%].*?[%}]\}", source, flags=re.S)
    text = re.sub(r"\{[{%].*?[%}]\}", "\n", source, flags=re.S)
    text = re.sub(r"<(script|style)\b.*?</\1>", " ", text, flags=re.S)
    text = re.sub(r"<[^>]*>", "\n", text, flags=re.S)
    yield from (" ".join(line.split()) for line in text.splitlines())
    strings = (s for tag in tags for pair in re.findall(STRING, tag) for s in pair)
    yield from (s for s in strings if " " in s.strip())  # one word is a key ("caption")


def test_no_template_says_something_about_the_article_in_its_own_words() -> None:
    found = [
        f"templates/{path.name}: {line[:90]!r}"
        for path in sorted((PROJECT_ROOT / "templates").glob("*.html"))
        for line in _template_text(path.read_text(encoding="utf-8"))
        if ABOUT_THE_ARTICLE.search(line)
    ]
    assert not found, "move these words to seed/facts.toml, citing facts:\n" + "\n".join(found)


def test_the_template_scan_finds_a_label_however_it_is_written() -> None:
    source = """{# The Kurdistan region, in a comment, is for programmers. #}
<dt>Coalition would pull out</dt>
{% set labels = {"caption": "Photo caption"} %}
<p>{{ prose["page:x"].text }} and our site, Iraq Transition Explainer.</p>"""
    found = [line for line in _template_text(source) if ABOUT_THE_ARTICLE.search(line)]
    assert found == ["Coalition would pull out", "Photo caption"], found
