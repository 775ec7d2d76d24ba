"""Every page reads the database the same number of times with more data: no page runs
a query per row, per cooperation or per anything else that grows.

The data is built once and rolled back: one share of everything in a cooperation
(members, bodies, people, meetings with topics and outcomes, some public, measures with
their status history, tasks of every kind of owner, agreements, cost models, funding,
documents, two reports, one of them issued). Every page is visited; then a second share
goes into the same cooperation, which has twice its data then, and a third into a second
cooperation of the same shape, and every page is visited again. Admin change lists are
visited as they open and filtered to the cooperation that grows."""

import dataclasses
import datetime
import difflib
import re
from collections.abc import Callable
from urllib.parse import urlsplit

import pytest
from django.contrib import admin
from django.contrib.auth.models import User
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.db import connection, transaction
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import resolve, reverse
from django.utils import timezone, translation

from ikz.agreements import lifecycle
from ikz.agreements.models import (
    Agreement,
    AgreementStep,
    ChecklistItem,
    KeyFigure,
    Party,
    Settlement,
    StatusQuoCost,
)
from ikz.core.domain import add_body, add_member, add_partner, add_person, attach_document
from ikz.core.models import Body, Cooperation, Document, Membership, MissionStatement, Role
from ikz.core.months import month_end
from ikz.core.versions import current_version
from ikz.measures.domain import (
    Due,
    add_field_of_action,
    add_measure,
    change_status,
    change_status_by_hand,
    comment_on_task,
    complete_task,
    create_task,
    move_due,
    reopen_task,
)
from ikz.measures.models import Measure, MeasureStatus, Task
from ikz.meetings.domain import (
    TaskDraft,
    Vote,
    add_agenda_item,
    attendance_version,
    record_attendance,
    record_outcome,
    schedule_meeting,
)
from ikz.meetings.models import Consultation, Meeting, Outcome
from ikz.reports.drafts import start_report
from ikz.reports.exporters import EXPORTERS
from ikz.reports.issuing import issue_report
from ikz.reports.models import StatusReport
from ikz.web import urls as web_urls
from tests.factories import (
    AgreementFactory,
    CooperationFactory,
    CostItemFactory,
    CostModelFactory,
    MunicipalityFactory,
    RoleFactory,
    UserFactory,
    pdf_bytes,
)
from tests.measures.factories import FundingApplicationFactory, FundingProgramFactory
from tests.web.test_public_pages import PNG_1X1

# The module's data is built by its own fixture; the mark makes pytest-django set up the
# test database for it.
pytestmark = pytest.mark.django_db


@dataclasses.dataclass(frozen=True)
class Data:
    """What the pages' addresses name: the cooperation that grows and two of its
    reports."""

    cooperation: Cooperation
    issued: StatusReport
    draft: StatusReport
    person: User  # the coordinator, whose data is exported
    meeting: Meeting  # the first meeting held, whose agenda grows with the data
    measure: Measure | None = None  # the first measure, whose history and tasks grow
    task: Task | None = None  # its first task, whose due date moves
    document: Document | None = None  # the first meeting's document
    agreement: Agreement | None = None  # the first agreement, whose council resolves


def masterdata_path(data: Data, path: str) -> str:
    """A master data page of the cooperation that grows, about its first objects (a
    body with members, whose list grows)."""
    membership = Membership.objects.filter(body__cooperation=data.cooperation).first()
    ids = {
        "municipality": data.cooperation.participations.first().municipality_id,
        "body": membership.body_id,
        "membership": membership.pk,
        "partner": data.cooperation.partners.first().pk,
        "field": data.cooperation.fields_of_action.first().pk,
        "person": membership.person_id,
    }
    return f"/k/{data.cooperation.slug}/stammdaten/{path.format(**ids)}"


def cost_path(data: Data, path: str) -> str:
    """A page of the cost check of the cooperation that grows (its first scenario, a
    scenario added with every share), or of its first settlement."""
    cost_model = data.cooperation.cost_models.order_by("pk").first()
    settlement = Settlement.objects.filter(agreement__cooperation=data.cooperation).first()
    return path.format(
        slug=data.cooperation.slug,
        cost_model=cost_model.pk,
        item=cost_model.items.first().pk,
        settlement=settlement.pk,
        party=settlement.cost_model.municipalities.first().pk,
    )


@dataclasses.dataclass(frozen=True)
class Page:
    name: str
    path: Callable[[Data], str]
    visitor: str  # "public", "coordinator" or "administrator"


def changelist(model) -> str:
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")


def cooperation_chosen(model) -> Callable[[Data], str]:
    """The change list filtered to the cooperation that grows, as its cooperation filter
    links it: then its related filters and its date hierarchy are offered too."""
    path = admin.site.get_model_admin(model).cooperation_path
    return lambda data: f"{changelist(model)}?{path}__id__exact={data.cooperation.pk}"


