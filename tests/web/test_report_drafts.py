"""Starting a status report (ikz.reports.drafts): one report per cooperation and period,
kept by the domain function with a German message and by the database constraint.

(Here rather than in tests/reports while that folder is being reworked.)"""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from ikz.reports.drafts import start_report
from ikz.reports.models import StatusReport
from tests.factories import CooperationFactory, StatusReportFactory

pytestmark = pytest.mark.django_db

APRIL_1 = datetime.date(2020, 4, 1)
MAY_31 = datetime.date(2020, 5, 31)


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


def test_start_report_for_a_period_with_a_report_names_it_and_changes_nothing():
    existing = StatusReportFactory(report_date=datetime.date(2020, 5, 25), template="seed")

    with pytest.raises(ValidationError) as raised:
        start(
            existing.cooperation,
            report_date=datetime.date(2020, 6, 1),
            template=StatusReport.Template.FULL,
        )

    assert raised.value.messages == ["Einen Bericht für April/Mai 2020 gibt es bereits."]
    stored = StatusReport.objects.get()
    assert (stored.pk, stored.report_date, stored.template) == (
        existing.pk,
        datetime.date(2020, 5, 25),
        "seed",
    )


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


def test_status_report_one_per_period_in_the_database():
    existing = StatusReportFactory()

    with pytest.raises(IntegrityError), transaction.atomic():
        StatusReport.objects.create(
            cooperation=existing.cooperation,
            period_start=existing.period_start,
            period_end=existing.period_end,
            report_date=datetime.date(2020, 6, 1),
        )


def test_status_report_one_per_period_in_full_clean():
    existing = StatusReportFactory()
    duplicate = StatusReportFactory.build(
        cooperation=existing.cooperation, report_date=datetime.date(2020, 6, 1)
    )

    with pytest.raises(ValidationError) as raised:
        duplicate.full_clean()

    assert raised.value.messages == [
        "Die Kooperation hat für diesen Zeitraum bereits einen Bericht."
    ]
