"""The admin lists of agreements and of consultations read their rows' relations in one
query, not one per row (nullable foreign keys are not joined unless named)."""

import datetime

import pytest
from django.urls import reverse

from ikz.agreements.models import Agreement
from ikz.meetings.models import Consultation
from tests.factories import (
    AgreementFactory,
    BodyFactory,
    CooperationFactory,
    MeasureFactory,
    MunicipalityFactory,
    UserFactory,
)

ROWS = 20


@pytest.fixture
def admin_client(client):
    client.force_login(UserFactory(username="admin", is_staff=True, is_superuser=True))
    return client


def changelist(model) -> str:
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")


@pytest.mark.django_db
def test_agreement_changelist_query_count_does_not_grow_with_the_rows(
    admin_client, django_assert_max_num_queries
):
    cooperation = CooperationFactory()
    for _number in range(ROWS):
        AgreementFactory(cooperation=cooperation, performing_municipality=MunicipalityFactory())

    with django_assert_max_num_queries(12):
        response = admin_client.get(changelist(Agreement))

    assert (response.status_code, len(response.context["cl"].result_list)) == (200, ROWS)


@pytest.mark.django_db
def test_consultation_changelist_query_count_does_not_grow_with_the_rows(
    admin_client, django_assert_max_num_queries
):
    cooperation = CooperationFactory()
    for _number in range(ROWS):
        Consultation.objects.create(
            body=BodyFactory(cooperation=cooperation),
            agreement=AgreementFactory(cooperation=cooperation),
            measure=MeasureFactory(cooperation=cooperation),
            result=Consultation.Result.APPROVED,
            resolved_on=datetime.date(2020, 6, 16),
        )

    with django_assert_max_num_queries(12):
        response = admin_client.get(changelist(Consultation))

    assert (response.status_code, len(response.context["cl"].result_list)) == (200, ROWS)
