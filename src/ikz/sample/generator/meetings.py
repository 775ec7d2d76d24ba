"""The meetings: each body's meetings over the years (planned with the portfolio, saved
here), their agendas with the measures their topics are on, and who attended; and
what later steps ask of them (the next meeting of a body, a body's words)."""

import datetime
from bisect import bisect_right
from collections import defaultdict

from ikz.core.models import Partner, Person
from ikz.measures.models import MeasureStatus
from ikz.meetings.models import AgendaItem, Attendance, Meeting, Outcome
from ikz.sample.generator.state import CooperationState, PlannedTopic, bulk, bulk_links
from ikz.sample.generator.words import (
    BODIES,
    CLOSING,
    DECIDES,
    GENERIC_TOPICS,
    LEITBILD_RESULT,
    LEITBILD_TOPIC,
    MEASURE_TOPICS,
    MEETING_TITLES,
    OPENING,
    OPENING_DEFAULT,
    PHASES,
    STATUS_RESULTS,
    SUBJECT,
    VENUES,
)

PUBLIC_SHARE = {"steering": 0.5, "project": 0.3, "admin": 0.2, "economy": 0.2, "citizens": 1.0}


def plan_meetings(state: CooperationState) -> list[Meeting]:
    """Each body's meetings spread evenly over the years, unsaved, in date order."""
    rng = state.rng
    total_days = (state.end - state.start).days
    meetings = []
    for body_index, (key, _name, _kind, per_year, times, _description) in enumerate(BODIES):
        count = max(1, round(per_year * state.shape.years * state.shape.meeting_rate))
        slot = total_days / count
        for index in range(count):
            offset = int(index * slot) + rng.randint(0, max(0, int(slot) - 5))
            date = state.start + datetime.timedelta(days=offset)
            while date.weekday() > 3:  # Monday to Thursday
                date += datetime.timedelta(days=1)
            if date >= state.end:
                break
            if date < state.as_of:
                state_of_meeting = (
                    Meeting.State.CANCELLED if rng.random() < 0.06 else Meeting.State.HELD
                )
            elif (date - state.as_of).days < 30:
                state_of_meeting = Meeting.State.INVITED
            else:
                state_of_meeting = Meeting.State.PLANNED
            place = (
                state.municipalities[(index + body_index) % len(state.municipalities)]
                if key in ("steering", "project")
                else rng.choice(state.municipalities)
            )
            title = rng.choice(MEETING_TITLES.get(key, [""]))
            meeting = Meeting(
                body=state.bodies[key],
                title=title,
                date=date,
                start_time=datetime.time(times[0], times[1]),
                end_time=datetime.time(times[2], times[3]),
                location=place,
                venue=rng.choice(VENUES).format(place=place.name) if rng.random() < 0.7 else "",
                state=state_of_meeting,
                is_public=rng.random() < PUBLIC_SHARE[key],
            )
            meeting.body_key = key
            meeting.body_index = body_index
            meetings.append(meeting)
    meetings.sort(key=lambda meeting: (meeting.date, meeting.body_index))
    numbers = defaultdict(int)
    for meeting in meetings:
        if meeting.state != Meeting.State.CANCELLED:
            numbers[meeting.body_key] += 1
            meeting.number = numbers[meeting.body_key]
    return meetings


def add_meetings(state: CooperationState) -> None:
    """The planned meetings as rows, with their agenda items and attendance."""
    _save_meetings(state)
    _add_agendas(state)
    _add_attendance(state)


def next_meeting(state: CooperationState, body_key: str, after: datetime.date) -> Meeting | None:
    meetings = state.by_body[body_key]
    index = bisect_right([meeting.date for meeting in meetings], after)
    return meetings[index] if index < len(meetings) else None


def meeting_words(state: CooperationState, meeting: Meeting) -> dict:
    """What the texts of a meeting's topics and results fill in: its body's subject
    and verb, the coming year, the cooperation's name."""
    key = meeting.body_key
    return {
        "Subject": SUBJECT[key],
        "subject": SUBJECT[key][0].lower() + SUBJECT[key][1:],
        "decides": DECIDES[key],
        "year": meeting.date.year + 1,
        "name": state.name,
    }


def _save_meetings(state: CooperationState) -> None:
    # Saving loses the planning attributes; they are kept beside the rows.
    planned = state.planned_meetings
    keys = [(meeting.body_key, meeting.body_index) for meeting in planned]
    meetings = bulk(Meeting, planned)
    for meeting, (key, body_index) in zip(meetings, keys, strict=True):
        meeting.body_key, meeting.body_index = key, body_index
    state.meetings = meetings
    state.held = [meeting for meeting in meetings if meeting.state == Meeting.State.HELD]
    state.by_body = defaultdict(list)
    for meeting in meetings:
        if meeting.state != Meeting.State.CANCELLED:
            state.by_body[meeting.body_key].append(meeting)


