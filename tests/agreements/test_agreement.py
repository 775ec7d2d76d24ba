"""Purpose agreements (Zweckvereinbarungen): term, VAT relevance, supervisory approval,
and the steps they reach."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from ikz.agreements.models import Agreement, AgreementStep
from tests.factories import AgreementFactory, CooperationFactory

TERM_ERROR = (
    "Bitte geben Sie bei befristeter Laufzeit die Anzahl der Jahre an; bei unbefristeter "
    "Laufzeit bleibt dieses Feld leer."
)
STEP_ERROR = "Die Zweckvereinbarung hat diesen Verfahrensschritt bereits erreicht."


def agreement(term, years):
    return Agreement(
        cooperation=CooperationFactory(),
        title="Zweckvereinbarung Archiv",
        kind=Agreement.Kind.MANDATING,
        term=term,
        term_years=years,
    )


@pytest.mark.django_db
@pytest.mark.parametrize(("term", "years"), [("fixed", 1), ("fixed", 5), ("indefinite", None)])
def test_agreement_term_with_matching_years_is_accepted(term, years):
    candidate = agreement(term, years)

    candidate.full_clean()
    candidate.save()

    assert Agreement.objects.get(pk=candidate.pk).term_years == years


INVALID_TERMS = [
    pytest.param("fixed", 0, id="fixed-zero-years"),
    pytest.param("indefinite", 5, id="indefinite-with-years"),
    pytest.param("fixed", None, id="fixed-without-years"),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("term", "years"), INVALID_TERMS)
def test_agreement_term_with_mismatching_years_rejected_in_full_clean(term, years):
    candidate = agreement(term, years)

    with pytest.raises(ValidationError) as excinfo:
        candidate.full_clean()

    assert excinfo.value.message_dict == {"__all__": [TERM_ERROR]}


@pytest.mark.django_db
@pytest.mark.parametrize(("term", "years"), INVALID_TERMS)
def test_agreement_term_with_mismatching_years_rejected_in_database(term, years):
    cooperation = CooperationFactory()

    with pytest.raises(IntegrityError), transaction.atomic():
        Agreement.objects.create(
            cooperation=cooperation,
            title="Zweckvereinbarung Archiv",
            kind=Agreement.Kind.MANDATING,
            term=term,
            term_years=years,
        )


@pytest.mark.parametrize(
    ("term", "years", "needed"),
    [
        ("fixed", 1, False),
        ("fixed", 4, False),
        ("fixed", 5, True),
        ("fixed", 10, True),
        ("indefinite", None, True),
    ],
)
def test_agreement_is_long_term_from_five_years_or_indefinite(term, years, needed):
    candidate = AgreementFactory.build(term=term, term_years=years)

    assert candidate.is_long_term is needed


@pytest.mark.parametrize(
    ("kind", "needed"),
    [
        ("delegating", True),
        ("joint_office", True),
        ("mandating", False),
        ("other", False),
    ],
)
def test_agreement_needs_supervisory_approval_when_a_task_is_transferred(kind, needed):
    candidate = AgreementFactory.build(kind=kind)

    assert candidate.needs_supervisory_approval is needed


@pytest.mark.django_db
def test_agreement_steps_of_different_states_are_accepted():
    subject = AgreementFactory()
    AgreementStep.objects.create(
        agreement=subject, state="drafting", date=datetime.date(2020, 5, 11)
    )
    step = AgreementStep(
        agreement=subject, state="draft_available", date=datetime.date(2020, 6, 16)
    )

    step.full_clean()
    step.save()

    assert list(subject.steps.values_list("state", flat=True)) == ["drafting", "draft_available"]


@pytest.mark.django_db
def test_agreement_step_same_state_in_another_agreement_is_accepted():
    AgreementStep.objects.create(
        agreement=AgreementFactory(), state="drafting", date=datetime.date(2020, 5, 11)
    )
    step = AgreementStep(
        agreement=AgreementFactory(), state="drafting", date=datetime.date(2020, 5, 11)
    )

    step.full_clean()
    step.save()

    assert AgreementStep.objects.filter(state="drafting").count() == 2


@pytest.mark.django_db
def test_agreement_step_reached_twice_rejected_in_full_clean():
    subject = AgreementFactory()
    AgreementStep.objects.create(
        agreement=subject, state="drafting", date=datetime.date(2020, 5, 11)
    )
    step = AgreementStep(agreement=subject, state="drafting", date=datetime.date(2020, 6, 16))

    with pytest.raises(ValidationError) as excinfo:
        step.full_clean()

    assert excinfo.value.message_dict == {"__all__": [STEP_ERROR]}


@pytest.mark.django_db
def test_agreement_step_reached_twice_rejected_in_database():
    subject = AgreementFactory()
    AgreementStep.objects.create(
        agreement=subject, state="drafting", date=datetime.date(2020, 5, 11)
    )

    with pytest.raises(IntegrityError), transaction.atomic():
        AgreementStep.objects.create(
            agreement=subject, state="drafting", date=datetime.date(2020, 6, 16)
        )
