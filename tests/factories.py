"""Factories for tests: each builds a valid object with the fewest other objects."""

import datetime
import io

import factory
from django.contrib.auth import get_user_model
from pypdf import PdfWriter

from ikz.agreements.models import (
    Agreement,
    CostItem,
    CostModel,
    KeyFigure,
    Settlement,
    StatusQuoCost,
)
from ikz.core.domain import record_population
from ikz.core.models import Body, Cooperation, Municipality, Participation, Partner, Person, Role
from ikz.measures.models import FieldOfAction, Measure, Task
from ikz.meetings.models import AgendaItem, Meeting, Outcome
from ikz.reports.models import StatusReport


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ["username"]

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda user: f"{user.username}@example.org")
    password = factory.django.Password("geheim-und-lang-2020")


class CooperationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Cooperation

    name = factory.Sequence(lambda n: f"Kooperation {n}")
    slug = factory.Sequence(lambda n: f"kooperation-{n}")


class MunicipalityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Municipality
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Gemeinde {n}")
    ags = factory.Sequence(lambda n: f"{14729000 + n:08d}")
    population = 5000
    population_date = datetime.date(2019, 12, 31)

    @factory.post_generation
    def population_figure(obj, create, extracted, **kwargs):
        # As the domain keeps it: the figure of its reference date.
        if create:
            record_population(obj)


class ParticipationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Participation

    cooperation = factory.SubFactory(CooperationFactory)
    municipality = factory.SubFactory(MunicipalityFactory)
    joined_on = datetime.date(2019, 1, 1)


class PartnerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Partner

    cooperation = factory.SubFactory(CooperationFactory)
    name = factory.Sequence(lambda n: f"Partner {n}")


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    cooperation = factory.SubFactory(CooperationFactory)
    role = "Hauptamtsleitung"
    municipality = factory.SubFactory(MunicipalityFactory)


class BodyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Body

    cooperation = factory.SubFactory(CooperationFactory)
    name = factory.Sequence(lambda n: f"Gremium {n}")
    kind = Body.Kind.PROJECT_GROUP


class MeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Meeting

    body = factory.SubFactory(BodyFactory)
    number = factory.Sequence(lambda n: n + 1)
    date = datetime.date(2020, 5, 11)
    state = Meeting.State.HELD
    is_public = True


class AgendaItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AgendaItem

    meeting = factory.SubFactory(MeetingFactory)
    order = factory.Sequence(lambda n: n + 1)
    title = factory.Sequence(lambda n: f"Thema {n}")


class OutcomeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Outcome

    meeting = factory.SubFactory(MeetingFactory)
    order = factory.Sequence(lambda n: n + 1)
    text = factory.Sequence(lambda n: f"Ergebnis {n}")


class FieldOfActionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FieldOfAction

    cooperation = factory.SubFactory(CooperationFactory)
    name = factory.Sequence(lambda n: f"Handlungsfeld {n}")


class MeasureFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Measure

    cooperation = factory.SubFactory(CooperationFactory)
    title = factory.Sequence(lambda n: f"Maßnahme {n}")


class TaskFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Task

    cooperation = factory.SubFactory(CooperationFactory)
    title = factory.Sequence(lambda n: f"Aufgabe {n}")


class CostModelFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CostModel

    cooperation = factory.SubFactory(CooperationFactory)
    name = factory.Sequence(lambda n: f"Kostenmodell {n}")
    key = "equal"


class CostItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CostItem

    cost_model = factory.SubFactory(CostModelFactory)
    kind = CostItem.Kind.MATERIAL
    label = "Sachkosten"
    amount = 1000


class AgreementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Agreement

    cooperation = factory.SubFactory(CooperationFactory)
    title = factory.Sequence(lambda n: f"Zweckvereinbarung {n}")
    kind = Agreement.Kind.MANDATING


class StatusReportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StatusReport

    cooperation = factory.SubFactory(CooperationFactory)
    period_start = datetime.date(2020, 4, 1)
    period_end = datetime.date(2020, 5, 31)
    report_date = datetime.date(2020, 5, 25)


class RoleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Role

    user = factory.SubFactory(UserFactory)
    cooperation = factory.SubFactory(CooperationFactory)
    kind = Role.Kind.COORDINATOR


def partheland() -> Cooperation:
    """The Partheland as the seed report names it: importing the seed writes into it."""
    return Cooperation.objects.get_or_create(name="Partheland", defaults={"slug": "partheland"})[0]


def pdf_bytes() -> bytes:
    """A real PDF of one blank A4 page: uploads are opened by pypdf (ikz.core.files)."""
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


class KeyFigureFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = KeyFigure

    cost_model = factory.SubFactory(CostModelFactory)
    municipality = factory.SubFactory(MunicipalityFactory)
    kind = KeyFigure.Kind.CASES
    year = 2019
    value = 10


class StatusQuoCostFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StatusQuoCost

    cost_model = factory.SubFactory(CostModelFactory)
    municipality = factory.SubFactory(MunicipalityFactory)
    annual_cost = 1000


class SettlementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Settlement

    agreement = factory.SubFactory(AgreementFactory)
    cost_model = factory.SubFactory(CostModelFactory)
    year = 2020
    advance_schedule = Settlement.Schedule.QUARTERLY
    actual_annual_cost = 1000
