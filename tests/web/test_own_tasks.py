"""Tasks of their own in the browser, on the Partheland demo: a new task on the task list,
a measure's page and a meeting's page; renaming, commenting, a done date, opening again
with a reason; who may do it (coordinators, the task's municipality; not another
municipality, not an observer); "meine Aufgaben" of a member; the list as CSV."""

import csv
import datetime
import io
import re

import pytest
from django.utils import timezone

from ikz.core.models import Municipality, Role
from ikz.core.versions import current_version
from ikz.measures.domain import Due, complete_task, create_task
from ikz.measures.models import Measure, Task, TaskComment
from ikz.meetings.models import Meeting
from tests.conftest import signed_in
from tests.factories import RoleFactory, UserFactory

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
SET_ON = TODAY - datetime.timedelta(days=30)


@pytest.fixture
def cooperation(demo):
    """The Partheland demo, whose people the role fixtures are."""
    return demo


@pytest.fixture
def naunhof_task(cooperation, municipality):
    return create_task(
        cooperation=cooperation, title="Zahlen liefern", owner=municipality, created_on=SET_ON,
        due=Due.on_day(TODAY + datetime.timedelta(days=5)),
    )  # fmt: skip


@pytest.fixture
def brandis_client(cooperation):
    """Bernd Brandt, a member for Brandis: another municipality than the task's."""
    user = UserFactory(username="brandis", first_name="Bernd", last_name="Brandt")
    RoleFactory(
        user=user, cooperation=cooperation, kind=Role.Kind.MEMBER,
        municipality=Municipality.objects.get(name="Brandis"),
    )  # fmt: skip
    return signed_in(user)


def page_of(response) -> str:
    assert response.status_code == 200
    return response.content.decode()


def listed(page: str) -> list[str]:
    return re.findall(r'<a href="/aufgaben/\d+/">([^<]+)</a>', page)


def test_a_coordinator_creates_a_task_on_the_task_list(coordinator_client, cooperation):
    page = page_of(coordinator_client.get("/k/partheland/aufgaben/"))
    measure = Measure.objects.filter(cooperation=cooperation).order_by("title").first()
    naunhof = Municipality.objects.get(name="Naunhof")

    response = coordinator_client.post(
        "/k/partheland/aufgaben/neu/",
        {"title": "Raum buchen", "description": "für 20 Personen", "measure": measure.pk,
         "owner": f"municipality:{naunhof.pk}"},
    )  # fmt: skip

    assert 'href="/k/partheland/aufgaben/neu/"' in page
    task = Task.objects.get(title="Raum buchen")
    assert response["Location"] == f"/aufgaben/{task.pk}/"
    assert (task.description, task.measure, task.owner, task.state, task.created_on) == (
        "für 20 Personen", measure, naunhof, "open", TODAY,
    )  # fmt: skip


def test_a_task_created_on_a_measures_page_has_the_measure_and_returns_there(
    coordinator_client, cooperation
):
    measure = Measure.objects.filter(cooperation=cooperation).order_by("title").first()
    page = page_of(coordinator_client.get(f"/massnahmen/{measure.pk}/"))
    link = re.search(r'href="(/k/partheland/aufgaben/neu/\?[^"]+)"', page)[1].replace("&amp;", "&")

    form = page_of(coordinator_client.get(link))
    response = coordinator_client.post(link, {"title": "Angebot einholen", "measure": measure.pk})

    assert f'<option value="{measure.pk}" selected>' in form
    assert response["Location"] == f"/massnahmen/{measure.pk}/"
    assert Task.objects.get(title="Angebot einholen").measure == measure
    assert "Angebot einholen" in page_of(coordinator_client.get(f"/massnahmen/{measure.pk}/"))


def test_a_meetings_page_offers_a_new_task_that_returns_there(
    coordinator_client, observer_client, cooperation
):
    meeting = Meeting.objects.filter(body__cooperation=cooperation).first()
    link = f"/k/partheland/aufgaben/neu/?next=/sitzungen/{meeting.pk}/"

    page = page_of(coordinator_client.get(f"/sitzungen/{meeting.pk}/"))
    response = coordinator_client.post(link, {"title": "Protokoll versenden"})

    assert f'href="/k/partheland/aufgaben/neu/?next=/sitzungen/{meeting.pk}/"' in page
    assert "/aufgaben/neu/" not in page_of(observer_client.get(f"/sitzungen/{meeting.pk}/"))
    assert response["Location"] == f"/sitzungen/{meeting.pk}/"


def test_a_new_task_without_a_title_shows_the_form_again(coordinator_client):
    response = coordinator_client.post("/k/partheland/aufgaben/neu/", {"description": "etwas"})

    page = page_of(response)
    assert 'id="id_title_error"' in page
    assert not Task.objects.filter(description="etwas").exists()