# The sign-in log (axes) is written by signing in, and the second factor's devices by
# enrolling, which these visits do not.
ADMIN_MODELS = sorted(
    (model for model in admin.site._registry if model._meta.app_label not in ("axes", "otp_totp")),
    key=lambda model: model._meta.label,
)
SCOPED_MODELS = [
    model
    for model in ADMIN_MODELS
    # The cooperations' own list is not filtered to one of them.
    if getattr(admin.site.get_model_admin(model), "cooperation_path", "pk") != "pk"
]
ADMIN_PAGES = [
    Page(f"admin {model._meta.label}", lambda data, model=model: changelist(model), "administrator")
    for model in ADMIN_MODELS
] + [
    Page(
        f"admin {model._meta.label} of one cooperation", cooperation_chosen(model), "administrator"
    )
    for model in SCOPED_MODELS
]
# The start page is measured on its own: it shows the only cooperation's page, or the
# list of them once there are several.
WEB_PAGES = [
    Page("cooperation", lambda data: f"/k/{data.cooperation.slug}/", "public"),
    Page("cooperation logo", lambda data: f"/k/{data.cooperation.slug}/logo", "public"),
    Page("imprint", lambda data: f"/k/{data.cooperation.slug}/impressum/", "public"),
    Page("privacy notice", lambda data: f"/k/{data.cooperation.slug}/datenschutz/", "public"),
    Page(
        "accessibility statement",
        lambda data: f"/k/{data.cooperation.slug}/barrierefreiheit/",
        "public",
    ),
    # The public site: the cooperation's public meeting held first, its first measure
    # (public) and its issued report (made public), and the lists.
    Page("public mission", lambda data: f"/k/{data.cooperation.slug}/leitbild/", "public"),
    Page("public results", lambda data: f"/k/{data.cooperation.slug}/ergebnisse/", "public"),
    Page("public contact", lambda data: f"/k/{data.cooperation.slug}/kontakt/", "public"),
    Page("public meetings", lambda data: f"/k/{data.cooperation.slug}/termine/", "public"),
    Page(
        "public calendar",
        lambda data: (
            f"/k/{data.cooperation.slug}/termine/kalender/"
            f"{data.meeting.date.year}-{data.meeting.date.month}/"
        ),
        "public",
    ),
    Page(
        "public meeting",
        lambda data: f"/k/{data.cooperation.slug}/termine/{data.meeting.pk}/",
        "public",
    ),
    Page(
        "public minutes as docx",
        lambda data: f"/k/{data.cooperation.slug}/termine/{data.meeting.pk}/niederschrift.docx",
        "public",
    ),
    Page("public measures", lambda data: f"/k/{data.cooperation.slug}/vorhaben/", "public"),
    Page(
        "public measure",
        lambda data: f"/k/{data.cooperation.slug}/vorhaben/{data.measure.pk}/",
        "public",
    ),
    Page("public documents", lambda data: f"/k/{data.cooperation.slug}/dokumente/", "public"),
    Page("public reports", lambda data: f"/k/{data.cooperation.slug}/berichte/", "public"),
    Page(
        "public report as md",
        lambda data: f"/k/{data.cooperation.slug}/berichte/{data.issued.pk}/md/",
        "public",
    ),
    Page("roles", lambda data: f"/k/{data.cooperation.slug}/rollen/", "coordinator"),
    Page("meetings", lambda data: f"/k/{data.cooperation.slug}/sitzungen/", "coordinator"),
    Page(
        "meeting calendar",
        lambda data: (
            f"/k/{data.cooperation.slug}/sitzungen/kalender/"
            f"{data.meeting.date.year}-{data.meeting.date.month}/"
        ),
        "coordinator",
    ),
    Page("new meeting", lambda data: f"/k/{data.cooperation.slug}/sitzungen/neu/", "coordinator"),
    Page("meeting", lambda data: f"/sitzungen/{data.meeting.pk}/", "coordinator"),
    Page(
        "prepare the agenda",
        lambda data: f"/sitzungen/{data.meeting.pk}/tagesordnung/",
        "coordinator",
    ),
    Page("attendance", lambda data: f"/sitzungen/{data.meeting.pk}/anwesenheit/", "coordinator"),
    Page("close a meeting", lambda data: f"/sitzungen/{data.meeting.pk}/abschluss/", "coordinator"),
    Page(
        "publish a meeting",
        lambda data: f"/sitzungen/{data.meeting.pk}/veroeffentlichen/",
        "coordinator",
    ),
    Page("record a result", lambda data: f"/sitzungen/{data.meeting.pk}/ergebnis/", "coordinator"),
    Page(
        "record a result on a topic",
        lambda data: (
            f"/sitzungen/{data.meeting.pk}/ergebnis/"
            f"?top={data.meeting.agenda_items.order_by('order').first().pk}"
        ),
        "coordinator",
    ),
    Page("edit a meeting", lambda data: f"/sitzungen/{data.meeting.pk}/bearbeiten/", "coordinator"),
    Page(
        "edit a topic",
        lambda data: (
            f"/sitzungen/{data.meeting.pk}/tagesordnung/"
            f"{data.meeting.agenda_items.order_by('order').first().pk}/bearbeiten/"
        ),
        "coordinator",
    ),
    Page(
        "correct a result",
        lambda data: (
            f"/sitzungen/{data.meeting.pk}/ergebnisse/"
            f"{data.meeting.outcomes.order_by('order').first().pk}/bearbeiten/"
        ),
        "coordinator",
    ),
    Page(
        "delete a result",
        lambda data: (
            f"/sitzungen/{data.meeting.pk}/ergebnisse/"
            f"{data.meeting.outcomes.order_by('order').first().pk}/loeschen/"
        ),
        "coordinator",
    ),
    Page(
        "meeting invitation as PDF",
        lambda data: f"/sitzungen/{data.meeting.pk}/einladung.pdf",
        "coordinator",
    ),
    Page(
        "meeting minutes as DOCX",
        lambda data: f"/sitzungen/{data.meeting.pk}/niederschrift.docx",
        "coordinator",
    ),
    Page(
        "attach a document to a meeting",
        lambda data: f"/sitzungen/{data.meeting.pk}/dokumente/neu/",
        "coordinator",
    ),
    Page(
        "document",
        lambda data: f"/dokumente/{data.document.pk}/{data.document.download_name}",
        "coordinator",
    ),
    Page("public document", lambda data: f"/dokumente/{data.document.pk}/anlage.pdf", "public"),
    Page("measures", lambda data: f"/k/{data.cooperation.slug}/massnahmen/", "coordinator"),
    Page(
        "measures filtered",
        lambda data: f"/k/{data.cooperation.slug}/massnahmen/?suche=Ma%C3%9Fnahme&ampel=green",
        "coordinator",
    ),
    Page("new measure", lambda data: f"/k/{data.cooperation.slug}/massnahmen/neu/", "coordinator"),
    Page("measure", lambda data: f"/massnahmen/{data.measure.pk}/", "coordinator"),
    Page(
        "edit a measure", lambda data: f"/massnahmen/{data.measure.pk}/bearbeiten/", "coordinator"
    ),
    Page("change a status", lambda data: f"/massnahmen/{data.measure.pk}/status/", "coordinator"),
    Page(
        "attach a document to a measure",
        lambda data: f"/massnahmen/{data.measure.pk}/dokumente/neu/",
        "coordinator",
    ),
    Page(
        "agreements", lambda data: f"/k/{data.cooperation.slug}/zweckvereinbarungen/", "coordinator"
    ),
    Page(
        "agreements by lifecycle step, filtered",
        lambda data: (
            f"/k/{data.cooperation.slug}/zweckvereinbarungen/"
            f"?ansicht=verfahren&art=mandating&kommune={data.agreement.performing_municipality_id}"
        ),
        "coordinator",
    ),
    Page(
        "new agreement",
        lambda data: f"/k/{data.cooperation.slug}/zweckvereinbarungen/neu/",
        "coordinator",
    ),
    Page("agreement", lambda data: f"/zweckvereinbarungen/{data.agreement.pk}/", "coordinator"),
    Page(
        "attach a document to an agreement",
        lambda data: f"/zweckvereinbarungen/{data.agreement.pk}/dokumente/neu/",
        "coordinator",
    ),
    Page(
        "an agreement's draft as DOCX",
        lambda data: f"/zweckvereinbarungen/{data.agreement.pk}/entwurf.docx",
        "coordinator",
    ),
    Page(
        "edit an agreement",
        lambda data: f"/zweckvereinbarungen/{data.agreement.pk}/bearbeiten/",
        "coordinator",
    ),
    Page(
        "an agreement's parties",
        lambda data: f"/zweckvereinbarungen/{data.agreement.pk}/beteiligte/",
        "coordinator",
    ),
    *[
        Page(name, lambda data, path=path: cost_path(data, path), "coordinator")
        for name, path in [
            ("cost checks", "/k/{slug}/kostenpruefungen/"),
            ("new cost check", "/k/{slug}/kostenpruefungen/neu/"),
            ("cost check", "/kostenpruefungen/{cost_model}/"),
            ("cost check as XLSX", "/kostenpruefungen/{cost_model}/kostenpruefung.xlsx"),
            ("cost check as PDF", "/kostenpruefungen/{cost_model}/kostenpruefung.pdf"),
            ("scenario settings", "/szenarien/{cost_model}/"),
            ("new cost item", "/szenarien/{cost_model}/posten/neu/"),
            ("key figures", "/szenarien/{cost_model}/kennzahlen/"),
            ("status-quo costs", "/szenarien/{cost_model}/status-quo/"),
            ("edit a cost item", "/kostenposten/{item}/"),
            ("settlements", "/k/{slug}/abrechnungen/"),
            ("new settlement", "/k/{slug}/abrechnungen/neu/"),
            ("settlement", "/abrechnungen/{settlement}/"),
            ("settlement as PDF", "/abrechnungen/{settlement}/{party}/abrechnung.pdf"),
        ]
    ],
    Page("cockpit", lambda data: f"/k/{data.cooperation.slug}/cockpit/", "coordinator"),
    Page("search", lambda data: "/suche/?q=Sitzung", "coordinator"),
    Page("search, anonymous", lambda data: "/suche/?q=Sitzung", "public"),
    Page("tasks", lambda data: f"/k/{data.cooperation.slug}/aufgaben/", "coordinator"),
    Page("municipalities", lambda data: f"/k/{data.cooperation.slug}/kommunen/", "coordinator"),
    Page(
        "municipalities and measures",
        lambda data: f"/k/{data.cooperation.slug}/kommunen/matrix/",
        "coordinator",
    ),
    Page(
        "municipality",
        lambda data: (
            f"/k/{data.cooperation.slug}/kommunen/"
            f"{data.cooperation.participations.first().municipality_id}/"
        ),
        "coordinator",
    ),
    Page(
        "overdue tasks",
        lambda data: f"/k/{data.cooperation.slug}/aufgaben/?ansicht=ueberfaellig",
        "coordinator",
    ),
    Page("task", lambda data: f"/aufgaben/{data.task.pk}/", "coordinator"),
    Page("move a due date", lambda data: f"/aufgaben/{data.task.pk}/termin/", "coordinator"),
    Page("give a task", lambda data: f"/aufgaben/{data.task.pk}/zuweisen/", "coordinator"),
    Page("rename a task", lambda data: f"/aufgaben/{data.task.pk}/bearbeiten/", "coordinator"),
    Page("new task", lambda data: f"/k/{data.cooperation.slug}/aufgaben/neu/", "coordinator"),
    Page(
        "new task on a measure",
        lambda data: (
            f"/k/{data.cooperation.slug}/aufgaben/neu/?massnahme={data.measure.pk}"
            f"&next=/massnahmen/{data.measure.pk}/"
        ),
        "coordinator",
    ),
    Page(
        "my tasks as CSV",
        lambda data: f"/k/{data.cooperation.slug}/aufgaben.csv?ansicht=meine",
        "coordinator",
    ),
    Page("audit log", lambda data: f"/k/{data.cooperation.slug}/protokoll/", "coordinator"),
    Page(
        "audit log as CSV", lambda data: f"/k/{data.cooperation.slug}/protokoll.csv", "coordinator"
    ),
    Page(
        "person export",
        lambda data: f"/k/{data.cooperation.slug}/personen/{data.person.pk}/export/",
        "coordinator",
    ),
    Page(
        "person anonymisation",
        lambda data: f"/k/{data.cooperation.slug}/personen/{data.person.pk}/anonymisieren/",
        "coordinator",
    ),
    *[
        Page(
            f"master data: {name}",
            lambda data, path=path: masterdata_path(data, path),
            "coordinator",
        )
        for name, path in [
            ("settings", "einstellungen/"),
            ("municipalities", "kommunen/"),
            ("municipality", "kommunen/{municipality}/"),
            ("bodies", "gremien/"),
            ("body", "gremien/{body}/"),
            ("membership", "gremien/{body}/mitglieder/{membership}/"),
            ("partners", "partner/"),
            ("partner", "partner/{partner}/"),
            ("fields of action", "handlungsfelder/"),
            ("field of action", "handlungsfelder/{field}/"),
            ("people", "personen/"),
            ("person", "personen/{person}/"),
        ]
    ],
    Page("login", lambda data: "/anmelden/", "public"),
    Page("logout", lambda data: "/abmelden/", "coordinator"),
    Page("second factor", lambda data: "/konto/zweiter-faktor/", "coordinator"),
    Page("password reset", lambda data: "/passwort/vergessen/", "public"),
    Page("password reset sent", lambda data: "/passwort/gesendet/", "public"),
    Page("password reset link", lambda data: "/passwort/neu/MQ/abgelaufen/", "public"),
    Page("password changed", lambda data: "/passwort/geaendert/", "public"),
    Page("invitation link", lambda data: "/einladung/MQ/abgelaufen/", "public"),
    Page("reports", lambda data: "/berichte/", "coordinator"),
    Page(
        "reports of one cooperation",
        lambda data: f"/berichte/?kooperation={data.cooperation.slug}",
        "coordinator",
    ),
    Page("report import", lambda data: "/berichte/import/", "coordinator"),
    Page("issued report", lambda data: f"/berichte/{data.issued.pk}/", "coordinator"),
    Page("draft report", lambda data: f"/berichte/{data.draft.pk}/", "coordinator"),
    Page("draft preview", lambda data: f"/berichte/{data.draft.pk}/vorschau/", "coordinator"),
    Page("issued preview", lambda data: f"/berichte/{data.issued.pk}/vorschau/", "coordinator"),
    Page("edit a draft", lambda data: f"/berichte/{data.draft.pk}/bearbeiten/", "coordinator"),
    Page("compare a draft", lambda data: f"/berichte/{data.draft.pk}/vergleich/", "coordinator"),
    Page("delete a draft", lambda data: f"/berichte/{data.draft.pk}/loeschen/", "coordinator"),
    Page("issue a draft", lambda data: f"/berichte/{data.draft.pk}/ausstellen/", "coordinator"),
    # Built from the data at every download, in one format: the others differ only in
    # rendering what was read.
    Page("draft report as md", lambda data: f"/berichte/{data.draft.pk}/md/", "coordinator"),
    Page(
        "meeting overview as md",
        lambda data: f"/berichte/{data.draft.pk}/sitzungsuebersicht/md/",
        "coordinator",
    ),
] + [
    Page(
        f"issued report as {identifier}",
        lambda data, identifier=identifier: f"/berichte/{data.issued.pk}/{identifier}/",
        "coordinator",
    )
    for identifier in EXPORTERS
]
PAGES = ADMIN_PAGES + WEB_PAGES
# The web's URLs not visited: correcting and publishing a report, marking a task done, commenting on it, opening it
# again, withdrawing a role or mailing its invitation again, renewing the session,
# removing the second factor, a meeting's, the master data's, an agreement's and a cost
# check's actions (copying a scenario, deleting a cost item) answer POST only
# (a form sent with wrong entries shows the page it was sent from, measured there); the
# code after the password without one just given is a redirect, with one it reads that
# account alone.
NOT_VISITED_URL_NAMES = {
    "report_correct",
    "report_publish",
    "role_withdraw",
    "role_invite_again",
    "second_factor_remove",
    "session_renew",
    "sign_in_code",
    "task_done",
    "task_comment",
    "task_reopen",
    "meeting_agenda_add",
    "meeting_agenda_accept",
    "meeting_agenda_up",
    "meeting_agenda_down",
    "meeting_agenda_remove",
    "meeting_held",
    "meeting_cancel",
    "meeting_publish_preview",
    "meeting_publish_confirm",
    "masterdata_municipality_leave",
    "masterdata_municipality_join",
    "masterdata_body_delete",
    "masterdata_membership_add",
    "masterdata_membership_end",
    "masterdata_partner_delete",
    "masterdata_field_delete",
    "masterdata_person_delete",
    "agreement_start_drafting",
    "agreement_settle_point",
    "agreement_reopen_point",
    "agreement_draft_available",
    "agreement_submit",
    "agreement_resolution",
    "agreement_request_approval",
    "agreement_approval",
    "agreement_publication",
    "agreement_amendment",
    "agreement_terminate",
    "agreement_party_leaving",
    "agreement_not_pursued",
    "cost_scenario_copy",
    "cost_item_delete",
}


