"""A report's life: drafts per period, edited while drafts, deleted, issued by someone,
corrected by a report that supersedes it; the coordinator's words in every format."""

import datetime
import io
import subprocess

import docx
import pptx
import pytest
from django.core.exceptions import ValidationError

from ikz.core.versions import VersionConflict, current_version
from ikz.reports import issuing
from ikz.reports.drafts import correct_report, delete_draft, edit_report, start_report
from ikz.reports.exporters import EXPORTERS
from ikz.reports.models import StatusReport
from tests.factories import CooperationFactory, UserFactory

pytestmark = pytest.mark.django_db

APRIL_1 = datetime.date(2020, 4, 1)
MAY_31 = datetime.date(2020, 5, 31)
INTRO = "Die Kooperation hat im Mai zwei Sitzungen gehalten."
DECISIONS = "Zentrales Gewerbeamt in Naunhof\n- Kostenschlüssel nach Einwohnern"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def draft(cooperation=None, **fields) -> StatusReport:
    return start_report(
        cooperation=cooperation or CooperationFactory(name="Partheland", slug="partheland"),
        period_start=fields.get("period_start", APRIL_1),
        period_end=fields.get("period_end", MAY_31),
        report_date=datetime.date(2020, 5, 25),
        template=fields.get("template", StatusReport.Template.SEED),
    )


def edit(report: StatusReport, **fields) -> StatusReport:
    values = {
        "template": report.template,
        "appendix": report.appendix,
        "intro": report.intro,
        "decisions_text": report.decisions_text,
        **fields,
    }
    return edit_report(report, version=current_version(report), **values)


def test_edit_report_keeps_the_texts_and_template_with_the_draft():
    report = draft()

    edit(report, template="full", appendix=True, intro=f"  {INTRO}\n", decisions_text=DECISIONS)

    stored = StatusReport.objects.get()
    assert (stored.template, stored.appendix, stored.intro, stored.decisions_text) == (
        "full",
        True,
        INTRO,
        DECISIONS,
    )


def test_edit_report_based_on_an_older_version_stores_nothing():
    report = draft()
    version = current_version(report)
    edit(StatusReport.objects.get(), intro="Zuerst gespeichert.")

    with pytest.raises(VersionConflict):
        edit_report(
            report, version=version, template="seed", appendix=False,
            intro="Später gespeichert.", decisions_text="",
        )  # fmt: skip

    assert StatusReport.objects.get().intro == "Zuerst gespeichert."


def test_issue_report_records_who_issued_it_and_the_files_of_every_format():
    report = draft()
    coordinator = UserFactory(first_name="Karin", last_name="Koch")

    issued = issuing.issue_report(report=report, by=coordinator)

    stored = StatusReport.objects.get()
    assert (stored.state, stored.issued_by, stored.issued_at is not None) == (
        "final",
        coordinator,
        True,
    )
    assert sorted(stored.files.values_list("format", flat=True)) == sorted(EXPORTERS)
    assert issued == stored


def test_edit_and_delete_refuse_an_issued_report():
    report = issuing.issue_report(report=draft())
    message = [
        "Ein ausgestellter Bericht wird nie geändert; berichtigen Sie ihn mit einem neuen Entwurf."
    ]

    with pytest.raises(ValidationError) as edited:
        edit(report, intro="Nachträglich")
    with pytest.raises(ValidationError) as deleted:
        delete_draft(report, version=current_version(report))

    assert (edited.value.messages, deleted.value.messages) == (message, message)
    assert StatusReport.objects.get().intro == ""


def test_delete_draft_deletes_only_that_draft():
    first = draft()
    second = draft(first.cooperation)

    delete_draft(first, version=current_version(first))

    assert list(StatusReport.objects.all()) == [second]


def test_issuing_a_correction_supersedes_the_report_which_stays_as_issued():
    original = issuing.issue_report(report=draft())
    sha = dict(original.files.values_list("format", "sha256"))
    correction = correct_report(original, today=datetime.date(2020, 6, 2))
    edit(correction, intro=INTRO, decisions_text=DECISIONS)

    issuing.issue_report(report=correction)

    original.refresh_from_db()
    correction.refresh_from_db()
    assert (original.state, original.superseded_by, correction.state) == (
        "final",
        correction,
        "final",
    )
    assert dict(original.files.values_list("format", "sha256")) == sha
    assert (
        StatusReport.objects.chosen_for_period(original.cooperation, APRIL_1, MAY_31) == correction
    )
    assert list(StatusReport.objects.current()) == [correction]


