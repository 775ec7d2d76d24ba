"""A change of a topic's or a result's measures alone is in the history: one record
that holds row and measures, shown in the audit log and an object's history as
"Maßnahmen: A, B → A, C" (names, sorted as German sorts)."""

import datetime

import pytest
from django.utils import translation

from ikz.core.audit import Change, audit_log, object_history
from ikz.core.history import record_links
from ikz.core.versions import current_version
from ikz.meetings.domain import (
    add_agenda_item,
    correct_outcome,
    edit_agenda_item,
    record_outcome,
    schedule_meeting,
)
from ikz.meetings.models import AgendaItem, Meeting, Outcome
from tests.factories import BodyFactory, CooperationFactory, MeasureFactory

pytestmark = pytest.mark.django_db

# "Ämterportal" sorts with "A", not after "Z".
MEASURES = Change("Maßnahmen", "Archiv, Bauhof", "Ämterportal, Archiv")


@pytest.fixture(autouse=True)
def german():
    with translation.override("de"):
        yield


@pytest.fixture
def cooperation():
    return CooperationFactory()


@pytest.fixture
def meeting(cooperation):
    body = BodyFactory(cooperation=cooperation, name="Projektleitungsgruppe")
    return schedule_meeting(
        body=body, date=datetime.date(2020, 5, 11), number=7, state=Meeting.State.HELD
    )


@pytest.fixture
def measures(cooperation):
    return {
        title: MeasureFactory(cooperation=cooperation, title=title)
        for title in ("Bauhof", "Archiv", "Ämterportal")
    }


def latest_entry(cooperation, model):
    entries, _more = audit_log(cooperation=cooperation, model_label=model._meta.label)
    return entries[0]


def test_a_new_topic_has_one_record_with_its_measures(cooperation, meeting, measures):
    item = add_agenda_item(
        meeting=meeting, title="Archiv", measures=[measures["Bauhof"], measures["Archiv"]]
    )

    assert item.history.count() == 1
    entry = latest_entry(cooperation, AgendaItem)
    assert entry.kind == "+"
    assert Change("Maßnahmen", "", "Archiv, Bauhof") in entry.changes


def test_editing_only_a_topics_measures_names_them_before_and_after(cooperation, meeting, measures):
    item = add_agenda_item(
        meeting=meeting, title="Archiv", measures=[measures["Bauhof"], measures["Archiv"]]
    )

    edit_agenda_item(
        item,
        version=current_version(item),
        title="Archiv",
        measures=[measures["Ämterportal"], measures["Archiv"]],
    )

    assert item.history.count() == 2
    entry = latest_entry(cooperation, AgendaItem)
    assert (entry.kind, entry.changes) == ("~", [MEASURES])
    assert object_history(meeting)[0].changes == [MEASURES]
    assert object_history(item)[0].changes == [MEASURES]


def test_correcting_only_a_results_measures_names_them_before_and_after(
    cooperation, meeting, measures
):
    outcome = record_outcome(
        meeting=meeting,
        text="Zur Kenntnis genommen.",
        kind=Outcome.Kind.INFORMATION,
        measures=[measures["Archiv"], measures["Bauhof"]],
    ).outcome
    assert outcome.history.count() == 1

    correct_outcome(
        outcome,
        version=current_version(outcome),
        kind=outcome.kind,
        text=outcome.text,
        measures=[measures["Archiv"], measures["Ämterportal"]],
    )

    assert outcome.history.count() == 2
    entry = latest_entry(cooperation, Outcome)
    assert (entry.kind, entry.changes) == ("~", [MEASURES])
    assert object_history(outcome)[0].changes == [MEASURES]


def test_an_unchanged_measure_list_is_no_change(cooperation, meeting, measures):
    item = add_agenda_item(meeting=meeting, title="Archiv", measures=[measures["Archiv"]])

    edit_agenda_item(
        item, version=current_version(item), title="Archiv neu", measures=[measures["Archiv"]]
    )

    assert [change.field for change in latest_entry(cooperation, AgendaItem).changes] == ["Titel"]


def test_a_deleted_measure_is_named_by_its_kind_and_id(cooperation, meeting, measures):
    item = add_agenda_item(meeting=meeting, title="Archiv", measures=[measures["Bauhof"]])
    edit_agenda_item(item, version=current_version(item), title="Archiv", measures=[])
    gone = measures["Bauhof"].pk
    measures["Bauhof"].delete()

    assert latest_entry(cooperation, AgendaItem).changes == [
        Change("Maßnahmen", f"Maßnahme #{gone}", "")
    ]


def test_links_set_in_bulk_are_written_into_the_latest_records(cooperation, meeting, measures):
    item = AgendaItem.objects.create(meeting=meeting, order=1, number="1", title="Archiv")
    AgendaItem.measures.through.objects.create(agendaitem=item, measure=measures["Archiv"])

    record_links(AgendaItem, "measures", [item.pk])

    assert latest_entry(cooperation, AgendaItem).changes[-1] == Change("Maßnahmen", "", "Archiv")
