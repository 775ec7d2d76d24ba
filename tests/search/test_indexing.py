"""The index follows the data in the saving transaction: a saved object's row, the rows
that show something of it, a deleted object's row gone; ``ikz search_index --rebuild``
and the first ``migrate`` make it from the data."""

import io

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.db import transaction

from ikz.core.models import Document
from ikz.meetings.models import Meeting
from ikz.search.documents import MAX_TEXT
from ikz.search.indexing import deferred, fill_after_migrate
from ikz.search.models import SearchEntry
from tests.factories import (
    AgendaItemFactory,
    MeasureFactory,
    MeetingFactory,
    OutcomeFactory,
    ParticipationFactory,
    PersonFactory,
    TaskFactory,
    pdf_bytes,
)

pytestmark = pytest.mark.django_db
Kind = SearchEntry.Kind


def entries(kind=None) -> list[tuple]:
    rows = SearchEntry.objects.order_by("kind", "object_id")
    if kind:
        rows = rows.filter(kind=kind)
    return list(rows.values_list("kind", "title", "is_public"))


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def test_saving_a_measure_writes_its_row_and_changing_it_rewrites_it(cooperation):
    measure = MeasureFactory(cooperation=cooperation, title="Gemeinsame Stellenbörse")
    first = entries()

    measure.title, measure.is_public = "Stellenbörse der Region", True
    measure.save()

    assert (first, entries()) == (
        [(Kind.MEASURE, "Gemeinsame Stellenbörse", False)],
        [(Kind.MEASURE, "Stellenbörse der Region", True)],
    )


def test_deleting_an_object_deletes_its_row(cooperation):
    task = TaskFactory(cooperation=cooperation, title="Zeitplan erstellen")

    task.delete()

    assert entries() == []


def test_a_rolled_back_save_leaves_the_index_as_it_was(cooperation):
    with pytest.raises(RuntimeError), transaction.atomic():
        TaskFactory(cooperation=cooperation, title="Zeitplan erstellen")
        raise RuntimeError

    assert entries() == []


def test_outcomes_are_public_once_their_public_meeting_was_held(cooperation):
    meeting = MeetingFactory(
        body__cooperation=cooperation, is_public=True, state=Meeting.State.PLANNED
    )
    item = AgendaItemFactory(meeting=meeting, title="Gewerbeamt")
    OutcomeFactory(meeting=meeting, agenda_item=item, text="Gewerbeamt wird geprüft")
    planned = entries(Kind.OUTCOME)

    meeting.state = Meeting.State.HELD
    meeting.save()
    held = entries(Kind.OUTCOME)
    item.is_public = False
    item.save()

    assert (planned, held, entries(Kind.OUTCOME), entries(Kind.AGENDA_ITEM)) == (
        [(Kind.OUTCOME, "Gewerbeamt wird geprüft", False)],
        [(Kind.OUTCOME, "Gewerbeamt wird geprüft", True)],
        [(Kind.OUTCOME, "Gewerbeamt wird geprüft", False)],
        [(Kind.AGENDA_ITEM, "Gewerbeamt", False)],
    )


def test_renaming_a_body_renames_its_meetings_rows(cooperation):
    meeting = MeetingFactory(body__cooperation=cooperation, body__name="Lenkungsgruppe", number=3)
    AgendaItemFactory(meeting=meeting, title="Haushalt")

    meeting.body.name = "Steuerungsgruppe"
    meeting.body.save()

    assert list(SearchEntry.objects.order_by("kind").values_list("kind", "title", "context")) == [
        (Kind.AGENDA_ITEM, "Haushalt", "3. Steuerungsgruppe"),
        (Kind.MEETING, "3. Steuerungsgruppe", ""),
    ]


def test_a_municipality_has_a_row_in_each_cooperation_it_is_a_member_of(cooperation):
    participation = ParticipationFactory(cooperation=cooperation, municipality__name="Naunhof")
    ParticipationFactory(municipality=participation.municipality)
    both = SearchEntry.objects.filter(kind=Kind.MUNICIPALITY).count()

    participation.delete()

    assert (both, entries(Kind.MUNICIPALITY)) == (2, [(Kind.MUNICIPALITY, "Naunhof", True)])


def test_people_and_tasks_are_internal(cooperation):
    PersonFactory(cooperation=cooperation, role="Bürgermeister Naunhof")
    TaskFactory(cooperation=cooperation, title="Zeitplan erstellen")

    assert [public for _kind, _title, public in entries()] == [False, False]


