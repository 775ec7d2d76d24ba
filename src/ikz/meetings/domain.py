"""Business rules of meetings: recording what a meeting concluded."""

from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Max, QuerySet
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from ikz.core.domain import members_on, save_validated
from ikz.core.history import save_with_links
from ikz.core.models import Municipality, Partner
from ikz.core.versions import (
    Conflict,
    check_rows_version,
    check_version,
    rows_conflict,
    rows_version,
)
from ikz.measures.domain import (
    OPEN_TASK_STATES,
    Due,
    apply_outcome_status,
    complete_task,
    create_task,
    locked_latest_status_change,
    status_as_of,
)
from ikz.measures.models import Measure, MeasureStatus, StatusChange, Task
from ikz.meetings.models import AgendaItem, Attendance, Meeting, Outcome, OutcomeVote


@dataclass(frozen=True)
class TaskDraft:
    """A next step as a meeting states it, before it is a Task."""

    title: str
    owner: object | None = None
    due: Due = field(default_factory=Due)
    order: int | None = None  # its place in the cooperation's list; None: at the end


def next_numbers(bodies) -> dict[int, int]:
    """The number each body's next meeting gets, by body id: one after its highest (1
    for a body without numbered meetings)."""
    highest = dict(
        Meeting.objects.filter(body__in=bodies)
        .values("body")
        .annotate(highest=Max("number"))
        .values_list("body", "highest")
    )
    return {body.pk: (highest.get(body.pk) or 0) + 1 for body in bodies}


def next_meeting(*, body, after) -> Meeting | None:
    """The body's next regular meeting after the day ``after``, or else its next meeting
    of any kind (the Leitbild-Workshop of the Lenkungsgruppe is not "the next
    Lenkungsgruppe"): what a task due "by the next meeting of the body" waits for."""
    candidates = Meeting.objects.filter(body=body, date__gt=after).order_by("date", "pk")
    return candidates.filter(title="").first() or candidates.first()


def settle_due(due: Due, *, after) -> Due:
    """The meeting a due date of ``parse_due`` means: for the meeting of a body on a
    day, that meeting (ValidationError on "due" when the body has none that day); for
    the next meeting of a body, its next one after the day ``after`` (``next_meeting``)
    or, while none is planned, the open variant, kept until ``schedule_meeting`` plans
    it. Any other due date as it is."""
    if due.precision != Task.DuePrecision.MEETING or due.meeting is not None:
        return due
    if due.date is not None:
        meeting = (
            Meeting.objects.filter(body=due.body, date=due.date)
            .exclude(state=Meeting.State.CANCELLED)
            .order_by("title", "pk")
            .first()
        )
        if meeting is None:
            raise ValidationError(
                {
                    "due": _("Due: %(body)s has no meeting on %(date)s.")
                    % {"body": due.body.name, "date": date_format(due.date, "SHORT_DATE_FORMAT")}
                }
            )
        return Due.by_meeting(meeting)
    following = next_meeting(body=due.body, after=after)
    return Due.by_meeting(following) if following is not None else due


def schedule_meeting(
    *,
    body,
    date,
    number: int | None = None,
    title: str = "",
    location=None,
    venue: str = "",
    start_time=None,
    end_time=None,
    state: str = Meeting.State.PLANNED,
    is_public: bool = False,
    announcement: str = "",
    next_step_order: int | None = None,
    chair=None,
    minute_taker=None,
    approval_topic: bool = True,
) -> Meeting:
    """Create a meeting of ``body``, chaired by the person ``chair`` and minuted by the
    person ``minute_taker`` if they are named. ``announcement`` is how the next steps of
    a report announced it, ``next_step_order`` its place among them (it shares the
    tasks' numbering). ``approval_topic`` False: the agenda comes from elsewhere (a
    report read in), no standard topic is added.

    Side effects, in one transaction:
    1. one Meeting row, validated first, so that a number the body used already, or a
       second meeting of the body on a day one is planned, gives the user's error
       message;
    2. for a meeting still to take place, the standard first topic "Genehmigung der
       Niederschrift der letzten Sitzung" (``add_minutes_approval``);
    3. for a regular meeting (no title: a workshop is not "the next Lenkungsgruppe"),
       each open task due by the body's next meeting while none was planned
       (``Due.by_next_meeting_of``) and set before the meeting's day now due by this
       meeting, saved one by one (their history says so)."""
    meeting = Meeting(
        body=body,
        date=date,
        number=number,
        title=title,
        location=location,
        venue=venue,
        start_time=start_time,
        end_time=end_time,
        state=state,
        is_public=is_public,
        announcement=announcement,
        next_step_order=next_step_order,
        chair=chair,
        minute_taker=minute_taker,
    )
    with transaction.atomic():
        save_validated(meeting)
        if approval_topic and state in (Meeting.State.PLANNED, Meeting.State.INVITED):
            add_minutes_approval(meeting=meeting)
        if not title and state != Meeting.State.CANCELLED:
            waiting = Task.objects.filter(
                due_body=body, state__in=OPEN_TASK_STATES, created_on__lt=date
            ).select_for_update()
            for task in waiting:
                for name, value in Due.by_meeting(meeting).task_fields().items():
                    setattr(task, name, value)
                task.full_clean()
                task.save()
    return meeting


