"""A measure's status is derived from its dated history of StatusChanges."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from ikz.measures.domain import (
    apply_outcome_status,
    change_status,
    change_status_by_hand,
    status_as_of,
)
from ikz.measures.models import Measure, StatusChange
from tests.factories import MeasureFactory, OutcomeFactory

MAY_11 = datetime.date(2020, 5, 11)
JUNE_16 = datetime.date(2020, 6, 16)
NEW_STATUS_ERROR = "Bitte geben Sie für die Statusänderung einen neuen Status an."


@pytest.mark.django_db
def test_status_as_of_without_changes_is_none():
    measure = MeasureFactory()

    assert (status_as_of(measure), status_as_of(measure, JUNE_16)) == (None, None)


@pytest.mark.django_db
def test_status_as_of_is_latest_change_on_or_before_the_day():
    measure = MeasureFactory()
    change_status(measure=measure, date=datetime.date(2020, 3, 1), to_status="idea")
    change_status(measure=measure, date=MAY_11, to_status="under_review")

    assert [
        status_as_of(measure, datetime.date(2020, 2, 29)),
        status_as_of(measure, datetime.date(2020, 3, 1)),
        status_as_of(measure, datetime.date(2020, 5, 10)),
        status_as_of(measure, MAY_11),
        status_as_of(measure, datetime.date(2020, 12, 31)),
    ] == [None, "idea", "idea", "under_review", "under_review"]


@pytest.mark.django_db
def test_status_as_of_a_past_date_ignores_later_changes():
    measure = MeasureFactory()
    change_status(measure=measure, date=MAY_11, to_status="decision_pending")
    change_status(measure=measure, date=JUNE_16, to_status="decided")

    assert status_as_of(measure, datetime.date(2020, 5, 31)) == "decision_pending"


@pytest.mark.django_db
def test_status_as_of_without_a_day_is_the_latest_recorded():
    measure = MeasureFactory()
    change_status(measure=measure, date=MAY_11, to_status="decision_pending")
    change_status(measure=measure, date=JUNE_16, to_status="decided")

    assert status_as_of(measure) == "decided"


@pytest.mark.django_db
def test_status_as_of_same_day_the_later_created_change_wins():
    measure = MeasureFactory()
    # Created in this order; the later one sorts first by name, so only creation order
    # can make it win.
    change_status(measure=measure, date=MAY_11, to_status="under_review")
    change_status(measure=measure, date=MAY_11, to_status="idea")

    assert status_as_of(measure, MAY_11) == "idea"


@pytest.mark.django_db
def test_status_as_of_a_later_created_change_with_an_earlier_date_does_not_win():
    measure = MeasureFactory()
    # Rows as a database may hold them from before the history only grew forward:
    # written directly, since change_status refuses the second one.
    StatusChange.objects.create(measure=measure, date=JUNE_16, to_status="decided")
    StatusChange.objects.create(
        measure=measure, date=MAY_11, from_status="decided", to_status="decision_pending"
    )

    assert status_as_of(measure, datetime.date(2020, 12, 31)) == "decided"


@pytest.mark.django_db
def test_status_as_of_after_prefetch_needs_no_queries(django_assert_num_queries):
    measure = MeasureFactory()
    change_status(measure=measure, date=MAY_11, to_status="decision_pending")
    change_status(measure=measure, date=JUNE_16, to_status="decided")
    fetched = Measure.objects.prefetch_related("status_changes").get(pk=measure.pk)

    with django_assert_num_queries(0):
        statuses = [
            status_as_of(fetched, datetime.date(2020, 5, 31)),
            status_as_of(fetched, JUNE_16),
            status_as_of(fetched),
        ]

    assert statuses == ["decision_pending", "decided", "decided"]


@pytest.mark.django_db
def test_change_status_first_change_has_empty_from():
    measure = MeasureFactory()

    change = change_status(measure=measure, to_status="under_review", date=MAY_11)

    assert (change.from_status, change.to_status, change.date) == ("", "under_review", MAY_11)


@pytest.mark.django_db
def test_change_status_sets_from_to_the_previous_status():
    measure = MeasureFactory()
    change_status(measure=measure, to_status="decision_pending", date=MAY_11)

    change = change_status(measure=measure, to_status="decided", date=JUNE_16)

    assert (change.from_status, change.to_status) == ("decision_pending", "decided")


@pytest.mark.django_db
def test_change_status_stores_note_and_outcome_and_becomes_the_status():
    measure = MeasureFactory()
    outcome = OutcomeFactory()

    change = change_status(
        measure=measure, to_status="decided", date=MAY_11, note="einstimmig", outcome=outcome
    )

    stored = StatusChange.objects.get(pk=change.pk)
    assert (stored.note, stored.outcome, status_as_of(measure, MAY_11)) == (
        "einstimmig",
        outcome,
        "decided",
    )


@pytest.mark.django_db
def test_change_status_on_the_same_day_as_the_latest_is_accepted():
    measure = MeasureFactory()
    change_status(measure=measure, to_status="decision_pending", date=MAY_11)

    change = change_status(measure=measure, to_status="decided", date=MAY_11)

    assert (change.from_status, status_as_of(measure, MAY_11)) == ("decision_pending", "decided")


@pytest.mark.django_db
def test_change_status_dated_before_the_latest_is_refused():
    measure = MeasureFactory(title="Zentralisierung Gewerbeamt")
    change_status(measure=measure, to_status="under_review", date=MAY_11)

    with pytest.raises(ValidationError) as excinfo:
        change_status(measure=measure, to_status="decided", date=datetime.date(2020, 5, 10))

    assert excinfo.value.message_dict == {
        "date": [
            "Der Status von „Zentralisierung Gewerbeamt“ wurde zuletzt am 11.05.2020 "
            "geändert. Eine neue Statusänderung kann nicht auf einen früheren Tag "
            "(10.05.2020) datiert werden."
        ]
    }


@pytest.mark.django_db
def test_change_status_refused_leaves_the_history_unchanged():
    measure = MeasureFactory()
    change_status(measure=measure, to_status="under_review", date=MAY_11)

    with pytest.raises(ValidationError):
        change_status(measure=measure, to_status="decided", date=datetime.date(2020, 5, 10))

    assert list(measure.status_changes.values_list("to_status", flat=True)) == ["under_review"]


@pytest.mark.django_db
def test_change_status_to_the_current_status_is_refused():
    measure = MeasureFactory()
    change_status(measure=measure, to_status="under_review", date=MAY_11)

    with pytest.raises(ValidationError) as excinfo:
        change_status(measure=measure, to_status="under_review", date=JUNE_16)

    assert (excinfo.value.message_dict, measure.status_changes.count()) == (
        {"__all__": [NEW_STATUS_ERROR]},
        1,
    )


@pytest.mark.django_db
def test_change_status_to_an_unknown_status_is_refused():
    measure = MeasureFactory()

    with pytest.raises(ValidationError) as excinfo:
        change_status(measure=measure, to_status="vergessen", date=MAY_11)

    assert excinfo.value.message_dict == {
        "to_status": ["Wert 'vergessen' ist keine gültige Option."]
    }


@pytest.mark.django_db
def test_status_change_from_equal_to_rejected_in_full_clean():
    change = StatusChange(
        measure=MeasureFactory(), date=MAY_11, from_status="decided", to_status="decided"
    )

    with pytest.raises(ValidationError) as excinfo:
        change.full_clean()

    assert excinfo.value.message_dict == {"__all__": [NEW_STATUS_ERROR]}


@pytest.mark.django_db
def test_status_change_from_equal_to_rejected_in_database():
    measure = MeasureFactory()

    with pytest.raises(IntegrityError), transaction.atomic():
        StatusChange.objects.create(
            measure=measure, date=MAY_11, from_status="decided", to_status="decided"
        )


@pytest.mark.django_db
@pytest.mark.parametrize(("from_status", "to_status"), [("", "idea"), ("idea", "decided")])
def test_status_change_to_a_new_status_is_accepted(from_status, to_status):
    change = StatusChange(
        measure=MeasureFactory(), date=MAY_11, from_status=from_status, to_status=to_status
    )

    change.full_clean()
    change.save()

    assert StatusChange.objects.get(pk=change.pk).to_status == to_status


@pytest.mark.django_db
def test_status_as_of_without_a_day_ignores_changes_dated_after_today():
    today = timezone.localdate()
    measure = MeasureFactory()
    change_status(measure=measure, date=today, to_status="decision_pending")
    change_status(measure=measure, date=today + datetime.timedelta(days=30), to_status="decided")

    assert status_as_of(measure) == "decision_pending"


# apply_outcome_status: a meeting's result decides each measure's status under its lock


def applied(
    measure, to_status="decided", *, outcome=None, contested=False, keep_later_status=False
):
    return apply_outcome_status(
        measure=measure,
        to_status=to_status,
        outcome=outcome or OutcomeFactory(),
        date=MAY_11,
        note="Beschluss der Lenkungsgruppe",
        contested=contested,
        keep_later_status=keep_later_status,
    )


@pytest.mark.django_db
def test_apply_outcome_status_changes_the_status_as_change_status_does():
    measure = MeasureFactory()
    change_status(measure=measure, to_status="under_review", date=datetime.date(2020, 4, 6))
    outcome = OutcomeFactory()

    verdict = applied(measure, outcome=outcome)

    change = measure.status_changes.get(date=MAY_11)
    assert (verdict.kind, verdict.change, verdict.kept, verdict.reason) == (
        "changed", change, False, "",
    )  # fmt: skip
    assert (change.from_status, change.to_status, change.note, change.outcome) == (
        "under_review", "decided", "Beschluss der Lenkungsgruppe", outcome,
    )  # fmt: skip


@pytest.mark.django_db
def test_apply_outcome_status_already_in_the_status_is_confirmed_and_changes_nothing():
    measure = MeasureFactory()
    change_status(measure=measure, to_status="decided", date=datetime.date(2020, 4, 6))

    verdict = applied(measure, contested=True)

    assert (verdict.kind, verdict.change, verdict.kept, verdict.reason) == (
        "confirmed", None, False, "",
    )  # fmt: skip
    assert measure.status_changes.count() == 1


@pytest.mark.django_db
def test_apply_outcome_status_contested_is_left_to_decide():
    measure = MeasureFactory()
    change_status(measure=measure, to_status="idea", date=datetime.date(2020, 4, 6))

    verdict = applied(measure, contested=True)

    assert (verdict.kind, verdict.change, verdict.kept, verdict.reason) == (
        "contested", None, True, "mehrere Ergebnisse, Status bleibt zu entscheiden",
    )  # fmt: skip
    assert status_as_of(measure, MAY_11) == "idea"


@pytest.mark.django_db
def test_apply_outcome_status_keeps_a_later_status_when_asked():
    measure = MeasureFactory()
    change_status(measure=measure, to_status="in_progress", date=JUNE_16)

    verdict = applied(measure, "under_review", keep_later_status=True)

    assert (verdict.kind, verdict.change, verdict.kept, verdict.reason) == (
        "later_kept", None, True, "ein späterer Status besteht, beibehalten",
    )  # fmt: skip
    assert list(measure.status_changes.values_list("to_status", flat=True)) == ["in_progress"]


@pytest.mark.django_db
def test_apply_outcome_status_before_a_later_status_is_refused_without_keeping_it():
    measure = MeasureFactory()
    change_status(measure=measure, to_status="in_progress", date=JUNE_16)

    with pytest.raises(ValidationError) as excinfo:
        applied(measure, "under_review")

    assert list(excinfo.value.message_dict) == ["date"]
    assert list(measure.status_changes.values_list("to_status", flat=True)) == ["in_progress"]


@pytest.mark.django_db
def test_apply_outcome_status_decides_on_the_stored_history_not_a_stale_prefetch():
    measure = MeasureFactory()
    stale = Measure.objects.prefetch_related("status_changes").get(pk=measure.pk)
    list(stale.status_changes.all())  # the prefetch knows no status yet
    change_status(measure=measure, to_status="decided", date=datetime.date(2020, 4, 6))

    verdict = applied(stale)

    assert (verdict.kind, measure.status_changes.count()) == ("confirmed", 1)


@pytest.mark.django_db
def test_apply_outcome_status_reads_the_latest_change_once_after_locking_the_measure():
    measure = MeasureFactory()
    change_status(measure=measure, to_status="idea", date=datetime.date(2020, 4, 6))
    outcome = OutcomeFactory()

    with CaptureQueriesContext(connection) as captured:
        applied(measure, outcome=outcome)

    reads = [
        query["sql"].split(" FROM ")[1].split()[0]
        for query in captured.captured_queries
        if query["sql"].startswith("SELECT") and " FROM " in query["sql"]
    ]
    statuschange = '"measures_statuschange"'
    assert reads.count(statuschange) == 1
    assert reads.index('"measures_measure"') < reads.index(statuschange)


@pytest.mark.django_db
def test_change_by_hand_compares_with_the_status_stored_since_the_page_read_it():
    measure = MeasureFactory()
    seen = Measure.objects.prefetch_related("status_changes").get(pk=measure.pk)
    assert status_as_of(seen, datetime.date(2020, 6, 1)) is None
    change_status_by_hand(
        measure=measure, to_status="on_hold", date=datetime.date(2020, 6, 1), reason="Haushalt"
    )

    with pytest.raises(ValidationError) as raised:
        change_status_by_hand(
            measure=seen, to_status="on_hold", date=datetime.date(2020, 6, 1), reason="Haushalt"
        )

    assert raised.value.message_dict == {"to_status": ["Die Maßnahme hat diesen Status schon."]}
    assert measure.status_changes.count() == 1
