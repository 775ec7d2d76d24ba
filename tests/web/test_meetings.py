"""Meetings in the browser: the list (upcoming, past, per body), the month calendar, a
new meeting with its number proposed, and a meeting's agenda with its results, on the
Partheland demo (the 7th Projektleitungsgruppe of 11.05.2020 and the meetings its
report announces)."""

import datetime
import re

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone

from ikz.core.domain import attach_document
from ikz.core.models import Body, Document, Municipality, Role
from ikz.measures.domain import Due, create_task
from ikz.measures.models import Measure, Task
from ikz.meetings.domain import (
    add_agenda_item,
    attendance_version,
    propose_agenda,
    publication_version,
    publish_meeting,
    record_attendance,
    record_outcome,
    schedule_meeting,
)
from ikz.meetings.models import Meeting
from ikz.sample.demo import load_partheland
from tests.factories import RoleFactory, pdf_bytes

pytestmark = pytest.mark.django_db


@pytest.fixture
def partheland():
    return load_partheland()


@pytest.fixture
def cooperation(partheland):
    """The shared role fixtures act in the demo."""
    return partheland


@pytest.fixture
def signed_in_coordinator(client, coordinator):
    """The meeting pages are the coordinator's: ``client`` is signed in as them."""
    client.force_login(coordinator)
    return coordinator


def page_of(response) -> str:
    assert response.status_code == 200
    return response.content.decode()


def rows_of(page: str, heading: str) -> list[str]:
    """The meetings listed under a heading, as their link texts."""
    section = page.partition(f"<h2>{heading}</h2>")[2].partition("<h2>")[0]
    return re.findall(r'<a href="/sitzungen/\d+/">([^<]+)</a>', section)


def test_meeting_list_shows_past_meetings_newest_first_and_upcoming_ones_soonest_first(
    client, signed_in_coordinator, partheland
):
    body = Body.objects.get(cooperation=partheland, name="Lenkungsgruppe")
    today = timezone.localdate()
    for days, number in ((40, 6), (10, 5)):
        schedule_meeting(body=body, date=today + datetime.timedelta(days=days), number=number)

    page = page_of(client.get("/k/partheland/sitzungen/"))

    assert rows_of(page, "Anstehend") == ["5. Lenkungsgruppe", "6. Lenkungsgruppe"]
    assert rows_of(page, "Vergangen") == [
        "Lenkungsgruppe in Großpösna",
        "Leitbild-Workshop",
        "7. Projektleitungsgruppe in Naunhof",
    ]
    assert ">Mo, 11.05.2020</td>" not in page  # a <time> element says the day
    assert '<time datetime="2020-05-11">Mo, 11.05.2020</time>' in page
    assert 'href="/k/partheland/sitzungen/neu/"' in page


def test_meeting_list_of_one_body(client, signed_in_coordinator, partheland):
    body = Body.objects.get(cooperation=partheland, name="Projektleitungsgruppe")

    page = page_of(client.get(f"/k/partheland/sitzungen/?gremium={body.pk}"))

    assert "<h1>Sitzungen: Projektleitungsgruppe</h1>" in page
    assert rows_of(page, "Vergangen") == ["7. Projektleitungsgruppe in Naunhof"]
    assert f'href="/k/partheland/sitzungen/neu/?gremium={body.pk}"' in page


def test_links_and_choices_name_large_records_without_thousands_separators(
    client, signed_in_coordinator, partheland
):
    # German pages write 1.255 for 1255; an address or a form value must not.
    body = Body.objects.create(
        pk=1255, cooperation=partheland, name="Arbeitsgruppe Bauhof", kind="working_group"
    )
    meeting = schedule_meeting(body=body, date=datetime.date(2020, 6, 3), number=1)
    item = add_agenda_item(meeting=meeting, title="Gemeinsamer Winterdienst")
    type(item).objects.filter(pk=item.pk).update(id=4711)

    page = page_of(client.get("/k/partheland/sitzungen/"))
    assert 'href="?gremium=1255"' in page
    assert "<h1>Sitzungen: Arbeitsgruppe Bauhof</h1>" in page_of(
        client.get("/k/partheland/sitzungen/?gremium=1255")
    )
    assert f'action="/sitzungen/{meeting.pk}/tagesordnung/4711/entfernen/"' in page_of(
        client.get(f"/sitzungen/{meeting.pk}/tagesordnung/")
    )


def test_meeting_list_pages_through_past_meetings(client, signed_in_coordinator, partheland):
    body = Body.objects.get(cooperation=partheland, name="Projektleitungsgruppe")
    for number in range(1, 27):
        schedule_meeting(body=body, date=datetime.date(2019, 1, number), number=100 + number)

    first = page_of(client.get(f"/k/partheland/sitzungen/?gremium={body.pk}"))
    second = page_of(client.get(f"/k/partheland/sitzungen/?gremium={body.pk}&seite=2"))

    assert len(rows_of(first, "Vergangen")) == 25
    assert rows_of(second, "Vergangen") == [
        "102. Projektleitungsgruppe",
        "101. Projektleitungsgruppe",
    ]
    assert "Seite 2 von 2" in second


def test_members_read_the_list_without_the_button_for_a_new_meeting(client, partheland):
    naunhof = Municipality.objects.get(name="Naunhof")
    member = RoleFactory(cooperation=partheland, kind=Role.Kind.MEMBER, municipality=naunhof)
    client.force_login(member.user)

    page = page_of(client.get("/k/partheland/sitzungen/"))

    assert "7. Projektleitungsgruppe in Naunhof" in page
    assert "/sitzungen/neu/" not in page


