"""Business rules of meetings: recording what a meeting concluded."""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Max, QuerySet
from django.utils.translation import gettext as _

from ikz.measures.domain import Due, change_status, create_task, status_as_of
from ikz.meetings.models import AgendaItem, Meeting, Outcome


@dataclass(frozen=True)
class TaskDraft:
    """A next step as a meeting states it, before it is a Task."""

    title: str
    owner: object | None = None
    due: Due = field(default_factory=Due)


def schedule_meeting(
    *,
    body,
    date,
    number: int | None = None,
    title: str = "",
    location=None,
    state: str = Meeting.State.PLANNED,
    is_public: bool = False,
) -> Meeting:
    """Create a meeting of ``body``. Side effects: one Meeting row, validated first, so
    a number the body used already gives the user's error message."""
    meeting = Meeting(
        body=body,
        date=date,
        number=number,
        title=title,
        location=location,
        state=state,
        is_public=is_public,
    )
    meeting.full_clean()
    meeting.save()
    return meeting


def add_agenda_item(
    *, meeting: Meeting, title: str, is_public: bool = True, presenter=None, measures: Iterable = ()
) -> AgendaItem:
    """Append a topic to the meeting's agenda, numbered by its position.

    Side effects: one AgendaItem row and its measure links."""
    from ikz.core.models import Partner

    order = (meeting.agenda_items.aggregate(last=Max("order"))["last"] or 0) + 1
    item = AgendaItem(
        meeting=meeting,
        order=order,
        number=str(order),
        title=title,
        is_public=is_public,
        presenter_partner=presenter if isinstance(presenter, Partner) else None,
        presenter_person=presenter
        if presenter is not None and not isinstance(presenter, Partner)
        else None,
    )
    item.full_clean()
    item.save()
    item.measures.set(measures)
    return item


def record_outcome(
    *,
    meeting: Meeting,
    text: str,
    kind: str = Outcome.Kind.INFORMATION,
    agenda_item: AgendaItem | None = None,
    measures: Sequence = (),
    new_status: str | None = None,
    status_note: str = "",
    tasks: Sequence[TaskDraft] = (),
    is_public: bool = True,
) -> Outcome:
    """Store what the meeting concluded, and what follows from it, all or nothing.

    Side effects, in order, in one transaction:
    1. one Outcome at the end of the meeting's list, linked to ``measures``;
    2. with ``new_status``: one StatusChange per measure not already in that status,
       dated the meeting's day and pointing to the outcome;
    3. one Task per draft, arising from the outcome, created on the meeting's day (and
       concerning the single measure, when there is exactly one).
    Any invalid part (agenda item of another meeting, a status change dated before the
    measure's latest, a bad due date) raises ValidationError and nothing is stored."""
    if agenda_item is not None and agenda_item.meeting_id != meeting.pk:
        raise ValidationError(
            {
                "agenda_item": _("The agenda item “%(item)s” belongs to another meeting.")
                % {"item": agenda_item.title}
            }
        )
    foreign = [m.title for m in measures if m.cooperation_id != meeting.body.cooperation_id]
    if foreign:
        raise ValidationError(
            {
                "measures": _("“%(measures)s” belongs to another cooperation.")
                % {"measures": ", ".join(foreign)}
            }
        )
    if new_status and not measures:
        raise ValidationError({"new_status": _("A new status needs the measures it applies to.")})
    with transaction.atomic():
        order = (meeting.outcomes.aggregate(last=Max("order"))["last"] or 0) + 1
        outcome = Outcome(
            meeting=meeting,
            agenda_item=agenda_item,
            order=order,
            kind=kind,
            text=text,
            is_public=is_public,
        )
        outcome.full_clean()
        outcome.save()
        outcome.measures.set(measures)
        if new_status:
            for measure in measures:
                if status_as_of(measure) == new_status:
                    continue  # the outcome confirms the status; nothing changes
                change_status(
                    measure=measure,
                    to_status=new_status,
                    date=meeting.date,
                    note=status_note,
                    outcome=outcome,
                )
        only_measure = measures[0] if len(measures) == 1 else None
        for draft in tasks:
            create_task(
                cooperation=meeting.body.cooperation,
                title=draft.title,
                owner=draft.owner,
                due=draft.due,
                measure=only_measure,
                origin_outcome=outcome,
                created_on=meeting.date,
            )
    return outcome


def public_outcomes(cooperation) -> QuerySet[Outcome]:
    """Outcomes anyone may read: public, of a public meeting that was held, and not on
    an internal agenda item. Newest first."""
    return (
        Outcome.objects.filter(
            meeting__body__cooperation=cooperation,
            meeting__is_public=True,
            meeting__state=Meeting.State.HELD,
            is_public=True,
        )
        .exclude(agenda_item__is_public=False)
        .select_related("meeting__body", "meeting__location", "agenda_item")
        .order_by("-meeting__date", "order")
    )


def upcoming_public_meetings(cooperation, today) -> QuerySet[Meeting]:
    """Public meetings still to come (planned or invited), soonest first."""
    return (
        Meeting.objects.filter(
            body__cooperation=cooperation,
            is_public=True,
            state__in=[Meeting.State.PLANNED, Meeting.State.INVITED],
            date__gte=today,
        )
        .select_related("body", "location")
        .order_by("date", F("start_time").asc(nulls_last=True))
    )
