"""Reading status reports in the seed's form (Markdown or text, DOCX, PPTX) into the data.

Each file format is read into the same sequence of blocks (headings, paragraphs, list
items, breaks between lists); one parser turns blocks into a ``ParsedReport``; one
function stores it, inside a transaction, creating only what is not there yet."""

import datetime
import re
from collections import Counter
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.text import slugify
from django.utils.translation import gettext as _

from ikz.core.models import Body, Cooperation, Municipality, Partner
from ikz.measures.domain import Due, change_status, create_task
from ikz.measures.models import Measure, MeasureStatus, Task
from ikz.meetings.domain import add_agenda_item, record_outcome, schedule_meeting
from ikz.meetings.models import Meeting, Outcome
from ikz.reports import matching
from ikz.reports.domain import MONTHS_DE, format_date, month_end, period_label
from ikz.reports.drafts import start_report
from ikz.reports.models import StatusReport
from ikz.reports.outline import CONTINUATION, CURRENT_STATUS, NEXT_STEPS, Block

DATE = re.compile(r"\b(\d{1,2})\.(\d{1,2})\.(\d{4}|\d{2})\b")
REPORT_LINE = re.compile(r"^Statusbericht\s+(?P<label>.+)$")
MONTH_NAMES = "|".join(MONTHS_DE)
PERIOD_LABEL = re.compile(
    rf"^(?P<first>{MONTH_NAMES})(?:\s+(?P<first_year>\d{{4}}))?"
    rf"(?:\s*[/–-]\s*(?P<last>{MONTH_NAMES}))?\s+(?P<year>\d{{4}})$"
)
MEETING_HEADING = re.compile(
    r"^(?:(?P<number>\d+)\.\s+)?(?P<name>.+?)(?:\s+in\s+(?P<place>[^,:]+))?$"
)
QUOTED_NAME = re.compile(r"[„“\"](?P<name>[^„“”\"]+)[“”\"]")
NEXT_BODY = re.compile(r"\bnächsten?\s+(?P<body>\w+)", re.I)
PRESENTED_BY = re.compile(r"\bdurch\s+(?P<name>[^,;]+)$")

BODY_KINDS = [
    ("lenkungsgruppe", Body.Kind.STEERING_GROUP),
    ("projektleitungsgruppe", Body.Kind.PROJECT_GROUP),
    ("projektgruppe", Body.Kind.PROJECT_GROUP),
    ("arbeitsgruppe", Body.Kind.WORKING_GROUP),
    ("bürgerwerkstatt", Body.Kind.CITIZEN_WORKSHOP),
    ("gemeinderat", Body.Kind.COUNCIL),
    ("stadtrat", Body.Kind.COUNCIL),
]

# The status a result proposes, by its wording; the first rule that fires wins.
STATUS_RULES = [
    (re.compile(r"nicht (weiter )?verfolgt|abgelehnt|eingestellt"), MeasureStatus.NOT_PURSUED),
    (
        re.compile(r"steht aus|noch offen|endgültige entscheidung|entscheidung (steht|folgt)"),
        MeasureStatus.DECISION_PENDING,
    ),
    (re.compile(r"prüf|klär|konkretisier"), MeasureStatus.UNDER_REVIEW),
    (
        re.compile(r"wird .*erstellt|in arbeit|in umsetzung|wird umgesetzt"),
        MeasureStatus.IN_PROGRESS,
    ),
    (re.compile(r"ist (in allen \w+ )?möglich|abgeschlossen|ist umgesetzt"), MeasureStatus.DONE),
    (
        re.compile(r"gewünscht|beschlossen|vereinbart|favorisier|veröffentlichung|nur im sinne"),
        MeasureStatus.DECIDED,
    ),
]
OUTCOME_KIND = {
    MeasureStatus.NOT_PURSUED: Outcome.Kind.DECISION,
    MeasureStatus.DECIDED: Outcome.Kind.DECISION,
    MeasureStatus.DONE: Outcome.Kind.INFORMATION,
    MeasureStatus.DECISION_PENDING: Outcome.Kind.DEFERRAL,
    MeasureStatus.UNDER_REVIEW: Outcome.Kind.MANDATE,
    MeasureStatus.IN_PROGRESS: Outcome.Kind.INFORMATION,
}


@contextmanager
def located(where: str):
    """A rule broken while storing (a meeting number used twice, a title too long) is
    reported at the line that caused it."""
    try:
        yield
    except ValidationError as error:
        raise ReportImportError(where, " ".join(error.messages)) from None