def test_month_calendar_shows_each_meeting_on_its_day(client, signed_in_coordinator):
    page = page_of(client.get("/k/partheland/sitzungen/kalender/2020-6/"))

    assert "<h1>Sitzungen im Juni 2020</h1>" in page
    nine = page.partition('<time datetime="2020-06-09">')[2].partition("</td>")[0]
    assert "Leitbild-Workshop" in nine
    sixteen = page.partition('<time datetime="2020-06-16">')[2].partition("</td>")[0]
    assert "Lenkungsgruppe in Großpösna" in sixteen
    assert 'href="/k/partheland/sitzungen/kalender/2020-5/"' in page
    assert 'href="/k/partheland/sitzungen/kalender/2020-7/"' in page
    # Weeks run from Monday: June 2020 begins on one.
    assert page.index('<time datetime="2020-06-01">') < page.index('<time datetime="2020-06-07">')
    assert '<time datetime="2020-05-31">' not in page


def test_month_calendar_of_december_leads_to_january(client, signed_in_coordinator):
    page = page_of(client.get("/k/partheland/sitzungen/kalender/2020-12/"))

    assert 'href="/k/partheland/sitzungen/kalender/2021-1/"' in page
    assert 'href="/k/partheland/sitzungen/kalender/2020-11/"' in page


def test_month_calendar_of_no_month_is_not_found(client, signed_in_coordinator):
    assert client.get("/k/partheland/sitzungen/kalender/2020-13/").status_code == 404


# A new meeting -----------------------------------------------------------------------


def test_new_meeting_form_proposes_the_next_number_of_the_chosen_body(
    client, signed_in_coordinator, partheland
):
    body = Body.objects.get(cooperation=partheland, name="Projektleitungsgruppe")

    page = page_of(client.get(f"/k/partheland/sitzungen/neu/?gremium={body.pk}"))

    assert 'name="number" value="8"' in page
    assert "Projektleitungsgruppe 8" in page
    # The places are the member municipalities.
    places = re.findall(
        r'<option value="\d+">([^<]+)</option>',
        page.partition('name="location"')[2].partition("</select>")[0],
    )
    assert places == [
        "Belgershain", "Borsdorf", "Brandis", "Großpösna", "Machern", "Naunhof", "Parthenstein"
    ]  # fmt: skip


def test_new_meeting_is_planned_with_the_next_number_when_none_is_given(
    client, signed_in_coordinator, partheland
):
    body = Body.objects.get(cooperation=partheland, name="Projektleitungsgruppe")
    naunhof = Municipality.objects.get(name="Naunhof")

    response = client.post(
        "/k/partheland/sitzungen/neu/",
        {
            "body": body.pk,
            "number": "",
            "date": "22.06.2020",
            "start_time": "14:30",
            "end_time": "16:00",
            "location": naunhof.pk,
            "venue": "Rathaus Naunhof, Ratssaal",
            "is_public": "on",
        },
    )

    meeting = Meeting.objects.get(body=body, number=8)
    assert response["Location"] == f"/sitzungen/{meeting.pk}/"
    assert (meeting.date, meeting.start_time, meeting.end_time) == (
        datetime.date(2020, 6, 22), datetime.time(14, 30), datetime.time(16),
    )  # fmt: skip
    assert (meeting.location, meeting.venue, meeting.is_public) == (
        naunhof, "Rathaus Naunhof, Ratssaal", True,
    )  # fmt: skip
    assert meeting.state == Meeting.State.PLANNED
    page = page_of(client.get(response["Location"]))
    assert "<h1>8. Projektleitungsgruppe in Naunhof</h1>" in page
    assert "Die Sitzung „8. Projektleitungsgruppe in Naunhof“ ist geplant." in page
    assert "Montag, 22.06.2020</time>, 14:30–16:00 Uhr" in page


def field_error(page: str, field: str) -> str:
    match = re.search(
        rf'<p class="kern-error" id="id_{field}_error">.*?<span class="kern-body">([^<]*)</span>',
        page,
    )
    return match[1] if match else ""


def test_new_meeting_with_wrong_entries_names_each_field_and_keeps_what_was_typed(
    client, signed_in_coordinator, partheland
):
    body = Body.objects.get(cooperation=partheland, name="Projektleitungsgruppe")

    page = page_of(
        client.post(
            "/k/partheland/sitzungen/neu/",
            {"body": body.pk, "date": "31.02.2020", "start_time": "16:00", "end_time": "14:30",
             "venue": "Rathaus"},
        )
    )  # fmt: skip

    assert (
        field_error(page, "date")
        == "Bitte geben Sie den Tag als Tag.Monat.Jahr an, z. B. 16.06.2020."
    )
    assert field_error(page, "end_time") == "Das Ende einer Sitzung muss nach ihrem Beginn liegen."
    assert 'name="venue" value="Rathaus"' in page
    assert 'name="start_time" value="16:00"' in page
    assert 'aria-invalid="true"' in page
    assert Meeting.objects.filter(body=body).count() == 1


def test_new_meeting_needs_a_body(client, signed_in_coordinator):
    page = page_of(client.post("/k/partheland/sitzungen/neu/", {"date": "22.06.2020"}))

    assert field_error(page, "body") == "Dieses Feld ist zwingend erforderlich."


def test_new_meeting_with_a_number_the_body_has_is_refused(
    client, signed_in_coordinator, partheland
):
    body = Body.objects.get(cooperation=partheland, name="Projektleitungsgruppe")

    page = page_of(
        client.post(
            "/k/partheland/sitzungen/neu/", {"body": body.pk, "number": "7", "date": "22.06.2020"}
        )
    )

    assert "Dieses Gremium hat bereits eine Sitzung mit dieser Nummer." in page
    assert Meeting.objects.filter(body=body).count() == 1


