"""``ikz generate``: deterministic synthetic data that keeps every rule of the model.

They generate a small shape (one year, few meetings); tests/reports/test_real_shape.py
runs the command with the real shape."""

import datetime
import hashlib
from dataclasses import replace
from io import StringIO

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.db import transaction

from ikz.agreements.models import (
    Agreement,
    AgreementStep,
    ChecklistItem,
    CostItem,
    CostModel,
    Settlement,
)
from ikz.agreements.settlement import settle
from ikz.core.models import Cooperation, Membership, MissionStatement, Municipality, Person
from ikz.core.months import is_month_end
from ikz.measures.models import FundingApplication, Measure, StatusChange, Task
from ikz.meetings.models import AgendaItem, Meeting, Outcome
from ikz.reports.exporters import EXPORTERS
from ikz.reports.models import StatusReport
from ikz.sample.generator.run import generate as generate_cooperations
from ikz.sample.generator.state import Shape

TODAY = datetime.date(2026, 12, 10)
AS_OF = datetime.date(2026, 12, 1)
SMALL = Shape(
    years=1,
    future_months=2,
    meeting_rate=0.4,
    agenda_items=(4, 6),
    outcomes=(4, 7),
    measures=10,
    tasks=60,
    agreements=1,
    applications=2,
    reports=4,
    issued=0,
)
SMALL_ISSUED = replace(SMALL, issued=1)
# The real shape's targets for one cooperation (the issue's "about" figures).
TARGETS = {
    Meeting: 300,
    AgendaItem: 3000,
    Outcome: 3000,
    Measure: 50,
    StatusChange: 300,
    Task: 1000,
}


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def run(*args: str) -> str:
    out = StringIO()
    call_command(*args, stdout=out, stderr=StringIO(), no_color=True)
    return out.getvalue()


def command_error(*args: str) -> str:
    with pytest.raises(CommandError) as excinfo:
        run(*args)
    return str(excinfo.value)


def row_counts() -> dict[str, int]:
    return {model._meta.label: model._default_manager.count() for model in apps.get_models()}


def generate(scale=1, seed=1, shape=SMALL, **options):
    return generate_cooperations(scale=scale, seed=seed, today=TODAY, shape=shape, **options)


def digest(cooperation: Cooperation) -> str:
    """A hash of the key columns of every row of the cooperation, in the order of their
    primary keys (the order they were written in); natural keys instead of ids, since
    ids depend on what the database held before."""

    def rows(queryset, *columns):
        return list(queryset.order_by("pk").values_list(*columns))

    c = cooperation
    meeting = ("meeting__body__name", "meeting__date")
    tables = [
        rows(Cooperation.objects.filter(pk=c.pk), "name", "slug", "region", "primary_colour"),
        rows(
            Municipality.objects.filter(participations__cooperation=c),
            "name", "kind", "ags", "population", "population_date", "area_km2",
        ),
        rows(c.bodies, "name", "kind"),
        rows(c.partners, "name", "kind"),
        rows(c.people, "role", "name", "email", "municipality__ags", "partner__name"),
        rows(Membership.objects.filter(body__cooperation=c), "body__name", "person__email", "role"),
        rows(c.fields_of_action, "name", "order"),
        rows(
            c.measures,
            "title", "field_of_action__name", "parent__title", "lead_municipality__ags",
            "planned_start", "planned_end", "decision_due", "progress", "is_public",
        ),
        rows(
            Meeting.objects.filter(body__cooperation=c),
            "body__name", "number", "title", "date", "start_time", "location__ags", "venue",
            "state", "is_public",
        ),
        rows(
            AgendaItem.objects.filter(meeting__body__cooperation=c),
            *meeting, "order", "title", "is_public", "presenter_person__email",
            "presenter_partner__name",
        ),
        rows(
            AgendaItem.measures.through.objects.filter(measure__cooperation=c),
            "agendaitem__meeting__date", "agendaitem__order", "measure__title",
        ),
        rows(
            Outcome.objects.filter(meeting__body__cooperation=c),
            *meeting, "order", "kind", "text", "agenda_item__order", "is_public",
        ),
        rows(
            Outcome.measures.through.objects.filter(measure__cooperation=c),
            "outcome__meeting__date", "outcome__order", "measure__title",
        ),
        rows(
            StatusChange.objects.filter(measure__cooperation=c),
            "measure__title", "date", "from_status", "to_status", "outcome__order",
        ),
        rows(
            c.tasks,
            "order", "title", "measure__title", "owner_person__email", "owner_municipality__ags",
            "owner_body__name", "due_precision", "due_date", "due_meeting__date", "state",
            "created_on", "done_on", "origin_outcome__text",
        ),
        rows(c.mission_statements, "version", "text", "adopted_on", "adopted_by__text"),
        rows(
            c.agreements,
            "title", "kind", "performing_municipality__ags", "term", "term_years", "state",
        ),
        rows(AgreementStep.objects.filter(agreement__cooperation=c), "state", "date", "note"),
        rows(ChecklistItem.objects.filter(agreement__cooperation=c), "point", "note"),
        rows(c.cost_models, "name", "key", "population_date"),
        rows(CostItem.objects.filter(cost_model__cooperation=c), "kind", "label", "amount"),
        rows(
            c.funding_applications,
            "title", "program__name", "amount_applied", "amount_granted", "state",
        ),
        rows(
            c.status_reports,
            "period_start", "period_end", "report_date", "template", "state", "snapshot",
        ),
    ]  # fmt: skip
    return hashlib.sha256(repr(tables).encode()).hexdigest()


