"""The site's own words held to the article's standard, on every page, meta tag, card and JSON
document: quotation marks only around the article's exact words, every claim with its
speaker and its hedge, inferences marked, counts from the data.
"""

import re
from collections.abc import Iterator
from functools import cache
from html import unescape

import pytest
from fastapi.testclient import TestClient
from helpers import SITE, app_of, json_strings, own_words, sentences, site_paths
from sqlmodel import Session, select

from app.config import PROJECT_ROOT
from app.data.models import Card
from app.loader.article import misquotes
from app.loader.checks import PLACEHOLDER

SEARCH_PATHS = ("/search",)
# Hedged figures: the article never gives these numbers without their hedge word.
HEDGED = {
    r"2,500": "about ",
    r"\b900\b": "about ",
    r"\b175\b": "some ",
    r"one-third": "about ",
}
# Whose words give each target date, as a sentence naming them must show.
TARGET_SPEAKERS = {
    "by September 2025": (
        "al-Abbassi",
        "Al-Abbassi",
        "defence minister",
        "U.S. official",
        "Phase 1",
    ),
    "by September 2026": ("al-Abbassi", "Al-Abbassi", "defence minister"),
    "until at least September 2026": ("article", "Phase 2", "U.S. and Iraq"),
}
STATUS = re.compile(r"September 202[56],? (has passed|is still ahead)")


@cache
def _article() -> str:
    return (PROJECT_ROOT / "seed" / "article.txt").read_text(encoding="utf-8")


NOT_PROSE = re.compile(r"https?://\S+|/[\w./-]+|\b[a-z0-9]+(?:-[a-z0-9]+){2,}\b")


def texts_of(client: TestClient) -> Iterator[tuple[str, str]]:
    """(where, text) for every block and short form of our words, on every page and card.

    URLs and ids are not prose (`/facts/phase-2-until-at-least-september-2026`): left out.
    """
    for where, text in _texts_of(client):
        prose = NOT_PROSE.sub("", text)
        if prose.strip():
            yield where, prose


def _texts_of(client: TestClient) -> Iterator[tuple[str, str]]:
    for path in site_paths(client):
        blocks, short_forms = own_words(client.get(path).text)
        for text in blocks + short_forms:
            yield path, text
        twin = client.get("/index.json" if path == "/" else f"{path}.json")
        if twin.headers["content-type"].startswith("application/json"):
            for text in json_strings(twin.json()):
                yield f"{path}.json", text
    for path in ("/api/annotations", "/api/notes", "/api/corrections"):
        for text in json_strings(client.get(path).json()):
            yield path, text
    engine = app_of(client).state.engine
    with Session(engine) as session:
        for card in session.exec(select(Card)):
            yield card.path, card.alt


@pytest.fixture(scope="module")
def all_texts(client: TestClient) -> list[tuple[str, str]]:
    return list(texts_of(client))


def test_quotation_marks_enclose_only_the_articles_exact_words(
    all_texts: list[tuple[str, str]],
) -> None:
    # The corrections log keeps a template's earlier wording as published: its “{words}” is
    # where the code quotes the article (the loader accepts the same spans in the seed).
    wrong = [
        (where, span)
        for where, text in all_texts
        if not where.startswith(SEARCH_PATHS)
        for span in misquotes(text, _article())
        if not (PLACEHOLDER.fullmatch(span) and "corrections" in where)
    ]
    assert wrong == []


def test_the_search_page_may_echo_the_readers_own_words(client: TestClient) -> None:
    blocks, _ = own_words(client.get("/search?q=pulling+out").text)
    assert any("for your search: pulling out" in block for block in blocks)


def test_hedged_figures_keep_their_hedge_everywhere(all_texts: list[tuple[str, str]]) -> None:
    bare = []
    for where, text in all_texts:
        for pattern, hedge in HEDGED.items():
            for match in re.finditer(pattern, text):
                if not text[: match.start()].endswith(hedge):
                    bare.append((where, text[max(0, match.start() - 40) : match.end() + 20]))
    assert bare == []


