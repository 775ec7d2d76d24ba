"""Building a status report from the data: periods of whole months, their German names,
the seed reproduced line for line, and every period read as it was at its end."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from ikz.agreements.models import Agreement, AgreementStep
from ikz.core.models import Body, Cooperation
from ikz.measures.domain import change_status
from ikz.measures.models import Measure, StatusChange, Task
from ikz.meetings.models import Meeting, Outcome
from ikz.reports.domain import AgreementLine, CostCheckLine, StatusChangeLine, build_report
from ikz.reports.exporters import get_exporter
from ikz.reports.models import StatusReport
from ikz.reports.periods import parse_period, period_label
from ikz.reports.readers import read_file
from ikz.reports.storing import import_report
from ikz.sample.demo import DEMO_REPORT
from tests.factories import (
    AgreementFactory,
    CostItemFactory,
    CostModelFactory,
    MeasureFactory,
    MeetingFactory,
    MunicipalityFactory,
    PersonFactory,
    StatusQuoCostFactory,
    StatusReportFactory,
    TaskFactory,
)

SEED = DEMO_REPORT
APRIL_1 = datetime.date(2020, 4, 1)
MAY_31 = datetime.date(2020, 5, 31)
JUNE_1 = datetime.date(2020, 6, 1)
JUNE_30 = datetime.date(2020, 6, 30)
# Without a portfolio, the importer makes this topic a measure (status "under review").
STADTPLAN = "Fördermöglichkeiten für Online-Stadtplan"
AKQUISE_TASK = (
    "Akquise Anschlussförderung für die Umsetzung offener Gemeinschaftsprojekte "
    "(z.B. Tourismus, Digitalisierung)"
)
KULTURSERVER_TASK = "Klärung der Kosten für die Einbindung des Kulturservers auf partheland.de"
# The seed's "Nächste Schritte", in order.
SEED_NEXT_STEPS = [
    "Erstellung eines konkreten Zeitplans für die Zentralisierung des Gewerbeamts",
    KULTURSERVER_TASK,
    "weitere Forcierung des Themas Personal Sharing, Vorbereitung der Schließung erster "
    "Zweckvereinbarungen (z. B. Meldewesen, vorbeugender Brandschutz)",
    AKQUISE_TASK,
    "Leitbild-Workshop in der Lenkungsgruppe: 09.06.2020",
    "nächster Termin Lenkungsgruppe: 16.06.20 in Großpösna",
    "Planung der nächsten Bürgerwerkstatt zur Präsentation des Leitbildes",
]


def seed_lines() -> list[str]:
    """The seed's non-empty lines; its hard break after "Statusbericht April/Mai" joins
    that line and the next ("2020") into one."""
    lines = [line.strip() for line in SEED.read_text(encoding="utf-8").splitlines()]
    lines = [line for line in lines if line]
    index = lines.index("Statusbericht April/Mai")
    return lines[:index] + [f"{lines[index]} {lines[index + 1]}"] + lines[index + 2 :]


def imported_seed() -> Cooperation:
    return import_report(blocks=read_file(SEED)).cooperation


def april_may(cooperation, **options):
    return build_report(cooperation=cooperation, period_start=APRIL_1, period_end=MAY_31, **options)


def june(cooperation, **options):
    return build_report(cooperation=cooperation, period_start=JUNE_1, period_end=JUNE_30, **options)


# parse_period() ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2020-04/2020-05", (APRIL_1, MAY_31)),
        ("2020-06", (JUNE_1, JUNE_30)),
        ("2020-02", (datetime.date(2020, 2, 1), datetime.date(2020, 2, 29))),
        ("2020-12/2021-01", (datetime.date(2020, 12, 1), datetime.date(2021, 1, 31))),
        (" 2020-07/2020-09 ", (datetime.date(2020, 7, 1), datetime.date(2020, 9, 30))),
        ("2020-4", (APRIL_1, datetime.date(2020, 4, 30))),
        # The labels the product prints, and months as offices write them.
        ("Juni 2020", (JUNE_1, JUNE_30)),
        ("April/Mai 2020", (APRIL_1, MAY_31)),
        ("april/mai  2020", (APRIL_1, MAY_31)),
        ("Juli–September 2020", (datetime.date(2020, 7, 1), datetime.date(2020, 9, 30))),
        ("Dezember 2020/Januar 2021", (datetime.date(2020, 12, 1), datetime.date(2021, 1, 31))),
        ("Dezember/Januar 2021", (datetime.date(2020, 12, 1), datetime.date(2021, 1, 31))),
        ("06/2020", (JUNE_1, JUNE_30)),
        ("04/2020-05/2020", (APRIL_1, MAY_31)),
    ],
    ids=[
        "two-months",
        "one-month",
        "leap-february",
        "year-turn",
        "surrounding-spaces",
        "one-digit-month",
        "label-one-month",
        "label-two-months",
        "label-lower-case",
        "label-quarter",
        "label-year-turn",
        "label-year-turn-one-year",
        "numeric-month",
        "numeric-two-months",
    ],
)
def test_parse_period_first_day_to_last_day(text, expected):
    result = parse_period(text)

    assert result == expected


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("2020-13", "„2020-13“ nennt einen Monat, den es nicht gibt."),
        ("2020-00", "„2020-00“ nennt einen Monat, den es nicht gibt."),
        ("2020-05/2020-04", "Der Zeitraum „2020-05/2020-04“ endet, bevor er beginnt."),
        (
            "April",
            "„April“ ist kein Zeitraum; bitte geben Sie ihn z. B. als „Juni 2020“, "
            "„April/Mai 2020“, 06/2020 oder 2020-04/2020-05 an.",
        ),
        (
            "Frühjahr 2020",
            "„Frühjahr 2020“ ist kein Zeitraum; bitte geben Sie ihn z. B. als „Juni 2020“, "
            "„April/Mai 2020“, 06/2020 oder 2020-04/2020-05 an.",
        ),
        ("13/2020", "„13/2020“ nennt einen Monat, den es nicht gibt."),
        ("Mai 2021/April 2020", "Der Zeitraum „Mai 2021/April 2020“ endet, bevor er beginnt."),
    ],
    ids=[
        "month-13",
        "month-0",
        "ends-before-start",
        "month-without-year",
        "season",
        "numeric-month-13",
        "label-backwards",
    ],
)
def test_parse_period_invalid_text_is_rejected_with_its_reason(text, message):
    with pytest.raises(ValidationError) as excinfo:
        parse_period(text)

    assert excinfo.value.messages == [message]


# period_label() ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "end", "label"),
    [
        (JUNE_1, JUNE_30, "Juni 2020"),
        (APRIL_1, MAY_31, "April/Mai 2020"),
        (datetime.date(2020, 7, 1), datetime.date(2020, 9, 30), "Juli–September 2020"),
        (datetime.date(2020, 12, 1), datetime.date(2021, 1, 31), "Dezember 2020/Januar 2021"),
        (datetime.date(2020, 11, 1), datetime.date(2021, 1, 31), "November 2020–Januar 2021"),
        (datetime.date(2020, 3, 1), datetime.date(2020, 3, 31), "März 2020"),
    ],
)
def test_period_label_names_the_months_as_german_reports_do(start, end, label):
    result = period_label(start, end)

    assert result == label


# build_report(): the seed ------------------------------------------------------------


@pytest.mark.django_db
def test_build_report_seed_reproduces_the_seeds_lines_in_markdown():
    cooperation = imported_seed()
    stored = StatusReport.objects.get(cooperation=cooperation)
    report = april_may(cooperation, report_date=stored.report_date)

    markdown = get_exporter("md").render(report).decode()

    assert [line for line in markdown.splitlines() if line] == seed_lines()


@pytest.mark.django_db
def test_build_report_seed_meeting_with_topics_and_results_on_their_topics():
    cooperation = imported_seed()

    report = april_may(cooperation)

    (meeting,) = report.meetings
    assert (
        meeting.date,
        meeting.heading,
        len(meeting.topics),
        [result.topic for result in meeting.results],
    ) == (
        datetime.date(2020, 5, 11),
        "7. Projektleitungsgruppe in Naunhof",
        8,
        [2, 3, 3, 4, 5, 6, None, 7, 8, 8, 8],
    )


@pytest.mark.django_db
def test_build_report_seed_heading_title_and_dates():
    cooperation = imported_seed()

    report = april_may(cooperation, report_date=datetime.date(2020, 5, 25))

    assert (
        report.cooperation,
        report.title,
        report.heading,
        report.period_label,
        report.report_date,
        report.template,
    ) == (
        "Partheland",
        "Steuerung und Begleitung des Kooperationsprozesses einer interkommunalen "
        "Zusammenarbeit in der Region „Partheland“",
        "Statusbericht April/Mai 2020",
        "April/Mai 2020",
        datetime.date(2020, 5, 25),
        "seed",
    )


@pytest.mark.django_db
def test_build_report_without_report_date_is_dated_the_periods_end():
    cooperation = imported_seed()

    report = april_may(cooperation)

    assert report.report_date == MAY_31


@pytest.mark.django_db
def test_build_report_seed_next_steps_in_the_seeds_order():
    cooperation = imported_seed()

    report = april_may(cooperation)

    assert report.next_steps == SEED_NEXT_STEPS


@pytest.mark.django_db
def test_build_report_writes_nothing():
    cooperation = imported_seed()

    with CaptureQueriesContext(connection) as queries:
        april_may(cooperation, template="full")

    assert [q["sql"] for q in queries if not q["sql"].lstrip().upper().startswith("SELECT")] == []


@pytest.mark.django_db
def test_build_report_seed_query_count_is_what_it_needs(django_assert_num_queries):
    cooperation = imported_seed()

    # Meetings with their topics and results; open tasks and the meetings of the next
    # steps. Nothing of the full template's summary.
    with django_assert_num_queries(5):
        april_may(cooperation)


@pytest.mark.django_db
def test_build_report_full_query_count_is_bounded(django_assert_max_num_queries):
    cooperation = imported_seed()

    with django_assert_max_num_queries(20):
        april_may(cooperation, template="full")


@pytest.mark.django_db
def test_build_report_full_query_count_does_not_grow_with_the_portfolio():
    cooperation = imported_seed()
    with CaptureQueriesContext(connection) as small:
        seeded = april_may(cooperation, template="full")
    steering = Meeting.objects.get(date=datetime.date(2020, 6, 16))
    held = Meeting.objects.get(date=datetime.date(2020, 5, 11))
    StatusReportFactory(
        cooperation=cooperation,
        period_start=datetime.date(2020, 1, 1),
        period_end=datetime.date(2020, 3, 31),
    )
    for number in range(10):
        measure = MeasureFactory(cooperation=cooperation)
        change_status(measure=measure, date=APRIL_1, to_status="decision_pending")
        # A result of the period on it: counted per measure, its decision quoted.
        Outcome.objects.create(
            meeting=held, order=100 + number, kind=Outcome.Kind.DECISION, text="Beschlossen."
        ).measures.add(measure)
        TaskFactory(
            cooperation=cooperation,
            measure=measure,
            due_precision="day",
            due_date=datetime.date(2020, 5, 2),
            created_on=APRIL_1,
            # Shown by name and municipality: no query of its own per task.
            owner_person=PersonFactory(cooperation=cooperation),
        )
        TaskFactory(
            cooperation=cooperation,
            measure=measure,
            due_precision="meeting",
            due_meeting=steering,
            created_on=APRIL_1,
        )
        TaskFactory(cooperation=cooperation, state="done", done_on=APRIL_1, created_on=APRIL_1)

    with CaptureQueriesContext(connection) as large:
        report = april_may(cooperation, template="full")

    assert (
        len(report.portfolio),
        len(report.overdue_tasks),
        len(report.results_by_measure),
        len(large),
    ) == (len(seeded.portfolio) + 10, 10, len(seeded.results_by_measure) + 10, len(small))


# build_report(): as of the period's end ---------------------------------------------


@pytest.mark.django_db
def test_build_report_status_changed_after_the_period_shows_the_old_status():
    cooperation = imported_seed()
    measure = Measure.objects.get(cooperation=cooperation, title=STADTPLAN)
    change_status(measure=measure, to_status="decided", date=datetime.date(2020, 6, 20))

    before = april_may(cooperation, template="full")
    after = june(cooperation, template="full")

    assert (
        {row.measure: row.status for row in before.portfolio}[STADTPLAN],
        {row.measure: row.status for row in after.portfolio}[STADTPLAN],
    ) == ("in Prüfung", "beschlossen")


@pytest.mark.django_db
def test_build_report_status_changes_are_those_dated_in_the_period():
    cooperation = imported_seed()
    # The import dates every status change it makes on the meeting, 11.05.2020.
    seeded = StatusChange.objects.filter(measure__cooperation=cooperation).count()
    measure = Measure.objects.get(cooperation=cooperation, title=STADTPLAN)
    change_status(measure=measure, to_status="decided", date=datetime.date(2020, 6, 20))

    before = april_may(cooperation, template="full")
    after = june(cooperation, template="full")

    assert (
        {line.date for line in before.status_changes},
        len(before.status_changes),
        after.status_changes,
    ) == (
        {datetime.date(2020, 5, 11)},
        seeded,
        [StatusChangeLine(datetime.date(2020, 6, 20), STADTPLAN, "in Prüfung", "beschlossen")],
    )


@pytest.mark.django_db
def test_build_report_task_done_after_the_period_is_still_a_next_step():
    cooperation = imported_seed()
    task = Task.objects.get(cooperation=cooperation, title=AKQUISE_TASK)
    task.state, task.done_on = Task.State.DONE, datetime.date(2020, 6, 10)
    task.save()

    report = april_may(cooperation)

    assert report.next_steps == SEED_NEXT_STEPS


@pytest.mark.django_db
def test_build_report_task_done_within_the_period_is_no_next_step():
    cooperation = imported_seed()
    task = Task.objects.get(cooperation=cooperation, title=AKQUISE_TASK)
    task.state, task.done_on = Task.State.DONE, datetime.date(2020, 5, 28)
    task.save()

    report = april_may(cooperation)

    assert report.next_steps == [step for step in SEED_NEXT_STEPS if step != AKQUISE_TASK]


@pytest.mark.django_db
def test_build_report_task_cancelled_is_no_next_step():
    cooperation = imported_seed()
    task = Task.objects.get(cooperation=cooperation, title=KULTURSERVER_TASK)
    task.state = Task.State.CANCELLED
    task.save()

    report = april_may(cooperation)

    assert report.next_steps == [step for step in SEED_NEXT_STEPS if step != KULTURSERVER_TASK]


@pytest.mark.django_db
def test_build_report_task_created_after_the_period_is_only_in_the_later_report():
    cooperation = imported_seed()
    TaskFactory(
        cooperation=cooperation,
        title="Einladung zur Bürgerwerkstatt versenden",
        created_on=datetime.date(2020, 6, 2),
        order=8,
    )

    before = april_may(cooperation)
    after = june(cooperation)

    # June's next steps: the open tasks; the announced meetings lie within June.
    assert (before.next_steps, after.next_steps) == (
        SEED_NEXT_STEPS,
        [*SEED_NEXT_STEPS[:4], SEED_NEXT_STEPS[6], "Einladung zur Bürgerwerkstatt versenden"],
    )


@pytest.mark.django_db
def test_build_report_full_measure_without_any_status_is_in_the_portfolio():
    """Measures the seed's results give no status, and one added since, are listed."""
    cooperation = imported_seed()
    MeasureFactory(cooperation=cooperation, title="Gemeinsamer Bauhof")

    report = april_may(cooperation, template="full")

    without = [row.measure for row in report.portfolio if row.status == "ohne Status"]
    assert (without, report.status_counts["ohne Status"]) == (
        [
            "Gemeinsamer Bauhof",
            "Prüfung und Konkretisierung von Personal Sharing-Möglichkeiten",
            "Smart Cities",
            "Umsetzung gemeinsamer Stellenbörse und vernetzte Fachkräfteausbildung",
        ],
        4,
    )


