"""No lost updates: a change form based on an outdated version is refused with the
other person's change beside one's own entry; saved again, one's own entry is kept."""

import pytest
from django.test import Client
from django.urls import reverse

from ikz.core.models import Body
from ikz.core.versions import conflict_since, current_version
from tests.factories import BodyFactory, RoleFactory, UserFactory
from tests.web.admin_forms import change_form_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def body(cooperation):
    return BodyFactory(cooperation=cooperation, name="Lenkungsgruppe")


def coordinator_named(body, name) -> Client:
    """A client of one of two coordinators editing the same body, by their name."""
    client = Client()
    client.force_login(
        RoleFactory(cooperation=body.cooperation, user=UserFactory(username=name)).user
    )
    return client


def url(body) -> str:
    return reverse("admin:core_body_change", args=[body.pk])


def test_stale_save_is_refused_with_both_changes_and_nothing_overwritten(body):
    anna, ben = coordinator_named(body, "anna"), coordinator_named(body, "ben")
    annas_form = change_form_data(anna.get(url(body)))
    assert (
        ben.post(
            url(body), change_form_data(ben.get(url(body))) | {"name": "Lenkungsausschuss"}
        ).status_code
        == 302
    )

    response = anna.post(url(body), annas_form | {"name": "Steuerungsgruppe"})

    page = response.content.decode()
    assert response.status_code == 200
    assert "Inzwischen von jemand anderem geändert" in page
    assert "ben hat dies am" in page
    assert "<td>Lenkungsgruppe</td><td>Lenkungsausschuss</td>" in page
    assert 'value="Steuerungsgruppe"' in page  # her entry is kept in the form
    body.refresh_from_db()
    assert body.name == "Lenkungsausschuss"


def test_saving_again_after_the_conflict_keeps_ones_own_entry(body):
    anna, ben = coordinator_named(body, "anna"), coordinator_named(body, "ben")
    annas_form = change_form_data(anna.get(url(body)))
    ben.post(url(body), change_form_data(ben.get(url(body))) | {"name": "Lenkungsausschuss"})
    shown_again = anna.post(url(body), annas_form | {"name": "Steuerungsgruppe"})

    response = anna.post(url(body), change_form_data(shown_again))

    assert response.status_code == 302
    body.refresh_from_db()
    assert body.name == "Steuerungsgruppe"


def test_save_based_on_the_current_version_goes_through(body):
    anna = coordinator_named(body, "anna")

    response = anna.post(
        url(body), change_form_data(anna.get(url(body))) | {"name": "Steuerungsgruppe"}
    )

    assert response.status_code == 302
    body.refresh_from_db()
    assert body.name == "Steuerungsgruppe"


def test_conflict_since_names_the_changed_fields_only(body):
    version = current_version(body)
    assert conflict_since(body, version) is None

    other = Body.objects.get(pk=body.pk)
    other.name = "Lenkungsausschuss"
    other.save()

    conflict = conflict_since(body, version)
    assert [(change.field, change.before, change.after) for change in conflict.changes] == [
        ("Name", "Lenkungsgruppe", "Lenkungsausschuss")
    ]
    assert conflict.version == current_version(other)