def test_target_years_appear_only_with_their_month_and_hedge(
    all_texts: list[tuple[str, str]],
) -> None:
    bare = []
    for where, text in all_texts:
        for match in re.finditer(r"\b(2025|2026)\b(?!-\d\d)", text):
            before = text[: match.start()]
            hedged = before.endswith(("by September ", "until at least September "))
            if not hedged and not STATUS.match(text, max(0, match.start() - 10)):
                bare.append((where, text[max(0, match.start() - 40) : match.end() + 20]))
    assert bare == []


def test_every_target_date_names_whose_words_it_is(all_texts: list[tuple[str, str]]) -> None:
    unattributed = []
    for where, text in all_texts:
        if len(text) < 40:  # a bare label such as a target's own text; its speaker sits beside
            continue
        for sentence in sentences(text):
            for target, speakers in TARGET_SPEAKERS.items():
                if target in sentence and not any(s in sentence for s in speakers):
                    unattributed.append((where, sentence))
    assert unattributed == []


def test_inferred_years_say_they_are_inferred(all_texts: list[tuple[str, str]]) -> None:
    bare = [
        (where, sentence)
        for where, text in all_texts
        for sentence in sentences(text)
        if re.search(r"\b201[345]\b", sentence) and "infer" not in sentence.lower()
    ]
    assert bare == []


def test_no_text_is_cut_before_its_point(all_texts: list[tuple[str, str]]) -> None:
    cut = [(where, text) for where, text in all_texts if text.rstrip().endswith(("...", "…"))]
    assert cut == []


def test_every_statement_names_its_speaker_and_stands_alone(client: TestClient) -> None:
    expanded = client.get("/api/officials?expand=statements").json()["items"]
    speakers = {s["slug"]: s for s in expanded}
    for fact in client.get("/api/facts").json()["items"]:
        statement, speaker = fact["statement"], speakers[fact["speaker"]["slug"]]
        leaning = re.match(r"(The same|This|That|These|He|She|They|It|Al-)\b", statement)
        assert not leaning, fact["id"]
        names = {speaker["name"], speaker["name"].split()[-1], speaker["short"]}
        names |= {speaker["short"].removeprefix("an ").removeprefix("the ").split(",")[0]}
        names |= {speaker["name"].split("“")[0].strip()}
        assert any(name.lower() in statement.lower() for name in names), (fact["id"], names)


def test_paraphrase_is_never_called_someones_own_words(all_texts: list[tuple[str, str]]) -> None:
    claims = [
        (where, text)
        for where, text in all_texts
        if re.search(r"\b(in (their|his|each side’s) (own )?words)\b", text)
    ]
    assert claims == []


def test_counts_on_the_pages_come_from_the_data(client: TestClient) -> None:
    facts = client.get("/api/facts").json()["items"]
    overview = client.get("/").text
    assert f"All {len(facts)} facts" in overview
    questions = client.get("/api/questions").json()
    asked = len(questions["story"]) + len(questions["background"])
    assert f"{asked} questions" in client.get("/questions").text
    page_facts = [f for f in facts if not f["story"]]
    assert {f["wording"] for f in page_facts} == {"caption", "credit", "bio", "dateline"}
    narration = client.get("/api/officials/narration").json()
    assert all(s["wording"] == "narration" for s in narration["statements"])
    notes = {n["key"]: n for n in client.get("/api/notes").json()["items"]}
    undisclosed = notes["undisclosed"]
    passages = sorted({f["passage_id"] for f in undisclosed["facts"] if f["kind"] == "undisclosed"})
    assert f"open in {len(passages)} passages" in undisclosed["text"]
    for fact in undisclosed["facts"]:
        assert fact["quote"].rstrip(".") in undisclosed["text"]