def edit_meeting(
    meeting: Meeting,
    *,
    version: int | None,
    date,
    number: int | None = None,
    title: str = "",
    location=None,
    venue: str = "",
    start_time=None,
    end_time=None,
    chair=None,
    minute_taker=None,
    is_public: bool = False,
) -> Meeting:
    """Correct a meeting's data (its day, number, title, times, place, chair,
    minute-taker, visibility), if it is still at ``version`` (the version the form was
    based on). A meeting announced without a start time gets one here.

    Side effects, in one transaction:
    1. the meeting's row locked and its version checked (``VersionConflict`` when
       someone saved it since: nothing is stored);
    2. with a new day: the status changes its results caused move to that day, each
       measure's row locked; a measure whose status changed in between, or on either
       day, refuses the move (ValidationError at the date), since the history would no
       longer read in the order it happened;
    3. the Meeting row, validated first (with its history record)."""
    with transaction.atomic():
        check_version(meeting, version)
        if date != meeting.date:
            _move_status_changes(meeting, date)
        meeting.date, meeting.number, meeting.title = date, number, title
        meeting.location, meeting.venue, meeting.chair = location, venue, chair
        meeting.minute_taker = minute_taker
        meeting.start_time, meeting.end_time = start_time, end_time
        meeting.is_public = is_public
        save_validated(meeting)
    return meeting


def _move_status_changes(meeting: Meeting, date) -> None:
    """The status changes of the meeting's results dated ``date``, for ``edit_meeting``."""
    changes = list(StatusChange.objects.filter(outcome__meeting=meeting).select_related("measure"))
    moved = {change.pk for change in changes}
    first, last = sorted((meeting.date, date))
    for change in changes:
        locked_latest_status_change(change.measure)
        between = (
            StatusChange.objects.filter(measure=change.measure, date__range=(first, last))
            .exclude(pk__in=moved)
            .order_by("date")
            .first()
        )
        if between is not None:
            raise ValidationError(
                {
                    "date": _(
                        "The status of “%(measure)s” changed on %(other)s too; a result of "
                        "this meeting changed it, so the meeting cannot move past that day."
                    )
                    % {
                        "measure": change.measure.title,
                        "other": date_format(between.date, "SHORT_DATE_FORMAT"),
                    }
                }
            )
        change.date = date
        change.save(update_fields=["date"])


def add_minutes_approval(*, meeting: Meeting) -> AgendaItem | None:
    """The topic "Genehmigung der Niederschrift der letzten Sitzung" at the end of the
    meeting's agenda (first on a new one), approving the minutes of the body's last
    meeting held before it; a decision on it is their approval (``minutes_approval``).
    None, and nothing added, when the body held no meeting before, or those minutes are
    on another agenda already (approved or waiting there).

    Side effects: one AgendaItem row, linked to the meeting whose minutes it approves."""
    previous = (
        Meeting.objects.filter(body=meeting.body, date__lt=meeting.date, state=Meeting.State.HELD)
        .order_by("-date", F("start_time").desc(nulls_last=True))
        .first()
    )
    if previous is None or (
        previous.minutes_approval_items.exclude(meeting__state=Meeting.State.CANCELLED).exists()
    ):
        return None
    # Stored as the cooperation writes it, whatever language the planner reads.
    with translation.override(settings.LANGUAGE_CODE):
        title = _("Approval of the minutes of the last meeting")
    return add_agenda_item(meeting=meeting, title=title, approves_minutes_of=previous)


