"""The CLI of the reports: ``ikz import-report FILE [--dry-run]`` and ``ikz report``."""

import re
from io import StringIO
from pathlib import Path

import pytest
from django.apps import apps
from django.core.management import CommandError, call_command

from ikz.core.models import Cooperation
from ikz.meetings.models import Outcome
from ikz.reports.issuing import issue_report
from ikz.reports.models import ReportFile, StatusReport
from ikz.reports.readers import read_file
from ikz.reports.storing import import_report
from ikz.sample.demo import DEMO_REPORT

SEED = DEMO_REPORT
MALFORMED = "\n".join(
    [
        "# Kooperation „Testland“",  # 1
        "",
        "Statusbericht April/Mai 2020",  # 3
        "",
        "32.05.2020",  # 5
    ]
)


def row_counts() -> dict[str, int]:
    return {model._meta.label: model._default_manager.count() for model in apps.get_models()}


def run(*args: str) -> str:
    out = StringIO()
    call_command(*args, stdout=out, no_color=True)
    return out.getvalue()


def command_error(*args: str) -> str:
    with pytest.raises(CommandError) as excinfo:
        run(*args)
    return str(excinfo.value)


def seed_lines() -> list[str]:
    """The seed's non-empty lines; its hard break after "Statusbericht April/Mai" joins
    that line and the next ("2020") into one."""
    lines = [line.strip() for line in SEED.read_text(encoding="utf-8").splitlines()]
    lines = [line for line in lines if line]
    index = lines.index("Statusbericht April/Mai")
    return lines[:index] + [f"{lines[index]} {lines[index + 1]}"] + lines[index + 2 :]


def report_args(output: Path, *extra: str, cooperation="partheland", period="2020-04/2020-05"):
    return (
        "report",
        "--cooperation",
        cooperation,
        "--period",
        period,
        "--format",
        "md",
        "-o",
        str(output),
        *extra,
    )


# import-report ----------------------------------------------------------------------


@pytest.mark.django_db
def test_import_report_command_dry_run_writes_nothing():
    before = row_counts()

    lines = run("import-report", str(SEED), "--dry-run").splitlines()

    assert (
        lines[0],
        lines[1],
        "  Sitzung: 11.05.2020 7. Projektleitungsgruppe in Naunhof" in lines,
        lines[-1],
        row_counts(),
    ) == (
        "Würde anlegen:",
        "  Kooperation: Partheland",
        True,
        "Probelauf: Es wurde nichts geschrieben.",
        before,
    )


@pytest.mark.django_db
def test_import_report_command_lists_what_it_created():
    lines = run("import-report", str(SEED)).splitlines()

    assert (
        lines[0],
        lines[1],
        lines.count("Zuordnungen und Statusvorschläge:"),
        "Probelauf: Es wurde nichts geschrieben." in lines,
        Cooperation.objects.get().slug,
    ) == ("Angelegt:", "  Kooperation: Partheland", 1, False, "partheland")


@pytest.mark.django_db
def test_import_report_command_second_time_says_nothing_new():
    run("import-report", str(SEED))
    before = row_counts()

    output = run("import-report", str(SEED))

    assert (output, row_counts()) == ("Nichts Neues: Alles ist bereits vorhanden.\n", before)


@pytest.mark.django_db
def test_import_report_command_missing_file_names_it(tmp_path):
    missing = tmp_path / "fehlt.md"

    message = command_error("import-report", str(missing))

    assert message == f"{missing}: Diese Datei gibt es nicht."


@pytest.mark.django_db
def test_import_report_command_malformed_file_names_file_and_line(tmp_path):
    path = tmp_path / "kaputt.md"
    path.write_text(MALFORMED, encoding="utf-8")
    before = row_counts()

    message = command_error("import-report", str(path))

    # "kaputt.md, <line 5>: <“32.05.2020” is not a valid date>", in whatever language.
    location = re.match(r"^kaputt\.md, (\D*(\d+)\D*?): ", message)
    assert (
        location is not None and location.group(2),
        re.search(r"[„“]32\.05\.2020[“”]", message) is not None,
        row_counts(),
    ) == ("5", True, before)


