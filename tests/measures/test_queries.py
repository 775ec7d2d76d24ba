"""What the measure and task pages read, called as the pages call them: with plain
values, no request."""

import datetime

import pytest

from ikz.core.versions import current_version
from ikz.measures.domain import Due, change_status, create_task, move_due
from ikz.measures.models import MeasureStatus
from ikz.measures.queries import SOON_DAYS, due_history, portfolio_rows, task_rows
from tests.factories import (
    BodyFactory,
    CooperationFactory,
    MeasureFactory,
    MeetingFactory,
    MunicipalityFactory,
    PersonFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2020, 6, 15)
CREATED = datetime.date(2020, 1, 1)


def titles(rows) -> list[str]:
    return [row[0].title for row in rows]


def test_portfolio_rows_match_every_word_and_say_status_and_light():
    cooperation = CooperationFactory()
    archive = MeasureFactory(cooperation=cooperation, title="Personal Sharing Archiv")
    MeasureFactory(cooperation=cooperation, title="Personal Sharing Kasse")
    change_status(measure=archive, to_status=MeasureStatus.UNDER_REVIEW, date=CREATED)

    rows = portfolio_rows(cooperation, today=TODAY, words=["sharing", "ARCHIV"])

    assert [(measure.title, status, light.colour) for measure, status, light in rows] == [
        ("Personal Sharing Archiv", "in Prüfung", "green")
    ]


def test_portfolio_rows_of_a_status_leave_out_measures_without_one():
    cooperation = CooperationFactory()
    reviewed = MeasureFactory(cooperation=cooperation, title="Gewerbeamt")
    MeasureFactory(cooperation=cooperation, title="Stadtplan")
    change_status(measure=reviewed, to_status=MeasureStatus.UNDER_REVIEW, date=CREATED)

    rows = portfolio_rows(cooperation, today=TODAY, status=MeasureStatus.UNDER_REVIEW)

    assert titles(rows) == ["Gewerbeamt"]


def tasks_due_in(cooperation, days: list[int]):
    for number in days:
        create_task(
            cooperation=cooperation,
            title=f"in {number} Tagen",
            due=Due.on_day(TODAY + datetime.timedelta(days=number)),
            created_on=CREATED,
        )


def test_tasks_due_soon_are_those_due_from_today_to_the_last_of_the_days():
    cooperation = CooperationFactory()
    tasks_due_in(cooperation, [-1, 0, SOON_DAYS, SOON_DAYS + 1])

    rows = task_rows(cooperation, today=TODAY, shown="soon")

    assert titles(rows) == ["in 0 Tagen", f"in {SOON_DAYS} Tagen"]


def test_overdue_tasks_say_by_how_many_days():
    cooperation = CooperationFactory()
    tasks_due_in(cooperation, [-3, 0, 5])

    rows = task_rows(cooperation, today=TODAY, shown="overdue")

    assert [(task.title, late) for task, late in rows] == [("in -3 Tagen", 3)]


def test_my_tasks_are_my_persons_and_my_municipalitys_but_no_others():
    cooperation = CooperationFactory()
    naunhof, brandis = MunicipalityFactory(), MunicipalityFactory()
    user = UserFactory()
    me = PersonFactory(cooperation=cooperation, municipality=naunhof, user=user)
    colleague = PersonFactory(cooperation=cooperation, municipality=naunhof)
    for title, owner in (
        ("meine", me),
        ("meiner Kommune", naunhof),
        ("der Kollegin", colleague),
        ("einer anderen Kommune", brandis),
        ("niemandes", None),
    ):
        create_task(cooperation=cooperation, title=title, owner=owner)

    rows = task_rows(cooperation, today=TODAY, shown="mine", user=user)

    assert sorted(titles(rows)) == ["meine", "meiner Kommune"]


def test_my_tasks_without_a_person_record_are_none():
    cooperation = CooperationFactory()
    create_task(cooperation=cooperation, title="niemandes")
    create_task(cooperation=cooperation, title="einer Kommune", owner=MunicipalityFactory())

    assert task_rows(cooperation, today=TODAY, shown="mine", user=UserFactory()) == []


def test_due_history_names_each_move_with_its_reason_and_the_meeting_it_moved_to():
    cooperation = CooperationFactory()
    meeting = MeetingFactory(
        body=BodyFactory(cooperation=cooperation, name="Lenkungsgruppe"),
        date=datetime.date(2020, 9, 1),
    )
    task = create_task(
        cooperation=cooperation, title="Zeitplan", due=Due.in_month(2020, 7), created_on=CREATED
    )
    task.title = "Zeitplan erstellen"  # a change that leaves the due date alone
    task.save()
    move_due(task, due=Due.by_meeting(meeting), reason="Urlaub", version=current_version(task))

    moves = due_history(task)

    assert [(move["before"], move["after"], move["reason"]) for move in moves] == [
        ("bis Ende Juli 2020", f"bis zur Sitzung „{meeting.heading}“ am 01.09.2020", "Urlaub")
    ]
