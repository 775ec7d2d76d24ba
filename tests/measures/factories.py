"""Factories for the funding models, which tests/factories.py does not cover."""

import factory

from ikz.measures.models import FundingApplication, FundingProgram
from tests.factories import CooperationFactory


class FundingProgramFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FundingProgram

    name = factory.Sequence(lambda n: f"Förderprogramm {n}")
    funder = "Freistaat Sachsen"


class FundingApplicationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FundingApplication

    cooperation = factory.SubFactory(CooperationFactory)
    program = factory.SubFactory(FundingProgramFactory)
    title = factory.Sequence(lambda n: f"Förderantrag {n}")
