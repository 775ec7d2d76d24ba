"""The cockpit page on the Partheland demo: who may see it, where a sign-in lands, its
sections and charts, and a number of queries that does not grow with the data."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from ikz.core.models import Body, Municipality, Role
from ikz.measures.domain import Due, change_status, create_task
from ikz.reports.models import StatusReport
from tests.conftest import signed_in
from tests.factories import (
    CooperationFactory,
    FieldOfActionFactory,
    MeasureFactory,
    MeetingFactory,
    OutcomeFactory,
    RoleFactory,
    StatusReportFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

URL = "/k/partheland/cockpit/"


@pytest.fixture
def cooperation(demo):
    return demo


@pytest.fixture
def yellow_and_issued(cooperation):
    """A measure turned yellow by a task a week late, and a report issued a month ago."""
    today = timezone.localdate()
    measure = MeasureFactory(cooperation=cooperation, title="Gemeinsames Gewerbeamt Test")
    change_status(measure=measure, to_status="in_progress", date=today - datetime.timedelta(40))
    create_task(
        cooperation=cooperation, title="Satzung entwerfen", measure=measure,
        owner=Municipality.objects.get(name="Naunhof"),
        due=Due.on_day(today - datetime.timedelta(days=7)),
        created_on=today - datetime.timedelta(days=60),
    )  # fmt: skip
    StatusReportFactory(
        cooperation=cooperation,
        period_start=datetime.date(2000, 1, 1),
        period_end=today - datetime.timedelta(days=30),
        report_date=today - datetime.timedelta(days=30),
        state=StatusReport.State.FINAL,
        snapshot={},
        issued_at=timezone.now(),
    )
    return measure


def test_anonymous_visitors_are_sent_to_sign_in(client):
    response = client.get(URL)

    assert (response.status_code, response["Location"]) == (302, f"/anmelden/?next={URL}")


@pytest.mark.parametrize("role", ["member", "observer", "coordinator"])
def test_the_cooperations_people_see_the_cockpit(request, role, yellow_and_issued):
    client = signed_in(request.getfixturevalue(role))

    page = client.get(URL).content.decode()

    assert "<h1>Cockpit von Partheland</h1>" in page
    assert '<h2 id="seit-dem-letzten-bericht">Seit dem letzten Bericht</h2>' in page
    assert "<summary>Warum gelb?" in page
    assert 'role="img"' in page


def test_another_cooperations_coordinator_is_refused(client, cooperation):
    other = CooperationFactory(name="Muldental", slug="muldental")
    client.force_login(RoleFactory(cooperation=other, kind=Role.Kind.COORDINATOR).user)

    assert client.get(URL).status_code == 403


def test_a_yellow_measure_shows_why_and_links_to_itself(coordinator_client, yellow_and_issued):
    page = coordinator_client.get(URL).content.decode()

    measure = yellow_and_issued
    assert f'<a href="/massnahmen/{measure.pk}/">Gemeinsames Gewerbeamt Test</a>' in page
    assert "Die Aufgabe „Satzung entwerfen“ ist seit 7 Tagen überfällig." in page


def test_since_the_last_report_links_each_line(coordinator_client, yellow_and_issued):
    page = coordinator_client.get(URL).content.decode()

    since = page.partition('id="seit-dem-letzten-bericht"')[2].partition("</section>")[0]
    links = re.findall(r'<a href="([^"]+)">', since)
    # The report counted from, then each line's object.
    assert re.fullmatch(r"/berichte/\d+/", links[0])
    assert links[1:] and all(
        re.fullmatch(r"/(massnahmen|aufgaben|sitzungen)/\d+/", link) for link in links[1:]
    )


def test_a_member_sees_their_municipalitys_tasks_first(member_client, yellow_and_issued):
    page = member_client.get(URL).content.decode()

    tasks = page.partition('<h2 id="aufgaben">')[2].partition("</section>")[0]
    first_group = re.search(r"<h3>([^<]+?)\s*<", tasks)[1]
    assert first_group == "Naunhof"
    assert '<span class="tag">Ihre Kommune</span>' in tasks


def test_the_charts_tables_hold_the_numbers(coordinator_client, cooperation):
    page = coordinator_client.get(URL).content.decode()

    assert page.count('role="img"') == 2
    assert page.count("<summary>Tabelle zum Diagramm</summary>") == 2
    assert 'viewBox="0 0 400 ' in page
    # SVG coordinates take a point, whatever the language writes numbers with.
    assert re.findall(r'(?:x|y|width|height)="[^"]*,', page) == []


def test_sign_in_lands_on_the_cockpit_of_the_only_cooperation(client, coordinator):
    client.force_login(coordinator)

    response = client.get("/start/")

    assert (response.status_code, response["Location"]) == (302, URL)


def test_several_cooperations_offer_each_cockpit(client, cooperation):
    user = UserFactory()
    muldental = CooperationFactory(name="Muldental", slug="muldental")
    for each in (cooperation, muldental):
        RoleFactory(user=user, cooperation=each, kind=Role.Kind.OBSERVER)
    client.force_login(user)

    page = client.get("/start/").content.decode()

    content = page.partition('<main id="main"')[2].partition("</main>")[0]
    assert re.findall(r'<li><a href="([^"]+)">([^<]+)</a></li>', content) == [
        ("/k/muldental/cockpit/", "Muldental"),
        ("/k/partheland/cockpit/", "Partheland"),
    ]


def more_data(cooperation, count: int) -> None:
    """``count`` more measures with a late task, a status change, a meeting ahead and a
    held one with a result, in fields of action of their own."""
    today = timezone.localdate()
    body = Body.objects.filter(cooperation=cooperation).first()
    for _index in range(count):
        measure = MeasureFactory(
            cooperation=cooperation, field_of_action=FieldOfActionFactory(cooperation=cooperation)
        )
        change_status(measure=measure, to_status="decision_pending", date=today)
        create_task(
            cooperation=cooperation, measure=measure, title="Mehr",
            due=Due.on_day(today - datetime.timedelta(days=3)),
            created_on=today - datetime.timedelta(days=10),
        )  # fmt: skip
        create_task(cooperation=cooperation, title="Bald", due=Due.by_next_meeting_of(body))
        MeetingFactory(body=body, date=today + datetime.timedelta(days=20), state="planned")
        OutcomeFactory(meeting=MeetingFactory(body=body, date=today - datetime.timedelta(days=2)))


def test_query_count_does_not_grow_with_twice_the_data(coordinator_client, yellow_and_issued):
    cooperation = yellow_and_issued.cooperation
    more_data(cooperation, 4)
    counts = []
    for _round in range(2):
        with CaptureQueriesContext(connection) as queries:
            assert coordinator_client.get(URL).status_code == 200
        counts.append(len(queries))
        more_data(cooperation, 8)

    assert counts[0] == counts[1]
    assert counts[0] <= 30
