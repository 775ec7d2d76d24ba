"""``ikz report --cooperation SLUG --period 2020-04/2020-05 --format pptx
[--template seed|full|meetings] [--appendix] -o FILE``"""

from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import CommandError
from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _

from ikz.core.commands import IkzCommand
from ikz.core.files import describe_os_error, write_atomically
from ikz.core.models import Cooperation
from ikz.reports import issuing
from ikz.reports.exporters import EXPORTERS
from ikz.reports.models import StatusReport
from ikz.reports.periods import parse_period


class Command(IkzCommand):
    help = _("Write the status report of a cooperation for a period in one format.")

    def add_arguments(self, parser):
        parser.add_argument("--cooperation", required=True, help=_("short name, e.g. partheland"))
        parser.add_argument(
            "--period",
            required=True,
            help=_("YYYY-MM or YYYY-MM/YYYY-MM, or e.g. “April/Mai 2020”"),
        )
        parser.add_argument("--format", required=True, choices=sorted(EXPORTERS))
        parser.add_argument(
            "--template", default=StatusReport.Template.SEED, choices=StatusReport.Template.values
        )
        parser.add_argument(
            "--appendix",
            action="store_true",
            help=_("full report: all results of the period's meetings at the end"),
        )
        parser.add_argument(
            "--date",
            help=_("report date YYYY-MM-DD (default: the report's, else the period's end)"),
        )
        parser.add_argument("-o", "--output", required=True, type=Path)

    def handle(self, *args, **options):
        output = options["output"]
        if options["appendix"] and options["template"] != StatusReport.Template.FULL:
            raise CommandError(_("--appendix: only the full report has an appendix."))
        if not output.parent.is_dir():
            raise CommandError(
                _("-o: the directory %(directory)s does not exist.") % {"directory": output.parent}
            )
        cooperation = Cooperation.objects.filter(slug=options["cooperation"]).first()
        if cooperation is None:
            raise CommandError(
                _("No cooperation with the short name “%(slug)s”; known: %(known)s.")
                % {
                    "slug": options["cooperation"],
                    "known": ", ".join(Cooperation.objects.values_list("slug", flat=True)) or "–",
                }
            )
        try:
            start, end = parse_period(options["period"])
            content = self.content(cooperation, start, end, options)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        try:
            # A fault half-way leaves no truncated file, and an older one stays whole.
            write_atomically(output, [content])
        except OSError as error:
            raise CommandError(
                _("-o: %(file)s cannot be written (%(reason)s).")
                % {"file": output, "reason": describe_os_error(error)}
            ) from None
        self.stdout.write(
            _("Wrote %(file)s (%(size)d bytes).") % {"file": output, "size": len(content)}
        )

    def content(self, cooperation, start, end, options) -> bytes:
        try:
            return issuing.render_period(
                cooperation=cooperation,
                period_start=start,
                period_end=end,
                identifier=options["format"],
                template=options["template"],
                report_date=self.parse_date(options["date"]),
                appendix=options["appendix"],
            )
        except ValidationError as error:
            if error.code == "issued_date":
                raise ValidationError(f"--date: {' '.join(error.messages)}") from None
            raise

    def parse_date(self, text):
        if not text:
            return None
        try:
            date = parse_date(text) if len(text) == 10 else None
        except ValueError:
            raise ValidationError(
                _("--date: “%(text)s” is not a valid date.") % {"text": text}
            ) from None
        if date is None:
            raise ValidationError(
                _("--date: “%(text)s” is not a date YYYY-MM-DD.") % {"text": text}
            )
        return date
