"""A story first: the overview is shorter than the article and leads with the news, a source is
named in full once a page, and each sentence carries one quiet footnote."""

import re

import pytest
from fastapi.testclient import TestClient
from lxml import html as lxml_html

RELAY = "Agence France-Presse"  # the one relay chain: al-Abbassi to Al-Hadath, reported by AFP
# A sentence ends at . ? ! (or a closing quote or bracket after one), its marker (¤) after it.
SENTENCE_END = re.compile(r"(?:(?<=[.?!”’)]¤)|(?<=[.?!”’)]))\s+(?=[A-Z“])")


def _shown(client: TestClient, path: str) -> lxml_html.HtmlElement:
    """The page's main content as first shown: no popovers, nothing inside a closed details
    but its summary, no text only screen readers get (a graphic's title and description
    included)."""
    response = client.get(path)
    assert response.status_code == 200, path
    main = lxml_html.fromstring(response.text).get_element_by_id("main")
    hidden = ".//*[@popover] | .//details[not(@open)]/*[not(self::summary)] | .//svg/title"
    hidden += " | .//svg/desc"
    for element in main.xpath(f"{hidden} | .//*[contains(@class, 'visually-hidden')]"):
        element.getparent().remove(element)
    return main


def _words(element: lxml_html.HtmlElement) -> list[str]:
    return element.text_content().split()


def test_the_overview_as_first_shown_is_shorter_than_600_words_and_the_article(
    client: TestClient,
) -> None:
    shown = len(_words(_shown(client, "/")))
    body = " ".join(p["text"] for p in client.get("/source.json").json() if p["kind"] == "body")
    assert shown <= 600
    assert shown < len(body.split())


def test_the_lead_is_one_sentence_that_states_the_news_attributed(client: TestClient) -> None:
    (lead,) = _shown(client, "/").cssselect(".lead")
    text = " ".join(lead.text_content().split())
    assert len(text.split()) <= 35
    assert len(SENTENCE_END.split(text)) == 1
    assert "military mission in Iraq" in text and "two-phased" in text
    assert "troops will remain" in text
    assert re.search(r"officials? said\.\d*$", text)  # attributed, once, at the end
    assert lead.cssselect("sup.fn") and len(lead.cssselect("sup.fn")) == 1


def test_the_source_and_its_likely_date_come_before_the_lead(client: TestClient) -> None:
    page = client.get("/").text
    article = client.get("/index.json").json()["article"]
    source = page.index('class="source-line"')
    assert source < page.index('class="lead"')
    line = lxml_html.fromstring(page).cssselect(".source-line")[0].text_content()
    assert article["author"] in line and article["outlet"] in line
    assert line.count("(our inference)") == 2  # the outlet, and the likely date
    assert "2024" in line
    why = lxml_html.fromstring(page).cssselect("details.why-date")[0]
    assert why.get("open") is None and "Sept. 15" in why.text_content()


def test_today_is_one_short_line_from_the_data(client: TestClient) -> None:
    (today,) = _shown(client, "/").cssselect(".today")
    text = today.text_content()
    assert (
        text.count("Today, 2026-11-26, is past both dates the article gives for the phases.") == 1
    )
    assert len(text.split()) <= 30


def test_the_key_numbers_keep_their_hedges(client: TestClient) -> None:
    shown = _shown(client, "/")
    dates = [b.text_content() for b in shown.cssselect(".strip-phase strong")]  # the phases'
    figures = dates + [dt.text_content() for dt in shown.cssselect(".key-numbers dt")]
    assert figures == [n["figure"] for n in client.get("/index.json").json()["numbers"]]
    assert dates == [p["target"]["text"] for p in client.get("/index.json").json()["phases"]]
    for figure in ["about 2,500", "about 900", "by September 2025", "10 years"]:
        assert figure in figures
    assert "until at least September 2026" in figures


def test_each_side_is_paired_on_the_same_subject_and_the_pairing_is_ours(
    client: TestClient,
) -> None:
    sides = client.get("/index.json").json()["sides"]
    us = " ".join(s["text"] for s in sides["united_states"])
    iraq = " ".join(s["text"] for s in sides["iraq"])
    assert "coalition forces" in us and "the coalition would pull out" in iraq
    assert "by September 2025" in us and "by September 2025" in iraq
    assert "our reading" in sides["pairing"]["text"]


@pytest.mark.parametrize(
    "path",
    ["/", "/questions", "/questions/which-bases-and-regions", "/phases", "/regions/federal-iraq"],
)
def test_a_relay_chain_is_spelled_out_at_most_once_a_page(client: TestClient, path: str) -> None:
    shown = _shown(client, path)
    for listed in shown.cssselect("ul.facts"):  # fact lists stand alone, each item in full
        listed.getparent().remove(listed)
    assert shown.text_content().count(RELAY) <= 1


