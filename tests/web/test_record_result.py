"""Recording a result in one short step: from a topic, its measures ticked, the tasks
that brought it to the agenda closed with it, one due field per task, and the errors
listed at the top, each linking to its field."""

import datetime
import re

import pytest

from ikz.measures.domain import Due, create_task
from ikz.measures.models import Task
from ikz.meetings.domain import add_agenda_item, schedule_meeting
from tests.factories import BodyFactory, MeasureFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def setting(cooperation):
    """The 3rd Lenkungsgruppe on 16.06.2020 with a topic on the Stellenbörse, put on its
    agenda by a task due by it; another measure and task beside it."""
    steering = BodyFactory(cooperation=cooperation, name="Lenkungsgruppe")
    BodyFactory(cooperation=cooperation, name="Projektleitungsgruppe")
    jobs = MeasureFactory(cooperation=cooperation, title="Stellenbörse")
    other = MeasureFactory(cooperation=cooperation, title="Gewerbeamt")
    meeting = schedule_meeting(body=steering, date=datetime.date(2020, 6, 16), number=3)
    origin = create_task(
        cooperation=cooperation, title="Stellenbörse: Entscheidung vorbereiten", measure=jobs,
        due=Due.by_meeting(meeting), created_on=datetime.date(2020, 5, 11),
    )  # fmt: skip
    unrelated = create_task(
        cooperation=cooperation, title="Gewerbeamt prüfen", measure=other,
        due=Due.by_meeting(meeting), created_on=datetime.date(2020, 5, 11),
    )  # fmt: skip
    item = add_agenda_item(meeting=meeting, title="Stellenbörse", measures=[jobs])
    return {"meeting": meeting, "item": item, "jobs": jobs, "other": other,
            "origin": origin, "unrelated": unrelated}  # fmt: skip


def post(client, meeting, **fields):
    data = {
        "kind": "decision",
        "text": "Die Stellenbörse wird eingerichtet.",
        "is_public": "on",
        "tasks-TOTAL_FORMS": "2",
        "tasks-INITIAL_FORMS": "0",
        **fields,
    }
    return client.post(f"/sitzungen/{meeting.pk}/ergebnis/", data)


def test_meeting_page_offers_to_record_a_result_on_each_topic(coordinator_client, setting):
    meeting, item = setting["meeting"], setting["item"]

    page = coordinator_client.get(f"/sitzungen/{meeting.pk}/").content.decode()

    assert f'href="/sitzungen/{meeting.pk}/ergebnis/?top={item.pk}"' in page


def test_record_form_from_a_topic_ticks_its_measures_and_originating_tasks(
    coordinator_client, setting
):
    meeting, item = setting["meeting"], setting["item"]

    response = coordinator_client.get(f"/sitzungen/{meeting.pk}/ergebnis/?top={item.pk}")

    form = response.context["form"]
    assert form["agenda_item"].value() == item.pk
    assert [choice.data["value"] for choice in response.context["chosen_measures"]] == [
        setting["jobs"].pk
    ]
    assert [c.data["value"] for c in response.context["other_measures"]] == [setting["other"].pk]
    assert form["closes"].value() == [setting["origin"].pk]
    assert '<details class="vote-details">' in response.content.decode()


def test_recording_a_result_closes_the_originating_tasks_and_keeps_an_open_due(
    coordinator_client, setting
):
    meeting, item, origin = setting["meeting"], setting["item"], setting["origin"]

    response = post(
        coordinator_client, meeting, agenda_item=item.pk, measures=[setting["jobs"].pk],
        closes=[origin.pk],
        **{"tasks-0-title": "Stelle ausschreiben",
           "tasks-0-due": "bis zur nächsten Lenkungsgruppe"},
    )  # fmt: skip

    assert response.status_code == 302
    outcome = meeting.outcomes.get()
    origin.refresh_from_db()
    assert (origin.state, origin.done_on, origin.closed_by_outcome) == (
        "done", datetime.date(2020, 6, 16), outcome,
    )  # fmt: skip
    assert Task.objects.get(pk=setting["unrelated"].pk).state == "open"
    new = outcome.tasks.get()
    assert (new.due_meeting, new.due_body.name) == (None, "Lenkungsgruppe")


def test_a_wrong_entry_is_listed_at_the_top_linking_to_its_field_and_stores_nothing(
    coordinator_client, setting
):
    meeting = setting["meeting"]

    response = post(
        coordinator_client, meeting, text="",
        **{"tasks-0-title": "Stelle ausschreiben", "tasks-0-due": "Sommer 2020",
           "tasks-1-title": "Kosten schätzen", "tasks-1-due": "Q3 2020"},
    )  # fmt: skip

    page = response.content.decode()
    summary = re.search(
        r'<div class="kern-alert kern-alert--danger error-summary".*?</ul>', page, re.S
    )
    links = re.findall(r'<a class="kern-link" href="#([^"]+)">([^<]+)</a>', summary[0])
    assert links == [
        ("id_text", "Dieses Feld ist zwingend erforderlich."),
        (
            "id_tasks-0-due",
            "Aufgabe 1: Fällig: „Sommer 2020“ ist kein Termin, den dieses Feld lesen kann; "
            "schreiben Sie z. B. 16.06.2020, Juli 2020, 07/2020, Q3 2020 oder „bis zur "
            "nächsten Lenkungsgruppe“.",
        ),
    ]
    assert 'id="id_tasks-0-due"' in page
    # The due date it did read says what it understood.
    assert "Verstanden als: bis Ende Q3 2020." in page
    assert not meeting.outcomes.exists()


def test_choosing_no_topic_ticks_nothing_and_shows_every_measure(coordinator_client, setting):
    response = coordinator_client.get(f"/sitzungen/{setting['meeting'].pk}/ergebnis/")

    assert response.context["chosen_measures"] == []
    assert len(response.context["other_measures"]) == 2
    assert not response.context["form"]["closes"].value()