@pytest.mark.django_db
def test_build_report_full_task_created_after_the_period_does_not_colour_its_light():
    cooperation = imported_seed()
    measure = Measure.objects.get(cooperation=cooperation, title=STADTPLAN)
    # Written down in June, due in May: late in June's report, unknown in April/May's.
    TaskFactory(
        cooperation=cooperation,
        measure=measure,
        title="Angebot einholen",
        due_precision="day",
        due_date=datetime.date(2020, 5, 15),
        created_on=datetime.date(2020, 6, 2),
    )

    before = april_may(cooperation, template="full")
    after = june(cooperation, template="full")

    assert (
        {row.measure: (row.colour, row.reason) for row in before.portfolio}[STADTPLAN],
        {row.measure: (row.colour, row.reason) for row in after.portfolio}[STADTPLAN],
        [task.title for task in before.overdue_tasks],
        [(task.title, task.days_overdue) for task in after.overdue_tasks],
    ) == (
        (
            "green",
            "Im Plan: keine Aufgabe überfällig, keine Entscheidung über ihren Termin hinaus offen.",
        ),
        (
            "red",
            "Die Aufgabe „Angebot einholen“ ist seit 46 Tagen überfällig (rot nach 30 Tagen).",
        ),
        [],
        # The seed's Gewerbeamt task was due at the steering group's meeting on 16.06.
        [("Angebot einholen", 46), (SEED_NEXT_STEPS[0], 14)],
    )


