"""Whether a speaker is a source the article quotes, someone a source only mentions, or the
article itself: one rule, so every count of sources (page, twin, API, card) agrees."""

from collections.abc import Iterable, Mapping

from app.data.vocabulary import OWN_WORDS_SPEAKER, Standing


def standing(kind: str, channels: Iterable[str]) -> Standing:
    """A source, unless the text speaks for itself or every word came through another person."""
    if kind in OWN_WORDS_SPEAKER.values():
        return "article"
    routes = set(channels)
    return "mentioned" if routes == {"person"} else "source"


def relayer(vias: Iterable[str | None], names: Mapping[str, str]) -> str | None:
    """The one speaker (slug) named where `via` opens, before any `;`, or None."""
    openings = {via.split(";")[0] for via in vias if via}
    found = [slug for slug, name in names.items() if any(name in o for o in openings)]
    return found[0] if len(found) == 1 else None
