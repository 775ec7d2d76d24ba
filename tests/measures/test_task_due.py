"""A task's due date: its precision (day, month, quarter, meeting, none), the Due helpers,
the end of the due period and the overdue logic that respects the precision."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from hypothesis import given, settings
from hypothesis import strategies as st

from ikz.measures.domain import Due, days_overdue, due_end, is_overdue, open_on, was_open_on
from ikz.measures.models import Task
from tests.factories import (
    BodyFactory,
    CooperationFactory,
    MeetingFactory,
    MunicipalityFactory,
    PersonFactory,
    TaskFactory,
)

PRECISION_ERROR = (
    "Das Fälligkeitsdatum passt nicht zur gewählten Genauigkeit: Bei „Tag“ ist ein Datum "
    "nötig, bei „Monat“ der erste Tag des Monats, bei „Quartal“ der erste Tag des Quartals, "
    "bei „bis zu einer Sitzung“ eine Sitzung oder das Gremium, dessen nächste Sitzung noch "
    "nicht geplant ist, und kein Datum, bei „ohne Termin“ weder Datum noch Sitzung."
)
OWNER_ERROR = (
    "Bitte geben Sie für eine Aufgabe nur eine zuständige Stelle an: eine Person, eine "
    "Kommune, ein Gremium oder einen Partner."
)
DONE_ON_ERROR = "Ein Erledigungsdatum kann nur für eine erledigte Aufgabe angegeben werden."


JUNE_15 = datetime.date(2020, 6, 15)
# When the tests' tasks were written down: before every day they are checked on.
CREATED = datetime.date(1990, 1, 1)


def task_with_due(precision, day, with_meeting):
    """An unsaved task with the given due fields and nothing else to complain about."""
    cooperation = CooperationFactory()
    meeting = MeetingFactory(body__cooperation=cooperation) if with_meeting else None
    return Task(
        cooperation=cooperation,
        title="Zeitplan erstellen",
        due_precision=precision,
        due_date=day,
        due_meeting=meeting,
    )


VALID_DUE = [
    pytest.param("day", JUNE_15, False, id="day-with-date"),
    pytest.param("month", datetime.date(2020, 6, 1), False, id="month-first-of-month"),
    pytest.param("quarter", datetime.date(2020, 1, 1), False, id="quarter-q1"),
    pytest.param("quarter", datetime.date(2020, 4, 1), False, id="quarter-q2"),
    pytest.param("quarter", datetime.date(2020, 7, 1), False, id="quarter-q3"),
    pytest.param("quarter", datetime.date(2020, 10, 1), False, id="quarter-q4"),
    pytest.param("meeting", None, True, id="meeting-without-date"),
    pytest.param("none", None, False, id="none-without-anything"),
]

# A month or quarter whose date is not its first day: only model validation refuses it,
# because the database would need a date function SQLite and PostgreSQL do not share.
INVALID_DUE_DAY_OF_PERIOD = [
    pytest.param("month", JUNE_15, False, id="month-mid-month"),
    pytest.param("month", datetime.date(2020, 6, 30), False, id="month-last-day"),
    pytest.param("quarter", datetime.date(2020, 5, 1), False, id="quarter-not-first-month"),
    pytest.param("quarter", datetime.date(2020, 4, 15), False, id="quarter-mid-month"),
]

# Invalid combinations with a date or a meeting: full_clean and the database reject them.
INVALID_DUE_WITH_DATE = [
    pytest.param("day", JUNE_15, True, id="day-with-meeting"),
    pytest.param("quarter", datetime.date(2020, 7, 1), True, id="quarter-with-meeting"),
    pytest.param("month", JUNE_15, True, id="month-mid-month-with-meeting"),
    pytest.param("meeting", JUNE_15, True, id="meeting-with-date"),
    pytest.param("none", JUNE_15, False, id="none-with-date"),
    pytest.param("none", None, True, id="none-with-meeting"),
]

# Invalid combinations with neither date nor meeting.
INVALID_DUE_WITHOUT_DATE = [
    pytest.param("day", None, False, id="day-without-date"),
    pytest.param("meeting", None, False, id="meeting-without-meeting"),
]

INVALID_DUE_PERIOD_WITHOUT_DATE = [
    pytest.param("month", None, False, id="month-without-date"),
    pytest.param("quarter", None, False, id="quarter-without-date"),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("precision", "day", "with_meeting"), VALID_DUE)
def test_task_due_precision_accepts_matching_date_in_full_clean(precision, day, with_meeting):
    task = task_with_due(precision, day, with_meeting)

    task.full_clean()

    assert task.due_precision == precision


@pytest.mark.django_db
@pytest.mark.parametrize(("precision", "day", "with_meeting"), VALID_DUE)
def test_task_due_precision_accepts_matching_date_in_database(precision, day, with_meeting):
    task = task_with_due(precision, day, with_meeting)

    task.save()

    assert Task.objects.get(pk=task.pk).due_date == day


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("precision", "day", "with_meeting"), INVALID_DUE_DAY_OF_PERIOD + INVALID_DUE_WITH_DATE
)
def test_task_due_precision_rejects_mismatch_in_full_clean(precision, day, with_meeting):
    task = task_with_due(precision, day, with_meeting)

    with pytest.raises(ValidationError) as excinfo:
        task.full_clean()

    assert excinfo.value.message_dict == {"__all__": [PRECISION_ERROR]}


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("precision", "day", "with_meeting"),
    INVALID_DUE_WITHOUT_DATE + INVALID_DUE_PERIOD_WITHOUT_DATE,
)
def test_task_due_precision_rejects_missing_date_or_meeting_in_full_clean(
    precision, day, with_meeting
):
    task = task_with_due(precision, day, with_meeting)

    with pytest.raises(ValidationError) as excinfo:
        task.full_clean()

    assert excinfo.value.message_dict == {"__all__": [PRECISION_ERROR]}


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("precision", "day", "with_meeting"),
    INVALID_DUE_WITH_DATE + INVALID_DUE_WITHOUT_DATE + INVALID_DUE_PERIOD_WITHOUT_DATE,
)
def test_task_due_precision_rejects_mismatch_in_database(precision, day, with_meeting):
    task = task_with_due(precision, day, with_meeting)

    with pytest.raises(IntegrityError), transaction.atomic():
        Task.objects.create(
            cooperation=task.cooperation,
            title=task.title,
            due_precision=task.due_precision,
            due_date=task.due_date,
            due_meeting=task.due_meeting,
        )


@pytest.mark.django_db
def test_task_month_mid_month_gives_german_message_naming_the_rule():
    task = TaskFactory.build(
        cooperation=CooperationFactory(), due_precision="month", due_date=JUNE_15
    )

    with pytest.raises(ValidationError) as excinfo:
        task.full_clean()

    assert excinfo.value.messages == [PRECISION_ERROR]


def owners(names):
    cooperation = CooperationFactory()
    available = {
        "person": lambda: PersonFactory(cooperation=cooperation),
        "municipality": MunicipalityFactory,
        "body": lambda: BodyFactory(cooperation=cooperation),
    }
    return cooperation, {f"owner_{name}": available[name]() for name in names}


@pytest.mark.django_db
@pytest.mark.parametrize("names", [(), ("person",), ("municipality",), ("body",)])
def test_task_owner_at_most_one_is_accepted(names):
    cooperation, fields = owners(names)
    task = Task(cooperation=cooperation, title="Kosten klären", **fields)

    task.full_clean()
    task.save()

    assert task.owner == (next(iter(fields.values())) if fields else None)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "names",
    [
        ("person", "municipality"),
        ("person", "body"),
        ("municipality", "body"),
        ("person", "municipality", "body"),
    ],
)
def test_task_owner_two_or_more_rejected_in_full_clean(names):
    cooperation, fields = owners(names)
    task = Task(cooperation=cooperation, title="Kosten klären", **fields)

    with pytest.raises(ValidationError) as excinfo:
        task.full_clean()

    assert excinfo.value.message_dict == {"__all__": [OWNER_ERROR]}


@pytest.mark.django_db
@pytest.mark.parametrize(
    "names",
    [
        ("person", "municipality"),
        ("person", "body"),
        ("municipality", "body"),
        ("person", "municipality", "body"),
    ],
)
def test_task_owner_two_or_more_rejected_in_database(names):
    cooperation, fields = owners(names)

    with pytest.raises(IntegrityError), transaction.atomic():
        Task.objects.create(cooperation=cooperation, title="Kosten klären", **fields)


@pytest.mark.django_db
def test_task_done_on_accepted_when_done():
    task = TaskFactory.build(
        cooperation=CooperationFactory(), state="done", done_on=datetime.date(2020, 6, 16)
    )

    task.full_clean()
    task.save()

    assert Task.objects.get(pk=task.pk).done_on == datetime.date(2020, 6, 16)


@pytest.mark.django_db
@pytest.mark.parametrize("state", ["open", "in_progress", "cancelled"])
def test_task_done_on_rejected_in_full_clean_when_not_done(state):
    task = TaskFactory.build(
        cooperation=CooperationFactory(), state=state, done_on=datetime.date(2020, 6, 16)
    )

    with pytest.raises(ValidationError) as excinfo:
        task.full_clean()

    assert excinfo.value.message_dict == {"__all__": [DONE_ON_ERROR]}


@pytest.mark.django_db
@pytest.mark.parametrize("state", ["open", "in_progress", "cancelled"])
def test_task_done_on_rejected_in_database_when_not_done(state):
    cooperation = CooperationFactory()

    with pytest.raises(IntegrityError), transaction.atomic():
        Task.objects.create(
            cooperation=cooperation,
            title="Kosten klären",
            state=state,
            done_on=datetime.date(2020, 6, 16),
        )


@pytest.mark.django_db
def test_task_done_without_done_on_is_accepted():
    task = TaskFactory.build(cooperation=CooperationFactory(), state="done")

    task.full_clean()

    assert task.done_on is None


# Due helpers


def test_due_on_day_is_day_precision_with_that_date():
    due = Due.on_day(JUNE_15)

    assert due == Due(precision="day", date=JUNE_15, meeting=None)


def test_due_in_month_is_stored_as_first_of_month():
    due = Due.in_month(2020, 6)

    assert due == Due(precision="month", date=datetime.date(2020, 6, 1), meeting=None)


@pytest.mark.parametrize(
    ("quarter", "first_day"),
    [
        (1, datetime.date(2020, 1, 1)),
        (2, datetime.date(2020, 4, 1)),
        (3, datetime.date(2020, 7, 1)),
        (4, datetime.date(2020, 10, 1)),
    ],
)
def test_due_in_quarter_is_stored_as_first_day_of_quarter(quarter, first_day):
    due = Due.in_quarter(2020, quarter)

    assert due == Due(precision="quarter", date=first_day, meeting=None)


@pytest.mark.parametrize("quarter", [0, 5, -1])
def test_due_in_quarter_outside_1_to_4_is_rejected(quarter):
    with pytest.raises(ValidationError) as excinfo:
        Due.in_quarter(2020, quarter)

    assert excinfo.value.message_dict == {
        "due_date": [f"Bitte geben Sie als Quartal 1, 2, 3 oder 4 an (nicht {quarter})."]
    }


def test_due_by_meeting_has_meeting_and_no_date():
    meeting = MeetingFactory.build(date=datetime.date(2020, 6, 16))

    due = Due.by_meeting(meeting)

    assert due == Due(precision="meeting", date=None, meeting=meeting)


def test_due_default_is_no_due_date():
    due = Due()

    assert due.task_fields() == {
        "due_precision": "none",
        "due_date": None,
        "due_meeting": None,
        "due_body": None,
    }


def test_due_task_fields_names_the_task_columns():
    due = Due.in_quarter(2020, 3)

    assert due.task_fields() == {
        "due_precision": "quarter",
        "due_date": datetime.date(2020, 7, 1),
        "due_meeting": None,
        "due_body": None,
    }


@pytest.mark.django_db
@pytest.mark.parametrize(
    "due",
    [Due.on_day(JUNE_15), Due.in_month(2020, 6), Due.in_quarter(2020, 3), Due()],
    ids=["day", "month", "quarter", "none"],
)
def test_due_helpers_build_tasks_that_pass_validation(due):
    task = Task(cooperation=CooperationFactory(), title="Zeitplan", **due.task_fields())

    task.full_clean()

    assert task.due_precision == due.precision


@pytest.mark.django_db
def test_due_by_meeting_builds_a_task_that_passes_validation():
    meeting = MeetingFactory(date=datetime.date(2020, 6, 16))
    task = Task(
        cooperation=meeting.body.cooperation,
        title="Zeitplan",
        **Due.by_meeting(meeting).task_fields(),
    )

    task.full_clean()

    assert task.due_meeting == meeting


# due_end and overdue


def build_task(due: Due, state: str = "open") -> Task:
    return TaskFactory.build(state=state, created_on=CREATED, **due.task_fields())


@pytest.mark.parametrize(
    ("due", "end"),
    [
        (Due.on_day(JUNE_15), JUNE_15),
        (Due.in_month(2020, 6), datetime.date(2020, 6, 30)),
        (Due.in_month(2020, 2), datetime.date(2020, 2, 29)),
        (Due.in_month(2021, 2), datetime.date(2021, 2, 28)),
        (Due.in_month(2020, 12), datetime.date(2020, 12, 31)),
        (Due.in_quarter(2020, 1), datetime.date(2020, 3, 31)),
        (Due.in_quarter(2020, 2), datetime.date(2020, 6, 30)),
        (Due.in_quarter(2020, 3), datetime.date(2020, 9, 30)),
        (Due.in_quarter(2020, 4), datetime.date(2020, 12, 31)),
        (Due(), None),
    ],
    ids=[
        "day",
        "june",
        "february-leap-year",
        "february",
        "december",
        "q1",
        "q2",
        "q3",
        "q4",
        "none",
    ],
)
def test_due_end_is_last_day_on_time(due, end):
    task = build_task(due)

    assert due_end(task) == end


def test_due_end_of_meeting_task_is_the_meeting_day():
    meeting = MeetingFactory.build(date=datetime.date(2020, 6, 16))
    task = build_task(Due.by_meeting(meeting))

    assert due_end(task) == datetime.date(2020, 6, 16)


@pytest.mark.parametrize(
    ("due", "last_day_on_time", "first_day_overdue"),
    [
        (Due.on_day(JUNE_15), JUNE_15, datetime.date(2020, 6, 16)),
        (Due.in_month(2020, 6), datetime.date(2020, 6, 30), datetime.date(2020, 7, 1)),
        (Due.in_quarter(2020, 3), datetime.date(2020, 9, 30), datetime.date(2020, 10, 1)),
        (Due.in_quarter(2020, 4), datetime.date(2020, 12, 31), datetime.date(2021, 1, 1)),
    ],
    ids=["day", "month", "quarter", "quarter-across-year"],
)
def test_task_overdue_only_after_the_whole_due_period(due, last_day_on_time, first_day_overdue):
    task = build_task(due)

    assert (is_overdue(task, last_day_on_time), is_overdue(task, first_day_overdue)) == (
        False,
        True,
    )


def test_task_month_due_is_not_overdue_early_in_the_month():
    task = build_task(Due.in_month(2020, 6))

    assert is_overdue(task, datetime.date(2020, 6, 2)) is False


def test_task_by_meeting_overdue_the_day_after_the_meeting():
    meeting = MeetingFactory.build(date=datetime.date(2020, 6, 16))
    task = build_task(Due.by_meeting(meeting))

    assert (
        is_overdue(task, datetime.date(2020, 6, 16)),
        is_overdue(task, datetime.date(2020, 6, 17)),
    ) == (False, True)


def test_task_without_due_date_is_never_overdue():
    task = build_task(Due())

    assert (
        is_overdue(task, datetime.date(2099, 12, 31)),
        days_overdue(task, datetime.date(2099, 12, 31)),
    ) == (
        False,
        0,
    )


@pytest.mark.parametrize("state", ["done", "cancelled"])
def test_task_done_or_cancelled_is_never_overdue(state):
    task = build_task(Due.on_day(JUNE_15), state=state)

    assert (
        is_overdue(task, datetime.date(2021, 1, 1)),
        days_overdue(task, datetime.date(2021, 1, 1)),
    ) == (
        False,
        0,
    )


def test_was_open_on_task_created_after_the_day_is_false():
    task = TaskFactory.build(state="open", created_on=datetime.date(2020, 7, 10))

    assert (
        was_open_on(task, datetime.date(2020, 7, 9)),
        was_open_on(task, datetime.date(2020, 7, 10)),
    ) == (False, True)


def test_task_created_after_the_day_is_not_overdue_on_it():
    task = TaskFactory.build(
        state="open", created_on=datetime.date(2020, 7, 10), **Due.on_day(JUNE_15).task_fields()
    )

    assert (
        days_overdue(task, datetime.date(2020, 7, 1)),
        days_overdue(task, datetime.date(2020, 7, 10)),
    ) == (0, 25)


def test_task_in_progress_can_be_overdue():
    task = build_task(Due.on_day(JUNE_15), state="in_progress")

    assert days_overdue(task, datetime.date(2020, 6, 20)) == 5


@pytest.mark.parametrize(
    ("due", "today", "days"),
    [
        (Due.on_day(JUNE_15), datetime.date(2020, 6, 14), 0),
        (Due.on_day(JUNE_15), JUNE_15, 0),
        (Due.on_day(JUNE_15), datetime.date(2020, 6, 16), 1),
        (Due.on_day(datetime.date(2020, 6, 1)), datetime.date(2020, 7, 1), 30),
        (Due.in_month(2020, 6), datetime.date(2020, 7, 1), 1),
        (Due.in_month(2020, 6), datetime.date(2020, 8, 1), 32),
        (Due.in_quarter(2020, 3), datetime.date(2020, 10, 31), 31),
        (Due.in_quarter(2020, 4), datetime.date(2021, 1, 1), 1),
    ],
)
def test_days_overdue_counts_days_after_due_end(due, today, days):
    task = build_task(due)

    assert days_overdue(task, today) == days


@settings(max_examples=100, deadline=None)
@given(
    year=st.integers(min_value=1990, max_value=2100), month=st.integers(min_value=1, max_value=12)
)
def test_task_due_in_any_month_is_overdue_from_the_first_of_the_next(year, month):
    task = build_task(Due.in_month(year, month))
    next_first = (datetime.date(year, month, 28) + datetime.timedelta(days=4)).replace(day=1)

    assert (
        days_overdue(task, next_first - datetime.timedelta(days=1)),
        days_overdue(task, next_first),
    ) == (0, 1)


@settings(max_examples=100, deadline=None)
@given(
    year=st.integers(min_value=1990, max_value=2100), quarter=st.integers(min_value=1, max_value=4)
)
def test_task_due_in_any_quarter_is_overdue_from_the_first_of_the_next(year, quarter):
    task = build_task(Due.in_quarter(year, quarter))
    next_first = (
        datetime.date(year + 1, 1, 1) if quarter == 4 else datetime.date(year, 3 * quarter + 1, 1)
    )

    assert (
        days_overdue(task, next_first - datetime.timedelta(days=1)),
        days_overdue(task, next_first),
    ) == (0, 1)


# open_on: was_open_on for a whole list, in SQL


@pytest.mark.django_db
def test_open_on_selects_exactly_the_tasks_was_open_on_finds_open():
    day = datetime.date(2020, 5, 31)
    cooperation = CooperationFactory()
    for created_on in (datetime.date(2020, 5, 1), day, datetime.date(2020, 6, 1)):
        for state in ("open", "in_progress", "cancelled"):
            TaskFactory(cooperation=cooperation, created_on=created_on, state=state)
        for done_on in (datetime.date(2020, 5, 20), day, datetime.date(2020, 6, 2)):
            TaskFactory(
                cooperation=cooperation, created_on=created_on, state="done", done_on=done_on
            )
    tasks = Task.objects.filter(cooperation=cooperation)

    selected = set(open_on(tasks, day).values_list("pk", flat=True))

    assert selected == {task.pk for task in tasks if was_open_on(task, day)}
    assert len(selected) == 6