def agreement_with_steps(cooperation, title, *steps):
    """An agreement in the state of its last step, with its dated steps."""
    agreement = AgreementFactory(cooperation=cooperation, title=title, state=steps[-1][0])
    for state, day in steps:
        AgreementStep.objects.create(agreement=agreement, state=state, date=day)
    return agreement


@pytest.mark.django_db
def test_build_report_full_agreements_in_progress_as_of_the_periods_end():
    cooperation = imported_seed()
    meldewesen = agreement_with_steps(
        cooperation,
        "Zweckvereinbarung Meldewesen",
        (Agreement.State.DRAFTING, datetime.date(2020, 3, 2)),
        (Agreement.State.IN_FORCE, datetime.date(2020, 6, 15)),
    )
    # § 2b UStG: paid more than its costs, so flagged; the other one's criteria are open.
    meldewesen.vat_cost_reimbursement_only = False
    meldewesen.save()
    agreement_with_steps(
        cooperation,
        "Zweckvereinbarung Archiv",
        (Agreement.State.DESIRED, datetime.date(2020, 6, 10)),
    )
    agreement_with_steps(
        cooperation,
        "Zweckvereinbarung Bauhof",
        (Agreement.State.DRAFT_AVAILABLE, datetime.date(2020, 4, 1)),
        (Agreement.State.NOT_PURSUED, datetime.date(2020, 5, 31)),
    )
    # Without any step the report cannot tell where it stood: left out.
    AgreementFactory(cooperation=cooperation, title="Zweckvereinbarung Brandschutz")

    before = april_may(cooperation, template="full")
    after = june(cooperation, template="full")

    assert (before.agreements, after.agreements) == (
        [AgreementLine("Zweckvereinbarung Meldewesen", "in Ausarbeitung", True)],
        [AgreementLine("Zweckvereinbarung Archiv", "gewünscht", False)],
    )


