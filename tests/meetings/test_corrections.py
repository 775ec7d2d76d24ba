"""Correcting what was recorded (ikz.meetings.domain): a meeting's data, a topic, a
result with what followed from it, and deleting a result; each with its version, each
change in the history, and a correction after publication stamped visibly."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from ikz.core.versions import VersionConflict, current_version
from ikz.measures.domain import Due, change_status, status_as_of
from ikz.measures.models import MeasureStatus, StatusChange, Task
from ikz.meetings.domain import (
    TaskDraft,
    Vote,
    add_agenda_item,
    correct_outcome,
    delete_outcome,
    edit_agenda_item,
    edit_meeting,
    record_outcome,
    schedule_meeting,
)
from ikz.meetings.models import AgendaItem, Meeting, Outcome, OutcomeVote
from tests.factories import (
    BodyFactory,
    CooperationFactory,
    MeasureFactory,
    ParticipationFactory,
    PersonFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

MAY_11 = datetime.date(2020, 5, 11)
JUNE_16 = datetime.date(2020, 6, 16)


@pytest.fixture
def cooperation():
    return CooperationFactory()


@pytest.fixture
def meeting(cooperation):
    """A held meeting, not published."""
    body = BodyFactory(cooperation=cooperation, name="Projektleitungsgruppe")
    return schedule_meeting(body=body, date=MAY_11, number=7, state=Meeting.State.HELD)


@pytest.fixture
def measures(cooperation):
    return [MeasureFactory(cooperation=cooperation, title=title) for title in ("Archiv", "Bauhof")]


def decision(meeting, measures, **kwargs):
    """A decision on both measures that makes them "decided" and sets a task."""
    return record_outcome(
        meeting=meeting,
        text="Die Lenkungsgruppe beschließt das Archiv.",
        kind=Outcome.Kind.DECISION,
        measures=measures,
        new_status=MeasureStatus.DECIDED,
        tasks=[TaskDraft("Vorlage erstellen", due=Due.in_month(2020, 6))],
        **kwargs,
    ).outcome


def correct(outcome, **changes):
    """``correct_outcome`` with the outcome's data as it is, and ``changes``."""
    fields = {
        "version": current_version(outcome),
        "kind": outcome.kind,
        "text": outcome.text,
        "measures": list(outcome.measures.all()),
        "new_status": None,
    } | changes
    return correct_outcome(outcome, **fields)


# edit_meeting


def test_a_planned_meeting_without_start_time_gets_one(cooperation):
    body = BodyFactory(cooperation=cooperation, name="Lenkungsgruppe")
    planned = schedule_meeting(body=body, date=JUNE_16)

    edit_meeting(
        planned, version=current_version(planned), date=JUNE_16, number=3,
        start_time=datetime.time(16), end_time=datetime.time(18), venue="Rathaus Großpösna",
    )  # fmt: skip

    planned.refresh_from_db()
    assert (planned.number, planned.start_time, planned.end_time, planned.venue) == (
        3,
        datetime.time(16),
        datetime.time(18),
        "Rathaus Großpösna",
    )
    assert [record.history_type for record in planned.history.order_by("history_id")] == ["+", "~"]


def test_editing_a_meeting_based_on_an_older_version_is_refused(meeting):
    version = current_version(meeting)
    edit_meeting(meeting, version=version, date=MAY_11, number=7, venue="Rathaus")

    with pytest.raises(VersionConflict):
        edit_meeting(meeting, version=version, date=MAY_11, number=8)

    meeting.refresh_from_db()
    assert (meeting.number, meeting.venue) == (7, "Rathaus")


def test_a_meeting_moved_to_another_day_takes_its_status_changes_along(meeting, measures):
    decision(meeting, measures)

    edit_meeting(meeting, version=current_version(meeting), date=datetime.date(2020, 5, 12))

    assert set(StatusChange.objects.values_list("date", flat=True)) == {datetime.date(2020, 5, 12)}


