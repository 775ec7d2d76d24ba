"""A meeting's invitation and minutes (ikz.meetings.minutes), opened with the libraries
of their formats: what they say, and that reading them does not grow with the agenda."""

import datetime
import io
import subprocess

import docx
import pytest

from ikz.core.domain import add_member, add_partner, add_person
from ikz.measures.domain import Due
from ikz.measures.models import MeasureStatus
from ikz.meetings import minutes
from ikz.meetings.domain import (
    TaskDraft,
    Vote,
    add_agenda_item,
    attendance_version,
    record_attendance,
    record_outcome,
    schedule_meeting,
)
from ikz.meetings.models import Meeting
from tests.factories import BodyFactory, CooperationFactory, MeasureFactory, MunicipalityFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def meeting():
    """The 8th Projektleitungsgruppe on 10.06.2020 in Naunhof, held: two topics (one
    internal), attendance, a decision voted on by the members, with a status change and
    a task."""
    cooperation = CooperationFactory(name="Partheland")
    naunhof, brandis = MunicipalityFactory(name="Naunhof"), MunicipalityFactory(name="Brandis")
    for town in (naunhof, brandis):
        add_member(cooperation=cooperation, municipality=town, joined_on=datetime.date(2019, 1, 1))
    partner = add_partner(cooperation=cooperation, name="DSK-BIG")
    body = BodyFactory(cooperation=cooperation, name="Projektleitungsgruppe")
    chair = add_person(
        cooperation=cooperation, role="Bürgermeister", name="Carl Vorsitz", municipality=naunhof
    )
    meeting = schedule_meeting(
        body=body,
        date=datetime.date(2020, 6, 10),
        number=8,
        location=naunhof,
        venue="Rathaus, Ratssaal",
        start_time=datetime.time(14, 0),
        end_time=datetime.time(16, 30),
        state=Meeting.State.HELD,
        chair=chair,
    )
    record_attendance(
        meeting=meeting,
        entries=[
            (naunhof, "present", "Bürgermeister Meier"),
            (brandis, "excused", ""),
            (partner, "present", "Frau Berater"),
        ],
        version=attendance_version(meeting),
    )
    measure = MeasureFactory(cooperation=cooperation, title="Online-Stadtplan")
    topic = add_agenda_item(meeting=meeting, title="Förderantrag Stadtplan", presenter=brandis)
    add_agenda_item(meeting=meeting, title="Personalien", is_public=False, presenter=partner)
    record_outcome(
        meeting=meeting,
        agenda_item=topic,
        kind="decision",
        text="Der Förderantrag für den Online-Stadtplan wird gestellt.",
        measures=[measure],
        new_status=MeasureStatus.DECIDED,
        tasks=[TaskDraft("Antrag einreichen", owner=naunhof, due=Due.in_month(2020, 7))],
        vote=Vote(by_municipality=((naunhof, "yes"), (brandis, "no"))),
    )
    record_outcome(meeting=meeting, text="Werbung ist gebührenfrei.", vote=Vote(5, 1, 1))
    return meeting


def docx_text(content: bytes) -> str:
    document = docx.Document(io.BytesIO(content))
    lines = [paragraph.text for paragraph in document.paragraphs]
    for table in document.tables:
        lines += [" | ".join(cell.text for cell in row.cells) for row in table.rows]
    return "\n".join(lines)


def pdf_text(content: bytes) -> str:
    return subprocess.run(
        ["pdftotext", "-", "-"], input=content, capture_output=True, check=True
    ).stdout.decode()


@pytest.mark.parametrize("read", [docx_text, pdf_text])
def test_minutes_hold_what_the_meeting_did(meeting, read):
    extension = "docx" if read is docx_text else "pdf"

    text = read(minutes.render(meeting, minutes.MINUTES, extension))

    for expected in (
        "8. Projektleitungsgruppe in Naunhof",
        "10.06.2020",
        "14:00 Uhr",
        "16:30 Uhr",
        "Rathaus, Ratssaal",
        "Carl Vorsitz",
        "Bürgermeister Meier",
        "Frau Berater",
        "Förderantrag Stadtplan",
        "Personalien",
        "Der Förderantrag für den Online-Stadtplan wird gestellt.",
        "Werbung ist gebührenfrei.",
        "Online-Stadtplan",
        "Antrag einreichen",
        "Brandis",
    ):
        assert expected in text, expected
    assert "Entwurf" not in text and "draft" not in text
    # The counts: from the members' votes (1 yes, 1 no, 0), and as typed (5, 1, 1).
    assert "1 Ja, 1 Nein" in text or "1 yes, 1 no" in text
    assert "5 Ja, 1 Nein" in text or "5 yes, 1 no" in text


def test_minutes_list_the_attendance_per_party(meeting):
    document = docx.Document(io.BytesIO(minutes.render(meeting, minutes.MINUTES, "docx")))

    attendance = [[cell.text for cell in row.cells] for row in document.tables[1].rows[1:]]
    assert [row[0] for row in attendance] == ["Brandis", "Naunhof", "DSK-BIG"]
    assert attendance[1][2] == "Bürgermeister Meier"


def test_invitation_has_the_agenda_without_results(meeting):
    text = docx_text(minutes.render(meeting, minutes.INVITATION, "docx"))

    for expected in ("Projektleitungsgruppe", "10.06.2020", "14:00", "Rathaus, Ratssaal"):
        assert expected in text
    assert "Förderantrag Stadtplan" in text and "Personalien" in text
    assert "DSK-BIG" in text and "Brandis" in text  # the presenters
    assert "Der Förderantrag für den Online-Stadtplan wird gestellt." not in text
    assert "Bürgermeister Meier" not in text


def test_invitation_as_pdf_names_the_topics(meeting):
    text = pdf_text(minutes.render(meeting, minutes.INVITATION, "pdf"))

    assert "Förderantrag Stadtplan" in text and "Personalien" in text


def test_minutes_of_a_meeting_not_held_are_a_draft(meeting):
    meeting.state = Meeting.State.PLANNED
    meeting.save()

    data = minutes.build_document(meeting, minutes.MINUTES)

    assert data.title != minutes.build_document(meeting, minutes.INVITATION).title
    meeting.state = Meeting.State.HELD
    meeting.save()
    assert minutes.build_document(meeting, minutes.MINUTES).title != data.title


def test_file_names_say_what_which_meeting_and_when(meeting):
    assert minutes.filename(meeting, minutes.MINUTES, "pdf") == (
        "Niederschrift-8-Projektleitungsgruppe-2020-06-10.pdf"
    )
    assert minutes.filename(meeting, minutes.INVITATION, "docx") == (
        "Einladung-8-Projektleitungsgruppe-2020-06-10.docx"
    )


def test_reading_the_minutes_does_not_grow_with_the_agenda(meeting, django_assert_num_queries):
    with django_assert_num_queries(10) as before:
        minutes.build_document(meeting, minutes.MINUTES)
    topic = meeting.agenda_items.first()
    for number in range(3):
        item = add_agenda_item(
            meeting=meeting, title=f"Nachtrag {number}", presenter=topic.presenter
        )
        record_outcome(
            meeting=meeting,
            agenda_item=item,
            text=f"Beschluss {number}",
            measures=list(meeting.body.cooperation.measures.all()),
            tasks=[TaskDraft(f"Aufgabe {number}", owner=topic.presenter)],
            vote=Vote(by_municipality=((topic.presenter, "yes"),)),
        )

    with django_assert_num_queries(len(before.captured_queries)):
        minutes.build_document(meeting, minutes.MINUTES)