@pytest.mark.django_db
def test_build_report_full_agreement_steps_cost_no_query_per_agreement():
    cooperation = imported_seed()
    agreement_with_steps(
        cooperation, "Zweckvereinbarung 1", (Agreement.State.DRAFTING, datetime.date(2020, 4, 1))
    )
    with CaptureQueriesContext(connection) as one:
        april_may(cooperation, template="full")
    for number in range(2, 7):
        agreement_with_steps(
            cooperation,
            f"Zweckvereinbarung {number}",
            (Agreement.State.DRAFTING, datetime.date(2020, 4, 1)),
        )

    with CaptureQueriesContext(connection) as six:
        report = april_may(cooperation, template="full")

    assert (len(report.agreements), len(six)) == (6, len(one))


@pytest.mark.django_db
def test_build_report_and_render_for_an_english_request_stay_german():
    cooperation = imported_seed()
    measure = Measure.objects.get(cooperation=cooperation, title=STADTPLAN)
    change_status(measure=measure, to_status="decided", date=datetime.date(2020, 5, 20))

    with translation.override("en"):
        report = april_may(cooperation, template="full")
        markdown = get_exporter("md").render(report).decode()

    assert (
        "# Maßnahmenportfolio" in markdown,
        f"| {STADTPLAN} | – | beschlossen | grün |" in markdown,
        f"| {STADTPLAN} | in Prüfung (11.05.2020) → beschlossen (20.05.2020) |" in markdown,
        "decided" in markdown,
        translation.get_language(),
    ) == (True, True, True, False, "de")


