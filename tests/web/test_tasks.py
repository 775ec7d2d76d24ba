"""Tasks in the browser: the lists (open, mine, of a municipality or body, overdue, due
soon, done), marking one done (also inline with htmx), moving its due date with a
reason kept in its history, and giving it to someone, on the Partheland demo."""

import datetime
import re

import pytest
from django.utils import timezone

from ikz.core.models import Body, Municipality, Person
from ikz.core.versions import current_version
from ikz.measures.domain import Due, create_task, move_due
from ikz.measures.models import Task
from ikz.meetings.domain import schedule_meeting

pytestmark = pytest.mark.django_db


@pytest.fixture
def cooperation(demo):
    """The Partheland demo, whose people the role fixtures are."""
    return demo


def page_of(response) -> str:
    assert response.status_code == 200
    return response.content.decode()


def listed(page: str) -> list[str]:
    return re.findall(r'<a href="/aufgaben/\d+/">([^<]+)</a>', page)


@pytest.fixture
def tasks(cooperation):
    """Tasks of Naunhof and Brandis around today: late, soon, later, done."""
    today = timezone.localdate()
    naunhof, brandis = (Municipality.objects.get(name=name) for name in ("Naunhof", "Brandis"))
    steering = Body.objects.get(cooperation=cooperation, name="Lenkungsgruppe")
    made = {}
    for title, owner, days in (
        ("Zahlen liefern", naunhof, -40),
        ("Raum buchen", brandis, 5),
        ("Konzept schreiben", naunhof, 60),
        ("Sitzung vorbereiten", steering, 20),
    ):
        made[title] = create_task(
            cooperation=cooperation,
            title=title,
            owner=owner,
            due=Due.on_day(today + datetime.timedelta(days=days)),
            created_on=today - datetime.timedelta(days=90),
        )
    done = create_task(cooperation=cooperation, title="Protokoll versenden", owner=naunhof)
    done.state, done.done_on = Task.State.DONE, today
    done.save()
    made["Protokoll versenden"] = done
    return made


def send(client, url: str, data: dict):
    """Post ``data`` as the form at ``url`` would, with the version it carries."""
    version = client.get(url).context["form"]["version"].value()
    return client.post(url, {**data, "version": version})


def test_open_tasks_are_listed_soonest_due_first_with_the_late_ones_marked(
    coordinator_client, tasks
):
    page = page_of(coordinator_client.get("/k/partheland/aufgaben/"))

    mine = [title for title in listed(page) if title in tasks]
    assert mine == ["Zahlen liefern", "Raum buchen", "Sitzung vorbereiten", "Konzept schreiben"]
    late = page.partition(">Zahlen liefern<")[2].partition("</tr>")[0]
    assert "40 Tage überfällig" in late
    assert "Protokoll versenden" not in page


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("ansicht=ueberfaellig", ["Zahlen liefern"]),
        ("ansicht=bald", ["Raum buchen"]),
        ("ansicht=erledigt", ["Protokoll versenden"]),
    ],
)
def test_task_views(coordinator_client, tasks, query, expected):
    page = page_of(coordinator_client.get(f"/k/partheland/aufgaben/?{query}"))

    assert [title for title in listed(page) if title in tasks] == expected


def test_tasks_of_a_municipality_include_those_of_its_people(
    coordinator_client, cooperation, tasks
):
    naunhof = Municipality.objects.get(name="Naunhof")
    mayor = Person.objects.create(
        cooperation=cooperation, role="Bürgermeister", municipality=naunhof
    )
    create_task(cooperation=cooperation, title="Anschreiben unterzeichnen", owner=mayor)

    page = page_of(coordinator_client.get(f"/k/partheland/aufgaben/?kommune={naunhof.pk}"))

    assert set(listed(page)) == {"Zahlen liefern", "Konzept schreiben", "Anschreiben unterzeichnen"}


def test_tasks_of_a_body_include_those_due_by_its_meetings(coordinator_client, cooperation, tasks):
    steering = Body.objects.get(cooperation=cooperation, name="Lenkungsgruppe")
    meeting = schedule_meeting(body=steering, date=timezone.localdate() + datetime.timedelta(9))
    create_task(
        cooperation=cooperation,
        title="Vorlage zur Lenkungsgruppe",
        owner=Municipality.objects.get(name="Brandis"),
        due=Due.by_meeting(meeting),
    )

    page = page_of(coordinator_client.get(f"/k/partheland/aufgaben/?gremium={steering.pk}"))

    # The demo's task due by the Lenkungsgruppe of 16.06.2020 too.
    assert set(listed(page)) == {
        "Sitzung vorbereiten",
        "Vorlage zur Lenkungsgruppe",
        "Erstellung eines konkreten Zeitplans für die Zentralisierung des Gewerbeamts",
    }


