"""A task due by the next meeting of a body that has none planned yet: kept open-dated,
never overdue, and due by that meeting as soon as it is planned."""

import datetime

import pytest

from ikz.measures.domain import Due, days_overdue, due_end, traffic_light
from ikz.meetings.domain import TaskDraft, record_outcome, schedule_meeting, settle_due
from tests.factories import BodyFactory, MeasureFactory, MeetingFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def steering():
    return BodyFactory(name="Lenkungsgruppe")


@pytest.fixture
def task(steering):
    meeting = MeetingFactory(
        body__cooperation=steering.cooperation, date=datetime.date(2020, 5, 11)
    )
    measure = MeasureFactory(cooperation=steering.cooperation)
    recorded = record_outcome(
        meeting=meeting,
        text="Die Lenkungsgruppe entscheidet.",
        measures=[measure],
        tasks=[TaskDraft("Beschlussvorlage", due=Due.by_next_meeting_of(steering))],
    )
    return recorded.tasks[0]


def test_task_due_by_an_unplanned_meeting_is_kept_open_dated(task, steering):
    assert (task.due_precision, task.due_meeting, task.due_body) == ("meeting", None, steering)
    assert Due.of(task).label == "bis zur nächsten Lenkungsgruppe (Termin offen)"


def test_open_dated_task_is_never_overdue(task):
    much_later = datetime.date(2030, 1, 1)

    assert (due_end(task), days_overdue(task, much_later)) == (None, 0)
    assert traffic_light(task.measure, much_later).colour == "green"


def test_planning_the_meeting_gives_the_task_its_date(task, steering):
    meeting = schedule_meeting(body=steering, date=datetime.date(2020, 6, 16), number=2)

    task.refresh_from_db()
    assert (task.due_meeting, task.due_body, due_end(task)) == (
        meeting, None, datetime.date(2020, 6, 16),
    )  # fmt: skip
    assert task.history.first().due_meeting_id == meeting.pk


def test_a_workshop_of_the_body_is_not_its_next_meeting(task, steering):
    schedule_meeting(body=steering, date=datetime.date(2020, 6, 9), title="Leitbild-Workshop")

    task.refresh_from_db()
    assert (task.due_meeting, task.due_body) == (None, steering)


def test_a_meeting_of_another_body_leaves_the_task_open(task, steering):
    other = BodyFactory(cooperation=steering.cooperation)
    schedule_meeting(body=other, date=datetime.date(2020, 6, 16))

    task.refresh_from_db()
    assert (task.due_meeting, task.due_body) == (None, steering)


def test_settle_due_takes_the_planned_meeting(steering):
    meeting = schedule_meeting(body=steering, date=datetime.date(2020, 6, 16), number=2)

    due = settle_due(Due.by_next_meeting_of(steering), after=datetime.date(2020, 5, 11))

    assert due == Due.by_meeting(meeting)


def test_settle_due_finds_the_meeting_of_a_body_on_a_day(steering):
    meeting = schedule_meeting(body=steering, date=datetime.date(2020, 6, 16), number=2)
    wanted = Due("meeting", date=datetime.date(2020, 6, 16), body=steering)

    assert settle_due(wanted, after=datetime.date(2020, 5, 11)) == Due.by_meeting(meeting)
