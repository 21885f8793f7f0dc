"""The registry is the one place a kind of page lives: adding one is an entry, a query, a
template and its prose in the seed (README, "Adding a page"), and the rest follows.

These tests do exactly what the README tells an editor to do, on a copy of the real seed,
and check what a reader, a client and a crawler would see; then they take things away (a
missing seed key, prose no page shows, a renamed example fact) and check the build or the API
reference says so or copes.
"""

import asyncio
import json
import re
import shutil
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from helpers import TODAY, documents
from jinja2 import ChoiceLoader, DictLoader
from pydantic import BaseModel
from sqlmodel import Session, select

from app.config import PROJECT_ROOT, Settings
from app.data.models import Fact
from app.data.prose import prose_map
from app.data.prose_keys import PageKey
from app.data.schemas import ProseOut
from app.export import export_site
from app.loader.article import SeedError
from app.loader.loader import build
from app.main import create_app
from app.pages import registry
from app.pages.registry import Ask, Page
from app.web.templating import templates

# Step 3 of "Adding a page": the page's prose, in seed/facts.toml, resting on facts.
PROSE = """
[prose.briefing-title]
text = "The transition in one briefing"
facts = ["two-phase-transition-agreed"]

[prose.briefing-lede]
text = "U.S. officials said the two countries agree to a two-phased transition."
facts = ["two-phase-transition-agreed"]
"""

# Step 3 too, with the Arabic edition on (the default): the same keys' Arabic in seed/ar/, which
# the build asks for (scripts/ar_skeleton.py writes the entries, `en` the English they render).
AR_PROSE = {
    "briefing-title": "الانتقال في إحاطة واحدة",
    "briefing-lede": "قال مسؤولون أمريكيون إن البلدين يتفقان على انتقال على مرحلتين.",
}


def arabic_prose(english: str, keys: dict[str, str] = AR_PROSE) -> str:
    """seed/ar/prose.toml entries for `keys`, each with the English it translates."""
    texts = dict(re.findall(r'\[prose\.([\w-]+)\]\ntext = "([^"]*)"', english))
    return "".join(
        f'\n["prose.{key}.text"]\nen = "{texts[key]}"\nar = "{arabic}"\n'
        for key, arabic in keys.items()
        if key in texts
    )


# Step 2: the template, extending base.html.
TEMPLATE = """{% extends "base.html" %}
{% from "_fact.html" import cite with context %}
{% block title %}{{ briefing.title.text }}{% endblock %}
{% block main %}
<h1>{{ briefing.title.text }}</h1>
<p class="lede">{{ cite(briefing.lede) }}</p>
<p>{{ briefing.facts }} facts in all.</p>
{% endblock %}
"""


class BriefingOut(BaseModel):
    """The briefing's data: its title and lede (our prose) and a count from the data."""

    title: ProseOut
    lede: ProseOut
    facts: int


# Step 1: the query, session in and a public shape out.
def briefing(ask: Ask, session: Session, _: str) -> BriefingOut:
    prose = prose_map(session=session)
    return BriefingOut(
        title=prose[PageKey("briefing-title")],
        lede=prose[PageKey("briefing-lede")],
        facts=len(list(session.exec(select(Fact.id)))),
    )


# Step 1 too: its entry in PAGES.
BRIEFING = Page(
    name="briefing",
    path="/briefing",
    template="briefing.html",
    query=briefing,
    model=BriefingOut,
    summary="The transition in one briefing.",
    api="/api/briefing",
    nav="Briefing",
    prose=("briefing-title", "briefing-lede"),
)


def _seed(tmp_path: Path, prose: str = PROSE) -> Settings:
    """A copy of the real seed with the page's prose added, and where to build it."""
    seed_dir = tmp_path / "seed"
    shutil.copytree(PROJECT_ROOT / "seed", seed_dir)
    with (seed_dir / "facts.toml").open("a", encoding="utf-8") as facts:
        facts.write(prose)
    with (seed_dir / "ar" / "prose.toml").open("a", encoding="utf-8") as arabic:
        arabic.write(arabic_prose(prose))
    return Settings(
        seed_dir=seed_dir,
        database_path=tmp_path / "db" / "explainer.db",
        site_url="http://127.0.0.1:8000",
        pinned_today=TODAY,
    )


