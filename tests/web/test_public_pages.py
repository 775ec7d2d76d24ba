"""The public start page: what anyone may read, and nothing internal."""

import datetime

import pytest
from django.urls import reverse

from ikz.meetings.models import Meeting
from ikz.reports.demo import load_partheland
from tests.factories import (
    AgendaItemFactory,
    BodyFactory,
    CooperationFactory,
    MeetingFactory,
    OutcomeFactory,
    ParticipationFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def partheland():
    return load_partheland()


def test_start_page_shows_the_only_cooperation_with_members_and_results(client, partheland):
    response = client.get("/")

    assert response.status_code == 200
    page = response.content.decode()
    assert "<h1>Steuerung und Begleitung des Kooperationsprozesses" in page
    for town in (
        "Belgershain",
        "Borsdorf",
        "Brandis",
        "Großpösna",
        "Machern",
        "Naunhof",
        "Parthenstein",
    ):
        assert f"<td>{town}</td>" in page
    assert "7 Kommunen" in page
    assert "45676" in page.replace(".", "")
    assert "Gebührenfreie Werbung für gemeinnützige Zwecke ist in allen Gemeinden möglich" in page
    assert "7. Projektleitungsgruppe in Naunhof" in page


def test_start_page_query_count_does_not_grow_with_data(
    client, partheland, django_assert_max_num_queries
):
    with django_assert_max_num_queries(6):
        client.get("/")


def test_start_page_shows_no_internal_meeting_topic_or_outcome(client):
    cooperation = CooperationFactory(name="Testverbund")
    public_meeting = MeetingFactory(body=BodyFactory(cooperation=cooperation), is_public=True)
    internal_meeting = MeetingFactory(body=public_meeting.body, is_public=False)
    internal_item = AgendaItemFactory(meeting=public_meeting, is_public=False)
    OutcomeFactory(meeting=public_meeting, text="Öffentliches Ergebnis")
    OutcomeFactory(meeting=public_meeting, text="Internes Ergebnis", is_public=False)
    OutcomeFactory(meeting=internal_meeting, text="Ergebnis einer internen Sitzung")
    OutcomeFactory(
        meeting=public_meeting, agenda_item=internal_item, text="Ergebnis zu internem TOP"
    )

    page = client.get("/").content.decode()

    assert "Öffentliches Ergebnis" in page
    assert "Internes Ergebnis" not in page
    assert "Ergebnis einer internen Sitzung" not in page
    assert "Ergebnis zu internem TOP" not in page
    assert internal_item.title not in page


def test_start_page_lists_upcoming_public_meetings_only(client):
    cooperation = CooperationFactory()
    body = BodyFactory(cooperation=cooperation, name="Lenkungsgruppe")
    future = datetime.date.today() + datetime.timedelta(days=10)
    MeetingFactory(body=body, number=8, date=future, state=Meeting.State.PLANNED, is_public=True)
    MeetingFactory(body=body, number=9, date=future, state=Meeting.State.PLANNED, is_public=False)
    MeetingFactory(body=body, number=10, date=future, state=Meeting.State.CANCELLED, is_public=True)

    page = client.get("/").content.decode()

    assert "8. Lenkungsgruppe" in page
    assert "9. Lenkungsgruppe" not in page
    assert "10. Lenkungsgruppe" not in page


def test_start_page_leaves_out_members_that_have_left(client):
    cooperation = CooperationFactory()
    ParticipationFactory(cooperation=cooperation, municipality__name="Bleibtdorf")
    ParticipationFactory(
        cooperation=cooperation,
        municipality__name="Ausgetreten",
        left_on=datetime.date(2020, 1, 1),
    )

    page = client.get("/").content.decode()

    assert "Bleibtdorf" in page
    assert "Ausgetreten" not in page


def test_start_page_of_a_fresh_installation_explains_what_to_do(client):
    response = client.get("/")

    assert response.status_code == 200
    assert "Es wurde noch keine Kooperation eingerichtet." in response.content.decode()


def test_start_page_with_several_cooperations_lists_them(client):
    CooperationFactory(name="Partheland", slug="partheland")
    CooperationFactory(name="Muldental", slug="muldental")

    page = client.get("/").content.decode()

    assert 'href="/k/partheland/"' in page
    assert 'href="/k/muldental/"' in page


def test_cooperation_page_by_slug(client, partheland):
    assert client.get(reverse("web:cooperation", args=["partheland"])).status_code == 200
    assert client.get(reverse("web:cooperation", args=["unbekannt"])).status_code == 404


def test_public_pages_refuse_writes(client, partheland):
    assert client.post("/").status_code == 405


def test_start_page_speaks_english_on_request(client, partheland):
    page = client.get("/", headers={"accept-language": "en"}).content.decode()

    assert "Member municipalities" in page