def test_new_meeting_in_a_place_that_is_no_member_on_that_day_is_refused(
    client, signed_in_coordinator, partheland
):
    body = Body.objects.get(cooperation=partheland, name="Projektleitungsgruppe")
    naunhof = Municipality.objects.get(name="Naunhof")

    page = page_of(
        client.post(
            "/k/partheland/sitzungen/neu/",
            {"body": body.pk, "date": "01.01.1990", "location": naunhof.pk},
        )
    )

    assert (
        field_error(page, "location") == "Naunhof ist an diesem Tag kein Mitglied der Kooperation."
    )
    assert Meeting.objects.filter(body=body).count() == 1


def test_new_meeting_of_another_cooperations_body_is_refused(client, signed_in_coordinator):
    other = RoleFactory().cooperation
    body = Body.objects.create(cooperation=other, name="Fremd", kind=Body.Kind.OTHER)

    page = page_of(
        client.post("/k/partheland/sitzungen/neu/", {"body": body.pk, "date": "22.06.2020"})
    )

    assert field_error(page, "body").startswith("Bitte eine gültige Auswahl treffen.")
    assert not Meeting.objects.filter(body=body).exists()


# A meeting's page ---------------------------------------------------------------------


def test_meeting_page_shows_the_agenda_with_each_topics_results(
    client, signed_in_coordinator, partheland
):
    meeting = Meeting.objects.get(body__cooperation=partheland, number=7)

    page = page_of(client.get(f"/sitzungen/{meeting.pk}/"))

    assert "<h1>7. Projektleitungsgruppe in Naunhof</h1>" in page
    items = re.findall(r"<h3>TOP (\d+): ", page)
    assert items == [str(number) for number in range(1, 9)]
    third = page.partition("<h3>TOP 3: ")[2].partition("<h3>")[0]
    assert "Umsetzung gemeinsamer Stellenbörse und vernetzte Fachkräfteausbildung" in third
    assert "Gemeinsame Stellenbörse: Veröffentlichung nach Relaunch der Website" in third
    assert '<span class="tag tag-decision">Beschluss</span>' in third
    assert "Vorgestellt von DSK-BIG" in page
    without = page.partition("<h3>Ergebnisse ohne eigenen Tagesordnungspunkt</h3>")[2]
    assert (
        "Gebührenfreie Werbung für gemeinnützige Zwecke ist in allen Gemeinden möglich" in without
    )


def test_meeting_page_of_a_meeting_without_agenda_says_so(
    client, signed_in_coordinator, partheland
):
    meeting = Meeting.objects.get(body__cooperation=partheland, title="Leitbild-Workshop")

    page = page_of(client.get(f"/sitzungen/{meeting.pk}/"))

    assert "Die Sitzung hat noch keine Tagesordnung." in page


def test_meeting_page_of_another_cooperation_is_refused(client, partheland):
    meeting = Meeting.objects.get(body__cooperation=partheland, number=7)
    client.force_login(RoleFactory().user)

    assert client.get(f"/sitzungen/{meeting.pk}/").status_code == 403


# Recording a result ------------------------------------------------------------------


@pytest.fixture
def eighth(partheland):
    """The 8th Projektleitungsgruppe on 22.06.2020, with one topic (not the standard
    approval of the minutes: tests/meetings/test_minutes_law.py has that), and the next
    Lenkungsgruppe planned after it."""
    project_group = Body.objects.get(cooperation=partheland, name="Projektleitungsgruppe")
    steering = Body.objects.get(cooperation=partheland, name="Lenkungsgruppe")
    meeting = schedule_meeting(
        body=project_group, date=datetime.date(2020, 6, 22), number=8, approval_topic=False
    )
    add_agenda_item(meeting=meeting, title="Online-Stadtplan: Förderantrag")
    schedule_meeting(body=steering, date=datetime.date(2020, 7, 7), number=5)
    return meeting


def record(client, meeting, **fields):
    data = {
        "kind": "decision",
        "text": "Der Förderantrag für den Online-Stadtplan wird gestellt.",
        "is_public": "on",
        "tasks-TOTAL_FORMS": "2",
        "tasks-INITIAL_FORMS": "0",
        **fields,
    }
    return client.post(f"/sitzungen/{meeting.pk}/ergebnis/", data)


def test_recording_a_decision_changes_the_measures_status_and_sets_its_tasks(
    client, signed_in_coordinator, partheland, eighth
):
    plan = Measure.objects.get(title="Online-Stadtplan")
    naunhof = Municipality.objects.get(name="Naunhof")
    item = eighth.agenda_items.get()

    response = record(
        client,
        eighth,
        agenda_item=item.pk,
        measures=[plan.pk],
        new_status="decided",
        **{
            "tasks-0-title": "Förderantrag einreichen",
            "tasks-0-owner": f"municipality:{naunhof.pk}",
            "tasks-0-due": "bis zur nächsten Lenkungsgruppe",
            "tasks-1-title": "Kosten schätzen",
            "tasks-1-due": "Q3 2020",
        },
    )

    assert response["Location"] == f"/sitzungen/{eighth.pk}/"
    outcome = eighth.outcomes.get()
    assert (outcome.agenda_item, outcome.kind, list(outcome.measures.all())) == (
        item, "decision", [plan],
    )  # fmt: skip
    change = plan.status_changes.order_by("date").last()
    assert (change.date, change.to_status, change.outcome) == (
        datetime.date(2020, 6, 22), "decided", outcome,
    )  # fmt: skip
    first, second = Task.objects.filter(origin_outcome=outcome).order_by("order")
    assert (first.title, first.owner_municipality, first.due_meeting.number) == (
        "Förderantrag einreichen", naunhof, 5,
    )  # fmt: skip
    assert (second.due_precision, second.due_date) == ("quarter", datetime.date(2020, 7, 1))
    page = page_of(client.get(response["Location"]))
    assert "Der Förderantrag für den Online-Stadtplan wird gestellt." in page


