"""A report as a sequence of blocks: what the exporters write and the importer reads.

The same block kinds serve both directions, so every format round-trips: a heading,
a paragraph, a list item, and a break that ends a list (the seed separates a
meeting's topics from its results only by a blank line)."""

import dataclasses
import re
from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from ikz.agreements.lifecycle import VAT_RULE_FROM
from ikz.measures.domain import LIGHT_LABELS, ON_TRACK
from ikz.reports.periods import format_date

CONTINUATION = " (Fortsetzung)"
MEETING_OVERVIEW = "Sitzungsübersicht"
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
# In Markdown, a backslash before ASCII punctuation stands for that character, and an
# entity for its character (CommonMark): the Markdown exporter escapes so what would
# be markup in user text, < and > as &lt; and &gt;. One pass, so that an escaped "&"
# before "lt;" (\&lt;) stays the text "&lt;".
MARKDOWN_ESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])|&(lt|gt);")
ENTITIES = {"lt": "<", "gt": ">"}


@dataclass
class Block:
    kind: str  # heading, paragraph, item, break
    text: str
    where: str = ""  # for blocks read from a file: the line, paragraph or slide
    level: int = 0


def markdown_unescape(text: str) -> str:
    """The text a line's content stands for in Markdown: each backslash before ASCII
    punctuation taken away, &lt; and &gt; as < and >; the inverse of the Markdown
    exporter's escaping."""
    return MARKDOWN_ESCAPE.sub(lambda match: match.group(1) or ENTITIES[match.group(2)], text)


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


def masthead(report) -> list[Block]:
    """What opens every report: title, "Statusbericht …" (or "Sitzungsübersicht …") and
    the date."""
    heading = report.heading
    if report.is_meeting_overview:
        heading = f"{MEETING_OVERVIEW} {report.period_label}"
    return [
        Block("heading", report.title, level=1),
        Block("paragraph", heading),
        Block("paragraph", format_date(report.report_date)),
    ]


def meeting_blocks(report) -> list[Block]:
    """Per meeting its date, heading, topics and results, a break after each list."""
    blocks = []
    for meeting in report.meetings:
        blocks.append(Block("paragraph", format_date(meeting.date)))
        blocks.append(Block("heading", meeting.heading, level=2))
        for topics in (meeting.topics, [result.text for result in meeting.results]):
            blocks.extend(Block("item", text) for text in topics)
            blocks.append(Block("break", ""))
    return blocks


def intro_blocks(report) -> list[Block]:
    """The coordinator's introduction under its heading, a paragraph for each text
    between blank lines; none without one."""
    paragraphs = [" ".join(paragraph.split()) for paragraph in re.split(r"\n\s*\n", report.intro)]
    paragraphs = [paragraph for paragraph in paragraphs if paragraph]
    if not paragraphs:
        return []
    return [
        Block("heading", _("Introduction"), level=1),
        *(Block("paragraph", paragraph) for paragraph in paragraphs),
    ]


def decision_lines(report) -> list[str]:
    """The decisions the coordinator asks for, one a line (a leading list marker of a
    pasted list left out)."""
    lines = (line.strip().removeprefix("- ").removeprefix("* ") for line in
             report.decisions_text.splitlines())  # fmt: skip
    return [line.strip() for line in lines if line.strip()]


def decision_blocks(report) -> list[Block]:
    """The decisions asked for as a list under "Decisions needed"; none without them."""
    lines = decision_lines(report)
    if not lines:
        return []
    return [
        Block("heading", _("Decisions needed"), level=1),
        *(Block("item", line) for line in lines),
        Block("break", ""),
    ]


