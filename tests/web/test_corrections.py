"""Correcting on the work pages, on the Partheland demo: a meeting's data (the
Lenkungsgruppe of 16.06.2020 gets its start time), a topic, a result after the 7th
Projektleitungsgruppe of 11.05.2020 was published (kept visibly, the public page shows
the corrected text), and a result deleted after a page that names what goes with it."""

import datetime
import re

import pytest

from ikz.core.versions import current_version
from ikz.measures.models import MeasureStatus, StatusChange, Task
from ikz.meetings import minutes
from ikz.meetings.domain import TaskDraft, public_outcomes, record_outcome
from ikz.meetings.models import Meeting, Outcome
from ikz.sample.demo import load_partheland

pytestmark = pytest.mark.django_db


@pytest.fixture
def cooperation():
    """The shared role fixtures act in the demo."""
    return load_partheland()


@pytest.fixture
def seventh(cooperation):
    """The 7th Projektleitungsgruppe of 11.05.2020: held and published."""
    return Meeting.objects.get(body__cooperation=cooperation, date=datetime.date(2020, 5, 11))


@pytest.fixture
def steering_group(cooperation):
    """The Lenkungsgruppe of 16.06.2020, announced by the report without a start time."""
    return Meeting.objects.get(body__cooperation=cooperation, date=datetime.date(2020, 6, 16))


@pytest.fixture
def decision(seventh):
    """A decision of the 7th meeting on one measure, with a status change and a task."""
    measure = seventh.body.cooperation.measures.get(title="Zentralisierung Gewerbeamt")
    return record_outcome(
        meeting=seventh,
        text="Die PLG empfiehlt ein gemeinsames Gewerbeamt.",
        kind=Outcome.Kind.DECISION,
        measures=[measure],
        new_status=MeasureStatus.DECIDED,
        tasks=[TaskDraft("Kosten ermitteln")],
    ).outcome


def page_of(response) -> str:
    assert response.status_code == 200
    return response.content.decode()


def field_error(page: str, field: str) -> str:
    match = re.search(
        rf'<p class="kern-error" id="id_{field}_error">.*?<span class="kern-body">([^<]*)</span>',
        page,
        re.DOTALL,
    )
    return match[1] if match else ""


def correction_data(outcome: Outcome, **changes) -> dict:
    """The correction form as it opens for ``outcome``, with ``changes``."""
    return {
        "version": current_version(outcome),
        "kind": outcome.kind,
        "text": outcome.text,
        "measures": [measure.pk for measure in outcome.measures.all()],
        "new_status": "",
        "keep_tasks": "on",
    } | changes


def urls(meeting: Meeting, outcome: Outcome) -> list[str]:
    item = meeting.agenda_items.order_by("order").first()
    return [
        f"/sitzungen/{meeting.pk}/bearbeiten/",
        f"/sitzungen/{meeting.pk}/tagesordnung/{item.pk}/bearbeiten/",
        f"/sitzungen/{meeting.pk}/ergebnisse/{outcome.pk}/bearbeiten/",
        f"/sitzungen/{meeting.pk}/ergebnisse/{outcome.pk}/loeschen/",
    ]


# Who may correct


def test_coordinators_open_every_correction_page(coordinator_client, seventh, decision):
    assert [coordinator_client.get(url).status_code for url in urls(seventh, decision)] == [200] * 4


@pytest.mark.parametrize("visitor", ["member_client", "observer_client"])
def test_members_and_observers_may_not_correct(request, visitor, seventh, decision):
    client = request.getfixturevalue(visitor)
    pages = urls(seventh, decision)

    assert [client.get(url).status_code for url in pages] == [403] * 4
    assert [client.post(url, {}).status_code for url in pages] == [403] * 4
    assert Outcome.objects.filter(pk=decision.pk).exists()


def test_anonymous_visitors_are_sent_to_sign_in(client, seventh, decision):
    responses = [client.get(url) for url in urls(seventh, decision)]

    assert [response.status_code for response in responses] == [302] * 4
    assert all(response["Location"].startswith("/anmelden/") for response in responses)


