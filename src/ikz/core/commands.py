"""The base of the project's own ``ikz`` commands: faults a user can meet (a full disk,
a read-only directory, a database that is gone) end with a German message and exit
status 1, never with a traceback."""

from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError
from django.utils.translation import gettext as _

from ikz.core.files import describe_os_error


class IkzCommand(BaseCommand):
    def execute(self, *args, **options):
        try:
            return super().execute(*args, **options)
        except OSError as error:
            where = f"{error.filename}: " if error.filename else ""
            raise CommandError(
                _("%(where)s%(reason)s; nothing was changed.")
                % {"where": where, "reason": describe_os_error(error)}
            ) from None
        except DatabaseError as error:
            # Every write runs in a transaction, so a failed one has changed nothing.
            raise CommandError(
                _(
                    "The database cannot be reached or cannot write (%(reason)s); nothing "
                    "was changed."
                )
                % {"reason": str(error).strip() or error.__class__.__name__}
            ) from None