def test_recording_a_result_without_its_own_topic(client, signed_in_coordinator, eighth):
    record(client, eighth, kind="information", text="Gebührenfreie Werbung ist möglich.")

    outcome = eighth.outcomes.get()
    assert (outcome.agenda_item, outcome.kind) == (None, "information")


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"tasks-0-due": "Q5 2020"}, "tasks-0-due",
         "Fällig: „Q5 2020“ ist kein Termin, den dieses Feld lesen kann; schreiben Sie z. B. "
         "16.06.2020, Juli 2020, 07/2020, Q3 2020 oder „bis zur nächsten Lenkungsgruppe“."),
        ({"tasks-0-due": "31.06.2020"}, "tasks-0-due",
         "Fällig: „31.06.2020“ ist ein Tag, den es nicht gibt."),
        ({"tasks-0-due": "nächste Feuerwehr"}, "tasks-0-due",
         "Fällig: Die Kooperation hat kein Gremium „Feuerwehr“; ihre Gremien sind "
         "Bürgerwerkstatt, Lenkungsgruppe, Projektleitungsgruppe."),
    ],
)  # fmt: skip
def test_recording_with_a_wrong_due_date_names_the_field_and_stores_nothing(
    client, signed_in_coordinator, partheland, eighth, fields, field, message
):
    plan = Measure.objects.get(title="Online-Stadtplan")

    page = page_of(
        record(
            client, eighth, measures=[plan.pk], new_status="decided",
            **{"tasks-0-title": "Förderantrag einreichen", **fields},
        )
    )  # fmt: skip

    assert field_error(page, field) == message
    assert 'value="Förderantrag einreichen"' in page
    assert not eighth.outcomes.exists()
    assert plan.status_changes.count() == 1


def test_recording_a_new_status_without_measures_is_refused_at_the_status(
    client, signed_in_coordinator, eighth
):
    page = page_of(record(client, eighth, new_status="decided"))

    assert field_error(page, "new_status") == (
        "Bitte geben Sie für einen neuen Status die Maßnahmen an, für die er gilt."
    )
    assert not eighth.outcomes.exists()


def test_recording_needs_the_wording_and_the_kind(client, signed_in_coordinator, eighth):
    page = page_of(record(client, eighth, kind="", text=""))

    assert field_error(page, "text") == "Dieses Feld ist zwingend erforderlich."
    assert field_error(page, "kind") == "Dieses Feld ist zwingend erforderlich."
    assert not eighth.outcomes.exists()


# Preparing the agenda -------------------------------------------------------------


@pytest.fixture
def ninth(partheland, eighth):
    """The 9th Projektleitungsgruppe after the 8th, whose topic was deferred, with a
    task due by it."""
    item = eighth.agenda_items.get()
    record_outcome(meeting=eighth, agenda_item=item, kind="deferral", text="Vertagt.")
    add_agenda_item(meeting=eighth, title="Erledigtes Thema")
    record_outcome(
        meeting=eighth,
        agenda_item=eighth.agenda_items.get(title="Erledigtes Thema"),
        kind="information",
        text="Berichtet.",
    )
    meeting = schedule_meeting(body=eighth.body, date=datetime.date(2020, 7, 20), number=9)
    create_task(
        cooperation=partheland, title="Kostenschätzung vorlegen", due=Due.by_meeting(meeting)
    )
    return meeting


def test_agenda_proposes_what_waits_for_the_meeting(client, signed_in_coordinator, ninth):
    page = page_of(client.get(f"/sitzungen/{ninth.pk}/tagesordnung/"))

    proposed = re.findall(
        r'<label class="kern-label" for="proposal-\d+">([^<]+) <span class="kern-label__optional">– ([^<]+)</span>',
        page,
    )
    assert proposed == [
        ("Online-Stadtplan: Förderantrag", "offen aus der Sitzung vom 22.06.2020"),
        ("Kostenschätzung vorlegen", "bis zu dieser Sitzung fällige Aufgabe"),
        ("Corporate Identity und Logo", "Entscheidung ausstehend"),
        ("Einbindung Kulturserver", "Entscheidung ausstehend"),
        ("Personal Sharing Lohnbuchhaltung", "Entscheidung ausstehend"),
    ]


def test_accepting_the_proposal_puts_the_chosen_topics_on_the_agenda_in_order(
    client, signed_in_coordinator, ninth
):
    keys = [proposal.key for proposal in propose_agenda(ninth)]

    response = client.post(
        f"/sitzungen/{ninth.pk}/tagesordnung/uebernehmen/",
        {"proposal": [keys[0], keys[1], keys[3]]},
    )

    assert response["Location"] == f"/sitzungen/{ninth.pk}/tagesordnung/"
    items = list(ninth.agenda_items.order_by("order").values_list("number", "title"))
    # After the standard first topic, which the planning put there.
    assert items == [
        ("1", "Genehmigung der Niederschrift der letzten Sitzung"),
        ("2", "Online-Stadtplan: Förderantrag"),
        ("3", "Kostenschätzung vorlegen"),
        ("4", "Einbindung Kulturserver"),
    ]
    assert list(ninth.agenda_items.get(number="4").measures.values_list("title", flat=True)) == [
        "Einbindung Kulturserver"
    ]
    # What is on the agenda is proposed no more.
    assert [proposal.title for proposal in propose_agenda(ninth)] == [
        "Corporate Identity und Logo",
        "Personal Sharing Lohnbuchhaltung",
    ]