def test_a_meeting_cannot_move_past_another_status_change_of_its_measures(meeting, measures):
    decision(meeting, measures[:1])
    change_status(
        measure=measures[0], to_status=MeasureStatus.IN_PROGRESS, date=datetime.date(2020, 6, 1)
    )

    with pytest.raises(ValidationError) as refused:
        edit_meeting(meeting, version=current_version(meeting), date=datetime.date(2020, 6, 2))

    assert refused.value.message_dict["date"] == [
        "Der Status von „Archiv“ hat sich auch am 01.06.2020 geändert; ein Ergebnis dieser "
        "Sitzung hat ihn geändert, daher kann die Sitzung nicht über diesen Tag hinaus "
        "verlegt werden."
    ]
    meeting.refresh_from_db()
    assert meeting.date == MAY_11


# edit_agenda_item


def test_a_topic_is_corrected_with_its_presenter_and_measures(meeting, measures):
    item = add_agenda_item(meeting=meeting, title="Archv", measures=measures)
    presenter = PersonFactory(
        cooperation=meeting.body.cooperation,
        municipality=ParticipationFactory(cooperation=meeting.body.cooperation).municipality,
    )

    edit_agenda_item(
        item, version=current_version(item), title="Archiv", presenter=presenter,
        measures=measures[1:],
    )  # fmt: skip

    item = AgendaItem.objects.get(pk=item.pk)
    assert (item.title, item.presenter, list(item.measures.all())) == (
        "Archiv",
        presenter,
        measures[1:],
    )


def test_a_topic_moved_since_the_form_was_opened_is_not_overwritten(meeting):
    item = add_agenda_item(meeting=meeting, title="Archiv")
    version = current_version(item)
    edit_agenda_item(item, version=version, title="Archiv der Gemeinden")

    with pytest.raises(VersionConflict):
        edit_agenda_item(item, version=version, title="Bauhof")

    assert AgendaItem.objects.get(pk=item.pk).title == "Archiv der Gemeinden"


# correct_outcome


def test_correcting_the_status_replaces_the_status_changes_of_the_result(meeting, measures):
    outcome = decision(meeting, measures)

    correct(outcome, measures=measures[:1], new_status=MeasureStatus.UNDER_REVIEW)

    changes = StatusChange.objects.filter(outcome=outcome)
    assert [(c.measure.title, c.from_status, c.to_status) for c in changes] == [
        ("Archiv", "", MeasureStatus.UNDER_REVIEW)
    ]
    assert status_as_of(measures[0], MAY_11) == MeasureStatus.UNDER_REVIEW
    assert status_as_of(measures[1], MAY_11) is None


def test_correcting_only_the_wording_keeps_the_status_changes(meeting, measures):
    outcome = decision(meeting, measures)
    before = set(StatusChange.objects.values_list("pk", flat=True))

    correct(outcome, text="Die Lenkungsgruppe beschließt das Archiv und den Bauhof.",
            new_status=MeasureStatus.DECIDED)  # fmt: skip

    assert set(StatusChange.objects.values_list("pk", flat=True)) == before
    assert Outcome.objects.get(pk=outcome.pk).text.endswith("und den Bauhof.")


def test_a_status_change_followed_by_a_later_one_is_not_replaced(meeting, measures):
    outcome = decision(meeting, measures[:1])
    change_status(
        measure=measures[0], to_status=MeasureStatus.IN_PROGRESS, date=datetime.date(2020, 6, 1)
    )

    with pytest.raises(ValidationError) as refused:
        correct(outcome, new_status=None, text="Anders")

    assert refused.value.message_dict["new_status"] == [
        "Der Status von „Archiv“ hat sich nach diesem Ergebnis am 01.06.2020 erneut geändert; "
        "berichtigen Sie zuerst diese Änderung."
    ]
    assert Outcome.objects.get(pk=outcome.pk).text == "Die Lenkungsgruppe beschließt das Archiv."
    assert StatusChange.objects.filter(outcome=outcome).count() == 1


@pytest.mark.parametrize("keep_tasks, titles", [(True, ["Vorlage erstellen"]), (False, [])])
def test_the_tasks_of_a_corrected_result_are_kept_or_removed(meeting, measures, keep_tasks, titles):
    outcome = decision(meeting, measures)

    correct(outcome, new_status=MeasureStatus.DECIDED, keep_tasks=keep_tasks)

    assert list(Task.objects.values_list("title", flat=True)) == titles


