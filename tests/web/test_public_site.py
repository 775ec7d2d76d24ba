"""The public site: the Leitbild, public meetings with their results and minutes,
public measures with their progress, public documents and reports, and contact; for
anonymous visitors and signed-in ones alike, and nothing that is not public."""

import datetime
import hashlib
import io
import zipfile

import pytest
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone

from ikz.core.models import Document, MissionStatement
from ikz.measures.domain import change_status
from ikz.measures.models import MeasureStatus
from ikz.meetings.domain import TaskDraft, record_outcome
from ikz.meetings.models import Meeting
from ikz.reports.models import ReportFile, StatusReport
from tests.factories import (
    AgendaItemFactory,
    BodyFactory,
    CooperationFactory,
    FieldOfActionFactory,
    MeasureFactory,
    MeetingFactory,
    StatusReportFactory,
    pdf_bytes,
)

pytestmark = pytest.mark.django_db

MAY_11 = datetime.date(2020, 5, 11)


def issued(cooperation, *, is_public=True, superseded_by=None, **fields) -> StatusReport:
    """An issued report with a stored Markdown file whose SHA-256 matches."""
    report = StatusReportFactory(
        cooperation=cooperation,
        state=StatusReport.State.FINAL,
        snapshot={},
        issued_at=timezone.now(),
        is_public=is_public,
        superseded_by=superseded_by,
        **fields,
    )
    content = f"# {report.title}".encode()
    ReportFile.objects.create(
        report=report,
        format="md",
        file=ContentFile(content, name="bericht.md"),
        sha256=hashlib.sha256(content).hexdigest(),
        size=len(content),
    )
    return report


@pytest.fixture
def site(cooperation, settings, tmp_path):
    """The Partheland with a published meeting (a public and an internal topic, each
    with a result), a public meeting still to come, an internal meeting, a public
    measure with two public parts and an internal one, the Leitbild in two adopted
    versions and a draft, public and internal documents, and reports."""
    settings.MEDIA_ROOT = tmp_path
    cooperation.contact_email = "kontakt@partheland.example"
    cooperation.contact_phone = "034293 42 0"
    cooperation.publisher = "Stadt Naunhof\nMarkt 1\n04683 Naunhof"
    cooperation.save()
    MissionStatement.objects.create(
        cooperation=cooperation, version=1, text="Erste Fassung.", adopted_on=MAY_11
    )
    MissionStatement.objects.create(
        cooperation=cooperation, version=2, text="Zweite Fassung.", adopted_on=MAY_11
    )
    MissionStatement.objects.create(cooperation=cooperation, version=3, text="Entwurfsfassung.")
    field = FieldOfActionFactory(cooperation=cooperation, name="Verwaltung")
    parent = MeasureFactory(
        cooperation=cooperation, title="Gemeinsames Gewerbeamt", is_public=True,
        field_of_action=field,
    )  # fmt: skip
    running = MeasureFactory(
        cooperation=cooperation, title="Gewerbeamt Software", is_public=True, parent=parent
    )
    finished = MeasureFactory(
        cooperation=cooperation, title="Gewerbeamt Räume", is_public=True, parent=parent
    )
    hidden_part = MeasureFactory(
        cooperation=cooperation, title="Gewerbeamt Personalrat", parent=parent
    )
    internal_measure = MeasureFactory(cooperation=cooperation, title="Geheimprojekt Ampel")
    body = BodyFactory(cooperation=cooperation, name="Lenkungsgruppe", is_public=True)
    meeting = MeetingFactory(body=body, number=3, date=MAY_11, is_public=True)
    public_item = AgendaItemFactory(meeting=meeting, order=1, number="1", title="Gewerbeamt")
    internal_item = AgendaItemFactory(
        meeting=meeting, order=2, number="2", title="Personalfragen intern", is_public=False
    )
    public_result = record_outcome(
        meeting=meeting, agenda_item=public_item, text="Das Gewerbeamt wird gegründet.",
        kind="decision", measures=[running, internal_measure], new_status="in_progress",
        status_note="Start im Juni", tasks=[TaskDraft(title="Satzung entwerfen")],
    ).outcome  # fmt: skip
    record_outcome(
        meeting=meeting, agenda_item=internal_item, text="Stellenbewertung vertraulich.",
        measures=[finished], new_status="decided", status_note="Bewertung intern",
    )  # fmt: skip
    record_outcome(meeting=meeting, text="Nicht öffentliches Ergebnis.", is_public=False)
    record_outcome(meeting=meeting, text="Werbung ist gebührenfrei.")
    change_status(
        measure=finished, to_status=MeasureStatus.DONE, date=datetime.date(2020, 6, 1),
        note="Räume bezogen",
    )  # fmt: skip
    change_status(measure=hidden_part, to_status=MeasureStatus.IDEA, date=MAY_11)
    upcoming = MeetingFactory(
        body=body, number=4, date=timezone.localdate() + datetime.timedelta(days=10),
        state=Meeting.State.PLANNED, is_public=True,
    )  # fmt: skip
    AgendaItemFactory(meeting=upcoming, order=1, title="Haushalt 2027")
    internal_meeting = MeetingFactory(
        body=body, number=5, date=MAY_11 + datetime.timedelta(days=7), title="Klausur",
        is_public=False,
    )  # fmt: skip
    Document.objects.create(
        cooperation=cooperation, meeting=meeting, title="Präsentation Gewerbeamt",
        is_public=True, file=ContentFile(pdf_bytes(), name="praesentation.pdf"),
    )  # fmt: skip
    Document.objects.create(
        cooperation=cooperation, meeting=meeting, title="Vermerk intern",
        file=ContentFile(pdf_bytes(), name="vermerk.pdf"),
    )  # fmt: skip
    current = issued(cooperation, title="Statusbericht April/Mai 2020 (berichtigt)")
    old = issued(cooperation, title="Statusbericht April/Mai 2020", superseded_by=current)
    internal_report = issued(
        cooperation, title="Statusbericht Juni 2020", is_public=False,
        period_start=datetime.date(2020, 6, 1), period_end=datetime.date(2020, 6, 30),
    )  # fmt: skip
    draft = StatusReportFactory(
        cooperation=cooperation, title="Statusbericht Juli 2020", is_public=True,
        period_start=datetime.date(2020, 7, 1), period_end=datetime.date(2020, 7, 31),
    )  # fmt: skip
    return {
        "cooperation": cooperation,
        "meeting": meeting,
        "upcoming": upcoming,
        "internal_meeting": internal_meeting,
        "parent": parent,
        "running": running,
        "finished": finished,
        "hidden_part": hidden_part,
        "internal_measure": internal_measure,
        "public_result": public_result,
        "current": current,
        "old": old,
        "internal_report": internal_report,
        "draft": draft,
    }


