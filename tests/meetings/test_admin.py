"""The meeting and outcome admin offers only what the domain accepts."""

import pytest
from django.urls import reverse

from tests.factories import (
    AgendaItemFactory,
    MeetingFactory,
    OutcomeFactory,
    partheland,
)

pytestmark = pytest.mark.django_db


def agenda_choices(form_field) -> list[str]:
    return [label for value, label in form_field.choices if value]


def test_meeting_admin_outcomes_offer_only_the_meetings_agenda_items(coordinator_client):
    meeting = MeetingFactory(body__cooperation=partheland())
    AgendaItemFactory(meeting=meeting, order=1, title="Stellenbörse")
    OutcomeFactory(meeting=meeting, order=1)
    AgendaItemFactory(meeting=MeetingFactory(), order=1, title="Gewerbeamt")

    response = coordinator_client.get(reverse("admin:meetings_meeting_change", args=[meeting.pk]))

    formset = next(
        inline.formset
        for inline in response.context["inline_admin_formsets"]
        if inline.formset.prefix == "outcomes"
    )
    assert agenda_choices(formset.forms[0].fields["agenda_item"]) == ["Stellenbörse"]


def test_outcome_admin_refuses_an_agenda_item_of_another_meeting(coordinator_client):
    outcome = OutcomeFactory(text="Beschlossen.", meeting__body__cooperation=partheland())
    foreign = AgendaItemFactory(meeting=MeetingFactory(), order=1, title="Gewerbeamt")

    response = coordinator_client.post(
        reverse("admin:meetings_outcome_change", args=[outcome.pk]),
        {
            "meeting": outcome.meeting_id,
            "agenda_item": foreign.pk,
            "order": outcome.order,
            "kind": "decision",
            "text": outcome.text,
        },
    )

    outcome.refresh_from_db()
    assert (response.status_code, outcome.agenda_item_id) == (200, None)
    assert "agenda_item" in response.context["adminform"].form.errors