def test_a_source_named_once_in_full_is_named_briefly_after(client: TestClient) -> None:
    text = " ".join(_shown(client, "/").text_content().split())
    assert text.count("Iraqi Defence Minister Thabet al-Abbassi") == 1
    first = text.index("an anonymous U.S. official said.")  # the lead names them in full
    assert text.count("anonymous U.S. official") == 1
    assert first < text.index("The U.S. official said the United States")  # the sides, after
    # Stand-alone forms keep the full reference: the same sentence in the API.
    short = client.get("/api/questions/which-bases-and-regions").json()["short"]["text"]
    assert short.startswith(
        "Only Iraqi Defence Minister Thabet al-Abbassi, as Agence France-Presse"
    )


def _marked(element: lxml_html.HtmlElement) -> str:
    """The element’s text with each footnote marker as one ¤."""
    copy = lxml_html.fromstring(lxml_html.tostring(element))
    for sup in copy.cssselect("sup.fn"):
        sup.text, tail = "¤", sup.tail
        for child in list(sup):
            sup.remove(child)
        sup.tail = tail
    return " ".join(copy.text_content().split())


@pytest.mark.parametrize("path", ["/", "/questions", "/phases", "/phases/1", "/regions"])
def test_at_most_one_marker_a_sentence_and_it_ends_the_sentence(
    client: TestClient, path: str
) -> None:
    page = lxml_html.fromstring(client.get(path).text).get_element_by_id("main")
    blocks = {sup.getparent().getparent() for sup in page.cssselect("sup.fn")}
    assert blocks, path
    for block in blocks:
        for sentence in SENTENCE_END.split(_marked(block)):
            assert sentence.count("¤") <= 1, (path, sentence)


def test_a_marker_never_wraps_away_from_its_last_word(client: TestClient) -> None:
    page = lxml_html.fromstring(client.get("/").text)
    for sup in page.cssselect("sup.fn"):
        holder = sup.getparent()
        assert "fn-end" in holder.get("class", "")
        assert (holder.text or "").strip() and " " not in (holder.text or "").strip()


def test_each_popover_lists_its_sentences_quotes_in_order(client: TestClient) -> None:
    overview = client.get("/index.json").json()
    page = lxml_html.fromstring(client.get("/").text)
    lead = page.cssselect(".lead sup.fn button")[0]
    note = page.get_element_by_id(lead.get("popovertarget"))
    assert note.get("popover") is not None
    quotes = [q.text_content() for q in note.cssselect(".fn-quotes .quote")]
    assert quotes == [s["quote"] for s in overview["lead"]["sources"]]
    items = note.cssselect(".fn-quotes li")
    for item, source in zip(items, overview["lead"]["sources"], strict=True):
        assert source["speaker"] in item.text_content()
        assert source["attribution"] in item.text_content()
        hrefs = [a.get("href") for a in item.cssselect("a")]
        assert source["fragment_url"] in hrefs and source["url"] in hrefs
    numbers = [int(b.text_content()) for b in page.cssselect("sup.fn button")]
    first_seen = list(dict.fromkeys(numbers))  # a note cited again keeps its number
    assert first_seen == list(range(1, len(first_seen) + 1))  # one scheme, in order
    notes = [n.text_content() for n in page.cssselect(".footnote .fn-number")]
    assert notes == [str(n) for n in first_seen]


def test_what_we_dont_know_is_about_events_and_comes_from_the_data(client: TestClient) -> None:
    items = _shown(client, "/").cssselect(".unknown li")
    unknown = client.get("/index.json").json()["unknown"]
    assert len(items) == len(unknown) >= 4
    text = " ".join(li.text_content() for li in items)
    for topic in ["How many U.S. troops", "Which locations", "When the second phase ends"]:
        assert topic in text
    assert "publication date" not in text and "caption" not in text  # gaps in the document


def test_question_pages_answer_first_then_in_full_then_the_facts(client: TestClient) -> None:
    for q in client.get("/questions.json").json()["story"]:
        page = lxml_html.fromstring(client.get(q["url"]).text)
        main = page.get_element_by_id("main")
        order = [e.get("class") for e in main.cssselect(".short-answer, .answer, .facts-behind")]
        assert order == ["short-answer", "answer", "facts-behind"], q["slug"]
        assert main.cssselect(".short-answer strong")
        description = page.cssselect("meta[property='og:description']")[0].get("content")
        assert q["short"]["text"] in description or q["question"] in description


def test_the_short_answers_answer_first(client: TestClient) -> None:
    story = {q["slug"]: q for q in client.get("/questions.json").json()["story"]}
    assert story["are-us-troops-leaving-iraq"]["short"]["text"].startswith("No")
    # the answer the article allows, first: it gives both sides only in its own words
    assert story["do-both-sides-describe-it-alike"]["short"]["text"].startswith(
        "The article does not let us say:"
    )


def test_the_overview_json_lists_the_pages_footnote_facts_in_the_pages_order(
    client: TestClient,
) -> None:
    page = lxml_html.fromstring(client.get("/").text)
    links = [a.get("href") for a in page.cssselect(".footnote .fn-quotes a:not(.source-link)")]
    shown = list(dict.fromkeys(href.rsplit("/", 1)[-1] for href in links))
    listed = [fact["id"] for fact in client.get("/index.json").json()["footnotes"]]
    assert listed == shown
