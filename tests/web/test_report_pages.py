"""Coordinators build, download, issue and import status reports in the browser UI."""

import datetime
import hashlib
import re

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from ikz.core.models import Cooperation
from ikz.core.versions import current_version
from ikz.meetings.models import Meeting, Outcome
from ikz.reports import issuing
from ikz.reports.drafts import start_report
from ikz.reports.models import ReportFile, StatusReport
from ikz.reports.readers import read_file
from ikz.reports.storing import import_report
from ikz.sample.demo import DEMO_REPORT
from ikz.web.reports import PREVIEW_POLICY
from tests.factories import (
    CooperationFactory,
    RoleFactory,
    StatusReportFactory,
    partheland,
)

SEED = DEMO_REPORT

pytestmark = pytest.mark.django_db


def upload(content: bytes, name: str = "statusbericht.md"):
    return SimpleUploadedFile(name, content, content_type="text/markdown")


def test_import_page_dry_run_shows_what_would_be_created_and_writes_nothing(coordinator_client):
    response = coordinator_client.post(
        reverse("web:report_import"), {"file": upload(SEED.read_bytes()), "dry_run": "on"}
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert "Würde anlegen" in page
    assert "Gebührenfreie Werbung für gemeinnützige Zwecke ist in allen Gemeinden möglich" in page
    assert (Cooperation.objects.count(), Meeting.objects.count()) == (1, 0)


def test_import_page_imports_the_seed(coordinator_client):
    coordinator_client.post(reverse("web:report_import"), {"file": upload(SEED.read_bytes())})

    assert Cooperation.objects.get().slug == "partheland"
    assert Outcome.objects.count() == 11


def test_import_page_reads_a_report_saved_in_windows_1252(coordinator_client):
    content = SEED.read_text(encoding="utf-8").encode("cp1252")

    coordinator_client.post(
        reverse("web:report_import"), {"file": upload(content, "Statusbericht Mai.txt")}
    )

    assert Cooperation.objects.get().name == "Partheland"
    assert Outcome.objects.filter(text__startswith="Gebührenfreie Werbung").count() == 1


def test_import_page_error_names_the_file_as_uploaded(coordinator_client):
    content = "# Bericht für März\n".encode("cp1252")

    response = coordinator_client.post(
        reverse("web:report_import"), {"file": upload(content, "Bericht März.md")}
    )

    page = response.content.decode()
    assert "Bericht März.md, Zeile 1:" in page
    assert "upload" not in page.lower().split("<main", 1)[1].split("</main>")[0]


def test_import_page_names_the_bad_line(coordinator_client):
    text = "# Bericht\n\nStatusbericht April/Mai 2020\n\n32.05.2020\n"

    response = coordinator_client.post(
        reverse("web:report_import"), {"file": upload(text.encode())}
    )

    page = response.content.decode()
    assert "statusbericht.md, Zeile 5:" in page
    assert "32.05.2020" in page
    assert (Cooperation.objects.count(), Meeting.objects.count()) == (1, 0)


def test_report_lifecycle_draft_download_issue_frozen(coordinator_client):
    coordinator_client.post(reverse("web:report_import"), {"file": upload(SEED.read_bytes())})
    cooperation = Cooperation.objects.get()
    # The import drafts the seed's report; the form starts it afresh.
    StatusReport.objects.all().delete()

    response = coordinator_client.post(
        reverse("web:reports"),
        {
            "cooperation": cooperation.pk,
            "period": "2020-04/2020-05",
            "report_date": "2020-05-25",
            "template": "seed",
        },
    )
    report = StatusReport.objects.get()
    assert response["Location"] == reverse("web:report", args=[report.pk])
    assert (
        report.period_start,
        report.period_end,
        report.report_date,
        report.template,
        report.title,
        report.state,
    ) == (
        datetime.date(2020, 4, 1),
        datetime.date(2020, 5, 31),
        datetime.date(2020, 5, 25),
        "seed",
        "Statusbericht April/Mai 2020",
        "draft",
    )

    draft = coordinator_client.get(reverse("web:report_download", args=[report.pk, "md"]))
    assert draft["Content-Disposition"] == (
        'attachment; filename="statusbericht-partheland-2020-04-2020-05.md"'
    )
    assert "Statusbericht April/Mai 2020" in draft.content.decode()

    coordinator_client.post(
        reverse("web:report_issue", args=[report.pk]), {"version": current_version(report)}
    )
    report.refresh_from_db()
    assert report.state == "final"
    assert report.snapshot["period_label"] == "April/Mai 2020"
    issued = coordinator_client.get(reverse("web:report_download", args=[report.pk, "md"])).content
    stored = ReportFile.objects.get(report=report, format="md")
    assert hashlib.sha256(issued).hexdigest() == stored.sha256

    Outcome.objects.filter(text__startswith="Gebührenfreie").update(text="Geändert nach Ausgabe")
    after_change = coordinator_client.get(
        reverse("web:report_download", args=[report.pk, "md"])
    ).content
    assert after_change == issued

    again = coordinator_client.post(reverse("web:report_issue", args=[report.pk]), follow=True)
    assert "Dieser Bericht wurde bereits ausgestellt." in again.content.decode()


def test_report_form_names_a_bad_period(coordinator_client):
    coordinator_client.post(reverse("web:report_import"), {"file": upload(SEED.read_bytes())})
    assert StatusReport.objects.count() == 1

    response = coordinator_client.post(
        reverse("web:reports"),
        {
            "cooperation": Cooperation.objects.get().pk,
            "period": "2020-13",
            "report_date": "2020-05-25",
            "template": "seed",
        },
    )

    assert response.status_code == 200
    assert "2020-13" in response.content.decode()
    assert StatusReport.objects.count() == 1


def test_report_detail_query_count_is_bounded(coordinator_client, django_assert_max_num_queries):
    coordinator_client.post(reverse("web:report_import"), {"file": upload(SEED.read_bytes())})
    report = StatusReport.objects.get()

    with django_assert_max_num_queries(10):
        assert coordinator_client.get(reverse("web:report", args=[report.pk])).status_code == 200


def test_report_form_refuses_a_second_report_for_an_issued_period(
    coordinator_client, django_assert_max_num_queries
):
    coordinator_client.post(reverse("web:report_import"), {"file": upload(SEED.read_bytes())})
    StatusReport.objects.update(state="final", snapshot={}, issued_at=timezone.now())
    imported = StatusReport.objects.get()

    with django_assert_max_num_queries(15):
        response = coordinator_client.post(
            reverse("web:reports"),
            {
                "cooperation": imported.cooperation_id,
                "period": "2020-04/2020-05",
                "report_date": "2020-06-01",
                "template": "full",
            },
        )

    assert response.status_code == 200
    assert (
        "Der Bericht für April/Mai 2020 ist ausgestellt; um ihn zu ändern, berichtigen Sie "
        "ihn auf seiner Seite."
    ) in response.content.decode()
    assert list(StatusReport.objects.values_list("pk", "template")) == [(imported.pk, "seed")]


def test_report_form_starts_a_report_for_another_period(coordinator_client):
    cooperation = partheland()
    StatusReportFactory(cooperation=cooperation)

    response = coordinator_client.post(
        reverse("web:reports"),
        {
            "cooperation": cooperation.pk,
            "period": "2020-06",
            "report_date": "2020-06-30",
            "template": "full",
        },
    )

    report = StatusReport.objects.get(period_start=datetime.date(2020, 6, 1))
    assert response["Location"] == reverse("web:report", args=[report.pk])
    assert (report.period_end, report.report_date, report.template, report.title) == (
        datetime.date(2020, 6, 30),
        datetime.date(2020, 6, 30),
        "full",
        "Statusbericht Juni 2020",
    )


# Downloads that cannot be given


@pytest.fixture
def final_report(settings, tmp_path):
    """Issued, but (as after a lost disk) without any of its files."""
    settings.MEDIA_ROOT = tmp_path
    return StatusReportFactory(
        cooperation=partheland(),
        state=StatusReport.State.FINAL,
        snapshot={},
        issued_at=timezone.now(),
    )


def test_report_download_of_a_final_report_without_the_file_is_404(
    coordinator_client, final_report, django_assert_max_num_queries
):
    with django_assert_max_num_queries(10):
        response = coordinator_client.get(
            reverse("web:report_download", args=[final_report.pk, "md"])
        )

    assert response.status_code == 404


def test_report_download_of_a_changed_file_is_404(
    coordinator_client, final_report, django_assert_max_num_queries
):
    ReportFile.objects.create(
        report=final_report,
        format="md",
        file=ContentFile("# Statusbericht (geändert)".encode(), name="statusbericht.md"),
        sha256=hashlib.sha256(b"# Statusbericht").hexdigest(),
        size=15,
    )

    with django_assert_max_num_queries(10):
        response = coordinator_client.get(
            reverse("web:report_download", args=[final_report.pk, "md"])
        )

    assert response.status_code == 404


def test_report_download_in_an_unknown_format_is_404(
    coordinator_client, final_report, django_assert_max_num_queries
):
    with django_assert_max_num_queries(10):
        response = coordinator_client.get(
            reverse("web:report_download", args=[final_report.pk, "exe"])
        )

    assert response.status_code == 404


# Import limits


def test_import_page_refuses_a_file_over_10_mb_and_writes_nothing(
    coordinator_client, django_assert_max_num_queries
):
    # The seed itself, padded with blanks that the importer would skip.
    too_large = SEED.read_bytes() + b"\n" + b" " * (11 * 1024 * 1024)

    with django_assert_max_num_queries(10):
        response = coordinator_client.post(
            reverse("web:report_import"), {"file": upload(too_large)}
        )

    assert response.status_code == 200
    assert (
        "Die Datei ist zu groß: Importiert werden können höchstens 10 MB."
        in response.content.decode()
    )
    assert (Cooperation.objects.count(), Meeting.objects.count()) == (1, 0)


# The report list: one cooperation at a time, a page at a time ---------------------------


def reports_of(cooperation, months: int):
    """``months`` issued monthly reports, newest last, each with a large snapshot."""
    for number in range(months):
        year, month = divmod(number, 12)
        start = datetime.date(2015 + year, month + 1, 1)
        end = (start + datetime.timedelta(days=32)).replace(day=1) - datetime.timedelta(days=1)
        StatusReportFactory(
            cooperation=cooperation,
            period_start=start,
            period_end=end,
            report_date=end,
            title=f"Statusbericht {number + 1}",
            state="final",
            snapshot={"padding": "x" * 10_000},
            issued_at=timezone.now(),
        )


def list_queries(coordinator_client, url):
    with CaptureQueriesContext(connection) as queries:
        response = coordinator_client.get(url)
    assert response.status_code == 200
    return response, [query["sql"] for query in queries.captured_queries]


def test_report_list_query_count_is_the_same_for_few_and_many_reports(coordinator_client):
    cooperation = partheland()
    reports_of(cooperation, 2)
    _response, few = list_queries(coordinator_client, "/berichte/")
    reports_of(CooperationFactory(name="Muldental", slug="muldental"), 60)
    StatusReport.objects.filter(cooperation=cooperation).delete()
    reports_of(cooperation, 60)

    response, many = list_queries(coordinator_client, "/berichte/")

    assert len(many) == len(few)
    assert not [sql for sql in many if "snapshot" in sql]
    assert len(response.context["page"].object_list) == 24


def test_report_list_shows_one_cooperation_newest_first_and_pages_on(
    coordinator_client, coordinator
):
    reports_of(partheland(), 30)
    muldental = CooperationFactory(name="Muldental", slug="muldental")
    reports_of(muldental, 3)
    RoleFactory(user=coordinator, cooperation=muldental)

    first = coordinator_client.get("/berichte/").content.decode()
    second = coordinator_client.get("/berichte/?kooperation=partheland&seite=2").content.decode()
    other = coordinator_client.get("/berichte/?kooperation=muldental").content.decode()

    assert "<h1>Statusberichte: Muldental</h1>" in first  # the first by name
    assert '<a href="?kooperation=partheland">Partheland</a>' in first
    assert "Seite 2 von 2" in second
    assert second.index("Statusbericht 6<") < second.index("Statusbericht 1<")
    assert "Statusbericht 7<" not in second
    assert re.findall(r"Statusbericht \d+", other) == [
        "Statusbericht 3",
        "Statusbericht 2",
        "Statusbericht 1",
    ]


def test_full_report_with_appendix_started_on_the_form_and_its_meeting_overview(coordinator_client):
    coordinator_client.post(reverse("web:report_import"), {"file": upload(SEED.read_bytes())})
    cooperation = Cooperation.objects.get()
    StatusReport.objects.all().delete()

    coordinator_client.post(
        reverse("web:reports"),
        {
            "cooperation": cooperation.pk,
            "period": "April/Mai 2020",
            "report_date": "2020-05-25",
            "template": "full",
            "appendix": "on",
        },
    )
    report = StatusReport.objects.get()
    detail = coordinator_client.get(reverse("web:report", args=[report.pk])).content.decode()
    full = coordinator_client.get(reverse("web:report_download", args=[report.pk, "md"])).content
    overview = coordinator_client.get(
        reverse("web:report_meeting_overview", args=[report.pk, "md"])
    )

    assert (report.template, report.appendix) == ("full", True)
    assert "vollständiger Bericht mit Portfolio (mit Anhang)" in detail
    assert reverse("web:report_meeting_overview", args=[report.pk, "pdf"]) in detail
    assert "# Anhang: Ergebnisse der Sitzungen" in full.decode()
    assert overview["Content-Disposition"] == (
        'attachment; filename="sitzungsuebersicht-partheland-2020-04-2020-05.md"'
    )
    lines = [line for line in overview.content.decode().splitlines() if line]
    assert lines[1:5] == [
        "Sitzungsübersicht April/Mai 2020",
        "25.05.2020",
        "11.05.2020",
        "## 7. Projektleitungsgruppe in Naunhof",
    ]
    assert (
        "- Gebührenfreie Werbung für gemeinnützige Zwecke ist in allen Gemeinden möglich" in lines
    )


def test_meeting_overview_in_an_unknown_format_is_404(coordinator_client):
    report = StatusReportFactory(cooperation=partheland())

    response = coordinator_client.get(
        reverse("web:report_meeting_overview", args=[report.pk, "odt"])
    )

    assert response.status_code == 404


# The report in the browser: preview, edit, compare, delete, issue, correct, publish ----


@pytest.fixture
def seeded_draft(settings, tmp_path):
    """The seed imported: its April/May 2020 report is a draft of the Partheland."""
    settings.MEDIA_ROOT = tmp_path
    import_report(blocks=read_file(SEED))
    return StatusReport.objects.get()


def test_report_preview_is_the_html_format_framed_by_the_cockpit_only(
    member_client, seeded_draft, django_assert_max_num_queries
):
    with django_assert_max_num_queries(25):
        response = member_client.get(reverse("web:report_preview", args=[seeded_draft.pk]))

    assert response.status_code == 200
    assert response.content == issuing.render(seeded_draft, "html")
    assert response["Content-Security-Policy"] == PREVIEW_POLICY
    assert response["X-Frame-Options"] == "SAMEORIGIN"
    assert "Content-Disposition" not in response


def test_report_page_shows_the_preview_in_a_sandboxed_frame_and_a_member_no_actions(
    member_client, seeded_draft, django_assert_max_num_queries
):
    with django_assert_max_num_queries(10):
        page = member_client.get(reverse("web:report", args=[seeded_draft.pk])).content.decode()

    preview = reverse("web:report_preview", args=[seeded_draft.pk])
    assert f'<iframe class="report-preview" src="{preview}" sandbox=""' in page
    assert (
        f'<a href="{preview}" target="_blank" rel="noopener">Vorschau für sich öffnen</a>' in page
    )
    assert reverse("web:report_edit", args=[seeded_draft.pk]) not in page
    assert reverse("web:report_issue", args=[seeded_draft.pk]) not in page


def edit_data(report, **fields):
    return {
        "template": "full",
        "appendix": "on",
        "intro": "Einleitung der Koordination.",
        "decisions_text": "Gewerbeamt zentralisieren",
        "version": current_version(report),
        **fields,
    }


def test_report_edit_saves_template_and_texts(
    coordinator_client, seeded_draft, django_assert_max_num_queries
):
    # The version checked under a lock, the row validated (its constraints each in a
    # savepoint) and saved with its history record.
    with django_assert_max_num_queries(30):
        response = coordinator_client.post(
            reverse("web:report_edit", args=[seeded_draft.pk]), edit_data(seeded_draft)
        )

    seeded_draft.refresh_from_db()
    assert response["Location"] == reverse("web:report", args=[seeded_draft.pk])
    assert (
        seeded_draft.template,
        seeded_draft.appendix,
        seeded_draft.intro,
        seeded_draft.decisions_text,
    ) == ("full", True, "Einleitung der Koordination.", "Gewerbeamt zentralisieren")
    markdown = coordinator_client.get(
        reverse("web:report_download", args=[seeded_draft.pk, "md"])
    ).content.decode()
    assert "# Einleitung\n\nEinleitung der Koordination." in markdown


def test_report_edit_based_on_an_older_version_shows_the_change_and_keeps_it(
    coordinator_client, seeded_draft
):
    stale = edit_data(seeded_draft, intro="Meine Fassung.")
    coordinator_client.post(
        reverse("web:report_edit", args=[seeded_draft.pk]),
        edit_data(seeded_draft, intro="Die andere Fassung."),
    )

    response = coordinator_client.post(reverse("web:report_edit", args=[seeded_draft.pk]), stale)

    assert response.status_code == 200
    assert "in der Zwischenzeit" in response.content.decode()
    assert StatusReport.objects.get().intro == "Die andere Fassung."


def test_report_delete_asks_first_then_deletes_the_draft(
    coordinator_client, seeded_draft, django_assert_max_num_queries
):
    url = reverse("web:report_delete", args=[seeded_draft.pk])
    with django_assert_max_num_queries(10):
        page = coordinator_client.get(url).content.decode()
    assert "<h1>Entwurf löschen?</h1>" in page

    response = coordinator_client.post(url, {"version": current_version(seeded_draft)})

    assert response["Location"] == "/berichte/?kooperation=partheland"
    assert StatusReport.objects.count() == 0


def issue(client, report):
    return client.post(
        reverse("web:report_issue", args=[report.pk]), {"version": current_version(report)}
    )


def test_report_issue_confirmation_lists_the_five_files_and_issuing_records_the_issuer(
    coordinator_client, coordinator, seeded_draft, django_assert_max_num_queries
):
    with django_assert_max_num_queries(12):
        confirmation = coordinator_client.get(
            reverse("web:report_issue", args=[seeded_draft.pk])
        ).content.decode()

    assert "<h1>Bericht ausstellen?</h1>" in confirmation
    assert "5 Dateien, eine je Format" in confirmation
    for extension in ("md", "html", "pdf", "docx", "pptx"):
        assert f"statusbericht-partheland-2020-04-2020-05.{extension}</code>" in confirmation
    issue(coordinator_client, seeded_draft)
    seeded_draft.refresh_from_db()
    page = coordinator_client.get(reverse("web:report", args=[seeded_draft.pk])).content.decode()
    assert (seeded_draft.state, seeded_draft.issued_by) == ("final", coordinator)
    assert "von Karin Koch" in page
    for file in seeded_draft.files.all():
        assert f'<code class="hash">{file.sha256}</code>' in page
    assert reverse("web:report_delete", args=[seeded_draft.pk]) not in page


def test_report_delete_and_edit_of_an_issued_report_change_nothing(
    coordinator_client, seeded_draft
):
    issue(coordinator_client, seeded_draft)

    deleted = coordinator_client.post(
        reverse("web:report_delete", args=[seeded_draft.pk]),
        {"version": current_version(seeded_draft)},
    )
    edited = coordinator_client.post(
        reverse("web:report_edit", args=[seeded_draft.pk]), edit_data(seeded_draft)
    )

    assert (deleted["Location"], edited["Location"]) == (
        reverse("web:report", args=[seeded_draft.pk]),
        reverse("web:report", args=[seeded_draft.pk]),
    )
    stored = StatusReport.objects.get()
    assert (stored.state, stored.template, stored.intro) == ("final", "seed", "")


def test_report_correction_supersedes_the_issued_report_which_says_so(
    coordinator_client, seeded_draft
):
    issue(coordinator_client, seeded_draft)

    response = coordinator_client.post(reverse("web:report_correct", args=[seeded_draft.pk]))
    correction = StatusReport.objects.exclude(pk=seeded_draft.pk).get()
    assert response["Location"] == reverse("web:report", args=[correction.pk])
    confirmation = coordinator_client.get(
        reverse("web:report_issue", args=[correction.pk])
    ).content.decode()
    assert f'Er ersetzt <a href="/berichte/{seeded_draft.pk}/">' in confirmation
    issue(coordinator_client, correction)

    old = coordinator_client.get(reverse("web:report", args=[seeded_draft.pk])).content.decode()
    listed = coordinator_client.get("/berichte/").content.decode()
    assert f'Ersetzt durch <a href="/berichte/{correction.pk}/">' in old
    assert reverse("web:report_correct", args=[seeded_draft.pk]) not in old
    assert ">ersetzt<" in listed
    seeded_draft.refresh_from_db()
    assert seeded_draft.superseded_by == correction


def test_report_publish_marks_an_issued_report_public_and_internal_again(
    coordinator_client, seeded_draft
):
    issue(coordinator_client, seeded_draft)
    url = reverse("web:report_publish", args=[seeded_draft.pk])

    coordinator_client.post(url, {"public": "1"})
    public = StatusReport.objects.get().is_public
    coordinator_client.post(url, {"public": "0"})

    assert (public, StatusReport.objects.get().is_public) == (True, False)


def test_report_compare_shows_what_is_new_since_the_previous_issued_report(
    observer_client, seeded_draft, django_assert_max_num_queries
):
    issuing.issue_report(report=seeded_draft)
    june = start_report(
        cooperation=seeded_draft.cooperation,
        period_start=datetime.date(2020, 6, 1),
        period_end=datetime.date(2020, 6, 30),
        report_date=datetime.date(2020, 6, 30),
        template="seed",
    )
    meeting = Meeting.objects.filter(date__gt=datetime.date(2020, 5, 31)).order_by("date").first()
    Meeting.objects.filter(pk=meeting.pk).update(state=Meeting.State.HELD)
    Outcome.objects.create(meeting=meeting, text="Der Leitbild-Entwurf ist besprochen.", order=1)

    with django_assert_max_num_queries(60):
        response = observer_client.get(reverse("web:report_compare", args=[june.pk]))

    page = response.content.decode()
    assert response.status_code == 200
    assert f'verglichen mit <a href="/berichte/{seeded_draft.pk}/">' in page
    assert "Der Leitbild-Entwurf ist besprochen." in page
