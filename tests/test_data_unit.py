"""The data layer on the tiny synthetic seed: every number here can be checked by reading
tests/fixtures/seed/facts.toml and its article."""

from datetime import date

import pytest
from helpers import TODAY
from sqlmodel import Session

from app.data import corrections, notes, queries, search, story, timeline
from app.data.marks import cited_spans
from app.data.prose import prose_map
from app.data.schemas import CorrectionOut, FactOut

NOT_STORY = {"dateline-quillby", "photo-ferry", "photo-credit", "author-kai-tamm"}


def facts_by_id(session: Session) -> dict[str, FactOut]:
    return {fact.id: fact for fact in queries.list_facts(session=session)}


def test_facts_come_in_the_order_the_facts_file_gives_them(tiny_session: Session) -> None:
    ids = [fact.id for fact in queries.list_facts(session=tiny_session)]
    assert ids[:4] == [
        "dateline-quillby",
        "footbridge-in-two-phases",
        "ferry-not-going-away",
        "phase-1-footpath-by-june-2031",
    ]
    assert ids[-3:] == ["photo-ferry", "photo-credit", "author-kai-tamm"]
    assert len(ids) == 15


@pytest.mark.parametrize(
    ("fact_id", "wording", "channel", "attribution"),
    [
        (
            "ferry-not-going-away",
            "Direct quote",
            "Directly: the article names no go-between",
            "Direct quote",
        ),
        (
            "governor-late-but-welcome",
            "Quoted in part",
            "Passed on by another person",
            "Quoted in part, via Mayor Ola Brenn",
        ),
        (
            "east-bank-by-june-2031",
            "Paraphrase",
            "Said to another outlet",
            "Paraphrase, via the Quillby Courier",
        ),
        (
            "cost-not-disclosed",
            "The article’s own narration",
            "Not attributed to anyone",
            "The article’s own narration",
        ),
        ("photo-ferry", "Photo caption", "Not attributed to anyone", "Photo caption"),
        ("photo-credit", "Photo credit", "Not attributed to anyone", "Photo credit"),
        ("author-kai-tamm", "Author’s bio", "Not attributed to anyone", "Author’s bio"),
        ("dateline-quillby", "Dateline", "Not attributed to anyone", "Dateline"),
    ],
)
def test_each_fact_says_how_the_article_words_it_and_how_the_words_reached_it(
    tiny_session: Session, fact_id: str, wording: str, channel: str, attribution: str
) -> None:
    fact = queries.get_fact(session=tiny_session, fact_id=fact_id)
    assert fact is not None
    assert (fact.wording_label, fact.channel_label) == (wording, channel)
    assert fact.attribution_label == attribution


def test_caption_credit_bio_and_dateline_are_not_the_story(tiny_session: Session) -> None:
    facts = facts_by_id(tiny_session)
    assert {fact.id for fact in facts.values() if not fact.story} == NOT_STORY


def test_the_article_counts_leave_the_page_around_the_story_out(tiny_session: Session) -> None:
    article = queries.get_article(session=tiny_session)
    assert (article.passages, article.body_passages, article.cited_body_passages) == (11, 7, 7)
    assert (article.facts, article.story_facts) == (15, 11)
    assert (article.author, article.outlet, article.dateline) == (
        "Kai Tamm",
        "Example Wire",
        "Quillby",
    )


def test_a_fact_links_to_its_passage_and_highlights_its_words(tiny_session: Session) -> None:
    fact = queries.get_fact(session=tiny_session, fact_id="ferry-not-going-away-again")
    assert fact is not None
    assert (fact.url, fact.source_url) == ("/facts/ferry-not-going-away-again", "/source#p-9")
    assert fact.fragment_url.startswith("/source#p-9:~:text=")


def test_a_passage_lists_the_facts_that_cite_it(tiny_session: Session) -> None:
    caption = queries.get_passage(session=tiny_session, passage_id="p-2")
    assert caption is not None and caption.kind == "caption"
    assert [fact.id for fact in caption.facts] == ["photo-ferry", "photo-credit"]
    clutter = queries.get_passage(session=tiny_session, passage_id="p-11")
    assert clutter is not None and (clutter.kind, clutter.facts) == ("clutter", [])


