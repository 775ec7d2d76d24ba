"""The admin's change lists of the cooperations' data are narrowed to a cooperation:
every list can be filtered to one, and what lists all bodies, municipalities, programs
or dates of every cooperation waits for that choice."""

import datetime
from urllib.parse import urlencode

import pytest
from django.contrib import admin
from django.contrib.admin.utils import get_fields_from_path
from django.db import models
from django.urls import reverse

from ikz.core.admin import CooperationDataAdmin, CooperationRelatedFieldListFilter
from ikz.core.models import Cooperation
from ikz.measures.models import FundingProgram, Measure
from ikz.meetings.models import Meeting, Outcome
from ikz.reports.models import ReportFile
from tests.factories import (
    BodyFactory,
    CooperationFactory,
    MeasureFactory,
    MeetingFactory,
    MunicipalityFactory,
    OutcomeFactory,
    StatusReportFactory,
    UserFactory,
)

# The cockpit's own lists (not Django's users and groups, nor axes' attempts).
COCKPIT_APPS = {"core", "meetings", "measures", "agreements", "reports"}
ADMINS = sorted(
    (
        (model, model_admin)
        for model, model_admin in admin.site._registry.items()
        if model._meta.app_label in COCKPIT_APPS
    ),
    key=lambda item: item[0]._meta.label,
)
# The cooperations themselves, and the programs every cooperation may apply to.
WITHOUT_COOPERATION = {Cooperation, FundingProgram}
COOPERATION_ADMINS = [item for item in ADMINS if item[0] not in WITHOUT_COOPERATION]


def admin_ids(items) -> list[str]:
    return [model._meta.label for model, _model_admin in items]


def filter_field_paths(model_admin) -> list[tuple[str, type | None]]:
    """(field path, filter class named for it) of each field filter of the list."""
    return [
        (entry[0], entry[1]) if isinstance(entry, tuple) else (entry, None)
        for entry in model_admin.list_filter
        if isinstance(entry, (str, tuple))
    ]


@pytest.mark.parametrize(
    ("model", "model_admin"), COOPERATION_ADMINS, ids=admin_ids(COOPERATION_ADMINS)
)
def test_every_list_of_a_cooperations_data_can_be_filtered_to_one_cooperation(model, model_admin):
    assert isinstance(model_admin, CooperationDataAdmin)
    path = model_admin.cooperation_path
    assert get_fields_from_path(model, path)[-1].related_model is Cooperation
    assert path in model_admin.list_filter


@pytest.mark.parametrize(("model", "model_admin"), ADMINS, ids=admin_ids(ADMINS))
def test_no_filter_lists_the_values_of_every_cooperation(model, model_admin):
    """A relation is filtered by the chosen cooperation's rows; any other field offers
    its choices, yes/no or dates, which need no query over the whole table."""
    for path, filter_class in filter_field_paths(model_admin):
        field = get_fields_from_path(model, path)[-1]
        if path == getattr(model_admin, "cooperation_path", None):
            continue
        if field.is_relation:
            assert filter_class is CooperationRelatedFieldListFilter, path
        else:
            assert field.choices or isinstance(field, (models.BooleanField, models.DateField)), path


@pytest.fixture
def administrator(client):
    client.force_login(UserFactory(username="admin", is_staff=True, is_superuser=True))
    return client


def changelist(model, **filters) -> str:
    url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
    return f"{url}?{urlencode(filters)}"


def filter_titles(response) -> list[str]:
    return [str(spec.title) for spec in response.context["cl"].filter_specs]


def choices(response, title: str) -> list[str]:
    spec = next(spec for spec in response.context["cl"].filter_specs if spec.title == title)
    return [str(label) for _value, label in spec.lookup_choices]


@pytest.mark.django_db
def test_meeting_list_offers_bodies_and_dates_only_within_the_chosen_cooperation(administrator):
    parthe, mulde = CooperationFactory(), CooperationFactory()
    MeetingFactory(
        body=BodyFactory(cooperation=parthe, name="Lenkungsgruppe"), date=datetime.date(2020, 5, 11)
    )
    MeetingFactory(
        body=BodyFactory(cooperation=parthe, name="Projektgruppe"), date=datetime.date(2021, 6, 1)
    )
    MeetingFactory(
        body=BodyFactory(cooperation=mulde, name="Bürgerwerkstatt"), date=datetime.date(2019, 3, 4)
    )

    unfiltered = administrator.get(changelist(Meeting))
    chosen = administrator.get(changelist(Meeting, body__cooperation__id__exact=parthe.pk))

    assert "Gremium" not in filter_titles(unfiltered)
    assert unfiltered.context["cl"].date_hierarchy is None
    assert choices(chosen, "Gremium") == ["Lenkungsgruppe", "Projektgruppe"]
    page = chosen.content.decode()
    assert "date__year=2020" in page and "date__year=2021" in page
    assert "date__year=2019" not in page


@pytest.mark.django_db
def test_outcome_list_offers_the_bodies_of_the_chosen_cooperations_meetings(administrator):
    parthe = CooperationFactory()
    for name in ("Lenkungsgruppe", "Projektgruppe"):
        OutcomeFactory(meeting=MeetingFactory(body=BodyFactory(cooperation=parthe, name=name)))
    OutcomeFactory(meeting=MeetingFactory(body=BodyFactory(name="Bürgerwerkstatt")))

    response = administrator.get(
        changelist(Outcome, meeting__body__cooperation__id__exact=parthe.pk)
    )

    assert choices(response, "Gremium") == ["Lenkungsgruppe", "Projektgruppe"]
    assert len(response.context["cl"].result_list) == 2


@pytest.mark.django_db
def test_measure_list_offers_the_lead_municipalities_of_the_chosen_cooperations_measures(
    administrator,
):
    parthe = CooperationFactory()
    for name in ("Naunhof", "Brandis"):
        MeasureFactory(cooperation=parthe, lead_municipality=MunicipalityFactory(name=name))
    MeasureFactory(lead_municipality=MunicipalityFactory(name="Grimma"))

    unfiltered = administrator.get(changelist(Measure))
    chosen = administrator.get(changelist(Measure, cooperation__id__exact=parthe.pk))

    assert "federführende Kommune" not in filter_titles(unfiltered)
    assert choices(chosen, "federführende Kommune") == ["Brandis", "Naunhof"]


@pytest.mark.django_db
def test_report_file_list_filters_by_the_formats_reports_are_issued_in(administrator):
    report = StatusReportFactory()
    for identifier in ("md", "pdf"):
        ReportFile.objects.create(
            report=report,
            format=identifier,
            file=f"{identifier}.{identifier}",
            sha256="0" * 64,
            size=1,
        )

    response = administrator.get(changelist(ReportFile, format__exact="pdf"))

    assert [file.format for file in response.context["cl"].result_list] == ["pdf"]
    assert "Word (DOCX)" in choices(response, "Format")