def test_my_tasks_are_those_of_my_person_and_my_municipality(
    member_client, member, municipality, cooperation, tasks
):
    me = Person.objects.create(
        cooperation=cooperation, role="Hauptamtsleiterin", municipality=municipality, user=member
    )
    create_task(cooperation=cooperation, title="Meine Zuarbeit", owner=me)

    page = page_of(member_client.get("/k/partheland/aufgaben/?ansicht=meine"))

    assert set(listed(page)) == {"Zahlen liefern", "Konzept schreiben", "Meine Zuarbeit"}


def test_a_member_marks_their_municipalitys_task_done_but_not_anothers(member_client, tasks):
    page = page_of(member_client.get("/k/partheland/aufgaben/"))
    response = member_client.post(
        f"/aufgaben/{tasks['Zahlen liefern'].pk}/erledigt/", {"next": "/k/partheland/aufgaben/"}
    )
    refused = member_client.post(f"/aufgaben/{tasks['Raum buchen'].pk}/erledigt/")

    assert f'action="/aufgaben/{tasks["Zahlen liefern"].pk}/erledigt/"' in page
    assert f'action="/aufgaben/{tasks["Raum buchen"].pk}/erledigt/"' not in page
    assert (response.status_code, response["Location"]) == (302, "/k/partheland/aufgaben/")
    assert refused.status_code == 403
    done = Task.objects.get(pk=tasks["Zahlen liefern"].pk)
    assert (done.state, done.done_on) == ("done", timezone.localdate())
    assert Task.objects.get(pk=tasks["Raum buchen"].pk).state == "open"


def test_marking_done_inline_answers_the_row_alone(coordinator_client, tasks):
    task = tasks["Raum buchen"]

    response = coordinator_client.post(f"/aufgaben/{task.pk}/erledigt/", HTTP_HX_REQUEST="true")

    row = page_of(response)
    assert row.startswith(f'<tr id="task-{task.pk}">')
    assert f"erledigt am {timezone.localdate():%d.%m.%Y}" in row
    assert "<form" not in row


def test_marking_a_done_task_done_again_says_so(coordinator_client, tasks):
    task = tasks["Protokoll versenden"]

    response = coordinator_client.post(f"/aufgaben/{task.pk}/erledigt/", follow=True)

    assert "„Protokoll versenden“ ist schon erledigt." in page_of(response)


def test_moving_the_due_date_keeps_the_reason_in_the_tasks_history(coordinator_client, tasks):
    task = tasks["Konzept schreiben"]

    response = send(
        coordinator_client,
        f"/aufgaben/{task.pk}/termin/",
        {"due": "Q3 2031", "reason": "Personal fehlt bis Sommer"},
    )

    assert response.status_code == 302
    task.refresh_from_db()
    assert (task.due_precision, task.due_date) == ("quarter", datetime.date(2031, 7, 1))
    page = page_of(coordinator_client.get(f"/aufgaben/{task.pk}/"))
    moved = page.partition("<h2>Termin verschoben</h2>")[2]
    assert "→ bis Ende Q3 2031" in moved
    assert "Personal fehlt bis Sommer" in moved


@pytest.mark.parametrize(
    ("due", "text"),
    [
        (Due.in_quarter(2031, 3), "bis Ende Q3 2031"),
        (Due.in_month(2031, 7), "bis Ende Juli 2031"),
        (Due.on_day(datetime.date(2031, 7, 9)), "bis 09.07.2031"),
    ],
)
def test_the_form_to_move_a_due_date_starts_from_the_current_one(
    coordinator_client, tasks, due, text
):
    task = tasks["Konzept schreiben"]
    move_due(task, due=due, reason="Neu geplant", version=current_version(task))

    form = coordinator_client.get(f"/aufgaben/{task.pk}/termin/").context["form"]

    assert form["due"].value() == text


