import datetime

from django.core.exceptions import ValidationError
from django.core.management.base import CommandError
from django.utils import timezone
from django.utils.translation import gettext as _

from ikz.core.commands import IkzCommand
from ikz.sample.demo import is_loaded, load_demo


def day(text: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        raise CommandError(
            _("“%(text)s” is no day; write it as YYYY-MM-DD.") % {"text": text}
        ) from None


class Command(IkzCommand):
    help = _(
        "Load the Partheland demo cooperation, carried on from its 2020 report to today "
        "(once; --today or --rebuild replace it)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--today",
            type=day,
            help=_("Carry the demo on to this day (YYYY-MM-DD) instead of today; rebuilds it."),
        )
        parser.add_argument(
            "--rebuild",
            action="store_true",
            help=_("Replace the demo there is with one carried on to today."),
        )

    def handle(self, *args, **options):
        today = options["today"]
        # A demo never carried on (loaded before the demo lived) is brought up to date;
        # one that was stays as it is, with whatever someone tried out in it.
        if today is None and not options["rebuild"] and is_loaded(carried_on=True):
            self.stdout.write(
                _("The Partheland demo is loaded already; nothing changed (--rebuild replaces it).")
            )
            return
        try:
            cooperation = load_demo(today=today or timezone.localdate())
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        self.stdout.write(
            self.style.SUCCESS(
                _("Loaded the demo cooperation “%(name)s”, carried on to %(today)s.")
                % {"name": cooperation.name, "today": cooperation.sample_until.isoformat()}
            )
        )