def pages(site) -> dict[str, str]:
    slug = site["cooperation"].slug
    today = timezone.localdate()
    return {
        "cooperation": reverse("web:cooperation", args=[slug]),
        "public_mission": reverse("web:public_mission", args=[slug]),
        "public_outcomes": reverse("web:public_outcomes", args=[slug]),
        "public_meetings": reverse("web:public_meetings", args=[slug]),
        "public_calendar": reverse("web:public_calendar", args=[slug, today.year, today.month]),
        "public_meeting": reverse("web:public_meeting", args=[slug, site["meeting"].pk]),
        "public_measures": reverse("web:public_measures", args=[slug]),
        "public_measure": reverse("web:public_measure", args=[slug, site["parent"].pk]),
        "public_documents": reverse("web:public_documents", args=[slug]),
        "public_reports": reverse("web:public_reports", args=[slug]),
        "public_contact": reverse("web:public_contact", args=[slug]),
    }


@pytest.mark.parametrize("visitor", ["anonymous", "coordinator"])
def test_public_pages_open_for_anonymous_and_signed_in_visitors(
    client, coordinator_client, site, visitor
):
    browser = client if visitor == "anonymous" else coordinator_client
    statuses = {name: browser.get(url) for name, url in pages(site).items()}

    assert {name: response.status_code for name, response in statuses.items()} == dict.fromkeys(
        pages(site), 200
    )
    for response in statuses.values():
        page = response.content.decode()
        assert 'class="public-navigation"' in page
        assert reverse("web:public_contact", args=["partheland"]) in page


def test_mission_page_shows_the_adopted_versions_and_no_draft(client, site):
    page = client.get(pages(site)["public_mission"]).content.decode()

    assert page.index("Zweite Fassung.") < page.index("Erste Fassung.")
    assert "Entwurfsfassung." not in page


def test_meeting_page_shows_public_topics_and_results_only(client, site):
    page = client.get(pages(site)["public_meeting"]).content.decode()

    assert "Gewerbeamt" in page
    assert "Das Gewerbeamt wird gegründet." in page
    assert "Werbung ist gebührenfrei." in page
    assert "Personalfragen intern" not in page
    assert "Stellenbewertung vertraulich." not in page
    assert "Nicht öffentliches Ergebnis." not in page
    # A result's measures: the public ones, linked; the internal one not named.
    assert reverse("web:public_measure", args=["partheland", site["running"].pk]) in page
    assert "Geheimprojekt Ampel" not in page
    assert "Satzung entwerfen" not in page
    assert "Präsentation Gewerbeamt" in page
    assert "Vermerk intern" not in page
    assert reverse("web:public_minutes", args=["partheland", site["meeting"].pk, "pdf"]) in page


