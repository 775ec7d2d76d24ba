"""Every page of the cockpit on the database the environment names: the public and the
coordinators' pages from the URL configuration, every admin change list, and the floor
of the public cooperation page. Imported by ``bench/run.py measure`` after
django.setup()."""

import gc
import io
import json
import re
import statistics
import time
from dataclasses import dataclass
from itertools import product
from urllib.parse import urlencode

from django.contrib import admin
from django.contrib.auth.models import User
from django.contrib.auth.tokens import default_token_generator
from django.core.files.base import ContentFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import URLResolver, get_resolver, reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from pypdf import PdfWriter
from simple_history.models import registered_models

from ikz.agreements.models import Agreement, CostModel, Settlement
from ikz.core.accounts import invitation_tokens
from ikz.core.domain import attach_document, grant_role
from ikz.core.models import Cooperation, Document, Membership, Role
from ikz.measures.domain import OPEN_TASK_STATES
from ikz.measures.models import Measure, Task
from ikz.meetings.models import Meeting
from ikz.reports.exporters import EXPORTERS
from ikz.reports.models import StatusReport
from ikz.web.access import PUBLIC
from ikz.web.public import LATEST_OUTCOMES, NEXT_MEETINGS

PAGE_RUNS = 30
# A page that takes seconds (a PDF, the whole audit log as CSV) gets fewer requests a
# round, at least PAGE_RUNS_LEAST, so that one round spends about PAGE_SECONDS on it; its
# rounds together still make at least PAGE_RUNS.
PAGE_SECONDS = 8
PAGE_RUNS_LEAST = 10
# In the default ALLOWED_HOSTS; the test client's own "testserver" is not.
HOST = "localhost"
# Cockpit URLs that are no page to GET.
# POST only: correct an issued report or make it public, mark a task done, comment on
# it or open it again, withdraw a role or mail its invitation again, renew the session,
# remove the second factor, a meeting's actions (its agenda, closing, the publication's preview and the publication
# itself), the master data's (leaving, joining, members, deletions), a cost check's
# (copying a scenario, deleting a cost item).
NOT_PAGES = {
    "report_correct",
    "report_publish",
    "role_withdraw",
    "role_invite_again",
    "second_factor_remove",
    "session_renew",
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


def percentiles(seconds: list[float]) -> dict:
    milliseconds = [second * 1000 for second in seconds]
    return {
        "p50_ms": statistics.median(milliseconds),
        "p95_ms": statistics.quantiles(milliseconds, n=20, method="inclusive")[18],
        "runs": len(milliseconds),
    }


def timed(function, runs: int) -> dict:
    seconds = []
    for _ in range(runs):
        start = time.perf_counter()
        function()
        seconds.append(time.perf_counter() - start)
    return percentiles(seconds)


def count_queries(function) -> tuple[int, object]:
    with CaptureQueriesContext(connection) as captured:
        result = function()
    return len(captured), result


@dataclass(frozen=True)
class Subjects:
    """What the pages are about, all of cooperation 1 (the same at every scale): two of
    its reports, its latest held meeting (with its first topic and result) and its next
    one, a measure, an open task, an agreement, a document, and the bench's account,
    whose links (password reset, invitation) the mail pages open."""

    cooperation: Cooperation
    slug: str
    has_logo: bool
    issued: int
    draft: int
    held: Meeting
    upcoming: Meeting
    item: int
    outcome: int
    measure: int
    task: int
    agreement: int
    document: Document
    user: User
    # The public site's: the latest published meeting, a public measure.
    published: int
    public_measure: int
    # The first cost model (a scenario of a cost check) with its first item, the first
    # settlement and the first party it settles.
    cost_model: int
    cost_item: int
    settlement: int
    party: int

    @classmethod
    def find(cls, user: User, document: Document) -> "Subjects":
        cooperation = Cooperation.objects.order_by("pk").first()
        reports = StatusReport.objects.filter(cooperation=cooperation).order_by("-period_start")
        issued = reports.filter(state=StatusReport.State.FINAL).first()
        draft = reports.filter(state=StatusReport.State.DRAFT).first()
        if issued is None or draft is None:
            raise SystemExit(f"{cooperation}: the bench needs an issued and a draft report")
        meetings = Meeting.objects.filter(body__cooperation=cooperation)
        upcoming = (
            meetings.filter(state__in=(Meeting.State.PLANNED, Meeting.State.INVITED))
            .order_by("date", "pk")
            .first()
        )
        task = (
            Task.objects.filter(cooperation=cooperation, state__in=OPEN_TASK_STATES)
            .order_by("pk")
            .first()
        )
        agreement = Agreement.objects.filter(cooperation=cooperation).order_by("pk").first()
        if agreement is None:
            raise SystemExit(f"{cooperation}: the bench needs a purpose agreement")
        held = latest_held(cooperation)
        cost_model = CostModel.objects.filter(cooperation=cooperation).order_by("pk").first()
        settlement = (
            Settlement.objects.filter(agreement__cooperation=cooperation).order_by("pk").first()
        )
        if cost_model is None or not cost_model.items.exists() or settlement is None:
            raise SystemExit(
                f"{cooperation}: the bench needs a cost model with items and a settlement"
            )
        item = held.agenda_items.order_by("order").first()
        outcome = held.outcomes.order_by("order").first()
        if item is None or outcome is None:
            raise SystemExit(f"{held}: the bench needs a held meeting with a topic and a result")
        return cls(
            cooperation,
            cooperation.slug,
            bool(cooperation.logo),
            issued.pk,
            draft.pk,
            held,
            upcoming,
            item.pk,
            outcome.pk,
            Measure.objects.filter(cooperation=cooperation).order_by("pk").first().pk,
            task.pk,
            agreement.pk,
            document,
            user,
            published_meeting(cooperation).pk,
            Measure.objects.filter(cooperation=cooperation, is_public=True)
            .order_by("pk")
            .first()
            .pk,
            cost_model.pk,
            cost_model.items.order_by("pk").first().pk,
            settlement.pk,
            settlement.cost_model.municipalities.order_by("pk").first().pk,
        )


def published_meeting(cooperation: Cooperation) -> Meeting:
    """The latest held public meeting: the public site's meeting and minutes."""
    meeting = (
        Meeting.objects.filter(
            body__cooperation=cooperation, state=Meeting.State.HELD, is_public=True
        )
        .order_by("-date", "-pk")
        .first()
    )
    if meeting is None:
        raise SystemExit(f"{cooperation}: the bench needs a published meeting")
    return meeting


def latest_held(cooperation: Cooperation) -> Meeting:
    return (
        Meeting.objects.filter(body__cooperation=cooperation, state=Meeting.State.HELD)
        .order_by("-date", "-pk")
        .first()
    )


# Who opens a page: anonymous, the coordinator of cooperation 1 (which is the same at
# every scale, and so is what they see), or the installation's superuser, who sees
# every cooperation.
PUBLIC_VISITOR, COORDINATOR, SUPERUSER = "public", "coordinator", "superuser"
# The superuser's unfiltered change lists: their counts and pages span every
# cooperation, so they grow with the installation; shown, without a target.
ALL_COOPERATIONS = "superuser, all cooperations"
# Pages whose answer spans every cooperation for anyone: the search counts and shows the
# public rows of the whole installation (its query count stays, its hits grow).
INSTALLATION_WIDE = {"search"}
BENCH_USERS = {SUPERUSER: "bench-superuser", COORDINATOR: "bench-coordinator"}


@dataclass(frozen=True)
class Page:
    name: str
    url_name: str
    url: str
    visitor: str
    # A link from a mail: its first visit keeps the token in the session and redirects
    # to the page that asks for the password, which is what the visitor sees.
    visit_first: str | None = None


# Links in mails, by the token generator that made them.
TOKEN_LINKS = {"password_reset_confirm": default_token_generator, "invitation": invitation_tokens}
# Pages whose answer may be a redirect: with one cooperation, the sign-in's landing
# page leads straight to its cockpit and the legal pages of no cooperation to its own;
# the code after the password, without a password just given, back to the sign-in.
REDIRECTS = {"home", "sign_in_code", "imprint_choice", "privacy_choice", "accessibility_choice"}
# Pages of the whole installation: the only cooperation's (a page or a redirect to it)
# or the choice between several, a page of its own at each scale.
BY_SITUATION = {"start", "imprint_choice", "privacy_choice", "accessibility_choice"}
# Pages open to anyone that check the right themselves: the bench's document is an
# internal one, which its cooperation's people download; the search finds the most for
# them (their cooperation's internal rows and every public one).
SIGNED_IN = {"document", "search"}


def pk_values(url_name: str, subjects: Subjects) -> list[tuple[str, int]]:
    """A URL's object, by the area its name begins with, as (label, pk). A report's
    page for the issued report (a draft's download renders the report, which the report
    path measures), and the draft's page too; a meeting's pages for the latest held one,
    its page and agenda also for the next one (whose agenda is proposed)."""
    if url_name in ("meeting", "meeting_agenda"):
        return [("<held>", subjects.held.pk), ("<upcoming>", subjects.upcoming.pk)]
    if url_name == "report":
        return [("<issued>", subjects.issued), ("<draft>", subjects.draft)]
    if url_name in ("report_preview", "report_compare"):
        return [("<issued>", subjects.issued), ("<draft>", subjects.draft)]
    # A draft's pages: an issued report's would only send back to its page.
    if url_name in ("report_edit", "report_delete", "report_issue"):
        return [("<draft>", subjects.draft)]
    # The public site: its published meeting and minutes, a public measure, the issued
    # report (made public for the bench: ``public_report``).
    public_site = {
        "public_meeting": ("<published>", subjects.published),
        "public_minutes": ("<published>", subjects.published),
        "public_measure": ("<public measure>", subjects.public_measure),
        "public_report_download": ("<issued>", subjects.issued),
    }
    if url_name in public_site:
        return [public_site[url_name]]
    # A cost check's pages and its scenario's, a cost item's, a settlement's.
    costs = {
        "cost_item_edit": ("<cost item>", subjects.cost_item),
        "settlement": ("<settlement>", subjects.settlement),
        "settlement_pdf": ("<settlement>", subjects.settlement),
    }
    if url_name in costs:
        return [costs[url_name]]
    if url_name.startswith("cost_") or url_name in ("key_figures", "status_quo"):
        return [("<cost model>", subjects.cost_model)]
    by_area = {
        "meeting": ("<held>", subjects.held.pk),
        "measure": ("<measure>", subjects.measure),
        "task": ("<task>", subjects.task),
        "agreement": ("<agreement>", subjects.agreement),
        "document": ("<document>", subjects.document.pk),
        "report": ("<issued>", subjects.issued),
    }
    area = next((area for area in by_area if url_name.startswith(area)), None)
    if area is None:
        raise SystemExit(f"bench/pages.py: no object for the pk of {url_name}")
    return [by_area[area]]


def query_variants(url_name: str, subjects: Subjects) -> list[dict]:
    """The lists as they open and as one filters them, and the forms as they open and
    as a page's link opens them: a result recorded on a topic (its measures and the
    tasks that brought it ticked), a task on a measure's page (a page each)."""
    variants = {
        "reports": [{"kooperation": subjects.slug}],
        "meetings": [{}, {"gremium": subjects.held.body_id}],
        "measures": [{}, {"suche": "Digital", "ampel": "green"}],
        "agreements": [{}, {"ansicht": "verfahren"}, {"status": "council_resolutions"}],
        "tasks": [{}, {"ansicht": "ueberfaellig"}, {"ansicht": "erledigt"}],
        "meeting_record": [{}, {"top": subjects.item}],
        "task_create": [{}, {"massnahme": subjects.measure}],
        # A word of many hits (the start of several titles), a rarer one, one kind's
        # second page; anonymous visitors find only the public hits.
        "search": [
            {"q": "Gewerbe"},
            {"q": "Stellenboerse"},
            {"q": "Gewerbe", "art": "task", "seite": 2},
        ],
    }
    return variants.get(url_name, [{}])


def masterdata_values(cooperation: Cooperation) -> dict[str, list[tuple[str, int]]]:
    """The master data pages' objects: the cooperation's first member, its first body
    with members and one of them, its first partner, field of action and the member's
    person."""
    membership = (
        Membership.objects.filter(body__cooperation=cooperation).order_by("body_id", "pk").first()
    )
    if membership is None:
        raise SystemExit(f"{cooperation}: the bench needs a body with members")
    first = {
        "municipality_id": cooperation.participations.order_by("pk").first().municipality_id,
        "body_id": membership.body_id,
        "membership_id": membership.pk,
        "partner_id": cooperation.partners.order_by("pk").first().pk,
        "field_id": cooperation.fields_of_action.order_by("pk").first().pk,
        "person_id": membership.person_id,
    }
    return {name: [(f"<{name.removesuffix('_id')}>", pk)] for name, pk in first.items()}


def cockpit_pages(subjects: Subjects) -> list[Page]:
    """Every cockpit page to GET, read from the URL configuration, so that a new page
    joins by itself; a URL parameter the bench cannot fill stops it."""
    # Each parameter's values as (label in the row's name, value).
    values = {
        "slug": [(subjects.slug, subjects.slug)],
        "identifier": [(identifier, identifier) for identifier in EXPORTERS],
        "uidb64": [("<uid>", urlsafe_base64_encode(force_bytes(subjects.user.pk)))],
        "token": [("<token>", None)],  # made for each link below
        # The person whose data is exported: the coordinator (of cooperation 1) itself.
        "user_id": [("<person>", subjects.user.pk)],
        # The month of the latest held meeting.
        "year": [(str(subjects.held.date.year), subjects.held.date.year)],
        "month": [(str(subjects.held.date.month), subjects.held.date.month)],
        # Invitation and minutes.
        "extension": [("pdf", "pdf"), ("docx", "docx")],
        "filename": [(subjects.document.download_name,) * 2],
        # A topic and a result of the latest held meeting, corrected and deleted.
        "item": [("<item>", subjects.item)],
        "outcome": [("<outcome>", subjects.outcome)],
        # The party of the settlement whose statement is downloaded.
        "municipality": [("<party>", subjects.party)],
        **masterdata_values(subjects.cooperation),
    }
    pages = []
    for include in get_resolver().url_patterns:
        if not (isinstance(include, URLResolver) and include.namespace == "web"):
            continue
        for pattern in include.url_patterns:
            if pattern.name in NOT_PAGES or (
                pattern.name == "cooperation_logo" and not subjects.has_logo
            ):
                continue
            route = f"/{include.pattern}{pattern.pattern}"
            parameters = list(pattern.pattern.converters)
            fill = values
            if "pk" in parameters:
                fill = values | {"pk": pk_values(pattern.name, subjects)}
            unknown = [name for name in parameters if name not in fill]
            if unknown or ("token" in parameters and pattern.name not in TOKEN_LINKS):
                raise SystemExit(f"bench/pages.py: no value for {unknown or 'token'} of {route}")
            # Django's login view declares no access: it is public.
            public = (
                getattr(pattern.callback, "access", PUBLIC) == PUBLIC
                and pattern.name not in SIGNED_IN
            )
            visitor = PUBLIC_VISITOR if public else COORDINATOR
            for choice, variant in product(
                product(*(fill[name] for name in parameters)),
                query_variants(pattern.name, subjects),
            ):
                labels = dict(zip(parameters, (label for label, _value in choice), strict=True))
                kwargs = dict(zip(parameters, (value for _label, value in choice), strict=True))
                name = re.sub(
                    r"<(?:\w+:)?(\w+)>", lambda match, labels=labels: labels[match[1]], route
                )
                visit_first = None
                if pattern.name in TOKEN_LINKS:
                    token = TOKEN_LINKS[pattern.name].make_token(subjects.user)
                    visit_first = reverse(f"web:{pattern.name}", kwargs=kwargs | {"token": token})
                    kwargs["token"] = pattern.callback.view_class.reset_url_token
                query = f"?{urlencode(variant)}" if variant else ""
                url = reverse(f"web:{pattern.name}", kwargs=kwargs) + query
                if pattern.name in BY_SITUATION:
                    name = f"{name} ({start_situation()})"
                pages.append(Page(name + query, f"web:{pattern.name}", url, visitor, visit_first))
    return pages


def start_situation() -> str:
    """``/`` is the only cooperation's page, or the list of them: a page of its own at
    each scale."""
    if Cooperation.objects.count() == 1:
        return "the only cooperation's page"
    return "the list of cooperations"


def admin_pages(cooperation: Cooperation) -> list[Page]:
    """Every change list of a cooperation's data as the coordinator sees it (their
    cooperation's rows), as the superuser filtered to cooperation 1 (the cooperation
    filter's link), and as the superuser over all cooperations; the installation's own
    lists (accounts, funding programmes) as the superuser, the only one who sees them."""
    pages = []
    for model in sorted(admin.site._registry, key=lambda model: model._meta.label):
        url_name = f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist"
        url = reverse(url_name)
        path = getattr(admin.site.get_model_admin(model), "cooperation_path", None)
        if path is None:
            pages.append(Page(url, url_name, url, SUPERUSER))
            continue
        pages.append(Page(url, url_name, url, COORDINATOR))
        if path != "pk":
            chosen = f"{url}?{path}__id__exact={cooperation.pk}"
            pages.append(Page(chosen, url_name, chosen, SUPERUSER))
        pages.append(Page(url, url_name, url, ALL_COOPERATIONS))
    return pages


def fetch(client: Client, url: str, allowed=(200,)) -> None:
    response = client.get(url)
    # A row for a broken page is worthless.
    if response.status_code not in allowed:
        raise SystemExit(f"{url}: status {response.status_code}, not {allowed}")
    # A file response (the logo) reads its file only as it streams; the others have
    # their body built already.
    if response.streaming:
        b"".join(response.streaming_content)


# The rows the public cooperation page shows (cooperation, members with population,
# Leitbild, next public meetings, latest public outcomes) in one statement, every
# column as text so that the parts union on PostgreSQL too.
FLOOR_SQL = """
WITH chosen AS (SELECT id FROM core_cooperation WHERE slug = %(slug)s)
SELECT 'cooperation', name, report_title, region, NULL, NULL, NULL, NULL, NULL
FROM core_cooperation WHERE id = (SELECT id FROM chosen)
UNION ALL
SELECT * FROM (
    SELECT 'member', m.name, CAST(m.population AS TEXT), CAST(m.population_date AS TEXT),
        NULL, NULL, NULL, NULL, NULL
    FROM core_municipality m
    WHERE EXISTS (
        SELECT 1 FROM core_participation p
        WHERE p.municipality_id = m.id AND p.cooperation_id = (SELECT id FROM chosen)
            AND p.joined_on <= %(today)s AND (p.left_on IS NULL OR p.left_on > %(today)s)
    )
    ORDER BY m.name
) AS members
UNION ALL
SELECT * FROM (
    SELECT 'mission', text, CAST(version AS TEXT), CAST(adopted_on AS TEXT),
        NULL, NULL, NULL, NULL, NULL
    FROM core_missionstatement
    WHERE cooperation_id = (SELECT id FROM chosen) AND adopted_on IS NOT NULL
    ORDER BY version DESC LIMIT 1
) AS mission
UNION ALL
SELECT * FROM (
    SELECT 'meeting', CAST(mt.date AS TEXT), CAST(mt.start_time AS TEXT), mt.title, b.name,
        CAST(mt.number AS TEXT), l.name, mt.venue, NULL
    FROM meetings_meeting mt
    JOIN core_body b ON b.id = mt.body_id
    LEFT JOIN core_municipality l ON l.id = mt.location_id
    WHERE b.cooperation_id = (SELECT id FROM chosen) AND mt.is_public
        AND mt.state IN ('planned', 'invited') AND mt.date >= %(today)s
    ORDER BY mt.date, mt.start_time IS NULL, mt.start_time LIMIT %(meetings)s
) AS meetings
UNION ALL
SELECT * FROM (
    SELECT 'outcome', o.text, o.kind, CAST(mt.date AS TEXT), mt.title, b.name,
        CAST(mt.number AS TEXT), l.name, a.title
    FROM meetings_outcome o
    JOIN meetings_meeting mt ON mt.id = o.meeting_id
    JOIN core_body b ON b.id = mt.body_id
    LEFT JOIN core_municipality l ON l.id = mt.location_id
    LEFT JOIN meetings_agendaitem a ON a.id = o.agenda_item_id
    WHERE b.cooperation_id = (SELECT id FROM chosen) AND mt.is_public AND mt.state = 'held'
        AND o.is_public AND (a.id IS NULL OR a.is_public)
    ORDER BY mt.date DESC, o."order" LIMIT %(outcomes)s
) AS outcomes
"""


def floor(slug: str) -> str:
    # The view's own limits, so that the floor reads as many rows as the page shows.
    parameters = {
        "slug": slug,
        "today": timezone.localdate(),
        "meetings": NEXT_MEETINGS,
        "outcomes": LATEST_OUTCOMES,
    }
    with connection.cursor() as cursor:
        cursor.execute(FLOOR_SQL, parameters)
        return json.dumps(cursor.fetchall())


def bench_accounts() -> dict[str, User]:
    """The superuser and the coordinator of cooperation 1; kept in the cached database
    between runs (get, not create) and removed at the end."""
    superuser = User.objects.filter(username=BENCH_USERS[SUPERUSER]).first()
    superuser = superuser or User.objects.create_superuser(BENCH_USERS[SUPERUSER], password=None)
    coordinator = User.objects.filter(username=BENCH_USERS[COORDINATOR]).first()
    if coordinator is None:
        coordinator = User.objects.create_user(
            BENCH_USERS[COORDINATOR], email="bench-coordinator@example.org", password=None
        )
        grant_role(
            user=coordinator,
            cooperation=Cooperation.objects.order_by("pk").first(),
            kind=Role.Kind.COORDINATOR,
        )
    return {SUPERUSER: superuser, COORDINATOR: coordinator}


def bench_document() -> Document:
    """A document of cooperation 1's latest held meeting to download (the generator
    writes no files but the issued reports'); removed at the end with its file (and its
    history with the bench's others), so that the cached database stays as it was built."""
    cooperation = Cooperation.objects.order_by("pk").first()
    # A real PDF: uploads are opened by pypdf before they are stored.
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    pdf = io.BytesIO()
    writer.write(pdf)
    return attach_document(
        file=ContentFile(pdf.getvalue(), name="bench-anlage.pdf"),
        meeting=latest_held(cooperation),
        title="Anlage",
    )


def public_report(pk: int, public: bool) -> bool:
    """The issued report marked public (True) or as it was, for the public site's
    download; by an update, which leaves no history. Returns what it was."""
    reports = StatusReport.objects.filter(pk=pk)
    was = reports.values_list("is_public", flat=True).get()
    reports.update(is_public=public)
    return was


def remove_document(document: Document) -> None:
    document.file.delete(save=False)
    document.delete()


def history_marks() -> dict:
    """Each history's newest record now: what the bench adds after (its accounts'
    roles, its document) is removed again, so that the audit log shows the same in
    every round."""
    marks = {}
    for model in registered_models.values():
        # A many-to-many field's history (AgendaItem.measures) is a table of its
        # through model, kept with the records of the model that owns the field.
        if not hasattr(model, "history"):
            continue
        newest = model.history.order_by("-history_id").values_list("history_id", flat=True)
        marks[model] = newest.first() or 0
    return marks


def remove_history_since(marks: dict) -> None:
    for model, mark in marks.items():
        model.history.filter(history_id__gt=mark).delete()


FLOOR_NAME = "floor of /k/<slug>/: one SQL statement and json.dumps"


def measure(log, only: set[tuple[str, str | None]] | None = None) -> list[dict]:
    """The rows of every page and the floor, or of those ``only`` names by (name, as):
    the floor's "as" is None."""
    marks = history_marks()
    accounts = bench_accounts()
    clients = {}
    for visitor, user in accounts.items():
        clients[visitor] = Client(HTTP_HOST=HOST)
        # Before the links' tokens are made: signing in voids them.
        clients[visitor].force_login(user)
    clients[ALL_COOPERATIONS] = clients[SUPERUSER]
    document = bench_document()
    subjects = Subjects.find(accounts[COORDINATOR], document)
    was_public = public_report(subjects.issued, True)
    rows = []
    try:
        for page in cockpit_pages(subjects) + admin_pages(subjects.cooperation):
            if only is not None and (page.name, page.visitor) not in only:
                continue
            # A fresh one for each public page: a link's token stays in its session.
            client = (
                Client(HTTP_HOST=HOST) if page.visitor == PUBLIC_VISITOR else clients[page.visitor]
            )
            if page.visit_first:
                fetch(client, page.visit_first, allowed=(302,))
            allowed = (200, 302) if page.url_name.removeprefix("web:") in REDIRECTS else (200,)

            def get(client=client, url=page.url, allowed=allowed):
                fetch(client, url, allowed)

            # The garbage of the pages before is not this page's to collect.
            gc.collect()
            start = time.perf_counter()
            get()  # warm-up: templates, caches
            warm_up = time.perf_counter() - start
            runs = max(PAGE_RUNS_LEAST, min(PAGE_RUNS, int(PAGE_SECONDS / warm_up)))
            row = timed(get, runs)
            row["queries"], _ = count_queries(get)
            rows.append(
                {
                    "name": page.name,
                    "kind": "page",
                    "url_name": page.url_name,
                    "url": page.url,
                    "as": page.visitor,
                    # Whether the scales must match (not across all cooperations).
                    "compared": page.visitor != ALL_COOPERATIONS
                    and page.url_name.removeprefix("web:") not in INSTALLATION_WIDE,
                    **row,
                }
            )
            log(
                f"{page.name} as {page.visitor}: p95 {row['p95_ms']:.1f} ms, {row['queries']} queries"
            )
        if only is not None and (FLOOR_NAME, None) not in only:
            return rows
        floor(subjects.slug)
        row = timed(lambda: floor(subjects.slug), PAGE_RUNS)
        row["queries"], rows_json = count_queries(lambda: floor(subjects.slug))
        rows.append(
            {
                "name": FLOOR_NAME,
                "kind": "floor",
                "url_name": "web:cooperation",
                "output": f"{len(json.loads(rows_json))} rows",
                **row,
            }
        )
    finally:
        for client in clients.values():
            client.logout()
        for user in accounts.values():
            user.delete()
        remove_document(document)
        public_report(subjects.issued, was_public)
        remove_history_since(marks)
    return rows