def test_topics_are_added_moved_and_removed(client, signed_in_coordinator, partheland, eighth):
    url = f"/sitzungen/{eighth.pk}/tagesordnung/"
    partner = partheland.partners.get(name="DSK-BIG")
    plan = Measure.objects.get(title="Online-Stadtplan")
    client.post(
        f"{url}neu/",
        {"title": "Stand Smart Cities", "presenter": f"partner:{partner.pk}",
         "measures": [plan.pk]},
    )  # fmt: skip
    first, second = eighth.agenda_items.order_by("order")
    assert (second.title, second.presenter, second.is_public) == (
        "Stand Smart Cities",
        partner,
        False,
    )

    client.post(f"{url}{second.pk}/hoch/")
    assert list(eighth.agenda_items.order_by("order").values_list("number", "title")) == [
        ("1", "Stand Smart Cities"), ("2", "Online-Stadtplan: Förderantrag"),
    ]  # fmt: skip
    client.post(f"{url}{second.pk}/entfernen/")

    assert list(eighth.agenda_items.order_by("order").values_list("number", "title")) == [
        ("1", "Online-Stadtplan: Förderantrag")
    ]


def test_a_topic_with_documents_stays_on_the_agenda(
    client, signed_in_coordinator, eighth, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    item = eighth.agenda_items.get()
    attach_document(file=ContentFile(pdf_bytes(), name="vorlage.pdf"), agenda_item=item)

    response = client.post(f"/sitzungen/{eighth.pk}/tagesordnung/{item.pk}/entfernen/", follow=True)

    assert "hat Dokumente und bleibt auf der Tagesordnung" in page_of(response)
    assert eighth.agenda_items.exists() and Document.objects.filter(agenda_item=item).exists()


def test_a_topic_with_results_stays_on_the_agenda(client, signed_in_coordinator, eighth):
    item = eighth.agenda_items.get()
    record_outcome(meeting=eighth, agenda_item=item, text="Berichtet.")

    response = client.post(f"/sitzungen/{eighth.pk}/tagesordnung/{item.pk}/entfernen/", follow=True)

    assert "„Online-Stadtplan: Förderantrag“ hat Ergebnisse und bleibt auf der Tagesordnung." in (
        response.content.decode()
    )
    assert eighth.agenda_items.count() == 1


def test_agenda_page_posts_each_action_to_its_own_address(
    client, signed_in_coordinator, eighth, django_assert_max_num_queries
):
    first = eighth.agenda_items.get()
    second = add_agenda_item(meeting=eighth, title="Stand Smart Cities")
    url = f"/sitzungen/{eighth.pk}/tagesordnung/"

    with django_assert_max_num_queries(22):
        page = page_of(client.get(url))

    assert re.findall(r'<form method="post" action="([^"]+)"', page) == [
        f"{url}{first.pk}/runter/",
        f"{url}{first.pk}/entfernen/",
        f"{url}{second.pk}/hoch/",
        f"{url}{second.pk}/entfernen/",
        f"{url}uebernehmen/",
        f"{url}neu/",
    ]


def test_a_topic_moves_down(client, signed_in_coordinator, eighth):
    first = eighth.agenda_items.get()
    add_agenda_item(meeting=eighth, title="Stand Smart Cities")

    response = client.post(f"/sitzungen/{eighth.pk}/tagesordnung/{first.pk}/runter/")

    assert response["Location"] == f"/sitzungen/{eighth.pk}/tagesordnung/"
    assert list(eighth.agenda_items.order_by("order").values_list("number", "title")) == [
        ("1", "Stand Smart Cities"), ("2", "Online-Stadtplan: Förderantrag"),
    ]  # fmt: skip


def test_a_topic_of_another_meeting_is_not_found_and_stays(
    client, signed_in_coordinator, partheland, eighth
):
    seventh = Meeting.objects.get(body__cooperation=partheland, number=7)
    foreign = seventh.agenda_items.order_by("order").last()
    before = list(seventh.agenda_items.order_by("order").values_list("pk", flat=True))

    for action in ("hoch", "runter", "entfernen"):
        response = client.post(f"/sitzungen/{eighth.pk}/tagesordnung/{foreign.pk}/{action}/")
        assert response.status_code == 404

    assert list(seventh.agenda_items.order_by("order").values_list("pk", flat=True)) == before


def test_agenda_actions_are_posted_only(client, signed_in_coordinator, eighth):
    item = eighth.agenda_items.get()
    url = f"/sitzungen/{eighth.pk}/tagesordnung/"

    statuses = [
        client.get(f"{url}{action}").status_code
        for action in ("neu/", "uebernehmen/", f"{item.pk}/hoch/", f"{item.pk}/entfernen/")
    ]

    assert statuses == [405, 405, 405, 405]
    assert client.post(url).status_code == 405


def test_adding_a_topic_without_a_title_names_the_field(client, signed_in_coordinator, eighth):
    page = page_of(client.post(f"/sitzungen/{eighth.pk}/tagesordnung/neu/"))

    assert field_error(page, "title") == "Dieses Feld ist zwingend erforderlich."
    assert eighth.agenda_items.count() == 1


def test_a_pending_decision_that_a_carried_over_topic_deals_with_is_not_proposed_twice(
    partheland,
):
    seventh = Meeting.objects.get(body__cooperation=partheland, number=7)
    eighth = schedule_meeting(body=seventh.body, date=datetime.date(2020, 6, 22), number=8)

    titles = [proposal.title for proposal in propose_agenda(eighth)]

    # Topic 2 of the 7th (deferred) deals with "Corporate Identity und Logo", topic 7
    # with "Einbindung Kulturserver"; no topic names "Personal Sharing Lohnbuchhaltung".
    assert "Vorstellung der ersten Entwürfe für eine Corporate Identity + Logo" in titles
    assert "Corporate Identity und Logo" not in titles
    assert "Einbindung Kulturserver" not in titles
    assert titles[-1] == "Personal Sharing Lohnbuchhaltung"


# Closing and publishing -----------------------------------------------------------


def test_close_page_posts_held_and_cancelled_to_their_own_addresses(
    client, signed_in_coordinator, eighth, django_assert_max_num_queries
):
    with django_assert_max_num_queries(8):
        page = page_of(client.get(f"/sitzungen/{eighth.pk}/abschluss/"))

    assert re.findall(r'<form method="post" action="([^"]+)"', page) == [
        f"/sitzungen/{eighth.pk}/abschluss/durchgefuehrt/",
        f"/sitzungen/{eighth.pk}/abschluss/abgesagt/",
    ]


def test_a_meeting_is_marked_as_held(client, signed_in_coordinator, eighth):
    response = client.post(f"/sitzungen/{eighth.pk}/abschluss/durchgefuehrt/")

    assert response["Location"] == f"/sitzungen/{eighth.pk}/"
    eighth.refresh_from_db()
    assert eighth.state == Meeting.State.HELD
    assert "Die Sitzung ist als durchgeführt markiert." in page_of(client.get(response["Location"]))


def test_a_meeting_is_cancelled_with_its_reason(client, signed_in_coordinator, eighth):
    client.post(
        f"/sitzungen/{eighth.pk}/abschluss/abgesagt/",
        {"reason": "Verschoben wegen der Sommerferien."},
    )

    eighth.refresh_from_db()
    assert (eighth.state, eighth.cancellation_reason) == (
        Meeting.State.CANCELLED, "Verschoben wegen der Sommerferien.",
    )  # fmt: skip
    page = page_of(client.get(f"/sitzungen/{eighth.pk}/"))
    assert (
        'Entfallen</span></span> <span class="tag">intern</span> – Verschoben wegen der Sommerferien.'
        in page
    )


def test_cancelling_needs_a_reason_and_a_meeting_without_results(
    client, signed_in_coordinator, eighth
):
    empty = page_of(client.post(f"/sitzungen/{eighth.pk}/abschluss/abgesagt/"))
    assert field_error(empty, "reason") == "Dieses Feld ist zwingend erforderlich."
    record_outcome(meeting=eighth, text="Berichtet.")

    page = page_of(client.post(f"/sitzungen/{eighth.pk}/abschluss/abgesagt/", {"reason": "Krank"}))

    assert (
        "Die Sitzung hat Ergebnisse: Sie hat stattgefunden und kann nicht abgesagt werden." in page
    )
    eighth.refresh_from_db()
    assert eighth.state == Meeting.State.PLANNED


@pytest.fixture
def held(partheland, eighth):
    """The 8th, held, with a public and an internal topic and a result on each."""
    public_item = eighth.agenda_items.get()
    internal_item = add_agenda_item(meeting=eighth, title="Personalien", is_public=False)
    record_outcome(meeting=eighth, agenda_item=public_item, text="Förderantrag wird gestellt.")
    record_outcome(meeting=eighth, agenda_item=internal_item, text="Stellenbesetzung vertagt.")
    record_outcome(meeting=eighth, text="Werbung ist gebührenfrei.", is_public=False)
    eighth.state = Meeting.State.HELD
    eighth.save()
    return eighth


def version_at(client, url: str) -> str:
    """The version a page's form carries back (of the rows it edits together)."""
    return re.search(r'name="version" value="([^"]*)"', page_of(client.get(url)))[1]


def public_texts(client) -> list[str]:
    page = page_of(client.get("/k/partheland/"))
    section = page.partition('<h2 id="outcomes">')[2].partition("</section>")[0]
    return re.findall(r"<p>([^<]+)</p>", section)


def test_publish_preview_shows_what_citizens_will_see_and_publishing_shows_it(
    client, signed_in_coordinator, held, django_capture_on_commit_callbacks
):
    public, internal, loose = held.outcomes.order_by("order")
    items = held.agenda_items.order_by("order")
    url = f"/sitzungen/{held.pk}/veroeffentlichen/"
    before = public_texts(client)
    version = version_at(client, url)

    preview = page_of(
        client.post(
            f"{url}vorschau/",
            {"item": [items[0].pk], "outcome": [public.pk, internal.pk, loose.pk],
             "version": version},
        )
    )  # fmt: skip
    shown = preview.partition('<h2 id="preview">')[2]
    assert "Förderantrag wird gestellt." in shown
    assert "Werbung ist gebührenfrei." in shown
    # Its topic stays internal.
    assert "Stellenbesetzung vertagt." not in shown
    assert public_texts(client) == before

    # The public page's cache learns of the change once it is committed.
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            f"{url}freigeben/",
            {"item": [items[0].pk], "outcome": [public.pk, loose.pk], "version": version},
        )  # fmt: skip

    held.refresh_from_db()
    assert held.is_public
    assert public_texts(client)[:2] == ["Förderantrag wird gestellt.", "Werbung ist gebührenfrei."]
    assert "Stellenbesetzung vertagt." not in public_texts(client)
    loose.refresh_from_db()
    assert loose.is_public and loose.history.first().history_user == signed_in_coordinator


