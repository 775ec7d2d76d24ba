"""A meeting's invitation and its minutes (Niederschrift) as PDF and Word documents.

Like pretix's ListExporter: the document is read from the database once, into
``MeetingDocument`` (a fixed number of queries, however long the agenda), and every
format is written from it, in one layout (``DocumentStyle``: the cooperation's colours,
one typeface, the same headings and tables). The minutes hold what SächsGemO § 40 asks
of council minutes: the day, place, start and end, the chair with their office, the
minute-taker, who attended per member, the agenda, each result in its wording with the
vote, then on their own the measures' new statuses and the tasks that follow, the
approval of the previous minutes, and lines for the chair's and the minute-taker's
signatures. The invitation names the addressees (the body's members on the day) and
opens with the body's letter text. Documents are German like the data: they are
written in the installation's language (settings.LANGUAGE_CODE), whatever the
request's."""

import io
import re
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import F, Prefetch, Q
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.formats import date_format, time_format
from django.utils.translation import gettext as _

from ikz.core.domain import members_on
from ikz.core.models import Membership
from ikz.core.palette import Palette
from ikz.core.printing import print_pdf
from ikz.measures.domain import Due
from ikz.measures.models import TASK_OWNER_RELATIONS, Measure, StatusChange, Task
from ikz.meetings.models import AgendaItem, Attendance, Meeting, Outcome, OutcomeVote
from ikz.meetings.queries import PRESENTER_RELATIONS, minutes_approval

INVITATION = "invitation"
MINUTES = "minutes"
DOCUMENTS = (INVITATION, MINUTES)
# The file names' words: German like the documents, as the reports' files are named.
FILE_WORDS = {INVITATION: "Einladung", MINUTES: "Niederschrift"}
FORMATS = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}
# A person as the documents name them: ``Person.__str__`` adds the municipality or partner.
PERSON_RELATIONS = ("municipality", "partner")
# Membership roles in the order an invitation lists their holders.
ROLE_ORDER = [
    Membership.Role.CHAIR,
    Membership.Role.MEMBER,
    Membership.Role.DEPUTY,
    Membership.Role.GUEST,
]


@dataclass(frozen=True)
class DocumentStyle:
    """The one layout of both formats, in the cooperation's colours: colours as RRGGBB,
    sizes in points. Word has Arial everywhere; the PDF falls back to its metric twin
    Liberation Sans, or DejaVu Sans, where the server lacks it."""

    heading: str  # headings: the primary colour, darkened where too pale for text
    fill: str  # table heads: the primary colour
    on_fill: str  # their text
    accent: str  # the rule under the title: the secondary colour
    muted: str = "595959"
    grid: str = "A0A7B0"
    text: str = "262626"
    font: str = "Arial"
    # Unquoted: the stack goes into the PDF's <style>, where no entity is decoded.
    font_stack: str = "Arial, Liberation Sans, DejaVu Sans, sans-serif"
    body_size: int = 10
    title_size: int = 18
    heading_size: int = 13
    subheading_size: int = 11

    @classmethod
    def of(cls, cooperation) -> "DocumentStyle":
        palette = Palette.of(cooperation)
        return cls(
            heading=palette.heading,
            fill=palette.primary,
            on_fill=palette.on_primary,
            accent=palette.secondary,
        )


@dataclass(frozen=True)
class ResultEntry:
    label: str  # "Decision", "Information", …
    text: str
    is_public: bool
    vote: str  # "Vote: 5 yes, 1 no, 1 abstention", or ""
    votes: str  # "Brandis: no; Naunhof: yes", or ""
    measures: str  # the measures it concerns, or ""
    approval: str  # "The minutes of the meeting of 11.05.2020 were approved.", or ""
    correction: str  # "Corrected on … by …" after the meeting was published, or ""