def test_no_template_changes_the_case_of_prose() -> None:
    for template in (PROJECT_ROOT / "templates").glob("*.html"):
        text = template.read_text(encoding="utf-8")
        assert not re.search(r"\|\s*(lower|capitalize|title)\b", text), template.name


def test_every_card_has_alt_text_saying_what_it_shows(client: TestClient) -> None:
    engine = app_of(client).state.engine
    with Session(engine) as session:
        alts = {card.path: card.alt for card in session.exec(select(Card))}
    for path in site_paths(client):
        html = client.get(path).text
        alt = re.search(r'<meta property="og:image:alt" content="([^"]*)"', html)
        card = "/cards/index.png" if path == "/" else f"/cards{path}.png"
        assert alt and alt.group(1).replace("&#39;", "'") == _escaped(alts[card]), path
        assert ".." not in alts[card], alts[card]


def _escaped(text: str) -> str:
    return text.replace("&", "&amp;").replace('"', "&#34;").replace("<", "&lt;")


def _meta(html: str, attribute: str, key: str) -> str:
    found = re.search(rf'<meta {attribute}="{re.escape(key)}" content="([^"]*)"', html)
    assert found, key
    return unescape(found.group(1))


def test_every_share_description_fits_a_preview_whole(client: TestClient) -> None:
    """Previews cut near 200 characters; a cut could drop a speaker, a hedge or a closing mark."""
    for path in site_paths(client):
        html = client.get(path).text
        description = _meta(html, "name", "description")
        assert 40 <= len(description) <= 200, (path, len(description), description)
        assert _meta(html, "property", "og:description") == description, path
        assert _meta(html, "name", "twitter:description") == description, path


# What share previews show whole: a title near 70 characters (more is cut, often inside a
# quotation or before the date or the speaker), a description near 155 and never more than 200
# here, image alt text up to 420 (X's limit); a browser tab or search result, a <title>.
SHARE_TITLE, DESCRIPTION, IMAGE_ALT, TITLE = 70, 200, 420, 200
# The article's dates and figures, each with every hedge the article gives it (two sources'
# hedges for September 2026). A short form that drops or swaps one misstates the claim.
FIGURE_HEDGES = {
    r"\bSept(?:ember|\.)? 2025\b": ("by September 2025",),
    r"\bSept(?:ember|\.)? 2026\b": ("by September 2026", "until at least September 2026"),
    r"\b2,500\b": ("about 2,500",),
    r"\b900\b": ("about 900",),
    r"\b175\b": ("some 175",),
    r"\bone-third\b": ("about one-third",),
    r"\blocations\b": ("certain locations", "base locations"),  # "certain", never "some"
}
HEDGE_PHRASES = {phrase for hedges in FIGURE_HEDGES.values() for phrase in hedges}
# A fact that gives one of these keeps it in its share title: the date is its point.
KEPT_IN_TITLE = ("by September 2025", "by September 2026", "until at least September 2026")
WORD = re.compile(r"[\w’'.-]*\w")
PAGE_ADDS = "With the article’s exact words and the passage."


def _bare_figures(text: str) -> list[str]:
    """Dates and figures in `text` given without a hedge the article gives them."""
    bare = []
    for pattern, hedges in FIGURE_HEDGES.items():
        for match in re.finditer(pattern, text):
            if not any(text.startswith(hedge, match.end() - len(hedge)) for hedge in hedges):
                bare.append(text[max(0, match.start() - 30) : match.end()])
    return bare


def _closes_every_quotation(text: str) -> bool:
    depth = 0
    for mark in re.findall("[“”]", text):
        depth += 1 if mark == "“" else -1
        if depth not in (0, 1):
            return False
    return depth == 0


def _speaker_names(speaker: dict[str, str]) -> set[str]:
    name = speaker["name"].split("“")[0].strip().lower()
    names = {name, speaker["short"].split(",")[0].lower(), name.split()[-1]}
    for prefix in ("an ", "a ", "the ", "anonymous ", "unnamed "):
        names |= {found.removeprefix(prefix) for found in names}
    return names


