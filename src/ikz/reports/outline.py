"""A report as a sequence of blocks: what the exporters write and the importer reads.

The same block kinds serve both directions, so every format round-trips: a heading,
a paragraph, a list item, and a break that ends a list (the seed separates a
meeting's topics from its results only by a blank line)."""

from dataclasses import dataclass

from django.utils.translation import gettext as _

CONTINUATION = " (Fortsetzung)"
CURRENT_STATUS = "Aktueller Status"
NEXT_STEPS = "Nächste Schritte"


@dataclass
class Block:
    kind: str  # heading, paragraph, item, break
    text: str
    where: str = ""  # for blocks read from a file: the line, paragraph or slide
    level: int = 0


def seed_outline(report) -> list[Block]:
    """The seed's structure, line for line: title, "Statusbericht …", date, "Aktueller
    Status", "Projektstatus im Monat …", per meeting its date, heading, topics and
    results, then "Nächste Schritte"."""
    blocks = [
        Block("heading", report.title, level=1),
        Block("paragraph", report.heading),
        Block("paragraph", report.report_date.strftime("%d.%m.%Y")),
        Block("heading", CURRENT_STATUS, level=1),
        Block("paragraph", f"Projektstatus im Monat {report.period_label}"),
    ]
    for meeting in report.meetings:
        blocks.append(Block("paragraph", meeting.date.strftime("%d.%m.%Y")))
        blocks.append(Block("heading", meeting.heading, level=2))
        for topics in (meeting.topics, [result.text for result in meeting.results]):
            blocks.extend(Block("item", text) for text in topics)
            blocks.append(Block("break", ""))
    blocks.append(Block("heading", NEXT_STEPS, level=1))
    blocks.extend(Block("item", text) for text in report.next_steps)
    return blocks


def full_sections(report) -> list[tuple[str, list[str]]]:
    """The full template's list sections (after the portfolio), worded the same in
    every format."""
    none = [_("none")]
    return [
        (
            _("Status changes in the period"),
            [
                f"{change.date:%d.%m.%Y}: {change.measure}: {change.before} → {change.after}"
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
                f"{line.date:%d.%m.%Y}: {line.application} ({line.deadline})"
                for line in report.funding_deadlines
            ]
            or none,
        ),
    ]