def seed_outline(report) -> list[Block]:
    """The seed's structure, line for line: title, "Statusbericht …", date, "Aktueller
    Status", "Projektstatus im Monat …", per meeting its date, heading, topics and
    results, then "Nächste Schritte". The coordinator's introduction, when written,
    follows the date; the decisions asked for come before the next steps."""
    blocks = [
        *masthead(report),
        *intro_blocks(report),
        Block("heading", CURRENT_STATUS, level=1),
        Block("paragraph", f"Projektstatus im Monat {report.period_label}"),
        *meeting_blocks(report),
        *decision_blocks(report),
    ]
    blocks.append(Block("heading", NEXT_STEPS, level=1))
    blocks.extend(Block("item", text) for text in report.next_steps)
    return blocks


def outline(report) -> list[Block]:
    """The report's text blocks before its tables: the seed's outline, the meeting
    overview's masthead and meetings, or the full report's masthead (its parts follow,
    ``full_parts``, then ``appendix``); each with the introduction after the masthead,
    the full report's decisions asked for in its part "Decisions needed"."""
    if report.is_full:
        return [*masthead(report), *intro_blocks(report)]
    if report.is_meeting_overview:
        return [
            *masthead(report),
            *intro_blocks(report),
            *decision_blocks(report),
            *meeting_blocks(report),
        ]
    return seed_outline(report)


def appendix(report) -> list[Block]:
    """The full report's appendix, when asked for: every result of the period's meetings."""
    if not (report.is_full and report.appendix):
        return []
    return [Block("heading", _("Appendix: results of the meetings"), level=1)] + meeting_blocks(
        report
    )


# The portfolio's column widths as shares of the slide and of the A4 page.
PORTFOLIO_SHARES = (0.24, 0.17, 0.16, 0.09, 0.34)


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


# Parts of the full report ------------------------------------------------------------
# Each part is written once here, and every format lays out the same rows: a table, a
# list or a chart, each under its heading.

# How many lines a part shows before it says how many more there are: the full report
# stays a summary however long the period.
LIGHT_CHANGES_SHOWN = 6
DECISIONS_SHOWN = 8
NEXT_STEPS_SHOWN = 12
OVERDUE_SHOWN = 5
# A decision's wording in the results table; the appendix and the meeting overview keep
# it whole.
DECISION_TEXT = 300


@dataclass
class Table:
    heading: str
    headers: list[str]
    rows: list[list[str]]
    shares: tuple[float, ...]  # each column's share of the width
    # A cell's background: the light's colour name (LIGHT_FILLS) or "" for none.
    fills: list[list[str]] = dataclasses.field(default_factory=list)
    note: str = ""
    level: int = 1
    kind: str = "table"

    def fill(self, row: int, column: int) -> str:
        return self.fills[row][column] if self.fills else ""


@dataclass
class Listing:
    heading: str
    items: list[str]
    level: int = 1
    kind: str = "listing"


@dataclass
class Chart:
    heading: str
    counts: dict[str, int]
    level: int = 2
    kind: str = "chart"


def part_lines(part) -> list[str]:
    """A part as list items, for what a format does not lay out as a table or chart: a
    chart's bars as "label: count", an empty table as "none"."""
    if part.kind == "chart":
        lines = [f"{label}: {count}" for label, count in part.counts.items()]
    elif part.kind == "table":
        lines = []
    else:
        lines = part.items
    return lines or [_("none")]


def _capped(items: list[str], shown: int, more) -> list[str]:
    """The first ``shown`` items and a line saying how many more, ``more(count)``."""
    if len(items) <= shown:
        return items
    return [*items[:shown], more(len(items) - shown)]


def _more(count: int) -> str:
    return ngettext("… and %(count)d more", "… and %(count)d more", count) % {"count": count}


LIGHT_COLUMNS = ("green", "yellow", "red", "grey")


def lights_table(report) -> Table:
    headers = [_("Field of action"), _("Measures")] + [str(LIGHT_LABELS[c]) for c in LIGHT_COLUMNS]
    rows, fills = [], []
    for line in report.field_lights:
        counts = [getattr(line, colour) for colour in LIGHT_COLUMNS]
        rows.append([line.field_of_action, str(sum(counts)), *map(str, counts)])
        fills.append(
            ["", ""]
            + [colour if count else "" for colour, count in zip(LIGHT_COLUMNS, counts, strict=True)]
        )
    return Table(
        _("Overview: traffic lights per field of action"),
        headers,
        rows,
        (0.32, 0.18, 0.125, 0.125, 0.125, 0.125),
        fills,
        portfolio_note(report),
    )


