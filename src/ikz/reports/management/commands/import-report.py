"""``ikz import-report FILE [--dry-run]``: read a status report into the data."""

from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import CommandError
from django.utils.translation import gettext as _

from ikz.core.commands import IkzCommand
from ikz.reports.readers import ReportImportError, describe
from ikz.reports.storing import import_file


class Command(IkzCommand):
    help = _(
        "Import a status report in the form of the Partheland report (Markdown, text, "
        "DOCX or PPTX). With --dry-run, show what would be created and write nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--dry-run", action="store_true")

    def handle(self, *args, file: Path, dry_run: bool, **options):
        if not file.is_file():
            raise CommandError(_("%(file)s: no such file.") % {"file": file})
        try:
            summary = import_file(file, dry_run=dry_run)
        except ReportImportError as error:
            raise CommandError(describe(error, file.name)) from None
        except ValidationError as error:
            raise CommandError(f"{file.name}: {' '.join(error.messages)}") from None
        heading = _("Would create:") if dry_run else _("Created:")
        self.stdout.write(
            heading if summary.created else _("Nothing new: everything is there already.")
        )
        for line in summary.created:
            self.stdout.write(f"  {line}")
        if summary.links:
            self.stdout.write(_("Links and proposed statuses:"))
            for line in summary.links:
                self.stdout.write(f"  {line}")
        for notice in summary.notices:
            self.stdout.write(str(notice))
        if dry_run:
            self.stdout.write(_("Dry run: nothing was written."))