@dataclass(frozen=True)
class ItemEntry:
    label: str  # "Item 3: Umsetzung …"
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
    style: DocumentStyle
    facts: list[tuple[str, str]]  # (label, value), e.g. ("Date", "Monday, 11.05.2020")
    letter: list[str] = field(default_factory=list)  # the invitation's paragraphs
    addressees: list[str] = field(default_factory=list)
    attendance: list[tuple[str, str, str]] = field(default_factory=list)  # party, state, by
    attendance_summary: str = ""
    items: list[ItemEntry] = field(default_factory=list)
    loose_results: list[ResultEntry] = field(default_factory=list)  # without their own topic
    status_changes: list[tuple[str, str, str]] = field(default_factory=list)  # measure, to, TOP
    tasks: list[tuple[str, str, str, str]] = field(default_factory=list)  # task, owner, due, TOP
    signatures: list[tuple[str, str]] = field(default_factory=list)  # (function, name)
    # The public version of the minutes: public topics and results only, no tasks.
    public: bool = False

    @property
    def is_minutes(self) -> bool:
        return self.document == MINUTES


def _time(value) -> str:
    return _("%(time)s o’clock") % {"time": time_format(value, "TIME_FORMAT")}


def _day(value) -> str:
    return date_format(value, "SHORT_DATE_FORMAT")


def _item_label(item: AgendaItem) -> str:
    return _("Item %(number)s") % {"number": item.number} if item.number else item.title


def _result(outcome: Outcome, item: AgendaItem | None, *, public: bool) -> ResultEntry:
    approval = ""
    if (
        item is not None
        and item.approves_minutes_of is not None
        and outcome.kind == Outcome.Kind.DECISION
    ):
        approval = _("The minutes of the meeting of %(date)s were approved.") % {
            "date": _day(item.approves_minutes_of.date)
        }
    return ResultEntry(
        label=str(outcome.get_kind_display()).capitalize(),
        text=outcome.text,
        is_public=outcome.is_public,
        vote=outcome.vote_summary(),
        votes="; ".join(
            f"{vote.municipality.name}: {vote.get_vote_display()}" for vote in outcome.votes.all()
        ),
        measures=", ".join(
            measure.title for measure in outcome.measures.all() if measure.is_public or not public
        ),
        approval=approval,
        correction=outcome.correction_note(),
    )


def _outcomes(meeting: Meeting):
    return (
        Outcome.objects.filter(meeting=meeting)
        .select_related("corrected_by")
        .prefetch_related(
            Prefetch("measures", Measure.objects.only("title", "is_public").order_by("title")),
            Prefetch(
                "votes",
                OutcomeVote.objects.select_related("municipality").order_by("municipality__name"),
            ),
            Prefetch(
                "status_changes",
                StatusChange.objects.select_related("measure")
                .only("measure__title", "measure__is_public", "outcome", "to_status")
                .order_by("measure__title"),
            ),
            Prefetch(
                "tasks",
                Task.objects.select_related(
                    *TASK_OWNER_RELATIONS, "due_meeting__body", "due_meeting__location", "due_body"
                ).order_by("order"),
            ),
        )
        .order_by("order")
    )


def _addressees(meeting: Meeting) -> list[str]:
    """The body's members on the meeting's day, chair first, each with their office."""
    memberships = (
        Membership.objects.filter(body=meeting.body)
        .filter(Q(start__isnull=True) | Q(start__lte=meeting.date))
        .filter(Q(end__isnull=True) | Q(end__gte=meeting.date))
        .select_related(*(f"person__{relation}" for relation in PERSON_RELATIONS))
        .order_by("person__name", "person__role")
    )
    rows = sorted(memberships, key=lambda row: ROLE_ORDER.index(row.role))
    return [
        str(row.person)
        if row.role == Membership.Role.MEMBER
        else f"{row.person} – {row.get_role_display()}"
        for row in rows
    ]


def _letter(meeting: Meeting) -> list[str]:
    text = meeting.body.invitation_text.strip() or _(
        "Dear Sir or Madam,\n\n"
        "we cordially invite you to the meeting named below. You find its agenda at the "
        "end of this letter. We look forward to seeing you."
    )
    return [paragraph.strip() for paragraph in re.split(r"\n\s*\n", text) if paragraph.strip()]