# A meeting


def test_the_announced_steering_group_gets_its_start_time(coordinator_client, steering_group):
    form = page_of(coordinator_client.get(f"/sitzungen/{steering_group.pk}/bearbeiten/"))
    assert 'name="date" value="16.06.2020"' in form

    response = coordinator_client.post(
        f"/sitzungen/{steering_group.pk}/bearbeiten/",
        {"version": current_version(steering_group), "date": "16.06.2020",
         "start_time": "16:00", "end_time": "18:00", "location": steering_group.location_id,
         "venue": "Rathaus Großpösna"},
    )  # fmt: skip

    assert response.status_code == 302
    steering_group.refresh_from_db()
    assert (steering_group.start_time, steering_group.end_time, steering_group.venue) == (
        datetime.time(16),
        datetime.time(18),
        "Rathaus Großpösna",
    )
    assert "16:00–18:00" in page_of(coordinator_client.get(f"/sitzungen/{steering_group.pk}/"))


def test_a_meeting_with_wrong_entries_names_each_field(coordinator_client, steering_group):
    page = page_of(
        coordinator_client.post(
            f"/sitzungen/{steering_group.pk}/bearbeiten/",
            {"version": current_version(steering_group), "date": "31.02.2020",
             "start_time": "18:00", "end_time": "16:00", "number": "0"},
        )
    )  # fmt: skip

    assert field_error(page, "date") == (
        "Bitte geben Sie den Tag als Tag.Monat.Jahr an, z. B. 16.06.2020."
    )
    assert field_error(page, "end_time") == "Das Ende einer Sitzung muss nach ihrem Beginn liegen."
    assert field_error(page, "number").startswith("Dieser Wert muss größer oder gleich 1 sein")
    steering_group.refresh_from_db()
    assert steering_group.start_time is None


def test_a_meeting_saved_by_someone_else_meanwhile_shows_their_change(
    coordinator_client, steering_group
):
    version = current_version(steering_group)
    steering_group.venue = "Rathaus"
    steering_group.save()

    page = page_of(
        coordinator_client.post(
            f"/sitzungen/{steering_group.pk}/bearbeiten/",
            {"version": version, "date": "16.06.2020", "venue": "Turnhalle"},
        )
    )

    assert "Inzwischen von jemand anderem geändert" in page
    steering_group.refresh_from_db()
    assert steering_group.venue == "Rathaus"


# A topic


def test_a_topic_is_corrected_and_an_empty_title_is_named(coordinator_client, seventh):
    item = seventh.agenda_items.order_by("order").first()
    url = f"/sitzungen/{seventh.pk}/tagesordnung/{item.pk}/bearbeiten/"

    page = page_of(coordinator_client.post(url, {"version": current_version(item), "title": ""}))
    assert field_error(page, "title") == "Dieses Feld ist zwingend erforderlich."

    response = coordinator_client.post(
        url, {"version": current_version(item), "title": "Stellenbörse (berichtigt)",
              "is_public": "on"},
    )  # fmt: skip
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.title == "Stellenbörse (berichtigt)"
    agenda = page_of(coordinator_client.get(f"/sitzungen/{seventh.pk}/tagesordnung/"))
    assert f'href="/sitzungen/{seventh.pk}/tagesordnung/{item.pk}/bearbeiten/"' in agenda


# A result


def test_a_result_with_wrong_entries_names_each_field(coordinator_client, seventh, decision):
    url = f"/sitzungen/{seventh.pk}/ergebnisse/{decision.pk}/bearbeiten/"

    page = page_of(coordinator_client.post(url, correction_data(decision, text="", votes_yes="-1")))

    assert field_error(page, "text") == "Dieses Feld ist zwingend erforderlich."
    assert field_error(page, "votes_yes").startswith("Dieser Wert muss größer oder gleich 0 sein")


