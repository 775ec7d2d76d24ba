"""What the meeting pages read: a cooperation's meetings, a meeting's agenda, results,
attendance and parties, each with what its page shows of them in as few queries; and
the meetings that dealt with a measure, for the measure's page."""

from django.db.models import F, Prefetch, QuerySet

from ikz.core.domain import members_on
from ikz.core.models import Cooperation, Municipality, Person
from ikz.core.queries import people_of
from ikz.measures.models import TASK_OWNER_RELATIONS, Measure, StatusChange, Task
from ikz.measures.queries import history_of
from ikz.meetings.domain import is_public_outcome, party_key, public_outcomes
from ikz.meetings.models import AgendaItem, Attendance, Meeting, Outcome, OutcomeVote


def meetings_of(cooperation: Cooperation) -> QuerySet[Meeting]:
    return Meeting.objects.filter(body__cooperation=cooperation).select_related("body", "location")


def measure_titles() -> Prefetch:
    return Prefetch("measures", Measure.objects.only("title", "cooperation_id").order_by("title"))


# A topic's presenter as every page and document names it (``Person.__str__`` names the
# municipality or partner).
PRESENTER_RELATIONS = (
    "presenter_person__municipality",
    "presenter_person__partner",
    "presenter_municipality",
    "presenter_partner",
)


def agenda_of(meeting: Meeting) -> list[AgendaItem]:
    """The meeting's topics in order, with their presenters and measures as the pages
    show them (``Person.__str__`` names the municipality or partner)."""
    return list(
        AgendaItem.objects.filter(meeting=meeting)
        .select_related(*PRESENTER_RELATIONS)
        .prefetch_related(measure_titles())
        .order_by("order")
    )


def outcomes_of(meeting: Meeting) -> QuerySet[Outcome]:
    """The meeting's results in order, with their measures and the municipalities'
    votes."""
    return (
        Outcome.objects.filter(meeting=meeting)
        .select_related("corrected_by")
        .prefetch_related(
            measure_titles(),
            Prefetch(
                "votes",
                OutcomeVote.objects.select_related("municipality").order_by("municipality__name"),
            ),
        )
        .order_by("order")
    )


def chair_and_minute_taker_of(meeting: Meeting) -> tuple[Person | None, Person | None]:
    """The meeting's chair and minute-taker as the pages name them (with their
    municipality or partner), read in one query."""
    ids = {meeting.chair_id, meeting.minute_taker_id} - {None}
    people = people_of(meeting.body.cooperation).in_bulk(ids) if ids else {}
    return people.get(meeting.chair_id), people.get(meeting.minute_taker_id)


def attendances_of(meeting: Meeting) -> QuerySet[Attendance]:
    return (
        Attendance.objects.filter(meeting=meeting)
        .select_related("municipality", "partner")
        # Members first, then partners, each by name.
        .order_by(F("partner_id").asc(nulls_first=True), "municipality__name", "partner__name")
    )


def members_of(meeting: Meeting) -> QuerySet[Municipality]:
    """The cooperation's members on the meeting's day: who votes there."""
    return members_on(meeting.body.cooperation, meeting.date)


def parties_of(meeting: Meeting) -> list:
    """Whose attendance the meeting records: its members on the day, then the
    cooperation's partners."""
    return list(members_of(meeting)) + list(meeting.body.cooperation.partners.order_by("name"))


def attendance_by_party(meeting: Meeting) -> dict[tuple, Attendance]:
    """The meeting's attendance rows by ``party_key``."""
    return {party_key(row.party): row for row in Attendance.objects.filter(meeting=meeting)}


def publishable_items(meeting: Meeting) -> list[AgendaItem]:
    """The topics a coordinator chooses from to publish, in order."""
    return list(meeting.agenda_items.order_by("order"))


def publishable_outcomes(meeting: Meeting) -> list[Outcome]:
    """The results a coordinator chooses from to publish, in order, with their topics
    (a result on an internal topic stays internal)."""
    return list(meeting.outcomes.select_related("agenda_item", "corrected_by").order_by("order"))


def meetings_on(measure: Measure) -> list[Meeting]:
    """The meetings that dealt with the measure: on an agenda item or in a result."""
    # Their ids first, then the meetings by id: as a join or subquery, an OR over the
    # two lists of links leaves the database no index to start from, and it read every
    # meeting of the installation.
    ids = (
        AgendaItem.objects.filter(measures=measure)
        .order_by()
        .values_list("meeting_id", flat=True)
        .union(Outcome.objects.filter(measures=measure).order_by().values_list("meeting_id"))
    )
    return list(
        Meeting.objects.filter(pk__in=list(ids))
        .select_related("body", "location")
        .order_by("-date", "-start_time")
    )


def outcome_consequences(outcome: Outcome) -> tuple[list[StatusChange], list[Task]]:
    """What follows from a result, as its deletion page names it: the status changes it
    caused (with their measures) and the tasks it set (with their owners)."""
    changes = list(outcome.status_changes.select_related("measure").order_by("date", "pk"))
    tasks = list(outcome.tasks.select_related(*TASK_OWNER_RELATIONS).order_by("order", "pk"))
    return changes, tasks


def minutes_approval(meeting: Meeting) -> Meeting | None:
    """The meeting that approved ``meeting``'s minutes: the first one that recorded a
    decision on its approval topic (``add_minutes_approval``); None while they are not
    approved. Derived from that result, so a result corrected or removed corrects it."""
    return (
        Meeting.objects.filter(
            agenda_items__approves_minutes_of=meeting,
            agenda_items__outcomes__kind=Outcome.Kind.DECISION,
        )
        .order_by("date")
        .first()
    )


def public_meetings_of(cooperation: Cooperation) -> QuerySet[Meeting]:
    """The cooperation's public meetings (planned, held or cancelled), with what their
    headings name."""
    return meetings_of(cooperation).filter(is_public=True)


def public_measure_titles() -> Prefetch:
    """A topic's or result's measures as the public pages name them: the public ones."""
    return Prefetch(
        "measures",
        Measure.objects.filter(is_public=True).only("title", "cooperation_id").order_by("title"),
    )


def public_agenda_of(meeting: Meeting) -> list[AgendaItem]:
    """The meeting's public topics in order, with their presenters and public measures."""
    return list(
        AgendaItem.objects.filter(meeting=meeting, is_public=True)
        .select_related(*PRESENTER_RELATIONS)
        .prefetch_related(public_measure_titles())
        .order_by("order")
    )


def public_outcomes_of(meeting: Meeting) -> list[Outcome]:
    """The results of the meeting anyone may read (``public_outcomes``: none before it
    is held and published), in order, with their public measures and the votes."""
    return list(
        public_outcomes(meeting.body.cooperation)
        .filter(meeting=meeting)
        .prefetch_related(
            public_measure_titles(),
            Prefetch(
                "votes",
                OutcomeVote.objects.select_related("municipality").order_by("municipality__name"),
            ),
        )
        .order_by("order")
    )


def public_history_of(measure: Measure) -> list[StatusChange]:
    """The public measure's status changes, oldest first. Each is public with the
    measure; the result that caused it only where that result is public
    (``is_public_outcome``): otherwise ``public_outcome`` is None, and the change's note,
    written at that internal result, is left out too."""
    changes = history_of(measure)
    for change in changes:
        public = change.outcome is not None and is_public_outcome(change.outcome)
        change.public_outcome = change.outcome if public else None
        change.public_note = change.note if change.outcome is None or public else ""
    return changes
