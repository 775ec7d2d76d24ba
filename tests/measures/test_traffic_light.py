"""The traffic light (Ampel) of a measure and the rule that fired."""

import datetime

import pytest

from ikz.measures.domain import TrafficLight, change_status, traffic_light
from ikz.measures.models import Measure
from tests.factories import MeasureFactory, TaskFactory

TODAY = datetime.date(2020, 7, 1)
# When the tests' tasks were written down: before every day they are checked on.
CREATED = datetime.date(2020, 1, 2)
GREEN = TrafficLight(
    "green", "Im Plan: keine Aufgabe überfällig, keine Entscheidung über ihren Termin hinaus offen."
)


def measure_in(status, *, since=datetime.date(2020, 1, 15), **fields):
    measure = MeasureFactory(**fields)
    if status is not None:
        change_status(measure=measure, date=since, to_status=status)
    return measure


def task_due(measure, day, *, title="Zeitplan erstellen", state="open", created_on=CREATED):
    return TaskFactory(
        cooperation=measure.cooperation,
        measure=measure,
        title=title,
        due_precision="day",
        due_date=day,
        state=state,
        created_on=created_on,
    )


def days_before(today, days):
    return today - datetime.timedelta(days=days)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("status", "label"), [("done", "erledigt"), ("not_pursued", "nicht weiterverfolgt")]
)
def test_traffic_light_grey_for_closed_measures(status, label):
    measure = measure_in(status)

    assert traffic_light(measure, TODAY) == TrafficLight("grey", f"Abgeschlossen: {label}.")


@pytest.mark.django_db
def test_traffic_light_grey_even_with_an_overdue_task():
    measure = measure_in("done")
    task_due(measure, days_before(TODAY, 100))

    assert traffic_light(measure, TODAY).colour == "grey"


@pytest.mark.django_db
def test_traffic_light_uses_the_status_of_the_day_asked_for():
    measure = measure_in("in_progress")
    change_status(measure=measure, date=datetime.date(2020, 8, 1), to_status="done")

    assert (
        traffic_light(measure, TODAY),
        traffic_light(measure, datetime.date(2020, 8, 1)).colour,
    ) == (
        GREEN,
        "grey",
    )


@pytest.mark.django_db
def test_traffic_light_red_for_task_overdue_more_than_30_days():
    measure = measure_in("in_progress")
    task_due(measure, days_before(TODAY, 31), title="Kosten klären")

    assert traffic_light(measure, TODAY) == TrafficLight(
        "red", "Die Aufgabe „Kosten klären“ ist seit 31 Tagen überfällig (rot nach 30 Tagen)."
    )


@pytest.mark.django_db
def test_traffic_light_yellow_for_task_overdue_exactly_30_days():
    measure = measure_in("in_progress")
    task_due(measure, days_before(TODAY, 30), title="Kosten klären")

    assert traffic_light(measure, TODAY) == TrafficLight(
        "yellow", "Die Aufgabe „Kosten klären“ ist seit 30 Tagen überfällig."
    )


@pytest.mark.django_db
def test_traffic_light_yellow_for_task_overdue_one_day():
    measure = measure_in("in_progress")
    task_due(measure, days_before(TODAY, 1), title="Kosten klären")

    assert traffic_light(measure, TODAY) == TrafficLight(
        "yellow", "Die Aufgabe „Kosten klären“ ist seit 1 Tag überfällig."
    )


@pytest.mark.django_db
def test_traffic_light_green_for_task_due_today():
    measure = measure_in("in_progress")
    task_due(measure, TODAY)

    assert traffic_light(measure, TODAY) == GREEN


@pytest.mark.django_db
def test_traffic_light_task_overdue_by_month_precision_counts_from_month_end():
    measure = measure_in("in_progress")
    TaskFactory(
        cooperation=measure.cooperation,
        measure=measure,
        title="Zeitplan",
        due_precision="month",
        due_date=datetime.date(2020, 5, 1),
        created_on=CREATED,
    )

    assert traffic_light(measure, TODAY) == TrafficLight(
        "red", "Die Aufgabe „Zeitplan“ ist seit 31 Tagen überfällig (rot nach 30 Tagen)."
    )


@pytest.mark.django_db
@pytest.mark.parametrize("state", ["done", "cancelled"])
def test_traffic_light_ignores_finished_tasks(state):
    measure = measure_in("in_progress")
    task_due(measure, days_before(TODAY, 100), state=state)

    assert traffic_light(measure, TODAY) == GREEN


@pytest.mark.django_db
def test_traffic_light_ignores_tasks_created_after_the_day():
    measure = measure_in("in_progress")
    task_due(measure, days_before(TODAY, 45), created_on=TODAY + datetime.timedelta(days=1))

    assert traffic_light(measure, TODAY) == GREEN


@pytest.mark.django_db
def test_traffic_light_names_the_most_overdue_task():
    measure = measure_in("in_progress")
    task_due(measure, days_before(TODAY, 3), title="Angebot einholen")
    task_due(measure, days_before(TODAY, 12), title="Kosten klären")
    task_due(measure, days_before(TODAY, 5), title="Termin finden")

    assert traffic_light(measure, TODAY) == TrafficLight(
        "yellow", "Die Aufgabe „Kosten klären“ ist seit 12 Tagen überfällig."
    )


@pytest.mark.django_db
def test_traffic_light_red_for_decision_pending_more_than_30_days_past_due():
    measure = measure_in("decision_pending", decision_due=datetime.date(2020, 5, 31))

    assert traffic_light(measure, TODAY) == TrafficLight(
        "red",
        "Die Entscheidung steht seit 31 Tagen über den Termin 31.05.2020 hinaus aus "
        "(rot nach 30 Tagen).",
    )