@pytest.mark.django_db
def test_build_report_meetings_held_outside_the_period_are_not_in_it():
    cooperation = imported_seed()
    body = Body.objects.get(cooperation=cooperation, name="Projektleitungsgruppe")
    MeetingFactory(body=body, number=6, date=datetime.date(2020, 3, 31))
    MeetingFactory(body=body, number=8, date=JUNE_1)

    report = april_may(cooperation)

    assert [(m.date, m.heading) for m in report.meetings] == [
        (datetime.date(2020, 5, 11), "7. Projektleitungsgruppe in Naunhof")
    ]


@pytest.mark.django_db
def test_build_report_meeting_in_the_period_but_cancelled_is_not_in_it():
    cooperation = imported_seed()
    body = Body.objects.get(cooperation=cooperation, name="Projektleitungsgruppe")
    MeetingFactory(body=body, number=8, date=datetime.date(2020, 5, 20), state="cancelled")

    report = april_may(cooperation)

    assert [m.heading for m in report.meetings] == ["7. Projektleitungsgruppe in Naunhof"]


@pytest.mark.django_db
def test_build_report_next_steps_look_92_days_ahead_for_meetings():
    cooperation = imported_seed()
    body = Body.objects.get(cooperation=cooperation, name="Lenkungsgruppe")
    MeetingFactory(body=body, number=None, date=datetime.date(2020, 8, 31), state="planned")
    MeetingFactory(body=body, number=None, date=datetime.date(2020, 9, 1), state="planned")

    report = april_may(cooperation)

    assert report.next_steps == [*SEED_NEXT_STEPS, "Lenkungsgruppe: 31.08.2020"]


