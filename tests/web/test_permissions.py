"""Who may open which URL, beyond the matrix of every URL (test_permission_matrix):
what every view declares, signing out, and the admin for accounts without a role.

Visitors here: anonymous visitors (the public), signed-in accounts without a role, staff
without a role (the flag alone opens nothing), a coordinator and an administrator."""

import datetime
import re

import pytest
from django.apps import apps
from django.contrib import admin
from django.core.files.base import ContentFile
from django.test import Client
from django.urls import reverse

from ikz.core.models import Cooperation
from ikz.measures.models import StatusChange, TaskComment
from ikz.reports.models import ReportFile
from ikz.web import urls
from tests.factories import (
    UserFactory,
)

pytestmark = pytest.mark.django_db

PUBLIC_URLS = ["/", "/k/partheland/", "/abmelden/"]
MAY_11 = datetime.date(2020, 5, 11)
ADMIN_MODELS = sorted(admin.site._registry, key=lambda model: model._meta.label)


def admin_url(model, view, *args):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


@pytest.fixture
def without_role(client):
    """Signed in, without a role in any cooperation."""
    client.force_login(UserFactory(username="ohne-rolle"))
    return client


@pytest.fixture
def staff(client):
    client.force_login(UserFactory(username="staff", is_staff=True))
    return client


@pytest.fixture
def administrator(client):
    client.force_login(UserFactory(username="admin", is_staff=True, is_superuser=True))
    return client


ROLES = ["client", "without_role", "staff", "coordinator_client", "administrator"]


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


def test_every_cockpit_view_declares_who_may_open_it():
    declared = {
        pattern.name: getattr(pattern.callback, "access", None) for pattern in urls.urlpatterns
    }

    assert declared == {
        "start": "public",
        "cooperation": "public",
        "cooperation_logo": "public",
        "imprint": "public",
        "privacy": "public",
        "accessibility": "public",
        "imprint_choice": "public",
        "privacy_choice": "public",
        "accessibility_choice": "public",
        "public_mission": "public",
        "public_outcomes": "public",
        "public_contact": "public",
        "public_meetings": "public",
        "public_calendar": "public",
        "public_meeting": "public",
        "public_minutes": "public",
        "public_measures": "public",
        "public_measure": "public",
        "public_documents": "public",
        "public_reports": "public",
        "public_report_download": "public",
        "login": "public",
        "sign_in_code": "public",
        "second_factor": "signed_in",
        "second_factor_remove": "signed_in",
        "session_renew": "signed_in",
        "logout": "public",
        "home": "signed_in",
        "password_reset": "public",
        "password_reset_done": "public",
        "password_reset_confirm": "public",
        "password_reset_complete": "public",
        "invitation": "public",
        "roles": "manage_roles",
        "role_withdraw": "manage_roles",
        "role_invite_again": "manage_roles",
        "cockpit": "view_internal",
        "meetings": "view_internal",
        "meeting_calendar": "view_internal",
        "meeting_create": "change",
        "meeting": "view_internal",
        "meeting_record": "change",
        "meeting_edit": "change",
        "meeting_agenda_edit": "change",
        "meeting_outcome_edit": "change",
        "meeting_outcome_delete": "change",
        "meeting_agenda": "change",
        "meeting_agenda_add": "change",
        "meeting_agenda_accept": "change",
        "meeting_agenda_up": "change",
        "meeting_agenda_down": "change",
        "meeting_agenda_remove": "change",
        "meeting_close": "change",
        "meeting_held": "change",
        "meeting_cancel": "change",
        "meeting_attendance": "change",
        "meeting_publish": "change",
        "meeting_publish_preview": "change",
        "meeting_publish_confirm": "change",
        "meeting_invitation": "view_internal",
        "meeting_minutes": "view_internal",
        "meeting_document_upload": "change_own",
        "measure_document_upload": "change_own",
        "document": "public",
        "agreements": "view_internal",
        "agreement_create": "change",
        "agreement": "view_internal",
        "agreement_draft_docx": "view_internal",
        "agreement_document_upload": "change",
        "agreement_edit": "change",
        "agreement_parties": "change",
        "agreement_start_drafting": "change",
        "agreement_settle_point": "change",
        "agreement_reopen_point": "change",
        "agreement_draft_available": "change",
        "agreement_submit": "change",
        "agreement_resolution": "change",
        "agreement_request_approval": "change",
        "agreement_approval": "change",
        "agreement_publication": "change",
        "agreement_amendment": "change",
        "agreement_terminate": "change",
        "agreement_party_leaving": "change",
        "agreement_not_pursued": "change",
        "measures": "view_internal",
        "measure_create": "change",
        "measure": "view_internal",
        "measure_edit": "change",
        "measure_status": "change",
        "tasks": "view_internal",
        "municipalities": "view_internal",
        "municipality_matrix": "view_internal",
        "municipality": "view_internal",
        "task": "view_internal",
        "task_done": "change_own",
        "task_move_due": "change_own",
        "task_assign": "change_own",
        "task_csv": "view_internal",
        "task_create": "change_own",
        "task_edit": "change_own",
        "task_comment": "change_own",
        "task_reopen": "change_own",
        "cost_checks": "view_internal",
        "cost_check_create": "change",
        "cost_check": "view_internal",
        "cost_check_xlsx": "view_internal",
        "cost_check_pdf": "view_internal",
        "cost_scenario_copy": "change",
        "cost_model_edit": "change",
        "cost_item_create": "change",
        "key_figures": "change",
        "status_quo": "change",
        "cost_item_edit": "change",
        "cost_item_delete": "change",
        "settlements": "view_internal",
        "settlement_create": "change",
        "settlement": "view_internal",
        "settlement_pdf": "view_internal",
        "audit": "change",
        "audit_csv": "change",
        "masterdata_settings": "change",
        "masterdata_municipalities": "change",
        "masterdata_municipality": "change",
        "masterdata_municipality_leave": "change",
        "masterdata_municipality_join": "change",
        "masterdata_bodies": "change",
        "masterdata_body": "change",
        "masterdata_body_delete": "change",
        "masterdata_membership_add": "change",
        "masterdata_membership": "change",
        "masterdata_membership_end": "change",
        "masterdata_partners": "change",
        "masterdata_partner": "change",
        "masterdata_partner_delete": "change",
        "masterdata_fields": "change",
        "masterdata_field": "change",
        "masterdata_field_delete": "change",
        "masterdata_people": "change",
        "masterdata_person": "change",
        "masterdata_person_delete": "change",
        "person_export": "manage_roles",
        "person_anonymise": "manage_roles",
        "reports": "view_internal",
        "report_import": "import_report",
        "report": "view_internal",
        "report_issue": "issue_report",
        "report_download": "view_internal",
        "report_meeting_overview": "view_internal",
        "report_preview": "view_internal",
        "report_edit": "change",
        "report_compare": "view_internal",
        "report_delete": "change",
        "report_correct": "change",
        "report_publish": "change",
        "search": "public",
    }