class ReportImportError(Exception):
    """Malformed input; the message names the line (or paragraph, or slide)."""

    def __init__(self, where: str, message: str):
        self.where = where
        super().__init__(f"{where}: {message}")


@dataclass
class ParsedMeeting:
    date: datetime.date
    number: int | None
    body: str
    place: str
    heading: str
    where: str
    topics: list[str] = field(default_factory=list)
    results: list[str] = field(default_factory=list)


@dataclass
class ParsedStep:
    text: str
    where: str
    date: datetime.date | None = None
    body: str = ""
    place: str = ""
    title: str = ""


@dataclass
class ParsedReport:
    title: str
    cooperation: str
    period_start: datetime.date
    period_end: datetime.date
    report_date: datetime.date
    meetings: list[ParsedMeeting]
    next_steps: list[ParsedStep]


# Reading files into blocks ---------------------------------------------------------


def read_markdown(text: str) -> list[Block]:
    """Markdown or plain text as in the seed: ``#`` headings, ``-``/``*`` items, blank
    lines between lists; a line ending in two spaces continues on the next line."""
    blocks: list[Block] = []
    pending: Block | None = None
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.replace("\u00a0", " ")
        where = _("line %(number)d") % {"number": number}
        if pending is not None:
            pending.text = f"{pending.text} {line.strip()}".strip()
            if not raw.endswith("  "):
                blocks.append(pending)
                pending = None
            continue
        stripped = line.strip()
        if not stripped:
            blocks.append(Block("break", "", where))
            continue
        heading = re.match(r"^(#{1,6})\s+(.*)$", stripped)
        item = re.match(r"^[-*•]\s+(.*)$", stripped)
        if heading:
            block = Block("heading", heading.group(2).strip(), where, len(heading.group(1)))
        elif item:
            block = Block("item", item.group(1).strip(), where)
        else:
            block = Block("paragraph", stripped, where)
        if raw.endswith("  "):
            pending = block
        else:
            blocks.append(block)
    if pending is not None:
        blocks.append(pending)
    return blocks


def describe(error: "ReportImportError", filename: str) -> str:
    """The error as a user reads it: file, location, problem; the file named once."""
    return str(error) if error.where == filename else f"{filename}, {error}"


def read_file(path: Path, name: str | None = None) -> list[Block]:
    """Blocks of a report file; ``name`` is the file's name as the user knows it (an
    upload is stored under another)."""
    name = name or path.name
    suffix = path.suffix.lower()
    if suffix in (".md", ".markdown", ".txt"):
        try:
            return read_markdown(path.read_text(encoding="utf-8-sig"))
        except UnicodeDecodeError:
            raise ReportImportError(path.name, _("the file is not UTF-8 text.")) from None
    if suffix == ".docx":
        from ikz.reports.office import read_docx

        return read_docx(path, name)
    if suffix == ".pptx":
        from ikz.reports.office import read_pptx

        return read_pptx(path, name)
    raise ReportImportError(
        name,
        _("unknown file type “%(suffix)s”; reports are read from .md, .txt, .docx or .pptx.")
        % {"suffix": suffix or "–"},
    )


# Parsing blocks --------------------------------------------------------------------


def parse_date(text: str, where: str) -> datetime.date:
    match = DATE.search(text)
    if not match:
        raise ReportImportError(
            where, _("expected a date such as 25.05.2020, found “%(text)s”.") % {"text": text}
        )
    day, month, year = (int(part) for part in match.groups())
    if year < 100:
        year += 2000
    try:
        return datetime.date(year, month, day)
    except ValueError:
        raise ReportImportError(
            where, _("“%(text)s” is not a valid date.") % {"text": match.group(0)}
        ) from None


def parse_period_label(label: str, where: str) -> tuple[datetime.date, datetime.date]:
    match = PERIOD_LABEL.match(" ".join(label.split()))
    if not match:
        raise ReportImportError(
            where,
            _(
                "“%(label)s” is not a report period; expected e.g. “April/Mai 2020”, "
                "“Juni 2020” or “Juli–September 2020”."
            )
            % {"label": label},
        )
    year = int(match["year"])
    first = MONTHS_DE.index(match["first"]) + 1
    last = MONTHS_DE.index(match["last"]) + 1 if match["last"] else first
    first_year = (
        int(match["first_year"]) if match["first_year"] else (year if first <= last else year - 1)
    )
    start = datetime.date(first_year, first, 1)
    end = month_end(datetime.date(year, last, 1))
    if end < start:
        raise ReportImportError(
            where, _("the period “%(label)s” ends before it starts.") % {"label": label}
        )
    return start, end


