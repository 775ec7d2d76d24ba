"""No internal field reaches a public page. Every text field of a row of every model
gets a marker naming it; the public pages then show exactly the markers of the fields
that are public, and none of a row that is not public. And no page or file of the
public site, crawled from its start, names an item that is internal."""

import datetime
import hashlib
import html
import io
import re
import zipfile
from urllib.parse import urlsplit

import pytest
from django.apps import apps
from django.core.files.base import ContentFile
from django.db import DatabaseError, models, transaction
from django.urls import Resolver404, URLPattern, URLResolver, get_resolver, resolve, reverse
from django.utils import timezone
from pypdf import PdfReader

from ikz.core.models import Document, MissionStatement, Person
from ikz.measures.domain import Due, add_measure, create_task
from ikz.measures.models import Measure
from ikz.meetings.domain import (
    TaskDraft,
    add_agenda_item,
    hold_meeting,
    record_outcome,
    schedule_meeting,
)
from ikz.meetings.minutes import FORMATS
from ikz.meetings.models import AgendaItem, Meeting, Outcome
from ikz.reports.models import ReportFile, StatusReport
from ikz.web.access import PUBLIC
from tests.factories import pdf_bytes

pytestmark = pytest.mark.django_db


@pytest.fixture
def cooperation(demo):
    """The signed-in visitors act in the demo."""
    return demo


# What the public pages show (cooperation page, imprint, privacy notice), and only of
# rows marked public: a field added to a public page is added here on purpose.
PUBLIC_FIELDS = {
    "core.Cooperation.name",
    "core.Cooperation.report_title",
    "core.Cooperation.region",
    "core.Cooperation.publisher",
    "core.Cooperation.publisher_representative",
    "core.Cooperation.contact_phone",
    "core.Cooperation.content_responsible",
    "core.Cooperation.data_protection_officer",
    "core.Cooperation.supervisory_authority",
    "core.Cooperation.privacy_addendum",
    "core.Cooperation.vat_id",
    "core.Cooperation.legal_supervision",
    "core.Cooperation.accessibility_barriers",
    "core.Cooperation.accessibility_contact",
    "core.Cooperation.accessibility_enforcement_body",
    "core.Cooperation.accessibility_review_method",
    "core.Municipality.name",
    "core.MissionStatement.text",
    "core.Body.name",
    "meetings.Meeting.title",
    "meetings.Meeting.venue",
    "meetings.AgendaItem.title",
    "meetings.Outcome.text",
    # The public site's meetings, measures and minutes: a topic's number, a presenting
    # partner, a public measure with its field of action and the notes of its status
    # changes (those of a change at an internal result are left out).
    "meetings.AgendaItem.number",
    "core.Partner.name",
    "measures.Measure.title",
    "measures.Measure.description",
    "measures.FieldOfAction.name",
    "measures.StatusChange.note",
}
# Rows with a public flag: once not public, none of their fields may show.
FLAGGED = [Meeting, AgendaItem, Outcome, Measure]


def marker(model, field) -> str:
    return f"MARK{model._meta.label}.{field.name}MARK".replace("_", "-")


def text_fields(model):
    return [
        field
        for field in model._meta.concrete_fields
        if isinstance(field, models.CharField | models.TextField)
        and not isinstance(field, models.SlugField | models.EmailField | models.URLField)
        and not field.choices
        and not field.primary_key
        # Colours are checked as #RRGGBB.
        and field.max_length not in (7,)
    ]


def mark_every_text_field() -> dict[str, str]:
    """Each text field of every row of the project's models set to its marker and the
    row's id (unique fields), by an update, so no rule of a form stands in the way; a
    field whose database refuses free text (an AGS: 8 digits, 8 characters) keeps its
    value."""
    markers = {}
    for model in apps.get_models():
        if not model.__module__.startswith("ikz.") or model.__name__.startswith("Historical"):
            continue
        for field in text_fields(model):
            try:
                with transaction.atomic():
                    for pk in model._default_manager.values_list("pk", flat=True):
                        model._default_manager.filter(pk=pk).update(
                            **{field.name: f"{marker(model, field)}{pk}"}
                        )
            except DatabaseError:
                continue
            markers[marker(model, field)] = f"{model._meta.label}.{field.name}"
    return markers


def public_pages(cooperation) -> list[str]:
    pages = []
    for include in get_resolver().url_patterns:
        if not (isinstance(include, URLResolver) and include.namespace == "web"):
            continue
        for pattern in include.url_patterns:
            if not isinstance(pattern, URLPattern):
                continue
            if getattr(pattern.callback, "access", PUBLIC) != PUBLIC:
                continue
            parameters = set(pattern.pattern.converters)
            if parameters == {"slug"}:
                pages.append(reverse(f"web:{pattern.name}", args=[cooperation.slug]))
            elif not parameters:
                pages.append(reverse(f"web:{pattern.name}"))
    return pages


