"""The Partheland demo reproduces the base data and the meeting of the status report
April/Mai 2020 (src/ikz/sample/demo_data/, a copy of the real one)."""

import datetime
from io import StringIO

import pytest
from django.core.management import call_command

from ikz.core.domain import members_on, total_population
from ikz.core.models import Cooperation, Municipality
from ikz.measures.domain import status_as_of
from ikz.measures.models import Measure, Task
from ikz.meetings.models import Meeting
from ikz.sample.demo import MUNICIPALITIES, load_partheland
from tests.living_demo import LIVING_TODAY, renderings_kept

MAY_11 = datetime.date(2020, 5, 11)
MAY_31 = datetime.date(2020, 5, 31)

# The seed's first list: the topics of the 7th Projektleitungsgruppe, in order.
SEED_TOPICS = [
    "Projektvorstellung „Smart Cities“ durch DSK-BIG",
    "Vorstellung der ersten Entwürfe für eine Corporate Identity + Logo",
    "Umsetzung gemeinsamer Stellenbörse und vernetzte Fachkräfteausbildung",
    "Fördermöglichkeiten für Online-Stadtplan",
    "Zentralisierung Gewerbeamt in Naunhof",
    "weiteres Vorgehen Rad- und Wanderwegekonzept",
    "Kosten und Einbindung Kulturserver",
    "Prüfung und Konkretisierung von Personal Sharing-Möglichkeiten",
]

# The seed's second list, in order, with the topic each result answers (None: no topic).
SEED_RESULTS = [
    (
        "Corporate Identity: Favorisierung des ersten Entwurfs, endgültige Entscheidung im "
        "Leitbild-Workshop",
        SEED_TOPICS[1],
    ),
    ("Gemeinsame Stellenbörse: Veröffentlichung nach Relaunch der Website", SEED_TOPICS[2]),
    (
        "Kein gemeinsamer Ausbildungsplan forciert, Kooperation nur im Sinne der Vernetzung",
        SEED_TOPICS[2],
    ),
    ("Online-Stadtplan: Förderfähigkeit prüfen", SEED_TOPICS[3]),
    (
        "Gewerbeamt: Rücksprache mit dem Ordnungsamt ist erfolgt, Zeitplan für nächste "
        "Lenkungsgruppe konkretisieren",
        SEED_TOPICS[4],
    ),
    (
        "Rad- und Wanderwegekonzept wird in Zusammenarbeit mit Tourismusverein Leipziger "
        "Neuseenland erstellt",
        SEED_TOPICS[5],
    ),
    ("Gebührenfreie Werbung für gemeinnützige Zwecke ist in allen Gemeinden möglich", None),
    ("Kulturserver: Einbindung ist gewünscht, Kostenfrage noch offen", SEED_TOPICS[6]),
    (
        "Zweckvereinbarungen für Personal Sharing in den Bereichen Archiv, "
        "Brandschutz/Löschhilfen und Vertretungsregelung Meldewesen sind gewünscht und z. T. "
        "vorliegend",
        SEED_TOPICS[7],
    ),
    (
        "Personal Sharing für das Forderungsmanagement und den SB Widerspruchsbearbeitung "
        "wird nicht verfolgt",
        SEED_TOPICS[7],
    ),
    (
        "Entscheidung zu Personal Sharing in der Lohnbuchhaltung steht aus, Kostenprüfung für "
        "interkommunale Zusammenarbeit vornehmen",
        SEED_TOPICS[7],
    ),
]

# The seed's "Nächste Schritte" that are tasks, in order (the two dated lines are meetings).
SEED_TASKS = [
    "Erstellung eines konkreten Zeitplans für die Zentralisierung des Gewerbeamts",
    "Klärung der Kosten für die Einbindung des Kulturservers auf partheland.de",
    "weitere Forcierung des Themas Personal Sharing, Vorbereitung der Schließung erster "
    "Zweckvereinbarungen (z. B. Meldewesen, vorbeugender Brandschutz)",
    "Akquise Anschlussförderung für die Umsetzung offener Gemeinschaftsprojekte "
    "(z.B. Tourismus, Digitalisierung)",
    "Planung der nächsten Bürgerwerkstatt zur Präsentation des Leitbildes",
]