def test_a_text_document_is_indexed_with_its_text_cut_at_the_limit(cooperation, media):
    measure = MeasureFactory(cooperation=cooperation, is_public=True)
    text = "Stellenbörse " * (MAX_TEXT // 10)

    Document.objects.create(
        cooperation=cooperation,
        measure=measure,
        title="Konzept",
        is_public=True,
        file=ContentFile(text.encode("cp1252"), name="konzept.txt"),
    )

    row = SearchEntry.objects.get(kind=Kind.DOCUMENT)
    assert (row.title, row.is_public, len(row.text), row.text[:25]) == (
        "Konzept",
        True,
        MAX_TEXT,
        "Stellenbörse Stellenbörse",
    )


def test_a_pdf_is_indexed_with_the_text_of_its_pages(cooperation, media):
    from weasyprint import HTML  # noqa: PLC0415 heavy library: weasyprint

    pdf = HTML(string="<p>Konzept der gemeinsamen Stellenbörse</p>").write_pdf()
    measure = MeasureFactory(cooperation=cooperation)

    Document.objects.create(
        cooperation=cooperation,
        measure=measure,
        title="Konzept",
        file=ContentFile(pdf, name="k.pdf"),
    )

    assert SearchEntry.objects.get(kind=Kind.DOCUMENT).text == (
        "Konzept der gemeinsamen Stellenbörse"
    )


def test_an_unreadable_pdf_is_indexed_by_its_title(cooperation, media):
    measure = MeasureFactory(cooperation=cooperation)
    broken = pdf_bytes()[:-200]

    Document.objects.create(
        cooperation=cooperation,
        measure=measure,
        title="Protokoll",
        file=ContentFile(broken, name="p.pdf"),
    )

    assert list(SearchEntry.objects.values_list("kind", "title", "text")) == [
        (Kind.MEASURE, measure.title, ""),
        (Kind.DOCUMENT, "Protokoll", ""),
    ]


def test_a_measure_made_public_makes_its_public_documents_public_keeping_their_text(
    cooperation, media
):
    measure = MeasureFactory(cooperation=cooperation)
    document = Document.objects.create(
        cooperation=cooperation,
        measure=measure,
        title="Konzept",
        is_public=True,
        file=ContentFile("Stellenbörse".encode(), name="konzept.txt"),
    )
    document.file.delete(save=False)  # read again, it would give no text

    measure.is_public = True
    measure.save()

    assert SearchEntry.objects.filter(kind=Kind.DOCUMENT).values_list(
        "is_public", "text"
    ).get() == (
        True,
        "Stellenbörse",
    )


def test_deferred_saves_write_their_rows_once_at_the_end(cooperation, media):
    meeting = MeetingFactory(
        body__cooperation=cooperation, is_public=True, state=Meeting.State.PLANNED
    )
    with deferred():
        item = AgendaItemFactory(meeting=meeting, title="Gewerbeamt")
        OutcomeFactory(meeting=meeting, agenda_item=item, text="Gewerbeamt wird geprüft")
        Document.objects.create(
            cooperation=cooperation,
            meeting=meeting,
            title="Vorlage",
            file=ContentFile(b"Zeitplan", name="vorlage.txt"),
        )
        meeting.state = Meeting.State.HELD
        meeting.save()
        within = entries()

    assert (within, entries()) == (
        [(Kind.MEETING, meeting.heading, True)],
        [
            (Kind.AGENDA_ITEM, "Gewerbeamt", True),
            (Kind.DOCUMENT, "Vorlage", False),
            (Kind.MEETING, meeting.heading, True),
            (Kind.OUTCOME, "Gewerbeamt wird geprüft", True),
        ],
    )
    assert SearchEntry.objects.get(kind=Kind.DOCUMENT).text == "Zeitplan"


def test_deferred_saves_interrupted_write_no_rows(cooperation):
    with pytest.raises(RuntimeError), transaction.atomic(), deferred():
        TaskFactory(cooperation=cooperation, title="Zeitplan erstellen")
        raise RuntimeError

    assert entries() == []


def test_rebuild_command_makes_the_index_from_the_data(cooperation):
    MeasureFactory(cooperation=cooperation, title="Smart Cities")
    TaskFactory(cooperation=cooperation, title="Förderung prüfen")
    SearchEntry.objects.all().delete()
    out = io.StringIO()

    call_command("search_index", "--rebuild", stdout=out)

    assert (entries(), out.getvalue()) == (
        [(Kind.MEASURE, "Smart Cities", False), (Kind.TASK, "Förderung prüfen", False)],
        "Sucheinträge: 2.\n",
    )


def test_migrate_fills_an_empty_index_where_there_is_data(cooperation):
    MeasureFactory(cooperation=cooperation, title="Smart Cities")
    SearchEntry.objects.all().delete()

    fill_after_migrate(using="default")

    assert entries() == [(Kind.MEASURE, "Smart Cities", False)]