def test_a_member_creates_tasks_for_their_municipality_only(member_client, municipality):
    brandis = Municipality.objects.get(name="Brandis")

    own = member_client.post(
        "/k/partheland/aufgaben/neu/",
        {"title": "Zuarbeit Naunhof", "owner": f"municipality:{municipality.pk}"},
    )
    other = member_client.post(
        "/k/partheland/aufgaben/neu/",
        {"title": "Zuarbeit Brandis", "owner": f"municipality:{brandis.pk}"},
    )
    nobody = member_client.post("/k/partheland/aufgaben/neu/", {"title": "Zuarbeit niemand"})

    assert own.status_code == 302
    assert Task.objects.get(title="Zuarbeit Naunhof").owner == municipality
    for refused in (other, nobody):
        assert (
            "Sie dürfen eine Aufgabe nur Ihrer eigenen Kommune oder deren Personen geben."
            in page_of(refused)
        )
    assert not Task.objects.filter(title__in=["Zuarbeit Brandis", "Zuarbeit niemand"]).exists()


def test_an_observer_creates_no_task(observer_client):
    page = page_of(observer_client.get("/k/partheland/aufgaben/"))

    assert "/aufgaben/neu/" not in page
    assert observer_client.get("/k/partheland/aufgaben/neu/").status_code == 403
    assert observer_client.post("/k/partheland/aufgaben/neu/", {"title": "x"}).status_code == 403


def rename(client, task, data: dict):
    url = f"/aufgaben/{task.pk}/bearbeiten/"
    version = client.get(url).context["form"]["version"].value()
    return client.post(url, {**data, "version": version})


def test_a_member_renames_their_municipalitys_task(member_client, naunhof_task):
    response = rename(
        member_client, naunhof_task, {"title": "Fallzahlen liefern", "description": "2019"}
    )

    assert response["Location"] == f"/aufgaben/{naunhof_task.pk}/"
    naunhof_task.refresh_from_db()
    assert (naunhof_task.title, naunhof_task.description) == ("Fallzahlen liefern", "2019")


def test_renaming_after_someone_else_saved_shows_their_change(coordinator_client, naunhof_task):
    url = f"/aufgaben/{naunhof_task.pk}/bearbeiten/"
    version = current_version(naunhof_task)
    coordinator_client.post(url, {"title": "Erste Fassung", "version": version})

    page = page_of(coordinator_client.post(url, {"title": "Zweite Fassung", "version": version}))

    assert "in der Zwischenzeit gespeichert" in page
    assert Task.objects.get(pk=naunhof_task.pk).title == "Erste Fassung"


def test_another_municipality_and_an_observer_may_not_change_the_task(
    brandis_client, observer_client, naunhof_task
):
    complete_task(naunhof_task, on=TODAY)
    for client in (brandis_client, observer_client):
        statuses = [
            client.get(f"/aufgaben/{naunhof_task.pk}/bearbeiten/").status_code,
            client.post(f"/aufgaben/{naunhof_task.pk}/bearbeiten/", {"title": "x"}).status_code,
            client.post(f"/aufgaben/{naunhof_task.pk}/kommentar/", {"text": "x"}).status_code,
            client.post(f"/aufgaben/{naunhof_task.pk}/wieder-offen/", {"reason": "x"}).status_code,
        ]
        page = page_of(client.get(f"/aufgaben/{naunhof_task.pk}/"))

        assert statuses == [403, 403, 403, 403]
        assert "/wieder-offen/" not in page
        assert "/kommentar/" not in page
    assert Task.objects.get(pk=naunhof_task.pk).state == "done"
    assert TaskComment.objects.count() == 0


def test_a_member_comments_and_the_page_shows_author_and_time(member_client, naunhof_task):
    response = member_client.post(
        f"/aufgaben/{naunhof_task.pk}/kommentar/", {"text": "Borsdorf fehlt <noch>."}
    )

    assert response["Location"] == f"/aufgaben/{naunhof_task.pk}/#kommentare"
    comment = TaskComment.objects.get()
    page = page_of(member_client.get(f"/aufgaben/{naunhof_task.pk}/"))
    when = timezone.localtime(comment.created_at).strftime("%d.%m.%Y %H:%M")
    assert f"Nina Neumann am {when}" in page
    assert "Borsdorf fehlt &lt;noch&gt;." in page


def test_an_empty_comment_is_refused_at_its_field(member_client, naunhof_task):
    page = page_of(member_client.post(f"/aufgaben/{naunhof_task.pk}/kommentar/", {"text": " "}))

    assert 'id="id_text_error"' in page
    assert TaskComment.objects.count() == 0


def test_a_member_marks_the_task_done_on_a_past_day(member_client, naunhof_task):
    day = TODAY - datetime.timedelta(days=3)

    response = member_client.post(
        f"/aufgaben/{naunhof_task.pk}/erledigt/", {"done_on": f"{day:%d.%m.%Y}"}
    )

    assert response["Location"] == f"/aufgaben/{naunhof_task.pk}/"
    naunhof_task.refresh_from_db()
    assert (naunhof_task.state, naunhof_task.done_on) == ("done", day)
    page = page_of(member_client.get(f"/aufgaben/{naunhof_task.pk}/"))
    assert f"erledigt am {day:%d.%m.%Y}" in page


