"""The admin's forms offer a coordinator only their own cooperation's rows to choose:
no body, person, municipality, measure or account of another cooperation."""

import pytest
from django.urls import reverse

from ikz.core.domain import add_member
from ikz.core.models import Body
from tests.factories import (
    BodyFactory,
    CooperationFactory,
    MeasureFactory,
    MeetingFactory,
    MunicipalityFactory,
    PersonFactory,
    RoleFactory,
    UserFactory,
)
from tests.web.test_permission_matrix import ADMIN_MODELS, admin_expected

pytestmark = pytest.mark.django_db

# Every row of the other cooperation carries this word in what a choice shows.
OTHER = "Muldental"


@pytest.fixture
def other_cooperation():
    muldental = CooperationFactory(name=f"{OTHER} IKZ", slug="muldental")
    grimma = MunicipalityFactory(name=f"Grimma ({OTHER})", ags="16077999")
    add_member(cooperation=muldental, municipality=grimma, joined_on="2019-01-01")
    body = BodyFactory(cooperation=muldental, name=f"{OTHER}-Lenkungsgruppe")
    MeetingFactory(body=body, title=f"{OTHER}-Sitzung")
    PersonFactory(cooperation=muldental, municipality=grimma, role=f"{OTHER}-Amt")
    MeasureFactory(cooperation=muldental, title=f"{OTHER}-Maßnahme")
    RoleFactory(cooperation=muldental, user=UserFactory(username=f"{OTHER.lower()}-koordination"))
    return muldental


@pytest.fixture
def cooperation(every_admin_model):
    """The demo with a row of every model, whose coordinator the admin's forms are
    shown to."""
    return every_admin_model


def choice_labels(form) -> dict[str, list[str]]:
    return {
        name: [str(label) for _value, label in field.choices]
        for name, field in form.fields.items()
        if hasattr(field, "queryset")
    }


# The models a coordinator adds in the admin, as the permission matrix has them.
ADDABLE = [model for model in ADMIN_MODELS if admin_expected(model)[1]["coordinator"] == 200]


@pytest.mark.parametrize("model", ADDABLE, ids=lambda model: model._meta.label)
def test_add_form_offers_a_coordinator_no_row_of_another_cooperation(
    coordinator_client, other_cooperation, model
):
    url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_add")

    response = coordinator_client.get(url)

    assert response.status_code == 200
    forms = [response.context["adminform"].form] + [
        form for formset in response.context["inline_admin_formsets"] for form in formset.formset
    ]
    leaked = {
        f"{type(form).__name__}.{name}": [label for label in labels if OTHER in label]
        for form in forms
        for name, labels in choice_labels(form).items()
    }
    assert {name: labels for name, labels in leaked.items() if labels} == {}


def test_a_posted_row_of_another_cooperation_is_an_invalid_choice(
    coordinator_client, every_admin_model, other_cooperation
):
    theirs = Body.objects.get(cooperation=other_cooperation)

    response = coordinator_client.post(
        reverse("admin:meetings_meeting_add"),
        {"body": theirs.pk, "date": "01.07.2020", "state": "planned"},
    )

    assert response.status_code == 200
    assert "body" in response.context["adminform"].form.errors
    assert not theirs.meetings.filter(date="2020-07-01").exists()
