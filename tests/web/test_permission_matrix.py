"""Every URL of the URL configuration, read (GET) and written (POST), as every kind of
visitor: the exact status of each cell. A URL that is not in the matrix fails the test,
so a new page cannot be forgotten.

The visitors: anonymous; members of two municipalities of the Partheland; an observer
(the Landratsamt); the Partheland's coordinator; the coordinator of another cooperation;
a superuser. The admin's pages are checked per registered model: its list (read) and its
add page (write), and the change page of a Partheland row."""

import datetime
import hashlib

import pytest
from django.contrib import admin
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from ikz.agreements.models import Agreement, CostModel, Settlement
from ikz.core.models import Cooperation, Document, Membership, Municipality, Partner, Role
from ikz.core.versions import current_version
from ikz.measures.domain import Due, create_task
from ikz.measures.models import FieldOfAction, Measure, StatusChange, Task, TaskComment
from ikz.meetings.domain import add_agenda_item, record_outcome
from ikz.meetings.models import Meeting
from ikz.reports.models import ReportFile, StatusReport
from ikz.sample.demo import DEMO_REPORT
from tests.factories import RoleFactory, StatusReportFactory, UserFactory

pytestmark = pytest.mark.django_db

VISITORS = [
    "anonymous",
    "member_a",
    "member_b",
    "observer",
    "coordinator",
    "other_coordinator",
    "superuser",
]
ALL = dict.fromkeys(VISITORS)


def row(anonymous, member_a, member_b, observer, coordinator, other_coordinator, superuser):
    return dict(zip(VISITORS, (anonymous, member_a, member_b, observer, coordinator,
                               other_coordinator, superuser), strict=True))  # fmt: skip


def everyone(status):
    return row(*[status] * len(VISITORS))


# Read by the Partheland's people, refused to the other cooperation's coordinator.
INTERNAL = row(302, 200, 200, 200, 200, 403, 200)
# GET and HEAD only: a POST is refused before anything else.
READ_ONLY = everyone(405)
# The cooperation's coordinators alone (and superusers); a form shown again.
COORDINATORS = row(302, 403, 403, 403, 200, 403, 200)