@pytest.mark.django_db
def test_build_report_of_another_cooperation_is_empty():
    imported_seed()
    other = Cooperation.objects.create(name="Muldental", slug="muldental")

    report = april_may(other)

    assert (report.meetings, report.status_changes, report.next_steps, report.title) == (
        [],
        [],
        [],
        "Muldental",
    )


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("start", "end"),
    [
        (datetime.date(2020, 4, 2), MAY_31),
        (APRIL_1, datetime.date(2020, 5, 30)),
        (APRIL_1, datetime.date(2020, 5, 1)),
        (JUNE_1, MAY_31),
    ],
    ids=["starts-on-the-2nd", "ends-before-month-end", "ends-on-a-first", "ends-before-start"],
)
def test_build_report_period_not_of_whole_months_is_rejected(start, end):
    cooperation = imported_seed()

    with pytest.raises(ValidationError) as excinfo:
        build_report(cooperation=cooperation, period_start=start, period_end=end)

    assert excinfo.value.messages == [
        "Ein Berichtszeitraum umfasst einen oder mehrere ganze Monate."
    ]


@pytest.mark.django_db
def test_build_report_planned_meeting_without_announcement_reads_as_its_heading():
    cooperation = imported_seed()
    Meeting.objects.filter(date=datetime.date(2020, 6, 16)).update(announcement="")

    report = april_may(cooperation)

    assert report.next_steps == [
        *SEED_NEXT_STEPS[:5],
        "Lenkungsgruppe in Großpösna: 16.06.2020",
        SEED_NEXT_STEPS[6],
    ]


@pytest.mark.django_db
def test_build_report_full_lists_each_cost_check_scenario_with_its_saving():
    cooperation = imported_seed()
    towns = [MunicipalityFactory(name="Belgershain"), MunicipalityFactory(name="Parthenstein")]
    for scenario, fte in (("2 Kommunen", "1.000"), ("ohne Figur", "2.000")):
        model = CostModelFactory(cooperation=cooperation, name="Lohnbuchhaltung", scenario=scenario)
        model.municipalities.set(towns)
        CostItemFactory(cost_model=model, kind="staff", fte=Decimal(fte),
                        annual_cost_per_fte=Decimal("60000.00"))  # fmt: skip
        for town in towns:
            StatusQuoCostFactory(cost_model=model, municipality=town, annual_cost=Decimal("35000"))
    # A key by case numbers without them: the scenario says why it has no result.
    model.key = "cases"
    model.figures_year = 2019
    model.save()

    report = june(cooperation, template="full")
    seed = june(cooperation, template="seed")

    assert report.cost_checks == [
        CostCheckLine("Lohnbuchhaltung", "2 Kommunen", "60.000,00 €", "70.000,00 €", "10.000,00 €"),
        CostCheckLine(
            "Lohnbuchhaltung", "ohne Figur",
            f"Für {towns[0].name} sind keine Fallzahlen des Jahres 2019 hinterlegt.", "–", "–",
        ),
    ]  # fmt: skip
    assert seed.cost_checks == []
