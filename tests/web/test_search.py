"""The search page on the Partheland demo, for every kind of visitor: what each finds,
which page a hit opens, the words marked, and the query count whatever the data."""

import pytest
from django.urls import reverse

from ikz.core.models import Municipality, Person, Role
from ikz.measures.models import Measure, Task
from ikz.meetings.models import Meeting
from tests.factories import (
    CooperationFactory,
    MeasureFactory,
    PartnerFactory,
    PersonFactory,
    RoleFactory,
    TaskFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

TASK = "Erstellung eines konkreten Zeitplans für die Zentralisierung des Gewerbeamts"
OUTCOME = (
    "<mark>Gewerbeamt</mark>: Rücksprache mit dem Ordnungsamt ist erfolgt, Zeitplan für "
    "nächste Lenkungsgruppe konkretisieren"
)


PEOPLE = {"person", "municipality"}


@pytest.fixture
def cooperation(demo):
    return demo


def search(client, query: str, **parameters):
    return client.get(reverse("web:search"), {"q": query, **parameters})


def group_counts(response) -> dict[str, int]:
    return {group.kind: group.count for group in response.context["groups"]}


def hits(response) -> list[tuple[str, str, str | None]]:
    return [
        (group.kind, hit.entry.title, hit.url)
        for group in response.context["groups"]
        for hit in group.hits
    ]


def test_coordinator_finds_the_measure_its_topic_result_and_task(coordinator_client, demo):
    measure = Measure.objects.get(cooperation=demo, title="Zentralisierung Gewerbeamt")
    task = Task.objects.get(cooperation=demo, title=TASK)
    meeting = Meeting.objects.get(body__cooperation=demo, number=7)

    response = search(coordinator_client, "Gewerbeamt")

    page = response.content.decode()
    assert hits(response) == [
        ("measure", "Zentralisierung Gewerbeamt", f"/massnahmen/{measure.pk}/"),
        ("agenda_item", "Zentralisierung Gewerbeamt in Naunhof", f"/sitzungen/{meeting.pk}/"),
        (
            "outcome",
            OUTCOME.replace("<mark>", "").replace("</mark>", ""),
            f"/sitzungen/{meeting.pk}/",
        ),
        ("task", TASK, f"/aufgaben/{task.pk}/"),
    ]
    assert '<p role="status">4 Treffer für „Gewerbeamt“</p>' in page
    assert OUTCOME in page
    assert "Zentralisierung des <mark>Gewerbeamts</mark>" in page


@pytest.mark.parametrize("visitor", ["member_client", "observer_client"])
def test_readers_find_the_tasks_and_people(request, demo, visitor):
    client = request.getfixturevalue(visitor)
    naunhof = Municipality.objects.get(name="Naunhof")

    response = search(client, "Naunhof")

    assert group_counts(response) == {
        "meeting": 1,
        "agenda_item": 1,
        "person": 2,
        "municipality": 1,
    }
    # People's pages are in the master data, which coordinators change; readers see
    # them among their municipality's people.
    assert [(kind, url) for kind, _title, url in hits(response) if kind in PEOPLE] == [
        ("person", f"/k/partheland/kommunen/{naunhof.pk}/#people"),
        ("person", f"/k/partheland/kommunen/{naunhof.pk}/#people"),
        ("municipality", f"/k/partheland/kommunen/{naunhof.pk}/"),
    ]


def test_coordinator_opens_people_in_the_master_data(coordinator_client, demo):
    naunhof = Municipality.objects.get(name="Naunhof")
    people = Person.objects.filter(cooperation=demo, municipality=naunhof).order_by("pk")

    response = search(coordinator_client, "Naunhof")

    assert sorted(url for kind, _title, url in hits(response) if kind in PEOPLE) == sorted(
        [
            *(f"/k/partheland/stammdaten/personen/{person.pk}/" for person in people),
            f"/k/partheland/kommunen/{naunhof.pk}/",
        ]
    )


def test_readers_find_no_link_for_a_partners_person(member_client, demo):
    partner = PartnerFactory(cooperation=demo)
    PersonFactory(cooperation=demo, municipality=None, partner=partner, name="Gewerbeamtsleiterin")

    response = search(member_client, "Gewerbeamtsleiterin", art="person")

    assert [(kind, url) for kind, _title, url in hits(response)] == [("person", None)]


def test_anonymous_visitor_finds_public_rows_opening_public_pages(client, demo):
    measure = Measure.objects.get(cooperation=demo, title="Zentralisierung Gewerbeamt")
    meeting = Meeting.objects.get(body__cooperation=demo, number=7)
    item = meeting.agenda_items.get(title="Zentralisierung Gewerbeamt in Naunhof")
    outcome = item.outcomes.get(text__startswith="Gewerbeamt:")

    response = search(client, "Gewerbeamt")

    assert hits(response) == [
        ("measure", "Zentralisierung Gewerbeamt", f"/k/partheland/vorhaben/{measure.pk}/"),
        (
            "agenda_item",
            "Zentralisierung Gewerbeamt in Naunhof",
            f"/k/partheland/termine/{meeting.pk}/#item-{item.pk}",
        ),
        (
            "outcome",
            OUTCOME.replace("<mark>", "").replace("</mark>", ""),
            f"/k/partheland/termine/{meeting.pk}/#outcome-{outcome.pk}",
        ),
    ]


def test_public_hits_open_pages_holding_their_anchors(client, demo):
    """What a hit links to is on the page it opens, for everyone to see."""
    urls = [url for _kind, _title, url in hits(search(client, "Gewerbeamt"))]

    pages = {url: client.get(url.partition("#")[0]) for url in urls}

    assert [
        (response.status_code, f'id="{url.partition("#")[2]}"' in response.content.decode())
        for url, response in pages.items()
        if "#" in url
    ] == [(200, True), (200, True)]
    assert [response.status_code for response in pages.values()] == [200, 200, 200]


def test_signed_in_account_without_a_role_opens_public_pages(client, demo):
    client.force_login(UserFactory())
    measure = Measure.objects.get(cooperation=demo, title="Zentralisierung Gewerbeamt")

    response = search(client, "Zentralisierung Gewerbeamt", art="measure")

    assert hits(response) == [
        ("measure", "Zentralisierung Gewerbeamt", f"/k/partheland/vorhaben/{measure.pk}/")
    ]


def test_anonymous_visitor_finds_municipalities_among_the_members(client, demo):
    response = search(client, "Naunhof", art="municipality")

    assert hits(response) == [("municipality", "Naunhof", "/k/partheland/#members")]


def test_anonymous_visitor_finds_no_task_person_or_internal_row(client, demo):
    Measure.objects.filter(title="Zentralisierung Gewerbeamt").update(is_public=False)
    MeasureFactory(cooperation=demo, title="Gewerbeamt intern")  # internal, saved: indexed

    found = {
        query: group_counts(search(client, query))
        for query in ("Gewerbeamt intern", "Zeitplan", "Bürgermeister", "Hauptamtsleitung")
    }

    assert found == {
        "Gewerbeamt intern": {},
        "Zeitplan": {"outcome": 1},
        "Bürgermeister": {},
        "Hauptamtsleitung": {},
    }


def test_another_cooperations_coordinator_finds_the_public_rows_on_the_public_pages(client, demo):
    other = RoleFactory(cooperation=CooperationFactory(), kind=Role.Kind.COORDINATOR).user
    client.force_login(other)

    response = search(client, "Zeitplan")

    assert group_counts(response) == {"outcome": 1}
    [group] = response.context["groups"]
    assert group.hits[0].url.startswith(f"/k/{demo.slug}/termine/")


def test_more_hits_of_a_kind_than_shown_link_to_their_own_pages(coordinator_client, demo):
    for number in range(25):
        TaskFactory(cooperation=demo, title=f"Gewerbeamt Schritt {number:02d}")

    overview = search(coordinator_client, "Gewerbeamt")
    second = search(coordinator_client, "Gewerbeamt", art="task", seite=2)

    assert [(group.kind, len(group.hits), group.more) for group in overview.context["groups"]] == [
        ("measure", 1, 0),
        ("agenda_item", 1, 0),
        ("outcome", 1, 0),
        ("task", 5, 21),
    ]
    assert "21 weitere Treffer in Aufgaben …" in overview.content.decode()
    assert '<a href="?q=Gewerbeamt&amp;art=task">' in overview.content.decode()
    assert [title for _kind, title, _url in hits(second)] == [
        "Gewerbeamt Schritt 19",
        "Gewerbeamt Schritt 20",
        "Gewerbeamt Schritt 21",
        "Gewerbeamt Schritt 22",
        "Gewerbeamt Schritt 23",
        "Gewerbeamt Schritt 24",
    ]


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("", "Geben Sie ein Suchwort ein"),
        ("ab", "Geben Sie mindestens 3 Buchstaben eines Wortes ein"),
        ("und der", "Geben Sie mindestens 3 Buchstaben eines Wortes ein"),
        ("Quantencomputer", "Prüfen Sie die Schreibweise"),
    ],
)
def test_empty_short_and_fruitless_queries_say_what_to_do(client, demo, query, message):
    response = search(client, query)

    assert (response.status_code, message in response.content.decode()) == (200, True)