def hold_meeting(
    *,
    meeting: Meeting,
    number: int | None = None,
    location=None,
    is_public: bool | None = None,
    chair=None,
) -> Meeting:
    """Mark a planned (announced) meeting as held, now that it is reported on; the
    number, place and chair it was announced without are filled in, those it has stay.
    With ``is_public``, its visibility is set too: an announcement may have been public,
    what the meeting concluded is not until a coordinator publishes it.

    Side effects: the meeting's row, validated first."""
    meeting.number = meeting.number or number
    meeting.location = meeting.location or location
    meeting.chair = chair or meeting.chair
    meeting.state = Meeting.State.HELD
    # Held after all: a cancellation's reason no longer applies.
    meeting.cancellation_reason = ""
    if is_public is not None:
        meeting.is_public = is_public
    meeting.full_clean()
    meeting.save(
        update_fields=["number", "location", "chair", "state", "cancellation_reason", "is_public"]
    )
    return meeting


def cancel_meeting(*, meeting: Meeting, reason: str) -> Meeting:
    """Mark a meeting that will not take place as cancelled, saying why. A meeting with
    results took place and cannot be cancelled.

    Side effects: the meeting's state and reason."""
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("Say why the meeting is cancelled.")})
    if meeting.outcomes.exists():
        raise ValidationError(_("The meeting has results: it took place and cannot be cancelled."))
    meeting.state = Meeting.State.CANCELLED
    meeting.cancellation_reason = reason
    meeting.save(update_fields=["state", "cancellation_reason"])
    return meeting


def party_key(party) -> tuple[int | None, int | None]:
    """(municipality id, partner id) of a municipality or a partner: how a meeting's
    attendance rows are told apart."""
    return (None, party.pk) if isinstance(party, Partner) else (party.pk, None)


def attendance_histories(meeting: Meeting) -> tuple[QuerySet, ...]:
    """The histories of the rows the attendance form edits together (deleted rows
    included): what its version is made of."""
    return (Attendance.history.filter(meeting_id=meeting.pk),)


def attendance_version(meeting: Meeting) -> str:
    """The version of the meeting's attendance, for the form that records it."""
    return rows_version(*attendance_histories(meeting))


def record_attendance(*, meeting: Meeting, entries: Iterable[tuple], version: str | None) -> None:
    """Record who attended the meeting, if its attendance is still at ``version`` (the
    ``attendance_version`` the form was based on): ``entries`` are (municipality or
    partner, state or "" for not recorded, names). The meeting's attendance is then
    exactly these.

    Side effects, in one transaction:
    1. the meeting's row locked and the attendance's version checked
       (``VersionConflict`` when someone recorded it since: nothing is stored);
    2. the attendance rows locked; per party an Attendance row created, changed or (for
       "") deleted, each saved on its own so that the history shows who recorded it."""
    with transaction.atomic():
        check_rows_version(meeting, version, *attendance_histories(meeting))
        held = {
            party_key(row.party): row
            for row in Attendance.objects.select_for_update().filter(meeting=meeting)
        }
        for party, state, names in entries:
            is_partner = isinstance(party, Partner)
            row = held.get(party_key(party))
            if not state:
                if row is not None:
                    row.delete()
                continue
            if row is None:
                row = Attendance(
                    meeting=meeting,
                    partner=party if is_partner else None,
                    municipality=None if is_partner else party,
                )
            elif (row.state, row.names) == (state, names):
                continue
            row.state, row.names = state, names
            save_validated(row)


def publication_histories(meeting: Meeting) -> tuple[QuerySet, ...]:
    """The histories of the meeting's topics and results (deleted rows included): what
    a choice to publish was based on, so that one added or changed meanwhile is shown
    before anything is published."""
    return (
        AgendaItem.history.filter(meeting_id=meeting.pk),
        Outcome.history.filter(meeting_id=meeting.pk),
    )


def publication_version(meeting: Meeting) -> str:
    """The version of the meeting's topics and results, for the form that publishes
    them."""
    return rows_version(*publication_histories(meeting))


def publication_conflict(*, meeting: Meeting, version: str | None) -> Conflict | None:
    """What a preview of the publication shows: None when the topics and results are
    still at ``version``, otherwise who changed them since.

    Side effects: none; the meeting's row is locked for the comparison only, as
    ``publish_meeting`` locks it."""
    with transaction.atomic():
        return rows_conflict(meeting, version, *publication_histories(meeting))