def cooperation_name(title: str) -> str:
    """„Partheland“ in the title names the cooperation; otherwise the whole title does."""
    quoted = QUOTED_NAME.findall(title)
    return quoted[-1].strip() if quoted else title.strip()


def body_in(text: str) -> str:
    lowered = text.lower()
    for word, _kind in BODY_KINDS:
        position = lowered.find(word)
        if position != -1:
            return text[position : position + len(word)]
    return ""


def parse_meeting_heading(text: str, date: datetime.date, where: str) -> ParsedMeeting:
    match = MEETING_HEADING.match(text)
    name = match["name"].strip()
    return ParsedMeeting(
        date=date,
        number=int(match["number"]) if match["number"] else None,
        body=name,
        place=(match["place"] or "").strip(),
        heading=text,
        where=where,
    )


def parse_next_step(text: str, where: str) -> ParsedStep:
    """A step naming a date and a body announces a meeting; anything else is a task."""
    step = ParsedStep(text=text, where=where)
    body = body_in(text)
    if not DATE.search(text):
        return step
    date = parse_date(text, where)  # a task's date is checked too, though not stored
    if not body:
        return step
    step.date = date
    step.body = body
    after_date = text[DATE.search(text).end() :]
    place = re.match(r"^\s*in\s+([^,;]+)", after_date)
    step.place = place.group(1).strip() if place else ""
    label = text[: DATE.search(text).start()].rstrip(" :–-")
    title = re.sub(rf"\b(in der|in dem|im|der|des)?\s*{re.escape(body)}\b", "", label, flags=re.I)
    title = re.sub(
        r"^(nächster|nächste|naechster)\s+(termin|sitzung)\b", "", title.strip(), flags=re.I
    )
    step.title = title.strip(" :–-")
    return step


def parse_blocks(blocks: list[Block]) -> ParsedReport:
    if not any(block.kind != "break" for block in blocks):
        raise ReportImportError(_("line 1"), _("the report is empty."))
    position = 0

    def next_block() -> Block | None:
        nonlocal position
        while position < len(blocks) and blocks[position].kind == "break":
            position += 1
        return blocks[position] if position < len(blocks) else None

    first = next_block()
    if first.kind != "heading":
        raise ReportImportError(
            first.where,
            _("a report starts with its title as a heading, found “%(text)s”.")
            % {"text": first.text},
        )
    title = first.text
    position += 1

    block = next_block()
    match = REPORT_LINE.match(block.text) if block else None
    if not match:
        where = block.where if block else first.where
        raise ReportImportError(
            where, _("expected the line “Statusbericht <period>” after the title.")
        )
    period_start, period_end = parse_period_label(match["label"], block.where)
    position += 1

    block = next_block()
    if block is None or block.kind != "paragraph":
        raise ReportImportError(
            (block or first).where, _("expected the report date, e.g. 25.05.2020.")
        )
    report_date = parse_date(block.text, block.where)
    position += 1

    meetings: list[ParsedMeeting] = []
    steps: list[ParsedStep] = []
    section = None  # "status" or "next"
    pending_date: tuple[datetime.date, str] | None = None
    meeting: ParsedMeeting | None = None
    list_index = -1  # which list of the meeting the items go to: 0 topics, 1 results
    in_list = False
    for block in blocks[position:]:
        if block.kind == "break":
            in_list = False
            continue
        if block.kind == "item":
            if section == "next":
                steps.append(parse_next_step(block.text, block.where))
                continue
            if meeting is None:
                raise ReportImportError(
                    block.where,
                    _("list item “%(text)s” stands under no meeting heading.")
                    % {"text": block.text},
                )
            if not in_list:
                list_index += 1
                in_list = True
                if list_index > 1:
                    raise ReportImportError(
                        block.where,
                        _("a meeting has two lists, topics and results; this is a third one."),
                    )
            (meeting.topics if list_index == 0 else meeting.results).append(block.text)
            continue
        text = block.text
        if block.kind == "heading" and text.endswith(CONTINUATION):
            continue  # a slide continuing the previous one: same section, same lists
        in_list = False
        if block.kind == "heading" and text == CURRENT_STATUS:
            section = "status"
            continue
        if block.kind == "heading" and text == NEXT_STEPS:
            section, meeting = "next", None
            continue
        if section == "status" and text.startswith("Projektstatus im Monat"):
            continue
        if section == "status" and block.kind == "paragraph" and DATE.fullmatch(text.strip()):
            pending_date = (parse_date(text, block.where), block.where)
            continue
        if section == "status" and block.kind == "heading":
            if pending_date is None:
                raise ReportImportError(
                    block.where,
                    _("the meeting “%(heading)s” needs its date on the line before it.")
                    % {"heading": text},
                )
            date, _where = pending_date
            if not period_start <= date <= period_end:
                raise ReportImportError(
                    block.where,
                    _("the meeting of %(date)s lies outside the report period %(period)s.")
                    % {
                        "date": format_date(date),
                        "period": period_label(period_start, period_end),
                    },
                )
            meeting = parse_meeting_heading(text, date, block.where)
            meetings.append(meeting)
            pending_date, list_index = None, -1
            continue
        raise ReportImportError(block.where, _("unexpected line “%(text)s”.") % {"text": text})
    if pending_date is not None:
        raise ReportImportError(pending_date[1], _("a date without the meeting heading after it."))
    return ParsedReport(
        title=title,
        cooperation=cooperation_name(title),
        period_start=period_start,
        period_end=period_end,
        report_date=report_date,
        meetings=meetings,
        next_steps=steps,
    )