def test_the_task_page_offers_today_as_the_done_date(member_client, naunhof_task):
    page = page_of(member_client.get(f"/aufgaben/{naunhof_task.pk}/"))

    assert f'name="done_on" value="{TODAY:%d.%m.%Y}"' in page


@pytest.mark.parametrize(
    ("entered", "error"),
    [
        (
            (TODAY + datetime.timedelta(days=1)).strftime("%d.%m.%Y"),
            f"„Erledigt am“ darf nicht in der Zukunft liegen (heute ist der {TODAY:%d.%m.%Y}).",
        ),
        (
            (SET_ON - datetime.timedelta(days=1)).strftime("%d.%m.%Y"),
            "„Erledigt am“ darf nicht vor dem Tag liegen, an dem die Aufgabe vergeben wurde "
            f"({SET_ON:%d.%m.%Y}).",
        ),
        ("gestern", "Bitte geben Sie den Tag als Tag.Monat.Jahr an, z. B. 16.06.2020."),
    ],
)
def test_a_wrong_done_date_is_named_at_its_field(member_client, naunhof_task, entered, error):
    page = page_of(
        member_client.post(f"/aufgaben/{naunhof_task.pk}/erledigt/", {"done_on": entered})
    )

    assert error in page
    assert f'value="{entered}"' in page
    assert Task.objects.get(pk=naunhof_task.pk).state == "open"


def test_a_member_reopens_a_done_task_with_a_reason_shown_on_its_page(member_client, naunhof_task):
    complete_task(naunhof_task, on=TODAY)

    response = member_client.post(
        f"/aufgaben/{naunhof_task.pk}/wieder-offen/", {"reason": "Zahlen von Borsdorf fehlen."}
    )

    assert response["Location"] == f"/aufgaben/{naunhof_task.pk}/"
    naunhof_task.refresh_from_db()
    assert (naunhof_task.state, naunhof_task.done_on) == ("open", None)
    page = page_of(member_client.get(f"/aufgaben/{naunhof_task.pk}/"))
    history = page.partition("<h2>Erledigt und wieder geöffnet</h2>")[2]
    assert "Zahlen von Borsdorf fehlen." in history
    assert "Nina Neumann" in history


def test_reopening_without_a_reason_is_refused(member_client, naunhof_task):
    complete_task(naunhof_task, on=TODAY)

    page = page_of(member_client.post(f"/aufgaben/{naunhof_task.pk}/wieder-offen/", {}))

    assert 'id="id_reason_error"' in page
    assert Task.objects.get(pk=naunhof_task.pk).state == "done"


def test_my_tasks_of_a_member_without_a_person_record_are_their_municipalitys(
    member_client, naunhof_task, cooperation
):
    create_task(
        cooperation=cooperation, title="Stadtplan", owner=Municipality.objects.get(name="Brandis")
    )

    page = page_of(member_client.get("/k/partheland/aufgaben/?ansicht=meine"))

    assert "Zahlen liefern" in listed(page)
    assert "Stadtplan" not in listed(page)


def rows_of(response) -> list[list[str]]:
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text.removeprefix("\ufeff")), delimiter=";"))


def test_the_task_list_as_csv_holds_what_the_filter_chooses(
    observer_client, naunhof_task, cooperation
):
    create_task(
        cooperation=cooperation, title="Stadtplan", owner=Municipality.objects.get(name="Brandis")
    )
    naunhof = Municipality.objects.get(name="Naunhof")
    page = page_of(observer_client.get(f"/k/partheland/aufgaben/?kommune={naunhof.pk}"))

    response = observer_client.get(f"/k/partheland/aufgaben.csv?kommune={naunhof.pk}")

    assert f'href="/k/partheland/aufgaben.csv?kommune={naunhof.pk}"' in page
    assert "attachment;" in response["Content-Disposition"]
    header, *rows = rows_of(response)
    assert header == [
        "Aufgabe", "Beschreibung", "Maßnahme", "Zuständig", "Fällig", "fällig bis", "Status",
        "erledigt am", "vergeben am", "Tage überfällig",
    ]  # fmt: skip
    due = TODAY + datetime.timedelta(days=5)
    assert rows == [
        ["Zahlen liefern", "", "", "Naunhof", f"bis {due:%d.%m.%Y}", f"{due:%d.%m.%Y}",
         "offen", "", f"{SET_ON:%d.%m.%Y}", ""],
    ]  # fmt: skip


def test_the_csv_of_done_tasks_has_their_done_date(coordinator_client, naunhof_task):
    complete_task(naunhof_task, on=TODAY - datetime.timedelta(days=2))

    _header, *rows = rows_of(coordinator_client.get("/k/partheland/aufgaben.csv?ansicht=erledigt"))

    done = next(row for row in rows if row[0] == "Zahlen liefern")
    assert (done[6], done[7]) == ("erledigt", f"{TODAY - datetime.timedelta(days=2):%d.%m.%Y}")