@pytest.fixture
def added(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The registry with the briefing page added, and its template where Jinja finds it."""
    monkeypatch.setattr(registry, "PAGES", [*registry.PAGES, BRIEFING])
    own = templates.env.loader
    assert own is not None
    loader = ChoiceLoader([DictLoader({"briefing.html": TEMPLATE}), own])
    monkeypatch.setattr(templates.env, "loader", loader)
    cache = templates.env.cache  # Jinja's template cache (None only with cache_size=0)
    assert cache is not None
    cache.clear()
    yield
    cache.clear()


def test_adding_a_page_gives_its_twin_api_openapi_card_sitemap_and_export(
    added: None, tmp_path: Path
) -> None:
    """One entry, one query, one template and the seed's prose: the page, its `.json` twin,
    its API route and OpenAPI entry, its preview card and share title, its sitemap entry, its
    footer link, corrections that link to it, and its files in the static export."""
    settings = _seed(tmp_path)
    with (settings.seed_dir / "corrections.toml").open("a", encoding="utf-8") as log:
        log.write(
            '\n[[corrections]]\nprose = "page:briefing-lede"\ndate = 2026-12-01\n'
            'before = "U.S. officials said there is a transition."\n'
            'reason = "The lede now keeps the article’s “two-phased”."\n'
        )
    build(settings)
    app = create_app(settings)
    with TestClient(app) as client:
        page = client.get("/briefing")
        assert page.status_code == 200
        assert "<h1>The transition in one briefing</h1>" in page.text
        assert 'href="/briefing">Briefing</a>' in client.get("/").text  # the footer's More
        # The share title is the page's own title from the seed, as is its card's headline.
        assert '<meta property="og:title" content="The transition in one briefing">' in page.text
        card = client.get("/cards/briefing.png")
        assert card.status_code == 200 and card.headers["content-type"] == "image/png"
        twin = client.get("/briefing.json").json()
        assert twin["lede"]["text"] == "U.S. officials said the two countries agree to a " + (
            "two-phased transition."
        )
        api = client.get("/api/briefing")
        assert api.status_code == 200 and api.json()["facts"] == twin["facts"] > 0
        spec = client.get("/openapi.json").json()
        assert spec["paths"]["/api/briefing"]["get"]["summary"] == "The transition in one briefing"
        assert "/api/briefing" in client.get("/docs").text
        assert "<loc>http://127.0.0.1:8000/briefing</loc>" in client.get("/sitemap.xml").text
        # A correction to the page's prose links to the page.
        corrections = client.get("/api/corrections").json()["items"]
        corrected = next(c for c in corrections if c["after"].startswith("U.S. officials said"))
        assert corrected["url"].endswith("/briefing")
    folder = tmp_path / "export"
    # The export as `python -m app export` makes it, in this process (the entry is added
    # here), on a loop of its own (a browser test may hold this thread's).
    # English alone: the page is not in the Arabic edition, whose export tests/test_export.py
    # checks (the build above checked the page's Arabic words all the same).
    english = settings.model_copy(update={"arabic_edition": False})
    with ThreadPoolExecutor(1) as thread:
        written = thread.submit(asyncio.run, export_site(create_app(english), folder)).result()
    assert {"/briefing", "/briefing.json", "/api/briefing", "/cards/briefing.png"} <= set(written)
    assert (folder / "briefing" / "index.html").read_text().count("two-phased transition") >= 1


def test_a_page_without_its_seed_prose_names_the_missing_key(added: None, tmp_path: Path) -> None:
    """The card's words come from the seed: without `[prose.briefing-lede]` the build stops
    with one line that names the key, the page and the seed folder."""
    settings = _seed(tmp_path, PROSE.split("[prose.briefing-lede]")[0])
    with pytest.raises(SeedError) as refused:
        build(settings)
    # One line that names the key, the page and the seed folder (a test's tiny seed or the real).
    assert str(refused.value) == (
        "facts.toml needs [prose.briefing-lede]: the /briefing card says it "
        f"(seed: {settings.seed_dir})"
    )


def test_prose_no_page_shows_is_refused(tmp_path: Path) -> None:
    """Without the entry, the page's prose has nowhere to be published (or corrected)."""
    with pytest.raises(SeedError, match=r"^prose 'briefing-title': no page shows it; name it"):
        build(_seed(tmp_path))


def _example(spec: dict[str, Any], path: str) -> str:
    (param,) = [p for p in spec["paths"][path]["get"]["parameters"] if p["in"] == "path"]
    return str(param["example"])


def test_renaming_the_example_fact_keeps_the_reference_and_every_document(tmp_path: Path) -> None:
    """The reference's example ids come from the data: rename the fact the seed marks as the
    example (a retired or renamed id) and /openapi.json, /docs and every document still answer,
    showing the first fact instead; an id the data has is shown as marked."""
    settings = _seed(tmp_path, "")
    for name in ("facts.toml", "corrections.toml", "ar/facts.toml"):
        path = settings.seed_dir / name
        text = re.sub(r'"not-withdrawing"', '"not-withdrawing-renamed"', path.read_text())
        text = text.replace('"facts.not-withdrawing.', '"facts.not-withdrawing-renamed.')
        text = text.replace('facts = "not-withdrawing-renamed"\n', 'facts = "not-withdrawing"\n')
        path.write_text(text, encoding="utf-8")
    assert 'facts = "not-withdrawing"\n' in (settings.seed_dir / "facts.toml").read_text()
    build(settings)
    with TestClient(create_app(settings)) as client:
        spec = client.get("/openapi.json")
        assert spec.status_code == 200
        first = client.get("/api/facts").json()["items"][0]["id"]
        assert _example(spec.json(), "/api/facts/{key}") == first != "not-withdrawing"
        assert _example(spec.json(), "/api/officials/{key}") == "thabet-al-abbassi"  # marked
        assert client.get(f"/api/facts/{first}").status_code == 200
        docs = client.get("/docs")
        assert docs.status_code == 200 and f"/api/facts/{first}" in docs.text
        assert json.loads(client.get("/api").text)["resources"]
        # Every document the export would write still answers (the export is these requests
        # written to files: tests/test_export.py holds it to them byte for byte).
        for url in documents(client):
            answer = client.get(url, headers={"accept-encoding": "identity"})
            assert answer.status_code == 200, url
