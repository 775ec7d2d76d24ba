"""The municipalities for the cooperation's people: the directory, the matrix of who
leads or takes part in which measure, and each municipality's page."""

import datetime
import re

import pytest
from django.test import Client
from django.utils import timezone

from ikz.core.domain import edit_municipality
from ikz.core.models import Body, Membership, Role
from ikz.core.versions import current_version
from ikz.measures.domain import change_status_by_hand
from ikz.measures.models import MeasureStatus, Task
from ikz.web.municipalities import abbreviations
from tests.factories import (
    BodyFactory,
    CooperationFactory,
    MeasureFactory,
    MunicipalityFactory,
    ParticipationFactory,
    PersonFactory,
    RoleFactory,
    TaskFactory,
)

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
ON_TRACK = "Im Plan: keine Aufgabe überfällig, keine Entscheidung über ihren Termin hinaus offen."


def add_municipality(cooperation, name, number, **fields):
    municipality = MunicipalityFactory(name=name, ags=f"147293{number:02d}", **fields)
    ParticipationFactory(cooperation=cooperation, municipality=municipality)
    return municipality


def add_data(cooperation, suffix: str):
    """One more municipality with a measure it leads, one it takes part in, a person in
    a body and two tasks: what the pages read once per row."""
    municipality = MunicipalityFactory(name=f"Ort {suffix}")
    ParticipationFactory(cooperation=cooperation, municipality=municipality)
    led = MeasureFactory(cooperation=cooperation, title=f"Geführt {suffix}",
                         lead_municipality=municipality)  # fmt: skip
    shared = MeasureFactory(cooperation=cooperation, title=f"Geteilt {suffix}")
    shared.municipalities.add(municipality)
    person = PersonFactory(cooperation=cooperation, municipality=municipality,
                           name=f"Person {suffix}", email=f"p{suffix}@example.org")  # fmt: skip
    Membership.objects.create(body=BodyFactory(cooperation=cooperation), person=person)
    for measure in (led, shared):
        TaskFactory(cooperation=cooperation, measure=measure, owner_municipality=municipality,
                    due_precision="day", due_date=TODAY - datetime.timedelta(days=3))  # fmt: skip
    return municipality


@pytest.fixture
def world():
    cooperation = CooperationFactory(name="Partheland", slug="partheland")
    naunhof = add_municipality(
        cooperation, "Naunhof", 30, kind="town", population=8769,
        population_date=datetime.date(2019, 12, 31), website="https://www.naunhof.de",
    )  # fmt: skip
    brandis = add_municipality(cooperation, "Brandis", 10)
    belgershain = MunicipalityFactory(name="Belgershain", ags="14729010")
    ParticipationFactory(cooperation=cooperation, municipality=belgershain,
                         joined_on=datetime.date(2019, 1, 1),
                         left_on=datetime.date(2020, 12, 31))  # fmt: skip
    mayor = PersonFactory(cooperation=cooperation, municipality=naunhof, role="Bürgermeister",
                          name="Volker Zocher", email="buergermeister@naunhof.example")  # fmt: skip
    steering = BodyFactory(cooperation=cooperation, name="Lenkungsgruppe",
                           kind=Body.Kind.STEERING_GROUP)  # fmt: skip
    Membership.objects.create(body=steering, person=mayor, role=Membership.Role.CHAIR)
    office = MeasureFactory(cooperation=cooperation, title="Gewerbeamt", lead_municipality=naunhof)
    office.municipalities.add(brandis)
    change_status_by_hand(measure=office, to_status=MeasureStatus.IN_PROGRESS,
                          date=datetime.date(2020, 5, 11), reason="Start")  # fmt: skip
    jobs = MeasureFactory(cooperation=cooperation, title="Stellenbörse")
    jobs.municipalities.add(naunhof)
    MeasureFactory(cooperation=cooperation, title="Bauhof")
    day = Task.DuePrecision.DAY
    TaskFactory(cooperation=cooperation, title="Später fällig", owner_municipality=naunhof,
                due_precision=day, due_date=TODAY + datetime.timedelta(days=5))  # fmt: skip
    TaskFactory(cooperation=cooperation, title="Lange überfällig", owner_person=mayor,
                due_precision=day, due_date=TODAY - datetime.timedelta(days=20))  # fmt: skip
    TaskFactory(cooperation=cooperation, title="Ohne Termin", owner_municipality=naunhof)
    TaskFactory(cooperation=cooperation, title="Kurz überfällig", owner_municipality=naunhof,
                due_precision=day, due_date=TODAY - datetime.timedelta(days=2))  # fmt: skip
    TaskFactory(cooperation=cooperation, title="Aufgabe von Brandis", owner_municipality=brandis)
    return {"cooperation": cooperation, "naunhof": naunhof, "brandis": brandis,
            "belgershain": belgershain}  # fmt: skip


def signed_in(cooperation, kind, municipality=None) -> Client:
    role = RoleFactory(cooperation=cooperation, kind=kind, municipality=municipality)
    client = Client()
    client.force_login(role.user)
    return client


def text_of(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).strip()


def urls(world) -> list[str]:
    return [
        "/k/partheland/kommunen/",
        "/k/partheland/kommunen/matrix/",
        f"/k/partheland/kommunen/{world['naunhof'].pk}/",
    ]


def test_municipality_pages_send_anonymous_visitors_to_the_login(client, world):
    for url in urls(world):
        response = client.get(url)

        assert (response.status_code, response.url.split("?")[0]) == (302, "/anmelden/")


