"""Starting a status report (ikz.reports.drafts): several drafts per period, one current
issued report per cooperation and period, kept by the domain function with a German
message and by the database constraint.

(Here rather than in tests/reports while that folder is being reworked.)"""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from ikz.reports.drafts import start_report
from ikz.reports.models import StatusReport
from tests.factories import (
    CooperationFactory,
    StatusReportFactory,
    partheland,
)

pytestmark = pytest.mark.django_db

APRIL_1 = datetime.date(2020, 4, 1)
MAY_31 = datetime.date(2020, 5, 31)
# The icon before a field's error message.
DANGER = '<span class="kern-icon kern-icon--danger" aria-hidden="true"></span>'


def start(cooperation, **fields):
    return start_report(
        cooperation=cooperation,
        period_start=fields.get("period_start", APRIL_1),
        period_end=fields.get("period_end", MAY_31),
        report_date=fields.get("report_date", datetime.date(2020, 5, 25)),
        template=fields.get("template", StatusReport.Template.SEED),
    )


def test_start_report_creates_a_titled_draft():
    cooperation = CooperationFactory()

    report = start(cooperation, template=StatusReport.Template.FULL)

    stored = StatusReport.objects.get()
    assert stored == report
    assert (
        stored.cooperation,
        stored.period_start,
        stored.period_end,
        stored.report_date,
        stored.template,
        stored.title,
        stored.state,
    ) == (
        cooperation,
        APRIL_1,
        MAY_31,
        datetime.date(2020, 5, 25),
        "full",
        "Statusbericht April/Mai 2020",
        "draft",
    )


def test_start_report_for_a_period_with_a_draft_starts_another_draft():
    existing = StatusReportFactory(report_date=datetime.date(2020, 5, 25), template="seed")

    second = start(existing.cooperation, report_date=datetime.date(2020, 6, 1), template="full")

    assert list(
        StatusReport.objects.order_by("pk").values_list("pk", "report_date", "template")
    ) == [
        (existing.pk, datetime.date(2020, 5, 25), "seed"),
        (second.pk, datetime.date(2020, 6, 1), "full"),
    ]


def test_start_report_for_a_period_with_an_issued_report_names_it_and_changes_nothing():
    existing = issued(StatusReportFactory())

    with pytest.raises(ValidationError) as raised:
        start(existing.cooperation, template=StatusReport.Template.FULL)

    assert raised.value.messages == [
        "Der Bericht für April/Mai 2020 ist ausgestellt; um ihn zu ändern, berichtigen Sie "
        "ihn auf seiner Seite."
    ]
    assert StatusReport.objects.get() == existing


def test_start_report_overlapping_an_issued_report_names_it():
    issued(StatusReportFactory(title="Statusbericht April/Mai 2020"))

    with pytest.raises(ValidationError) as raised:
        start(
            StatusReport.objects.get().cooperation,
            period_start=datetime.date(2020, 5, 1),
            period_end=datetime.date(2020, 6, 30),
        )

    assert raised.value.messages == [
        "Der Zeitraum überschneidet sich mit dem Bericht „Statusbericht April/Mai 2020“; "
        "über jeden Monat wird einmal berichtet."
    ]


def test_start_report_overlapping_a_draft_is_allowed():
    existing = StatusReportFactory()

    start(
        existing.cooperation,
        period_start=datetime.date(2020, 5, 1),
        period_end=datetime.date(2020, 6, 30),
    )

    assert StatusReport.objects.count() == 2


def test_start_report_for_another_period_or_cooperation_is_allowed():
    existing = StatusReportFactory()

    start(
        existing.cooperation,
        period_start=datetime.date(2020, 6, 1),
        period_end=datetime.date(2020, 6, 30),
    )
    start(CooperationFactory())

    assert StatusReport.objects.count() == 3


def test_start_report_refuses_a_period_not_of_whole_months():
    with pytest.raises(ValidationError) as raised:
        start(CooperationFactory(), period_end=datetime.date(2020, 5, 30))

    assert raised.value.message_dict == {
        "period_end": ["Der Berichtszeitraum muss am letzten Tag eines Monats enden."]
    }
    assert StatusReport.objects.count() == 0


def issued(report):
    StatusReport.objects.filter(pk=report.pk).update(
        state=StatusReport.State.FINAL, snapshot={}, issued_at=timezone.now()
    )
    report.refresh_from_db()
    return report


def test_status_report_one_current_issued_per_period_in_the_database():
    existing = issued(StatusReportFactory())
    # Drafts of the period may be several.
    StatusReportFactory(cooperation=existing.cooperation)

    with pytest.raises(IntegrityError), transaction.atomic():
        StatusReport.objects.create(
            cooperation=existing.cooperation,
            period_start=existing.period_start,
            period_end=existing.period_end,
            report_date=datetime.date(2020, 6, 1),
            state=StatusReport.State.FINAL,
            snapshot={},
            issued_at=timezone.now(),
        )