def generated_digest(scale: int, seed: int) -> str:
    """Cooperation 1's digest after generating ``scale`` cooperations, all rolled back
    afterwards, so that one test can compare several generations."""

    class RolledBack(Exception):
        pass

    try:
        with transaction.atomic():
            first, *_others = generate(scale=scale, seed=seed)
            result = digest(first)
            raise RolledBack
    except RolledBack:
        pass
    return result


def sample(queryset, size=25):
    """Rows spread over the whole table, the same every time."""
    rows = list(queryset.order_by("pk"))
    step = max(1, len(rows) // size)
    return rows[::step]


# Determinism --------------------------------------------------------------------------


@pytest.mark.django_db
def test_generate_gives_cooperation_1_the_same_rows_at_scale_1_and_2():
    assert generated_digest(scale=1, seed=1) == generated_digest(scale=2, seed=1)


@pytest.mark.django_db
def test_generate_with_another_seed_gives_other_rows():
    assert generated_digest(scale=1, seed=1) != generated_digest(scale=1, seed=2)


@pytest.mark.django_db
def test_generate_cooperations_differ_in_their_unique_values():
    first, second = generate(scale=2)

    assert [(first.name, first.slug), (second.name, second.slug)] == [
        ("Muldental", "muldental"),
        ("Elstertal", "elstertal"),
    ]
    assert digest(first) != digest(second)


# The rules of the model ---------------------------------------------------------------


@pytest.mark.django_db
def test_generated_rows_pass_full_clean_on_a_sample_of_every_model(media):
    generate(scale=2, shape=SMALL_ISSUED)
    models = [
        model
        for model in apps.get_models()
        if model._meta.app_label in {"core", "meetings", "measures", "agreements", "reports"}
        and not model.__name__.startswith("Historical")
    ]
    through = [AgendaItem.measures.through, Outcome.measures.through]

    failures = []
    filled = set()
    for model in [*models, *through]:
        for row in sample(model._default_manager.all()):
            filled.add(model.__name__)
            try:
                if isinstance(row, StatusReport) and row.state == StatusReport.State.FINAL:
                    # clean() refuses any change to a final report; the rest still holds.
                    row.clean_fields()
                    row.validate_unique()
                    row.validate_constraints()
                else:
                    row.full_clean()
            except ValidationError as error:
                failures.append((model.__name__, row.pk, error))

    assert failures == []
    # Everything but what generated data has no use for: consultations, documents,
    # votes per municipality (generated results carry no vote), and roles (they belong
    # to accounts; generated people have none); and settlements, since no agreement of
    # one year's data is in force for a whole past year (test_generated_settlements_...).
    assert {model.__name__ for model in [*models, *through]} - filled == {
        "Consultation",
        "Document",
        "OutcomeVote",
        "Role",
        "Settlement",
    }


@pytest.mark.django_db
def test_generated_settlements_settle_the_last_whole_year_in_force_and_pass_full_clean(media):
    generate(shape=replace(SMALL, years=5, future_months=6, agreements=3))

    settlements = list(Settlement.objects.select_related("agreement", "cost_model"))
    for settlement in settlements:
        settlement.full_clean()
        statement = settle(settlement)
        assert (
            statement.settlement.agreement.state,
            statement.settlement.year,
            sum(line.difference for line in statement.lines),
        ) == (
            Agreement.State.IN_FORCE,
            AS_OF.year - 1,
            statement.final.total - statement.plan.total,
        )
    assert settlements


@pytest.mark.django_db
def test_generated_status_histories_only_grow_forward():
    generate(scale=2)

    broken = []
    for measure in Measure.objects.prefetch_related("status_changes__outcome__meeting"):
        changes = sorted(measure.status_changes.all(), key=lambda change: (change.date, change.pk))
        before, day = "", datetime.date.min
        for change in changes:
            outcome = change.outcome
            if (
                change.from_status != before
                or change.date < day
                or outcome is None
                or outcome.meeting.date != change.date
            ):
                broken.append((measure.title, change.date, change.from_status, change.to_status))
            before, day = change.to_status, change.date

    assert broken == []
    assert StatusChange.objects.count() > 0


@pytest.mark.django_db
def test_generated_status_changes_are_caused_by_results_on_their_measure():
    generate()

    unlinked = [
        change.pk
        for change in StatusChange.objects.select_related("outcome")
        if not change.outcome.measures.filter(pk=change.measure_id).exists()
    ]

    assert unlinked == []


@pytest.mark.django_db
def test_generated_report_periods_are_whole_months_that_do_not_overlap(media):
    generate(scale=2, shape=SMALL_ISSUED)

    for cooperation in Cooperation.objects.all():
        periods = list(
            cooperation.status_reports.order_by("period_start").values_list(
                "period_start", "period_end"
            )
        )
        assert len(periods) == SMALL.reports
        assert all(start.day == 1 and is_month_end(end) for start, end in periods)
        assert all(periods[index][1] < periods[index + 1][0] for index in range(len(periods) - 1))
        assert periods[-1][1] < AS_OF


@pytest.mark.django_db
def test_generated_final_reports_keep_snapshot_and_a_file_per_format(media):
    generate(shape=SMALL_ISSUED)

    final = StatusReport.objects.get(state=StatusReport.State.FINAL)
    latest = StatusReport.objects.order_by("-period_start").first()

    assert final == latest
    assert final.snapshot["period_label"] == final.title.removeprefix("Statusbericht ")
    assert sorted(final.files.values_list("format", flat=True)) == sorted(EXPORTERS)
    assert all((media / name).is_file() for name in final.files.values_list("file", flat=True))


@pytest.mark.django_db
def test_generated_ags_are_unique_eight_digits_of_land_99():
    generate(scale=3)

    keys = list(Municipality.objects.values_list("ags", flat=True))

    assert len(keys) == 21
    assert len(set(keys)) == 21
    assert all(len(key) == 8 and key.isdigit() and key.startswith("99") for key in keys)


@pytest.mark.django_db
def test_generated_people_belong_to_one_organisation_with_a_unique_address():
    generate(scale=2)

    people = list(Person.objects.all())
    addresses = [person.email for person in people]

    assert all(bool(person.municipality_id) != bool(person.partner_id) for person in people)
    assert all(person.name and person.email.endswith(".example") for person in people)
    assert len(set(addresses)) == len(addresses)
    assert Membership.objects.filter(person__in=people).count() >= len(people)


@pytest.mark.django_db
def test_generated_meetings_are_numbered_per_body_in_date_order_at_member_places():
    generate()
    cooperation = Cooperation.objects.get()
    members = set(cooperation.participations.values_list("municipality", flat=True))

    for body in cooperation.bodies.all():
        meetings = list(body.meetings.order_by("date"))
        numbers = [meeting.number for meeting in meetings if meeting.state != "cancelled"]
        assert numbers == list(range(1, len(numbers) + 1))
        assert {meeting.location_id for meeting in meetings} <= members
    held_after = Meeting.objects.filter(state=Meeting.State.HELD, date__gte=AS_OF).count()
    planned_before = Meeting.objects.filter(
        state__in=[Meeting.State.PLANNED, Meeting.State.INVITED], date__lt=AS_OF
    ).count()
    assert (held_after, planned_before) == (0, 0)


@pytest.mark.django_db
def test_generated_tasks_are_created_before_done_and_due_after_created():
    generate(scale=2)

    wrong = [
        task.pk
        for task in Task.objects.select_related("due_meeting__body", "origin_outcome__meeting")
        if task.created_on >= AS_OF
        or (task.done_on is not None and not task.created_on <= task.done_on < AS_OF)
        or (task.due_date is not None and task.due_date < task.created_on.replace(day=1, month=1))
        or (task.due_meeting is not None and task.due_meeting.date <= task.created_on)
        or (
            task.due_meeting is not None
            and task.due_meeting.body.cooperation_id != task.cooperation_id
        )
        or (task.origin_outcome is not None and task.origin_outcome.meeting.date != task.created_on)
    ]

    assert wrong == []
    assert sorted(set(Task.objects.values_list("state", flat=True))) == [
        "cancelled",
        "done",
        "in_progress",
        "open",
    ]


@pytest.mark.django_db
def test_generated_data_has_every_kind_of_result_and_results_without_topic():
    generate(scale=2)

    kinds = sorted(set(Outcome.objects.values_list("kind", flat=True)))

    assert kinds == ["decision", "deferral", "information", "mandate"]
    assert Outcome.objects.filter(agenda_item=None).exists()
    assert Measure.objects.filter(parent__isnull=False).exists()
    assert MissionStatement.objects.filter(adopted_by__isnull=False).count() == 2
    assert Agreement.objects.filter(cost_model__isnull=False).count() == 2
    assert CostModel.objects.count() == 2
    assert FundingApplication.objects.count() == 4


# Refusals and faults ------------------------------------------------------------------


@pytest.mark.django_db
def test_generate_command_refuses_a_database_with_generated_cooperations():
    generate(scale=1)
    before = row_counts()

    message = command_error("generate", "--scale", "2")

    assert message == (
        "Die Datenbank enthält bereits erzeugte Daten (Kooperationen muldental); ikz "
        "generate schreibt nur in eine Datenbank ohne sie. Es wurde nichts geändert."
    )
    assert row_counts() == before


@pytest.mark.django_db
def test_generate_command_refuses_scale_0():
    before = row_counts()

    message = command_error("generate", "--scale", "0")

    assert message == (
        "--scale: Die Größe (Anzahl der Kooperationen) ist eine ganze Zahl von 1 bis 999, nicht 0."
    )
    assert row_counts() == before


@pytest.mark.django_db
def test_generate_interrupted_half_way_leaves_no_row_and_no_file(media):
    before = row_counts()

    def interrupt(number, step):
        # The user presses Ctrl+C once cooperation 1 is complete, files and all.
        if number == 2:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        generate(scale=2, shape=SMALL_ISSUED, on_step=interrupt)

    assert row_counts() == before
    assert [path for path in media.rglob("*") if path.is_file()] == []
