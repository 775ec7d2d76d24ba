"""The public start page: what anyone may read, and nothing internal."""

import datetime
import re

import pytest
from django.contrib import messages
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.files.base import ContentFile
from django.http import HttpResponse
from django.test import Client, RequestFactory
from django.urls import reverse

from ikz.core.models import Body, Cooperation, MissionStatement, Municipality, Role
from ikz.meetings.models import AgendaItem, Meeting, Outcome
from ikz.sample.demo import load_partheland
from tests.factories import (
    AgendaItemFactory,
    BodyFactory,
    CooperationFactory,
    MeetingFactory,
    OutcomeFactory,
    ParticipationFactory,
    RoleFactory,
)

pytestmark = pytest.mark.django_db

# A complete PNG of one pixel in #1F5F8B.
PNG_1X1 = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00"
    b"\x00\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\x90\x8f\xef\xfe\x0f\x00\x03\xb3\x02\t{"
    b"\x04h\xdd\x00\x00\x00\x00IEND\xaeB`\x82"
)


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
    # The figures come from three reference dates: the total says so.
    assert "Stand uneinheitlich: 31.12.2019–31.12.2022" in page
    assert "Gebührenfreie Werbung für gemeinnützige Zwecke ist in allen Gemeinden möglich" in page
    assert "7. Projektleitungsgruppe in Naunhof" in page


def test_start_page_query_count_does_not_grow_with_data(
    client,
    partheland,
    django_assert_max_num_queries,
    django_assert_num_queries,
    django_capture_on_commit_callbacks,
):
    with django_assert_max_num_queries(6) as demo_only:
        assert client.get("/").status_code == 200
    body = Body.objects.get(cooperation=partheland, name="Projektleitungsgruppe")
    places = list(Municipality.objects.filter(participations__cooperation=partheland))
    today = datetime.date.today()
    # As committed saves do: the page's cache learns of the change.
    with django_capture_on_commit_callbacks(execute=True):
        add_meetings(body, places, today)

    with django_assert_num_queries(len(demo_only)):
        page = client.get("/").content.decode()

    assert "Ergebnis ohne TOP 29" in page
    assert "120. Projektleitungsgruppe in " in page


def add_meetings(body, places, today):
    for number in range(20, 30):
        held = MeetingFactory(
            body=body, number=number, date=datetime.date(2021, 1, number), location=places[0]
        )
        item = AgendaItemFactory(meeting=held, title=f"Thema {number}")
        OutcomeFactory(meeting=held, agenda_item=item, text=f"Ergebnis {number}")
        OutcomeFactory(meeting=held, agenda_item=None, text=f"Ergebnis ohne TOP {number}")
        MeetingFactory(
            body=body,
            number=number + 100,
            date=today + datetime.timedelta(days=number - 19),
            state=Meeting.State.PLANNED,
            location=places[1],
        )


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


# The cooperation's logo


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def with_logo(name="partheland.png", content=PNG_1X1):
    cooperation = CooperationFactory(name="Partheland", slug="partheland")
    cooperation.logo.save(name, ContentFile(content))
    return cooperation


def test_cooperation_logo_is_served_as_png(client, media, django_assert_max_num_queries):
    with_logo()

    with django_assert_max_num_queries(1):
        response = client.get("/k/partheland/logo")

    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert b"".join(response.streaming_content) == PNG_1X1


def test_start_page_shows_the_logo_from_the_logo_address(client, media):
    with_logo()

    page = client.get("/").content.decode()

    # Beside the cooperation's name, which says what it shows.
    assert '<img class="site-header__logo" src="/k/partheland/logo" alt="">' in page
    assert "/media/" not in page


def test_cooperation_logo_svg_cannot_run_scripts(client, media):
    with_logo("partheland.svg", b'<svg xmlns="http://www.w3.org/2000/svg"/>')

    response = client.get("/k/partheland/logo")

    assert response["Content-Type"] == "image/svg+xml"
    assert response["Content-Security-Policy"] == (
        "default-src 'none'; style-src 'unsafe-inline'; sandbox"
    )


def test_cooperation_logo_without_logo_is_404(client, media, django_assert_max_num_queries):
    CooperationFactory(slug="partheland")

    with django_assert_max_num_queries(1):
        assert client.get("/k/partheland/logo").status_code == 404
    assert client.get("/k/unbekannt/logo").status_code == 404


def test_cooperation_logo_whose_file_is_gone_is_404(client, media):
    cooperation = with_logo()
    (media / cooperation.logo.name).unlink()

    assert client.get("/k/partheland/logo").status_code == 404


def test_cooperation_logo_serves_no_other_media_file(client, media):
    cooperation = with_logo()
    internal = media / "reports" / "1" / "1" / "statusbericht.md"
    internal.parent.mkdir(parents=True)
    internal.write_text("intern")
    cooperation.logo.name = "reports/1/1/statusbericht.md"
    cooperation.save()

    assert client.get("/k/partheland/logo").status_code == 404


def test_media_directory_is_not_served(client, media):
    cooperation = with_logo()

    assert client.get(f"/media/{cooperation.logo.name}").status_code == 404


def test_cooperation_logo_refuses_writes(client, media):
    with_logo()

    assert client.post("/k/partheland/logo").status_code == 405


