"""The demo is marked as sample data: in the page footer of its cooperation (not of
others) and in the admin."""

import pytest
from django.urls import reverse

from ikz.core.domain import edit
from ikz.core.versions import current_version
from ikz.sample.demo import load_partheland
from tests.living_demo import LIVING_TODAY


@pytest.mark.django_db
def test_footer_marks_the_demo_as_sample_data_carried_on(client):
    cooperation = load_partheland()
    edit(cooperation, version=current_version(cooperation), sample_until=LIVING_TODAY)

    page = client.get(reverse("web:cooperation", args=[cooperation.slug])).content.decode()

    assert "Beispieldaten:" in page
    assert (
        "Die Daten der Kooperation Partheland sind erfunden, fortgeschrieben bis 07.12.2026."
        in page
    )


@pytest.mark.django_db
def test_footer_does_not_mark_a_real_cooperation(client, cooperation):
    page = client.get(reverse("web:cooperation", args=[cooperation.slug])).content.decode()

    assert "Beispieldaten" not in page


@pytest.mark.django_db
def test_admin_header_names_the_sample_cooperation(client, admin_user):
    cooperation = load_partheland()
    client.force_login(admin_user)

    index = client.get(reverse("admin:index")).content.decode()
    change = client.get(
        reverse("admin:core_cooperation_change", args=[cooperation.pk])
    ).content.decode()

    assert "Beispieldaten: Partheland" in index
    assert "Die Daten dieser Kooperation sind erfunden: die Demo." in change


@pytest.mark.django_db
def test_admin_header_without_sample_cooperations_is_plain(client, admin_user, cooperation):
    client.force_login(admin_user)

    index = client.get(reverse("admin:index")).content.decode()

    assert "Beispieldaten" not in index