@pytest.fixture(scope="module")
def shared(client: TestClient) -> dict[str, dict[str, str]]:
    """What every served page gives share previews and browsers: titles, descriptions, alts."""
    pages = {}
    for path in site_paths(client):
        html = client.get(path).text
        title = re.search(r"<title>(.*?)</title>", html, re.DOTALL)
        assert title, path
        pages[path] = {"title": unescape(title[1])}
        for key in ("og:title", "og:description", "og:image:alt"):
            pages[path][key] = _meta(html, "property", key)
        for key in ("description", "twitter:title", "twitter:description", "twitter:image:alt"):
            pages[path][key] = _meta(html, "name", key)
    return pages


def test_share_titles_are_shown_whole_and_close_their_quotations(
    shared: dict[str, dict[str, str]],
) -> None:
    for path, page in shared.items():
        title = page["og:title"]
        assert page["twitter:title"] == title, path
        assert 0 < len(title) <= SHARE_TITLE, (path, len(title), title)
        assert _closes_every_quotation(title), (path, title)


def test_titles_descriptions_and_alts_fit_where_they_are_shown(
    shared: dict[str, dict[str, str]],
) -> None:
    for path, page in shared.items():
        assert len(page["title"]) <= TITLE, (path, len(page["title"]))
        assert page["title"].endswith(" · Iraq Transition Explainer"), path
        for key in ("description", "og:description", "twitter:description"):
            assert len(page[key]) <= DESCRIPTION, (path, key, len(page[key]))
        assert page["twitter:image:alt"] == page["og:image:alt"], path
        assert len(page["twitter:image:alt"]) <= IMAGE_ALT, (path, len(page["twitter:image:alt"]))


def test_every_date_and_figure_in_share_text_keeps_its_hedge(
    shared: dict[str, dict[str, str]],
) -> None:
    bare = [
        (path, key, found)
        for path, page in shared.items()
        for key in ("title", "og:title", "description")
        for found in _bare_figures(page[key])
    ]
    assert bare == []


def test_a_fact_shares_its_statement_its_speaker_and_its_own_hedges(
    client: TestClient, shared: dict[str, dict[str, str]]
) -> None:
    """The description is the statement, or (past 200 characters) made of its words; the
    title names the statement's speaker and gives no hedge the statement does not."""
    speakers = {s["slug"]: s for s in client.get("/api/officials").json()["items"]}
    facts = client.get("/api/facts").json()["items"]
    assert {fact["url"].removeprefix(SITE) for fact in facts} <= set(shared)
    for fact in facts:
        page, statement = shared[fact["url"].removeprefix(SITE)], fact["statement"]
        description, title = page["description"], page["og:title"]
        if len(statement) <= DESCRIPTION:
            assert description.startswith(statement), fact["id"]
            assert description in (statement, f"{statement} {PAGE_ADDS}"), fact["id"]
        else:
            extra = set(WORD.findall(description.lower())) - set(WORD.findall(statement.lower()))
            assert not extra and len(description) >= 80, (fact["id"], extra)
        names = _speaker_names(speakers[fact["speaker"]["slug"]])
        assert any(name in title.lower() for name in names), (fact["id"], title, names)
        for text in (title, description):
            swapped = [p for p in HEDGE_PHRASES if p in text and p not in statement]
            assert swapped == [], (fact["id"], text)
        dropped = [date for date in KEPT_IN_TITLE if date in statement and date not in title]
        assert dropped == [], (fact["id"], title)


def test_the_home_description_keeps_the_speaker_and_the_articles_words(client: TestClient) -> None:
    description = _meta(client.get("/").text, "name", "description")
    assert description.startswith("U.S. officials said")
    assert "two-phased transition of the American-led mission to defeat the Islamic State" in (
        description
    )
    assert "troops will remain in Iraq" in description