def publish_meeting(
    *,
    meeting: Meeting,
    items: Collection | None = None,
    outcomes: Collection | None = None,
    version: str | None,
) -> Meeting:
    """Publish the meeting with the topics and results chosen (their ids; None: all of
    them), keeping the others internal, if its topics and results are still at
    ``version`` (the ``publication_version`` the choice was based on). Citizens see a
    public meeting's public results once it was held (``public_outcomes``).

    Side effects, in one transaction:
    1. the meeting's row locked and the version checked (``VersionConflict`` when a
       topic or result was added or changed since: nothing is published);
    2. the meeting's row;
    3. each agenda item and outcome whose visibility changes (saved one by one, so that
       the history and the audit log show who published what)."""
    with transaction.atomic():
        check_rows_version(meeting, version, *publication_histories(meeting))
        meeting.is_public = True
        meeting.save(update_fields=["is_public"])
        for rows, chosen in ((meeting.agenda_items, items), (meeting.outcomes, outcomes)):
            # A key that is no number names no row (a forged form): not chosen.
            wanted = None if chosen is None else {int(pk) for pk in chosen if str(pk).isdigit()}
            for row in rows.all():
                public = wanted is None or row.pk in wanted
                if row.is_public != public:
                    row.is_public = public
                    row.save(update_fields=["is_public"])
    return meeting


def add_agenda_item(
    *,
    meeting: Meeting,
    title: str,
    is_public: bool = True,
    presenter=None,
    measures: Iterable = (),
    approves_minutes_of: Meeting | None = None,
) -> AgendaItem:
    """Append a topic to the meeting's agenda, numbered by its position; ``presenter``
    is a person, a municipality or a partner; ``approves_minutes_of`` the earlier
    meeting whose minutes the topic approves (``add_minutes_approval``).

    Side effects: one AgendaItem row and its measure links (with one history record
    that holds both, ``save_with_links``)."""
    order = (meeting.agenda_items.aggregate(last=Max("order"))["last"] or 0) + 1
    item = AgendaItem(
        meeting=meeting,
        order=order,
        number=str(order),
        title=title,
        is_public=is_public,
        **presenter_fields(presenter),
        approves_minutes_of=approves_minutes_of,
    )
    return save_with_links(item, measures=measures)


def presenter_fields(presenter) -> dict:
    """A topic's presenter (a person, a municipality, a partner or None) as the three
    fields that hold it."""
    return {
        "presenter_partner": presenter if isinstance(presenter, Partner) else None,
        "presenter_municipality": presenter if isinstance(presenter, Municipality) else None,
        "presenter_person": presenter
        if presenter is not None and not isinstance(presenter, Partner | Municipality)
        else None,
    }


def edit_agenda_item(
    item: AgendaItem,
    *,
    version: int | None,
    title: str,
    presenter=None,
    measures: Iterable = (),
    is_public: bool = True,
) -> AgendaItem:
    """Correct a topic (its title, presenter, measures, visibility), if it is still at
    ``version`` (the version the form was based on); its place on the agenda moves with
    ``move_agenda_item``.

    Side effects, in one transaction: the item's row locked and its version checked
    (``VersionConflict`` when someone saved it since: nothing is stored); the
    AgendaItem row, validated first, and its measure links, with one history record that
    holds both (``save_with_links``: a change of the measures alone is in the history)."""
    with transaction.atomic():
        check_version(item, version)
        item.title, item.is_public = title, is_public
        for name, value in presenter_fields(presenter).items():
            setattr(item, name, value)
        save_with_links(item, measures=measures)
    return item


def move_agenda_item(*, item: AgendaItem, by: int) -> None:
    """Move a topic one place up (``by`` = -1) or down (+1), changing places with its
    neighbour; at either end nothing moves.

    Side effects, in one transaction: the two items' positions and numbers."""
    with transaction.atomic():
        items = list(item.meeting.agenda_items.select_for_update().order_by("order"))
        index = next(index for index, each in enumerate(items) if each.pk == item.pk)
        if not 0 <= index + by < len(items):
            return
        other = items[index + by]
        first, second = item.order, other.order
        # Through a free position: no two items of a meeting share one.
        item.order = 0
        item.save(update_fields=["order"])
        for moved, order in ((other, first), (item, second)):
            moved.order, moved.number = order, str(order)
            moved.save(update_fields=["order", "number"])


def remove_agenda_item(*, item: AgendaItem) -> None:
    """Take a topic off the agenda; the topics after it move up. A topic with results
    or documents stays: its results would lose what they answer, and its documents
    would go with it.

    Side effects, in one transaction: the item's row and measure links deleted; the
    positions and numbers of the items after it."""
    if item.outcomes.exists():
        raise ValidationError(
            _("“%(item)s” has results and stays on the agenda.") % {"item": item.title}
        )
    if item.documents.exists():
        raise ValidationError(
            _("“%(item)s” has documents and stays on the agenda.") % {"item": item.title}
        )
    with transaction.atomic():
        following = list(
            item.meeting.agenda_items.select_for_update()
            .filter(order__gt=item.order)
            .order_by("order")
        )
        item.delete()
        for moved in following:
            moved.order -= 1
            moved.number = str(moved.order)
            moved.save(update_fields=["order", "number"])


