"""Month arithmetic (ikz.core.months), which reports and due dates share."""

import datetime

import pytest

from ikz.core.months import (
    is_month_end,
    month_end,
    months_between,
    quarter_end,
    quarter_of,
    quarter_start,
)

D = datetime.date


@pytest.mark.parametrize(
    ("day", "end"),
    [
        (D(2020, 2, 10), D(2020, 2, 29)),
        (D(2021, 2, 1), D(2021, 2, 28)),
        (D(2020, 12, 31), D(2020, 12, 31)),
    ],
    ids=["leap-february", "february", "december"],
)
def test_month_end_is_the_months_last_day(day, end):
    assert (month_end(day), is_month_end(end), is_month_end(day) == (day == end)) == (
        end,
        True,
        True,
    )


@pytest.mark.parametrize(
    ("day", "quarter", "start", "end"),
    [
        (D(2020, 1, 1), 1, D(2020, 1, 1), D(2020, 3, 31)),
        (D(2020, 5, 11), 2, D(2020, 4, 1), D(2020, 6, 30)),
        (D(2020, 9, 30), 3, D(2020, 7, 1), D(2020, 9, 30)),
        (D(2020, 11, 2), 4, D(2020, 10, 1), D(2020, 12, 31)),
    ],
)
def test_quarter_of_a_day_with_its_first_and_last_day(day, quarter, start, end):
    assert (quarter_of(day), quarter_start(day.year, quarter), quarter_end(day)) == (
        quarter,
        start,
        end,
    )


def test_months_between_counts_every_month_touched():
    assert [
        months_between(D(2020, 6, 1), D(2020, 6, 30)),
        months_between(D(2020, 4, 1), D(2020, 5, 31)),
        months_between(D(2020, 12, 1), D(2021, 1, 31)),
    ] == [1, 2, 2]