@dataclasses.dataclass(frozen=True)
class Visit:
    status: int
    queries: list[str]
    rows: int | None  # an admin change list's rows


def add_share(cooperation: Cooperation, number: int, *, issue: bool) -> list[StatusReport]:
    """One share of everything the pages show, in ``cooperation``; ``number`` keeps
    names, meeting dates and report periods apart. Returns its two reports, the first
    one issued with ``issue``."""
    year = 2020 + number
    towns = [MunicipalityFactory(), MunicipalityFactory()]
    for town in towns:
        add_member(cooperation=cooperation, municipality=town, joined_on=datetime.date(2019, 1, 1))
    partner = add_partner(cooperation=cooperation, name=f"Beratung {number}")
    steering = add_body(
        cooperation=cooperation, name=f"Lenkungsgruppe {number}", kind=Body.Kind.STEERING_GROUP
    )
    council = add_body(
        cooperation=cooperation,
        name=f"Gemeinderat {number}",
        kind=Body.Kind.COUNCIL,
        municipality=towns[0],
    )
    mayor = add_person(
        cooperation=cooperation,
        role=f"Bürgermeister {number}",
        municipality=towns[0],
        user=UserFactory(),
        bodies=[steering, council],
    )
    add_person(cooperation=cooperation, role="Beraterin", partner=partner, bodies=[steering])
    RoleFactory(cooperation=cooperation, kind=Role.Kind.MEMBER, municipality=towns[0])
    RoleFactory(cooperation=cooperation, kind=Role.Kind.OBSERVER)
    MissionStatement.objects.create(
        cooperation=cooperation,
        version=number,
        text=f"Leitbild {number}",
        adopted_on=datetime.date(year, 1, 5),
    )
    field = add_field_of_action(cooperation=cooperation, name=f"Handlungsfeld {number}")
    measures = [
        add_measure(
            cooperation=cooperation,
            title=f"Maßnahme {number}{letter}",
            field_of_action=field,
            lead_municipality=town,
            municipalities=towns,
            is_public=True,
        )
        for letter, town in zip("ab", towns, strict=True)
    ]
    for measure in measures:
        change_status(
            measure=measure, to_status=MeasureStatus.UNDER_REVIEW, date=datetime.date(year, 1, 8)
        )

    held = schedule_meeting(
        body=steering,
        date=datetime.date(year, 2, 10),
        number=1,
        location=towns[0],
        state=Meeting.State.HELD,
        is_public=True,
    )
    internal = schedule_meeting(
        body=council, date=datetime.date(year, 3, 5), number=1, state=Meeting.State.HELD
    )
    upcoming = schedule_meeting(
        body=steering,
        date=timezone.localdate() + datetime.timedelta(days=30 + number),
        number=2,
        location=towns[1],
        is_public=True,
    )
    record_attendance(
        meeting=held,
        entries=[(towns[0], "present", f"Bürgermeister {number}"), (partner, "excused", "")],
        version=attendance_version(held),
    )
    topic = add_agenda_item(meeting=held, title=f"Thema {number}", measures=measures)
    add_agenda_item(meeting=held, title=f"Personalien {number}", is_public=False)
    decision = record_outcome(
        meeting=held,
        text=f"Beschluss {number}",
        kind=Outcome.Kind.DECISION,
        agenda_item=topic,
        vote=Vote(by_municipality=((towns[0], "yes"), (towns[1], "abstain"))),
        measures=[measures[0]],
        new_status=MeasureStatus.DECIDED,
        tasks=[
            TaskDraft(f"Vorlage {number}", owner=mayor, due=Due.by_meeting(upcoming)),
            TaskDraft(f"Zahlen {number}", owner=towns[1], due=Due.in_month(year, 4)),
        ],
    ).outcome
    record_outcome(meeting=held, text=f"Vertraulich {number}", is_public=False)
    record_outcome(
        meeting=internal,
        text=f"Zustimmung {number}",
        measures=[measures[1]],
        new_status=MeasureStatus.IN_PROGRESS,
    )
    minutes = create_task(
        cooperation=cooperation,
        title=f"Protokoll {number}",
        owner=steering,
        due=Due.on_day(datetime.date(year, 2, 20)),
        measure=measures[1],
    )
    comment_on_task(minutes, author=mayor.user, text=f"Entwurf liegt vor {number}")

    agreement = AgreementFactory(
        cooperation=cooperation, performing_municipality=towns[0], measure=measures[0]
    )
    # Each party with its history record, as the lifecycle adds them.
    for town in towns:
        Party.objects.create(agreement=agreement, municipality=town)
    AgreementStep.objects.create(
        agreement=agreement, state="drafting", date=held.date, outcome=decision
    )
    ChecklistItem.objects.create(
        agreement=agreement, point=ChecklistItem.Point.COSTS, note=f"Satzung prüfen {number}"
    )
    Consultation.objects.create(
        body=council,
        agreement=agreement,
        measure=measures[0],
        meeting=internal,
        result=Consultation.Result.APPROVED,
        resolved_on=internal.date,
    )
    # A scenario of the same cost check in every share: its page grows with the data.
    cost_model = CostModelFactory(
        cooperation=cooperation, name="Lohnbuchhaltung", scenario=f"Szenario {number}",
        measure=measures[0],
    )  # fmt: skip
    cost_model.municipalities.set(towns)
    CostItemFactory(cost_model=cost_model)
    for town in towns:
        KeyFigure.objects.create(cost_model=cost_model, municipality=town, year=2019, value=12)
        StatusQuoCost.objects.create(cost_model=cost_model, municipality=town, annual_cost=900)
    Settlement.objects.create(
        agreement=agreement, cost_model=cost_model, year=2020, actual_annual_cost=1000
    )
    application = FundingApplicationFactory(
        cooperation=cooperation, program=FundingProgramFactory()
    )
    application.measures.set(measures)
    for attached in ({"meeting": held}, {"measure": measures[0]}, {"agreement": agreement}):
        Document.objects.create(
            cooperation=cooperation,
            title=f"Anlage {number}",
            file=ContentFile(b"%PDF-1.7", name="anlage.pdf"),
            is_public=True,
            **attached,
        )

    reports = [
        start_report(
            cooperation=cooperation,
            period_start=datetime.date(year, first_month, 1),
            period_end=month_end(datetime.date(year, first_month + 1, 1)),
            report_date=datetime.date(year, first_month + 1, 25),
            template=StatusReport.Template.SEED,
        )
        for first_month in (1, 3)
    ]
    if issue:
        # Renders every format (about a second): once per data set.
        reports[0] = issue_report(report=reports[0])
        # On the public site too.
        StatusReport.objects.filter(pk=reports[0].pk).update(is_public=True)
    return reports


