"""The living demo: the Partheland carried on from its seed report to a given today
(ikz.sample.living), as ``ikz load_demo`` builds it."""

import datetime
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse

from ikz.agreements import lifecycle
from ikz.agreements.costs import compare_scenarios
from ikz.agreements.domain import state_as_of
from ikz.agreements.models import Agreement, Settlement
from ikz.agreements.settlement import settle
from ikz.core.models import MissionStatement, Role
from ikz.measures.domain import days_overdue, due_end, traffic_light
from ikz.measures.models import Measure, StatusChange, Task
from ikz.meetings.domain import public_outcomes
from ikz.meetings.models import Meeting, Outcome
from ikz.reports.domain import build_report
from ikz.reports.exporters import get_exporter
from ikz.reports.models import StatusReport
from ikz.search import indexing
from ikz.search.models import SearchEntry
from tests.factories import RoleFactory
from tests.living_demo import LIVING_TODAY, build_living_demo
from tests.reports.test_builder import seed_lines

APRIL_1 = datetime.date(2020, 4, 1)
MAY_31 = datetime.date(2020, 5, 31)


@pytest.fixture(scope="module")
def living(django_db_setup, django_db_blocker, tmp_path_factory):
    """One build for the tests of this module that only read it."""
    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=tmp_path_factory.mktemp("m")):
        cooperation = build_living_demo()
        yield cooperation
        # Left as a transactional test leaves the database: empty, history rows too.
        call_command("flush", interactive=False, verbosity=0)


def lights(cooperation, today=LIVING_TODAY) -> dict[str, str]:
    measures = Measure.objects.filter(cooperation=cooperation).prefetch_related(
        "status_changes", "tasks"
    )
    return {measure.title: traffic_light(measure, today).colour for measure in measures}


def open_tasks(cooperation):
    return Task.objects.filter(cooperation=cooperation, state__in=["open", "in_progress"])


# What the living demo holds -----------------------------------------------------------


@pytest.mark.django_db
def test_living_demo_report_april_may_2020_still_reads_as_the_seed(living):
    stored = StatusReport.objects.get(cooperation=living, period_start=APRIL_1)
    report = build_report(
        cooperation=living, period_start=APRIL_1, period_end=MAY_31,
        report_date=stored.report_date,
    )  # fmt: skip

    markdown = get_exporter("md").render(report).decode()

    assert [line for line in markdown.splitlines() if line] == seed_lines()
    assert stored.state == StatusReport.State.FINAL


@pytest.mark.django_db
def test_living_demo_adds_nothing_dated_in_the_seed_period(living):
    assert list(
        Task.objects.filter(cooperation=living, created_on__lte=MAY_31)
        .order_by("order")
        .values_list("order", flat=True)
    ) == [1, 2, 3, 4, 7]
    assert not Task.objects.filter(cooperation=living, done_on__lte=MAY_31).exists()
    assert (
        not StatusChange.objects.filter(
            measure__cooperation=living, date__gt=datetime.date(2020, 3, 31), date__lte=MAY_31
        )
        .exclude(outcome__meeting__date=datetime.date(2020, 5, 11))
        .exists()
    )


@pytest.mark.django_db
def test_living_demo_lights_are_a_normal_week(living):
    colours = list(lights(living).values())

    assert colours.count("red") == 1
    assert colours.count("yellow") == 2
    assert colours.count("green") >= 8
    assert lights(living)["Online-Stadtplan"] == "red"
    assert lights(living)["Smart Cities"] == "yellow"


@pytest.mark.django_db
def test_living_demo_no_task_overdue_long_but_the_intended_one(living):
    late = {
        task.title: days_overdue(task, LIVING_TODAY)
        for task in open_tasks(living)
        if days_overdue(task, LIVING_TODAY) > 14
    }

    assert late == {
        "Geodaten (Straßen, öffentliche Einrichtungen) für den Online-Stadtplan liefern": 38
    }


@pytest.mark.django_db
def test_living_demo_tasks_overdue_and_due_soon_for_several_municipalities(living):
    tasks = list(open_tasks(living).select_related("owner_municipality", "due_meeting"))
    overdue = {
        t.owner_municipality.name
        for t in tasks
        if days_overdue(t, LIVING_TODAY) and t.owner_municipality
    }
    soon = {
        t.owner_municipality.name
        for t in tasks
        if t.owner_municipality
        and not days_overdue(t, LIVING_TODAY)
        and due_end(t) is not None
        and due_end(t) <= LIVING_TODAY + datetime.timedelta(days=14)
    }  # fmt: skip

    assert {"Brandis", "Machern", "Belgershain"} <= overdue
    assert {"Brandis", "Borsdorf", "Naunhof"} <= soon