def test_a_speaker_lists_every_statement_and_how_each_is_worded(tiny_session: Session) -> None:
    engineer = queries.get_speaker(session=tiny_session, slug="spanwell-engineer")
    assert engineer is not None
    assert [fact.id for fact in engineer.statements] == [
        "ferry-not-going-away",
        "phase-1-footpath-by-june-2031",
        "ferry-not-going-away-again",
    ]
    assert (engineer.side_label, engineer.attributions) == ("United States", ["Direct quote"])
    mayor = queries.get_speaker(session=tiny_session, slug="ola-brenn")
    assert mayor is not None and (mayor.side_label, mayor.attributions) == ("Iraq", ["Paraphrase"])


def test_someone_whose_words_only_a_source_passes_on_is_mentioned_not_a_source(
    tiny_session: Session,
) -> None:
    speakers = {s.slug: s for s in queries.list_speakers(session=tiny_session)}
    governor = speakers["regional-governor"]
    assert governor.standing == "mentioned"
    assert governor.relayed_by is not None and governor.relayed_by.slug == "ola-brenn"
    assert {slug for slug, s in speakers.items() if s.standing == "source"} == {
        "town-officials",
        "spanwell-engineer",
        "ola-brenn",
    }
    assert {s.standing for s in speakers.values() if s.kind == "narration"} == {"article"}
    assert speakers["ola-brenn"].key_fact == "east-bank-by-june-2031"


def test_figures_are_listed_with_what_they_count(tiny_session: Session) -> None:
    rows = queries.list_figures(session=tiny_session)
    assert [(row.figure.text, row.figure.unit) for row in rows] == [
        ("About 1,200", "people"),
        ("12 years", "years"),
    ]
    assert {row.fact.id for row in rows} == {"ferry-runs-for-12-years"}


def test_phases_keep_their_hedges_and_say_whose_date_it_is(tiny_session: Session) -> None:
    first, second = story.list_phases(session=tiny_session, today=TODAY)
    assert (first.target.text, first.target.hedge, first.target.hedge_label) == (
        "by June 2031",
        "deadline",
        "a deadline",
    )
    assert first.target.according_to.name == "Anonymous Spanwell engineer"
    assert (second.target.text, second.target.hedge) == ("until at least May 2032", "floor")
    assert second.target.hedge_label == "an earliest end, not a deadline"
    assert second.target.according_to.name == "The article"


def test_deadline_status_is_measured_against_today(tiny_session: Session) -> None:
    first, second = story.list_phases(session=tiny_session, today=TODAY)
    assert first.target.status is not None and not first.target.status.passed
    assert first.target.status.text.startswith("June 2031 is still ahead (today is 2026-11-26)")
    assert second.target.status is not None
    assert second.target.status.text.startswith("The earliest end the article gives, May 2032")
    later = story.get_phase(session=tiny_session, slug="1", today=TODAY.replace(year=2031, month=7))
    assert later is not None and later.target.status is not None and later.target.status.passed


def test_the_region_matched_to_each_phase_is_marked_as_our_inference(
    tiny_session: Session,
) -> None:
    phases = story.list_phases(session=tiny_session, today=TODAY)
    assert [phase.matched_region.slug for phase in phases] == ["east-bank", "west-bank"]
    for phase in phases:
        assert phase.match.inferred
        assert "neither source states this mapping" in phase.match.note.text
        assert phase.matched_region.target.according_to.name == "Ola Brenn"


def test_regions_name_their_phase_and_whose_date_they_carry(tiny_session: Session) -> None:
    east, west = story.list_regions(session=tiny_session, today=TODAY)
    assert (east.slug, east.matched_phase.number, east.target.text) == (
        "east-bank",
        1,
        "by June 2031",
    )
    assert (west.slug, west.matched_phase.number, west.target.text) == (
        "west-bank",
        2,
        "by May 2032",
    )
    assert east.match.inferred and west.match.inferred
    assert east.target.according_to.slug == "ola-brenn"
    assert east.matched_phase.target.according_to.slug == "spanwell-engineer"
    assert [s.slug for s in west.speakers] == ["ola-brenn", "regional-governor"]


def test_our_prose_links_to_the_facts_it_rests_on(tiny_session: Session) -> None:
    prose = prose_map(session=tiny_session)
    match = prose["phase:1:match"]
    assert [(s.id, s.speaker, s.passage_id) for s in match.sources] == [
        ("east-bank-by-june-2031", "Ola Brenn", "p-6"),
        ("phase-1-footpath-by-june-2031", "Anonymous Spanwell engineer", "p-4"),
    ]
    assert all(s.fragment_url.startswith(f"/source#{s.passage_id}:~:") for s in match.sources)
    assert all(entry.sources for entry in prose.values())