def add_cooperation(name: str) -> Cooperation:
    cooperation = CooperationFactory(name=name)
    cooperation.logo.save("logo.png", ContentFile(PNG_1X1))
    return cooperation


def add_topics(meeting: Meeting) -> None:
    """Two more topics on ``meeting``, each with a presenter, the cooperation's
    measures and two results."""
    cooperation = meeting.body.cooperation
    measures = list(cooperation.measures.all())
    presenter = add_person(
        cooperation=cooperation,
        role="Amtsleiterin",
        name="Paula Vortrag",
        municipality=cooperation.participations.first().municipality,
    )
    for number in (1, 2):
        item = add_agenda_item(
            meeting=meeting, title=f"Nachtrag {number}", presenter=presenter, measures=measures
        )
        attach_document(
            file=ContentFile(pdf_bytes(), name=f"nachtrag-{number}.pdf"),
            agenda_item=item,
            municipality=presenter.municipality,
        )
        for kind in (Outcome.Kind.INFORMATION, Outcome.Kind.MANDATE):
            record_outcome(
                meeting=meeting, agenda_item=item, kind=kind, text=f"{kind} {number}",
                measures=measures, vote=Vote(yes=5, no=1, abstain=1),
            )  # fmt: skip


def add_measure_work(measure: Measure) -> None:
    """Two more tasks of the measure and a status change by hand; its first task's due
    date moved twice, two comments on it, and it marked done and opened again twice."""
    task = measure.tasks.order_by("pk").first()
    for number in (1, 2):
        create_task(
            cooperation=measure.cooperation, title=f"Nacharbeit {number}", measure=measure,
            owner=measure.lead_municipality, due=Due.in_quarter(2030, number),
        )  # fmt: skip
        move_due(
            task,
            due=Due.in_month(2030, number),
            reason=f"Urlaub {number}",
            version=current_version(task),
        )
        attach_document(
            file=ContentFile(pdf_bytes(), name=f"angebot-{number}.pdf"), measure=measure
        )
    change_status_by_hand(
        measure=measure, to_status=MeasureStatus.IN_PROGRESS, date=datetime.date(2030, 1, 1),
        reason="Ratsbeschluss",
    )  # fmt: skip
    for number in (1, 2):
        comment_on_task(task, author=UserFactory(), text=f"Hinweis {number}")
        complete_task(task, on=task.created_on)
        reopen_task(task, reason=f"Versehen {number}")


