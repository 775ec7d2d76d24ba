"""Month arithmetic, in one place: reports cover whole months, tasks fall due by month or
quarter."""

import calendar
import datetime

MONTHS_DE = [
    "Januar", "Februar", "März", "April", "Mai", "Juni",
    "Juli", "August", "September", "Oktober", "November", "Dezember",
]  # fmt: skip


def month_end(day: datetime.date) -> datetime.date:
    """The last day of ``day``'s month."""
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])


def quarter_end(day: datetime.date) -> datetime.date:
    """The last day of ``day``'s quarter."""
    last_month = 3 * ((day.month - 1) // 3) + 3
    return month_end(day.replace(day=1, month=last_month))


def quarter_of(day: datetime.date) -> int:
    """1 to 4: the quarter ``day`` falls in."""
    return (day.month + 2) // 3


def quarter_start(year: int, quarter: int) -> datetime.date:
    return datetime.date(year, 3 * quarter - 2, 1)


def months_between(start: datetime.date, end: datetime.date) -> int:
    """How many months ``start``..``end`` touch: 1 for a single month, 2 for April/May."""
    return (end.year - start.year) * 12 + end.month - start.month + 1


def is_month_end(day: datetime.date) -> bool:
    return day == month_end(day)
