"""The cockpit in the browser: the start page of a cooperation's people (the data is
``ikz.reports.cockpit``'s), with its two charts drawn here as SVG, each a table too."""

import datetime
from dataclasses import dataclass, field

from django.shortcuts import render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from ikz.core.models import Cooperation
from ikz.core.permissions import own_municipality_ids
from ikz.measures.models import MeasureStatus
from ikz.reports.cockpit import AHEAD_DAYS, STATUS_ORDER, Cockpit, cockpit
from ikz.web.access import requires

# The charts' coordinate system: as wide as a phone, so that their text reads at
# 360 px; wider screens scale them up to the stylesheet's maximum.
CHART_WIDTH = 400
BAR_HEIGHT = 18
ROW_HEIGHT = 52
LABEL_SIZE = 17
# Room right of the longest bar for its total.
TOTAL_ROOM = 36
TIMELINE_LANE = 44
TIMELINE_TOP = 26


@dataclass
class Segment:
    x: float
    width: float
    status: str  # its CSS class's suffix
    label: str
    count: int


@dataclass
class BarRow:
    name: str
    label_y: float
    bar_y: float
    total: int
    total_x: float
    total_y: float
    segments: list[Segment] = field(default_factory=list)


@dataclass
class StatusChart:
    height: int
    rows: list[BarRow]
    # The legend and the table: (status class, label) in the chart's order.
    statuses: list[tuple[str, str]]
    # The table: each field's (status label, count) in the legend's order, its total.
    table: list[tuple[str, list[tuple[str, int]], int]]
    summary: str


def status_key(status: str) -> str:
    return status or "none"


def status_label(status: str) -> str:
    return str(MeasureStatus(status).label) if status else _("without status")


def status_chart(data: Cockpit) -> StatusChart:
    """Stacked bars: one per field of action, a segment per status, as long as its
    number of measures."""
    by_field = data.status_by_field()
    used = [status for status in STATUS_ORDER if any(counts[status] for _n, counts in by_field)]
    most = max((sum(counts.values()) for _name, counts in by_field), default=0) or 1
    scale = (CHART_WIDTH - TOTAL_ROOM) / most
    rows, table = [], []
    for index, (name, counts) in enumerate(by_field):
        top = index * ROW_HEIGHT
        total = sum(counts.values())
        row = BarRow(
            name=name or _("without field of action"),
            label_y=top + LABEL_SIZE,
            bar_y=top + LABEL_SIZE + 6,
            total=total,
            total_x=total * scale + 6,
            total_y=top + LABEL_SIZE + 6 + BAR_HEIGHT - 4,
        )
        x = 0.0
        for status in used:
            if counts[status]:
                width = counts[status] * scale
                row.segments.append(
                    Segment(x, width, status_key(status), status_label(status), counts[status])
                )
                x += width
        rows.append(row)
        table.append((row.name, [(status_label(status), counts[status]) for status in used], total))
    summary = "; ".join(f"{row.name}: {row.total}" for row in rows)
    return StatusChart(
        height=max(len(rows) * ROW_HEIGHT, ROW_HEIGHT),
        rows=rows,
        statuses=[(status_key(status), status_label(status)) for status in used],
        table=table,
        summary=summary,
    )


@dataclass
class Tick:
    x: float
    label: str


@dataclass
class Mark:
    x: float
    y: float
    height: float
    title: str


@dataclass
class Timeline:
    height: int
    months: list[Tick]
    meetings: list[Mark]
    tasks: list[Mark]
    meetings_y: float
    tasks_y: float
    axis_y: float
    entries: list  # TimelineEntry, soonest first
    meeting_count: int
    task_count: int


def timeline_chart(data: Cockpit) -> Timeline:
    """The next AHEAD_DAYS: a lane of meetings (a mark each) and a lane of due dates
    (a bar per week, as high as the tasks due that week)."""
    start = data.day
    scale = CHART_WIDTH / AHEAD_DAYS

    def x_of(day: datetime.date) -> float:
        return round((day - start).days * scale, 1)

    entries = data.timeline()
    meetings_y = TIMELINE_TOP + 16
    tasks_y = meetings_y + TIMELINE_LANE
    axis_y = tasks_y + TIMELINE_LANE - 10
    months = []
    first = start.replace(day=1)
    while first <= start + datetime.timedelta(days=AHEAD_DAYS):
        if first >= start:
            months.append(Tick(x_of(first), date_format(first, "M")))
        first = (first + datetime.timedelta(days=32)).replace(day=1)
    meetings = [
        Mark(x_of(entry.date), meetings_y, 0, f"{date_format(entry.date, 'SHORT_DATE_FORMAT')}: "
             f"{entry.text}")
        for entry in entries
        if entry.kind == "meeting"
    ]  # fmt: skip
    weeks: dict[int, list] = {}
    for entry in entries:
        if entry.kind == "task":
            weeks.setdefault((entry.date - start).days // 7, []).append(entry)
    most = max((len(tasks) for tasks in weeks.values()), default=1)
    tasks = []
    for week, due in sorted(weeks.items()):
        height = max(round(len(due) / most * (TIMELINE_LANE - 16), 1), 3)
        first_day = start + datetime.timedelta(days=week * 7)
        tasks.append(
            Mark(
                x_of(first_day) + 1,
                axis_y - height,
                height,
                _("%(count)d due in the week from %(date)s")
                % {"count": len(due), "date": date_format(first_day, "SHORT_DATE_FORMAT")},
            )
        )
    return Timeline(
        height=int(axis_y + 26),
        months=months,
        meetings=meetings,
        tasks=tasks,
        meetings_y=meetings_y,
        tasks_y=tasks_y,
        axis_y=axis_y,
        entries=entries,
        meeting_count=len(meetings),
        task_count=sum(len(due) for due in weeks.values()),
    )


@require_safe
@requires("view_internal", Cooperation, lookup="slug")
def cockpit_page(request, cooperation):
    """Everyone with a role in the cooperation: where its work stands today. A member's
    municipality's tasks come first."""
    data = cockpit(
        cooperation,
        day=timezone.localdate(),
        municipalities=own_municipality_ids(request.user, cooperation),
    )
    return render(
        request,
        "web/cockpit/page.html",
        {
            "cooperation": cooperation,
            "cockpit": data,
            "task_groups": data.task_groups(),
            "status_chart": status_chart(data),
            "timeline": timeline_chart(data),
            "week_width": round(CHART_WIDTH / AHEAD_DAYS * 7 - 2, 1),
            "chart_width": CHART_WIDTH,
            "bar_height": BAR_HEIGHT,
        },
    )