def test_cooperation_page_comes_from_the_cache_while_nothing_changes(
    client, partheland, django_assert_num_queries
):
    first = main_of(client.get("/k/partheland/"))

    # The cooperation only: its stamp is the cache key.
    with django_assert_num_queries(1):
        again = main_of(client.get("/k/partheland/"))

    assert again == first
    assert "Gebührenfreie Werbung für gemeinnützige Zwecke" in again


def test_cooperation_page_cached_whole_gives_each_visitor_their_own_token_and_nonce(partheland):
    partheland.primary_colour = "#1F5F8B"
    partheland.save()
    visitors = [Client(enforce_csrf_checks=True) for _ in range(2)]
    seen = []
    for visitor in visitors:
        response = visitor.get("/k/partheland/")
        page = response.content.decode()
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)[1]
        nonce = re.search(r'<style nonce="([^"]+)"', page)[1]
        assert "ikz-slot" not in page
        assert f"'nonce-{nonce}'" in response["Content-Security-Policy"]
        # The token is this visitor's: the language switch takes it.
        switched = visitor.post(
            reverse("set_language"),
            {"language": "en", "next": "/k/partheland/", "csrfmiddlewaretoken": token},
        )
        assert switched.status_code == 302
        seen.append((token, nonce))

    assert seen[0][0] != seen[1][0] and seen[0][1] != seen[1][1]
    # A third visitor's page comes from the cache, not from the templates.
    assert Client().get("/k/partheland/").templates == []


def test_cooperation_page_cached_for_anonymous_visitors_shows_a_signed_in_one_their_frame(
    client, partheland
):
    client.get("/k/partheland/")  # cached whole for anonymous visitors
    role = RoleFactory(cooperation=partheland, kind=Role.Kind.COORDINATOR)
    client.force_login(role.user)

    page = client.get("/k/partheland/").content.decode()

    assert reverse("web:logout") in page
    assert reverse("web:meetings", args=["partheland"]) in page
    assert reverse("web:login") not in page


def test_cooperation_page_cached_for_anonymous_visitors_shows_a_pending_message_once(
    client, partheland
):
    client.get("/k/partheland/")  # cached whole for anonymous visitors
    request = RequestFactory().get("/")
    storage = CookieStorage(request)
    storage.add(messages.SUCCESS, "Sie wurden abgemeldet.")
    carrier = HttpResponse()
    storage.update(carrier)
    client.cookies[storage.cookie_name] = carrier.cookies[storage.cookie_name].value

    assert "Sie wurden abgemeldet." in client.get("/k/partheland/").content.decode()
    assert "Sie wurden abgemeldet." not in client.get("/k/partheland/").content.decode()


def main_of(response) -> str:
    """The page without its frame, whose form tokens and nonce change each time."""
    page = response.content.decode()
    return page[page.index("<main") : page.index("</main>")]


def rename(model, **lookup):
    def change(partheland):
        row = model.objects.get(**lookup)
        field = "text" if model is Outcome else ("title" if model is AgendaItem else "name")
        setattr(row, field, "Neu benannt")
        row.save()

    return change


def leave(partheland):
    participation = partheland.participations.get(municipality__name="Naunhof")
    participation.left_on = datetime.date(2020, 1, 1)
    participation.save()


def new_statement(partheland):
    MissionStatement.objects.create(
        cooperation=partheland, version=99, text="Neu benannt", adopted_on=datetime.date(2020, 6, 1)
    )


def delete_outcome(partheland):
    Outcome.objects.get(text__startswith="Gebührenfreie Werbung").delete()


def cancel_meeting(partheland):
    meeting = Meeting.objects.get(body__cooperation=partheland, date=datetime.date(2099, 1, 1))
    meeting.delete()


# Each kind of row the page shows, changed, and what the page says then.
CHANGES = {
    "cooperation": (rename(Cooperation, slug="partheland"), "Neu benannt", True),
    "municipality": (rename(Municipality, name="Naunhof"), "Neu benannt", True),
    "participation": (leave, "6 Kommunen", True),
    "mission statement": (new_statement, "Neu benannt", True),
    "body": (rename(Body, name="Projektleitungsgruppe"), "Neu benannt", True),
    "agenda item": (
        rename(AgendaItem, title__startswith="Vorstellung der ersten Entwürfe"),
        "Neu benannt",
        True,
    ),
    "outcome": (
        rename(Outcome, text__startswith="Gebührenfreie Werbung"),
        "Neu benannt",
        True,
    ),
    "outcome deleted": (delete_outcome, "Gebührenfreie Werbung", False),
    "meeting deleted": (cancel_meeting, "01.01.2099", False),
}


@pytest.mark.parametrize("kind", CHANGES)
def test_cooperation_page_shows_each_kind_of_change_at_once(
    client, partheland, django_capture_on_commit_callbacks, kind
):
    change, text, shown = CHANGES[kind]
    body = Body.objects.get(cooperation=partheland, name="Projektleitungsgruppe")
    MeetingFactory(body=body, date=datetime.date(2099, 1, 1), state=Meeting.State.PLANNED)
    client.get("/k/partheland/")  # cached
    assert ("Neu benannt" in client.get("/k/partheland/").content.decode()) is False

    with django_capture_on_commit_callbacks(execute=True):
        change(partheland)

    assert (text in client.get("/k/partheland/").content.decode()) is shown
