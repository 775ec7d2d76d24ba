"""A meeting's invitation and its minutes (Niederschrift) as PDF and Word documents.

Like pretix's ListExporter: the document is read from the database once, into
``MeetingDocument`` (a fixed number of queries, however long the agenda), and every
format is written from it. The minutes hold what SächsGemO § 40 asks of council
minutes: the day, place, start and end, the chair, who attended, the agenda, and each
result in its wording with the vote, the measures' new status and the tasks it set.
Documents are German like the data: they are written in the installation's language
(settings.LANGUAGE_CODE), whatever the request's."""

import io
import re
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import F, Prefetch
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.formats import date_format, time_format
from django.utils.translation import gettext as _

from ikz.core.printing import print_pdf
from ikz.measures.domain import Due
from ikz.measures.models import TASK_OWNER_RELATIONS, Measure, StatusChange, Task
from ikz.meetings.models import AgendaItem, Attendance, Meeting, Outcome, OutcomeVote
from ikz.meetings.queries import PRESENTER_RELATIONS

INVITATION = "invitation"
MINUTES = "minutes"
DOCUMENTS = (INVITATION, MINUTES)
# The file names' words: German like the documents, as the reports' files are named.
FILE_WORDS = {INVITATION: "Einladung", MINUTES: "Niederschrift"}
FORMATS = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


@dataclass(frozen=True)
class ResultEntry:
    kind: str
    text: str
    is_public: bool
    vote: str  # "Vote: 5 yes, 1 no, 1 abstention", or ""
    votes: list[tuple[str, str]]  # (municipality, its vote)
    measures: list[tuple[str, str]]  # (measure, its new status through the result, or "")
    tasks: list[tuple[str, str, str]]  # (task, owner, due date)


@dataclass(frozen=True)
class ItemEntry:
    label: str  # "TOP 3: Umsetzung …"
    is_public: bool
    presenter: str
    results: list[ResultEntry] = field(default_factory=list)


@dataclass(frozen=True)
class MeetingDocument:
    """What an invitation or the minutes say, as text: read once, written in every
    format."""

    document: str  # INVITATION or MINUTES
    title: str
    heading: str
    cooperation: str
    facts: list[tuple[str, str]]  # (label, value), e.g. ("Date", "Monday, 11.05.2020")
    attendance: list[tuple[str, str, str]]  # (party, state, represented by)
    items: list[ItemEntry]
    loose_results: list[ResultEntry]  # results without their own topic

    @property
    def is_minutes(self) -> bool:
        return self.document == MINUTES


def _times(meeting: Meeting) -> str:
    if not meeting.start_time:
        return ""
    text = time_format(meeting.start_time, "TIME_FORMAT")
    if meeting.end_time:
        text = f"{text}–{time_format(meeting.end_time, 'TIME_FORMAT')}"
    return _("%(time)s o’clock") % {"time": text}


def _result(outcome: Outcome) -> ResultEntry:
    new_status = {
        change.measure_id: change.get_to_status_display() for change in outcome.status_changes.all()
    }
    return ResultEntry(
        kind=str(outcome.get_kind_display()),
        text=outcome.text,
        is_public=outcome.is_public,
        vote=outcome.vote_summary(),
        votes=[(vote.municipality.name, vote.get_vote_display()) for vote in outcome.votes.all()],
        measures=[
            (measure.title, new_status.get(measure.pk, "")) for measure in outcome.measures.all()
        ],
        tasks=[
            (
                task.title,
                str(task.owner) if task.owner else "",
                Due.of(task).label,
            )
            for task in outcome.tasks.all()
        ],
    )


def build_document(meeting: Meeting, document: str) -> MeetingDocument:
    """The invitation or the minutes of ``meeting``, read in a fixed number of queries.
    The minutes of a meeting not held yet are a draft, and say so in their title."""
    meeting = Meeting.objects.select_related(
        "body__cooperation", "location", "chair__municipality", "chair__partner"
    ).get(pk=meeting.pk)
    items = list(
        AgendaItem.objects.filter(meeting=meeting)
        .select_related(*PRESENTER_RELATIONS)
        .order_by("order")
    )
    is_minutes = document == MINUTES
    by_item: dict[int | None, list[ResultEntry]] = {}
    attendance = []
    if is_minutes:
        outcomes = (
            Outcome.objects.filter(meeting=meeting)
            .prefetch_related(
                Prefetch("measures", Measure.objects.only("title").order_by("title")),
                Prefetch(
                    "votes",
                    OutcomeVote.objects.select_related("municipality").order_by(
                        "municipality__name"
                    ),
                ),
                Prefetch(
                    "status_changes", StatusChange.objects.only("measure", "outcome", "to_status")
                ),
                Prefetch(
                    "tasks",
                    Task.objects.select_related(
                        *TASK_OWNER_RELATIONS,
                        "due_meeting__body",
                        "due_meeting__location",
                        "due_body",
                    ).order_by("order"),
                ),
            )
            .order_by("order")
        )
        for outcome in outcomes:
            by_item.setdefault(outcome.agenda_item_id, []).append(_result(outcome))
        attendance = [
            (str(row.party), str(row.get_state_display()), row.names)
            for row in Attendance.objects.filter(meeting=meeting)
            .select_related("municipality", "partner")
            # Members first, then partners, each by name.
            .order_by(F("partner_id").asc(nulls_first=True), "municipality__name", "partner__name")
        ]
    place = ", ".join(
        part for part in (getattr(meeting.location, "name", ""), meeting.venue) if part
    )
    facts = [
        (_("Body"), meeting.body.name),
        (_("Number"), str(meeting.number or "")),
        (_("Date"), date_format(meeting.date, "l, d.m.Y")),
        (_("Time"), _times(meeting)),
        (_("Place"), place),
    ]
    if is_minutes:
        facts.append((_("Chair"), str(meeting.chair or "")))
        facts.append((_("State"), str(meeting.get_state_display())))
    if is_minutes:
        title = _("Minutes") if meeting.state == Meeting.State.HELD else _("Minutes (draft)")
    else:
        title = _("Invitation")
    return MeetingDocument(
        document=document,
        title=title,
        heading=meeting.heading,
        cooperation=meeting.body.cooperation.name,
        facts=[(label, value) for label, value in facts if value],
        attendance=attendance,
        items=[
            ItemEntry(
                label=(
                    f"{_('Item %(number)s') % {'number': item.number}}: {item.title}"
                    if item.number
                    else item.title
                ),
                is_public=item.is_public,
                presenter=str(item.presenter or ""),
                results=by_item.get(item.pk, []),
            )
            for item in items
        ],
        loose_results=by_item.get(None, []),
    )


