"""Where a target date stands against today: the article itself cannot say."""

import calendar
from datetime import date

from app.data.schemas import DeadlineOut

TARGET_HEDGES = {"deadline", "floor"}


def deadline_status(
    year: int | None, month: int | None, hedge: str, today: date
) -> DeadlineOut | None:
    """Say whether a "by" or "until at least" month lies behind us, and what we cannot know."""
    if year is None or month is None or hedge not in TARGET_HEDGES:
        return None
    month_end = date(year, month, calendar.monthrange(year, month)[1])
    passed = today > month_end
    when = f"{calendar.month_name[month]} {year}"
    if hedge == "deadline":
        state = f"{when} has passed" if passed else f"{when} is still ahead"
        unknown = "whether this target was met" if passed else "whether it will be met"
    else:
        state = f"The earliest end the article gives, {when}, " + (
            "has passed" if passed else "is still ahead"
        )
        unknown = "whether or when this phase ended" if passed else "when this phase will end"
    text = f"{state} (today is {today.isoformat()}). The undated article cannot say {unknown}."
    return DeadlineOut(passed=passed, today=today.isoformat(), text=text)