def _add_agendas(state: CooperationState) -> None:
    leitbild_day = state.start + (state.as_of - state.start) * 0.15
    leitbild_meeting = next(
        (m for m in state.held if m.body_key == "steering" and m.date >= leitbild_day), None
    )
    state.topics = {}
    items, links = [], []
    held_position = {meeting.pk: index for index, meeting in enumerate(state.held)}
    for meeting in state.meetings:
        if meeting.state == Meeting.State.CANCELLED:
            continue
        events = state.status_events.get(held_position.get(meeting.pk), [])
        topics = _plan_agenda(state, meeting, events, leitbild=meeting is leitbild_meeting)
        state.topics[meeting.pk] = topics
        for order, topic in enumerate(topics, start=1):
            topic.item = AgendaItem(
                meeting=meeting,
                order=order,
                number=str(order),
                title=topic.title,
                is_public=topic.is_public,
                presenter_person=topic.presenter if isinstance(topic.presenter, Person) else None,
                presenter_partner=topic.presenter if isinstance(topic.presenter, Partner) else None,
            )
            items.append(topic.item)
    bulk(AgendaItem, items)
    for topics in state.topics.values():
        for topic in topics:
            if topic.plan is not None:
                links.append(
                    AgendaItem.measures.through(
                        agendaitem_id=topic.item.pk, measure_id=topic.plan.measure.pk
                    )
                )
    bulk_links(AgendaItem, "measures", links)


def _add_attendance(state: CooperationState) -> None:
    """Who attended each held meeting: every member municipality, mostly present,
    now and then excused."""
    rows = [
        Attendance(
            meeting=meeting,
            municipality=municipality,
            state=Attendance.State.PRESENT
            if state.attendance_rng.random() < 0.9
            else Attendance.State.EXCUSED,
        )
        for meeting in state.held
        for municipality in state.municipalities
    ]
    bulk(Attendance, rows)


def _plan_agenda(
    state: CooperationState, meeting: Meeting, events: list, *, leitbild: bool
) -> list[PlannedTopic]:
    """The opening, a topic per status the meeting gives, the Leitbild where it is
    adopted, generic topics and measures under way, the closing."""
    rng = state.rng
    key = meeting.body_key
    words = meeting_words(state, meeting)
    topics = [PlannedTopic(OPENING.get(key, OPENING_DEFAULT), role="opening")]
    for plan, status in events:
        title = rng.choice(STATUS_RESULTS[status][2]).format(m=plan.title)
        topics.append(
            PlannedTopic(title, plan=plan, status=status, presenter=_presenter(state, key))
        )
    if leitbild:
        topics.append(
            PlannedTopic(LEITBILD_TOPIC, results=[(Outcome.Kind.DECISION, LEITBILD_RESULT)])
        )
    wanted = rng.randint(*state.shape.agenda_items)
    generic = [topic for topic in GENERIC_TOPICS if key in topic[1]]
    for title, _bodies, results in rng.sample(generic, min(len(generic), rng.randint(1, 3))):
        topics.append(PlannedTopic(title.format(**words), results=results))
    day = min(meeting.date, state.as_of)
    busy = {plan for plan, _status in events}
    active = [
        plan
        for plan in state.plans
        if plan not in busy and plan.active_on(day) and plan.discussed_by(key)
    ]
    room = max(0, wanted - len(topics) - 1)
    for plan in rng.sample(active, min(room, len(active))):
        # A measure whose first status is recorded on this very day counts as an idea.
        phase = PHASES[plan.status_before(day) or MeasureStatus.IDEA]
        title = rng.choice(MEASURE_TOPICS[phase]).format(
            m=plan.title, partner=state.consultancy.name
        )
        presenter = state.consultancy if "durch" in title else _presenter(state, key)
        topics.append(PlannedTopic(title, plan=plan, presenter=presenter))
    # The opening first and the closing last; what lies between in a mixed order.
    middle = topics[1:]
    rng.shuffle(middle)
    for topic in middle:
        topic.is_public = rng.random() < 0.9
    return [topics[0], *middle, PlannedTopic(CLOSING, role="closing")]


def _presenter(state: CooperationState, body_key: str) -> Person | Partner | None:
    """Who presents a topic: now a member of the body, now the consultancy, mostly
    no one named."""
    draw = state.rng.random()
    if draw < 0.3:
        return state.rng.choice(state.members[body_key])
    if draw < 0.4:
        return state.consultancy
    return None
