"""Coordinators record a measure's status on its admin page, through the domain rule."""

import datetime

import pytest
from django.urls import reverse

from ikz.core.versions import current_version
from ikz.measures.domain import change_status
from tests.factories import MeasureFactory, partheland

pytestmark = pytest.mark.django_db


def measure_form(measure, **new_change):
    """The measure's change form as the browser sends it, with one new status change."""
    data = {
        "cooperation": measure.cooperation_id,
        "title": measure.title,
        "progress": 0,
        # The version the form was opened at (core.versions): now.
        "based_on_version": current_version(measure),
        "status_changes-TOTAL_FORMS": 1,
        "status_changes-INITIAL_FORMS": 0,
        "status_changes-MIN_NUM_FORMS": 0,
        "status_changes-MAX_NUM_FORMS": 1000,
    }
    data.update({f"status_changes-0-{key}": value for key, value in new_change.items()})
    return data


def test_admin_new_status_change_takes_its_from_status_from_the_history(coordinator_client):
    measure = MeasureFactory(cooperation=partheland())
    change_status(measure=measure, to_status="idea", date=datetime.date(2020, 4, 1))

    response = coordinator_client.post(
        reverse("admin:measures_measure_change", args=[measure.pk]),
        measure_form(measure, date="2020-05-11", to_status="decided", note="PLG 7"),
    )

    assert response.status_code == 302
    assert list(measure.status_changes.values_list("date", "from_status", "to_status")) == [
        (datetime.date(2020, 4, 1), "", "idea"),
        (datetime.date(2020, 5, 11), "idea", "decided"),
    ]


def test_admin_backdated_status_change_is_refused_with_the_rule(coordinator_client):
    measure = MeasureFactory(cooperation=partheland(), title="Gewerbeamt")
    change_status(measure=measure, to_status="idea", date=datetime.date(2020, 5, 11))

    response = coordinator_client.post(
        reverse("admin:measures_measure_change", args=[measure.pk]),
        measure_form(measure, date="2020-04-01", to_status="decided"),
    )

    assert response.status_code == 200
    assert (
        "Der Status von „Gewerbeamt“ wurde zuletzt am 11.05.2020 geändert."
        in response.content.decode()
    )
    assert measure.status_changes.count() == 1
