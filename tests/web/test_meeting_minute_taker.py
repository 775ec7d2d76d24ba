"""Planning a meeting in the browser with its minute-taker: the minutes and the
invitation downloaded from the meeting page name them, the chair and the start time,
and the new meeting opens with the approval of the last minutes."""

import subprocess

import pytest

from ikz.core.domain import add_person
from ikz.core.models import Body, Municipality, Person
from ikz.core.versions import current_version
from ikz.meetings.models import Meeting
from ikz.sample.demo import load_partheland

pytestmark = pytest.mark.django_db


@pytest.fixture
def cooperation():
    """The shared role fixtures act in the demo."""
    return load_partheland()


def pdf_text(content: bytes) -> str:
    return " ".join(
        subprocess.run(["pdftotext", "-", "-"], input=content, capture_output=True, check=True)
        .stdout.decode()
        .split()
    )


def test_a_meeting_planned_with_its_minute_taker_has_minutes_that_name_them(
    coordinator_client, cooperation
):
    body = Body.objects.get(cooperation=cooperation, name="Projektleitungsgruppe")
    grosspoesna = Municipality.objects.get(name="Großpösna")
    chair = add_person(
        cooperation=cooperation,
        role="Bürgermeisterin",
        name="Dana Vorsitz",
        municipality=grosspoesna,
    )
    taker = add_person(
        cooperation=cooperation,
        role="Hauptamtsleiterin",
        name="Paula Protokoll",
        municipality=grosspoesna,
    )

    response = coordinator_client.post(
        f"/k/{cooperation.slug}/sitzungen/neu/",
        {
            "body": body.pk,
            "date": "22.06.2020",
            "start_time": "17:00",
            "location": grosspoesna.pk,
            "chair": chair.pk,
            "minute_taker": taker.pk,
        },
    )

    meeting = Meeting.objects.get(body=body, date="2020-06-22")
    assert response["Location"] == f"/sitzungen/{meeting.pk}/"
    assert (meeting.chair, meeting.minute_taker) == (chair, taker)
    assert list(meeting.agenda_items.values_list("number", "title")) == [
        ("1", "Genehmigung der Niederschrift der letzten Sitzung")
    ]
    text = pdf_text(coordinator_client.get(f"/sitzungen/{meeting.pk}/niederschrift.pdf").content)
    assert "Beginn 17:00 Uhr" in text
    assert "Vorsitz: Dana Vorsitz (Bürgermeisterin), Großpösna" in text
    assert "Schriftführung: Paula Protokoll (Hauptamtsleiterin), Großpösna" in text
    assert text.count("(Datum, Unterschrift)") == 2
    invitation = pdf_text(coordinator_client.get(f"/sitzungen/{meeting.pk}/einladung.pdf").content)
    assert "Beginn 17:00 Uhr" in invitation
    assert "Sehr geehrte Damen und Herren," in invitation


def test_the_minute_taker_is_one_of_the_cooperations_people(coordinator_client, cooperation):
    body = Body.objects.get(cooperation=cooperation, name="Projektleitungsgruppe")

    response = coordinator_client.post(
        f"/k/{cooperation.slug}/sitzungen/neu/",
        {"body": body.pk, "date": "22.06.2020", "minute_taker": "999999"},
    )

    assert response.status_code == 200
    assert 'id="id_minute_taker_error"' in response.content.decode()
    assert not Meeting.objects.filter(body=body, date="2020-06-22").exists()


def test_the_minute_taker_is_named_when_the_meeting_is_edited(coordinator_client, cooperation):
    # The Lenkungsgruppe of 16.06.2020, taken from the report, names nobody yet.
    meeting = Meeting.objects.get(body__cooperation=cooperation, date="2020-06-16")
    taker = Person.objects.get(cooperation=cooperation, role="Hauptamtsleitung Brandis")
    edit = f"/sitzungen/{meeting.pk}/bearbeiten/"

    response = coordinator_client.post(
        edit,
        {"version": current_version(meeting), "date": "16.06.2020", "start_time": "17:00",
         "location": meeting.location_id, "minute_taker": taker.pk},
    )  # fmt: skip

    assert response["Location"] == f"/sitzungen/{meeting.pk}/"
    meeting.refresh_from_db()
    assert meeting.minute_taker == taker
    assert meeting.history.latest().minute_taker_id == taker.pk
    form = coordinator_client.get(edit).content.decode()
    assert f'<option value="{taker.pk}" selected>' in form