def build_document(meeting: Meeting, document: str, *, public: bool = False) -> MeetingDocument:
    """The invitation or the minutes of ``meeting``, read in a fixed number of queries.
    The minutes of a meeting not held yet are a draft, and say so in their title.

    ``public``: the minutes as citizens read them once the meeting is published: its
    public topics with their public results (``is_public_outcome``), the status changes
    of public measures, and no tasks (they are the cooperation's internal work)."""
    people = [
        f"{role}__{relation}" for role in ("chair", "minute_taker") for relation in PERSON_RELATIONS
    ]
    meeting = Meeting.objects.select_related("body__cooperation", "location", *people).get(
        pk=meeting.pk
    )
    items = AgendaItem.objects.filter(meeting=meeting)
    if public:
        items = items.filter(is_public=True)
    items = list(
        items.select_related(*PRESENTER_RELATIONS, "approves_minutes_of").order_by("order")
    )
    is_minutes = document == MINUTES
    place = ", ".join(
        part for part in (getattr(meeting.location, "name", ""), meeting.venue) if part
    )
    facts = [
        (_("Body"), meeting.body.name),
        (_("Number"), str(meeting.number or "")),
        (_("Date"), date_format(meeting.date, "l, d.m.Y")),
        (_("Start"), _time(meeting.start_time) if meeting.start_time else ""),
        (_("End"), _time(meeting.end_time) if meeting.end_time and is_minutes else ""),
        (_("Place"), place),
        (_("Chair"), str(meeting.chair or "")),
    ]
    if not is_minutes:
        return MeetingDocument(
            document=document,
            title=_("Invitation"),
            heading=meeting.heading,
            cooperation=meeting.body.cooperation.name,
            style=DocumentStyle.of(meeting.body.cooperation),
            facts=[(label, value) for label, value in facts if value],
            letter=_letter(meeting),
            addressees=_addressees(meeting),
            items=[
                ItemEntry(
                    label=f"{_item_label(item)}: {item.title}" if item.number else item.title,
                    is_public=item.is_public,
                    presenter=str(item.presenter or ""),
                )
                for item in items
            ],
        )
    facts.append((_("Minute-taker"), str(meeting.minute_taker or "")))
    facts.append((_("State"), str(meeting.get_state_display())))
    approved_in = minutes_approval(meeting)
    facts.append(
        (
            _("Minutes approved"),
            _("in the meeting of %(date)s") % {"date": _day(approved_in.date)}
            if approved_in
            else _("not yet"),
        )
    )
    by_pk = {item.pk: item for item in items}
    by_item: dict[int | None, list[ResultEntry]] = {}
    status_changes, tasks = [], []
    for outcome in _outcomes(meeting):
        item = by_pk.get(outcome.agenda_item_id)
        if public and not (outcome.is_public and (outcome.agenda_item_id is None or item)):
            continue
        by_item.setdefault(outcome.agenda_item_id, []).append(_result(outcome, item, public=public))
        source = _item_label(item) if item else _("without its own topic")
        status_changes += [
            (change.measure.title, str(change.get_to_status_display()), source)
            for change in outcome.status_changes.all()
            if change.measure.is_public or not public
        ]
        tasks += [
            (
                task.title,
                str(task.owner or ""),
                Due.of(task).label,
                source,
            )
            for task in outcome.tasks.all()
            if not public
        ]
    rows = list(
        Attendance.objects.filter(meeting=meeting)
        .select_related("municipality", "partner")
        # Members first, then partners, each by name.
        .order_by(F("partner_id").asc(nulls_first=True), "municipality__name", "partner__name")
    )
    summary = _("%(present)d of %(members)d member municipalities present.") % {
        "present": sum(
            1 for row in rows if row.municipality_id and row.state == Attendance.State.PRESENT
        ),
        "members": members_on(meeting.body.cooperation, meeting.date).count(),
    }
    return MeetingDocument(
        document=document,
        title=_("Minutes") if meeting.state == Meeting.State.HELD else _("Minutes (draft)"),
        heading=meeting.heading,
        cooperation=meeting.body.cooperation.name,
        style=DocumentStyle.of(meeting.body.cooperation),
        facts=[(label, value) for label, value in facts if value],
        attendance=[
            (str(row.party), str(row.get_state_display()).capitalize(), row.names) for row in rows
        ],
        attendance_summary=summary if rows else "",
        items=[
            ItemEntry(
                label=f"{_item_label(item)}: {item.title}" if item.number else item.title,
                is_public=item.is_public,
                presenter=str(item.presenter or ""),
                results=by_item.get(item.pk, []),
            )
            for item in items
        ],
        loose_results=by_item.get(None, []),
        status_changes=status_changes,
        tasks=tasks,
        signatures=[
            (_("Chair"), str(meeting.chair or "")),
            (_("Minute-taker"), str(meeting.minute_taker or "")),
        ],
        public=public,
    )