def add_agreement_work(agreement: Agreement) -> None:
    """Every member of its cooperation a party of the agreement, and two more points of
    its checklist settled."""
    members = [p.municipality for p in agreement.cooperation.participations.all()]
    lifecycle.set_parties(agreement, version=current_version(agreement), municipalities=members)
    for point in (ChecklistItem.Point.LIABILITY, ChecklistItem.Point.WRITTEN_FORM):
        lifecycle.settle_point(
            agreement, version=current_version(agreement), point=point, note="geregelt"
        )


def normalised(sql: str) -> str:
    """The query without its numbers, which differ between the two data sets."""
    return re.sub(r"\b\d+\b", "N", sql)


class Visitors:
    """A browser for each kind of visitor, signed in once."""

    def __init__(self, cooperation: Cooperation):
        self.coordinator = coordinator = UserFactory(username="coordinator")
        RoleFactory(user=coordinator, cooperation=cooperation)
        administrator = UserFactory(username="admin", is_staff=True, is_superuser=True)
        # A failing page answers 500 (and logs why) instead of ending every measurement.
        self.clients = {
            "public": Client(raise_request_exception=False),
            "coordinator": Client(raise_request_exception=False),
            "administrator": Client(raise_request_exception=False),
        }
        self.clients["coordinator"].force_login(coordinator)
        self.clients["administrator"].force_login(administrator)

    def visit(self, visitor: str, path: str) -> Visit:
        # The public page's content cache would hide what rendering it reads.
        cache.clear()
        with CaptureQueriesContext(connection) as captured:
            response = self.clients[visitor].get(path)
        if response.streaming:
            # Read to the end, as a server does: that closes the file, and the test
            # client keeps the database connection open while it does.
            b"".join(response.streaming_content)
        context = response.context
        changelist_rows = context["cl"].result_count if context and "cl" in context else None
        return Visit(
            response.status_code,
            [query["sql"] for query in captured.captured_queries],
            changelist_rows,
        )