def docx_text(content: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        return archive.read("word/document.xml").decode()


def test_public_minutes_hold_public_topics_and_results_and_no_tasks(client, site):
    url = reverse("web:public_minutes", args=["partheland", site["meeting"].pk, "docx"])

    response = client.get(url)

    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    text = docx_text(response.content)
    assert "Das Gewerbeamt wird gegründet." in text
    assert "Werbung ist gebührenfrei." in text
    assert "Gewerbeamt Software" in text
    for internal in (
        "Personalfragen intern",
        "Stellenbewertung vertraulich.",
        "Nicht öffentliches Ergebnis.",
        "Geheimprojekt Ampel",
        "Satzung entwerfen",
        "Gewerbeamt Räume",  # its status changed under the internal topic
    ):
        assert internal not in text


def test_public_minutes_as_pdf(client, site):
    url = reverse("web:public_minutes", args=["partheland", site["meeting"].pk, "pdf"])

    response = client.get(url)

    assert (response.status_code, response.content[:5]) == (200, b"%PDF-")


def test_minutes_of_a_public_meeting_not_yet_held_are_not_found(client, site):
    url = reverse("web:public_minutes", args=["partheland", site["upcoming"].pk, "pdf"])

    assert client.get(url).status_code == 404


@pytest.mark.parametrize(
    ("name", "args"),
    [
        ("public_meeting", lambda site: [site["internal_meeting"].pk]),
        ("public_minutes", lambda site: [site["internal_meeting"].pk, "pdf"]),
        ("public_minutes", lambda site: [site["meeting"].pk, "odt"]),
        ("public_measure", lambda site: [site["internal_measure"].pk]),
        ("public_measure", lambda site: [site["hidden_part"].pk]),
        ("public_report_download", lambda site: [site["internal_report"].pk, "md"]),
        ("public_report_download", lambda site: [site["draft"].pk, "md"]),
        ("public_report_download", lambda site: [site["current"].pk, "pdf"]),
        ("public_report_download", lambda site: [site["current"].pk, "exe"]),
    ],
)
def test_what_is_not_public_is_not_found(client, coordinator_client, site, name, args):
    url = reverse(f"web:{name}", args=["partheland", *args(site)])

    assert (client.get(url).status_code, coordinator_client.get(url).status_code) == (404, 404)


def test_a_public_object_of_another_cooperation_is_not_found_under_this_one(client, site):
    other = CooperationFactory(slug="muldental")

    for name, pk in (("public_meeting", site["meeting"].pk), ("public_measure", site["parent"].pk)):
        assert client.get(reverse(f"web:{name}", args=[other.slug, pk])).status_code == 404


def test_measures_page_shows_progress_and_parents_as_the_mean_of_their_public_parts(client, site):
    page = client.get(pages(site)["public_measures"]).content.decode()

    # In progress (60 %) and done (100 %): the parent stands at 80 %; the internal
    # part (an idea, 0 %) does not count and is not named.
    assert 'value="80"' in page
    assert 'value="60"' in page
    assert 'value="100"' in page
    assert "Gewerbeamt Personalrat" not in page
    assert "Geheimprojekt Ampel" not in page


def test_measure_page_links_only_public_results_in_its_history(client, site):
    url = reverse("web:public_measure", args=["partheland", site["finished"].pk])

    page = client.get(url).content.decode()

    # Decided under the internal topic, then done without a result.
    assert "Stellenbewertung vertraulich." not in page
    assert "Bewertung intern" not in page
    assert "Räume bezogen" in page
    assert reverse("web:public_meeting", args=["partheland", site["meeting"].pk]) not in page
    assert 'value="100"' in page


def test_measure_page_of_a_part_links_its_public_result(client, site):
    url = reverse("web:public_measure", args=["partheland", site["running"].pk])

    page = client.get(url).content.decode()

    assert "Das Gewerbeamt wird gegründet." in page
    assert "Start im Juni" in page
    assert reverse("web:public_meeting", args=["partheland", site["meeting"].pk]) in page
    assert reverse("web:public_measure", args=["partheland", site["parent"].pk]) in page


def test_documents_page_lists_public_documents_for_download(client, site):
    page = client.get(pages(site)["public_documents"]).content.decode()
    document = Document.objects.get(title="Präsentation Gewerbeamt")

    assert "Vermerk intern" not in page
    url = reverse("web:document", args=[document.pk, document.download_name])
    assert url in page
    assert client.get(url).status_code == 200


def test_reports_page_lists_issued_public_reports_and_marks_the_superseded(client, site):
    page = client.get(pages(site)["public_reports"]).content.decode()

    assert "Statusbericht April/Mai 2020 (berichtigt)" in page
    assert "ersetzt durch Statusbericht April/Mai 2020 (berichtigt)" in page
    assert "Statusbericht Juni 2020" not in page
    assert "Statusbericht Juli 2020" not in page


def test_report_download_serves_the_stored_file_without_sign_in(client, site):
    url = reverse("web:public_report_download", args=["partheland", site["old"].pk, "md"])

    response = client.get(url)

    assert response.status_code == 200
    assert response.content == b"# Statusbericht April/Mai 2020"
    assert response["Content-Disposition"] == (
        'attachment; filename="statusbericht-partheland-2020-04-2020-05.md"'
    )


def test_contact_page_shows_the_cooperations_contact(client, site):
    page = client.get(pages(site)["public_contact"]).content.decode()

    assert "kontakt@partheland.example" in page
    assert "034293 42 0" in page
    assert "Markt 1" in page


def test_calendar_shows_public_meetings_of_the_month(client, site):
    upcoming = site["upcoming"]
    url = reverse(
        "web:public_calendar", args=["partheland", upcoming.date.year, upcoming.date.month]
    )

    page = client.get(url).content.decode()

    assert reverse("web:public_meeting", args=["partheland", upcoming.pk]) in page


def test_measures_paginate_instead_of_cutting_off(client, cooperation):
    for number in range(25):
        MeasureFactory(cooperation=cooperation, title=f"Vorhaben {number:02d}", is_public=True)

    first = client.get(reverse("web:public_measures", args=["partheland"])).content.decode()
    second = client.get(
        reverse("web:public_measures", args=["partheland"]) + "?seite=2"
    ).content.decode()

    assert ("Vorhaben 19" in first, "Vorhaben 20" in first) == (True, False)
    assert ("Vorhaben 19" in second, "Vorhaben 20" in second, "Vorhaben 24" in second) == (
        False,
        True,
        True,
    )
    assert "?seite=2" in first


def test_cooperation_page_links_to_more_results_than_it_shows(client, cooperation):
    meeting = MeetingFactory(body=BodyFactory(cooperation=cooperation))
    for number in range(12):
        record_outcome(meeting=meeting, text=f"Ergebnis Nummer {number:02d}")

    start = client.get(reverse("web:cooperation", args=["partheland"])).content.decode()
    more = client.get(
        reverse("web:public_outcomes", args=["partheland"]) + "?seite=2"
    ).content.decode()

    outcomes = reverse("web:public_outcomes", args=["partheland"])
    assert f'href="{outcomes}?seite=2"' in start
    assert ("Ergebnis Nummer 00" in start, "Ergebnis Nummer 11" in start) == (True, False)
    assert ("Ergebnis Nummer 10" in more, "Ergebnis Nummer 11" in more) == (True, True)


def add_public_data(cooperation, first: int, number: int) -> None:
    """More of everything the public pages list, ``number`` times."""
    body = BodyFactory(cooperation=cooperation)
    for index in range(first, first + number):
        meeting = MeetingFactory(body=body, date=MAY_11 + datetime.timedelta(days=index))
        item = AgendaItemFactory(meeting=meeting, order=1)
        measure = MeasureFactory(cooperation=cooperation, is_public=True)
        child = MeasureFactory(cooperation=cooperation, is_public=True, parent=measure)
        record_outcome(
            meeting=meeting, agenda_item=item, text=f"Mehr {index}", measures=[measure, child],
            new_status="decided",
        )  # fmt: skip
        Document.objects.create(
            cooperation=cooperation, meeting=meeting, title=f"Anlage {index}", is_public=True,
            file=ContentFile(b"%PDF-1.7", name="anlage.pdf"),
        )  # fmt: skip
        issued(
            cooperation, title=f"Bericht {index}",
            period_start=datetime.date(2021 + index, 1, 1),
            period_end=datetime.date(2021 + index, 1, 31),
        )  # fmt: skip


def test_public_pages_query_counts_do_not_grow_with_the_data(
    client, site, django_assert_max_num_queries
):
    def counts() -> dict[str, int]:
        # The cooperation page is read from its cache once rendered: each time anew.
        cache.clear()
        result = {}
        for name, url in pages(site).items():
            with django_assert_max_num_queries(10) as captured:
                assert client.get(url).status_code == 200
            result[name] = len(captured)
        return result

    add_public_data(site["cooperation"], 0, 2)
    before = counts()
    add_public_data(site["cooperation"], 2, 4)
    after = counts()

    assert after == before


@pytest.mark.parametrize("month", ["0-5", "2020-13", "9999-12"])
def test_calendar_of_a_month_out_of_range_is_not_found(client, cooperation, month):
    assert client.get(f"/k/partheland/termine/kalender/{month}/").status_code == 404