def filename(meeting: Meeting, document: str, extension: str) -> str:
    """E.g. "Niederschrift-8-Projektleitungsgruppe-2020-06-10.pdf"."""
    parts = [FILE_WORDS[document], str(meeting.number or ""), meeting.title or meeting.body.name]
    name = "-".join(re.sub(r"\W+", "_", part).strip("_") for part in parts if part)
    return f"{name}-{meeting.date:%Y-%m-%d}.{extension}"


def render(meeting: Meeting, document: str, extension: str, *, public: bool = False) -> bytes:
    """The invitation or the minutes of ``meeting`` as a PDF or a Word file; ``public``:
    their public version (``build_document``)."""
    with translation.override(settings.LANGUAGE_CODE):
        data = build_document(meeting, document, public=public)
        return render_pdf(data) if extension == "pdf" else render_docx(data)


def document_html(data: MeetingDocument) -> str:
    return render_to_string(
        "meetings/document.html", {"doc": data, "language": settings.LANGUAGE_CODE}
    )


def render_pdf(data: MeetingDocument) -> bytes:
    """Tagged PDF/A-3a for the archive, A4, as the reports are (``print_pdf``)."""
    return print_pdf(document_html(data))


def _docx_setup(document, data: MeetingDocument) -> None:
    """A4, the style's typeface, sizes and colours in the styles every paragraph
    uses: Word's own look (Calibri, Cambria headings in its accent blue) nowhere."""
    from docx.oxml.ns import qn  # noqa: PLC0415 heavy library: python-docx
    from docx.shared import Cm, Mm, Pt, RGBColor  # noqa: PLC0415 heavy library: python-docx

    style = data.style
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.left_margin, section.right_margin = Cm(2.5), Cm(2)
    section.top_margin, section.bottom_margin = Cm(2), Cm(2.2)
    sizes = {
        "Normal": (style.body_size, style.text),
        "Title": (style.title_size, style.heading),
        "Subtitle": (style.subheading_size, style.muted),
        "Heading 1": (style.heading_size, style.heading),
        "Heading 2": (style.subheading_size, style.heading),
    }
    for name, (size, colour) in sizes.items():
        font = document.styles[name].font
        font.name, font.size, font.color.rgb = style.font, Pt(size), RGBColor.from_string(colour)
        # The theme's fonts would win over the name for headings: name every script.
        fonts = document.styles[name].element.get_or_add_rPr().get_or_add_rFonts()
        for attribute in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
            fonts.attrib.pop(qn(attribute), None)
        for attribute in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
            fonts.set(qn(attribute), style.font)
    # The template's rule under the title, in the accent colour.
    for border in document.styles["Title"].element.iter(qn("w:bottom")):
        border.set(qn("w:color"), style.accent)
    document.styles["Subtitle"].font.italic = False


def _docx_shade(cell, colour: str) -> None:
    from docx.oxml import OxmlElement  # noqa: PLC0415 heavy library: python-docx
    from docx.oxml.ns import qn  # noqa: PLC0415 heavy library: python-docx

    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), colour)
    cell._tc.get_or_add_tcPr().append(shading)


def _docx_table(document, style: DocumentStyle, headers, rows) -> None:
    """A table as the PDF draws it: thin grid, the head filled in the primary colour."""
    from docx.shared import RGBColor  # noqa: PLC0415 heavy library: python-docx

    table = document.add_table(rows=1, cols=len(headers))
    table.style = "Table Grid"
    for cell, label in zip(table.rows[0].cells, headers, strict=True):
        run = cell.paragraphs[0].add_run(str(label))
        run.bold, run.font.color.rgb = True, RGBColor.from_string(style.on_fill)
        _docx_shade(cell, style.fill)
    for row in rows:
        for cell, text in zip(table.add_row().cells, row, strict=True):
            cell.text = text