# The status the results give, where their wording leaves no doubt.
STATUS_AS_OF_MAY_31 = {
    "Online-Stadtplan": "under_review",
    "Personal Sharing Forderungsmanagement": "not_pursued",
    "Personal Sharing Lohnbuchhaltung": "decision_pending",
    "Personal Sharing SB Widerspruchsbearbeitung": "not_pursued",
}


def project_group_meeting(cooperation):
    return Meeting.objects.get(
        body__cooperation=cooperation, body__name="Projektleitungsgruppe", number=7
    )


@pytest.mark.django_db
def test_load_partheland_creates_the_cooperation():
    cooperation = load_partheland()

    assert (cooperation.name, cooperation.slug, Cooperation.objects.count()) == (
        "Partheland",
        "partheland",
        1,
    )


@pytest.mark.django_db
def test_load_partheland_members_match_the_municipalities_table():
    cooperation = load_partheland()

    members = members_on(cooperation, MAY_31)

    assert [
        (m.name, m.kind, m.ags, m.population, m.population_date, str(m.area_km2)) for m in members
    ] == [tuple(row) for row in MUNICIPALITIES]


@pytest.mark.django_db
def test_load_partheland_has_seven_members_with_45676_inhabitants():
    cooperation = load_partheland()

    members = members_on(cooperation, MAY_31)

    assert (
        [m.name for m in members],
        [m.ags for m in members],
        total_population(members).total,
        total_population(members).as_of,
    ) == (
        ["Belgershain", "Borsdorf", "Brandis", "Großpösna", "Machern", "Naunhof", "Parthenstein"],
        ["14729020", "14729060", "14729070", "14729190", "14729250", "14729300", "14729340"],
        45676,
        "Stand uneinheitlich: 31.12.2019–31.12.2022",
    )


@pytest.mark.django_db
def test_load_partheland_population_dates_are_named_per_municipality():
    load_partheland()

    dates = dict(Municipality.objects.values_list("name", "population_date"))

    assert dates == {
        "Belgershain": datetime.date(2019, 12, 31),
        "Borsdorf": datetime.date(2020, 12, 31),
        "Brandis": datetime.date(2022, 12, 31),
        "Großpösna": datetime.date(2019, 12, 31),
        "Machern": datetime.date(2019, 12, 31),
        "Naunhof": datetime.date(2019, 12, 31),
        "Parthenstein": datetime.date(2020, 12, 31),
    }


@pytest.mark.django_db
def test_load_partheland_7th_project_group_meeting_in_naunhof():
    cooperation = load_partheland()

    meeting = project_group_meeting(cooperation)

    assert (meeting.heading, meeting.date, meeting.location.name, meeting.state) == (
        "7. Projektleitungsgruppe in Naunhof",
        MAY_11,
        "Naunhof",
        "held",
    )


@pytest.mark.django_db
def test_load_partheland_agenda_items_in_the_seeds_order():
    cooperation = load_partheland()

    meeting = project_group_meeting(cooperation)

    assert [item.title for item in meeting.agenda_items.order_by("order")] == SEED_TOPICS


@pytest.mark.django_db
def test_load_partheland_smart_cities_presented_by_dsk_big():
    cooperation = load_partheland()

    first = project_group_meeting(cooperation).agenda_items.order_by("order").first()

    assert (first.presenter.name, first.presenter_person) == ("DSK-BIG", None)


@pytest.mark.django_db
def test_load_partheland_outcomes_in_the_seeds_order_on_their_topics():
    cooperation = load_partheland()

    meeting = project_group_meeting(cooperation)

    assert [
        (outcome.text, outcome.agenda_item.title if outcome.agenda_item else None)
        for outcome in meeting.outcomes.order_by("order").select_related("agenda_item")
    ] == SEED_RESULTS


@pytest.mark.django_db
def test_load_partheland_free_advertising_outcome_has_no_agenda_item():
    cooperation = load_partheland()

    outcome = project_group_meeting(cooperation).outcomes.get(
        text__startswith="Gebührenfreie Werbung"
    )

    assert (outcome.agenda_item, [m.title for m in outcome.measures.all()]) == (
        None,
        ["Gebührenfreie Werbung für gemeinnützige Zwecke"],
    )


