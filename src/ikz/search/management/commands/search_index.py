"""``ikz search_index --rebuild``: make the search index anew from the data."""

from django.core.management.base import CommandError
from django.db import transaction
from django.utils.translation import gettext as _

from ikz.core.commands import IkzCommand
from ikz.search.indexing import rebuild


class Command(IkzCommand):
    help = _(
        "Make the search index anew from the data (after rows were written in bulk, "
        "e.g. by ikz generate)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--rebuild", action="store_true", help=_("rebuild the whole index"))

    def handle(self, *args, **options):
        if not options["rebuild"]:
            raise CommandError(_("Say what to do: --rebuild."))
        with transaction.atomic():
            count = rebuild()
        self.stdout.write(self.style.SUCCESS(_("Search entries: %(count)d.") % {"count": count}))
