"""The results of the held meetings: about ``Shape.outcomes`` a meeting, on
their topics and measures; those that change a measure's status go through
``record_outcome``; the Leitbild adopted by one of them."""

from collections import defaultdict

from ikz.core.domain import save_validated
from ikz.core.models import MissionStatement
from ikz.meetings.domain import record_outcome
from ikz.meetings.models import Meeting, Outcome
from ikz.sample.generator.meetings import meeting_words, next_meeting
from ikz.sample.generator.state import (
    CooperationState,
    PlannedResult,
    PlannedTopic,
    bulk,
    bulk_links,
)
from ikz.sample.generator.words import (
    CLOSING_RESULT,
    LEITBILD_TOPIC,
    MEASURE_RESULTS,
    OPENING_RESULT,
    STATUS_RESULTS,
    UNTOPICAL_RESULTS,
)


def add_outcomes(state: CooperationState) -> None:
    """Results in each meeting's order; a result that changes a status goes through
    ``record_outcome``, the others are collected and inserted in bulk just before
    it, so that its place (the end of the meeting's list) is the planned one.
    Meetings in date order keep every status history growing forward."""
    pending, links = [], []
    state.results = []
    mission = None
    for meeting in state.held:
        for order, result in enumerate(_plan_results(state, meeting), start=1):
            item = result.topic.item if result.topic else None
            if result.status:
                bulk(Outcome, pending)
                pending = []
                result.outcome = record_outcome(
                    meeting=meeting,
                    text=result.text,
                    kind=result.kind,
                    agenda_item=item,
                    measures=[result.plan.measure],
                    new_status=result.status,
                    is_public=result.is_public,
                ).outcome
            else:
                result.outcome = Outcome(
                    meeting=meeting,
                    agenda_item=item,
                    order=order,
                    kind=result.kind,
                    text=result.text,
                    is_public=result.is_public,
                )
                pending.append(result.outcome)
            if result.mission:
                mission = result
            state.results.append(result)
    bulk(Outcome, pending)
    for result in state.results:
        if result.plan is not None and not result.status:
            links.append(
                Outcome.measures.through(
                    outcome_id=result.outcome.pk, measure_id=result.plan.measure.pk
                )
            )
    bulk_links(Outcome, "measures", links)
    if mission is not None:
        _add_mission_statements(state, adopted_by=mission.outcome)


def _add_mission_statements(state: CooperationState, *, adopted_by: Outcome) -> None:
    """The Leitbild as adopted, and a later draft of its update."""
    save_validated(
        MissionStatement(
            cooperation=state.cooperation,
            version=1,
            text=(
                f"Die Kommunen der Region „{state.name}“ arbeiten zusammen, damit "
                "ihre Verwaltungen leistungsfähig bleiben, die Region für Fachkräfte "
                "und Familien attraktiv ist und Bürgerinnen und Bürger mitreden."
            ),
            adopted_on=adopted_by.meeting.date,
            adopted_by=adopted_by,
        )
    )
    save_validated(
        MissionStatement(
            cooperation=state.cooperation,
            version=2,
            text=(
                f"Fortschreibung: Die Region „{state.name}“ setzt zusätzlich auf "
                "Klimaschutz und gemeinsame Digitalisierung."
            ),
        )
    )


def _plan_results(state: CooperationState, meeting: Meeting) -> list[PlannedResult]:
    """About ``Shape.outcomes`` results in the agenda's order: one per status topic,
    one on most other topics, a second on some measure topics, at most one
    without a topic; no text twice in a meeting."""
    rng = state.rng
    topics = state.topics[meeting.pk]
    words = meeting_words(state, meeting)
    per_topic = defaultdict(list)
    used = set()
    for topic in topics:
        if topic.status:
            _bodies, kind, _titles, texts = STATUS_RESULTS[topic.status]
            text = rng.choice(texts).format(m=topic.plan.title, **words)
            used.add(text)
            per_topic[id(topic)].append(
                PlannedResult(topic, kind, text, topic.plan, topic.status, topic.is_public)
            )
    room = max(0, rng.randint(*state.shape.outcomes) - len(per_topic))
    untopical = 1 if room and rng.random() < 0.5 else 0
    room -= untopical
    candidates = [topic for topic in topics if not topic.status and topic.role != "opening"]
    chosen = candidates if room >= len(candidates) else rng.sample(candidates, room)
    seconds = [topic for topic in candidates if topic.plan is not None]
    if seconds:
        chosen = chosen + [rng.choice(seconds) for _n in range(room - len(chosen))]
    if rng.random() < 0.3:
        chosen.append(topics[0])
    for topic in chosen:
        result = _result(state, meeting, topic, words, used)
        if result is not None:
            used.add(result.text)
            per_topic[id(topic)].append(result)
    results = [result for topic in topics for result in per_topic[id(topic)]]
    if untopical:
        text = rng.choice(UNTOPICAL_RESULTS)
        if text not in used:
            results.insert(
                rng.randint(0, len(results)), PlannedResult(None, Outcome.Kind.INFORMATION, text)
            )
    return results


def _result(
    state: CooperationState, meeting: Meeting, topic: PlannedTopic, words: dict, used: set
) -> PlannedResult | None:
    """A result on ``topic`` whose text the meeting has not had yet, or None."""
    rng = state.rng
    public = topic.is_public
    if topic.role == "opening":
        return PlannedResult(topic, Outcome.Kind.INFORMATION, OPENING_RESULT, is_public=public)
    if topic.role == "closing":
        following = next_meeting(state, meeting.body_key, meeting.date)
        if following is None:
            return None
        text = CLOSING_RESULT.format(
            date=following.date.strftime("%d.%m.%Y"), place=following.location.name
        )
        return PlannedResult(topic, Outcome.Kind.INFORMATION, text, is_public=public)
    for _n in range(3):
        if topic.plan is not None:
            kind, _weight, texts = rng.choices(
                MEASURE_RESULTS, [weight for _k, weight, _t in MEASURE_RESULTS]
            )[0]
            text = rng.choice(texts).format(m=topic.plan.title, **words)
        else:
            kind, text = rng.choice(topic.results)
            text = text.format(**words)
        if text not in used:
            return PlannedResult(
                topic,
                kind,
                text,
                topic.plan,
                is_public=public,
                mission=topic.title == LEITBILD_TOPIC,
            )
    return None