# name: (path of the Partheland's objects, GET statuses, POST statuses).
WEB = {
    "start": ("/", everyone(200), READ_ONLY),
    "cooperation": ("/k/partheland/", everyone(200), READ_ONLY),
    "cooperation_logo": ("/k/partheland/logo", everyone(200), READ_ONLY),
    "imprint": ("/k/partheland/impressum/", everyone(200), READ_ONLY),
    "privacy": ("/k/partheland/datenschutz/", everyone(200), READ_ONLY),
    "accessibility": ("/k/partheland/barrierefreiheit/", everyone(200), READ_ONLY),
    "imprint_choice": ("/impressum/", everyone(200), READ_ONLY),
    "privacy_choice": ("/datenschutz/", everyone(200), READ_ONLY),
    "accessibility_choice": ("/barrierefreiheit/", everyone(200), READ_ONLY),
    # The public site: anyone reads what is public; the public URL of something that is
    # not public is not found, for everyone.
    "public_mission": ("/k/partheland/leitbild/", everyone(200), READ_ONLY),
    "public_outcomes": ("/k/partheland/ergebnisse/", everyone(200), READ_ONLY),
    "public_contact": ("/k/partheland/kontakt/", everyone(200), READ_ONLY),
    "public_meetings": ("/k/partheland/termine/", everyone(200), READ_ONLY),
    "public_calendar": ("/k/partheland/termine/kalender/2020-5/", everyone(200), READ_ONLY),
    "public_meeting": ("/k/partheland/termine/{public_meeting}/", everyone(200), READ_ONLY),
    "public_minutes": (
        "/k/partheland/termine/{public_meeting}/niederschrift.docx",
        everyone(200),
        READ_ONLY,
    ),  # fmt: skip
    "public_measures": ("/k/partheland/vorhaben/", everyone(200), READ_ONLY),
    "public_measure": ("/k/partheland/vorhaben/{public_measure}/", everyone(200), READ_ONLY),
    "public_documents": ("/k/partheland/dokumente/", everyone(200), READ_ONLY),
    "public_reports": ("/k/partheland/berichte/", everyone(200), READ_ONLY),
    "public_report_download": (
        "/k/partheland/berichte/{public_report}/md/",
        everyone(200),
        READ_ONLY,
    ),  # fmt: skip
    # People and roles: the cooperation's coordinators alone.
    "roles": (
        "/k/partheland/rollen/",
        row(302, 403, 403, 403, 200, 403, 200),
        row(302, 403, 403, 403, 302, 403, 302),
    ),  # fmt: skip
    # A role of the Partheland taken away: its coordinators.
    "role_withdraw": (
        "/k/partheland/rollen/{withdrawn}/entziehen/",
        everyone(405),
        row(302, 403, 403, 403, 302, 403, 302),
    ),  # fmt: skip
    # The invitation for a role of the Partheland mailed again: its coordinators.
    "role_invite_again": (
        "/k/partheland/rollen/{invited}/einladen/",
        everyone(405),
        row(302, 403, 403, 403, 302, 403, 302),
    ),  # fmt: skip
    # What is held about a person of the Partheland (one who leaves): its coordinators.
    "person_export": (
        "/k/partheland/personen/{leaver}/export/",
        row(302, 403, 403, 403, 200, 403, 200),
        READ_ONLY,
    ),  # fmt: skip
    "person_anonymise": (
        "/k/partheland/personen/{leaver}/anonymisieren/",
        row(302, 403, 403, 403, 200, 403, 200),
        row(302, 403, 403, 403, 302, 403, 302),
    ),  # fmt: skip
    # Meetings: read by the Partheland's people, planned by its coordinators (a POST
    # without data shows the form's errors).
    "meetings": ("/k/partheland/sitzungen/", INTERNAL, READ_ONLY),
    "meeting_calendar": ("/k/partheland/sitzungen/kalender/2020-6/", INTERNAL, READ_ONLY),
    "meeting_create": (
        "/k/partheland/sitzungen/neu/",
        row(302, 403, 403, 403, 200, 403, 200),
        row(302, 403, 403, 403, 200, 403, 200),
    ),  # fmt: skip
    "meeting": ("/sitzungen/{meeting}/", INTERNAL, READ_ONLY),
    # The agenda page, and each of its actions posted on its own: a topic without a
    # title shows the form's errors; no proposal chosen puts none on the agenda; the
    # first topic stays at the top, moves down, and is removed.
    "meeting_agenda": (
        "/sitzungen/{meeting}/tagesordnung/",
        row(302, 403, 403, 403, 200, 403, 200),
        READ_ONLY,
    ),  # fmt: skip
    "meeting_agenda_add": (
        "/sitzungen/{meeting}/tagesordnung/neu/",
        everyone(405),
        row(302, 403, 403, 403, 200, 403, 200),
    ),  # fmt: skip
    "meeting_agenda_accept": (
        "/sitzungen/{meeting}/tagesordnung/uebernehmen/",
        everyone(405),
        row(302, 403, 403, 403, 302, 403, 302),
    ),  # fmt: skip
    "meeting_agenda_up": (
        "/sitzungen/{meeting}/tagesordnung/{item}/hoch/",
        everyone(405),
        row(302, 403, 403, 403, 302, 403, 302),
    ),  # fmt: skip
    "meeting_agenda_down": (
        "/sitzungen/{meeting}/tagesordnung/{item}/runter/",
        everyone(405),
        row(302, 403, 403, 403, 302, 403, 302),
    ),  # fmt: skip
    "meeting_agenda_remove": (
        "/sitzungen/{meeting}/tagesordnung/{item}/entfernen/",
        everyone(405),
        row(302, 403, 403, 403, 302, 403, 302),
    ),  # fmt: skip
    "meeting_attendance": (
        "/sitzungen/{meeting}/anwesenheit/",
        row(302, 403, 403, 403, 200, 403, 200),
        row(302, 403, 403, 403, 200, 403, 200),
    ),  # fmt: skip
    # Closing: held without a chair named; cancelled without a reason shows the form's
    # errors.
    "meeting_close": (
        "/sitzungen/{meeting}/abschluss/",
        row(302, 403, 403, 403, 200, 403, 200),
        READ_ONLY,
    ),  # fmt: skip
    "meeting_held": (
        "/sitzungen/{meeting}/abschluss/durchgefuehrt/",
        everyone(405),
        row(302, 403, 403, 403, 302, 403, 302),
    ),  # fmt: skip
    "meeting_cancel": (
        "/sitzungen/{meeting}/abschluss/abgesagt/",
        everyone(405),
        row(302, 403, 403, 403, 200, 403, 200),
    ),  # fmt: skip
    # Publishing: without the version the choice was based on, the preview and the
    # publication show what changed since, and nothing is published.
    "meeting_publish": (
        "/sitzungen/{meeting}/veroeffentlichen/",
        row(302, 403, 403, 403, 200, 403, 200),
        READ_ONLY,
    ),  # fmt: skip
    "meeting_publish_preview": (
        "/sitzungen/{meeting}/veroeffentlichen/vorschau/",
        everyone(405),
        row(302, 403, 403, 403, 200, 403, 200),
    ),  # fmt: skip
    "meeting_publish_confirm": (
        "/sitzungen/{meeting}/veroeffentlichen/freigeben/",
        everyone(405),
        row(302, 403, 403, 403, 200, 403, 200),
    ),  # fmt: skip
    "meeting_record": (
        "/sitzungen/{meeting}/ergebnis/",
        row(302, 403, 403, 403, 200, 403, 200),
        row(302, 403, 403, 403, 200, 403, 200),
    ),  # fmt: skip
    # Corrections: a meeting, a topic and a result edited by its coordinators (a POST
    # without data shows the form's errors; the topic is the one that stays on the
    # agenda); a result's deletion asks first, and a POST without the version its page
    # was based on shows what changed and deletes nothing.
    "meeting_edit": (
        "/sitzungen/{meeting}/bearbeiten/",
        row(302, 403, 403, 403, 200, 403, 200),
        row(302, 403, 403, 403, 200, 403, 200),
    ),  # fmt: skip
    "meeting_agenda_edit": (
        "/sitzungen/{meeting}/tagesordnung/{topic}/bearbeiten/",
        row(302, 403, 403, 403, 200, 403, 200),
        row(302, 403, 403, 403, 200, 403, 200),
    ),  # fmt: skip
    "meeting_outcome_edit": (
        "/sitzungen/{meeting}/ergebnisse/{outcome}/bearbeiten/",
        row(302, 403, 403, 403, 200, 403, 200),
        row(302, 403, 403, 403, 200, 403, 200),
    ),  # fmt: skip
    "meeting_outcome_delete": (
        "/sitzungen/{meeting}/ergebnisse/{outcome}/loeschen/",
        row(302, 403, 403, 403, 200, 403, 200),
        row(302, 403, 403, 403, 200, 403, 200),
    ),  # fmt: skip
    # The invitation and the minutes as files: read by the Partheland's people.
    "meeting_invitation": ("/sitzungen/{meeting}/einladung.docx", INTERNAL, READ_ONLY),
    "meeting_minutes": ("/sitzungen/{meeting}/niederschrift.docx", INTERNAL, READ_ONLY),
    # Documents: attached by its coordinators and, as their municipality's, its members
    # (a POST without a file shows the form's errors); an internal one is read by the
    # Partheland's people.
    "meeting_document_upload": (
        "/sitzungen/{meeting}/dokumente/neu/",
        row(302, 200, 200, 403, 200, 403, 200),
        row(302, 200, 200, 403, 200, 403, 200),
    ),  # fmt: skip
    "measure_document_upload": (
        "/massnahmen/{measure}/dokumente/neu/",
        row(302, 200, 200, 403, 200, 403, 200),
        row(302, 200, 200, 403, 200, 403, 200),
    ),  # fmt: skip
    "document": ("/dokumente/{document}/entwurf.pdf", INTERNAL, READ_ONLY),
    # Measures: read by the Partheland's people, kept by its coordinators (a POST
    # without data shows the form's errors).
    # Purpose agreements: read by the Partheland's people, registered and taken from step
    # to step by its coordinators (a POST without data shows the form's errors; the
    # parties' form without its version shows what changed since).
    "agreements": ("/k/partheland/zweckvereinbarungen/", INTERNAL, READ_ONLY),
    "agreement_create": ("/k/partheland/zweckvereinbarungen/neu/", COORDINATORS, COORDINATORS),
    "agreement": ("/zweckvereinbarungen/{agreement}/", INTERNAL, READ_ONLY),
    "agreement_draft_docx": ("/zweckvereinbarungen/{agreement}/entwurf.docx", INTERNAL, READ_ONLY),
    "agreement_document_upload": (
        "/zweckvereinbarungen/{agreement}/dokumente/neu/",
        COORDINATORS,
        COORDINATORS,
    ),  # fmt: skip
    "agreement_edit": ("/zweckvereinbarungen/{agreement}/bearbeiten/", COORDINATORS, COORDINATORS),
    "agreement_parties": (
        "/zweckvereinbarungen/{agreement}/beteiligte/",
        COORDINATORS,
        COORDINATORS,
    ),  # fmt: skip
    "agreement_start_drafting": (
        "/zweckvereinbarungen/{agreement}/entwurf/",
        everyone(405),
        COORDINATORS,
    ),  # fmt: skip
    "agreement_settle_point": (
        "/zweckvereinbarungen/{agreement}/punkt/",
        everyone(405),
        COORDINATORS,
    ),  # fmt: skip
    "agreement_reopen_point": (
        "/zweckvereinbarungen/{agreement}/punkt-offen/",
        everyone(405),
        COORDINATORS,
    ),  # fmt: skip
    "agreement_draft_available": (
        "/zweckvereinbarungen/{agreement}/entwurf-liegt-vor/",
        everyone(405),
        COORDINATORS,
    ),  # fmt: skip
    "agreement_submit": (
        "/zweckvereinbarungen/{agreement}/gremien/",
        everyone(405),
        COORDINATORS,
    ),  # fmt: skip
    "agreement_resolution": (
        "/zweckvereinbarungen/{agreement}/ratsbeschluss/",
        everyone(405),
        COORDINATORS,
    ),  # fmt: skip
    "agreement_request_approval": (
        "/zweckvereinbarungen/{agreement}/genehmigung-beantragt/",
        everyone(405),
        COORDINATORS,
    ),  # fmt: skip
    "agreement_approval": (
        "/zweckvereinbarungen/{agreement}/genehmigung/",
        everyone(405),
        COORDINATORS,
    ),  # fmt: skip
    "agreement_publication": (
        "/zweckvereinbarungen/{agreement}/bekanntmachung/",
        everyone(405),
        COORDINATORS,
    ),  # fmt: skip
    "agreement_amendment": (
        "/zweckvereinbarungen/{agreement}/aenderung/",
        everyone(405),
        COORDINATORS,
    ),  # fmt: skip
    "agreement_terminate": (
        "/zweckvereinbarungen/{agreement}/beendigung/",
        everyone(405),
        COORDINATORS,
    ),  # fmt: skip
    "agreement_party_leaving": (
        "/zweckvereinbarungen/{agreement}/austritt/",
        everyone(405),
        COORDINATORS,
    ),  # fmt: skip
    "agreement_not_pursued": (
        "/zweckvereinbarungen/{agreement}/nicht-verfolgt/",
        everyone(405),
        COORDINATORS,
    ),  # fmt: skip
    "measures": ("/k/partheland/massnahmen/", INTERNAL, READ_ONLY),
    "measure_create": (
        "/k/partheland/massnahmen/neu/",
        row(302, 403, 403, 403, 200, 403, 200),
        row(302, 403, 403, 403, 200, 403, 200),
    ),
    "measure": ("/massnahmen/{measure}/", INTERNAL, READ_ONLY),
    "measure_edit": (
        "/massnahmen/{measure}/bearbeiten/",
        row(302, 403, 403, 403, 200, 403, 200),
        row(302, 403, 403, 403, 200, 403, 200),
    ),
    "measure_status": (
        "/massnahmen/{measure}/status/",
        row(302, 403, 403, 403, 200, 403, 200),
        row(302, 403, 403, 403, 200, 403, 200),
    ),
    # Tasks: read by the Partheland's people; the task of Naunhof is acted on by its
    # coordinators and Naunhof's member. Done first, its due date then stays (the form
    # says so); a member cannot give it to nobody, a coordinator can.
    "tasks": ("/k/partheland/aufgaben/", INTERNAL, READ_ONLY),
    "cockpit": ("/k/partheland/cockpit/", INTERNAL, READ_ONLY),
    # Municipalities: the directory, the matrix and a municipality's page, read by the
    # Partheland's people.
    "municipalities": ("/k/partheland/kommunen/", INTERNAL, READ_ONLY),
    "municipality_matrix": ("/k/partheland/kommunen/matrix/", INTERNAL, READ_ONLY),
    "municipality": ("/k/partheland/kommunen/{municipality}/", INTERNAL, READ_ONLY),
    "task": ("/aufgaben/{task}/", INTERNAL, READ_ONLY),
    "task_done": (
        "/aufgaben/{task}/erledigt/",
        everyone(405),
        row(302, 302, 403, 403, 302, 403, 302),
    ),  # fmt: skip
    "task_move_due": (
        "/aufgaben/{task}/termin/",
        row(302, 200, 403, 403, 200, 403, 200),
        row(302, 200, 403, 403, 200, 403, 200),
    ),  # fmt: skip
    "task_assign": (
        "/aufgaben/{task}/zuweisen/",
        row(302, 200, 403, 403, 200, 403, 200),
        row(302, 200, 403, 403, 302, 403, 302),
    ),  # fmt: skip
    # Tasks of their own: the list as CSV for the Partheland's people; a new task by its
    # coordinators and its members (for their municipality); the Naunhof task renamed,
    # commented on and opened again by its coordinators and Naunhof's member (a POST
    # without data shows the form's errors).
    "task_csv": ("/k/partheland/aufgaben.csv", INTERNAL, READ_ONLY),
    "task_create": (
        "/k/partheland/aufgaben/neu/",
        row(302, 200, 200, 403, 200, 403, 200),
        row(302, 200, 200, 403, 200, 403, 200),
    ),  # fmt: skip
    "task_edit": (
        "/aufgaben/{task}/bearbeiten/",
        row(302, 200, 403, 403, 200, 403, 200),
        row(302, 200, 403, 403, 200, 403, 200),
    ),  # fmt: skip
    "task_comment": (
        "/aufgaben/{task}/kommentar/",
        everyone(405),
        row(302, 200, 403, 403, 200, 403, 200),
    ),  # fmt: skip
    "task_reopen": (
        "/aufgaben/{task}/wieder-offen/",
        everyone(405),
        row(302, 200, 403, 403, 200, 403, 200),
    ),  # fmt: skip
    # Cost checks and settlements: read by the Partheland's people (downloads too),
    # kept by its coordinators (a POST without data shows the form's errors; status-quo
    # costs sent without the version they were shown for, what changed; a cost item's
    # deletion without its version deletes nothing and says so on the scenario's page).
    **{
        name: (path, INTERNAL, READ_ONLY)
        for name, path in [
            ("cost_checks", "/k/partheland/kostenpruefungen/"),
            ("cost_check", "/kostenpruefungen/{cost_model}/"),
            ("cost_check_xlsx", "/kostenpruefungen/{cost_model}/kostenpruefung.xlsx"),
            ("cost_check_pdf", "/kostenpruefungen/{cost_model}/kostenpruefung.pdf"),
            ("settlements", "/k/partheland/abrechnungen/"),
            ("settlement", "/abrechnungen/{settlement}/"),
            ("settlement_pdf", "/abrechnungen/{settlement}/{party}/abrechnung.pdf"),
        ]
    },
    **{
        name: (path, COORDINATORS, COORDINATORS)
        for name, path in [
            ("cost_check_create", "/k/partheland/kostenpruefungen/neu/"),
            ("cost_model_edit", "/szenarien/{cost_model}/"),
            ("cost_item_create", "/szenarien/{cost_model}/posten/neu/"),
            ("key_figures", "/szenarien/{cost_model}/kennzahlen/"),
            ("status_quo", "/szenarien/{cost_model}/status-quo/"),
            ("cost_item_edit", "/kostenposten/{cost_item}/"),
            ("settlement_create", "/k/partheland/abrechnungen/neu/"),
        ]
    },
    "cost_scenario_copy": ("/kostenpruefungen/{cost_model}/kopieren/", everyone(405), COORDINATORS),
    "cost_item_delete": (
        "/kostenposten/{cost_item}/loeschen/",
        everyone(405),
        row(302, 403, 403, 403, 302, 403, 302),
    ),  # fmt: skip
    # The audit log: coordinators.
    "audit": (
        "/k/partheland/protokoll/",
        row(302, 403, 403, 403, 200, 403, 200),
        READ_ONLY,
    ),  # fmt: skip
    "audit_csv": (
        "/k/partheland/protokoll.csv",
        row(302, 403, 403, 403, 200, 403, 200),
        READ_ONLY,
    ),  # fmt: skip
    # Master data: its coordinators alone. A POST without data shows the form's errors;
    # a deletion without the version it was based on deletes nothing and says so.
    **{
        name: (path, COORDINATORS, COORDINATORS)
        for name, path in [
            ("masterdata_settings", "/k/partheland/stammdaten/einstellungen/"),
            ("masterdata_municipalities", "/k/partheland/stammdaten/kommunen/"),
            ("masterdata_municipality", "/k/partheland/stammdaten/kommunen/{municipality}/"),
            ("masterdata_bodies", "/k/partheland/stammdaten/gremien/"),
            ("masterdata_body", "/k/partheland/stammdaten/gremien/{body}/"),
            (
                "masterdata_membership",
                "/k/partheland/stammdaten/gremien/{body}/mitglieder/{membership}/",
            ),
            ("masterdata_partners", "/k/partheland/stammdaten/partner/"),
            ("masterdata_partner", "/k/partheland/stammdaten/partner/{partner}/"),
            ("masterdata_fields", "/k/partheland/stammdaten/handlungsfelder/"),
            ("masterdata_field", "/k/partheland/stammdaten/handlungsfelder/{field}/"),
            ("masterdata_people", "/k/partheland/stammdaten/personen/"),
            ("masterdata_person", "/k/partheland/stammdaten/personen/{person}/"),
        ]
    },
    **{
        name: (path, everyone(405), COORDINATORS)
        for name, path in [
            (
                "masterdata_municipality_leave",
                "/k/partheland/stammdaten/kommunen/{municipality}/austritt/",
            ),
            (
                "masterdata_municipality_join",
                "/k/partheland/stammdaten/kommunen/{municipality}/beitritt/",
            ),
            (
                "masterdata_membership_add",
                "/k/partheland/stammdaten/gremien/{body}/mitglieder/neu/",
            ),
            (
                "masterdata_membership_end",
                "/k/partheland/stammdaten/gremien/{body}/mitglieder/{membership}/ende/",
            ),
        ]
    },
    **{
        name: (path, everyone(405), row(302, 403, 403, 403, 302, 403, 302))
        for name, path in [
            ("masterdata_body_delete", "/k/partheland/stammdaten/gremien/{body}/loeschen/"),
            ("masterdata_partner_delete", "/k/partheland/stammdaten/partner/{partner}/loeschen/"),
            (
                "masterdata_field_delete",
                "/k/partheland/stammdaten/handlungsfelder/{field}/loeschen/",
            ),
            ("masterdata_person_delete", "/k/partheland/stammdaten/personen/{person}/loeschen/"),
        ]
    },
    # A wrong password shows the form again.
    "login": ("/anmelden/", everyone(200), everyone(200)),
    "logout": ("/abmelden/", everyone(200), everyone(302)),
    # The code after the password: without a password just given, back to the sign-in.
    "sign_in_code": ("/anmelden/code/", everyone(302), everyone(302)),
    # Every account sets up its own second factor; a POST without a code shows the form.
    "second_factor": (
        "/konto/zweiter-faktor/",
        row(302, 200, 200, 200, 200, 200, 200),
        row(302, 200, 200, 200, 200, 200, 200),
    ),  # fmt: skip
    # Removing it asks for a code from the session's confirmed factor: without one,
    # back to the page.
    "second_factor_remove": (
        "/konto/zweiter-faktor/entfernen/",
        everyone(405),
        row(302, 302, 302, 302, 302, 302, 302),
    ),  # fmt: skip
    # "Stay signed in" before the idle timeout: every signed-in account, nothing to say.
    "session_renew": (
        "/konto/sitzung/verlaengern/",
        everyone(405),
        row(302, 204, 204, 204, 204, 204, 204),
    ),  # fmt: skip
    # The start page after signing in: one cooperation's reports, or the choice of them.
    "home": ("/start/", row(302, 302, 302, 302, 302, 302, 200), READ_ONLY | {"anonymous": 302}),
    # Asking for a link answers the same for every address; a wrong link's page says
    # it is no longer valid, whoever opens it.
    "password_reset": ("/passwort/vergessen/", everyone(200), everyone(302)),
    "password_reset_done": ("/passwort/gesendet/", everyone(200), READ_ONLY),
    "password_reset_confirm": ("/passwort/neu/MQ/falsch/", everyone(200), everyone(200)),
    "password_reset_complete": ("/passwort/geaendert/", everyone(200), READ_ONLY),
    "invitation": ("/einladung/MQ/falsch/", everyone(200), everyone(200)),
    # Anyone with a role reads reports; only coordinators start one, the other
    # cooperation's coordinator cannot choose the Partheland (the form says so).
    "reports": (
        "/berichte/",
        row(302, 200, 200, 200, 200, 200, 200),
        row(302, 403, 403, 403, 302, 200, 302),
    ),  # fmt: skip
    # The other coordinator's dry run of a Partheland file is refused in the form.
    "report_import": (
        "/berichte/import/",
        row(302, 403, 403, 403, 200, 200, 200),
        row(302, 403, 403, 403, 200, 200, 200),
    ),  # fmt: skip
    "report": ("/berichte/{report}/", INTERNAL, READ_ONLY),
    "report_download": ("/berichte/{report}/md/", INTERNAL, READ_ONLY),
    "report_meeting_overview": ("/berichte/{report}/sitzungsuebersicht/md/", INTERNAL, READ_ONLY),
    "report_preview": ("/berichte/{report}/vorschau/", INTERNAL, READ_ONLY),
    "report_compare": ("/berichte/{report}/vergleich/", INTERNAL, READ_ONLY),
    # A draft's edit form and its deletion: without data, the form's errors (the
    # deletion, sent without the version it was shown for, shows what changed).
    "report_edit": ("/berichte/{draft}/bearbeiten/", COORDINATORS, COORDINATORS),
    "report_delete": ("/berichte/{draft}/loeschen/", COORDINATORS, COORDINATORS),
    # An issued report corrected (a new draft) and made public: its coordinators.
    "report_correct": (
        "/berichte/{report}/berichtigen/",
        everyone(405),
        row(302, 403, 403, 403, 302, 403, 302),
    ),  # fmt: skip
    "report_publish": (
        "/berichte/{report}/oeffentlich/",
        everyone(405),
        row(302, 403, 403, 403, 302, 403, 302),
    ),  # fmt: skip
    # The confirmation page, then the draft issued as confirmed.
    "report_issue": (
        "/berichte/{draft}/ausstellen/",
        COORDINATORS,
        row(302, 403, 403, 403, 302, 403, 302),
    ),
    # Anyone searches; what each finds is tests/web/test_search.py's.
    "search": ("/suche/?q=Gewerbeamt", everyone(200), READ_ONLY),
}