def test_the_vote_is_corrected_through_the_municipalities_votes(cooperation, meeting):
    towns = [ParticipationFactory(cooperation=cooperation).municipality for _ in range(2)]
    outcome = record_outcome(
        meeting=meeting, text="Beschluss", vote=Vote(by_municipality=((towns[0], "yes"),))
    ).outcome

    correct(outcome, vote=Vote(by_municipality=((towns[0], "yes"), (towns[1], "no"))))

    outcome.refresh_from_db()
    assert (outcome.votes_yes, outcome.votes_no, outcome.votes_abstain) == (1, 1, 0)
    assert sorted(OutcomeVote.objects.values_list("vote", flat=True)) == ["no", "yes"]
    # The first town's vote stayed as it was: one record, its creation.
    assert OutcomeVote.history.filter(municipality=towns[0]).count() == 1


def test_a_wrong_vote_refuses_the_whole_correction(meeting, measures):
    outcome = decision(meeting, measures)

    with pytest.raises(ValidationError):
        correct(outcome, text="Anders", vote=Vote(yes=-1))

    assert Outcome.objects.get(pk=outcome.pk).text == "Die Lenkungsgruppe beschließt das Archiv."
    assert Task.objects.count() == 1


def test_a_result_corrected_since_the_form_was_opened_is_not_overwritten(meeting, measures):
    outcome = decision(meeting, measures)
    version = current_version(outcome)
    correct(outcome, text="Erste Berichtigung", new_status=MeasureStatus.DECIDED)

    with pytest.raises(VersionConflict):
        correct(outcome, version=version, text="Zweite Berichtigung", keep_tasks=False)

    assert Outcome.objects.get(pk=outcome.pk).text == "Erste Berichtigung"
    assert StatusChange.objects.count() == 2
    assert Task.objects.count() == 1


def test_every_correction_is_in_the_history(meeting, measures):
    outcome = decision(meeting, measures)

    correct(outcome, text="Berichtigt", keep_tasks=False)

    assert [r.text for r in outcome.history.order_by("history_id")] == [
        "Die Lenkungsgruppe beschließt das Archiv.",
        "Berichtigt",
    ]
    assert list(StatusChange.history.filter(history_type="-").values_list("to_status", flat=True))\
        == [MeasureStatus.DECIDED, MeasureStatus.DECIDED]  # fmt: skip
    assert Task.history.filter(history_type="-").count() == 1


def test_a_correction_before_publication_is_not_stamped(meeting, measures):
    outcome = decision(meeting, measures)

    correct(outcome, text="Berichtigt", by=UserFactory())

    outcome.refresh_from_db()
    assert (outcome.corrected_at, outcome.corrected_by, outcome.correction_note()) == (
        None,
        None,
        "",
    )


def test_a_correction_after_publication_is_stamped_with_who_and_when(meeting, measures):
    meeting.is_public = True
    meeting.save()
    outcome = decision(meeting, measures)
    karin = UserFactory(first_name="Karin", last_name="Koch")

    correct(outcome, text="Berichtigt", by=karin)

    outcome.refresh_from_db()
    assert outcome.corrected_by == karin
    assert outcome.correction_note().startswith("Berichtigt am ")
    assert outcome.correction_note().endswith(" von Karin Koch")


# delete_outcome


def test_deleting_a_result_deletes_its_status_changes_tasks_and_votes(
    cooperation, meeting, measures
):
    town = ParticipationFactory(cooperation=cooperation).municipality
    outcome = decision(meeting, measures, vote=Vote(by_municipality=((town, "yes"),)))

    delete_outcome(outcome, version=current_version(outcome))

    assert (Outcome.objects.count(), StatusChange.objects.count(), Task.objects.count()) == (
        0,
        0,
        0,
    )
    assert OutcomeVote.objects.count() == 0
    assert status_as_of(measures[0], MAY_11) is None
    assert Outcome.history.filter(history_type="-").count() == 1


def test_a_result_changed_since_its_deletion_page_opened_stays(meeting, measures):
    outcome = decision(meeting, measures)
    version = current_version(outcome)
    correct(outcome, text="Berichtigt", new_status=MeasureStatus.DECIDED)

    with pytest.raises(VersionConflict):
        delete_outcome(outcome, version=version)

    assert Outcome.objects.count() == 1
