"""Fixtures shared by the web tests: the Partheland demo, with a row of every model."""

import datetime

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.core.files.base import ContentFile
from django_otp.plugins.otp_totp.models import TOTPDevice

from ikz.agreements.models import (
    AgreementStep,
    ChecklistItem,
    KeyFigure,
    Party,
    Settlement,
    StatusQuoCost,
)
from ikz.core.models import Body, Document, MissionStatement, Municipality
from ikz.measures.models import FundingApplication, FundingProgram, Task, TaskComment
from ikz.meetings.models import Attendance, Consultation, Meeting, Outcome, OutcomeVote
from ikz.reports.models import ReportFile, StatusReport
from ikz.sample.demo import load_partheland
from tests.factories import AgreementFactory, CostItemFactory, CostModelFactory, RoleFactory
from tests.living_demo import build_living_demo

MAY_11 = datetime.date(2020, 5, 11)


@pytest.fixture
def demo():
    return load_partheland()


@pytest.fixture
def living_demo(db, settings, tmp_path):
    """The demo carried on to Monday 07.12.2026 (``tests.living_demo.LIVING_TODAY``):
    a normal week, with issued reports (their files under ``tmp_path``)."""
    settings.MEDIA_ROOT = tmp_path
    return build_living_demo()


@pytest.fixture
def every_admin_model(demo, settings, tmp_path):
    """The demo and a row of every model it leaves empty, so that every admin page has
    a row to show."""
    settings.MEDIA_ROOT = tmp_path
    naunhof = Municipality.objects.get(name="Naunhof")
    body = Body.objects.filter(cooperation=demo).first()
    MissionStatement.objects.create(cooperation=demo, version=1, text="Gemeinsam stark.")
    agreement = AgreementFactory(cooperation=demo, title="Zweckvereinbarung Archiv")
    Document.objects.create(
        cooperation=demo,
        agreement=agreement,
        title="Entwurf",
        file=ContentFile(b"%PDF-1.7", name="entwurf.pdf"),
    )
    Party.objects.create(agreement=agreement, municipality=naunhof)
    AgreementStep.objects.create(agreement=agreement, state="drafting", date=MAY_11)
    ChecklistItem.objects.create(
        agreement=agreement, point="costs", note="Kostenschlüssel abstimmen"
    )
    Consultation.objects.create(body=body, agreement=agreement)
    Attendance.objects.create(
        meeting=Meeting.objects.filter(body__cooperation=demo).first(),
        municipality=naunhof,
        state=Attendance.State.PRESENT,
    )
    OutcomeVote.objects.create(
        outcome=Outcome.objects.filter(meeting__body__cooperation=demo).first(),
        municipality=naunhof,
        vote=OutcomeVote.Vote.YES,
    )
    cost_model = CostModelFactory(cooperation=demo)
    CostItemFactory(cost_model=cost_model)
    KeyFigure.objects.create(cost_model=cost_model, municipality=naunhof, year=2019, value=12)
    StatusQuoCost.objects.create(cost_model=cost_model, municipality=naunhof, annual_cost=900)
    Settlement.objects.create(
        agreement=agreement, cost_model=cost_model, year=2020, actual_annual_cost=1000
    )
    program = FundingProgram.objects.create(name="Regionalbudget", funder="Freistaat Sachsen")
    FundingApplication.objects.create(cooperation=demo, program=program, title="Stadtplan")
    # Issuing renders every format; a stored file is all the admin needs to show.
    ReportFile.objects.create(
        report=StatusReport.objects.get(),
        format="md",
        file=ContentFile(b"# Bericht", name="bericht.md"),
        sha256="0" * 64,
        size=9,
    )
    role = RoleFactory(cooperation=demo)
    TaskComment.objects.create(
        task=Task.objects.filter(cooperation=demo).first(), author=role.user,
        text="Zahlen liegen vor.",
    )  # fmt: skip
    TOTPDevice.objects.create(user=role.user, name="Telefon")
    # The sign-in log, as one failed and one successful sign-in leave it.
    attempt = {"user_agent": "Firefox", "ip_address": "127.0.0.1", "username": "anna@example.org"}
    AccessAttempt.objects.create(**attempt, failures_since_start=1)
    AccessFailureLog.objects.create(**attempt)
    AccessLog.objects.create(**attempt)
    return demo