def test_publish_page_previews_by_default_and_publishes_by_its_button(
    client, signed_in_coordinator, held, django_assert_max_num_queries
):
    url = f"/sitzungen/{held.pk}/veroeffentlichen/"

    with django_assert_max_num_queries(11):
        page = page_of(client.get(url))

    assert re.findall(r'<form method="post" action="([^"]+)"', page) == [f"{url}vorschau/"]
    assert re.findall(r'formaction="([^"]+)"', page) == [f"{url}freigeben/"]


def test_publish_preview_of_an_older_version_shows_the_change_and_publishes_nothing(
    client, signed_in_coordinator, held
):
    url = f"/sitzungen/{held.pk}/veroeffentlichen/"
    version = version_at(client, url)
    record_outcome(meeting=held, text="Nachgetragen: Sitzungsgeld entfällt.")

    response = client.post(f"{url}vorschau/", {"version": version})

    page = page_of(response)
    assert "Inzwischen von jemand anderem geändert" in page
    assert response.context["version"] == version_at(client, url)
    held.refresh_from_db()
    assert not held.is_public


def test_publishing_after_a_result_was_added_meanwhile_shows_it_first(
    client, signed_in_coordinator, held
):
    url = f"/sitzungen/{held.pk}/veroeffentlichen/"
    version = version_at(client, url)
    record_outcome(meeting=held, text="Nachgetragen: Sitzungsgeld entfällt.")

    response = client.post(f"{url}freigeben/", {"version": version})

    page = page_of(response)
    assert "Inzwischen von jemand anderem geändert" in page
    assert "Nachgetragen: Sitzungsgeld entfällt." in page
    held.refresh_from_db()
    assert not held.is_public
    assert client.post(f"{url}freigeben/", {"version": version_at(client, url)}).status_code == 302