@dataclass(frozen=True)
class AgendaProposal:
    """A topic that waits for a meeting, and why: ``key`` names where it comes from
    ("item:12", "task:5", "measure:3")."""

    key: str
    title: str
    reason: str
    measures: tuple = ()


def propose_agenda(meeting: Meeting) -> list[AgendaProposal]:
    """What waits for the meeting, in this order: the open topics of the body's previous
    meeting (carried over: without a result, deferred, or a mandate to examine), the
    open tasks due by this meeting, and the measures whose decision is pending on its
    day and that no topic deals with. What the agenda holds already (by title) is left
    out."""
    on_agenda = {title.casefold() for title in meeting.agenda_items.values_list("title", flat=True)}
    proposals = []
    previous = (
        Meeting.objects.filter(body=meeting.body, date__lt=meeting.date)
        .exclude(state=Meeting.State.CANCELLED)
        .order_by("-date")
        .first()
    )
    if previous is not None:
        # Not the approval of minutes: a new meeting gets its own (``schedule_meeting``).
        items = (
            previous.agenda_items.filter(approves_minutes_of=None)
            .prefetch_related("outcomes", "measures")
            .order_by("order")
        )
        for item in items:
            kinds = {outcome.kind for outcome in item.outcomes.all()}
            if kinds and not kinds & {Outcome.Kind.DEFERRAL, Outcome.Kind.MANDATE}:
                continue
            proposals.append(
                AgendaProposal(
                    f"item:{item.pk}",
                    item.title,
                    _("open from the meeting of %(date)s")
                    % {"date": date_format(previous.date, "SHORT_DATE_FORMAT")},
                    tuple(item.measures.all()),
                )
            )
    for task in tasks_due_by(meeting):
        proposals.append(
            AgendaProposal(
                f"task:{task.pk}",
                task.title,
                _("task due by this meeting"),
                (task.measure,) if task.measure else (),
            )
        )
    measures = (
        Measure.objects.filter(cooperation_id=meeting.body.cooperation_id)
        .prefetch_related("status_changes")
        .order_by("title")
    )
    # A measure a proposed or planned topic deals with already needs no topic of its own.
    covered = {m.pk for proposal in proposals for m in proposal.measures}
    covered |= set(meeting.agenda_items.values_list("measures", flat=True))
    for measure in measures:
        if measure.pk in covered:
            continue
        if status_as_of(measure, meeting.date) == MeasureStatus.DECISION_PENDING:
            proposals.append(
                AgendaProposal(
                    f"measure:{measure.pk}", measure.title, _("decision pending"), (measure,)
                )
            )
    return [proposal for proposal in proposals if proposal.title.casefold() not in on_agenda]


def tasks_due_by(meeting: Meeting) -> QuerySet[Task]:
    """The open tasks due by the meeting, in the cooperation's order: what
    ``propose_agenda`` put on its agenda, and what its results may close."""
    return (
        Task.objects.filter(due_meeting=meeting, state__in=OPEN_TASK_STATES)
        .select_related("measure")
        .order_by("order", "pk")
    )


def originating_tasks(meeting: Meeting, items: Iterable[AgendaItem]) -> dict[int, list[Task]]:
    """By agenda item id, the open tasks that brought the topic to the agenda: due by
    this meeting, and concerning one of the topic's measures or bearing its title (a
    topic taken from ``propose_agenda``'s proposal of the task). Reads
    ``item.measures.all()`` (prefetchable)."""
    tasks = list(tasks_due_by(meeting))
    found = {}
    for item in items:
        measures = {measure.pk for measure in item.measures.all()}
        title = item.title.casefold()
        found[item.pk] = [
            task for task in tasks if task.measure_id in measures or task.title.casefold() == title
        ]
    return found


@dataclass(frozen=True)
class Vote:
    """A vote on a result: the counts (yes, no, abstentions), or how each member
    municipality voted (``by_municipality``: (municipality, OutcomeVote.Vote)), or both;
    the counts then have to agree with the municipalities' votes. A count not given is
    0 when another one is."""

    yes: int | None = None
    no: int | None = None
    abstain: int | None = None
    by_municipality: tuple = ()


VOTE_FIELDS = {"yes": "votes_yes", "no": "votes_no", "abstain": "votes_abstain"}