@pytest.mark.django_db
def test_traffic_light_yellow_for_decision_pending_exactly_30_days_past_due():
    measure = measure_in("decision_pending", decision_due=datetime.date(2020, 6, 1))

    assert traffic_light(measure, TODAY) == TrafficLight(
        "yellow", "Die Entscheidung steht über den Termin 01.06.2020 hinaus aus."
    )


@pytest.mark.django_db
def test_traffic_light_yellow_for_decision_pending_one_day_past_due():
    measure = measure_in("decision_pending", decision_due=datetime.date(2020, 6, 30))

    assert traffic_light(measure, TODAY) == TrafficLight(
        "yellow", "Die Entscheidung steht über den Termin 30.06.2020 hinaus aus."
    )


@pytest.mark.django_db
def test_traffic_light_green_for_decision_pending_on_its_due_date():
    measure = measure_in("decision_pending", decision_due=TODAY)

    assert traffic_light(measure, TODAY) == GREEN


@pytest.mark.django_db
def test_traffic_light_green_for_decision_pending_without_due_date():
    measure = measure_in("decision_pending")

    assert traffic_light(measure, TODAY) == GREEN


@pytest.mark.django_db
@pytest.mark.parametrize("status", ["idea", "under_review", "decided", "in_progress"])
def test_traffic_light_decision_due_matters_only_while_pending(status):
    measure = measure_in(status, decision_due=datetime.date(2020, 1, 31))

    assert traffic_light(measure, TODAY) == GREEN


@pytest.mark.django_db
def test_traffic_light_yellow_on_hold():
    measure = measure_in("on_hold")

    assert traffic_light(measure, TODAY) == TrafficLight(
        "yellow", "Die Maßnahme ist zurückgestellt."
    )


@pytest.mark.django_db
@pytest.mark.parametrize("status", [None, "idea", "under_review", "decided", "in_progress"])
def test_traffic_light_green_otherwise(status):
    measure = measure_in(status)

    assert traffic_light(measure, TODAY) == GREEN


@pytest.mark.django_db
def test_traffic_light_red_decision_beats_yellow_task():
    measure = measure_in("decision_pending", decision_due=datetime.date(2020, 5, 1))
    task_due(measure, days_before(TODAY, 5), title="Kosten klären")

    assert traffic_light(measure, TODAY) == TrafficLight(
        "red",
        "Die Entscheidung steht seit 61 Tagen über den Termin 01.05.2020 hinaus aus "
        "(rot nach 30 Tagen).",
    )


@pytest.mark.django_db
def test_traffic_light_red_task_beats_yellow_decision():
    measure = measure_in("decision_pending", decision_due=datetime.date(2020, 6, 20))
    task_due(measure, days_before(TODAY, 45), title="Kosten klären")

    assert traffic_light(measure, TODAY) == TrafficLight(
        "red", "Die Aufgabe „Kosten klären“ ist seit 45 Tagen überfällig (rot nach 30 Tagen)."
    )


@pytest.mark.django_db
def test_traffic_light_red_task_beats_on_hold():
    measure = measure_in("on_hold")
    task_due(measure, days_before(TODAY, 40), title="Kosten klären")

    assert traffic_light(measure, TODAY) == TrafficLight(
        "red", "Die Aufgabe „Kosten klären“ ist seit 40 Tagen überfällig (rot nach 30 Tagen)."
    )


@pytest.mark.django_db
def test_traffic_light_overdue_task_reason_before_on_hold_reason():
    measure = measure_in("on_hold")
    task_due(measure, days_before(TODAY, 2), title="Kosten klären")

    assert traffic_light(measure, TODAY) == TrafficLight(
        "yellow", "Die Aufgabe „Kosten klären“ ist seit 2 Tagen überfällig."
    )


@pytest.mark.django_db
def test_traffic_light_custom_red_after_days():
    measure = measure_in("in_progress")
    task_due(measure, days_before(TODAY, 8), title="Kosten klären")

    assert traffic_light(measure, TODAY, red_after_days=7) == TrafficLight(
        "red", "Die Aufgabe „Kosten klären“ ist seit 8 Tagen überfällig (rot nach 7 Tagen)."
    )


@pytest.mark.django_db
def test_traffic_light_custom_red_after_days_boundary_stays_yellow():
    measure = measure_in("decision_pending", decision_due=days_before(TODAY, 7))

    assert traffic_light(measure, TODAY, red_after_days=7) == TrafficLight(
        "yellow", "Die Entscheidung steht über den Termin 24.06.2020 hinaus aus."
    )


@pytest.mark.django_db
def test_traffic_light_custom_red_after_days_for_decision():
    measure = measure_in("decision_pending", decision_due=days_before(TODAY, 8))

    assert traffic_light(measure, TODAY, red_after_days=7) == TrafficLight(
        "red",
        "Die Entscheidung steht seit 8 Tagen über den Termin 23.06.2020 hinaus aus "
        "(rot nach 7 Tagen).",
    )


@pytest.mark.django_db
def test_traffic_light_after_prefetch_needs_no_queries(django_assert_num_queries):
    measure = measure_in("in_progress")
    task_due(measure, days_before(TODAY, 31), title="Kosten klären")
    fetched = Measure.objects.prefetch_related("status_changes", "tasks").get(pk=measure.pk)

    with django_assert_num_queries(0):
        light = traffic_light(fetched, TODAY)

    assert light.colour == "red"
