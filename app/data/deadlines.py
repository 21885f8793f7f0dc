"""Where a target date stands against today: the article itself cannot say.

The words are the seed's ([prose.status-*]); this module only works out which sentence
applies and fills in the month and today's date.
"""

import calendar
from datetime import date

from app.data.prose import filled
from app.data.prose_keys import PageKey
from app.data.schemas import DeadlineOut, ProseOut
from app.data.words import month_name, today_words

TARGET_HEDGES = {"deadline", "floor"}


def deadline_status(
    year: int | None, month: int | None, hedge: str, today: date, words: dict[str, ProseOut]
) -> DeadlineOut | None:
    """Say whether a "by" or "until at least" month lies behind us, and what we cannot know."""
    if year is None or month is None or hedge not in TARGET_HEDGES:
        return None
    month_end = date(year, month, calendar.monthrange(year, month)[1])
    passed = today > month_end
    key = PageKey(f"status-{hedge}-{'passed' if passed else 'ahead'}")
    when = month_name(year, month)
    text = filled(words, key, month=when, today=today_words(today))
    return DeadlineOut(passed=passed, today=today.isoformat(), text=text)
