"""No internal field reaches a public page. Every text field of a row of every model
gets a marker naming it; the public pages then show exactly the markers of the fields
that are public, and none of a row that is not public."""

import datetime

import pytest
from django.apps import apps
from django.db import DatabaseError, models, transaction
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from ikz.core.models import MissionStatement
from ikz.meetings.models import AgendaItem, Meeting, Outcome
from ikz.web.access import PUBLIC

pytestmark = pytest.mark.django_db

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
}
# Rows with a public flag: once not public, none of their fields may show.
FLAGGED = [Meeting, AgendaItem, Outcome]


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


def shown(client, cooperation, markers) -> set[str]:
    found = set()
    for url in public_pages(cooperation):
        response = client.get(url)
        content = (
            b"".join(response.streaming_content) if response.streaming else response.content
        ).decode(errors="replace")
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

    assert shown(client, every_admin_model, markers) == PUBLIC_FIELDS


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