@pytest.mark.django_db
def test_living_demo_next_steering_group_is_to_decide(living):
    following = (
        Meeting.objects.filter(body__cooperation=living, body__name="Lenkungsgruppe",
                               date__gte=LIVING_TODAY)
        .order_by("date")
        .first()
    )  # fmt: skip
    pending = Measure.objects.filter(cooperation=living, decision_due=following.date)

    assert following.state == Meeting.State.INVITED
    assert sorted(m.title for m in pending) == [
        "Klimaschutzmanagement",
        "Personal Sharing Lohnbuchhaltung",
    ]
    assert {"Beschluss: Klimaschutzmanagement", "Beschluss: Personal Sharing Lohnbuchhaltung"} <= {
        item.title for item in following.agenda_items.all()
    }
    assert Task.objects.filter(cooperation=living, due_meeting=following).count() >= 2


@pytest.mark.django_db
def test_living_demo_reports_issued_the_latest_public_some_weeks_ago(living):
    issued = list(
        StatusReport.objects.filter(cooperation=living, state=StatusReport.State.FINAL).order_by(
            "period_start"
        )
    )

    assert [report.title for report in issued] == [
        "Statusbericht April/Mai 2020",
        "Statusbericht Oktober–Dezember 2025",
        "Statusbericht Januar–März 2026",
        "Statusbericht April–Juni 2026",
        "Statusbericht Juli–September 2026",
    ]
    assert [report.is_public for report in issued] == [False, False, False, False, True]
    assert all(report.files.count() == 5 for report in issued)
    weeks = (LIVING_TODAY - issued[-1].issued_at.date()).days // 7
    assert 3 <= weeks <= 12
    # The last full month is left for a coordinator's own report.
    assert not StatusReport.objects.filter(
        cooperation=living, period_end__gte=datetime.date(2026, 11, 1)
    ).exists()


@pytest.mark.django_db
def test_living_demo_has_a_current_leitbild_with_an_earlier_version(living):
    versions = list(
        MissionStatement.objects.filter(cooperation=living)
        .order_by("version")
        .values_list("version", "adopted_on")
    )

    assert versions == [(1, datetime.date(2020, 6, 16)), (2, datetime.date(2024, 9, 10))]


@pytest.mark.django_db
def test_living_demo_public_meetings_results_and_measures(living):
    published = public_outcomes(living)

    assert (
        Meeting.objects.filter(
            body__cooperation=living, is_public=True, state=Meeting.State.HELD
        ).count()
        >= 20
    )
    assert published.filter(text__contains="Gewerbeamt").exists()
    assert not published.filter(text__startswith="Lohnbuchhaltung: Kostenvergleich").exists()
    assert Measure.objects.filter(cooperation=living, is_public=True).count() == 18


@pytest.mark.django_db
def test_living_demo_gewerbeamt_story_names_its_agreements(living):
    texts = list(
        Outcome.objects.filter(measures__title="Zentralisierung Gewerbeamt").values_list(
            "text", flat=True
        )
    )

    assert any("Großpösna ab 01.07.2021" in text for text in texts)
    assert any("Borsdorf tritt der Zweckvereinbarung zum 01.01.2023 bei" in text for text in texts)
    assert Task.objects.filter(measure__title="Zentralisierung Gewerbeamt").count() >= 5


@pytest.mark.django_db
def test_living_demo_is_marked_as_sample_data_until_today(living):
    assert (living.is_sample, living.sample_until) == (True, LIVING_TODAY)


# Found by the search ----------------------------------------------------------------


def index_rows() -> list[tuple]:
    return list(
        SearchEntry.objects.order_by("kind", "object_id", "cooperation_id").values_list(
            "kind", "object_id", "cooperation_id", "is_public", "title", "context", "date", "text"
        )
    )


@pytest.mark.django_db
def test_living_demo_is_in_the_search_index_as_a_rebuild_makes_it(living):
    """The demo writes through the domain functions, whose saves keep the index."""
    kept = index_rows()

    indexing.rebuild()

    assert (bool(kept), kept == index_rows()) == (True, True)


@pytest.mark.django_db
def test_living_demo_coordinator_finds_gewerbeamt_measure_results_and_tasks(client, living):
    client.force_login(RoleFactory(cooperation=living, kind=Role.Kind.COORDINATOR).user)

    response = client.get(reverse("web:search"), {"q": "Gewerbeamt"})

    groups = {group.kind: group for group in response.context["groups"]}
    assert [hit.entry.title for hit in groups["measure"].hits] == ["Zentralisierung Gewerbeamt"]
    assert (groups["outcome"].count >= 5, groups["task"].count >= 5) == (True, True)


