"""The minutes as SächsGemO § 40 asks of a Niederschrift, and the invitation, read back
as users open them (pdftotext, python-docx): every element in both formats, the results
apart from the status changes and tasks, the approval of the previous minutes as the
standard first topic, and one layout in the cooperation's colours."""

import datetime
import io
import subprocess

import docx
import pytest
from docx.oxml.ns import qn

from ikz.core.domain import add_member, add_person
from ikz.core.models import Membership
from ikz.measures.domain import Due
from ikz.measures.models import MeasureStatus
from ikz.meetings import minutes
from ikz.meetings.domain import (
    TaskDraft,
    Vote,
    add_agenda_item,
    attendance_version,
    propose_agenda,
    record_attendance,
    record_outcome,
    schedule_meeting,
)
from ikz.meetings.models import Meeting
from ikz.meetings.queries import minutes_approval
from tests.factories import BodyFactory, CooperationFactory, MeasureFactory, MunicipalityFactory

pytestmark = pytest.mark.django_db

MAY_11, JUNE_16 = datetime.date(2020, 5, 11), datetime.date(2020, 6, 16)
APPROVAL = "Genehmigung der Niederschrift der letzten Sitzung"


def docx_text(content: bytes) -> str:
    document = docx.Document(io.BytesIO(content))
    lines = [paragraph.text for paragraph in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            lines += [paragraph.text for cell in row.cells for paragraph in cell.paragraphs]
    return "\n".join(lines)


def docx_body_text(content: bytes) -> str:
    """The paragraphs and tables in the order they stand in the document."""
    document = docx.Document(io.BytesIO(content))
    lines = []
    for block in document.element.body.iterchildren():
        if block.tag in (qn("w:p"), qn("w:tbl")):
            lines.append("".join(text.text or "" for text in block.iter(qn("w:t"))))
    return "\n".join(lines)


def pdf_text(content: bytes) -> str:
    """The text, a page break as a line break."""
    text = subprocess.run(
        ["pdftotext", "-", "-"], input=content, capture_output=True, check=True
    ).stdout.decode()
    return text.replace("\f", "\n")


READERS = {"pdf": pdf_text, "docx": docx_body_text}


@pytest.fixture
def steering():
    """The Lenkungsgruppe of the Partheland: the 3rd meeting held on 11.05.2020, the
    4th planned for 16.06.2020 at 17:00 in Großpösna; a chair, a minute-taker, two
    members and one whose term ended."""
    cooperation = CooperationFactory(
        name="Partheland", primary_colour="#2E6B30", secondary_colour="#8CBF3F"
    )
    naunhof = MunicipalityFactory(name="Naunhof")
    grosspoesna = MunicipalityFactory(name="Großpösna")
    for town in (naunhof, grosspoesna):
        add_member(cooperation=cooperation, municipality=town, joined_on=datetime.date(2019, 1, 1))
    body = BodyFactory(
        cooperation=cooperation,
        name="Lenkungsgruppe",
        invitation_text="Liebe Bürgermeisterinnen und Bürgermeister,\n\nwir treffen uns zur "
        "Sitzung der Lenkungsgruppe.",
    )
    chair = add_person(
        cooperation=cooperation,
        role="Bürgermeisterin",
        name="Dana Vorsitz",
        municipality=grosspoesna,
    )
    Membership.objects.create(body=body, person=chair, role=Membership.Role.CHAIR)
    member = add_person(
        cooperation=cooperation,
        role="Bürgermeister",
        name="Martin Mitglied",
        municipality=naunhof,
        bodies=[body],
    )
    former = add_person(
        cooperation=cooperation, role="Altbürgermeister", name="Egon Ehemals", municipality=naunhof
    )
    Membership.objects.create(body=body, person=former, end=datetime.date(2019, 12, 31))
    taker = add_person(
        cooperation=cooperation,
        role="Hauptamtsleiterin",
        name="Paula Protokoll",
        municipality=naunhof,
    )
    third = schedule_meeting(
        body=body, date=MAY_11, number=3, location=naunhof, state=Meeting.State.HELD
    )
    fourth = schedule_meeting(
        body=body,
        date=JUNE_16,
        number=4,
        location=grosspoesna,
        venue="Rathaus Großpösna",
        start_time=datetime.time(17),
        end_time=datetime.time(19, 15),
        chair=chair,
        minute_taker=taker,
    )
    return {
        "body": body,
        "third": third,
        "fourth": fourth,
        "chair": chair,
        "member": member,
        "taker": taker,
        "naunhof": naunhof,
        "grosspoesna": grosspoesna,
    }


def hold(steering):
    """The 4th meeting held: attendance, the approval decided, a decision with a vote,
    a status change and a task."""
    fourth, naunhof, grosspoesna = steering["fourth"], steering["naunhof"], steering["grosspoesna"]
    record_attendance(
        meeting=fourth,
        entries=[(naunhof, "present", "Martin Mitglied"), (grosspoesna, "excused", "")],
        version=attendance_version(fourth),
    )
    approval = fourth.agenda_items.get(order=1)
    record_outcome(
        meeting=fourth,
        agenda_item=approval,
        kind="decision",
        text="Die Niederschrift wird ohne Änderungen genehmigt.",
        vote=Vote(2, 0, 0),
    )
    measure = MeasureFactory(cooperation=fourth.body.cooperation, title="Gemeinsames Gewerbeamt")
    topic = add_agenda_item(meeting=fourth, title="Gewerbeamt", measures=[measure])
    record_outcome(
        meeting=fourth,
        agenda_item=topic,
        kind="decision",
        text="Das gemeinsame Gewerbeamt wird eingerichtet.",
        measures=[measure],
        new_status=MeasureStatus.DECIDED,
        tasks=[TaskDraft("Zweckvereinbarung entwerfen", owner=naunhof, due=Due.in_month(2020, 9))],
        vote=Vote(by_municipality=((naunhof, "yes"), (grosspoesna, "abstain"))),
    )
    fourth.state = Meeting.State.HELD
    fourth.save(update_fields=["state"])
    return fourth


# The standard first topic


def test_a_new_meeting_of_a_body_that_met_before_opens_with_the_approval_of_its_minutes(
    steering,
):
    items = list(steering["fourth"].agenda_items.order_by("order"))

    assert [(item.order, item.number, item.title) for item in items] == [(1, "1", APPROVAL)]
    assert items[0].approves_minutes_of == steering["third"]


def test_the_first_meeting_of_a_body_and_a_meeting_recorded_as_held_get_no_approval_topic(
    steering,
):
    other = BodyFactory(cooperation=steering["body"].cooperation, name="Arbeitsgruppe")

    first = schedule_meeting(body=other, date=JUNE_16)
    held = schedule_meeting(
        body=steering["body"], date=datetime.date(2020, 7, 7), number=9, state="held"
    )

    assert not first.agenda_items.exists()
    assert not held.agenda_items.exists()


def test_the_same_minutes_are_put_on_one_agenda_only(steering):
    fifth = schedule_meeting(body=steering["body"], date=datetime.date(2020, 7, 7), number=5)

    assert not fifth.agenda_items.exists()


def test_the_minutes_of_a_cancelled_meetings_agenda_wait_for_the_next_one(steering):
    steering["fourth"].state = Meeting.State.CANCELLED
    steering["fourth"].save(update_fields=["state"])

    fifth = schedule_meeting(body=steering["body"], date=datetime.date(2020, 7, 7), number=5)

    assert fifth.agenda_items.get().approves_minutes_of == steering["third"]


def test_a_topic_left_open_is_proposed_again_but_not_the_approval(steering):
    fourth = hold(steering)
    record_outcome(meeting=fourth, agenda_item=None, text="Nichts weiter.")
    open_topic = add_agenda_item(meeting=fourth, title="Radwegekonzept")
    fifth = schedule_meeting(body=steering["body"], date=datetime.date(2020, 7, 7), number=5)

    proposed = [proposal.title for proposal in propose_agenda(fifth)]

    assert proposed == [open_topic.title]
    assert fifth.agenda_items.get().approves_minutes_of == fourth


def test_a_decision_on_the_approval_topic_approves_the_previous_minutes(steering):
    assert minutes_approval(steering["third"]) is None

    fourth = hold(steering)

    assert minutes_approval(steering["third"]) == fourth


def test_information_on_the_approval_topic_approves_nothing(steering):
    record_outcome(
        meeting=steering["fourth"],
        agenda_item=steering["fourth"].agenda_items.get(),
        kind="deferral",
        text="Die Niederschrift lag nicht vor.",
    )

    assert minutes_approval(steering["third"]) is None


# The minutes


@pytest.mark.parametrize("extension", ["pdf", "docx"])
def test_minutes_hold_every_element_the_law_asks_for(steering, extension):
    fourth = hold(steering)

    text = READERS[extension](minutes.render(fourth, minutes.MINUTES, extension))
    # The PDF's lines break where the columns of the signatures end.
    text = " ".join(text.split())

    for expected in (
        "Niederschrift",
        "4. Lenkungsgruppe in Großpösna",
        "Dienstag, 16.06.2020",
        "Beginn",
        "17:00 Uhr",
        "Ende",
        "19:15 Uhr",
        "Großpösna, Rathaus Großpösna",
        # The chair as a person with their office, the minute-taker.
        "Dana Vorsitz (Bürgermeisterin), Großpösna",
        "Schriftführung",
        "Paula Protokoll (Hauptamtsleiterin), Naunhof",
        # Who attended, per municipality.
        "1 von 2 Mitgliedskommunen anwesend.",
        "Naunhof",
        "Anwesend",
        "Entschuldigt",
        # The agenda, and each result in its wording with its vote.
        f"TOP 1: {APPROVAL}",
        "TOP 2: Gewerbeamt",
        "Das gemeinsame Gewerbeamt wird eingerichtet.",
        "Abstimmung: 1 Ja, 0 Nein, 1 Enthaltung",
        "Großpösna: Enthaltung",
        # The approval, in the body's words and as the minutes state it.
        "Die Niederschrift wird ohne Änderungen genehmigt.",
        "Die Niederschrift der Sitzung vom 11.05.2020 wurde genehmigt.",
        # Status changes and tasks.
        "Gemeinsames Gewerbeamt",
        "beschlossen",
        "Zweckvereinbarung entwerfen",
        "bis Ende September 2020",
        # The signatures.
        "Vorsitz: Dana Vorsitz (Bürgermeisterin), Großpösna",
        "Schriftführung: Paula Protokoll (Hauptamtsleiterin), Naunhof",
        "(Datum, Unterschrift)",
    ):
        assert expected in text, expected
    assert text.count("(Datum, Unterschrift)") == 2


@pytest.mark.parametrize("extension", ["pdf", "docx"])
def test_minutes_list_status_changes_and_tasks_apart_from_the_results(steering, extension):
    fourth = hold(steering)

    text = READERS[extension](minutes.render(fourth, minutes.MINUTES, extension))

    sections = [
        "\nErgebnisse\n",
        "Das gemeinsame Gewerbeamt wird eingerichtet.",
        "\nStatusänderungen\n",
        "beschlossen",
        "\nAufgaben\n",
        "Zweckvereinbarung entwerfen",
        "\nUnterschriften\n",
    ]
    # Each in its own section, in this order: the measure's new status under
    # "Statusänderungen", the task named once, under "Aufgaben".
    position = 0
    for part in sections:
        position = text.find(part, position)
        assert position >= 0, part
    results = text[text.index("\nErgebnisse\n") : text.index("\nStatusänderungen\n")]
    assert "beschlossen" not in results
    assert "Zweckvereinbarung entwerfen" not in results
    assert text.count("Zweckvereinbarung entwerfen") == 1


@pytest.mark.parametrize("extension", ["pdf", "docx"])
def test_minutes_of_the_approved_meeting_say_where_they_were_approved(steering, extension):
    hold(steering)

    text = READERS[extension](minutes.render(steering["third"], minutes.MINUTES, extension))

    assert "Niederschrift genehmigt" in text
    assert "in der Sitzung vom 16.06.2020" in text


def test_minutes_not_approved_yet_say_so(steering):
    data = minutes.build_document(steering["third"], minutes.MINUTES)

    assert ("Niederschrift genehmigt", "noch nicht") in data.facts


# The invitation


@pytest.mark.parametrize("extension", ["pdf", "docx"])
def test_invitation_names_date_start_place_addressees_and_the_bodys_letter(steering, extension):
    text = READERS[extension](minutes.render(steering["fourth"], minutes.INVITATION, extension))

    for expected in (
        "Einladung",
        "Dienstag, 16.06.2020",
        "Beginn",
        "17:00 Uhr",
        "Großpösna, Rathaus Großpösna",
        "Liebe Bürgermeisterinnen und Bürgermeister,",
        "wir treffen uns zur Sitzung der Lenkungsgruppe.",
        "Dana Vorsitz (Bürgermeisterin), Großpösna – Vorsitz",
        "Martin Mitglied (Bürgermeister), Naunhof",
        f"TOP 1: {APPROVAL}",
    ):
        assert expected in text, expected
    # Whose term ended is no addressee; the end is for the minutes.
    assert "Egon Ehemals" not in text
    assert "19:15" not in text


def test_invitation_lists_the_chair_first(steering):
    data = minutes.build_document(steering["fourth"], minutes.INVITATION)

    assert data.addressees == [
        "Dana Vorsitz (Bürgermeisterin), Großpösna – Vorsitz",
        "Martin Mitglied (Bürgermeister), Naunhof",
    ]


def test_invitation_of_a_body_without_its_own_text_has_the_standard_letter(steering):
    body = steering["body"]
    body.invitation_text = ""
    body.save(update_fields=["invitation_text"])

    text = docx_text(minutes.render(steering["fourth"], minutes.INVITATION, "docx"))

    assert "Sehr geehrte Damen und Herren," in text
    assert "hiermit laden wir Sie herzlich zu der unten genannten Sitzung ein." in text


def test_reading_the_invitation_does_not_grow_with_the_members(steering, django_assert_num_queries):
    with django_assert_num_queries(3) as before:
        minutes.build_document(steering["fourth"], minutes.INVITATION)
    cooperation = steering["body"].cooperation
    for number in range(3):
        add_person(
            cooperation=cooperation,
            role="Bürgermeister",
            name=f"Mitglied {number}",
            municipality=steering["naunhof"],
            bodies=[steering["body"]],
        )

    with django_assert_num_queries(len(before.captured_queries)):
        data = minutes.build_document(steering["fourth"], minutes.INVITATION)
    assert len(data.addressees) == 5


# One layout in the cooperation's colours


def test_word_file_has_the_layout_of_the_pdf_in_the_cooperations_colours(steering):
    fourth = hold(steering)
    style = minutes.DocumentStyle.of(fourth.body.cooperation)

    document = docx.Document(io.BytesIO(minutes.render(fourth, minutes.MINUTES, "docx")))

    assert (style.fill, style.accent) == ("2E6B30", "8CBF3F")
    for name in ("Normal", "Title", "Heading 1", "Heading 2"):
        font = document.styles[name].font
        assert font.name == "Arial", name
    for name in ("Title", "Heading 1", "Heading 2"):
        assert str(document.styles[name].font.color.rgb) == style.heading, name
    borders = document.styles["Title"].element.iter(qn("w:bottom"))
    assert {border.get(qn("w:color")) for border in borders} == {"8CBF3F"}
    # Every table with a head has it filled in the primary colour (the facts have none).
    attendance = document.tables[1]
    head = attendance.rows[0].cells[0]
    fills = [shading.get(qn("w:fill")) for shading in head._tc.iter(qn("w:shd"))]
    assert fills == ["2E6B30"]
    assert str(head.paragraphs[0].runs[0].font.color.rgb) == style.on_fill


def test_pdf_has_the_same_layout(steering, tmp_path):
    fourth = hold(steering)
    style = minutes.DocumentStyle.of(fourth.body.cooperation)

    html = minutes.document_html(minutes.build_document(fourth, minutes.MINUTES))

    assert f"font-family: {style.font_stack};" in html
    assert f"thead th {{ background: #{style.fill}; color: #{style.on_fill}; }}" in html
    assert f"border-bottom: 1.5pt solid #{style.accent};" in html
    assert f"h2 {{ font-size: {style.heading_size}pt; color: #{style.heading};" in html
    pdf = tmp_path / "niederschrift.pdf"
    pdf.write_bytes(minutes.render(fourth, minutes.MINUTES, "pdf"))
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, check=True).stdout
    # The text in the style's face (or its metric twin where the server lacks Arial);
    # print.css sets the page numbers in DejaVu Sans.
    assert "Liberation-Sans" in fonts.decode() or "Arial" in fonts.decode()


def test_a_cooperation_without_colours_prints_in_the_cockpits(steering):
    cooperation = steering["body"].cooperation
    cooperation.primary_colour = cooperation.secondary_colour = ""
    cooperation.save(update_fields=["primary_colour", "secondary_colour"])

    style = minutes.build_document(steering["fourth"], minutes.MINUTES).style

    assert (style.fill, style.accent) == ("1F4E79", "4F86B8")