@pytest.mark.django_db
def test_import_report_command_invalid_data_names_the_file_and_writes_nothing(tmp_path):
    # Two meetings both numbered 7: found only while storing, after the first is stored.
    path = tmp_path / "doppelt.md"
    path.write_text(
        "\n".join(
            [
                "# Kooperation „Testland“",
                "Statusbericht April/Mai 2020",
                "25.05.2020",
                "# Aktueller Status",
                "11.05.2020",
                "## 7. Projektleitungsgruppe in Naunhof",
                "- Thema",
                "20.05.2020",
                "## 7. Projektleitungsgruppe in Naunhof",
                "- Thema",
            ]
        ),
        encoding="utf-8",
    )
    before = row_counts()

    message = command_error("import-report", str(path))

    assert (message, row_counts()) == (
        "doppelt.md, Zeile 9: Dieses Gremium hat bereits eine Sitzung mit dieser Nummer.",
        before,
    )


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "content"),
    [("bericht.pdf", b"%PDF-1.7\n"), ("bericht.docx", b"kein Word-Dokument")],
    ids=["unknown-type", "broken-docx"],
)
def test_import_report_command_file_error_names_the_file_once(tmp_path, name, content):
    path = tmp_path / name
    path.write_bytes(content)

    message = command_error("import-report", str(path))

    assert (message.startswith(f"{name}: "), message.count(name)) == (True, 1)


# report -----------------------------------------------------------------------------


@pytest.mark.django_db
def test_report_command_writes_the_seeds_lines_in_markdown(tmp_path):
    import_report(blocks=read_file(SEED))
    output = tmp_path / "out.md"

    stdout = run(*report_args(output))

    content = output.read_bytes()
    assert (
        [line for line in content.decode("utf-8").splitlines() if line],
        stdout,
    ) == (seed_lines(), f"{output} geschrieben ({len(content)} Bytes).\n")


@pytest.mark.django_db
def test_report_command_date_option_overrides_the_stored_report_date(tmp_path):
    import_report(blocks=read_file(SEED))
    output = tmp_path / "out.md"

    run(*report_args(output, "--date", "2020-05-28"))

    lines = [line for line in output.read_text(encoding="utf-8").splitlines() if line]
    assert lines[:3] == seed_lines()[:2] + ["28.05.2020"]


@pytest.mark.django_db
def test_report_command_meeting_overview_and_full_appendix_keep_the_seeds_meeting_lines(
    tmp_path,
):
    import_report(blocks=read_file(SEED))
    lines = seed_lines()
    masthead, meetings = lines[:3], lines[5 : lines.index("# Nächste Schritte")]
    overview, full = tmp_path / "overview.md", tmp_path / "full.md"

    run(*report_args(overview, "--template", "meetings"))
    run(*report_args(full, "--template", "full", "--appendix"))

    def written(path):
        return [line for line in path.read_text(encoding="utf-8").splitlines() if line]

    full_lines = written(full)
    appendix = full_lines.index("# Anhang: Ergebnisse der Sitzungen")
    assert (written(overview), full_lines[appendix + 1 :]) == (
        [masthead[0], "Sitzungsübersicht April/Mai 2020", masthead[2], *meetings],
        meetings,
    )


@pytest.mark.django_db
def test_report_command_appendix_only_for_the_full_report(tmp_path):
    import_report(blocks=read_file(SEED))
    output = tmp_path / "out.md"

    message = command_error(*report_args(output, "--appendix"))

    assert (message, output.exists()) == (
        "--appendix: Nur der Gesamtbericht hat einen Anhang.",
        False,
    )


@pytest.mark.django_db
def test_report_command_unknown_cooperation_names_the_known_ones(tmp_path):
    import_report(blocks=read_file(SEED))
    output = tmp_path / "out.md"

    message = command_error(*report_args(output, cooperation="nope"))

    assert (message, output.exists()) == (
        "Keine Kooperation mit dem Kurznamen „nope“; bekannt sind: partheland.",
        False,
    )


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("period", "message"),
    [
        ("2020-13", "„2020-13“ nennt einen Monat, den es nicht gibt."),
        ("2020-05/2020-04", "Der Zeitraum „2020-05/2020-04“ endet, bevor er beginnt."),
        (
            "April",
            "„April“ ist kein Zeitraum; bitte geben Sie ihn z. B. als „Juni 2020“, "
            "„April/Mai 2020“, 06/2020 oder 2020-04/2020-05 an.",
        ),
    ],
    ids=["month-13", "ends-before-start", "month-name"],
)
def test_report_command_bad_period_is_refused(tmp_path, period, message):
    import_report(blocks=read_file(SEED))
    output = tmp_path / "out.md"

    error = command_error(*report_args(output, period=period))

    assert (error, output.exists()) == (message, False)


