"""Agreements as they stood on a day."""

import datetime

from ikz.agreements.models import Agreement

# States in which an agreement is no longer being worked towards.
SETTLED_STATES = {
    Agreement.State.IN_FORCE,
    Agreement.State.TERMINATED,
    Agreement.State.NOT_PURSUED,
}


def state_as_of(agreement: Agreement, day: datetime.date) -> str | None:
    """The state the agreement had at the end of ``day``: that of the latest step dated
    on or before it; None before its first step.

    Reads ``agreement.steps.all()``, so a caller listing many agreements prefetches
    them once."""
    latest = None
    for step in agreement.steps.all():
        if step.date > day:
            continue
        if latest is None or (step.date, step.pk) > (latest.date, latest.pk):
            latest = step
    return latest.state if latest else None