@pytest.fixture
def world(every_admin_model, settings, tmp_path):
    """The Partheland demo with a row of every model, its people, and another
    cooperation with its own coordinator."""
    partheland = every_admin_model
    settings.MEDIA_ROOT = tmp_path
    partheland.logo.save("logo.svg", ContentFile(b'<svg xmlns="http://www.w3.org/2000/svg"/>'))
    naunhof, borsdorf = (Municipality.objects.get(name=name) for name in ("Naunhof", "Borsdorf"))
    # A draft without files yet, to be issued.
    StatusReportFactory(
        cooperation=partheland,
        period_start=datetime.date(2020, 8, 1),
        period_end=datetime.date(2020, 8, 31),
        report_date=datetime.date(2020, 8, 31),
    )
    # Two topics of the meeting whose pages are visited, to move and remove.
    meeting = Meeting.objects.filter(body__cooperation=partheland).first()
    for title in ("Anfrage der Matrix", "Antwort der Matrix"):
        add_agenda_item(meeting=meeting, title=title)
    # A result of that meeting, to correct and delete.
    record_outcome(meeting=meeting, text="Antwort der Matrix")
    create_task(
        cooperation=partheland, title="Anfrage der Matrix", owner=naunhof,
        due=Due.on_day(datetime.date(2020, 9, 1)),
    )  # fmt: skip
    # An issued report on the public pages, with its stored file.
    content = b"# Statusbericht Oktober 2020"
    public_report = StatusReportFactory(
        cooperation=partheland, period_start=datetime.date(2020, 10, 1),
        period_end=datetime.date(2020, 10, 31), report_date=datetime.date(2020, 10, 31),
        state=StatusReport.State.FINAL, snapshot={}, issued_at=timezone.now(), is_public=True,
    )  # fmt: skip
    ReportFile.objects.create(
        report=public_report, format="md", file=ContentFile(content, name="bericht.md"),
        sha256=hashlib.sha256(content).hexdigest(), size=len(content),
    )  # fmt: skip
    # The cost check's scenario has paying municipalities: its settlement is worked out.
    CostModel.objects.get(cooperation=partheland).municipalities.set([naunhof, borsdorf])
    muldental = Cooperation.objects.create(name="Muldental", slug="muldental")
    StatusReportFactory(cooperation=muldental)
    users = {
        "member_a": RoleFactory(
            cooperation=partheland, kind=Role.Kind.MEMBER, municipality=naunhof
        ),
        "member_b": RoleFactory(
            cooperation=partheland, kind=Role.Kind.MEMBER, municipality=borsdorf
        ),
        "observer": RoleFactory(cooperation=partheland, kind=Role.Kind.OBSERVER),
        "coordinator": RoleFactory(cooperation=partheland),
        "other_coordinator": RoleFactory(cooperation=muldental),
        "leaver": RoleFactory(cooperation=partheland, kind=Role.Kind.OBSERVER),
        "withdrawn": RoleFactory(cooperation=partheland, kind=Role.Kind.OBSERVER),
    }
    users = {name: role.user for name, role in users.items()}
    users["superuser"] = UserFactory(username="root", is_superuser=True, is_staff=True)
    return partheland, users