def settle_vote(vote: Vote | None, *, meeting: Meeting) -> tuple[dict | None, list]:
    """The counts of ``vote`` by field (votes_yes, votes_no, votes_abstain), or None for
    no vote, and its (municipality, vote) pairs, checked: counts are not negative, only
    municipalities that are members of the cooperation on the meeting's day vote, each
    once, and typed counts agree with the municipalities' votes. Raises ValidationError
    naming the field."""
    if vote is None:
        return None, []
    errors: dict[str, list[str]] = {}
    typed = {choice: getattr(vote, choice) for choice in VOTE_FIELDS}
    for choice, count in typed.items():
        if count is not None and count < 0:
            errors.setdefault(VOTE_FIELDS[choice], []).append(
                _("A number of votes cannot be negative.")
            )
    pairs = [(municipality, choice) for municipality, choice in vote.by_municipality if choice]
    if pairs:
        members = set(
            members_on(meeting.body.cooperation, meeting.date).values_list("pk", flat=True)
        )
        strangers = sorted({m.name for m, _choice in pairs if m.pk not in members})
        if strangers:
            errors.setdefault("municipality_votes", []).append(
                _("%(names)s is no member of the cooperation on %(date)s and cannot vote.")
                % {
                    "names": ", ".join(strangers),
                    "date": date_format(meeting.date, "SHORT_DATE_FORMAT"),
                }
            )
        if len({m.pk for m, _choice in pairs}) != len(pairs):
            errors.setdefault("municipality_votes", []).append(_("Each municipality votes once."))
        if any(choice not in OutcomeVote.Vote.values for _m, choice in pairs):
            errors.setdefault("municipality_votes", []).append(
                _("A municipality votes yes, no or abstains.")
            )
        derived = {
            choice: sum(1 for _m, given in pairs if given == choice) for choice in VOTE_FIELDS
        }
        for choice, count in typed.items():
            if count is not None and count >= 0 and count != derived[choice]:
                errors.setdefault(VOTE_FIELDS[choice], []).append(
                    _(
                        "%(typed)d typed, but the municipalities' votes give %(derived)d; "
                        "leave it empty or correct it."
                    )
                    % {"typed": count, "derived": derived[choice]}
                )
        counts = derived
    elif all(count is None for count in typed.values()):
        counts = None
    else:
        counts = {choice: count or 0 for choice, count in typed.items()}
    if errors:
        raise ValidationError(errors)
    if counts is None:
        return None, []
    return {VOTE_FIELDS[choice]: count for choice, count in counts.items()}, pairs


def _check_measures(*, meeting: Meeting, measures: Sequence, new_status: str | None) -> None:
    """A result concerns measures of its meeting's cooperation, and a new status needs
    the measures it applies to. Raises ValidationError naming the field."""
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


