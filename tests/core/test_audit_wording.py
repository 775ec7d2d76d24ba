"""The audit log in plain German: yes and no, choices by their label, dates as German
writes them, objects by their name, labels capitalised; an object's own history."""

import datetime

import pytest
from django.utils import translation

from ikz.core.audit import audit_log, object_history
from ikz.core.models import Body
from ikz.meetings.models import Meeting
from ikz.web.forms.audit import AuditFilterForm
from tests.factories import AgendaItemFactory, BodyFactory, MeetingFactory, OutcomeFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def german():
    with translation.override("de"):
        yield


@pytest.fixture
def meeting(cooperation):
    body = BodyFactory(cooperation=cooperation, name="Projektleitungsgruppe")
    return MeetingFactory(
        body=body, number=7, date=datetime.date(2020, 5, 11), state=Meeting.State.PLANNED
    )


def changes_of(entry) -> list[tuple[str, str, str]]:
    return [(change.field, change.before, change.after) for change in entry.changes]


def test_a_changed_meeting_reads_as_german_writes_it(cooperation, meeting):
    meeting.is_public = False
    meeting.state = Meeting.State.HELD
    meeting.date = datetime.date(2020, 5, 12)
    meeting.start_time = datetime.time(14, 30)
    meeting.save()

    entries, _more = audit_log(cooperation=cooperation, model_label="meetings.Meeting")

    assert entries[0].text == "7. Projektleitungsgruppe, 12.05.2020"
    assert changes_of(entries[0]) == [
        ("Datum", "11.05.2020", "12.05.2020"),
        ("Beginn", "", "14:30"),
        ("Status", "geplant", "durchgeführt"),
        ("Öffentlich", "ja", "nein"),
    ]
    # The creation names the meeting as it was then.
    assert entries[1].text == "7. Projektleitungsgruppe, 11.05.2020"


def test_a_result_names_its_meeting_by_number_body_and_day(cooperation, meeting):
    OutcomeFactory(meeting=meeting, text="Die Stellenbörse wird eingeführt.")

    entries, _more = audit_log(cooperation=cooperation, model_label="meetings.Outcome")

    assert ("Sitzung", "", "7. Projektleitungsgruppe, 11.05.2020") in changes_of(entries[0])
    assert entries[0].text == "Die Stellenbörse wird eingeführt."
    assert entries[0].references["meeting_id"] == meeting.pk


def test_the_kinds_of_data_are_capitalised_as_german_writes_them(cooperation):
    labels = dict(AuditFilterForm(cooperation=cooperation).fields["kind"].choices)

    assert labels["agreements.StatusQuoCost"] == "Status-quo-Kosten"
    assert labels["meetings.AgendaItem"] == "Tagesordnungspunkte"


def test_every_field_label_in_the_log_starts_with_a_capital(cooperation, meeting):
    body = Body.objects.get()
    body.name = "Lenkungsgruppe"
    body.description = "Die Bürgermeister"
    body.save()

    entries, _more = audit_log(cooperation=cooperation)

    fields = {change.field for entry in entries for change in entry.changes}
    assert fields
    assert all(field[0].isupper() for field in fields)


def test_a_meetings_history_holds_its_topics_and_results(meeting):
    item = AgendaItemFactory(meeting=meeting, title="Stellenbörse")
    item.title = "Gemeinsame Stellenbörse"
    item.save()
    OutcomeFactory(meeting=meeting, agenda_item=item, text="Beschlossen.")
    MeetingFactory(body=meeting.body, number=8)  # another meeting's: not in it

    history = object_history(meeting)

    assert [(entry.label, entry.kind, entry.text) for entry in history] == [
        ("meetings.Outcome", "+", "Beschlossen."),
        ("meetings.AgendaItem", "~", "Gemeinsame Stellenbörse"),
        ("meetings.AgendaItem", "+", "Stellenbörse"),
        ("meetings.Meeting", "+", "7. Projektleitungsgruppe, 11.05.2020"),
    ]
    assert changes_of(history[1]) == [("Titel", "Stellenbörse", "Gemeinsame Stellenbörse")]


def test_an_objects_history_shows_the_latest_changes_only(meeting):
    for number in range(12):
        meeting.venue = f"Raum {number}"
        meeting.save()

    history = object_history(meeting, latest=3)

    assert [changes_of(entry) for entry in history] == [
        [("Tagungsort", "Raum 10", "Raum 11")],
        [("Tagungsort", "Raum 9", "Raum 10")],
        [("Tagungsort", "Raum 8", "Raum 9")],
    ]