def client_of(world, visitor: str) -> Client:
    _partheland, users = world
    client = Client()
    if visitor != "anonymous":
        client.force_login(users[visitor])
    return client


def web_names() -> set[str]:
    return {
        pattern.name
        for pattern in get_resolver().url_patterns
        if isinstance(pattern, URLResolver) and pattern.namespace == "web"
        for pattern in pattern.url_patterns
        if isinstance(pattern, URLPattern)
    }


def test_every_web_url_is_in_the_matrix():
    assert web_names() == set(WEB)


def post_data(name: str, partheland) -> dict:
    """A well-formed request of each form: what its permitted users would send."""
    if name == "reports":
        return {
            "cooperation": partheland.pk,
            "period": "Juli 2020",
            "report_date": "2020-07-31",
            "template": "seed",
        }
    if name == "report_import":
        return {
            "file": SimpleUploadedFile("statusbericht.md", DEMO_REPORT.read_bytes()),
            "dry_run": "on",
        }
    if name == "roles":
        return {"email": "landratsamt@example.org", "kind": "observer"}
    if name == "task_assign":
        # Based on the task as it is now (the edit forms carry its version).
        task = Task.objects.get(cooperation=partheland, title="Anfrage der Matrix")
        return {"owner": "", "version": current_version(task)}
    if name == "report_issue":
        # Issued as the confirmation page showed it.
        draft = StatusReport.objects.get(
            cooperation=partheland, state=StatusReport.State.DRAFT, period_start__month=8
        )
        return {"version": current_version(draft)}
    if name == "login":
        return {"username": "niemand@example.org", "password": "falsch"}
    if name == "password_reset":
        return {"email": "niemand@example.org"}
    return {}