def test_the_overview_names_only_people_and_groups_as_speakers(tiny_session: Session) -> None:
    overview = story.get_overview(session=tiny_session, today=TODAY)
    assert overview.title.text.startswith("Town officials say")
    assert [s.slug for s in overview.speakers] == [
        "town-officials",
        "spanwell-engineer",
        "ola-brenn",
        "regional-governor",
    ]
    assert [f.id for f in overview.summary][0] == "footbridge-in-two-phases"


def test_framings_put_each_side_under_its_heading(tiny_session: Session) -> None:
    framings = story.get_framings(session=tiny_session)
    assert [f.id for f in framings.united_states.facts] == [
        "ferry-not-going-away",
        "phase-1-footpath-by-june-2031",
    ]
    assert [f.id for f in framings.iraq.facts] == [
        "east-bank-by-june-2031",
        "west-bank-by-may-2032",
        "governor-late-but-welcome",
    ]
    assert "“late but welcome”" in framings.iraq.heading.text


def test_corrections_are_listed_newest_first_with_both_wordings(tiny_session: Session) -> None:
    ar_title, ar_fact, title, fact = corrections.list_corrections(session=tiny_session)
    assert (ar_title.target, ar_title.lang, ar_title.url) == ("page:title", "ar", "/ar/")
    assert (ar_fact.url, ar_fact.api_url) == (
        "/ar/facts/ferry-not-going-away",
        "/ar/facts/ferry-not-going-away.json",
    )
    assert ar_fact.after == "قال مهندس من سبانويل طلب عدم ذكر اسمه إن العبّارة باقية."  # now
    assert (title.target, title.url, title.date) == ("page:title", "/", "2026-11-25")
    assert (title.lang, title.reason_ar) == ("en", None)
    assert title.before == "A footbridge will cross the Glass River"
    assert title.after.startswith("Town officials say a footbridge")
    assert (fact.target, fact.url, fact.date) == (
        "cost-not-disclosed",
        "/facts/cost-not-disclosed",
        "2026-11-20",
    )
    assert fact.after == "The article says officials did not give the bridge’s cost."


def test_corrections_pages_group_the_log_by_day_newest_first(tiny_session: Session) -> None:
    log = corrections.list_corrections(session=tiny_session)
    pages = corrections.correction_pages(log)
    assert list(pages) == ["2026-12-03", "2026-11-25", "2026-11-20"]  # the Arabic two, then one
    arabic, newest, oldest = pages.values()
    assert (arabic.count, arabic.corrections) == (2, log[:2])
    assert (newest.count, newest.part, newest.corrections) == (1, 1, log[2:3])
    assert (newest.newer and newest.newer.url, newest.older and newest.older.url) == (
        "/corrections/2026-12-03",
        "/corrections/2026-11-20",
    )
    assert oldest.newer is not None and oldest.newer.api_url == "/api/corrections/2026-11-25"
    assert [(d.date, d.count, len(d.parts)) for d in corrections.correction_days(log)] == [
        ("2026-12-03", 2, 1),
        ("2026-11-25", 1, 1),
        ("2026-11-20", 1, 1),
    ]
    assert corrections.newest_corrections(log) == arabic
    assert corrections.newest_corrections([]) is None


def test_a_long_day_is_split_into_parts_newest_first(monkeypatch: pytest.MonkeyPatch) -> None:
    day = [
        CorrectionOut(
            target=f"fact-{n}", url=f"/facts/fact-{n}", api_url=f"/api/facts/fact-{n}",
            date="2026-11-30", before="b" * 40, after="a" * 40, reason="r" * 20,
            lang="en", reason_ar=None,
        )
        for n in range(5)
    ]  # fmt: skip
    size = 6 + 14 + 100  # target, url, the two wordings and the reason
    monkeypatch.setattr(corrections, "PART_CHARACTERS", 2 * size)
    pages = corrections.correction_pages(day)
    assert list(pages) == ["2026-11-30", "2026-11-30-part-2", "2026-11-30-part-3"]
    assert [c for page in pages.values() for c in page.corrections] == day
    assert [(p.part, p.count, p.url) for p in pages["2026-11-30-part-3"].parts] == [
        (1, 2, "/corrections/2026-11-30"),
        (2, 2, "/corrections/2026-11-30-part-2"),
        (3, 1, "/corrections/2026-11-30-part-3"),
    ]
    assert {page.count for page in pages.values()} == {5}
    monkeypatch.setattr(corrections, "PART_CHARACTERS", 1)  # one too long still gets a page
    assert [len(page.corrections) for page in corrections.correction_pages(day).values()] == [1] * 5