def activity_listing(report) -> Listing:
    activity = report.activity
    heading = _("In the period")
    if activity.since_report:
        heading = _("Since the previous report (as of %(date)s)") % {
            "date": format_date(activity.since)
        }
    items = [
        _("Meetings: %(meetings)d; results: %(results)d, of them decisions: %(decisions)d")
        % {
            "meetings": activity.meetings,
            "results": activity.results,
            "decisions": activity.decisions,
        },
        _("Status changes: %(count)d") % {"count": activity.status_changes},
        _("Tasks: %(created)d new, %(done)d done")
        % {"created": activity.tasks_created, "done": activity.tasks_done},
        _("Overdue tasks at the end of the period: %(count)d")
        % {"count": len(report.overdue_tasks)},
    ]
    changes = [
        _("Traffic light of “%(measure)s”: %(before)s → %(after)s")
        % {"measure": change.measure, "before": change.before, "after": change.after}
        for change in report.light_changes
    ]
    return Listing(heading, items + _capped(changes, LIGHT_CHANGES_SHOWN, _more))


def vat_warning() -> str:
    return _("§ 2b UStG: a criterion fails, the service may be taxable from %(date)s") % {
        "date": format_date(VAT_RULE_FROM)
    }


def decisions_listing(report) -> Listing:
    """The decisions the coordinator asks for, then those the data shows pending."""
    items = []
    for line in report.decisions_needed:
        values = {"measure": line.measure, "date": format_date(line.due) if line.due else ""}
        if line.due is None:
            items.append(_("%(measure)s: no date set") % values)
        elif line.days_late:
            values["days"] = line.days_late
            items.append(
                ngettext(
                    "%(measure)s: due %(date)s, %(days)d day late",
                    "%(measure)s: due %(date)s, %(days)d days late",
                    line.days_late,
                )
                % values
            )
        else:
            items.append(_("%(measure)s: due by %(date)s") % values)
    items = decision_lines(report) + _capped(items, DECISIONS_SHOWN, _more)
    return Listing(_("Decisions needed"), items or [_("none")])


def status_changes_table(report) -> Table:
    """Each measure's changes of the period on one row: "A → B (date) → C (date)", or
    "B (date) → C (date)" from its first status."""
    courses: dict[str, list[str]] = {}
    for change in report.status_changes:
        # A measure's first status has no status before it to show.
        steps = courses.setdefault(change.measure, [] if change.before == "–" else [change.before])
        steps.append(f"{change.after} ({format_date(change.date)})")
    return Table(
        _("Status changes in the period"),
        [_("Measure"), _("Course")],
        [[measure, " → ".join(steps)] for measure, steps in courses.items()],
        (0.35, 0.65),
    )


def results_table(report) -> Table:
    rows = []
    for line in report.results_by_measure:
        counted = ngettext(
            "%(results)d in %(meetings)d meeting",
            "%(results)d in %(meetings)d meetings",
            line.meetings,
        ) % {"results": line.results, "meetings": line.meetings}
        decision = "–"
        if line.decision_date:
            decision = f"{format_date(line.decision_date)}: {shorten(line.decision, DECISION_TEXT)}"
        rows.append([line.measure, counted, decision])
    note = (
        _("Every result of the period is in the appendix, in its wording.")
        if report.appendix
        else _("Every result of the period is in the meeting overview, in its wording.")
    )
    if report.results_without_measure:
        note = (
            ngettext(
                "%(count)d result concerns no measure.",
                "%(count)d results concern no measure.",
                report.results_without_measure,
            )
            % {"count": report.results_without_measure}
            + " "
            + note
        )
    return Table(
        _("Results by measure"),
        [_("Measure"), _("Results"), _("Latest decision")],
        rows,
        (0.3, 0.16, 0.54),
        note=note,
    )