def _docx_facts(document, data: MeetingDocument) -> None:
    from docx.shared import RGBColor  # noqa: PLC0415 heavy library: python-docx

    table = document.add_table(rows=0, cols=2)
    table.style = "Table Grid"
    for label, value in data.facts:
        cells = table.add_row().cells
        run = cells[0].paragraphs[0].add_run(label)
        run.bold, run.font.color.rgb = True, RGBColor.from_string(data.style.heading)
        cells[1].text = value


def _docx_result(document, result: ResultEntry) -> None:
    paragraph = document.add_paragraph()
    paragraph.add_run(f"{result.label}: ").bold = True
    paragraph.add_run(result.text)
    if not result.is_public:
        paragraph.add_run(f" ({_('internal')})")
    if result.approval:
        document.add_paragraph().add_run(result.approval).bold = True
    if result.vote:
        line = f"{result.vote} ({result.votes})" if result.votes else result.vote
        document.add_paragraph(line)
    if result.correction:
        document.add_paragraph(result.correction)
    if result.measures:
        document.add_paragraph(_("Concerns: %(measures)s") % {"measures": result.measures})


def _docx_signatures(document, data: MeetingDocument) -> None:
    table = document.add_table(rows=1, cols=len(data.signatures))
    for cell, (function, name) in zip(table.rows[0].cells, data.signatures, strict=True):
        cell.paragraphs[0].text = ""
        cell.add_paragraph("")
        cell.add_paragraph("_" * 34)
        cell.add_paragraph(f"{function}: {name}" if name else function)
        cell.add_paragraph(_("(date, signature)"))


def render_docx(data: MeetingDocument) -> bytes:
    """Word in the layout of the PDF: the title with its rule, the facts and every list
    as tables with a filled head, each topic a heading with its results below it; the
    status changes, the tasks and the signatures in sections of their own."""
    import docx  # noqa: PLC0415 heavy library: python-docx

    style = data.style
    document = docx.Document()
    _docx_setup(document, data)
    properties = document.core_properties
    properties.title, properties.subject = f"{data.title}: {data.heading}", data.cooperation
    properties.author, properties.language = data.cooperation, "de-DE"
    document.add_paragraph(data.title, style="Title")
    document.add_paragraph(f"{data.heading} – {data.cooperation}", style="Subtitle")
    if not data.is_minutes:
        document.add_heading(_("To"), level=1)
        if data.addressees:
            for addressee in data.addressees:
                document.add_paragraph(addressee)
        else:
            document.add_paragraph(_("The body has no members recorded."))
        for paragraph in data.letter:
            document.add_paragraph(paragraph)
    _docx_facts(document, data)
    if data.is_minutes:
        document.add_heading(_("Attendance"), level=1)
        if data.attendance_summary:
            document.add_paragraph(data.attendance_summary)
        if data.attendance:
            _docx_table(
                document,
                style,
                (_("Member or partner"), _("Attendance"), _("Represented by")),
                data.attendance,
            )
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
        _docx_minutes(document, data)
    output = io.BytesIO()
    document.save(output)
    return output.getvalue()


def _docx_minutes(document, data: MeetingDocument) -> None:
    """What only the minutes have: the results per topic, then apart from them the
    status changes and the tasks, and the signatures."""
    style = data.style
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
    document.add_heading(_("Status changes"), level=1)
    if data.status_changes:
        _docx_table(
            document,
            style,
            (_("Measure"), _("New status"), _("Decided under")),
            data.status_changes,
        )
    else:
        document.add_paragraph(_("No measure changed its status."))
    if not data.public:
        document.add_heading(_("Tasks"), level=1)
        if data.tasks:
            _docx_table(
                document, style, (_("Task"), _("Owner"), _("Due"), _("Set under")), data.tasks
            )
        else:
            document.add_paragraph(_("No task was set."))
    document.add_heading(_("Signatures"), level=1)
    _docx_signatures(document, data)
