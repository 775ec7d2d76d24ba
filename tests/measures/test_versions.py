"""The domain functions that save an edit form take the version the form was based on:
a save over a newer version raises VersionConflict and stores nothing."""

import pytest

from ikz.core.versions import VersionConflict, current_version
from ikz.measures.domain import Due, assign_task, edit_measure, move_due
from ikz.measures.models import Task
from tests.factories import MeasureFactory, MunicipalityFactory, TaskFactory

pytestmark = pytest.mark.django_db


def test_edit_measure_over_a_newer_version_raises_and_stores_nothing():
    measure = MeasureFactory(title="Stellenbörse")
    based_on = current_version(measure)
    edit_measure(measure, version=based_on, municipalities=[], title="Gemeinsame Stellenbörse")

    with pytest.raises(VersionConflict) as raised:
        edit_measure(measure, version=based_on, municipalities=[], title="Jobbörse")

    measure.refresh_from_db()
    assert measure.title == "Gemeinsame Stellenbörse"
    assert [change.field for change in raised.value.conflict.changes] == ["Titel"]
    assert raised.value.conflict.version == current_version(measure)


def test_edit_measure_at_the_current_version_saves():
    measure = MeasureFactory(title="Stellenbörse")

    edit_measure(measure, version=current_version(measure), municipalities=[], title="Jobbörse")

    measure.refresh_from_db()
    assert measure.title == "Jobbörse"


def test_move_due_over_a_newer_version_raises_and_keeps_the_due_date():
    task = TaskFactory(title="Stellenprofile abstimmen")
    based_on = current_version(task)
    move_due(task, due=Due.in_month(2030, 7), reason="Urlaub", version=based_on)

    with pytest.raises(VersionConflict):
        move_due(task, due=Due.in_month(2030, 9), reason="Haushalt", version=based_on)

    task = Task.objects.get(pk=task.pk)
    assert (task.due_precision, task.due_date.month) == ("month", 7)


def test_assign_task_over_a_newer_version_raises_and_keeps_the_owner():
    task = TaskFactory(title="Stellenprofile abstimmen")
    naunhof, brandis = MunicipalityFactory(name="Naunhof"), MunicipalityFactory(name="Brandis")
    based_on = current_version(task)
    assign_task(task, owner=naunhof, version=based_on)

    with pytest.raises(VersionConflict) as raised:
        assign_task(task, owner=brandis, version=based_on)

    assert Task.objects.get(pk=task.pk).owner_municipality == naunhof
    assert raised.value.conflict.version == current_version(task)
