"""Faults a busy office meets: a full disk, a read-only directory, a database that is
gone. Each ends with a German message, nothing half-written and nothing left over."""

import errno
import os
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import OperationalError, connection

from ikz.core.files import describe_os_error, write_atomically
from ikz.reports import issuing
from ikz.reports.models import ReportFile, StatusReport
from ikz.reports.storing import import_file
from ikz.sample.demo import DEMO_REPORT

DISK_FULL = "auf dem Datenträger ist kein Platz mehr"


@pytest.fixture
def full_disk(monkeypatch):
    """The file layer's write fails as on a full disk after ``room`` bytes."""
    state = {"room": 0, "written": 0}
    write = os.write

    def write_until_full(descriptor, data):
        if len(data) > state["room"]:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        state["room"] -= len(data)
        state["written"] += len(data)
        return write(descriptor, data)

    monkeypatch.setattr(os, "write", write_until_full)
    return state


def files_in(directory) -> list[str]:
    return sorted(
        str(path.relative_to(directory)) for path in directory.rglob("*") if path.is_file()
    )


# Writing files -------------------------------------------------------------------------


def test_write_atomically_on_a_full_disk_keeps_the_old_file_and_leaves_no_part(tmp_path, full_disk):
    target = tmp_path / "bericht.md"
    target.write_bytes(b"alt")
    full_disk["room"] = 4

    with pytest.raises(OSError) as excinfo:
        write_atomically(target, [b"neu", b"er Bericht"])

    assert (describe_os_error(excinfo.value), files_in(tmp_path), target.read_bytes()) == (
        DISK_FULL,
        ["bericht.md"],
        b"alt",
    )


@pytest.mark.parametrize(
    ("code", "message"),
    [
        (errno.ENOSPC, DISK_FULL),
        (errno.EDQUOT, DISK_FULL),
        (errno.EROFS, "das Verzeichnis ist schreibgeschützt"),
        (errno.EACCES, "es fehlt die Berechtigung, dort zu schreiben"),
    ],
)
def test_describe_os_error_says_the_cause_in_german(code, message):
    assert describe_os_error(OSError(code, os.strerror(code))) == message


# ikz report -o -------------------------------------------------------------------------


@pytest.mark.django_db
def test_report_command_on_a_full_disk_says_so_and_leaves_no_file(tmp_path, full_disk):
    import_file(DEMO_REPORT)
    output = tmp_path / "out.docx"
    full_disk["room"] = 1000

    with pytest.raises(CommandError) as excinfo:
        call_command(
            "report",
            "--cooperation=partheland",
            "--period=2020-04/2020-05",
            "--format=docx",
            f"-o={output}",
            stdout=StringIO(),
        )

    assert str(excinfo.value) == (f"-o: {output} kann nicht geschrieben werden ({DISK_FULL}).")
    assert files_in(tmp_path) == []


# Issuing -------------------------------------------------------------------------------


@pytest.fixture
def draft(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    import_file(DEMO_REPORT)
    return StatusReport.objects.get()


@pytest.mark.django_db
def test_issue_report_on_a_full_disk_stays_a_draft_with_no_file_left(draft, tmp_path, full_disk):
    full_disk["room"] = 20_000  # room for the first files, not for all five

    with pytest.raises(OSError):
        issuing.issue_report(report=draft)

    draft.refresh_from_db()
    assert full_disk["written"] > 0  # some files were stored before the disk was full
    assert (draft.state, ReportFile.objects.count(), files_in(tmp_path)) == ("draft", 0, [])


@pytest.mark.django_db
def test_issue_report_issued_by_someone_else_meanwhile_removes_its_files(draft, tmp_path):
    StatusReport.objects.filter(pk=draft.pk).update(
        state="final", snapshot={}, issued_at="2020-05-26T10:00:00Z"
    )  # ``draft`` is what this coordinator's page still showed

    with pytest.raises(Exception, match="bereits ausgestellt"):
        issuing.issue_report(report=draft)

    assert (ReportFile.objects.count(), files_in(tmp_path)) == (0, [])


@pytest.mark.django_db
def test_issue_report_writes_every_file_whole(draft, tmp_path):
    issued = issuing.issue_report(report=draft)

    stored = {file.format: file for file in issued.files.all()}
    assert sorted(stored) == ["docx", "html", "md", "pdf", "pptx"]
    assert all(file.file.size == file.size for file in stored.values())
    assert not [name for name in files_in(tmp_path) if name.endswith(".part")]


# The database going away ---------------------------------------------------------------


def refuse_writes(execute, sql, params, many, context):
    if sql.lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE")):
        raise OperationalError("database or disk is full")
    return execute(sql, params, many, context)


@pytest.mark.django_db
def test_import_command_when_the_database_cannot_write_says_so_and_changes_nothing():
    with connection.execute_wrapper(refuse_writes), pytest.raises(CommandError) as excinfo:
        call_command("import-report", str(DEMO_REPORT), stdout=StringIO())

    assert str(excinfo.value) == (
        "Die Datenbank ist nicht erreichbar oder kann nicht schreiben (database or disk is "
        "full); es wurde nichts geändert."
    )
    assert StatusReport.objects.count() == 0
