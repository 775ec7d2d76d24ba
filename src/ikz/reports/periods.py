"""Report periods: one or more whole months, named as German reports name them
("Juni 2020", "April/Mai 2020", "Juli–September 2020"), and the report title."""

import datetime
import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from ikz.core.months import MONTHS_DE, month_end, months_between

MONTH_NAMES = "|".join(MONTHS_DE)
# 2020-06, 2020-04/2020-05
ISO_PERIOD = re.compile(r"^(\d{4})-(\d{1,2})(?:\s*/\s*(\d{4})-(\d{1,2}))?$")
# 06/2020, 04/2020-05/2020
NUMERIC_PERIOD = re.compile(r"^(\d{1,2})/(\d{4})(?:\s*[–-]\s*(\d{1,2})/(\d{4}))?$")
# Juni 2020, April/Mai 2020, Juli–September 2020, Dezember 2020/Januar 2021
PERIOD_LABEL = re.compile(
    rf"^(?P<first>{MONTH_NAMES})(?:\s+(?P<first_year>\d{{4}}))?"
    rf"(?:\s*[/–-]\s*(?P<last>{MONTH_NAMES}))?\s+(?P<year>\d{{4}})$",
    re.IGNORECASE,
)
REPORT_TITLE = "Statusbericht"


def format_date(day: datetime.date) -> str:
    """A date as German reports write it: 25.05.2020."""
    return day.strftime("%d.%m.%Y")


def period_label(start: datetime.date, end: datetime.date) -> str:
    """The period as German reports name it: "Juni 2020", "April/Mai 2020",
    "Juli–September 2020", "Dezember 2020/Januar 2021"."""
    first, last = MONTHS_DE[start.month - 1], MONTHS_DE[end.month - 1]
    months = months_between(start, end)
    if months == 1:
        return f"{first} {start.year}"
    separator = "/" if months == 2 else "–"
    if start.year == end.year:
        return f"{first}{separator}{last} {end.year}"
    return f"{first} {start.year}{separator}{last} {end.year}"


def report_title(start: datetime.date, end: datetime.date) -> str:
    """ "Statusbericht April/Mai 2020": the title of every report of the period."""
    return f"{REPORT_TITLE} {period_label(start, end)}"


def month_number(name: str) -> int:
    """1 for „Januar“ (any case), 12 for „Dezember“."""
    return [month.lower() for month in MONTHS_DE].index(name.lower()) + 1


def _months(text: str) -> tuple[int, int, int, int] | None:
    """(first year, first month, last year, last month) of a period in any form the
    product reads, or None."""
    if match := ISO_PERIOD.match(text):
        first_year, first_month, last_year, last_month = match.groups()
        return (
            int(first_year),
            int(first_month),
            int(last_year or first_year),
            int(last_month or first_month),
        )
    if match := NUMERIC_PERIOD.match(text):
        first_month, first_year, last_month, last_year = match.groups()
        return (
            int(first_year),
            int(first_month),
            int(last_year or first_year),
            int(last_month or first_month),
        )
    if match := PERIOD_LABEL.match(text):
        year = int(match["year"])
        first = month_number(match["first"])
        last = month_number(match["last"]) if match["last"] else first
        if match["first_year"]:
            first_year = int(match["first_year"])
        else:
            first_year = year if first <= last else year - 1  # "Dezember/Januar 2021"
        return first_year, first, year, last
    return None


def parse_period(text: str) -> tuple[datetime.date, datetime.date]:
    """A period as a user writes it, into its first and last day: "2020-06",
    "2020-04/2020-05", "06/2020", "04/2020-05/2020", "Juni 2020", "April/Mai 2020",
    "Juli–September 2020", "Dezember 2020/Januar 2021".

    ValidationError naming the text and the forms that are read, when it is none."""
    cleaned = " ".join(text.split())
    months = _months(cleaned)
    if months is None:
        raise ValidationError(
            _(
                "“%(text)s” is not a period; write e.g. “Juni 2020”, “April/Mai 2020”, "
                "06/2020 or 2020-04/2020-05."
            )
            % {"text": text}
        )
    first_year, first_month, last_year, last_month = months
    try:
        start = datetime.date(first_year, first_month, 1)
        end = month_end(datetime.date(last_year, last_month, 1))
    except ValueError:
        raise ValidationError(
            _("“%(text)s” names a month that does not exist.") % {"text": text}
        ) from None
    if end < start:
        raise ValidationError(_("The period “%(text)s” ends before it starts.") % {"text": text})
    return start, end
