"""The reading layer names a source in full once a page and briefly after, spells a relay out
once, and closes each sentence with one footnote marker (app/web/reading.py)."""

from app.data.queries import Mention
from app.data.schemas import ProseOut, SourceOut
from app.web.reading import Reading

MAYOR = Mention(
    forms=("Mayor Ola Brenn, as the Courier reported her words", "Mayor Ola Brenn"),
    brief="Brenn",
    relay=", as the Courier reported her words",
)
ENGINEER = Mention(forms=("an anonymous engineer",), brief="the engineer")


def _source(fact_id: str) -> SourceOut:
    return SourceOut(
        id=fact_id,
        speaker="Someone",
        attribution="Paraphrase",
        quote="words",
        passage_id="p-1",
        url=f"/facts/{fact_id}",
        api_url=f"/api/facts/{fact_id}",
        fragment_url="/source#p-1",
    )


def test_a_speaker_is_named_in_full_once_and_briefly_after() -> None:
    reading = Reading([MAYOR, ENGINEER])
    first = "An anonymous engineer said the bridge opens in June."
    assert reading.words(first) == first
    assert reading.words("Then an anonymous engineer said more.") == "Then the engineer said more."
    assert reading.words("An anonymous engineer agreed.") == "The engineer agreed."


def test_a_relay_is_spelled_out_once_and_its_comma_goes_with_it() -> None:
    reading = Reading([MAYOR])
    full = "Mayor Ola Brenn, as the Courier reported her words, said yes."
    assert reading.words(full) == full
    assert reading.words(full) == "Brenn said yes."
    aside = "Only Mayor Ola Brenn’s plan, as the Courier reported her words, names it."
    assert reading.words(aside) == "Only Brenn’s plan names it."


def test_a_title_and_name_without_the_relay_leave_it_for_later() -> None:
    reading = Reading([MAYOR])
    assert reading.words("Mayor Ola Brenn also said no.") == "Mayor Ola Brenn also said no."
    later = reading.words("Mayor Ola Brenn, as the Courier reported her words, said yes.")
    assert later == "Brenn, as the Courier reported her words, said yes."


def test_a_fragment_keeps_its_brief_form_lower_case() -> None:
    reading = Reading([ENGINEER])
    reading.words("An anonymous engineer spoke.")
    assert reading.words("an anonymous engineer", fragment=True) == "the engineer"


def test_an_aside_names_its_speakers_in_full_and_leaves_the_page_as_it_was() -> None:
    reading = Reading([ENGINEER])
    reading.words("An anonymous engineer spoke.")
    aside = reading.say(ProseOut(text="An anonymous engineer said so.", sources=[]), aside=True)
    assert str(aside) == "An anonymous engineer said so."
    assert reading.words("An anonymous engineer again.") == "The engineer again."


def test_one_marker_a_sentence_glued_to_its_last_word_and_reused_for_the_same_facts() -> None:
    reading = Reading([])
    one = str(reading.say(ProseOut(text="It opens in June.", sources=[_source("a")])))
    assert one.count("<sup") == 1 and '<span class="fn-end">June.<sup' in one
    two = str(reading.say(ProseOut(text="It opens late.", sources=[_source("b")])))
    again = str(reading.say(ProseOut(text="Again, June.", sources=[_source("a")])))
    assert 'popovertarget="fn-2"' in two and 'popovertarget="fn-1"' in again
    assert len(reading.notes) == 2


def test_a_speaker_first_named_in_an_aside_is_named_in_full_again_after_it() -> None:
    reading = Reading([ENGINEER])
    reading.open_aside()
    first = reading.say(ProseOut(text="An anonymous engineer said so.", sources=[]))
    second = reading.say(ProseOut(text="An anonymous engineer added more.", sources=[]))
    reading.close_aside()
    assert (str(first), str(second)) == (
        "An anonymous engineer said so.",
        "The engineer added more.",
    )
    assert reading.words("An anonymous engineer spoke.") == "An anonymous engineer spoke."


def test_a_full_form_with_its_own_aside_loses_the_closing_comma_when_brief() -> None:
    second = Mention(forms=("an anonymous official, quoted second",), brief="the second official")
    reading = Reading([second])
    reading.words("An anonymous official, quoted second, said A.")
    assert reading.words("An anonymous official, quoted second, said B.") == (
        "The second official said B."
    )


def test_a_relay_not_set_off_by_commas_is_left_as_it_stands() -> None:
    reading = Reading([MAYOR])
    reading.words("Mayor Ola Brenn, as the Courier reported her words, said yes.")
    text = "Mayor Ola Brenn, as the Courier reported her words in May, said no."
    assert reading.words(text) == text


def test_an_abbreviation_does_not_start_a_sentence() -> None:
    reading = Reading([ENGINEER])
    reading.words("An anonymous engineer spoke.")
    assert reading.words("In the U.S. an anonymous engineer said so.") == (
        "In the U.S. the engineer said so."
    )
