"""Who may open which URL: every page for every role.

Roles: anonymous visitors (the public), signed-in users without a role, staff without
permissions, coordinators (group "Koordination") and administrators. The public pages
are for everyone; the coordinators' pages and the admin only for those they grant."""

import re

import pytest
from django.apps import apps
from django.contrib import admin
from django.contrib.auth.models import Permission
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from ikz.core.models import Cooperation
from ikz.core.roles import ensure_coordinator_group
from ikz.measures.models import StatusChange
from ikz.reports.demo import load_partheland
from ikz.reports.models import ReportFile, StatusReport
from ikz.web import urls, views
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PUBLIC_URLS = ["/", "/k/partheland/", "/abmelden/"]
ADMIN_MODELS = sorted(admin.site._registry, key=lambda model: model._meta.label)


def admin_url(model, view, *args):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


@pytest.fixture
def demo():
    return load_partheland()


@pytest.fixture
def member(client):
    client.force_login(UserFactory(username="member"))
    return client


@pytest.fixture
def coordinator(client):
    user = UserFactory(username="coordinator", is_staff=True)
    user.groups.add(ensure_coordinator_group())
    client.force_login(user)
    return client


@pytest.fixture
def staff(client):
    client.force_login(UserFactory(username="staff", is_staff=True))
    return client


@pytest.fixture
def administrator(client):
    client.force_login(UserFactory(username="admin", is_staff=True, is_superuser=True))
    return client


ROLES = ["client", "member", "staff", "coordinator", "administrator"]


@pytest.mark.parametrize("url", PUBLIC_URLS)
@pytest.mark.parametrize("role", ROLES)
def test_public_pages_open_to_every_role(request, demo, url, role):
    assert request.getfixturevalue(role).get(url).status_code == 200


@pytest.mark.parametrize("role", ROLES)
def test_cooperation_logo_open_to_every_role(request, settings, tmp_path, role):
    settings.MEDIA_ROOT = tmp_path
    cooperation = Cooperation.objects.create(name="Partheland", slug="partheland")
    cooperation.logo.save(
        "partheland.svg", ContentFile(b'<svg xmlns="http://www.w3.org/2000/svg"/>')
    )

    response = request.getfixturevalue(role).get(
        reverse("web:cooperation_logo", args=["partheland"])
    )

    assert response.status_code == 200


IMPORT_PERMISSIONS = (
    "reports.add_statusreport",
    "meetings.add_meeting",
    "meetings.add_outcome",
    "measures.add_measure",
    "measures.add_task",
    "core.add_cooperation",
)


def test_every_cockpit_view_declares_who_may_open_it():
    declared = {
        pattern.name: getattr(pattern.callback, "access", None)
        for pattern in urls.urlpatterns
        if pattern.callback.__module__ == views.__name__
    }

    assert declared == {
        "start": "public",
        "cooperation": "public",
        "cooperation_logo": "public",
        "logout": "public",
        "reports": ("reports.view_statusreport",),
        "report_import": IMPORT_PERMISSIONS,
        "report": ("reports.view_statusreport",),
        "report_issue": ("reports.change_statusreport",),
        "report_download": ("reports.view_statusreport",),
    }


def user_with(*permissions):
    user = UserFactory(username="importer", is_staff=True)
    for permission in permissions:
        app_label, codename = permission.split(".")
        user.user_permissions.add(
            Permission.objects.get(content_type__app_label=app_label, codename=codename)
        )
    return user


def test_import_needs_more_than_adding_reports(client):
    client.force_login(user_with("reports.view_statusreport", "reports.add_statusreport"))
    seed = SimpleUploadedFile("statusbericht.md", b"# Bericht\n", content_type="text/markdown")

    assert client.get(reverse("web:report_import")).status_code == 403
    assert client.post(reverse("web:report_import"), {"file": seed}).status_code == 403
    assert Cooperation.objects.count() == 0


def test_import_opens_with_exactly_the_permissions_to_create_what_it_reads(client):
    client.force_login(user_with(*IMPORT_PERMISSIONS))

    assert client.get(reverse("web:report_import")).status_code == 200