@dataclass(frozen=True)
class RecordedOutcome:
    """What ``record_outcome`` stored: the outcome, the status changes it caused, the
    measures that kept a status other than the result's with the reason in the user's
    words (measure, reason), and the tasks it set."""

    outcome: Outcome
    status_changes: tuple[StatusChange, ...] = ()
    kept_statuses: tuple[tuple[Measure, str], ...] = ()
    tasks: tuple[Task, ...] = ()
    closed_tasks: tuple[Task, ...] = ()


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
    contested_measures: Collection = (),
    keep_later_status: bool = False,
    vote: Vote | None = None,
    closes: Sequence[Task] = (),
) -> RecordedOutcome:
    """Store what the meeting concluded, and what follows from it, all or nothing. This
    is the only way from a result to a status change and to the tasks it sets.

    Side effects, in order, in one transaction:
    1. one Outcome at the end of the meeting's list, linked to ``measures`` (one history
       record holds both, ``save_with_links``), with the counts of ``vote`` if one was
       taken (``settle_vote``: from the municipalities' votes when those are given);
    2. one OutcomeVote per member municipality whose vote ``vote`` gives;
    3. with ``new_status``: per measure, its row locked and its status decided on the
       history under the lock (``apply_outcome_status``): one StatusChange, dated the
       meeting's day and pointing to the outcome, unless the measure has that status
       already or one of the two policies below leaves it alone;
    4. one Task per draft, arising from the outcome, created on the meeting's day (and
       concerning the single measure, when there is exactly one); due by a body's next
       meeting, that meeting after the meeting's day, or kept open while none is
       planned (``settle_due``);
    5. each task of ``closes`` (the tasks that brought the topic to the agenda, as
       ``originating_tasks`` proposes them) done on the meeting's day, closed by the
       outcome (``complete_task``).
    Any invalid part (agenda item of another meeting, a negative count, a vote of a
    municipality that is no member on the meeting's day, counts that disagree with the
    municipalities' votes, a status change dated before the measure's latest, a bad due
    date, a task to close that is not open or of another cooperation) raises
    ValidationError and nothing is stored.

    Two policies for results read from a report, where nobody decides each one:
    - ``contested_measures``: measures that other results of the same meeting concern
      too. They keep their status for the coordinator to decide, since several results
      would give them contradictory statuses on one day.
    - ``keep_later_status``: a measure whose status changed after the meeting keeps that
      later status (an older report imported after a newer one). Without it such a
      change is refused, because later reports were built on the history.
    Returns a RecordedOutcome: the outcome, its status changes, (measure, reason) for
    each measure that kept a status other than ``new_status``, its tasks and the tasks
    it closed."""
    _check_measures(meeting=meeting, measures=measures, new_status=new_status)
    strangers = [
        task.title for task in closes if task.cooperation_id != meeting.body.cooperation_id
    ]
    if strangers:
        raise ValidationError(
            {
                "closes": _("“%(tasks)s” belongs to another cooperation.")
                % {"tasks": ", ".join(strangers)}
            }
        )
    counts, municipality_votes = settle_vote(vote, meeting=meeting)
    contested = {measure.pk for measure in contested_measures}
    with transaction.atomic():
        order = (meeting.outcomes.aggregate(last=Max("order"))["last"] or 0) + 1
        outcome = Outcome(
            meeting=meeting,
            agenda_item=agenda_item,
            order=order,
            kind=kind,
            text=text,
            is_public=is_public,
            **(counts or {}),
        )
        save_with_links(outcome, measures=measures)
        for municipality, choice in municipality_votes:
            save_validated(OutcomeVote(outcome=outcome, municipality=municipality, vote=choice))
        verdicts = [
            apply_outcome_status(
                measure=measure,
                to_status=new_status,
                outcome=outcome,
                date=meeting.date,
                note=status_note,
                contested=measure.pk in contested,
                keep_later_status=keep_later_status,
            )
            for measure in (measures if new_status else ())
        ]
        only_measure = measures[0] if len(measures) == 1 else None
        created = [
            create_task(
                cooperation=meeting.body.cooperation,
                title=draft.title,
                owner=draft.owner,
                due=settle_due(draft.due, after=meeting.date),
                measure=only_measure,
                origin_outcome=outcome,
                created_on=meeting.date,
                order=draft.order,
            )
            for draft in tasks
        ]
        # Read afresh under the lock: one closed meanwhile is refused, not closed twice.
        locked = Task.objects.select_for_update().filter(pk__in=[task.pk for task in closes])
        closed = [
            complete_task(task, on=meeting.date, outcome=outcome) for task in locked.order_by("pk")
        ]
    return RecordedOutcome(
        outcome=outcome,
        status_changes=tuple(verdict.change for verdict in verdicts if verdict.change),
        kept_statuses=tuple(
            (verdict.measure, verdict.reason) for verdict in verdicts if verdict.kept
        ),
        tasks=tuple(created),
        closed_tasks=tuple(closed),
    )


def is_published(meeting: Meeting) -> bool:
    """Whether citizens read the meeting's results: public and held (``public_outcomes``);
    from then on a correction is kept visibly."""
    return meeting.is_public and meeting.state == Meeting.State.HELD


def _remove_status_change(change: StatusChange) -> None:
    """Delete a status change a result caused, if it is still the measure's latest: the
    history only grows forward, a change in its middle would leave the next one starting
    from a status that never was. Call it inside the transaction that removes it."""
    latest = locked_latest_status_change(change.measure)
    if latest is not None and latest.pk != change.pk:
        raise ValidationError(
            {
                "new_status": _(
                    "The status of “%(measure)s” changed again on %(date)s, after this "
                    "result; correct that change first."
                )
                % {
                    "measure": change.measure.title,
                    "date": date_format(latest.date, "SHORT_DATE_FORMAT"),
                }
            }
        )
    change.delete()


def _set_votes(outcome: Outcome, pairs: Sequence) -> None:
    """The outcome's municipality votes made exactly ``pairs`` (municipality, vote):
    rows that stay as they were are not touched, so the history shows what changed."""
    wanted = {municipality.pk: (municipality, choice) for municipality, choice in pairs}
    for row in outcome.votes.select_for_update():
        if wanted.get(row.municipality_id, (None, None))[1] == row.vote:
            del wanted[row.municipality_id]
        else:
            row.delete()
    for municipality, choice in wanted.values():
        save_validated(OutcomeVote(outcome=outcome, municipality=municipality, vote=choice))


