"""The audit log: every change of a cooperation's data with who, when and which fields
from what to what, filtered; nothing of another cooperation."""

import datetime

import pytest
from django.utils import timezone

from ikz.core.audit import audit_log, cooperation_path
from ikz.core.models import Body, Municipality
from ikz.meetings.models import Outcome
from tests.factories import (
    BodyFactory,
    CooperationFactory,
    MeetingFactory,
    OutcomeFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def by(user, model, pk):
    """The latest record of the row as made by ``user`` (requests record the user)."""
    record = model.history.filter(id=pk).order_by("-history_date").first()
    model.history.filter(history_id=record.history_id).update(history_user=user)


@pytest.fixture
def changes():
    anna, ben = UserFactory(username="anna"), UserFactory(username="ben")
    partheland = CooperationFactory(name="Partheland")
    body = BodyFactory(cooperation=partheland, name="Lenkungsgruppe")
    by(anna, Body, body.pk)
    body.name = "Lenkungsausschuss"
    body.save()
    by(ben, Body, body.pk)
    outcome = OutcomeFactory(meeting=MeetingFactory(body=body), text="Beschluss")
    by(ben, Outcome, outcome.pk)
    outcome_id = outcome.pk
    outcome.delete()
    by(anna, Outcome, outcome_id)
    elsewhere = BodyFactory(cooperation=CooperationFactory(name="Muldental"), name="Fremd")
    by(anna, Body, elsewhere.pk)
    return partheland, anna, ben


def test_every_model_of_a_cooperation_is_found_by_its_foreign_keys():
    assert cooperation_path(Outcome) == "meeting__body__cooperation_id"
    assert cooperation_path(Body) == "cooperation_id"
    assert cooperation_path(Municipality) is None  # shared by all cooperations


def test_audit_log_lists_who_changed_which_fields_newest_first(changes):
    partheland, _anna, _ben = changes

    entries, more = audit_log(cooperation=partheland)

    bodies = [entry for entry in entries if entry.label == "core.Body"]
    assert [(entry.who, entry.kind, entry.text) for entry in bodies] == [
        ("ben", "~", "Lenkungsausschuss"),
        ("anna", "+", "Lenkungsgruppe"),
    ]
    assert [(c.field, c.before, c.after) for c in bodies[0].changes] == [
        ("Name", "Lenkungsgruppe", "Lenkungsausschuss")
    ]
    outcomes = [(entry.who, entry.kind) for entry in entries if entry.label == "meetings.Outcome"]
    assert outcomes == [("anna", "-"), ("ben", "+")]
    assert "Fremd" not in [entry.text for entry in entries]
    assert more is False


def test_audit_log_filters_by_person_kind_and_days(changes):
    partheland, anna, _ben = changes
    today = timezone.localdate()

    annas, _ = audit_log(cooperation=partheland, person=anna)
    outcomes, _ = audit_log(cooperation=partheland, model_label="meetings.Outcome")
    tomorrow, _ = audit_log(cooperation=partheland, since=today + datetime.timedelta(days=1))

    assert {(entry.label, entry.kind) for entry in annas} == {
        ("core.Body", "+"),
        ("meetings.Outcome", "-"),
    }
    assert {entry.label for entry in outcomes} == {"meetings.Outcome"}
    assert tomorrow == []


def test_audit_log_pages(changes):
    partheland, _anna, _ben = changes
    everything, _ = audit_log(cooperation=partheland)

    first, more = audit_log(cooperation=partheland, limit=2)
    rest, no_more = audit_log(cooperation=partheland, offset=2, limit=50)

    assert (more, no_more) == (True, False)
    assert first + rest == everything
