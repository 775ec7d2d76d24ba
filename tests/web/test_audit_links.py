"""The audit log's entries link to their objects' pages in the work area, never into
the admin; those pages show the object's history to coordinators."""

import datetime
import re

import pytest

from ikz.core.models import Role
from ikz.measures.domain import change_status
from ikz.meetings.models import Meeting
from tests.factories import (
    AgendaItemFactory,
    BodyFactory,
    MeasureFactory,
    MeetingFactory,
    OutcomeFactory,
    PersonFactory,
    RoleFactory,
    TaskFactory,
)

pytestmark = pytest.mark.django_db

HREF = re.compile(r'href="([^"]+)"')


@pytest.fixture
def work(cooperation, municipality):
    meeting = MeetingFactory(
        body=BodyFactory(cooperation=cooperation, name="Projektleitungsgruppe"),
        number=7,
        date=datetime.date(2020, 5, 11),
        state=Meeting.State.PLANNED,
    )
    item = AgendaItemFactory(meeting=meeting, title="Stellenbörse")
    OutcomeFactory(meeting=meeting, agenda_item=item, text="Beschlossen.")
    measure = MeasureFactory(cooperation=cooperation, title="Gemeinsame Stellenbörse")
    task = TaskFactory(cooperation=cooperation, title="Stellen sammeln", measure=measure)
    PersonFactory(cooperation=cooperation, municipality=municipality, name="Paula Peters")
    RoleFactory(cooperation=cooperation, kind=Role.Kind.OBSERVER)
    return meeting, measure, task


def test_audit_page_links_into_the_work_area_only(coordinator_client, coordinator, work):
    meeting, measure, task = work
    assert not coordinator.is_superuser

    page = coordinator_client.get("/k/partheland/protokoll/").content.decode()

    # The page's own content: the header's "Daten" link is the layout's (shown to
    # superusers alone once the master data has its pages).
    main = page[page.index("<main") : page.index("</main>")]
    links = set(HREF.findall(main))
    assert not [link for link in links if "/admin/" in link]
    assert {
        f"/sitzungen/{meeting.pk}/",
        f"/massnahmen/{measure.pk}/",
        f"/aufgaben/{task.pk}/",
        "/k/partheland/rollen/",
    } <= links
    # A person has no work page: named, not linked.
    assert "„Paula Peters" in page
    for link in links & {
        f"/sitzungen/{meeting.pk}/",
        f"/massnahmen/{measure.pk}/",
        f"/aufgaben/{task.pk}/",
        "/k/partheland/rollen/",
    }:
        assert coordinator_client.get(link).status_code == 200, link


def test_a_topic_and_a_result_link_to_their_meeting(coordinator_client, work):
    meeting, _measure, _task = work

    page = coordinator_client.get("/k/partheland/protokoll/?kind=meetings.AgendaItem").content
    results = coordinator_client.get("/k/partheland/protokoll/?kind=meetings.Outcome").content

    assert f'<a href="/sitzungen/{meeting.pk}/">„Stellenbörse“</a>' in page.decode()
    assert f'<a href="/sitzungen/{meeting.pk}/">„Beschlossen.“</a>' in results.decode()


def test_a_status_change_links_to_its_measure(coordinator_client, work):
    _meeting, measure, _task = work
    change_status(measure=measure, to_status="decided", date=datetime.date(2020, 6, 1))

    page = coordinator_client.get("/k/partheland/protokoll/?kind=measures.StatusChange")

    assert f'<a href="/massnahmen/{measure.pk}/">' in page.content.decode()


def test_a_deleted_objects_entry_has_no_link(coordinator_client, work):
    _meeting, _measure, task = work
    task_id = task.pk
    task.delete()

    page = coordinator_client.get("/k/partheland/protokoll/?kind=measures.Task").content.decode()

    assert f"/aufgaben/{task_id}/" not in page


@pytest.mark.parametrize("page", ["meeting", "measure", "task"])
def test_work_pages_show_their_history_to_coordinators(
    coordinator_client, observer_client, work, page
):
    meeting, measure, task = work
    path = {
        "meeting": f"/sitzungen/{meeting.pk}/",
        "measure": f"/massnahmen/{measure.pk}/",
        "task": f"/aufgaben/{task.pk}/",
    }[page]

    shown = coordinator_client.get(path).content.decode()

    assert '<h2 id="audit-history">Verlauf</h2>' in shown
    assert "Angelegt" in shown
    assert "Verlauf" not in observer_client.get(path).content.decode()


def test_a_meetings_history_names_its_topics(coordinator_client, work):
    meeting, _measure, _task = work

    page = coordinator_client.get(f"/sitzungen/{meeting.pk}/").content.decode()

    assert "Angelegt Tagesordnungspunkt „Stellenbörse“" in page
    assert "Sitzung: – → 7. Projektleitungsgruppe, 11.05.2020" in page