def test_status_report_one_current_issued_per_period_in_full_clean():
    existing = issued(StatusReportFactory())
    duplicate = StatusReportFactory.build(
        cooperation=existing.cooperation,
        report_date=datetime.date(2020, 6, 1),
        state=StatusReport.State.FINAL,
        snapshot={},
        issued_at=timezone.now(),
    )

    with pytest.raises(ValidationError) as raised:
        duplicate.full_clean()

    assert raised.value.messages == [
        "Die Kooperation hat für diesen Zeitraum bereits einen gültigen ausgestellten Bericht."
    ]


# The form on /berichte/ reads the period as the reports print it.


def post_draft(client, cooperation, period):
    return client.post(
        reverse("web:reports"),
        {
            "cooperation": cooperation.pk,
            "period": period,
            "report_date": "2021-01-31",
            "template": "seed",
        },
    )


@pytest.mark.parametrize(
    ("period", "start", "end", "title"),
    [
        ("April/Mai 2020", APRIL_1, MAY_31, "Statusbericht April/Mai 2020"),
        (
            "Juni 2020",
            datetime.date(2020, 6, 1),
            datetime.date(2020, 6, 30),
            "Statusbericht Juni 2020",
        ),
        (
            "06/2020",
            datetime.date(2020, 6, 1),
            datetime.date(2020, 6, 30),
            "Statusbericht Juni 2020",
        ),
        (
            "Dezember 2020/Januar 2021",
            datetime.date(2020, 12, 1),
            datetime.date(2021, 1, 31),
            "Statusbericht Dezember 2020/Januar 2021",
        ),
    ],
)
def test_report_form_starts_a_draft_for_the_period_as_reports_name_it(
    coordinator_client, django_assert_max_num_queries, period, start, end, title
):
    cooperation = partheland()

    # Creating the draft checks each of its constraints in a savepoint.
    with django_assert_max_num_queries(25):
        response = post_draft(coordinator_client, cooperation, period)

    report = StatusReport.objects.get()
    assert response["Location"] == reverse("web:report", args=[report.pk])
    assert (report.cooperation, report.period_start, report.period_end, report.title) == (
        cooperation,
        start,
        end,
        title,
    )


def test_report_form_names_the_forms_it_reads_in_the_help_text(coordinator_client):
    page = coordinator_client.get(reverse("web:reports")).content.decode()

    assert (
        "Ganze Monate, wie der Bericht sie nennt, z. B. „April/Mai 2020“ oder „Juni 2020“, "
        "oder als 06/2020, 2020-06 oder 2020-04/2020-05."
    ) in page
    assert 'name="period" maxlength="40"' in page


def test_report_form_refuses_a_wrong_period_at_the_period_field(
    coordinator_client, django_assert_max_num_queries
):
    cooperation = partheland()

    with django_assert_max_num_queries(15):
        response = post_draft(coordinator_client, cooperation, "Frühling 2020")

    message = (
        "„Frühling 2020“ ist kein Zeitraum; bitte geben Sie ihn z. B. als „Juni 2020“, "
        "„April/Mai 2020“, 06/2020 oder 2020-04/2020-05 an."
    )
    assert response.status_code == 200
    assert response.context["form"].errors == {"period": [message]}
    assert (
        f'<p class="kern-error" id="id_period_error">{DANGER}<span class="kern-body">{message}</span></p>'
        in (response.content.decode())
    )
    assert StatusReport.objects.count() == 0


def test_report_form_starts_a_draft_for_the_months_chosen_instead(coordinator_client):
    cooperation = partheland()

    coordinator_client.post(
        reverse("web:reports"),
        {
            "cooperation": cooperation.pk,
            "period": "",
            "first_month": "2020-06",
            "last_month": "2020-07",
            "report_date": "2020-07-31",
            "template": "seed",
        },
    )

    report = StatusReport.objects.get()
    assert (report.period_start, report.period_end, report.title) == (
        datetime.date(2020, 6, 1),
        datetime.date(2020, 7, 31),
        "Statusbericht Juni/Juli 2020",
    )


def test_report_form_without_period_or_months_asks_for_the_period(coordinator_client):
    response = post_draft(coordinator_client, partheland(), "")

    assert response.context["form"].errors == {
        "period": [
            "Bitte geben Sie den Zeitraum an, z. B. „Juni 2020“, oder wählen Sie unten "
            "seinen ersten Monat."
        ]
    }
    assert StatusReport.objects.count() == 0