def next_steps_table(report) -> Table:
    shown = report.upcoming[:NEXT_STEPS_SHOWN]
    note = ""
    if more := len(report.upcoming) - len(shown):
        note = ngettext(
            "%(count)d further open task or meeting is due later or has no date.",
            "%(count)d further open tasks and meetings are due later or have no date.",
            more,
        ) % {"count": more}
    return Table(
        _("Next steps"),
        [_("Step"), _("Owner"), _("Due")],
        [[step.text, step.owner, step.due] for step in shown],
        (0.5, 0.25, 0.25),
        note=note,
    )


def _days(days: int) -> str:
    return ngettext("%(days)d day", "%(days)d days", days) % {"days": days}


def overdue_table(report) -> Table:
    return Table(
        _("Overdue tasks"),
        [_("Owner"), _("Overdue tasks"), _("Longest overdue")],
        [[line.owner, str(line.count), _days(line.most_days)] for line in report.overdue_by_owner],
        (0.5, 0.25, 0.25),
    )


def cost_checks_table(report) -> Table:
    return Table(
        _("Cost checks"),
        [_("Cost check"), _("Scenario"), _("Annual cost"), _("Today on their own"), _("Saving")],
        [
            [line.cost_check, line.scenario, line.annual_cost, line.status_quo, line.saving]
            for line in report.cost_checks
        ],
        (0.22, 0.22, 0.2, 0.18, 0.18),
    )


def oldest_overdue_listing(report) -> Listing:
    return Listing(
        _("Longest overdue tasks"),
        [
            f"{task.title} ({task.owner}, {_days(task.days_overdue)})"
            for task in report.overdue_tasks[:OVERDUE_SHOWN]
        ],
        level=2,
    )


def portfolio_table(report) -> Table:
    """The measures still under way; closed ones are counted in the overview (grey) and
    their last change is in the status changes, a row each would only push the open
    ones onto further pages."""
    rows = [
        (row, cells)
        for row, cells in zip(report.portfolio, portfolio_rows(report), strict=True)
        if row.colour != "grey"
    ]
    notes = [portfolio_note(report)]
    if closed := len(report.portfolio) - len(rows):
        notes.append(
            ngettext(
                "%(count)d closed measure (done or not pursued) is counted in the overview.",
                "%(count)d closed measures (done or not pursued) are counted in the overview.",
                closed,
            )
            % {"count": closed}
        )
    return Table(
        _("Measure portfolio"),
        portfolio_headers(),
        [cells for _row, cells in rows],
        PORTFOLIO_SHARES,
        [["", "", "", row.colour, ""] for row, _cells in rows],
        " ".join(note for note in notes if note),
    )


def full_parts(report) -> list[Table | Listing | Chart]:
    """The full report after its masthead: the management summary (lights per field of
    action, what changed, decisions needed), the period's status changes and results
    by measure, next steps, overdue tasks, the portfolio, agreements and funding."""
    none = [_("none")]
    parts = [lights_table(report)]
    if report.activity:  # a report built from the data has it, a snapshot before it not
        parts.append(activity_listing(report))
    parts += [
        decisions_listing(report),
        status_changes_table(report),
        results_table(report),
        next_steps_table(report),
        overdue_table(report),
    ]
    if report.overdue_tasks:
        parts.append(oldest_overdue_listing(report))
    parts += [
        portfolio_table(report),
        Chart(_("Measures by status"), report.status_counts),
        Listing(
            _("Agreements in progress"),
            [
                f"{line.title}: {line.state}" + (f" ({vat_warning()})" if line.vat_at_risk else "")
                for line in report.agreements
            ]
            or none,
        ),
        *([cost_checks_table(report)] if report.cost_checks else []),
        Listing(
            _("Funding deadlines"),
            [
                f"{format_date(line.date)}: {line.application} ({line.deadline})"
                for line in report.funding_deadlines
            ]
            or none,
        ),
    ]
    return parts