def test_every_page_has_the_search_field_in_its_header(client, demo):
    page = client.get(reverse("web:cooperation", args=["partheland"])).content.decode()

    assert '<form class="site-header__search" role="search" action="/suche/" method="get">' in page
    assert '<label for="site-search">Suche</label>' in page


def add_matching_data(cooperation, start: int):
    for number in range(start, start + 10):
        MeasureFactory(cooperation=cooperation, title=f"Gewerbeamt {number}", is_public=True)
        TaskFactory(cooperation=cooperation, title=f"Gewerbeamt Aufgabe {number}")


# The counts and the first hits; a signed-in visitor's session, account and roles, and
# the session's new expiry written in a savepoint. A kind's page counts its hits.
QUERIES = {"client": 2, "coordinator_client": 8}


@pytest.mark.parametrize("visitor", QUERIES)
def test_search_query_count_does_not_grow_with_the_data(
    request, demo, visitor, django_assert_num_queries
):
    client = request.getfixturevalue(visitor)
    add_matching_data(demo, 0)
    with django_assert_num_queries(QUERIES[visitor]):
        search(client, "Gewerbeamt")
    add_matching_data(demo, 10)
    add_matching_data(CooperationFactory(), 0)

    with django_assert_num_queries(QUERIES[visitor]):
        response = search(client, "Gewerbeamt")
    with django_assert_num_queries(QUERIES[visitor] + 1):
        search(client, "Gewerbeamt", art="measure", seite=2)

    # Anonymous: the public measures of both cooperations; the coordinator: theirs and
    # the other cooperation's public ones.
    assert group_counts(response)["measure"] == 31
