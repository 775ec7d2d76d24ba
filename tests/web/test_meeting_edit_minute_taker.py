"""A meeting's minute-taker corrected on the work pages: the edit form opens with the
one stored, saves a new one, and the meeting page names chair and minute-taker."""

import datetime

import pytest

from ikz.core.domain import add_person
from ikz.core.models import Municipality
from ikz.core.versions import current_version
from ikz.meetings.domain import edit_meeting
from ikz.meetings.models import Meeting
from ikz.sample.demo import load_partheland

pytestmark = pytest.mark.django_db

KEY = '<dt class="kern-description-list-item__key">'


@pytest.fixture
def cooperation():
    """The shared role fixtures act in the demo."""
    return load_partheland()


@pytest.fixture
def steering_group(cooperation):
    """The Lenkungsgruppe of 16.06.2020, announced by the report."""
    return Meeting.objects.get(body__cooperation=cooperation, date=datetime.date(2020, 6, 16))


@pytest.fixture
def people(cooperation):
    grosspoesna = Municipality.objects.get(name="Großpösna")
    return (
        add_person(
            cooperation=cooperation, role="Bürgermeisterin", name="Dana Vorsitz",
            municipality=grosspoesna,
        ),
        add_person(
            cooperation=cooperation, role="Hauptamtsleiterin", name="Paula Protokoll",
            municipality=grosspoesna,
        ),
    )  # fmt: skip


def test_edit_meeting_stores_the_minute_taker(steering_group, people):
    chair, taker = people
    edit_meeting(
        steering_group, version=current_version(steering_group), date=steering_group.date,
        location=steering_group.location, chair=chair, minute_taker=taker,
    )  # fmt: skip

    steering_group.refresh_from_db()
    assert (steering_group.chair, steering_group.minute_taker) == (chair, taker)
    assert steering_group.history.first().minute_taker_id == taker.pk


def test_the_edit_form_saves_the_minute_taker_and_the_page_names_both(
    coordinator_client, steering_group, people
):
    chair, taker = people
    url = f"/sitzungen/{steering_group.pk}/bearbeiten/"

    response = coordinator_client.post(
        url,
        {"version": current_version(steering_group), "date": "16.06.2020",
         "location": steering_group.location_id, "chair": chair.pk, "minute_taker": taker.pk},
    )  # fmt: skip

    assert response.status_code == 302
    steering_group.refresh_from_db()
    assert (steering_group.chair, steering_group.minute_taker) == (chair, taker)
    form = coordinator_client.get(url).content.decode()
    assert f'<option value="{taker.pk}" selected>' in form
    page = coordinator_client.get(f"/sitzungen/{steering_group.pk}/").content.decode()
    assert f"{KEY}Vorsitz</dt>" in page and "Dana Vorsitz" in page
    assert f"{KEY}Schriftführung</dt>" in page and "Paula Protokoll" in page


def test_a_minute_taker_emptied_on_the_form_is_removed(coordinator_client, steering_group, people):
    chair, taker = people
    steering_group.minute_taker = taker
    steering_group.save()

    response = coordinator_client.post(
        f"/sitzungen/{steering_group.pk}/bearbeiten/",
        {"version": current_version(steering_group), "date": "16.06.2020",
         "location": steering_group.location_id, "minute_taker": ""},
    )  # fmt: skip

    assert response.status_code == 302
    steering_group.refresh_from_db()
    assert steering_group.minute_taker is None
    page = coordinator_client.get(f"/sitzungen/{steering_group.pk}/").content.decode()
    # The history below still names the one removed; the meeting's data do not.
    assert f"{KEY}Schriftführung</dt>" not in page
