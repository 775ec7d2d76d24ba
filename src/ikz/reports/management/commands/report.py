"""``ikz report --cooperation SLUG --period 2020-04/2020-05 --format pptx [--template seed|full] -o FILE``"""

from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _

from ikz.core.models import Cooperation
from ikz.reports.domain import build_report, parse_period
from ikz.reports.exporters import EXPORTERS, get_exporter
from ikz.reports.models import StatusReport


class Command(BaseCommand):
    help = _("Write the status report of a cooperation for a period in one format.")

    def add_arguments(self, parser):
        parser.add_argument("--cooperation", required=True, help=_("short name, e.g. partheland"))
        parser.add_argument("--period", required=True, help=_("YYYY-MM or YYYY-MM/YYYY-MM"))
        parser.add_argument("--format", required=True, choices=sorted(EXPORTERS))
        parser.add_argument("--template", default="seed", choices=StatusReport.Template.values)
        parser.add_argument(
            "--date",
            help=_("report date YYYY-MM-DD (default: the report's, else the period's end)"),
        )
        parser.add_argument("-o", "--output", required=True, type=Path)

    def handle(self, *args, **options):
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
            report_date = self.report_date(options["date"], cooperation, start, end)
            report = build_report(
                cooperation=cooperation,
                period_start=start,
                period_end=end,
                report_date=report_date,
                template=options["template"],
            )
            content = get_exporter(options["format"]).render(report)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        options["output"].write_bytes(content)
        self.stdout.write(
            _("Wrote %(file)s (%(size)d bytes).")
            % {"file": options["output"], "size": len(content)}
        )

    def report_date(self, text, cooperation, start, end):
        if text:
            date = parse_date(text) if len(text) == 10 else None
            if date is None:
                raise ValidationError(
                    _("--date: “%(text)s” is not a date YYYY-MM-DD.") % {"text": text}
                )
            return date
        stored = StatusReport.objects.filter(
            cooperation=cooperation, period_start=start, period_end=end
        ).first()
        return stored.report_date if stored else None