def filename(meeting: Meeting, document: str, extension: str) -> str:
    """E.g. "Niederschrift-8-Projektleitungsgruppe-2020-06-10.pdf"."""
    parts = [FILE_WORDS[document], str(meeting.number or ""), meeting.title or meeting.body.name]
    name = "-".join(re.sub(r"\W+", "_", part).strip("_") for part in parts if part)
    return f"{name}-{meeting.date:%Y-%m-%d}.{extension}"


def render(meeting: Meeting, document: str, extension: str) -> bytes:
    """The invitation or the minutes of ``meeting`` as a PDF or a Word file."""
    with translation.override(settings.LANGUAGE_CODE):
        data = build_document(meeting, document)
        return render_pdf(data) if extension == "pdf" else render_docx(data)


def document_html(data: MeetingDocument) -> str:
    return render_to_string(
        "meetings/document.html", {"doc": data, "language": settings.LANGUAGE_CODE}
    )


def render_pdf(data: MeetingDocument) -> bytes:
    """PDF/A-3b for the archive, A4, as the reports are."""
    return print_pdf(document_html(data))


def _docx_result(document, result: ResultEntry) -> None:
    paragraph = document.add_paragraph()
    paragraph.add_run(f"{result.kind}: ").bold = True
    paragraph.add_run(result.text)
    if not result.is_public:
        paragraph.add_run(f" ({_('internal')})")
    if result.vote:
        document.add_paragraph(result.vote)
    for municipality, vote in result.votes:
        document.add_paragraph(f"{municipality}: {vote}", style="List Bullet")
    for measure, status in result.measures:
        line = _("Measure %(measure)s") % {"measure": measure}
        if status:
            line = f"{line}: {_('new status')} {status}"
        document.add_paragraph(line, style="List Bullet")
    for title, owner, due in result.tasks:
        line = _("Task: %(task)s") % {"task": title}
        document.add_paragraph(
            " – ".join(part for part in (line, owner, due) if part), style="List Bullet"
        )


def render_docx(data: MeetingDocument) -> bytes:
    """Word: the title as Title, the facts and the attendance as tables, each topic a
    heading with its results below it."""
    import docx  # noqa: PLC0415 heavy library: python-docx

    document = docx.Document()
    properties = document.core_properties
    properties.title, properties.subject = f"{data.title}: {data.heading}", data.cooperation
    properties.author, properties.language = data.cooperation, "de-DE"
    document.add_paragraph(data.title, style="Title")
    document.add_paragraph(f"{data.heading} – {data.cooperation}", style="Subtitle")
    facts = document.add_table(rows=0, cols=2)
    facts.style = "Table Grid"
    for label, value in data.facts:
        cells = facts.add_row().cells
        cells[0].text, cells[1].text = label, value
    if data.is_minutes:
        document.add_heading(_("Attendance"), level=1)
        if data.attendance:
            table = document.add_table(rows=1, cols=3)
            table.style = "Table Grid"
            for cell, label in zip(
                table.rows[0].cells,
                (_("Member or partner"), _("attendance"), _("represented by")),
                strict=True,
            ):
                cell.text = str(label)
            for row in data.attendance:
                for cell, text in zip(table.add_row().cells, row, strict=True):
                    cell.text = text
        else:
            document.add_paragraph(_("No attendance recorded."))
    document.add_heading(_("Agenda"), level=1)
    if not data.items:
        document.add_paragraph(_("The meeting has no agenda yet."))
    for item in data.items:
        marker = _("public") if item.is_public else _("internal")
        document.add_paragraph(f"{item.label} ({marker})")
        if item.presenter:
            document.add_paragraph(_("Presented by %(presenter)s") % {"presenter": item.presenter})
    if data.is_minutes:
        document.add_heading(_("Results"), level=1)
        for item in data.items:
            document.add_heading(item.label, level=2)
            if not item.results:
                document.add_paragraph(_("No result recorded."))
            for result in item.results:
                _docx_result(document, result)
        if data.loose_results:
            document.add_heading(_("Results without their own topic"), level=2)
            for result in data.loose_results:
                _docx_result(document, result)
    output = io.BytesIO()
    document.save(output)
    return output.getvalue()