@pytest.mark.django_db
def test_report_command_bad_date_is_refused(tmp_path):
    import_report(blocks=read_file(SEED))
    output = tmp_path / "out.md"

    message = command_error(*report_args(output, "--date", "2020-5-28"))

    assert (message, output.exists()) == (
        "--date: „2020-5-28“ ist kein Datum im Format JJJJ-MM-TT.",
        False,
    )


@pytest.mark.django_db
def test_report_command_unknown_format_is_refused(tmp_path):
    output = tmp_path / "out.xyz"

    with pytest.raises(CommandError) as excinfo:
        call_command(
            "report",
            "--cooperation",
            "partheland",
            "--period",
            "2020-04/2020-05",
            "--format",
            "xyz",
            "-o",
            str(output),
        )

    assert ("'xyz'" in str(excinfo.value), output.exists()) == (True, False)


@pytest.mark.django_db
def test_report_command_impossible_date_is_refused(tmp_path):
    import_report(blocks=read_file(SEED))
    output = tmp_path / "out.md"

    message = command_error(*report_args(output, "--date", "2020-13-45"))

    assert (message, output.exists()) == ("--date: „2020-13-45“ ist kein gültiges Datum.", False)


@pytest.mark.django_db
def test_report_command_output_in_a_missing_directory_is_refused(tmp_path):
    import_report(blocks=read_file(SEED))
    output = tmp_path / "fehlt" / "out.md"

    message = command_error(*report_args(output))

    assert (message, output.parent.exists()) == (
        f"-o: Das Verzeichnis {tmp_path / 'fehlt'} gibt es nicht.",
        False,
    )


@pytest.mark.django_db
def test_report_command_output_that_cannot_be_written_is_refused(tmp_path):
    import_report(blocks=read_file(SEED))
    output = tmp_path / "ordner"
    output.mkdir()

    message = command_error(*report_args(output))

    assert message == f"-o: {output} kann nicht geschrieben werden (Is a directory)."


@pytest.fixture
def issued_seed(settings, tmp_path):
    """The seed's report issued, then its data changed: the issued files stay as they were."""
    settings.MEDIA_ROOT = tmp_path / "media"
    import_report(blocks=read_file(SEED))
    report = issue_report(report=StatusReport.objects.get())
    Outcome.objects.filter(text__startswith="Gebührenfreie").update(text="Geändert nach Ausgabe")
    return report


@pytest.mark.django_db
@pytest.mark.parametrize("identifier", ["md", "docx"])
def test_report_command_final_report_is_written_as_issued(tmp_path, issued_seed, identifier):
    output = tmp_path / f"out.{identifier}"
    stored = ReportFile.objects.get(report=issued_seed, format=identifier)

    run(*report_args(output, "--format", identifier))

    with stored.file.open("rb") as file:
        assert output.read_bytes() == file.read()


@pytest.mark.django_db
def test_report_command_final_report_refuses_another_date(tmp_path, issued_seed):
    output = tmp_path / "out.md"

    message = command_error(*report_args(output, "--date", "2020-05-28"))

    assert (message, output.exists()) == (
        "--date: Der Bericht für diesen Zeitraum wurde mit Datum 25.05.2020 ausgestellt und "
        "wird so geschrieben, wie er ausgestellt wurde.",
        False,
    )


@pytest.mark.django_db
def test_report_command_other_template_than_the_issued_is_built_from_the_data(
    tmp_path, issued_seed
):
    output = tmp_path / "out.md"

    run(*report_args(output, "--template", "meetings"))

    assert "Geändert nach Ausgabe" in output.read_text(encoding="utf-8")