def test_anonymous_visitors_are_sent_to_the_login_page(client, demo):
    response = client.get(reverse("web:reports"))

    assert response["Location"] == "/anmelden/?next=/berichte/"


def test_login_page_is_open(client):
    assert client.get(reverse("web:login")).status_code == 200


def test_logout_page_for_a_signed_in_user_asks_and_keeps_the_session(
    without_role, django_assert_max_num_queries
):
    # The session, the account, its roles (for the navigation), and the session's new
    # expiry (it ends after inactivity) written in a savepoint.
    with django_assert_max_num_queries(6):
        response = without_role.get(reverse("web:logout"))

    page = response.content.decode()
    assert response.status_code == 200
    assert "<h1>Abmelden</h1>" in page
    assert "Sie sind als ohne-rolle angemeldet." in page
    assert (
        '<form method="post" class="form"><input type="hidden" name="csrfmiddlewaretoken"' in page
    )
    assert without_role.get(reverse("web:reports")).status_code == 403


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
    assert response["Location"] == f"/anmelden/?next={admin_url(model, 'changelist')}"


@pytest.mark.parametrize("model", ADMIN_MODELS, ids=lambda model: model._meta.label)
def test_admin_lists_refuse_staff_without_a_role(staff, model):
    response = staff.get(admin_url(model, "changelist"))

    assert response.status_code == 403
    assert "Sie sind als staff angemeldet" in response.content.decode()


@pytest.mark.parametrize("model", ADMIN_MODELS, ids=lambda model: model._meta.label)
def test_admin_pages_work_for_administrators(
    administrator, every_admin_model, model, django_assert_max_num_queries
):
    # Lists select their related rows: the count stays flat however much data there is.
    with django_assert_max_num_queries(15):
        assert administrator.get(admin_url(model, "changelist")).status_code == 200
    # Issued report files are written by issuing a report, status changes on their
    # measure, comments on their task's page, the sign-in log by signing in.
    written_elsewhere = (
        model in (ReportFile, StatusChange, TaskComment) or model._meta.app_label == "axes"
    )
    expected_add = 403 if written_elsewhere else 200
    assert administrator.get(admin_url(model, "add")).status_code == expected_add
    instance = model.objects.first()
    assert instance is not None, f"{model._meta.label}: the fixture has no row to show"
    assert administrator.get(admin_url(model, "change", instance.pk)).status_code == 200
    assert administrator.get(admin_url(model, "history", instance.pk)).status_code == 200


def test_admin_login_sends_to_the_cockpits_sign_in(client):
    response = client.get("/admin/login/?next=/admin/core/body/")

    assert (response.status_code, response["Location"]) == (
        302,
        "/anmelden/?next=/admin/core/body/",
    )


def test_admin_login_of_a_coordinator_opens_the_admin(coordinator_client):
    assert coordinator_client.get("/admin/login/")["Location"] == "/admin/"


def test_admin_login_of_an_account_without_a_role_is_refused(staff):
    assert staff.get("/admin/login/").status_code == 403
