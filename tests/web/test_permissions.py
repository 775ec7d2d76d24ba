"""Who may open which URL: every page for every role.

Roles today: anonymous visitors (the public), staff without permissions, and
administrators. The public pages are for everyone; the admin only for those it grants."""

import pytest
from django.apps import apps
from django.contrib import admin
from django.urls import reverse

from ikz.reports.demo import load_partheland
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PUBLIC_URLS = ["/", "/k/partheland/"]
ADMIN_MODELS = sorted(admin.site._registry, key=lambda model: model._meta.label)


def admin_url(model, view, *args):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


@pytest.fixture
def demo():
    return load_partheland()


@pytest.fixture
def staff(client):
    client.force_login(UserFactory(username="staff", is_staff=True))
    return client


@pytest.fixture
def administrator(client):
    client.force_login(UserFactory(username="admin", is_staff=True, is_superuser=True))
    return client


@pytest.mark.parametrize("url", PUBLIC_URLS)
@pytest.mark.parametrize("role", ["client", "staff", "administrator"])
def test_public_pages_open_to_every_role(request, demo, url, role):
    assert request.getfixturevalue(role).get(url).status_code == 200


def test_every_domain_model_is_in_the_admin():
    ikz_apps = {"core", "meetings", "measures", "agreements", "reports"}

    models = {
        (model._meta.app_label, model._meta.model_name)
        for model in apps.get_models()
        if model._meta.app_label in ikz_apps and not model._meta.model_name.startswith("historical")
    }
    assert models <= {(m._meta.app_label, m._meta.model_name) for m in ADMIN_MODELS}


@pytest.mark.parametrize("model", ADMIN_MODELS, ids=lambda model: model._meta.label)
def test_admin_lists_need_a_login(client, model):
    response = client.get(admin_url(model, "changelist"))

    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


@pytest.mark.parametrize("model", ADMIN_MODELS, ids=lambda model: model._meta.label)
def test_admin_lists_refuse_staff_without_permission(staff, model):
    assert staff.get(admin_url(model, "changelist")).status_code == 403


@pytest.mark.parametrize("model", ADMIN_MODELS, ids=lambda model: model._meta.label)
def test_admin_pages_work_for_administrators(
    administrator, demo, model, django_assert_max_num_queries
):
    # Lists select their related rows: the count stays flat however much data there is.
    with django_assert_max_num_queries(15):
        assert administrator.get(admin_url(model, "changelist")).status_code == 200
    assert administrator.get(admin_url(model, "add")).status_code == 200
    instance = model.objects.first()
    if instance is not None:
        assert administrator.get(admin_url(model, "change", instance.pk)).status_code == 200
        assert administrator.get(admin_url(model, "history", instance.pk)).status_code == 200


def test_admin_login_page_is_open(client):
    assert client.get("/admin/login/").status_code == 200