def correct_outcome(
    outcome: Outcome,
    *,
    version: int | None,
    kind: str,
    text: str,
    measures: Sequence = (),
    new_status: str | None = None,
    vote: Vote | None = None,
    keep_tasks: bool = True,
    by=None,
) -> Outcome:
    """Correct a recorded result (its kind, wording, measures, vote and the status it
    gives its measures), and what followed from it, if it is still at ``version`` (the
    version the form was based on); all or nothing. ``by`` is the user who corrects it.

    Side effects, in order, in one transaction:
    1. the outcome's row locked and its version checked (``VersionConflict`` when
       someone saved it since: nothing is stored);
    2. its status changes that the corrected result no longer implies deleted, each
       only while it is its measure's latest (else ValidationError at the new status);
       per measure that the result now gives ``new_status``, the status applied as
       ``record_outcome`` applies it (``apply_outcome_status``), dated the meeting's day;
    3. without ``keep_tasks``, the tasks it set (Task.origin_outcome) deleted;
    4. its municipality votes made those of ``vote`` (``settle_vote`` checks them);
    5. the Outcome row, validated first, and its measure links, with one history record
       that holds both (``save_with_links``); once the meeting is published (``is_published``), stamped with ``by``
       and the time, which the meeting's page, the public pages and the minutes show."""
    meeting = outcome.meeting
    _check_measures(meeting=meeting, measures=measures, new_status=new_status)
    counts, municipality_votes = settle_vote(vote, meeting=meeting)
    with transaction.atomic():
        check_version(outcome, version)
        still = {measure.pk for measure in measures} if new_status else set()
        kept = set()
        for change in outcome.status_changes.select_related("measure").order_by("pk"):
            if change.measure_id in still and change.to_status == new_status:
                kept.add(change.measure_id)
            else:
                _remove_status_change(change)
        for measure in measures:
            if measure.pk in still - kept:
                apply_outcome_status(
                    measure=measure, to_status=new_status, outcome=outcome, date=meeting.date,
                    note="", contested=False, keep_later_status=False,
                )  # fmt: skip
        if not keep_tasks:
            for task in outcome.tasks.all():
                task.delete()
        _set_votes(outcome, municipality_votes)
        outcome.kind, outcome.text = kind, text
        for field_name in VOTE_FIELDS.values():
            setattr(outcome, field_name, (counts or {}).get(field_name))
        if is_published(meeting):
            outcome.corrected_at, outcome.corrected_by = timezone.now(), by
        save_with_links(outcome, measures=measures)
    return outcome


def delete_outcome(outcome: Outcome, *, version: int | None) -> None:
    """Delete a recorded result and what followed from it, if it is still at
    ``version`` (the version its confirmation page was based on).

    Side effects, in one transaction:
    1. the outcome's row locked and its version checked (``VersionConflict`` when
       someone saved it since: nothing is deleted);
    2. the status changes it caused deleted, each only while it is its measure's
       latest (else ValidationError);
    3. the tasks it set deleted, one by one (each with its history record);
    4. the Outcome row with its municipality votes and measure links."""
    with transaction.atomic():
        check_version(outcome, version)
        for change in outcome.status_changes.select_related("measure").order_by("pk"):
            _remove_status_change(change)
        for task in outcome.tasks.all():
            task.delete()
        outcome.delete()


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
        .select_related("meeting__body", "meeting__location", "agenda_item", "corrected_by")
        .order_by("-meeting__date", "order")
    )


def is_public_outcome(outcome: Outcome) -> bool:
    """Whether anyone may read the outcome: the rule of ``public_outcomes`` for one row
    read with its meeting and agenda item."""
    meeting, item = outcome.meeting, outcome.agenda_item
    return (
        outcome.is_public
        and meeting.is_public
        and meeting.state == Meeting.State.HELD
        and (item is None or item.is_public)
    )


def publication_preview(outcomes, *, items: Collection, outcomes_chosen: Collection) -> list:
    """Of a meeting's ``outcomes``, those citizens will see once it is held and published
    with the topics ``items`` and the results ``outcomes_chosen`` public (ids, as
    strings or numbers): the rule of ``public_outcomes``, a result on an internal topic
    staying internal."""
    items, chosen = {str(pk) for pk in items}, {str(pk) for pk in outcomes_chosen}
    return [
        outcome
        for outcome in outcomes
        if str(outcome.pk) in chosen
        and (outcome.agenda_item_id is None or str(outcome.agenda_item_id) in items)
    ]


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
