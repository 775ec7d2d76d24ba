"""Constraints of measures and funding, in full_clean (the user's message) and in the
database (the last line of defence)."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from ikz.measures.models import FundingApplication, FundingProgram, Measure
from tests.factories import CooperationFactory, MeasureFactory
from tests.measures.factories import FundingApplicationFactory, FundingProgramFactory

PROGRESS_FIELD_ERROR = "Dieser Wert muss kleiner oder gleich 100 sein."
PLANNED_END_ERROR = "Das geplante Ende liegt vor dem geplanten Beginn."
TITLE_ERROR = "Eine Maßnahme mit diesem Titel ist bereits vorhanden."
OWN_PARENT_ERROR = "Eine Maßnahme kann nicht Teil ihrer selbst sein."
RATE_ERROR = "Der Fördersatz muss zwischen 0 und 100 % liegen."
WINDOW_ERROR = "Das Ende der Antragsfrist liegt vor ihrem Beginn."
PAID_ERROR = "Der ausgezahlte Betrag darf den bewilligten Betrag nicht übersteigen."

START = datetime.date(2020, 6, 1)


@pytest.mark.django_db
@pytest.mark.parametrize("progress", [0, 55, 100])
def test_measure_progress_up_to_100_is_accepted(progress):
    measure = MeasureFactory.build(cooperation=CooperationFactory(), progress=progress)

    measure.full_clean()
    measure.save()

    assert Measure.objects.get(pk=measure.pk).progress == progress


@pytest.mark.django_db
def test_measure_progress_above_100_rejected_in_full_clean():
    measure = MeasureFactory.build(cooperation=CooperationFactory(), progress=101)

    with pytest.raises(ValidationError) as excinfo:
        measure.full_clean()

    assert excinfo.value.message_dict == {"progress": [PROGRESS_FIELD_ERROR]}


@pytest.mark.django_db
def test_measure_progress_above_100_rejected_in_database():
    cooperation = CooperationFactory()

    with pytest.raises(IntegrityError), transaction.atomic():
        Measure.objects.create(cooperation=cooperation, title="Stellenbörse", progress=101)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("start", "end"),
    [(START, START), (START, datetime.date(2020, 12, 31)), (None, START), (START, None)],
)
def test_measure_planned_end_on_or_after_start_is_accepted(start, end):
    measure = MeasureFactory.build(
        cooperation=CooperationFactory(), planned_start=start, planned_end=end
    )

    measure.full_clean()
    measure.save()

    assert Measure.objects.get(pk=measure.pk).planned_end == end


@pytest.mark.django_db
def test_measure_planned_end_before_start_rejected_in_full_clean():
    measure = MeasureFactory.build(
        cooperation=CooperationFactory(),
        planned_start=START,
        planned_end=datetime.date(2020, 5, 31),
    )

    with pytest.raises(ValidationError) as excinfo:
        measure.full_clean()

    assert excinfo.value.message_dict == {"__all__": [PLANNED_END_ERROR]}


@pytest.mark.django_db
def test_measure_planned_end_before_start_rejected_in_database():
    cooperation = CooperationFactory()

    with pytest.raises(IntegrityError), transaction.atomic():
        Measure.objects.create(
            cooperation=cooperation,
            title="Stellenbörse",
            planned_start=START,
            planned_end=datetime.date(2020, 5, 31),
        )


@pytest.mark.django_db
def test_measure_title_twice_in_a_cooperation_rejected_in_full_clean():
    existing = MeasureFactory(title="Online-Stadtplan")
    measure = MeasureFactory.build(cooperation=existing.cooperation, title="Online-Stadtplan")

    with pytest.raises(ValidationError) as excinfo:
        measure.full_clean()

    assert excinfo.value.message_dict == {"__all__": [TITLE_ERROR]}


@pytest.mark.django_db
def test_measure_title_twice_in_a_cooperation_rejected_in_database():
    existing = MeasureFactory(title="Online-Stadtplan")

    with pytest.raises(IntegrityError), transaction.atomic():
        Measure.objects.create(cooperation=existing.cooperation, title="Online-Stadtplan")


@pytest.mark.django_db
def test_measure_same_title_in_another_cooperation_is_accepted():
    MeasureFactory(title="Online-Stadtplan")
    measure = MeasureFactory.build(cooperation=CooperationFactory(), title="Online-Stadtplan")

    measure.full_clean()
    measure.save()

    assert Measure.objects.filter(title="Online-Stadtplan").count() == 2


@pytest.mark.django_db
def test_measure_with_another_parent_is_accepted():
    parent = MeasureFactory(title="Personal Sharing")
    child = MeasureFactory.build(
        cooperation=parent.cooperation, parent=parent, title="Personal Sharing Archiv"
    )

    child.full_clean()
    child.save()

    assert list(parent.children.all()) == [child]


@pytest.mark.django_db
def test_measure_its_own_parent_rejected_in_full_clean():
    measure = MeasureFactory()
    measure.parent = measure

    with pytest.raises(ValidationError) as excinfo:
        measure.full_clean()

    assert excinfo.value.message_dict == {"__all__": [OWN_PARENT_ERROR]}


@pytest.mark.django_db
def test_measure_its_own_parent_rejected_in_database():
    measure = MeasureFactory()

    with pytest.raises(IntegrityError), transaction.atomic():
        Measure.objects.filter(pk=measure.pk).update(parent_id=measure.pk)


# Funding programmes and applications


@pytest.mark.django_db
@pytest.mark.parametrize("rate", [None, Decimal("0.01"), Decimal("75"), Decimal("100")])
def test_funding_program_rate_within_0_and_100_is_accepted(rate):
    program = FundingProgramFactory.build(rate_percent=rate)

    program.full_clean()
    program.save()

    assert FundingProgram.objects.get(pk=program.pk).rate_percent == rate


@pytest.mark.django_db
@pytest.mark.parametrize("rate", [Decimal("0"), Decimal("-10"), Decimal("100.01")])
def test_funding_program_rate_outside_0_and_100_rejected_in_full_clean(rate):
    program = FundingProgramFactory.build(rate_percent=rate)

    with pytest.raises(ValidationError) as excinfo:
        program.full_clean()

    assert excinfo.value.message_dict == {"__all__": [RATE_ERROR]}


@pytest.mark.django_db
@pytest.mark.parametrize("rate", [Decimal("0"), Decimal("-10"), Decimal("100.01")])
def test_funding_program_rate_outside_0_and_100_rejected_in_database(rate):
    with pytest.raises(IntegrityError), transaction.atomic():
        FundingProgram.objects.create(name="LEADER", funder="EU", rate_percent=rate)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("opens", "closes"),
    [(START, START), (START, datetime.date(2020, 9, 30)), (None, START), (START, None)],
)
def test_funding_program_window_in_order_is_accepted(opens, closes):
    program = FundingProgramFactory.build(window_start=opens, window_end=closes)

    program.full_clean()
    program.save()

    assert FundingProgram.objects.get(pk=program.pk).window_end == closes


@pytest.mark.django_db
def test_funding_program_window_closing_before_it_opens_rejected_in_full_clean():
    program = FundingProgramFactory.build(window_start=START, window_end=datetime.date(2020, 5, 31))

    with pytest.raises(ValidationError) as excinfo:
        program.full_clean()

    assert excinfo.value.message_dict == {"__all__": [WINDOW_ERROR]}


@pytest.mark.django_db
def test_funding_program_window_closing_before_it_opens_rejected_in_database():
    with pytest.raises(IntegrityError), transaction.atomic():
        FundingProgram.objects.create(
            name="LEADER",
            funder="EU",
            window_start=START,
            window_end=datetime.date(2020, 5, 31),
        )


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("granted", "paid"),
    [
        (Decimal("10000.00"), Decimal("10000.00")),
        (Decimal("10000.00"), Decimal("2500.50")),
        (None, Decimal("2500.50")),
        (Decimal("10000.00"), None),
    ],
)
def test_funding_application_paid_within_grant_is_accepted(granted, paid):
    application = FundingApplicationFactory.build(
        cooperation=CooperationFactory(),
        program=FundingProgramFactory(),
        amount_granted=granted,
        amount_paid=paid,
    )

    application.full_clean()
    application.save()

    assert FundingApplication.objects.get(pk=application.pk).amount_paid == paid


@pytest.mark.django_db
def test_funding_application_paid_above_grant_rejected_in_full_clean():
    application = FundingApplicationFactory.build(
        cooperation=CooperationFactory(),
        program=FundingProgramFactory(),
        amount_granted=Decimal("10000.00"),
        amount_paid=Decimal("10000.01"),
    )

    with pytest.raises(ValidationError) as excinfo:
        application.full_clean()

    assert excinfo.value.message_dict == {"__all__": [PAID_ERROR]}


@pytest.mark.django_db
def test_funding_application_paid_above_grant_rejected_in_database():
    cooperation = CooperationFactory()
    program = FundingProgramFactory()

    with pytest.raises(IntegrityError), transaction.atomic():
        FundingApplication.objects.create(
            cooperation=cooperation,
            program=program,
            title="Online-Stadtplan",
            amount_granted=Decimal("10000.00"),
            amount_paid=Decimal("10000.01"),
        )