def test_a_corrected_fact_carries_its_earlier_wording(tiny_session: Session) -> None:
    fact = queries.get_fact(session=tiny_session, fact_id="cost-not-disclosed")
    assert fact is not None
    assert [(c.before, c.after) for c in fact.corrections] == [
        ("The bridge’s cost is unknown.", fact.statement)
    ]


def test_a_retired_fact_points_to_its_replacement(tiny_session: Session) -> None:
    retired = corrections.get_retired(session=tiny_session, fact_id="ferry-will-stay")
    assert retired is not None and retired.replaced_by is not None
    assert (retired.replaced_by.id, retired.replaced_by.url) == (
        "ferry-not-going-away",
        "/facts/ferry-not-going-away",
    )
    assert corrections.get_retired(session=tiny_session, fact_id="ferry-not-going-away") is None


def test_notes_count_unnamed_sources(tiny_session: Session) -> None:
    note = {n.key: n for n in notes.get_notes(session=tiny_session)}["anonymous"]
    # The engineer's words the article prints twice count once.
    assert note.text == (
        "4 of the 6 facts the article attributes to someone rest on unnamed sources "
        "(Unnamed town officials: 1; Anonymous Spanwell engineer: 2; The regional governor: 1; "
        "words one speaker says twice count once)."
    )


def test_notes_count_words_that_came_second_hand(tiny_session: Session) -> None:
    note = {n.key: n for n in notes.get_notes(session=tiny_session)}["second-hand"]
    assert note.text.startswith("3 statements were said to another outlet or passed on")
    assert "said to another outlet: the Quillby Courier" in note.text
    assert "passed on by another person: Mayor Ola Brenn" in note.text
    assert [f.id for f in note.facts] == [
        "east-bank-by-june-2031",
        "west-bank-by-may-2032",
        "governor-late-but-welcome",
    ]


def test_notes_find_the_quote_given_twice(tiny_session: Session) -> None:
    note = {n.key: n for n in notes.get_notes(session=tiny_session)}["repeated-quote"]
    assert note.text.startswith(
        "The words “The ferry is not going away” appear twice, in passages 4 and 9"
    )


def test_notes_list_the_dates_that_need_the_missing_publication_date(
    tiny_session: Session,
) -> None:
    note = {n.key: n for n in notes.get_notes(session=tiny_session)}["publication-date"]
    assert "Its only full date (Mar. 3, 2030) is in the photo caption." in note.text
    assert note.text.endswith(
        "The story’s dates and periods that depend on the missing one include “Tuesday”, "
        "“for 12 years”."
    )


def test_notes_quote_what_the_article_leaves_undisclosed(tiny_session: Session) -> None:
    note = {n.key: n for n in notes.get_notes(session=tiny_session)}["undisclosed"]
    assert "in 1 passage (7): in passage 7, the article:" in note.text
    assert "“Officials did not say what the bridge will cost”" in note.text


def test_notes_leave_out_what_the_article_does_not_have(tiny_session: Session) -> None:
    for note in notes.get_notes(session=tiny_session):
        assert "()" not in note.text and " ." not in note.text and " ;" not in note.text


def test_timeline_puts_events_targets_and_today_on_one_axis(tiny_session: Session) -> None:
    today = date(2030, 6, 1)  # after the tiny article's likely date, before its targets
    entries = timeline.get_timeline(session=tiny_session, today=today)
    assert [(e.kind, e.fact.id if e.fact else None) for e in entries] == [
        ("event", "ferry-runs-for-12-years"),
        ("event", "bridge-discussed-in-2029"),
        ("event", "bridge-discussed-in-2029"),
        ("caption", "photo-ferry"),
        ("event", "footbridge-in-two-phases"),
        ("today", None),
        ("target", "phase-1-footpath-by-june-2031"),
        ("target", "east-bank-by-june-2031"),
        ("target", "phase-2-ferry-until-at-least-may-2032"),
        ("target", "west-bank-by-may-2032"),
    ]
    assert [e.when for e in entries if e.kind == "caption"] == ["3 March 2030"]
    assert entries[3].placement.placed_by == "caption"
    assert entries[5].when == "Today, 2030-06-01 (our computation)"
    assert not any(e.status and e.status.passed for e in entries)


