"""``ikz load_demo``: builds the living demo, rebuilds it for another today, keeps one
that lives, refuses a day it cannot build for."""

import datetime
import hashlib
from io import StringIO

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command

from ikz.core.domain import edit
from ikz.core.models import Cooperation, MissionStatement, Municipality
from ikz.core.versions import current_version
from ikz.measures.models import Measure, StatusChange, Task
from ikz.meetings.models import AgendaItem, Meeting, Outcome
from ikz.reports.models import StatusReport
from ikz.sample.demo import SLUG, load_demo, load_partheland
from tests.living_demo import LIVING_TODAY, build_living_demo


def digest(cooperation) -> str:
    """The key rows of the demo by what they say, not by their ids: the same for two
    builds that hold the same data."""
    rows = [
        *Meeting.objects.filter(body__cooperation=cooperation)
        .order_by("date", "body__name")
        .values_list("body__name", "number", "date", "state", "is_public", "location__name"),
        *AgendaItem.objects.filter(meeting__body__cooperation=cooperation)
        .order_by("meeting__date", "meeting__body__name", "order")
        .values_list("meeting__date", "order", "title", "is_public"),
        *Outcome.objects.filter(meeting__body__cooperation=cooperation)
        .order_by("meeting__date", "meeting__body__name", "order")
        .values_list("meeting__date", "order", "kind", "text", "is_public"),
        *StatusChange.objects.filter(measure__cooperation=cooperation)
        .order_by("date", "measure__title")
        .values_list("date", "measure__title", "to_status"),
        *Task.objects.filter(cooperation=cooperation)
        .order_by("order")
        .values_list(
            "order", "title", "state", "created_on", "done_on", "due_precision", "due_date",
            "due_meeting__date", "owner_municipality__name", "owner_person__role",
        ),
        *StatusReport.objects.filter(cooperation=cooperation)
        .order_by("period_start")
        .values_list("period_start", "period_end", "state", "report_date", "issued_at",
                     "is_public"),
        *MissionStatement.objects.filter(cooperation=cooperation)
        .order_by("version")
        .values_list("version", "text", "adopted_on"),
        *Measure.objects.filter(cooperation=cooperation)
        .order_by("title")
        .values_list("title", "decision_due"),
    ]  # fmt: skip
    return hashlib.sha256(repr(rows).encode()).hexdigest()


# Building ------------------------------------------------------------------------------


@pytest.mark.django_db
def test_load_demo_today_rebuilds_the_same_rows_for_the_same_day(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    build_living_demo()
    first = digest(Cooperation.objects.get(slug=SLUG))

    out = StringIO()
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("ikz.sample.management.commands.load_demo.load_demo", build_living_for)
        call_command("load_demo", today=LIVING_TODAY, stdout=out)
    second = digest(Cooperation.objects.get(slug=SLUG))

    assert second == first
    assert Cooperation.objects.filter(slug=SLUG).count() == 1
    assert Municipality.objects.filter(name="Brandis").count() == 1
    assert "07.12.2026" in out.getvalue() or "2026-12-07" in out.getvalue()


def build_living_for(*, today):
    return build_living_demo(today)


@pytest.mark.django_db
def test_load_demo_without_options_keeps_a_living_demo():
    cooperation = load_partheland()
    edit(cooperation, version=current_version(cooperation), sample_until=LIVING_TODAY)
    out = StringIO()

    call_command("load_demo", stdout=out)

    assert Cooperation.objects.get(slug=SLUG).pk == cooperation.pk
    assert "--rebuild" in out.getvalue()


@pytest.mark.django_db
def test_load_demo_refuses_a_today_before_the_seed():
    with pytest.raises(CommandError, match="2020-07-01"):
        call_command("load_demo", today=datetime.date(2020, 6, 1), stdout=StringIO())
    with pytest.raises(ValidationError):
        load_demo(today=datetime.date(2020, 5, 1))
    assert not Cooperation.objects.filter(slug=SLUG).exists()


@pytest.mark.django_db
def test_load_demo_refuses_a_today_that_is_no_day():
    with pytest.raises(CommandError, match="2026-13-01"):
        call_command("load_demo", "--today", "2026-13-01", stdout=StringIO())