@pytest.mark.django_db
def test_living_demo_carries_the_purpose_agreements_along_the_story(living):
    agreements = {
        agreement.title.removeprefix("Zweckvereinbarung "): agreement
        for agreement in Agreement.objects.filter(cooperation=living)
    }
    trade = agreements["Gewerbeamt"]

    assert {title: agreement.state for title, agreement in agreements.items()} == {
        "Vertretungsregelung Meldewesen": "in_force",
        "Archiv": "in_force",
        "Brandschutz/Löschhilfen": "in_force",
        "Forderungsmanagement": "not_pursued",
        "SB Widerspruchsbearbeitung": "not_pursued",
        "Lohnbuchhaltung": "drafting",
        "Gewerbeamt": "in_force",
    }
    # The seed's states in May 2020.
    assert {title: state_as_of(agreement, MAY_31) for title, agreement in agreements.items()} == {
        "Vertretungsregelung Meldewesen": "draft_available",
        "Archiv": "desired",
        "Brandschutz/Löschhilfen": "desired",
        "Forderungsmanagement": "not_pursued",
        "SB Widerspruchsbearbeitung": "not_pursued",
        "Lohnbuchhaltung": "desired",
        "Gewerbeamt": None,
    }
    # The Gewerbeamt: Großpösna from 01.07.2021, Borsdorf by the amendment from 2023.
    assert lifecycle.in_force_from(trade) == datetime.date(2021, 7, 1)
    assert trade.revision == 1
    assert [(party.municipality.name, party.joined_on) for party in trade.party_rows.all()] == [
        ("Borsdorf", datetime.date(2023, 1, 1)),
        ("Großpösna", None),
        ("Naunhof", None),
    ]
    assert [
        p.municipality.name for p in lifecycle.active_parties(trade, datetime.date(2022, 12, 31))
    ] == [
        "Großpösna",
        "Naunhof",
    ]
    assert lifecycle.supervisory_authority(trade) == "Landratsamt Landkreis Leipzig"
    assert lifecycle.councils_still_to_resolve(trade) == []
    assert lifecycle.vat_assessment(agreements["Archiv"]).flagged


@pytest.mark.django_db
def test_living_demo_payroll_cost_check_as_the_readme_documents_it(living):
    comparison = compare_scenarios(living, "Lohnbuchhaltung")

    assert [
        (s.label, s.allocation.total, s.allocation.status_quo_total, s.allocation.saving_total)
        for s in comparison.scenarios
    ] == [
        ("3 Kommunen", Decimal("168050.00"), Decimal("185600.00"), Decimal("17550.00")),
        ("5 Kommunen", Decimal("249700.00"), Decimal("259700.00"), Decimal("10000.00")),
        ("7 Kommunen", Decimal("291962.50"), Decimal("304200.00"), Decimal("12237.50")),
    ]
    all_seven = comparison.scenarios[-1].allocation
    assert [(line.municipality.name, line.share, line.saving) for line in all_seven.lines] == [
        ("Belgershain", Decimal("19464.17"), Decimal("1935.83")),
        ("Borsdorf", Decimal("49172.63"), Decimal("3627.37")),
        ("Brandis", Decimal("72734.52"), Decimal("-1434.52")),
        ("Großpösna", Decimal("31245.11"), Decimal("2654.89")),
        ("Machern", Decimal("37903.90"), Decimal("2296.10")),
        ("Naunhof", Decimal("60441.36"), Decimal("1058.64")),
        ("Parthenstein", Decimal("21000.81"), Decimal("2099.19")),
    ]


@pytest.mark.django_db
def test_living_demo_gewerbeamt_settlement_as_the_readme_documents_it(living):
    statement = settle(Settlement.objects.get(agreement__cooperation=living, year=2025))

    assert (statement.plan.total, statement.final.total) == (
        Decimal("124521.60"),
        Decimal("131874.20"),
    )
    assert [
        (line.municipality.name, line.plan.share, line.advances, line.final.share, line.difference)
        for line in statement.lines
    ] == [
        ("Borsdorf", Decimal("41841.26"),
         [Decimal("10460.32"), Decimal("10460.32"), Decimal("10460.31"), Decimal("10460.31")],
         Decimal("44992.37"), Decimal("3151.11")),
        ("Großpösna", Decimal("29564.49"),
         [Decimal("7391.13"), Decimal("7391.12"), Decimal("7391.12"), Decimal("7391.12")],
         Decimal("33873.57"), Decimal("4309.08")),
        ("Naunhof", Decimal("53115.85"),
         [Decimal("13278.97"), Decimal("13278.96"), Decimal("13278.96"), Decimal("13278.96")],
         Decimal("53008.26"), Decimal("-107.59")),
    ]  # fmt: skip
    assert sum(line.difference for line in statement.lines) == Decimal("7352.60")
