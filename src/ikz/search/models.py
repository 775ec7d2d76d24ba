"""The search index: one row per thing that can be found, kept in step with the data
by ``ikz.search.indexing``.

The full-text index over it is the database's own, made by migration 0002 where Django
has no field for it: on PostgreSQL a generated ``tsvector`` column (``german``
configuration, the title weighted A, the text B) with a GIN index; on SQLite an FTS5
table over ``title_terms`` and ``text_terms``, which triggers keep in step with this
table. A later migration that changes this table must keep them: PostgreSQL refuses to
change a column the generated one reads, and Django's SQLite schema editor rebuilds a
table it alters, without its triggers."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from ikz.core.models import Cooperation


class SearchEntry(models.Model):
    class Kind(models.TextChoices):
        # In the order the results page shows them.
        MEASURE = "measure", _("Measures")
        MEETING = "meeting", _("Meetings")
        AGENDA_ITEM = "agenda_item", _("Topics")
        OUTCOME = "outcome", _("Results")
        TASK = "task", _("Tasks")
        DOCUMENT = "document", _("Documents")
        PERSON = "person", _("People")
        MUNICIPALITY = "municipality", _("Municipalities")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind)
    object_id = models.PositiveIntegerField(_("object"))
    # A municipality has a row in each cooperation it is a member of.
    cooperation = models.ForeignKey(
        Cooperation, on_delete=models.CASCADE, related_name="+", verbose_name=_("cooperation")
    )
    # Whether anyone may find it (core.permissions decides for the rest: the
    # cooperation's readers find all of its rows).
    is_public = models.BooleanField(_("public"))
    title = models.CharField(_("title"), max_length=500)
    # A line under the title that says where it belongs ("7. Projektleitungsgruppe in
    # Naunhof"); not searched.
    context = models.CharField(_("context"), max_length=500, blank=True)
    date = models.DateField(_("date"), null=True, blank=True)
    # Shown as an excerpt around the first match; a document's text is cut at
    # ikz.search.documents.MAX_TEXT.
    text = models.TextField(_("text"), blank=True)
    # What the full-text index reads (ikz.search.terms): folded words on PostgreSQL,
    # which stems them itself; their stems on SQLite.
    title_terms = models.TextField(_("title terms"), blank=True)
    text_terms = models.TextField(_("text terms"), blank=True)
    # What the link to its page needs besides the kind: its URL's keys.
    target = models.JSONField(_("link target"), default=dict)

    class Meta:
        verbose_name = _("search entry")
        verbose_name_plural = _("search entries")
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "object_id", "cooperation"], name="search_entry_unique"
            )
        ]
        # The cooperations' rows a reader may see, by kind.
        indexes = [models.Index(fields=["cooperation", "kind"], name="search_entry_cooperation")]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.title}"