# Storing ---------------------------------------------------------------------------


def propose_status(text: str) -> str | None:
    lowered = text.lower()
    for pattern, status in STATUS_RULES:
        if pattern.search(lowered):
            return status
    return None


def measure_title_for_topic(topic: str) -> str:
    """A new measure takes its topic's quoted name („Smart Cities“) or the topic itself."""
    quoted = QUOTED_NAME.search(topic)
    return quoted["name"].strip() if quoted else topic


@dataclass
class ImportSummary:
    """What an import created (or, in a dry run, would create), line by line."""

    created: list[str] = field(default_factory=list)
    links: list[str] = field(default_factory=list)
    cooperation: Cooperation | None = None

    def add(self, kind: str, label: str) -> None:
        self.created.append(f"{kind}: {label}")


class _Importer:
    def __init__(self, report: ParsedReport, summary: ImportSummary):
        self.report = report
        self.summary = summary

    def run(self) -> None:
        report = self.report
        cooperation = Cooperation.objects.filter(name=report.cooperation).first()
        if cooperation is None:
            cooperation = Cooperation(
                name=report.cooperation, slug=slugify(report.cooperation), report_title=report.title
            )
            cooperation.full_clean()
            cooperation.save()
            self.summary.add(_("Cooperation"), cooperation.name)
        self.cooperation = cooperation
        self.summary.cooperation = cooperation
        # Without a portfolio yet, every topic becomes a measure of its own.
        self.had_portfolio = Measure.objects.filter(cooperation=cooperation).exists()
        if not StatusReport.objects.filter(
            cooperation=cooperation, period_start=report.period_start, period_end=report.period_end
        ).exists():
            start_report(
                cooperation=cooperation,
                period_start=report.period_start,
                period_end=report.period_end,
                report_date=report.report_date,
                template=StatusReport.Template.SEED,
            )
            self.summary.add(
                _("Status report"), period_label(report.period_start, report.period_end)
            )
        for parsed in report.meetings:
            with located(parsed.where):
                self.import_meeting(parsed)
        self.import_next_steps()

    def body(self, name: str) -> Body:
        body = Body.objects.filter(cooperation=self.cooperation, name__iexact=name).first()
        if body is None:
            kind = next(
                (kind for word, kind in BODY_KINDS if word in name.lower()), Body.Kind.OTHER
            )
            if kind == Body.Kind.COUNCIL:
                # A council needs its municipality, which the report line does not give.
                kind = Body.Kind.OTHER
            body = Body(cooperation=self.cooperation, name=name, kind=kind)
            body.full_clean()
            body.save()
            self.summary.add(_("Body"), name)
        return body

    def place(self, name: str) -> Municipality | None:
        if not name:
            return None
        municipality = Municipality.objects.filter(name__iexact=name).first()
        if municipality is None:
            municipality = Municipality(name=name)
            municipality.full_clean()
            municipality.save()
            self.summary.add(_("Municipality (place, AGS to be added)"), name)
        return municipality

    def import_meeting(self, parsed: ParsedMeeting) -> None:
        """A meeting with its topics and results. A meeting an earlier report announced
        (same body and day, no topics yet) is the one now reported on: it is filled and
        marked held. Imported meetings are internal until a coordinator publishes them."""
        body = self.body(parsed.body)
        meeting = (
            Meeting.objects.filter(body=body, date=parsed.date)
            .filter(Q(number=parsed.number) | Q(number__isnull=True))
            .first()
        )
        if meeting is not None and (meeting.agenda_items.exists() or meeting.outcomes.exists()):
            return  # imported before: nothing twice
        if meeting is None:
            meeting = schedule_meeting(
                body=body,
                date=parsed.date,
                number=parsed.number,
                location=self.place(parsed.place),
                state=Meeting.State.HELD,
            )
            self.summary.add(_("Meeting"), f"{format_date(parsed.date)} {meeting.heading}")
        else:
            meeting.number = meeting.number or parsed.number
            meeting.location = meeting.location or self.place(parsed.place)
            meeting.state = Meeting.State.HELD
            meeting.full_clean()
            meeting.save()
            self.summary.add(
                _("Meeting held (was planned)"), f"{format_date(parsed.date)} {meeting.heading}"
            )
        measures = list(
            Measure.objects.filter(cooperation=self.cooperation).prefetch_related(
                "children", "status_changes"
            )
        )
        items = []
        for topic in parsed.topics:
            if self.had_portfolio:
                topic_measures = [m for m in measures if matching.concerns(m.title, topic)]
            else:
                topic_measures = [self.new_measure(measure_title_for_topic(topic), measures)]
            items.append(
                add_agenda_item(
                    meeting=meeting,
                    title=topic,
                    presenter=self.presenter(topic),
                    measures=most_specific(topic_measures),
                )
            )
            self.summary.add(_("Topic"), topic)
        links = []
        for text in parsed.results:
            index = matching.best_match(text, parsed.topics)
            item = items[index] if index is not None else None
            context = parsed.topics[index] if index is not None else ""
            concerned = most_specific(
                [m for m in measures if matching.concerns(m.title, text, context)]
            )
            if not concerned and item is not None:
                concerned = list(item.measures.all())
            links.append((text, index, item, concerned))
        # Several results on one measure (three on "Personal Sharing") would give it
        # contradictory statuses on one day: such a measure keeps its status for the
        # coordinator to decide.
        results_per_measure = Counter(m.pk for *_rest, concerned in links for m in concerned)
        for text, index, item, concerned in links:
            self.import_result(meeting, text, index, item, concerned, parsed, results_per_measure)

    def import_result(self, meeting, text, index, item, concerned, parsed, results_per_measure):
        status = propose_status(text)
        outcome = record_outcome(
            meeting=meeting,
            text=text,
            kind=OUTCOME_KIND.get(status, Outcome.Kind.INFORMATION),
            agenda_item=item,
            measures=concerned,
        )
        self.summary.add(_("Result"), text)
        notes = []
        for measure in concerned if status else []:
            latest = max(measure.status_changes.all(), key=lambda c: (c.date, c.pk), default=None)
            if results_per_measure[measure.pk] > 1:
                notes.append(
                    _("%(measure)s: several results, status left to decide")
                    % {"measure": measure.title}
                )
            elif latest is not None and latest.date > meeting.date:
                # An older report imported after a newer one: its status is history
                # already overtaken; the later status stays current.
                notes.append(
                    _("%(measure)s: a later status exists, kept") % {"measure": measure.title}
                )
            elif latest is None or latest.to_status != status:
                change_status(measure=measure, to_status=status, date=meeting.date, outcome=outcome)
        topic_label = (
            _("topic %(number)d “%(topic)s”") % {"number": index + 1, "topic": parsed.topics[index]}
            if index is not None
            else _("no topic")
        )
        status_label = MeasureStatus(status).label if status else "–"
        self.summary.links.append(
            f"„{text}“ → {topic_label}; "
            + _("measures: %(measures)s; status: %(status)s")
            % {"measures": ", ".join(m.title for m in concerned) or "–", "status": status_label}
            + "".join(f"; {note}" for note in notes)
        )

    def new_measure(self, title: str, measures: list[Measure]) -> Measure:
        measure = next((m for m in measures if m.title == title), None)
        if measure is None:
            measure = Measure(cooperation=self.cooperation, title=title)
            measure.full_clean()
            measure.save()
            measures.append(measure)
            self.summary.add(_("Measure"), title)
        return measure

    def presenter(self, topic: str) -> Partner | None:
        """ "… durch DSK-BIG": the partner who presented the topic."""
        match = PRESENTED_BY.search(topic)
        if not match:
            return None
        name = match["name"].strip()
        partner = Partner.objects.filter(cooperation=self.cooperation, name__iexact=name).first()
        if partner is None:
            partner = Partner(cooperation=self.cooperation, name=name)
            partner.full_clean()
            partner.save()
            self.summary.add(_("Partner"), name)
        return partner

    def import_next_steps(self) -> None:
        """Announced meetings first, so that a task due "by the next Lenkungsgruppe" finds
        it; both keep their position in the list."""
        last = Task.objects.filter(cooperation=self.cooperation).order_by("-order").first()
        base = last.order if last else 0
        steps = list(enumerate(self.report.next_steps, start=base + 1))
        for order, step in steps:
            if step.date:
                with located(step.where):
                    self.import_planned_meeting(step, order)
        for order, step in steps:
            if not step.date:
                with located(step.where):
                    self.import_task(step, order)

    def import_planned_meeting(self, step: ParsedStep, order: int) -> None:
        body = self.body(step.body)
        if Meeting.objects.filter(body=body, date=step.date).exists():
            return
        meeting = schedule_meeting(
            body=body, date=step.date, title=step.title, location=self.place(step.place)
        )
        meeting.announcement = step.text
        meeting.next_step_order = order
        meeting.save(update_fields=["announcement", "next_step_order"])
        self.summary.add(_("Planned meeting"), f"{format_date(step.date)} {meeting.heading}")

    def next_meeting(self, body_name: str, after: datetime.date) -> Meeting | None:
        """The body's next regular meeting, or else its next meeting of any kind (the
        Leitbild-Workshop of the Lenkungsgruppe is not "the next Lenkungsgruppe")."""
        candidates = Meeting.objects.filter(
            body__cooperation=self.cooperation, body__name__iexact=body_name, date__gt=after
        ).order_by("date")
        return candidates.filter(title="").first() or candidates.first()

    def import_task(self, step: ParsedStep, order: int) -> None:
        """A task, linked to the result it follows from (two or more words in common);
        when that result asks for something "for the next <body>", the task is due by
        that body's next meeting."""
        if Task.objects.filter(cooperation=self.cooperation, title=step.text).exists():
            return
        outcomes = list(
            Outcome.objects.filter(
                meeting__body__cooperation=self.cooperation,
                meeting__date__range=(self.report.period_start, self.report.period_end),
            )
            .select_related("meeting")
            .prefetch_related("measures")
            .order_by("meeting__date", "order")
        )
        index = matching.best_match(step.text, [outcome.text for outcome in outcomes], minimum=2)
        origin = outcomes[index] if index is not None else None
        due = Due()
        if origin is not None:
            next_body = NEXT_BODY.search(origin.text)
            next_meeting = (
                self.next_meeting(next_body["body"], origin.meeting.date) if next_body else None
            )
            if next_meeting is not None:
                due = Due.by_meeting(next_meeting)
        origin_measures = list(origin.measures.all()) if origin else []
        create_task(
            cooperation=self.cooperation,
            title=step.text,
            due=due,
            measure=origin_measures[0] if len(origin_measures) == 1 else None,
            origin_outcome=origin,
            created_on=self.report.report_date,
            order=order,
        )
        self.summary.add(_("Task"), step.text)
        if origin is not None:
            self.summary.links.append(f"„{step.text}“ → „{origin.text}“")


def most_specific(measures: list[Measure]) -> list[Measure]:
    """Drop a measure when one of its sub-measures is in the list too."""
    chosen = {measure.pk for measure in measures}
    return [m for m in measures if not any(child.pk in chosen for child in m.children.all())]


def import_report(*, blocks: list[Block], dry_run: bool = False) -> ImportSummary:
    """Store a report read into blocks; all or nothing.

    Side effects, in one transaction: the cooperation (found by name or created with a
    slug from it), a draft StatusReport for the period, bodies and places, each meeting
    with its topics and results (linked to their topic by word overlap, with the
    proposed status changes), the planned meetings and tasks of the next steps.
    What exists already is left alone, so importing a file twice creates nothing twice.
    ``dry_run`` does all of it and rolls back, to tell what would be created."""
    report = parse_blocks(blocks)
    summary = ImportSummary()
    with transaction.atomic():
        _Importer(report, summary).run()
        if dry_run:
            transaction.set_rollback(True)
    return summary