# Attendance ------------------------------------------------------------------------


def test_attendance_is_recorded_per_member_and_partner(
    client, signed_in_coordinator, partheland, eighth
):
    url = f"/sitzungen/{eighth.pk}/anwesenheit/"
    page = page_of(client.get(url))
    parties = re.findall(r"<legend>([^<]+)</legend>", page)
    assert parties[:7] == [
        "Belgershain", "Borsdorf", "Brandis", "Großpösna", "Machern", "Naunhof", "Parthenstein"
    ]  # fmt: skip
    assert "DSK-BIG" in parties[7:]
    naunhof, brandis = parties.index("Naunhof"), parties.index("Brandis")
    dsk = parties.index("DSK-BIG")

    response = client.post(
        url,
        {
            f"party-{naunhof}-state": "present",
            f"party-{naunhof}-names": "Bürgermeister Meier",
            f"party-{brandis}-state": "excused",
            f"party-{dsk}-state": "present",
            "version": version_at(client, url),
        },
    )

    assert response["Location"] == f"/sitzungen/{eighth.pk}/"
    rows = {
        (str(row.municipality or row.partner), row.state, row.names)
        for row in eighth.attendances.all()
    }
    assert rows == {
        ("Naunhof", "present", "Bürgermeister Meier"),
        ("Brandis", "excused", ""),
        ("DSK-BIG", "present", ""),
    }
    page = page_of(client.get(response["Location"]))
    assert (
        '<td data-label="Mitglied oder Partner">Naunhof</td>'
        '<td data-label="Anwesenheit">Anwesend</td>'
        '<td data-label="Vertreten durch">Bürgermeister Meier</td>'
    ) in page

    # Recorded again: what is no longer recorded goes, the rest stays as it is.
    client.post(
        url,
        {
            f"party-{naunhof}-state": "present",
            f"party-{naunhof}-names": "Bürgermeister Meier",
            "version": version_at(client, url),
        },
    )

    assert list(eighth.attendances.values_list("municipality__name", flat=True)) == ["Naunhof"]


def test_attendance_someone_else_recorded_meanwhile_is_not_overwritten(
    client, signed_in_coordinator, eighth
):
    url = f"/sitzungen/{eighth.pk}/anwesenheit/"
    version = version_at(client, url)
    naunhof = Municipality.objects.get(name="Naunhof")
    record_attendance(
        meeting=eighth, entries=[(naunhof, "excused", "")], version=attendance_version(eighth)
    )

    response = client.post(url, {"party-0-state": "present", "version": version})

    page = page_of(response)
    assert "Inzwischen von jemand anderem geändert" in page
    assert response.context["forms"][0]["state"].value() == "present"  # one's entry stays
    assert list(eighth.attendances.values_list("state", flat=True)) == ["excused"]
    again = client.post(url, {"party-0-state": "present", "version": version_at(client, url)})
    assert again.status_code == 302


def test_attendance_with_an_unknown_state_names_the_field(client, signed_in_coordinator, eighth):
    page = page_of(client.post(f"/sitzungen/{eighth.pk}/anwesenheit/", {"party-0-state": "asleep"}))

    assert field_error(page, "party-0-state").startswith("Bitte eine gültige Auswahl treffen.")
    assert not eighth.attendances.exists()


# Votes, presenters, chair, invitation and minutes ------------------------------------


def test_recording_a_vote_per_municipality_stores_the_counts_and_shows_them(
    client, signed_in_coordinator, eighth
):
    naunhof, brandis = (Municipality.objects.get(name=name) for name in ("Naunhof", "Brandis"))
    borsdorf = Municipality.objects.get(name="Borsdorf")

    response = record(
        client,
        eighth,
        **{
            f"vote-vote_{naunhof.pk}": "yes",
            f"vote-vote_{brandis.pk}": "no",
            f"vote-vote_{borsdorf.pk}": "abstain",
        },
    )

    assert response["Location"] == f"/sitzungen/{eighth.pk}/"
    outcome = eighth.outcomes.get()
    assert (outcome.votes_yes, outcome.votes_no, outcome.votes_abstain) == (1, 1, 1)
    assert {(v.municipality.name, v.vote) for v in outcome.votes.all()} == {
        ("Naunhof", "yes"), ("Brandis", "no"), ("Borsdorf", "abstain"),
    }  # fmt: skip
    page = page_of(client.get(response["Location"]))
    assert outcome.vote_summary() in page
    assert "Brandis:" in page


