from django.utils.translation import gettext as _

from ikz.core.commands import IkzCommand
from ikz.sample.demo import is_loaded, load_partheland


class Command(IkzCommand):
    help = _("Load the Partheland demo cooperation into the database (once).")

    def handle(self, *args, **options):
        if is_loaded():
            self.stdout.write(_("The Partheland demo is loaded already; nothing changed."))
            return
        cooperation = load_partheland()
        self.stdout.write(
            self.style.SUCCESS(
                _("Loaded the demo cooperation “%(name)s”.") % {"name": cooperation.name}
            )
        )