def responses_of(client, world) -> tuple[dict, dict]:
    """Every web URL's response to GET and to POST, by name."""
    partheland, users = world
    report, draft = StatusReport.objects.filter(cooperation=partheland, is_public=False).order_by(
        "period_start"
    )
    # Read once: a coordinator's POST takes it away.
    withdrawn = Role.objects.get(user=users["withdrawn"]).pk
    invited = Role.objects.get(user=users["leaver"]).pk
    read, written = {}, {}
    meeting = Meeting.objects.filter(body__cooperation=partheland).first()
    item = meeting.agenda_items.get(title="Anfrage der Matrix")
    topic = meeting.agenda_items.get(title="Antwort der Matrix")
    outcome = meeting.outcomes.get(text="Antwort der Matrix")
    membership = Membership.objects.filter(body__cooperation=partheland).first()
    # What the public site shows: the demo's published meeting, a public measure, the
    # issued public report.
    public_objects = {
        "public_meeting": Meeting.objects.filter(
            body__cooperation=partheland, is_public=True, state=Meeting.State.HELD
        )
        .order_by("pk")
        .first()
        .pk,
        "public_measure": Measure.objects.filter(cooperation=partheland, is_public=True)
        .order_by("pk")
        .first()
        .pk,
        "public_report": StatusReport.objects.get(cooperation=partheland, is_public=True).pk,
    }
    cost_model = CostModel.objects.get(cooperation=partheland)
    naunhof = Municipality.objects.get(name="Naunhof")
    for name, (path, _get, _post) in WEB.items():
        url = path.format(
            report=report.pk,
            draft=draft.pk,
            leaver=users["leaver"].pk,
            withdrawn=withdrawn,
            invited=invited,
            meeting=meeting.pk,
            item=item.pk,
            topic=topic.pk,
            outcome=outcome.pk,
            measure=Measure.objects.filter(cooperation=partheland).first().pk,
            agreement=Agreement.objects.get(
                cooperation=partheland, title="Zweckvereinbarung Archiv"
            ).pk,
            task=Task.objects.get(cooperation=partheland, title="Anfrage der Matrix").pk,
            document=Document.objects.get(cooperation=partheland, title="Entwurf").pk,
            municipality=Municipality.objects.get(name="Naunhof").pk,
            body=membership.body_id,
            membership=membership.pk,
            partner=Partner.objects.filter(cooperation=partheland).first().pk,
            field=FieldOfAction.objects.filter(cooperation=partheland).first().pk,
            person=membership.person_id,
            cost_model=cost_model.pk,
            cost_item=cost_model.items.first().pk,
            settlement=Settlement.objects.get(cost_model=cost_model).pk,
            party=naunhof.pk,
            **public_objects,
        )
        read[name] = client.get(url)
        if name != "logout":  # signing out last, so that it does not end the others
            written[name] = client.post(url, post_data(name, partheland))
    written["logout"] = client.post(WEB["logout"][0])
    return read, written


