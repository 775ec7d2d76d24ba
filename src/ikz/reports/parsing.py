"""Parsing outline blocks into a report: title, period, meetings with their topics and
results, next steps with their due dates, and how they relate (which topic a result
answers, which result a task follows from, the status a result proposes). Reads only,
and only text: ``storing`` finds or creates what the names stand for."""

import datetime
import re
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from ikz.core.models import Body
from ikz.core.months import quarter_of, quarter_start
from ikz.measures.models import MeasureStatus, Task
from ikz.meetings.models import Outcome
from ikz.reports import matching
from ikz.reports.outline import CONTINUATION, CURRENT_STATUS, NEXT_STEPS, Block
from ikz.reports.periods import (
    MONTH_NAMES,
    REPORT_TITLE,
    format_date,
    month_number,
    parse_period,
    period_label,
)
from ikz.reports.readers import DATE, ReportImportError

# Every pattern here runs in time linear in the text it reads, whether searched or
# matched (tests/reports/test_linear_time.py counts the steps): a pattern read with
# ``match`` is anchored, one read with ``search`` starts with a fixed word or with a
# lookbehind, so that it is not tried again inside every run of spaces or digits, and
# no repetition is followed by one that can take the same characters.
REPORT_LINE = re.compile(rf"^{REPORT_TITLE}\s+(?P<label>\S.*)$")
ISO_DATE = re.compile(r"\b\d{4}-\d{1,2}-\d{1,2}\b")
# A meeting heading: "7. Projektleitungsgruppe in Naunhof", the number and place optional.
MEETING_NUMBER = re.compile(r"^(?P<number>\d+)\.\s+(?=\S)")
# " in " before the place; only the first space of a run can start it.
MEETING_PLACE = re.compile(r"(?<!\s)\s+in\s+(?=\S)")
QUOTED_NAME = re.compile(r"[„“\"](?P<name>[^„“”\"]+)[“”\"]")
# "Zeitplan für nächste Lenkungsgruppe": a result that asks for something by a meeting.
NEXT_BODY = re.compile(r"\bnächsten?\s+(?P<body>\w+)", re.I)
# "Projektvorstellung … durch DSK-BIG": the presenter is the rest of the line after the
# first "durch" that no comma or semicolon follows (``presenter_of``).
PRESENTED_BY = re.compile(r"\bdurch\s+")
# Due dates a next step writes: "bis 15.07.2020", "bis Ende Juni", "bis Juni 2020",
# "bis Q3 2020", "bis Ende des 3. Quartals", "zur nächsten Lenkungsgruppe".
DUE_DAY = re.compile(
    r"\b(?:bis|spätestens)\s+(?:zum\s+|am\s+)?(?P<date>\d{1,2}\.\d{1,2}\.\d{2,4})\b", re.I
)
DUE_MONTH = re.compile(
    rf"\bbis\s+(?:(?:zum\s+)?Ende\s+)?(?P<month>{MONTH_NAMES})\b(?:\s+(?P<year>\d{{4}}))?", re.I
)
DUE_QUARTER = re.compile(
    r"\bbis\s+(?:(?:zum\s+)?Ende\s+)?(?:des\s+)?(?:Q(?P<q>[1-4])|(?P<n>[1-4])\.\s*Quartals?)\b"
    r"(?:\s+(?P<year>\d{4}))?",
    re.I,
)
DUE_MEETING = re.compile(r"\b(?:bis\s+)?zur\s+nächsten\s+(?P<body>\w+)", re.I)
# A next step announcing a meeting: "… in Großpösna" after the date, and the words its
# title leaves out, "nächster Termin" and the body with its article.
STEP_PLACE = re.compile(r"^\s*in\s+(?P<place>[^,;]+)")
NEXT_MEETING_WORDS = re.compile(r"^(nächster|nächste|naechster)\s+(termin|sitzung)\b", re.I)

BODY_KINDS = [
    ("lenkungsgruppe", Body.Kind.STEERING_GROUP),
    ("projektleitungsgruppe", Body.Kind.PROJECT_GROUP),
    ("projektgruppe", Body.Kind.PROJECT_GROUP),
    ("arbeitsgruppe", Body.Kind.WORKING_GROUP),
    ("bürgerwerkstatt", Body.Kind.CITIZEN_WORKSHOP),
    ("gemeinderat", Body.Kind.COUNCIL),
    ("stadtrat", Body.Kind.COUNCIL),
]
# Each body as a step's title names it, with its article: "in der Lenkungsgruppe".
BODY_MENTIONS = {
    word: re.compile(rf"\b(in der|in dem|im|der|des)?\s*{word}\b", re.I)
    for word, _kind in BODY_KINDS
}