def test_correct_report_copies_template_and_texts_into_a_new_draft():
    report = draft()
    edit(report, template="full", appendix=True, intro=INTRO, decisions_text=DECISIONS)
    original = issuing.issue_report(report=StatusReport.objects.get())

    correction = correct_report(original, today=datetime.date(2020, 6, 2))

    assert (
        correction.state,
        correction.period_start,
        correction.period_end,
        correction.report_date,
        correction.template,
        correction.appendix,
        correction.intro,
        correction.decisions_text,
        correction.title,
    ) == (
        "draft",
        APRIL_1,
        MAY_31,
        datetime.date(2020, 6, 2),
        "full",
        True,
        INTRO,
        DECISIONS,
        "Statusbericht April/Mai 2020",
    )


def test_correct_report_refuses_a_draft_and_a_superseded_report():
    original = issuing.issue_report(report=draft())
    issuing.issue_report(report=correct_report(original))
    original.refresh_from_db()

    with pytest.raises(ValidationError) as of_draft:
        correct_report(draft(original.cooperation, period_start=datetime.date(2020, 6, 1),
                             period_end=datetime.date(2020, 6, 30)))  # fmt: skip
    with pytest.raises(ValidationError) as of_superseded:
        correct_report(original)

    assert of_draft.value.messages == [
        "Berichtigt wird nur ein ausgestellter Bericht; bearbeiten Sie stattdessen den Entwurf."
    ]
    assert of_superseded.value.messages == [
        "Dieser Bericht ist bereits ersetzt; berichtigen Sie den Bericht, der ihn ersetzt."
    ]


def test_issue_report_refuses_a_draft_overlapping_a_current_issued_report():
    may_june = draft(period_start=datetime.date(2020, 5, 1), period_end=datetime.date(2020, 6, 30))
    issuing.issue_report(report=draft(may_june.cooperation))

    with pytest.raises(ValidationError) as raised:
        issuing.issue_report(report=may_june)

    assert raised.value.messages == [
        "Der Zeitraum überschneidet sich mit dem Bericht „Statusbericht April/Mai 2020“; "
        "über jeden Monat wird einmal berichtet."
    ]
    assert StatusReport.objects.get(pk=may_june.pk).state == "draft"


def test_publish_report_sets_the_flag_of_an_issued_report_only():
    report = draft()
    with pytest.raises(ValidationError):
        issuing.publish_report(report, public=True)

    issued = issuing.publish_report(issuing.issue_report(report=report), public=True)

    assert (issued.is_public, StatusReport.objects.get().is_public) == (True, True)


def test_render_period_reads_the_newest_draft_without_an_issued_report():
    older = draft()
    edit(older, intro="Der ältere Entwurf.")
    newer = draft(older.cooperation)
    edit(newer, intro=INTRO)

    content = issuing.render_period(
        cooperation=older.cooperation, period_start=APRIL_1, period_end=MAY_31,
        identifier="md", template="seed",
    ).decode()  # fmt: skip

    assert INTRO in content
    assert "Der ältere Entwurf." not in content


# The coordinator's words in every format, opened with the format's own library ------


def texts_of(identifier: str, content: bytes) -> str:
    if identifier == "docx":
        return "\n".join(p.text for p in docx.Document(io.BytesIO(content)).paragraphs)
    if identifier == "pptx":
        presentation = pptx.Presentation(io.BytesIO(content))
        return "\n".join(
            paragraph.text
            for slide in presentation.slides
            for shape in slide.shapes
            if shape.has_text_frame
            for paragraph in shape.text_frame.paragraphs
        )
    if identifier == "pdf":
        text = subprocess.run(
            ["pdftotext", "-", "-"], input=content, capture_output=True, check=True
        ).stdout.decode()
        return " ".join(text.split())
    return content.decode()


@pytest.mark.parametrize("template", ["seed", "full"])
@pytest.mark.parametrize("identifier", list(EXPORTERS))
def test_intro_and_decisions_text_shown_in_every_format(identifier, template):
    report = draft(template=template)
    edit(report, intro=INTRO, decisions_text=DECISIONS)

    text = texts_of(identifier, issuing.render(StatusReport.objects.get(), identifier))

    for line in (
        "Einleitung",
        INTRO,
        "Anstehende Entscheidungen",
        "Zentrales Gewerbeamt in Naunhof",
        "Kostenschlüssel nach Einwohnern",
    ):
        assert line in text, (identifier, line)


@pytest.mark.parametrize("template", ["seed", "full"])
def test_markdown_has_the_intro_after_the_date_and_decisions_as_a_list(template):
    report = draft(template=template)
    edit(report, intro=f"{INTRO}\n\nZweiter Absatz.", decisions_text=DECISIONS)

    text = issuing.render(StatusReport.objects.get(), "md").decode()

    assert f"25.05.2020\n\n# Einleitung\n\n{INTRO}\n\nZweiter Absatz.\n" in text
    assert "- Zentrales Gewerbeamt in Naunhof\n- Kostenschlüssel nach Einwohnern\n" in text