def statuses(responses: dict) -> dict:
    return {name: response.status_code for name, response in responses.items()}


@pytest.mark.parametrize("visitor", VISITORS)
def test_web_urls_read_and_written_by_every_visitor(world, visitor):
    partheland, _users = world
    read, written = map(statuses, responses_of(client_of(world, visitor), world))

    assert read == {name: get[visitor] for name, (_path, get, _post) in WEB.items()}
    assert written == {name: post[visitor] for name, (_path, _get, post) in WEB.items()}
    assert issued_draft(partheland) == (visitor in ("coordinator", "superuser"))


def issued_draft(partheland) -> bool:
    draft = (
        StatusReport.objects.filter(cooperation=partheland, is_public=False)
        .order_by("period_start")
        .last()
    )
    return draft.state == StatusReport.State.FINAL


def test_a_coordinator_without_the_required_second_factor_is_an_observer_sent_to_set_it_up(
    world,
):
    """Where the observer is refused and the coordinator is not, the coordinator of a
    cooperation that requires a second factor is sent to set it up and then back."""
    partheland, _users = world
    partheland.second_factor_for_coordinators = True
    partheland.save()
    read, written = responses_of(client_of(world, "coordinator"), world)

    def expected(method: int) -> dict:
        cells = {}
        for name, columns in WEB.items():
            observer, coordinator = columns[method]["observer"], columns[method]["coordinator"]
            # The start page sends there too, rather than to the reports.
            start_page = name == "home" and method == 1
            held_back = observer == 403 and coordinator != 403 or start_page
            cells[name] = "second factor" if held_back else observer
        return cells

    def seen(responses: dict) -> dict:
        return {
            name: "second factor"
            if response.status_code == 302
            and response["Location"].startswith("/konto/zweiter-faktor/?next=")
            else response.status_code
            for name, response in responses.items()
        }

    assert seen(read) == expected(1)
    assert seen(written) == expected(2)
    assert not issued_draft(partheland)