def test_a_new_status_without_measures_is_named_at_the_status(
    coordinator_client, seventh, decision
):
    url = f"/sitzungen/{seventh.pk}/ergebnisse/{decision.pk}/bearbeiten/"

    page = page_of(
        coordinator_client.post(
            url, correction_data(decision, measures=[], new_status=MeasureStatus.DONE)
        )
    )

    assert field_error(page, "new_status") == (
        "Bitte geben Sie für einen neuen Status die Maßnahmen an, für die er gilt."
    )
    assert StatusChange.objects.filter(outcome=decision).count() == 1


def test_a_result_corrected_replaces_its_status_changes_and_removes_its_tasks(
    coordinator_client, seventh, decision
):
    response = coordinator_client.post(
        f"/sitzungen/{seventh.pk}/ergebnisse/{decision.pk}/bearbeiten/",
        correction_data(decision, new_status=MeasureStatus.ON_HOLD, keep_tasks=""),
    )

    assert response.status_code == 302
    assert [c.to_status for c in StatusChange.objects.filter(outcome=decision)] == [
        MeasureStatus.ON_HOLD
    ]
    assert not Task.objects.filter(title="Kosten ermitteln").exists()


def test_a_published_result_corrected_shows_berichtigt_everywhere(
    client, coordinator_client, cooperation
):
    shown = public_outcomes(cooperation).first()
    meeting = shown.meeting
    url = f"/sitzungen/{meeting.pk}/ergebnisse/{shown.pk}/bearbeiten/"
    assert "Die Sitzung ist veröffentlicht" in page_of(coordinator_client.get(url))

    response = coordinator_client.post(url, correction_data(shown, text="Berichtigter Wortlaut"))

    assert response.status_code == 302
    note = r"Berichtigt am \d\d\.\d\d\.\d{4} von Karin Koch"
    public = page_of(client.get("/k/partheland/"))
    assert "Berichtigter Wortlaut" in public
    assert f"<p>{shown.text}</p>" not in public
    assert re.search(note, public)
    assert re.search(note, page_of(coordinator_client.get(f"/sitzungen/{meeting.pk}/")))
    document = minutes.build_document(meeting, minutes.MINUTES)
    results = document.loose_results + [r for item in document.items for r in item.results]
    corrected = [r for r in results if r.correction]
    assert [r.text for r in corrected] == ["Berichtigter Wortlaut"]
    assert re.fullmatch(note, corrected[0].correction)


def test_a_result_of_an_unpublished_meeting_is_corrected_without_a_note(
    coordinator_client, steering_group
):
    outcome = record_outcome(meeting=steering_group, text="Vorbesprechung").outcome

    response = coordinator_client.post(
        f"/sitzungen/{steering_group.pk}/ergebnisse/{outcome.pk}/bearbeiten/",
        correction_data(outcome, text="Vorbesprechung der Lenkungsgruppe"),
    )

    assert response.status_code == 302
    page = page_of(coordinator_client.get(f"/sitzungen/{steering_group.pk}/"))
    assert "Vorbesprechung der Lenkungsgruppe" in page
    assert "Berichtigt am" not in page


# Deleting a result


def test_deleting_a_result_names_what_goes_with_it_then_deletes_it(
    coordinator_client, seventh, decision
):
    url = f"/sitzungen/{seventh.pk}/ergebnisse/{decision.pk}/loeschen/"
    change = StatusChange.objects.get(outcome=decision)

    page = page_of(coordinator_client.get(url))
    assert "Zentralisierung Gewerbeamt: in Prüfung → beschlossen am 11.05.2020" in page
    assert "Kosten ermitteln" in page
    assert Outcome.objects.filter(pk=decision.pk).exists()

    response = coordinator_client.post(url, {"version": current_version(decision)})

    assert response.status_code == 302
    assert not Outcome.objects.filter(pk=decision.pk).exists()
    assert not StatusChange.objects.filter(pk=change.pk).exists()
    assert not Task.objects.filter(title="Kosten ermitteln").exists()