@dataclasses.dataclass(frozen=True)
class Measured:
    small: Visit
    large: Visit
    path: str


# The legal pages of no cooperation: with one cooperation a redirect to its own, with
# several the choice, which reads nothing but the cooperations.
LEGAL_CHOICES = ("/impressum/", "/datenschutz/", "/barrierefreiheit/")


@pytest.fixture(scope="module")
def measured(django_db_setup, django_db_blocker, tmp_path_factory) -> dict[str, Measured]:
    """Every page visited with one share of data and with three, by page name; the
    start page in the two situations it tells apart."""
    media = tmp_path_factory.mktemp("media")
    with (
        django_db_blocker.unblock(),
        override_settings(MEDIA_ROOT=media),
        translation.override("de"),
        transaction.atomic(),
    ):
        growing = add_cooperation("Amselland")
        visitors = Visitors(growing)
        issued, draft = add_share(growing, 1, issue=True)
        first_meeting = (
            Meeting.objects.filter(body__cooperation=growing, state=Meeting.State.HELD)
            .order_by("date")
            .first()
        )
        first_measure = Measure.objects.get(cooperation=growing, title="Maßnahme 1a")
        data = Data(
            growing, issued, draft, visitors.coordinator, first_meeting,
            measure=first_measure, task=first_measure.tasks.first(),
            document=first_meeting.documents.first(),
            agreement=Agreement.objects.filter(cooperation=growing).order_by("pk").first(),
        )  # fmt: skip
        paths = {page.name: page.path(data) for page in PAGES}
        start = ("public", "/")
        # Where a sign-in lands: with several cooperations the administrator chooses
        # among all of them (with one, it forwards to its reports).
        home = ("administrator", "/start/")
        # The first visit of a page fills caches (content types, permissions, templates)
        # that would count against the smaller data set.
        for page in PAGES:
            visitors.visit(page.visitor, paths[page.name])
        visitors.visit(*start)
        small = {page.name: visitors.visit(page.visitor, paths[page.name]) for page in PAGES}
        start_alone_small = visitors.visit(*start)
        add_share(growing, 2, issue=True)
        add_topics(first_meeting)
        add_measure_work(first_measure)
        add_agreement_work(data.agreement)
        start_alone_large = visitors.visit(*start)
        add_share(add_cooperation("Birkenland"), 3, issue=False)
        large = {page.name: visitors.visit(page.visitor, paths[page.name]) for page in PAGES}
        start_among_small = visitors.visit(*start)
        home_among_small = visitors.visit(*home)
        legal_among_small = {path: visitors.visit("public", path) for path in LEGAL_CHOICES}
        # The list of cooperations reads nothing but them: twice as many.
        CooperationFactory.create_batch(2)
        start_among_large = visitors.visit(*start)
        home_among_large = visitors.visit(*home)
        legal_among_large = {path: visitors.visit("public", path) for path in LEGAL_CHOICES}
        transaction.set_rollback(True)
    return {
        **{name: Measured(small[name], large[name], path) for name, path in paths.items()},
        "start with one cooperation": Measured(start_alone_small, start_alone_large, "/"),
        "start with several cooperations": Measured(start_among_small, start_among_large, "/"),
        "home with several cooperations": Measured(home_among_small, home_among_large, "/start/"),
        **{
            f"{path} with several cooperations": Measured(
                legal_among_small[path], legal_among_large[path], path
            )
            for path in LEGAL_CHOICES
        },
    }