def test_recording_typed_counts_stores_them(client, signed_in_coordinator, eighth):
    record(
        client, eighth, **{"vote-votes_yes": "5", "vote-votes_no": "1", "vote-votes_abstain": "1"}
    )

    outcome = eighth.outcomes.get()
    assert (outcome.votes_yes, outcome.votes_no, outcome.votes_abstain) == (5, 1, 1)


def test_recording_counts_that_disagree_with_the_votes_names_the_field_and_stores_nothing(
    client, signed_in_coordinator, eighth
):
    naunhof = Municipality.objects.get(name="Naunhof")

    page = page_of(
        record(client, eighth, **{"vote-votes_yes": "3", f"vote-vote_{naunhof.pk}": "yes"})
    )

    assert "3" in field_error(page, "vote-votes_yes")
    assert 'value="3"' in page
    assert not eighth.outcomes.exists()


def test_recording_a_negative_count_names_the_field(client, signed_in_coordinator, eighth):
    page = page_of(record(client, eighth, **{"vote-votes_no": "-1"}))

    assert field_error(page, "vote-votes_no")
    assert not eighth.outcomes.exists()


def test_a_member_municipality_presents_a_topic(client, signed_in_coordinator, eighth):
    naunhof = Municipality.objects.get(name="Naunhof")
    url = f"/sitzungen/{eighth.pk}/tagesordnung/"
    assert f'value="municipality:{naunhof.pk}"' in page_of(client.get(url))

    client.post(f"{url}neu/", {"title": "Gewerbeamt", "presenter": f"municipality:{naunhof.pk}"})

    item = eighth.agenda_items.get(title="Gewerbeamt")
    assert item.presenter_municipality == naunhof
    assert "Vorgestellt von Naunhof" in page_of(client.get(f"/sitzungen/{eighth.pk}/"))


def test_the_chair_can_be_taken_back_when_the_meeting_is_marked_held(
    client, signed_in_coordinator, partheland, eighth
):
    eighth.chair = partheland.people.order_by("pk").first()
    eighth.save()

    client.post(f"/sitzungen/{eighth.pk}/abschluss/durchgefuehrt/", {"chair": ""})

    eighth.refresh_from_db()
    assert (eighth.state, eighth.chair) == ("held", None)


def test_publishing_ignores_keys_that_name_no_row(client, signed_in_coordinator, held):
    url = f"/sitzungen/{held.pk}/veroeffentlichen/"
    response = client.post(
        f"{url}freigeben/", {"item": ["1 OR 1=1"], "version": version_at(client, url)}
    )

    assert response.status_code == 302
    assert not held.agenda_items.filter(is_public=True).exists()


def test_marking_a_meeting_held_names_its_chair(client, signed_in_coordinator, partheland, eighth):
    chair = partheland.people.order_by("pk").first()

    client.post(f"/sitzungen/{eighth.pk}/abschluss/durchgefuehrt/", {"chair": chair.pk})

    eighth.refresh_from_db()
    assert (eighth.state, eighth.chair) == ("held", chair)
    assert str(chair) in page_of(client.get(f"/sitzungen/{eighth.pk}/"))


@pytest.mark.parametrize(
    ("document", "extension", "content_type"),
    [
        ("einladung", "pdf", "application/pdf"),
        ("niederschrift", "docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    ],
)  # fmt: skip
def test_invitation_and_minutes_are_downloaded_as_files(
    client, signed_in_coordinator, partheland, document, extension, content_type
):
    meeting = Meeting.objects.get(body__cooperation=partheland, number=7)
    page = page_of(client.get(f"/sitzungen/{meeting.pk}/"))
    assert f'href="/sitzungen/{meeting.pk}/{document}.{extension}"' in page

    response = client.get(f"/sitzungen/{meeting.pk}/{document}.{extension}")

    assert response.status_code == 200
    assert response["Content-Type"] == content_type
    word = document.capitalize()
    assert response["Content-Disposition"] == (
        f'attachment; filename="{word}-7-Projektleitungsgruppe-2020-05-11.{extension}"'
    )
    assert response["X-Content-Type-Options"] == "nosniff"


def test_a_document_in_another_format_is_not_found(client, signed_in_coordinator, partheland):
    meeting = Meeting.objects.get(body__cooperation=partheland, number=7)

    assert client.get(f"/sitzungen/{meeting.pk}/niederschrift.exe").status_code == 404


def test_a_cancelled_meeting_has_no_minutes(client, signed_in_coordinator, eighth):
    eighth.state = Meeting.State.CANCELLED
    eighth.save()

    assert client.get(f"/sitzungen/{eighth.pk}/niederschrift.pdf").status_code == 404
    assert client.get(f"/sitzungen/{eighth.pk}/einladung.docx").status_code == 200


def test_the_minutes_of_another_cooperation_are_refused(client, partheland):
    meeting = Meeting.objects.get(body__cooperation=partheland, number=7)
    client.force_login(RoleFactory().user)

    assert client.get(f"/sitzungen/{meeting.pk}/niederschrift.pdf").status_code == 403


def test_public_page_shows_the_counts_of_a_public_result_only(client, partheland, held):
    public, internal, loose = held.outcomes.order_by("order")
    for outcome, count in ((public, 7), (loose, 9)):
        outcome.votes_yes, outcome.votes_no, outcome.votes_abstain = count, 0, 0
        outcome.save()
    publish_meeting(
        meeting=held,
        items=[held.agenda_items.order_by("order")[0].pk],
        outcomes=[public.pk],
        version=publication_version(held),
    )

    page = page_of(client.get("/k/partheland/"))

    assert public.vote_summary() in page
    assert loose.vote_summary() not in page