# The status a result proposes, by its wording; the first rule that fires wins.
STATUS_RULES = [
    (re.compile(r"nicht (weiter )?verfolgt|abgelehnt|eingestellt"), MeasureStatus.NOT_PURSUED),
    (
        re.compile(r"steht aus|noch offen|endgültige entscheidung|entscheidung (steht|folgt)"),
        MeasureStatus.DECISION_PENDING,
    ),
    (re.compile(r"prüf|klär|konkretisier"), MeasureStatus.UNDER_REVIEW),
    (
        # "wird … erstellt" is looked for after the first "wird " only (the atomic group):
        # trying every later one again would take time quadratic in the line.
        re.compile(r"in arbeit|in umsetzung|wird umgesetzt|\A(?>.*?wird ).*erstellt", re.S),
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


@dataclass
class ParsedTopic:
    text: str
    presenter: str = ""  # "… durch DSK-BIG": the partner who presented it
    measure_title: str = ""  # the measure it becomes where there is no portfolio yet


@dataclass
class ParsedResult:
    text: str
    topic: int | None  # index of the topic it answers; None for a result without one
    status: str | None  # the status its wording proposes
    kind: str


@dataclass
class ParsedMeeting:
    date: datetime.date
    number: int | None
    body: str
    place: str
    heading: str
    where: str
    topics: list[ParsedTopic] = field(default_factory=list)
    results: list[ParsedResult] = field(default_factory=list)


@dataclass(frozen=True)
class ParsedDue:
    """A due date as written: a day, a month or quarter (stored as its first day), or
    the next meeting of a body after ``after``."""

    precision: str
    date: datetime.date | None = None
    body: str = ""
    after: datetime.date | None = None


@dataclass
class ParsedStep:
    """A next step: a planned meeting when it names a date and a body, else a task."""

    text: str
    where: str
    position: int = 0  # its place among the next steps, from 1
    date: datetime.date | None = None
    body: str = ""
    place: str = ""
    title: str = ""
    due: ParsedDue | None = None
    origin: tuple[int, int] | None = None  # (meeting, result) the task follows from

    @property
    def is_meeting(self) -> bool:
        return self.date is not None


@dataclass
class ParsedReport:
    title: str
    cooperation: str
    period_start: datetime.date
    period_end: datetime.date
    report_date: datetime.date
    meetings: list[ParsedMeeting]
    next_steps: list[ParsedStep]


def parse_date(text: str, where: str) -> datetime.date:
    match = DATE.search(text)
    if not match:
        if ISO_DATE.search(text):
            message = _("“%(text)s”: dates are written as 11.05.2020, not 2020-05-11.")
        else:
            message = _("expected a date such as 25.05.2020, found “%(text)s”.")
        raise ReportImportError(where, message % {"text": text})
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
    try:
        return parse_period(label)
    except ValidationError as error:
        raise ReportImportError(where, " ".join(error.messages)) from None


def cooperation_name(title: str) -> str:
    """„Partheland“ in the title names the cooperation; otherwise the whole title does."""
    quoted = QUOTED_NAME.findall(title)
    return quoted[-1].strip() if quoted else title.strip()


def _body_mention(text: str) -> tuple[str, str]:
    """The first word of BODY_KINDS that the text names, and how the text writes it."""
    lowered = text.lower()
    for word, _kind in BODY_KINDS:
        position = lowered.find(word)
        if position != -1:
            return word, text[position : position + len(word)]
    return "", ""


def parse_meeting_heading(text: str, date: datetime.date, where: str) -> ParsedMeeting:
    """The number, body and place of a heading such as "7. Projektleitungsgruppe in
    Naunhof": the place follows the first " in " that no comma or colon follows."""
    number, name = None, text
    if match := MEETING_NUMBER.match(text):
        number, name = int(match["number"]), text[match.end() :]
    place = ""
    after_punctuation = max(name.rfind(","), name.rfind(":")) + 1
    for match in MEETING_PLACE.finditer(name, after_punctuation):
        if match.start() > 0:
            name, place = name[: match.start()], name[match.end() :]
            break
    return ParsedMeeting(
        date=date,
        number=number,
        body=name.strip(),
        place=place.strip(),
        heading=text,
        where=where,
    )


def parse_due(text: str, where: str, written_on: datetime.date) -> ParsedDue | None:
    """The due date a next step writes, if any. A month or quarter without a year is the
    next one from the report's date on ("bis Ende Juni" in May 2020: June 2020)."""
    if match := DUE_DAY.search(text):
        return ParsedDue(Task.DuePrecision.DAY, parse_date(match["date"], where))
    if match := DUE_QUARTER.search(text):
        quarter = int(match["q"] or match["n"])
        year = int(match["year"]) if match["year"] else written_on.year
        if not match["year"] and quarter < quarter_of(written_on):
            year += 1
        return ParsedDue(Task.DuePrecision.QUARTER, quarter_start(year, quarter))
    if match := DUE_MONTH.search(text):
        month = month_number(match["month"])
        year = int(match["year"]) if match["year"] else written_on.year
        if not match["year"] and month < written_on.month:
            year += 1
        return ParsedDue(Task.DuePrecision.MONTH, datetime.date(year, month, 1))
    if match := DUE_MEETING.search(text):
        return ParsedDue(Task.DuePrecision.MEETING, body=match["body"], after=written_on)
    return None


def parse_next_step(text: str, where: str, position: int, written_on: datetime.date) -> ParsedStep:
    """A step naming a date and a body announces a meeting, unless the date is what the
    step is due by ("bis 15.07.2020"); anything else is a task."""
    step = ParsedStep(text=text, where=where, position=position)
    due = parse_due(text, where, written_on)
    word, body = _body_mention(text)
    date_match = DATE.search(text)
    if date_match is None or due is not None or not body:
        if date_match is not None:
            parse_date(text, where)  # a date in a task's text is checked too
        step.due = due
        return step
    step.date = parse_date(text, where)
    step.body = body
    place = STEP_PLACE.match(text[date_match.end() :])
    step.place = place["place"].strip() if place else ""
    label = text[: date_match.start()].rstrip(" :–-")
    title = BODY_MENTIONS[word].sub("", label)
    title = NEXT_MEETING_WORDS.sub("", title.strip())
    step.title = title.strip(" :–-")
    return step


def propose_status(text: str) -> str | None:
    lowered = text.lower()
    for pattern, status in STATUS_RULES:
        if pattern.search(lowered):
            return status
    return None


def presenter_of(text: str) -> str:
    """Who presented a topic: the rest of the line after the first "durch" that no
    comma or semicolon follows ("… durch DSK-BIG"); searched from the last of those,
    so the line is read once."""
    after_punctuation = max(text.rfind(","), text.rfind(";")) + 1
    match = PRESENTED_BY.search(text, after_punctuation)
    return text[match.end() :].strip() if match else ""


def parse_topic(text: str) -> ParsedTopic:
    quoted = QUOTED_NAME.search(text)
    return ParsedTopic(
        text=text,
        presenter=presenter_of(text),
        # A new measure takes its topic's quoted name („Smart Cities“) or the topic.
        measure_title=quoted["name"].strip() if quoted else text,
    )


def parse_result(text: str, topics: list[str]) -> ParsedResult:
    status = propose_status(text)
    return ParsedResult(
        text=text,
        topic=matching.best_match(text, topics),
        status=status,
        kind=OUTCOME_KIND.get(status, Outcome.Kind.INFORMATION),
    )


def link_tasks(meetings: list[ParsedMeeting], steps: list[ParsedStep]) -> None:
    """Each task to the result it follows from (two or more words in common); when that
    result asks for something "for the next <body>" and the task names no due date of
    its own, the task is due by that body's next meeting after the result's."""
    results = [
        (meeting_index, result_index, meeting.date, result.text)
        for meeting_index, meeting in enumerate(meetings)
        for result_index, result in enumerate(meeting.results)
    ]
    texts = [text for *_position, text in results]
    for step in steps:
        if step.is_meeting:
            continue
        index = matching.best_match(step.text, texts, minimum=2)
        if index is None:
            continue
        meeting_index, result_index, date, text = results[index]
        step.origin = (meeting_index, result_index)
        next_body = NEXT_BODY.search(text)
        if step.due is None and next_body:
            step.due = ParsedDue(Task.DuePrecision.MEETING, body=next_body["body"], after=date)


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
                steps.append(parse_next_step(block.text, block.where, len(steps) + 1, report_date))
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
        if section == "status" and block.kind == "paragraph" and ISO_DATE.fullmatch(text.strip()):
            parse_date(text, block.where)  # says how dates are written
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
    for meeting in meetings:
        topics = meeting.topics
        meeting.topics = [parse_topic(text) for text in topics]
        meeting.results = [parse_result(text, topics) for text in meeting.results]
    link_tasks(meetings, steps)
    return ParsedReport(
        title=title,
        cooperation=cooperation_name(title),
        period_start=period_start,
        period_end=period_end,
        report_date=report_date,
        meetings=meetings,
        next_steps=steps,
    )
