"""A status report covers whole months and keeps its data snapshot once final."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from ikz.reports.models import StatusReport
from tests.factories import CooperationFactory, StatusReportFactory

START_ERROR = "Der Berichtszeitraum muss am ersten Tag eines Monats beginnen."
ORDER_ERROR = "Das Ende des Berichtszeitraums muss nach seinem Beginn liegen."
SNAPSHOT_ERROR = "Ein endgültiger Bericht behält seinen festgeschriebenen Datenstand."
ISSUED_AT = datetime.datetime(2020, 5, 25, 10, 0, tzinfo=datetime.UTC)


def report(**fields):
    return StatusReportFactory.build(cooperation=CooperationFactory(), **fields)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("start", "end"),
    [
        (datetime.date(2020, 4, 1), datetime.date(2020, 5, 31)),
        (datetime.date(2020, 6, 1), datetime.date(2020, 6, 30)),
        (datetime.date(2020, 7, 1), datetime.date(2020, 9, 30)),
        (datetime.date(2020, 2, 1), datetime.date(2020, 2, 29)),
    ],
    ids=["april-may", "june", "third-quarter", "leap-february"],
)
def test_status_report_whole_months_are_accepted(start, end):
    candidate = report(period_start=start, period_end=end)

    candidate.full_clean()
    candidate.save()

    stored = StatusReport.objects.get(pk=candidate.pk)
    assert (stored.period_start, stored.period_end, stored.state) == (start, end, "draft")


# Model validation refuses a start after the 1st; the database cannot check the day of
# a date with a function SQLite and PostgreSQL share, so it checks only the order.
START_NOT_FIRST = [
    pytest.param(
        datetime.date(2020, 4, 2), datetime.date(2020, 5, 31), START_ERROR, id="start-2nd"
    ),
    pytest.param(
        datetime.date(2020, 4, 30), datetime.date(2020, 5, 31), START_ERROR, id="start-30th"
    ),
]
END_BEFORE_START = [
    pytest.param(
        datetime.date(2020, 6, 1), datetime.date(2020, 5, 31), ORDER_ERROR, id="end-before"
    ),
]
INVALID_PERIODS = START_NOT_FIRST + END_BEFORE_START


@pytest.mark.django_db
def test_status_report_period_of_one_day_is_refused_as_not_whole_months():
    candidate = report(period_start=datetime.date(2020, 6, 1), period_end=datetime.date(2020, 6, 1))

    with pytest.raises(ValidationError) as excinfo:
        candidate.full_clean()

    # Django checks constraints only on fields without errors, so one message suffices.
    assert excinfo.value.message_dict == {
        "period_end": ["Der Berichtszeitraum muss am letzten Tag eines Monats enden."]
    }


@pytest.mark.django_db
@pytest.mark.parametrize(("start", "end", "message"), INVALID_PERIODS)
def test_status_report_invalid_period_rejected_in_full_clean(start, end, message):
    candidate = report(period_start=start, period_end=end)

    with pytest.raises(ValidationError) as excinfo:
        candidate.full_clean()

    assert excinfo.value.message_dict == {"__all__": [message]}


@pytest.mark.django_db
@pytest.mark.parametrize(("start", "end", "message"), END_BEFORE_START)
def test_status_report_period_ending_before_it_starts_rejected_in_database(start, end, message):
    cooperation = CooperationFactory()

    with pytest.raises(IntegrityError), transaction.atomic():
        StatusReport.objects.create(
            cooperation=cooperation,
            period_start=start,
            period_end=end,
            report_date=datetime.date(2020, 5, 25),
        )


@pytest.mark.django_db
def test_status_report_period_neither_starting_nor_ending_on_month_bounds_gives_both_messages():
    candidate = report(
        period_start=datetime.date(2020, 4, 2), period_end=datetime.date(2020, 5, 15)
    )

    with pytest.raises(ValidationError) as excinfo:
        candidate.full_clean()

    assert excinfo.value.message_dict == {
        "__all__": [START_ERROR],
        "period_end": ["Der Berichtszeitraum muss am letzten Tag eines Monats enden."],
    }


@pytest.mark.django_db
def test_status_report_period_ending_mid_month_is_rejected():
    candidate = report(
        period_start=datetime.date(2020, 4, 1), period_end=datetime.date(2020, 5, 15)
    )

    with pytest.raises(ValidationError):
        candidate.full_clean()


@pytest.mark.django_db
def test_status_report_final_with_snapshot_is_accepted():
    candidate = report(state="final", snapshot={"meetings": []}, issued_at=ISSUED_AT)

    candidate.full_clean()
    candidate.save()

    stored = StatusReport.objects.get(pk=candidate.pk)
    assert (stored.state, stored.snapshot, stored.issued_at) == (
        "final",
        {"meetings": []},
        ISSUED_AT,
    )


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("snapshot", "issued_at"),
    [(None, None), (None, ISSUED_AT), ({"meetings": []}, None)],
    ids=["neither", "without-snapshot", "without-issue-time"],
)
def test_status_report_final_without_snapshot_rejected_in_full_clean(snapshot, issued_at):
    candidate = report(state="final", snapshot=snapshot, issued_at=issued_at)

    with pytest.raises(ValidationError) as excinfo:
        candidate.full_clean()

    assert excinfo.value.message_dict == {"__all__": [SNAPSHOT_ERROR]}


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("snapshot", "issued_at"),
    [(None, None), (None, ISSUED_AT), ({"meetings": []}, None)],
    ids=["neither", "without-snapshot", "without-issue-time"],
)
def test_status_report_final_without_snapshot_rejected_in_database(snapshot, issued_at):
    cooperation = CooperationFactory()

    with pytest.raises(IntegrityError), transaction.atomic():
        StatusReport.objects.create(
            cooperation=cooperation,
            period_start=datetime.date(2020, 4, 1),
            period_end=datetime.date(2020, 5, 31),
            report_date=datetime.date(2020, 5, 25),
            state="final",
            snapshot=snapshot,
            issued_at=issued_at,
        )


@pytest.mark.django_db
def test_status_report_draft_needs_no_snapshot():
    candidate = report(state="draft", snapshot=None, issued_at=None)

    candidate.full_clean()
    candidate.save()

    assert StatusReport.objects.get(pk=candidate.pk).snapshot is None


@pytest.mark.django_db
def test_status_report_title_defaults_to_cooperation_and_months():
    candidate = StatusReportFactory(cooperation=CooperationFactory(name="Partheland"))

    assert str(candidate) == "Partheland 04/2020–05/2020"