def test_timeline_marks_an_inferred_range_and_places_a_relative_date_as_ours(
    tiny_session: Session,
) -> None:
    entries = [e for e in timeline.get_timeline(session=tiny_session, today=TODAY) if e.date]
    inferred, tuesday = entries[0], entries[4]
    assert inferred.date and (inferred.date.year, inferred.date.latest_year) == (2018, 2019)
    assert inferred.when == "2018 to 2019 (inferred from “for 12 years”)"
    assert inferred.date.hedge_label == "about this year (or span): inferred by us, not stated"
    assert inferred.placement.placed_by == "inference"
    assert tuesday.date and tuesday.date.date is None  # the article's own date stays undated
    assert (tuesday.placement.earliest, tuesday.placement.latest) == ("2030-03-05", "2031-05-27")
    assert tuesday.placement.weekday == "Tuesday"
    assert (
        tuesday.when
        == "A Tuesday from 5 March 2030 to 27 May 2031 (inferred by us from “Tuesday”; "
        "placed at the first)"
    )
    assert tuesday.words == "Tuesday" and tuesday.placement.inferred_year
    assert tuesday.placement.reasoning and "by our inference" in tuesday.placement.reasoning.text


def test_a_named_weekday_is_placed_only_on_that_day_of_the_week(tiny_session: Session) -> None:
    entries = timeline.get_timeline(session=tiny_session, today=TODAY)
    [tuesday] = [e for e in entries if e.words == "Tuesday"]
    for day in (tuesday.placement.at, tuesday.placement.earliest, tuesday.placement.latest):
        assert day and date.fromisoformat(day).strftime("%A") == "Tuesday"


def test_each_hedge_leaves_the_placement_open_where_the_article_does(
    tiny_session: Session,
) -> None:
    entries = {e.words: e for e in timeline.get_timeline(session=tiny_session, today=TODAY)}
    # "by": no earliest date; "until at least": no latest; "in": the year, both ends.
    assert (entries["by 2030"].placement.earliest, entries["by 2030"].placement.latest) == (
        None,
        "2030",
    )
    assert entries["by 2030"].date and entries["by 2030"].date.hedge == "ceiling"
    assert "no earlier date" in entries["by 2030"].date.hedge_label
    floor = entries["until at least May 2032"].placement
    assert (floor.at, floor.earliest, floor.latest) == ("2032-05", "2032-05", None)
    deadline = entries["by May 2032"].placement
    assert (deadline.at, deadline.earliest, deadline.latest) == ("2032-05", None, "2032-05")
    assert (entries["in 2029"].placement.earliest, entries["in 2029"].placement.latest) == (
        "2029",
        "2029",
    )


def test_no_likely_date_in_the_seed_means_no_article_marker(tiny_session: Session) -> None:
    kinds = [e.kind for e in timeline.get_timeline(session=tiny_session, today=TODAY)]
    assert "article" not in kinds  # the tiny seed gives its article no likely date


def test_search_finds_passages_facts_and_our_prose_by_prefix(tiny_session: Session) -> None:
    found = search.search(session=tiny_session, query="footbrid")
    assert {(hit.kind, hit.id) for hit in found.results} == {
        ("passage", "p-3"),
        ("fact", "footbridge-in-two-phases"),
        ("prose", "page:title"),  # the page's title, shown on /
        ("timeline", "footbridge-in-two-phases"),  # its date as /timeline shows it
    }


def test_each_passage_marks_the_words_its_facts_quote(tiny_session: Session) -> None:
    facts = facts_by_id(tiny_session)
    for passage in queries.list_passages(session=tiny_session):
        spans = {mark.number: mark for mark in passage.marks}
        assert [fact.mark for fact in passage.facts] == sorted(f.mark for f in passage.facts)
        for fact in passage.facts:
            span = spans[fact.mark]
            assert facts[fact.id].quote in passage.text[span.start : span.end]
            assert fact.id in span.facts


def test_overlapping_quotes_share_one_mark_and_touching_ones_do_not() -> None:
    spans = cited_spans([("c", 20, 30), ("a", 0, 10), ("b", 5, 12), ("d", 30, 35), ("e", 21, 25)])
    assert [(s.number, s.start, s.end, s.facts) for s in spans] == [
        (1, 0, 12, ["a", "b"]),
        (2, 20, 30, ["c", "e"]),
        (3, 30, 35, ["d"]),
    ]