def coordinator_urls():
    report = StatusReport.objects.get()
    return [
        reverse("web:reports"),
        reverse("web:report_import"),
        reverse("web:report", args=[report.pk]),
        reverse("web:report_download", args=[report.pk, "md"]),
    ]


# Anonymous visitors are asked to sign in; others see the page only with the role.
EXPECTED_FOR_COORDINATOR_PAGES = {
    "client": 302,
    "member": 403,
    "staff": 403,
    "coordinator": 200,
    "administrator": 200,
}


@pytest.mark.parametrize("role", ROLES)
def test_coordinator_pages_by_role(request, demo, role):
    client = request.getfixturevalue(role)

    statuses = {url: client.get(url).status_code for url in coordinator_urls()}

    assert statuses == dict.fromkeys(coordinator_urls(), EXPECTED_FOR_COORDINATOR_PAGES[role])


@pytest.mark.parametrize("role", ROLES)
def test_issuing_a_report_by_role(request, demo, role):
    report = StatusReport.objects.get()

    response = request.getfixturevalue(role).post(reverse("web:report_issue", args=[report.pk]))

    expected = {
        "client": 302,
        "member": 403,
        "staff": 403,
        "coordinator": 302,
        "administrator": 302,
    }
    assert response.status_code == expected[role]
    report.refresh_from_db()
    assert report.state == ("final" if role in ("coordinator", "administrator") else "draft")


def test_anonymous_visitors_are_sent_to_the_login_page(client, demo):
    response = client.get(reverse("web:reports"))

    assert response["Location"] == "/anmelden/?next=/berichte/"


def test_login_page_is_open(client):
    assert client.get(reverse("web:login")).status_code == 200


def test_logout_page_for_a_signed_in_user_asks_and_keeps_the_session(
    member, django_assert_max_num_queries
):
    with django_assert_max_num_queries(5):
        response = member.get(reverse("web:logout"))

    page = response.content.decode()
    assert response.status_code == 200
    assert "<h1>Abmelden</h1>" in page
    assert "Sie sind als member angemeldet." in page
    assert (
        '<form method="post" class="form"><input type="hidden" name="csrfmiddlewaretoken"' in page
    )
    assert member.get(reverse("web:reports")).status_code == 403


def test_logout_page_for_an_anonymous_visitor_offers_to_sign_in(
    client, django_assert_max_num_queries
):
    with django_assert_max_num_queries(0):
        response = client.get(reverse("web:logout"))

    page = response.content.decode()
    assert response.status_code == 200
    assert "Sie sind nicht angemeldet." in page
    assert '<p><a href="/anmelden/">Anmelden</a></p>' in page


def test_logout_form_signs_out_with_its_csrf_token():
    client = Client(enforce_csrf_checks=True)
    client.force_login(UserFactory(username="member"))
    page = client.get(reverse("web:logout")).content.decode()
    token = re.search(r'<main.*?name="csrfmiddlewaretoken" value="([^"]+)"', page, re.S)[1]

    response = client.post(reverse("web:logout"), {"csrfmiddlewaretoken": token})

    assert response.status_code == 302
    assert response["Location"] == "/"
    assert client.get(reverse("web:reports"))["Location"] == "/anmelden/?next=/berichte/"


def test_logout_without_csrf_token_signs_nobody_out():
    client = Client(enforce_csrf_checks=True)
    client.force_login(UserFactory(username="member"))

    response = client.post(reverse("web:logout"))

    assert response.status_code == 403
    assert client.get(reverse("web:logout")).context["user"].username == "member"


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
    # Issued report files are written by issuing a report, status changes on their measure.
    expected_add = 403 if model in (ReportFile, StatusChange) else 200
    assert administrator.get(admin_url(model, "add")).status_code == expected_add
    instance = model.objects.first()
    if instance is not None:
        assert administrator.get(admin_url(model, "change", instance.pk)).status_code == 200
        assert administrator.get(admin_url(model, "history", instance.pk)).status_code == 200


def test_admin_login_page_is_open(client):
    assert client.get("/admin/login/").status_code == 200