def test_a_coordinator_whose_session_confirmed_the_second_factor_coordinates(world):
    partheland, users = world
    partheland.second_factor_for_coordinators = True
    partheland.save()
    device = TOTPDevice.objects.create(user=users["coordinator"], name="App", confirmed=True)
    client = client_of(world, "coordinator")
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    read, written = map(statuses, responses_of(client, world))

    assert read == {name: get["coordinator"] for name, (_path, get, _post) in WEB.items()}
    # With a confirmed factor, removing it without a code shows the form's error.
    assert written == {name: post["coordinator"] for name, (_path, _get, post) in WEB.items()} | {
        "second_factor_remove": 200
    }
    assert issued_draft(partheland)


ADMIN_MODELS = sorted(admin.site._registry, key=lambda model: model._meta.label)
# Django's accounts, the sign-in log and the second factors' devices belong to the
# administrators alone.
ADMINISTRATORS_ONLY = {"auth", "axes", "otp_totp"}
# Written only by their domain function (issuing, a measure's status, a comment on a
# task's page): never added here.
NEVER_ADDED = {ReportFile, StatusChange, TaskComment}


def admin_expected(model) -> tuple[dict, dict, dict]:
    """(list, add page, change page of a Partheland row) for every visitor."""
    if model._meta.app_label in ADMINISTRATORS_ONLY:
        refused = row(302, 403, 403, 403, 403, 403, 200)
        # The sign-in log is written by signing in alone.
        add = everyone(403) | {"anonymous": 302} if model._meta.app_label == "axes" else refused
        return refused, add, refused
    listing = row(302, 200, 200, 200, 200, 200, 200)
    add = row(302, 403, 403, 403, 200, 200, 200)
    if model in NEVER_ADDED:
        add = row(302, 403, 403, 403, 403, 403, 403)
    # Another cooperation's row is not in the other coordinator's admin at all: Django
    # sends them to the admin's start page. Programmes are shared by every cooperation.
    change = row(302, 200, 200, 200, 200, 302, 200)
    if model._meta.model_name == "fundingprogram":
        change = listing
    return listing, add, change


def admin_path(model, view: str, *args) -> str:
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


@pytest.mark.parametrize("visitor", VISITORS)
def test_admin_pages_of_every_model_for_every_visitor(world, visitor):
    partheland, _users = world
    client = client_of(world, visitor)

    statuses, expected = {}, {}
    for model in ADMIN_MODELS:
        label = model._meta.label
        instance = model._default_manager.order_by("pk").first()
        listing, add, change = admin_expected(model)
        statuses[label] = (
            client.get(admin_path(model, "changelist")).status_code,
            client.get(admin_path(model, "add")).status_code,
        )
        expected[label] = (listing[visitor], add[visitor])
        statuses[label] += (client.get(admin_path(model, "change", instance.pk)).status_code,)
        expected[label] += (change[visitor],)

    assert statuses == expected