@pytest.mark.django_db
def test_load_partheland_status_as_of_end_of_may():
    cooperation = load_partheland()

    measures = Measure.objects.filter(
        cooperation=cooperation, title__in=STATUS_AS_OF_MAY_31
    ).prefetch_related("status_changes")

    assert {m.title: status_as_of(m, MAY_31) for m in measures} == STATUS_AS_OF_MAY_31


@pytest.mark.django_db
def test_load_partheland_has_no_status_before_the_meeting():
    cooperation = load_partheland()

    measures = Measure.objects.filter(cooperation=cooperation).prefetch_related("status_changes")

    assert {status_as_of(m, datetime.date(2020, 5, 10)) for m in measures} == {None}


@pytest.mark.django_db
def test_load_partheland_status_changes_are_dated_the_meeting_day_and_caused_by_its_outcomes():
    cooperation = load_partheland()
    meeting = project_group_meeting(cooperation)

    forderung = Measure.objects.get(
        cooperation=cooperation, title="Personal Sharing Forderungsmanagement"
    )
    change = forderung.status_changes.get()

    assert (change.date, change.from_status, change.to_status, change.outcome.meeting) == (
        MAY_11,
        "",
        "not_pursued",
        meeting,
    )


@pytest.mark.django_db
def test_load_partheland_sub_measures_of_personal_sharing():
    cooperation = load_partheland()

    parent = Measure.objects.get(cooperation=cooperation, title="Personal Sharing")

    assert [child.title for child in parent.children.order_by("title")] == [
        "Personal Sharing Archiv",
        "Personal Sharing Brandschutz/Löschhilfen",
        "Personal Sharing Forderungsmanagement",
        "Personal Sharing Lohnbuchhaltung",
        "Personal Sharing SB Widerspruchsbearbeitung",
        "Personal Sharing Vertretungsregelung Meldewesen",
    ]


@pytest.mark.django_db
def test_load_partheland_tasks_are_the_seeds_next_steps_in_order():
    cooperation = load_partheland()

    tasks = Task.objects.filter(cooperation=cooperation).order_by("order")

    assert ([t.title for t in tasks], {t.state for t in tasks}) == (SEED_TASKS, {"open"})


@pytest.mark.django_db
def test_load_partheland_schedule_task_is_due_by_the_steering_group_in_grosspoesna():
    cooperation = load_partheland()

    task = Task.objects.get(
        cooperation=cooperation, title__startswith="Erstellung eines konkreten Zeitplans"
    )

    assert (
        task.due_precision,
        task.due_date,
        task.due_meeting.date,
        task.due_meeting.body.name,
        task.due_meeting.location.name if task.due_meeting.location else None,
    ) == ("meeting", None, datetime.date(2020, 6, 16), "Lenkungsgruppe", "Großpösna")


@pytest.mark.django_db
def test_load_partheland_planned_meetings_of_the_steering_group():
    cooperation = load_partheland()

    planned = Meeting.objects.filter(
        body__cooperation=cooperation, state=Meeting.State.PLANNED
    ).order_by("date")

    assert [(m.date, m.body.name, m.location.name if m.location else None) for m in planned] == [
        (datetime.date(2020, 6, 9), "Lenkungsgruppe", None),
        (datetime.date(2020, 6, 16), "Lenkungsgruppe", "Großpösna"),
    ]


@pytest.mark.django_db
def test_load_demo_command_loads_once_and_says_so_the_second_time(monkeypatch, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    # The living demo is carried on to today: a fixed one, so that it holds the same rows.
    monkeypatch.setattr(
        "ikz.sample.management.commands.load_demo.timezone.localdate", lambda: LIVING_TODAY
    )
    first, second = StringIO(), StringIO()

    with renderings_kept():
        call_command("load_demo", stdout=first, no_color=True)
    call_command("load_demo", stdout=second, no_color=True)

    assert (
        first.getvalue(),
        second.getvalue(),
        Cooperation.objects.count(),
        Municipality.objects.count(),
        Meeting.objects.count(),
        Task.objects.count(),
    ) == (
        "Die Demo-Kooperation „Partheland“ wurde geladen, fortgeschrieben bis 2026-12-07.\n",
        "Die Partheland-Demo ist bereits geladen; nichts wurde geändert (--rebuild ersetzt sie).\n",
        1,
        7,
        121,
        151,
    )