def readable(response) -> str:
    """A response's text as a reader gets it: a Word file's document, a PDF's text."""
    content = b"".join(response.streaming_content) if response.streaming else response.content
    content_type = response.get("Content-Type", "")
    if content_type == FORMATS["docx"]:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            return archive.read("word/document.xml").decode()
    if content_type == FORMATS["pdf"] and content.startswith(b"%PDF"):
        return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)
    return content.decode(errors="replace")


def public_link(url: str) -> str | None:
    """The address of a link to a public page or file of the site (its path and query),
    or None for any other link."""
    url = html.unescape(url).split("#")[0]
    parts = urlsplit(url)
    if parts.scheme or parts.netloc or not parts.path.startswith("/"):
        return None
    try:
        match = resolve(parts.path)
    except Resolver404:
        return None
    if match.namespace != "web" or getattr(match.func, "access", None) != PUBLIC:
        return None
    return f"{parts.path}?{parts.query}" if parts.query else parts.path


def crawl(client, cooperation) -> dict[str, str | None]:
    """Every public page and file reachable from the public pages without parameters
    (the start page among them) and from the month calendars of every meeting's month,
    following the links within the public site: their text by address (None where the
    answer was no 200). A calendar's
    links to other months are not followed (they go on for ever)."""
    months = {
        (year, month)
        for year, month in Meeting.objects.filter(body__cooperation=cooperation).values_list(
            "date__year", "date__month"
        )
    }
    queue = public_pages(cooperation) + [
        reverse("web:public_calendar", args=[cooperation.slug, year, month])
        for year, month in sorted(months)
    ]
    texts = {}
    while queue:
        url = queue.pop()
        if url in texts:
            continue
        response = client.get(url)
        texts[url] = readable(response) if response.status_code == 200 else None
        if texts[url] is None or not response.get("Content-Type", "").startswith("text/html"):
            continue
        calendar = resolve(urlsplit(url).path).url_name == "public_calendar"
        for link in re.findall(r'href="([^"]+)"', texts[url]):
            address = public_link(link)
            if address is None or address in texts:
                continue
            if calendar and resolve(urlsplit(address).path).url_name == "public_calendar":
                continue
            queue.append(address)
    return texts


def shown(client, cooperation, markers) -> set[str]:
    found = set()
    for content in filter(None, crawl(client, cooperation).values()):
        found |= {field for value, field in markers.items() if value in content}
    return found


def test_public_pages_show_the_public_fields_and_no_other(client, every_admin_model):
    markers = mark_every_text_field()
    for model in FLAGGED:
        model.objects.update(is_public=True)
    MissionStatement.objects.update(adopted_on=datetime.date(2020, 6, 9))
    # A held meeting without a title is headed by its body's name; one still to come
    # shows its venue.
    held = Outcome.objects.first().meeting
    Meeting.objects.filter(pk=held.pk).update(title="")
    Meeting.objects.exclude(pk=held.pk).filter(
        pk=Meeting.objects.exclude(pk=held.pk).first().pk
    ).update(date=datetime.date(2099, 1, 1), state=Meeting.State.PLANNED)

    # PostgreSQL refuses a marker longer than a short field (a topic's number, a VAT id):
    # those keep their values and cannot be looked for.
    assert shown(client, every_admin_model, markers) == PUBLIC_FIELDS & set(markers.values())


def test_public_pages_show_nothing_of_rows_not_public(client, every_admin_model):
    markers = mark_every_text_field()
    for model in FLAGGED:
        model.objects.update(is_public=False)

    found = shown(client, every_admin_model, markers)

    assert (
        found
        & {
            f"{model._meta.label}.{name}"
            for model in FLAGGED
            for name in ("title", "venue", "text")
        }
        == set()
    )
    assert found <= PUBLIC_FIELDS


INTERNAL = "Streng-Intern"