def test_the_form_to_move_a_due_date_by_a_meeting_names_its_body(
    coordinator_client, cooperation, tasks
):
    task = Task.objects.get(cooperation=cooperation, title__startswith="Erstellung eines konk")

    form = coordinator_client.get(f"/aufgaben/{task.pk}/termin/").context["form"]

    meeting = task.due_meeting
    assert form["due"].value() == (
        f"bis zur Sitzung „{meeting.body.name}“ am {meeting.date:%d.%m.%Y}"
    )


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"due": "Juli 2031", "reason": ""}, "reason"),
        ({"due": "Sommer", "reason": "Urlaub"}, "due"),
        ({"due": "31.02.2031", "reason": "Urlaub"}, "due"),
    ],
)
def test_moving_the_due_date_wrongly_names_the_field_and_changes_nothing(
    coordinator_client, tasks, data, field
):
    task = tasks["Konzept schreiben"]

    response = coordinator_client.post(f"/aufgaben/{task.pk}/termin/", data)

    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert Task.objects.get(pk=task.pk).due_date == task.due_date


def test_moving_a_due_date_someone_else_moved_meanwhile_is_refused_and_keeps_the_entry(
    coordinator_client, tasks
):
    task = tasks["Konzept schreiben"]
    version = (
        coordinator_client.get(f"/aufgaben/{task.pk}/termin/").context["form"]["version"].value()
    )
    move_due(
        task, due=Due.in_month(2031, 9), reason="Haushaltssperre", version=current_version(task)
    )
    data = {"due": "Q3 2031", "reason": "Urlaub", "version": version}

    response = coordinator_client.post(f"/aufgaben/{task.pk}/termin/", data)

    page = page_of(response)
    assert "Inzwischen von jemand anderem geändert" in page
    assert 'value="Q3 2031"' in page and "Urlaub" in page
    assert Task.objects.get(pk=task.pk).due_date == datetime.date(2031, 9, 1)
    data["version"] = response.context["form"].data["version"]
    assert coordinator_client.post(f"/aufgaben/{task.pk}/termin/", data).status_code == 302
    assert Task.objects.get(pk=task.pk).due_date == datetime.date(2031, 7, 1)


def test_done_tasks_without_their_date_are_listed_last(coordinator_client, tasks):
    # The admin lets a coordinator mark a task done without a date.
    Task.objects.filter(pk=tasks["Zahlen liefern"].pk).update(state=Task.State.DONE)

    page = page_of(coordinator_client.get("/k/partheland/aufgaben/?ansicht=erledigt"))

    assert page.index("Protokoll versenden") < page.index("Zahlen liefern")


def test_a_coordinator_gives_a_task_to_another_municipality(coordinator_client, tasks):
    task = tasks["Konzept schreiben"]
    brandis = Municipality.objects.get(name="Brandis")

    response = send(
        coordinator_client,
        f"/aufgaben/{task.pk}/zuweisen/",
        {"owner": f"municipality:{brandis.pk}"},
    )

    assert response.status_code == 302
    assert Task.objects.get(pk=task.pk).owner_municipality == brandis


def test_a_coordinator_gives_a_task_to_a_partner(coordinator_client, tasks, cooperation):
    task = tasks["Konzept schreiben"]
    partner = cooperation.partners.order_by("name").first()

    form = page_of(coordinator_client.get(f"/aufgaben/{task.pk}/zuweisen/"))
    response = send(
        coordinator_client, f"/aufgaben/{task.pk}/zuweisen/", {"owner": f"partner:{partner.pk}"}
    )

    assert '<optgroup label="Partner">' in form and f'value="partner:{partner.pk}"' in form
    assert response.status_code == 302
    assert Task.objects.get(pk=task.pk).owner == partner
    assert partner.name in page_of(coordinator_client.get(f"/aufgaben/{task.pk}/"))


def test_a_member_passes_a_task_to_a_colleague_but_does_not_give_it_away(
    member_client, municipality, cooperation, tasks
):
    colleague = Person.objects.create(
        cooperation=cooperation, role="Kämmerin", municipality=municipality
    )
    task = tasks["Konzept schreiben"]
    brandis = Municipality.objects.get(name="Brandis")

    refused = send(
        member_client, f"/aufgaben/{task.pk}/zuweisen/", {"owner": f"municipality:{brandis.pk}"}
    )
    passed = send(
        member_client, f"/aufgaben/{task.pk}/zuweisen/", {"owner": f"person:{colleague.pk}"}
    )

    assert "nur Ihrer eigenen Kommune" in page_of(refused)
    assert passed.status_code == 302
    assert Task.objects.get(pk=task.pk).owner_person == colleague


def test_marking_done_goes_back_to_a_page_of_this_site_only(coordinator_client, tasks):
    task = tasks["Raum buchen"]

    response = coordinator_client.post(
        f"/aufgaben/{task.pk}/erledigt/", {"next": "https://example.com/"}
    )

    assert response["Location"] == f"/aufgaben/{task.pk}/"