@pytest.mark.parametrize("kind", [Role.Kind.MEMBER, Role.Kind.OBSERVER, Role.Kind.COORDINATOR])
def test_municipality_pages_open_for_every_role(world, kind):
    client = signed_in(world["cooperation"], kind, world["naunhof"] if kind == "member" else None)

    assert [client.get(url).status_code for url in urls(world)] == [200, 200, 200]


def test_municipality_pages_refuse_another_cooperations_coordinator(world):
    client = signed_in(CooperationFactory(), Role.Kind.COORDINATOR)

    assert [client.get(url).status_code for url in urls(world)] == [403, 403, 403]


def test_municipality_of_another_cooperation_is_404(world):
    client = signed_in(world["cooperation"], Role.Kind.COORDINATOR)
    elsewhere = MunicipalityFactory(name="Grimma", ags="14729160")
    ParticipationFactory(municipality=elsewhere)

    assert client.get(f"/k/partheland/kommunen/{elsewhere.pk}/").status_code == 404


def test_directory_lists_members_with_ags_population_kind_and_contact(world):
    client = signed_in(world["cooperation"], Role.Kind.OBSERVER)

    page = client.get("/k/partheland/kommunen/").content.decode()

    members, _, former = page.partition('<h2 id="former">')
    row = members.split(f'<a href="/k/partheland/kommunen/{world["naunhof"].pk}/"')[1]
    assert text_of("<a" + row.split("</tr>")[0]) == (
        "Naunhof Stadt 14729330 8.769 (Stand 31.12.2019) seit 01.01.2019 Website Naunhof "
        "Bürgermeister: Volker Zocher, buergermeister@naunhof.example"
    )
    assert 'data-label="Einwohner"' in row
    assert "Brandis" in members and "Belgershain" not in members
    assert "Belgershain" in former and "01.01.2019 bis 31.12.2020" in text_of(former)


def test_matrix_names_lead_and_participating_in_words(world):
    client = signed_in(world["cooperation"], Role.Kind.MEMBER, world["brandis"])

    page = client.get("/k/partheland/kommunen/matrix/").content.decode()

    body = page.split("<tbody>")[1].split("</tbody>")[0]
    rows = {
        text_of(row).split(" ", 1)[0]: text_of(row).split(" ", 1)[1]
        for row in body.split("</tr>")
        if row.strip()
    }
    # Columns: Brandis, Naunhof (Belgershain has left).
    assert rows == {
        "Bauhof": "– nicht beteiligt – nicht beteiligt",
        "Gewerbeamt": "beteiligt federführend",
        "Stellenbörse": "– nicht beteiligt beteiligt",
    }
    assert '<abbr title="Brandis">Bra</abbr>' in page and '<abbr title="Naunhof">Nau</abbr>' in page


def test_municipality_page_lists_overdue_tasks_first_then_measures_and_people(world):
    client = signed_in(world["cooperation"], Role.Kind.MEMBER, world["naunhof"])

    page = client.get(f"/k/partheland/kommunen/{world['naunhof'].pk}/").content.decode()

    tasks = re.findall(r'<a href="/aufgaben/\d+/">([^<]+)</a>', page)
    assert tasks == ["Lange überfällig", "Kurz überfällig", "Später fällig", "Ohne Termin"]
    measures = page.split('<h2 id="measures">')[1].split("</table>")[0]
    assert [text_of(row) for row in measures.split("<tbody>")[1].split("</tr>")[:2]] == [
        f"Gewerbeamt federführend In Bearbeitung Grün {ON_TRACK}",
        f"Stellenbörse beteiligt – Grün {ON_TRACK}",
    ]
    people = text_of(page.split('<h2 id="people">')[1])
    assert (
        "Volker Zocher Bürgermeister buergermeister@naunhof.example Lenkungsgruppe (Vorsitz)"
        in (people)
    )


def test_municipality_pages_read_the_same_number_of_queries_with_twice_the_data(
    world, django_assert_max_num_queries
):
    client = signed_in(world["cooperation"], Role.Kind.COORDINATOR)
    naunhof = world["naunhof"]
    for suffix in ("a", "bb"):
        add_data(world["cooperation"], suffix)

    counts = []
    for round_ in range(2):
        for url in urls(world):
            with django_assert_max_num_queries(17) as captured:
                assert client.get(url).status_code == 200
            counts.append(len(captured))
        for suffix in ("ccc", "dddd"):
            extra = add_data(world["cooperation"], f"{suffix}{round_}")
            TaskFactory(cooperation=world["cooperation"], owner_municipality=naunhof)
            MeasureFactory(cooperation=world["cooperation"]).municipalities.add(naunhof, extra)

    assert counts[:3] == counts[3:]


def test_abbreviations_are_the_shortest_unique_beginnings():
    names = ["Belgershain", "Borsdorf", "Brandis", "Großpösna", "Grosse", "Bor"]

    assert abbreviations(names) == ["Bel", "Bors", "Bra", "Groß", "Gros", "Bor"]


def test_work_navigation_links_the_municipalities(world):
    client = signed_in(world["cooperation"], Role.Kind.OBSERVER)

    page = client.get("/k/partheland/kommunen/").content.decode()

    assert '<a href="/k/partheland/kommunen/" aria-current="true">Kommunen</a>' in page


def test_municipality_page_names_the_population_figures_kept_from_earlier(world):
    naunhof = world["naunhof"]
    edit_municipality(
        naunhof, version=current_version(naunhof), population=8901,
        population_date=datetime.date(2023, 12, 31),
    )  # fmt: skip
    client = signed_in(world["cooperation"], Role.Kind.OBSERVER)

    page = text_of(client.get(f"/k/partheland/kommunen/{naunhof.pk}/").content.decode())

    assert "Einwohner 8.901 (Stand 31.12.2023)" in page
    assert "Früher: 8.769 (Stand 31.12.2019)" in page