def internal_items(cooperation) -> None:
    """Beside the demo's public data, one of every internal kind, each titled with
    ``INTERNAL``: a measure, a meeting with its topic and result, a topic and a result
    kept internal in a published meeting, a result of a public meeting not yet held
    (so not published), a status change's note at an internal result on a public
    measure, a task, a person, a draft of the Leitbild, a draft report and an issued
    report not public, a document not public and one marked public on an internal
    measure; and an issued public report, whose file the site serves."""
    body = cooperation.bodies.order_by("pk").first()
    public_measure = Measure.objects.filter(cooperation=cooperation, is_public=True).first()
    internal_measure = add_measure(cooperation=cooperation, title=f"{INTERNAL} Maßnahme")
    hidden = schedule_meeting(
        body=body, date=datetime.date(2020, 5, 20), title=f"{INTERNAL} Klausur", is_public=False
    )
    hold_meeting(meeting=hidden)
    hidden_item = add_agenda_item(meeting=hidden, title=f"{INTERNAL} Thema der Klausur")
    record_outcome(meeting=hidden, agenda_item=hidden_item, text=f"{INTERNAL} Ergebnis Klausur")
    published = Meeting.objects.filter(
        body__cooperation=cooperation, is_public=True, state=Meeting.State.HELD
    ).first()
    item = add_agenda_item(meeting=published, title=f"{INTERNAL} Personalfrage", is_public=False)
    record_outcome(
        meeting=published, agenda_item=item, text=f"{INTERNAL} Stellenbewertung",
        measures=[public_measure], new_status="on_hold", status_note=f"{INTERNAL} Notiz",
        tasks=[TaskDraft(title=f"{INTERNAL} Aufgabe aus dem Ergebnis")],
    )  # fmt: skip
    record_outcome(meeting=published, text=f"{INTERNAL} vertrauliches Ergebnis", is_public=False)
    coming = schedule_meeting(
        body=body, date=timezone.localdate() + datetime.timedelta(days=3), is_public=True
    )
    add_agenda_item(meeting=coming, title="Öffentliches Thema")
    record_outcome(meeting=coming, text=f"{INTERNAL} Ergebnis vor der Sitzung")
    create_task(
        cooperation=cooperation, title=f"{INTERNAL} Aufgabe", owner=None,
        due=Due.on_day(datetime.date(2020, 9, 1)),
    )  # fmt: skip
    Person.objects.create(
        cooperation=cooperation, name=f"{INTERNAL} Person", role="Kämmerei",
        municipality=cooperation.participations.first().municipality,
    )  # fmt: skip
    MissionStatement.objects.create(cooperation=cooperation, version=9, text=f"{INTERNAL} Leitbild")
    StatusReport.objects.create(
        cooperation=cooperation, title=f"{INTERNAL} Entwurf", is_public=True,
        period_start=datetime.date(2021, 1, 1), period_end=datetime.date(2021, 1, 31),
        report_date=datetime.date(2021, 1, 31),
    )  # fmt: skip
    for month, title, public in ((2, f"{INTERNAL} Bericht", False), (3, "Bericht März", True)):
        content = f"# {title}".encode()
        report = StatusReport.objects.create(
            cooperation=cooperation, title=title, is_public=public, snapshot={},
            state=StatusReport.State.FINAL, issued_at=timezone.now(),
            period_start=datetime.date(2021, month, 1),
            period_end=datetime.date(2021, month, 28),
            report_date=datetime.date(2021, month, 28),
        )  # fmt: skip
        ReportFile.objects.create(
            report=report, format="md", file=ContentFile(content, name="bericht.md"),
            sha256=hashlib.sha256(content).hexdigest(), size=len(content),
        )  # fmt: skip
    for title, owner, public in (
        (f"{INTERNAL} Vermerk", {"meeting": published}, False),
        (f"{INTERNAL} Anlage", {"measure": internal_measure}, True),
        (f"{INTERNAL} Folie", {"meeting": published, "agenda_item": item}, True),
        ("Öffentliche Präsentation", {"meeting": published}, True),
    ):
        Document.objects.create(
            cooperation=cooperation, title=title, is_public=public,
            file=ContentFile(pdf_bytes(), name="datei.pdf"), **owner,
        )  # fmt: skip


@pytest.mark.parametrize("visitor", ["anonymous", "signed in"])
def test_no_page_or_file_of_the_public_site_names_an_internal_item(
    client, coordinator_client, cooperation, settings, tmp_path, visitor
):
    settings.MEDIA_ROOT = tmp_path
    internal_items(cooperation)
    browser = client if visitor == "anonymous" else coordinator_client

    texts = crawl(browser, cooperation)

    assert {url for url, text in texts.items() if INTERNAL in (text or "")} == set()
    # The crawl reached every kind of public page and file.
    reached = {
        resolve(urlsplit(url).path).url_name for url, text in texts.items() if text is not None
    }
    assert reached >= {
        "start", "cooperation", "public_mission", "public_outcomes", "public_contact",
        "public_meetings", "public_calendar", "public_meeting", "public_minutes",
        "public_measures", "public_measure", "public_documents", "public_reports",
        "public_report_download", "document",
    }  # fmt: skip
    assert any("Bericht März" in (text or "") for text in texts.values())
    assert any("Öffentliche Präsentation" in (text or "") for text in texts.values())
