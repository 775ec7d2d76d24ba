"""A report as a sequence of blocks: what the exporters write and the importer reads.

The same block kinds serve both directions, so every format round-trips: a heading,
a paragraph, a list item, and a break that ends a list (the seed separates a
meeting's topics from its results only by a blank line)."""

import dataclasses
import re
from dataclasses import dataclass

from django.utils.translation import gettext as _

from ikz.measures.domain import ON_TRACK
from ikz.reports.periods import format_date

CONTINUATION = " (Fortsetzung)"
CURRENT_STATUS = "Aktueller Status"
NEXT_STEPS = "Nächste Schritte"
# On a meeting's continuation slide, a column whose own list has ended shows what the
# other column's items on that slide refer to, under one of these lines; readers skip
# such a column. Fixed German words like CONTINUATION: part of the format, read back
# whatever language the reader runs in.
TOPICS_OF_RESULTS = "Themen zu diesen Ergebnissen:"
NO_TOPIC = "Diese Ergebnisse gehören zu keinem Thema."
RESULTS_OF_TOPICS = "Ergebnisse zu diesen Themen:"
NO_RESULT = "Zu diesen Themen ist kein Ergebnis festgehalten."
CROSS_REFERENCES = (TOPICS_OF_RESULTS, NO_TOPIC, RESULTS_OF_TOPICS, NO_RESULT)
# The longest text a report shows: the longest line the importer reads (readers.py). A
# text typed into the admin can be far longer, and every format would lay all of it out.
MAX_TEXT = 2000
ELLIPSIS = "…"
# Control characters but tab and line breaks (C0 with \v, Word's line break in pasted
# text; DEL; C1) and what is no character (U+FFFE, U+FFFF, lone surrogates): Word and
# PowerPoint files cannot hold most of them, the importer refuses all (readers.CONTROL).
CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff\ud800-\udfff]")
# In Markdown, a backslash before ASCII punctuation stands for that character
# (CommonMark): the Markdown exporter escapes so what would be markup in user text.
MARKDOWN_ESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])")


@dataclass
class Block:
    kind: str  # heading, paragraph, item, break
    text: str
    where: str = ""  # for blocks read from a file: the line, paragraph or slide
    level: int = 0


def markdown_unescape(text: str) -> str:
    """The text a line's content stands for in Markdown: each backslash before ASCII
    punctuation taken away; the inverse of the Markdown exporter's escaping."""
    return MARKDOWN_ESCAPE.sub(r"\1", text)


def shorten(text: str, limit: int = MAX_TEXT) -> str:
    """The text, cut to ``limit`` characters with an ellipsis when it is longer."""
    if len(text) <= limit:
        return text
    return text[: limit - len(ELLIPSIS)].rstrip() + ELLIPSIS


def shortened(report):
    """The report as every format shows it: each text cut to MAX_TEXT characters, its
    control characters (``CONTROL``) made spaces, so that no stored text makes a report
    unrenderable or its rendering unbounded. The report (its snapshot) keeps them whole."""
    return _shortened(report)


def _shortened(value):
    if isinstance(value, str):
        return CONTROL.sub(" ", shorten(value))
    if isinstance(value, list):
        return [_shortened(item) for item in value]
    if isinstance(value, dict):
        return {_shortened(key): _shortened(item) for key, item in value.items()}
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        changes = {
            field.name: _shortened(getattr(value, field.name))
            for field in dataclasses.fields(value)
            if field.init
        }
        return dataclasses.replace(value, **changes)
    return value


def seed_outline(report) -> list[Block]:
    """The seed's structure, line for line: title, "Statusbericht …", date, "Aktueller
    Status", "Projektstatus im Monat …", per meeting its date, heading, topics and
    results, then "Nächste Schritte"."""
    blocks = [
        Block("heading", report.title, level=1),
        Block("paragraph", report.heading),
        Block("paragraph", format_date(report.report_date)),
        Block("heading", CURRENT_STATUS, level=1),
        Block("paragraph", f"Projektstatus im Monat {report.period_label}"),
    ]
    for meeting in report.meetings:
        blocks.append(Block("paragraph", format_date(meeting.date)))
        blocks.append(Block("heading", meeting.heading, level=2))
        for topics in (meeting.topics, [result.text for result in meeting.results]):
            blocks.extend(Block("item", text) for text in topics)
            blocks.append(Block("break", ""))
    blocks.append(Block("heading", NEXT_STEPS, level=1))
    blocks.extend(Block("item", text) for text in report.next_steps)
    return blocks


def portfolio_headers() -> list[str]:
    """The portfolio table's column headers, the same in every format."""
    return [_("Measure"), _("Field of action"), _("Status"), _("Traffic light"), _("Why")]


def _on_track(row) -> bool:
    """Whether the row gives the reason the traffic light gives every green measure."""
    return row.colour == "green" and row.reason == str(ON_TRACK)


def portfolio_rows(report) -> list[list[str]]:
    """The portfolio table's rows, cell by cell, the same in every format. The reason
    every green measure shares is left out ("–"): ``portfolio_note`` says it once, and
    the column shows only what differs."""
    return [
        [
            row.measure,
            row.field_of_action or "–",
            row.status,
            row.colour_label,
            "–" if _on_track(row) else row.reason,
        ]
        for row in report.portfolio
    ]


def portfolio_note(report) -> str:
    """The line under the portfolio table that stands for the reasons ``portfolio_rows``
    leaves out; empty when it leaves none out."""
    if not any(_on_track(row) for row in report.portfolio):
        return ""
    return _("Green: on track – no overdue task, no decision past its date.")


def full_sections(report) -> list[tuple[str, list[str]]]:
    """The full template's list sections (after the portfolio), worded the same in
    every format."""
    none = [_("none")]
    return [
        (
            _("Status changes in the period"),
            [
                f"{format_date(change.date)}: {change.measure}: {change.before} → {change.after}"
                for change in report.status_changes
            ]
            or none,
        ),
        (
            _("Overdue tasks"),
            [f"{task.title} ({task.owner}, {task.days_overdue} d)" for task in report.overdue_tasks]
            or none,
        ),
        (
            _("Agreements in progress"),
            [f"{line.title}: {line.state}" for line in report.agreements] or none,
        ),
        (
            _("Funding deadlines"),
            [
                f"{format_date(line.date)}: {line.application} ({line.deadline})"
                for line in report.funding_deadlines
            ]
            or none,
        ),
    ]
