"""The status reports: ``Shape.reports`` reports on whole months back from the
present that do not overlap, the last ``Shape.issued`` of them issued through
``issue_report`` with their snapshot and files, the older ones drafts."""

import datetime

from ikz.reports.drafts import start_report
from ikz.reports.issuing import issue_report
from ikz.reports.models import StatusReport
from ikz.sample.generator.state import CooperationState, add_months


def add_reports(state: CooperationState) -> None:
    rng = state.rng
    periods = _periods(state)
    last_day = state.as_of - datetime.timedelta(days=1)
    reports = []
    for index, (start, end) in enumerate(periods):
        reports.append(
            start_report(
                cooperation=state.cooperation,
                period_start=start,
                period_end=end,
                report_date=min(last_day, end + datetime.timedelta(days=rng.randint(2, 20))),
                template=StatusReport.Template.FULL
                if index % 4 == 3
                else StatusReport.Template.SEED,
            )
        )
    for report in reports[len(reports) - state.shape.issued :] if state.shape.issued else []:
        issued = issue_report(report=report)
        state.issued_files.extend(issued.files.values_list("file", flat=True))


def _periods(state: CooperationState) -> list[tuple[datetime.date, datetime.date]]:
    """Whole months back from the present, one after another: they never overlap."""
    rng = state.rng
    available = state.shape.years * 12 - state.shape.future_months - 2
    lengths = [rng.choice([1, 2, 2, 2, 3]) for _n in range(state.shape.reports)]
    while sum(lengths) > available and any(length > 1 for length in lengths):
        longer = [index for index, length in enumerate(lengths) if length > 1]
        lengths[rng.choice(longer)] -= 1
    lengths = lengths[-available:] if available > 0 else []
    periods, first = [], state.as_of
    for length in lengths:
        start = add_months(first, -length)
        periods.append((start, first - datetime.timedelta(days=1)))
        first = start
    return periods[::-1]
