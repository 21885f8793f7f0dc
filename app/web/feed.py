"""The corrections as an Atom feed (RFC 4287), newest first: a reader or a monitor that follows
it learns of each change to a published statement without polling the pages."""

from urllib.parse import urlsplit
from xml.sax.saxutils import escape, quoteattr

from app.data import urls
from app.data.corrections import corrected_what, correction_pages
from app.data.schemas import CorrectionOut

MEDIA_TYPE = "application/atom+xml; charset=utf-8"
AUTHOR = "Iraq Transition Explainer"
TITLE = f"{AUTHOR}: corrections"


def timestamp(day: str) -> str:
    """An Atom date (RFC 3339) for a correction's day: corrections are logged by day."""
    return f"{day}T00:00:00Z"


def entry_ids(corrections: list[CorrectionOut], site_url: str) -> list[str]:
    """A permanent id for each correction: a tag URI naming its target and which of that
    target's corrections it is (1 for the first ever; an Arabic edition's correction counts
    among its target's Arabic ones, `ar/TARGET`). The log only grows, so ids never move."""
    host = urlsplit(site_url).hostname or "localhost"
    remaining: dict[str, int] = {}
    for correction in corrections:
        remaining[_counted(correction)] = remaining.get(_counted(correction), 0) + 1
    ids = []
    for correction in corrections:  # newest first: count down
        number = remaining[_counted(correction)]
        remaining[_counted(correction)] -= 1
        ids.append(f"tag:{host},{correction.date}:corrections/{_counted(correction)}/{number}")
    return ids


def _counted(correction: CorrectionOut) -> str:
    """What a correction's id counts within: its target, and for the Arabic edition's words
    `ar/` before it, so that an Arabic correction never moves an English one's number."""
    return f"ar/{correction.target}" if correction.lang == "ar" else correction.target


def entry(correction: CorrectionOut, entry_id: str, page: str, site_url: str) -> str:
    summary = (
        f"New wording: {correction.after} Earlier wording: {correction.before} "
        f"Why: {correction.reason}"
    )
    language = ' hreflang="ar"' if correction.lang == "ar" else ""  # the Arabic page
    return (
        "<entry>"
        f"<id>{escape(entry_id)}</id>"
        f"<title>{escape(f'{corrected_what(correction)} {correction.target} corrected')}</title>"
        f"<updated>{timestamp(correction.date)}</updated>"
        f'<link rel="alternate" type="text/html" href={quoteattr(site_url + page)}/>'
        f'<link rel="related" type="text/html"{language} '
        f"href={quoteattr(site_url + correction.url)}/>"
        f"<summary>{escape(summary)}</summary>"
        "</entry>\n"
    )


def corrections_feed(
    corrections: list[CorrectionOut], site_url: str, built_at: str, subtitle: str
) -> bytes:
    """The feed: every correction, newest first, each linked to the corrections page that
    lists it and to where its words are published. Without any, `updated` is the build's.
    The subtitle is the seed's ([interface] feed-subtitle)."""
    where = {
        id(correction): urls.corrections(key)
        for key, page in correction_pages(corrections).items()
        for correction in page.corrections
    }
    ids = entry_ids(corrections, site_url)
    updated = timestamp(corrections[0].date) if corrections else built_at
    entries = "".join(
        entry(correction, entry_id, where[id(correction)], site_url)
        for correction, entry_id in zip(corrections, ids, strict=True)
    )
    feed = urls.CORRECTIONS_FEED
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n'
        '<feed xmlns="http://www.w3.org/2005/Atom">\n'
        f"<id>{escape(site_url + urls.CORRECTIONS)}</id>\n"
        f"<title>{escape(TITLE)}</title>\n"
        f"<subtitle>{escape(subtitle)}</subtitle>\n"
        f"<updated>{updated}</updated>\n"
        f"<author><name>{escape(AUTHOR)}</name></author>\n"
        f'<link rel="self" type="application/atom+xml" href={quoteattr(site_url + feed)}/>\n'
        f'<link rel="alternate" type="text/html" href={quoteattr(site_url + urls.CORRECTIONS)}/>\n'
        f"{entries}"
        "</feed>\n"
    ).encode()
