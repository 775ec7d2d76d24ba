"""Who may open which URL: every page for every role.

Roles: anonymous visitors (the public), signed-in users without a role, staff without
permissions, coordinators (group "Koordination") and administrators. The public pages
are for everyone; the coordinators' pages and the admin only for those they grant."""

import datetime
import re

import pytest
from django.apps import apps
from django.contrib import admin
from django.contrib.auth.models import Permission
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from ikz.agreements.models import AgreementStep, CaseCount, ChecklistItem, StatusQuoCost
from ikz.core.models import Body, Cooperation, Document, MissionStatement, Municipality
from ikz.core.roles import ensure_coordinator_group
from ikz.measures.models import FundingApplication, FundingProgram, StatusChange
from ikz.meetings.models import Consultation
from ikz.reports.demo import DEMO_REPORT, load_partheland
from ikz.reports.models import ReportFile, StatusReport
from ikz.reports.storing import import_file
from ikz.web import urls, views
from tests.factories import AgreementFactory, CostItemFactory, CostModelFactory, UserFactory

pytestmark = pytest.mark.django_db

PUBLIC_URLS = ["/", "/k/partheland/", "/abmelden/"]
MAY_11 = datetime.date(2020, 5, 11)
ADMIN_MODELS = sorted(admin.site._registry, key=lambda model: model._meta.label)


def admin_url(model, view, *args):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


@pytest.fixture
def demo():
    return load_partheland()


@pytest.fixture
def every_admin_model(demo, settings, tmp_path):
    """The demo and a row of every model it leaves empty, so that every admin page has
    a row to show."""
    settings.MEDIA_ROOT = tmp_path
    naunhof = Municipality.objects.get(name="Naunhof")
    body = Body.objects.filter(cooperation=demo).first()
    MissionStatement.objects.create(cooperation=demo, version=1, text="Gemeinsam stark.")
    agreement = AgreementFactory(cooperation=demo, title="Zweckvereinbarung Archiv")
    Document.objects.create(
        cooperation=demo,
        agreement=agreement,
        title="Entwurf",
        file=ContentFile(b"%PDF-1.7", name="entwurf.pdf"),
    )
    AgreementStep.objects.create(agreement=agreement, state="drafting", date=MAY_11)
    ChecklistItem.objects.create(agreement=agreement, text="Kostenschlüssel abstimmen")
    Consultation.objects.create(body=body, agreement=agreement)
    cost_model = CostModelFactory(cooperation=demo)
    CostItemFactory(cost_model=cost_model)
    CaseCount.objects.create(cost_model=cost_model, municipality=naunhof, cases=12)
    StatusQuoCost.objects.create(cost_model=cost_model, municipality=naunhof, annual_cost=900)
    program = FundingProgram.objects.create(name="Regionalbudget", funder="Freistaat Sachsen")
    FundingApplication.objects.create(cooperation=demo, program=program, title="Stadtplan")
    # Issuing renders every format; a stored file is all the admin needs to show.
    ReportFile.objects.create(
        report=StatusReport.objects.get(),
        format="md",
        file=ContentFile(b"# Bericht", name="bericht.md"),
        sha256="0" * 64,
        size=9,
    )
    return demo


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


def created_by_an_import() -> set[str]:
    """The add permissions for every kind of row importing the seed into an empty
    database writes (its history rows aside): what the import page must require."""

    def counts():
        return {
            model: model._default_manager.count()
            for model in apps.get_models()
            if not model._meta.label.split(".")[1].startswith("Historical")
        }

    before = counts()
    import_file(DEMO_REPORT)
    return {
        f"{model._meta.app_label}.add_{model._meta.model_name}"
        for model, count in counts().items()
        if count > before[model]
    }


def test_import_requires_adding_every_kind_of_row_an_import_writes():
    created = created_by_an_import()

    assert set(views.report_import.access) == created
    assert len(created) == 11


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
        "report_import": views.report_import.access,
        "report": ("reports.view_statusreport",),
        "report_issue": ("reports.change_statusreport",),
        "report_download": ("reports.view_statusreport",),
        "report_meeting_overview": ("reports.view_statusreport",),
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
    client.force_login(user_with(*created_by_an_import()))

    assert client.get(reverse("web:report_import")).status_code == 200


def coordinator_urls():
    report = StatusReport.objects.get()
    return [
        reverse("web:reports"),
        reverse("web:report_import"),
        reverse("web:report", args=[report.pk]),
        reverse("web:report_download", args=[report.pk, "md"]),
        reverse("web:report_meeting_overview", args=[report.pk, "md"]),
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
    administrator, every_admin_model, model, django_assert_max_num_queries
):
    # Lists select their related rows: the count stays flat however much data there is.
    with django_assert_max_num_queries(15):
        assert administrator.get(admin_url(model, "changelist")).status_code == 200
    # Issued report files are written by issuing a report, status changes on their measure.
    expected_add = 403 if model in (ReportFile, StatusChange) else 200
    assert administrator.get(admin_url(model, "add")).status_code == expected_add
    instance = model.objects.first()
    assert instance is not None, f"{model._meta.label}: the fixture has no row to show"
    assert administrator.get(admin_url(model, "change", instance.pk)).status_code == 200
    assert administrator.get(admin_url(model, "history", instance.pk)).status_code == 200


def test_admin_login_page_is_open(client):
    assert client.get("/admin/login/").status_code == 200