def assert_same_queries(measurement: Measured):
    small, large = measurement.small, measurement.large
    assert (small.status, large.status) == (200, 200), measurement.path
    grown = "\n".join(
        difflib.unified_diff(
            [normalised(sql) for sql in small.queries],
            [normalised(sql) for sql in large.queries],
            "one share",
            "three shares",
            lineterm="",
        )
    )
    assert len(small.queries) == len(large.queries), f"{measurement.path}\n{grown}"


# Two queries per kind of data on the page and one per kind of row its changes name:
# bounded by the models, not the data, but which kinds show depends on the data.
BOUNDED_BY_THE_MODELS = {"audit log", "audit log as CSV"}


@pytest.mark.parametrize("page", PAGES, ids=[page.name for page in PAGES])
def test_page_query_count_does_not_grow_with_the_data(measured, page):
    measurement = measured[page.name]
    if page.name in BOUNDED_BY_THE_MODELS:
        assert (measurement.small.status, measurement.large.status) == (200, 200)
        assert len(measurement.large.queries) <= len(measurement.small.queries)
    else:
        assert_same_queries(measurement)


@pytest.mark.parametrize(
    "situation",
    [
        "start with one cooperation",
        "start with several cooperations",
        "home with several cooperations",
        *(f"{path} with several cooperations" for path in LEGAL_CHOICES),
    ],
)
def test_start_page_query_count_does_not_grow_with_the_data(measured, situation):
    assert_same_queries(measured[situation])


@pytest.mark.parametrize("page", ADMIN_PAGES, ids=[page.name for page in ADMIN_PAGES])
def test_admin_change_list_shows_rows_of_both_data_sets(measured, page):
    """A list without rows would read nothing per row: every model has rows, and more
    with more data, so that the query count above means something."""
    measurement = measured[page.name]
    assert 0 < measurement.small.rows < measurement.large.rows


def test_every_web_page_is_measured(measured):
    visited = {resolve(urlsplit(measurement.path).path) for measurement in measured.values()}
    names = {match.url_name for match in visited if match.namespace == "web"}
    assert names | NOT_VISITED_URL_NAMES == {pattern.name for pattern in web_urls.urlpatterns}
