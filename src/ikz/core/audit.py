"""The audit log of a cooperation: every change of its data, who made it, when, and
which fields went from what to what, read from the histories that django-simple-history
keeps of every domain model (with the user of each change).

The models and the way from each to its cooperation are found from the model registry,
so that a model added later is logged without being named here."""

import datetime
import decimal
import unicodedata
from collections import defaultdict
from dataclasses import dataclass

from django.db import models
from django.db.models import F
from django.utils import formats, timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from simple_history.models import registered_models

from ikz.core.models import Cooperation

# Three steps reach a cooperation from every model (an outcome: meeting, body).
MAX_DEPTH = 3
KINDS = {"+": gettext_lazy("created"), "~": gettext_lazy("changed"), "-": gettext_lazy("deleted")}
# The changes an object's page shows of its history: the latest, not every one.
HISTORY_SHOWN = 10


@dataclass(frozen=True)
class Change:
    field: str
    before: str
    after: str


@dataclass(frozen=True)
class AuditEntry:
    when: datetime.datetime
    who: str
    kind: str  # "+" created, "~" changed, "-" deleted
    model: str
    label: str  # the model's label, for filtering
    object_id: int
    text: str
    changes: list[Change]
    # The row's foreign keys as recorded ("meeting_id": 2): what a link to the page
    # that shows the row needs (an agenda item's meeting).
    references: dict[str, int | None]

    @property
    def kind_label(self) -> str:
        return str(KINDS[self.kind])


def cooperation_path(model) -> str | None:
    """The lookup from ``model`` to the id of its cooperation, through its foreign keys
    ("meeting__body__cooperation_id"); None for data shared by all cooperations
    (municipalities, funding programmes)."""
    if model is Cooperation:
        return "id"
    paths = [(model, "")]
    for _depth in range(MAX_DEPTH):
        following = []
        for current, prefix in paths:
            for field in current._meta.concrete_fields:
                # Only a link every row has: an agenda item's presenter may be missing,
                # its meeting never.
                if not field.many_to_one or field.null:
                    continue
                if field.related_model is Cooperation:
                    return f"{prefix}{field.name}_id"
                following.append((field.related_model, f"{prefix}{field.name}__"))
        paths = following
    return None


def history_models() -> list[type[models.Model]]:
    """Every model django-simple-history keeps a history of; not the through models of
    the links it keeps in their rows' records (``m2m_fields``), which it registers too."""
    return [model for model in registered_models.values() if hasattr(model, "history")]


def audited_models() -> list[type[models.Model]]:
    return sorted(
        (model for model in history_models() if cooperation_path(model) is not None),
        key=lambda model: str(model._meta.verbose_name_plural),
    )


def _logged_fields(model) -> list[models.Field]:
    # Not editable: stamps such as public_changed_at, which are no change of the row.
    return [
        field for field in model._meta.concrete_fields if not field.primary_key and field.editable
    ]


def _raw(record, field):
    return getattr(record, field.attname, None)


def _records(model, cooperation, *, person, since, until, count):
    history = model.history.filter(**{cooperation_path(model): cooperation.pk})
    if person is not None:
        history = history.filter(history_user=person)
    if since is not None:
        history = history.filter(history_date__date__gte=since)
    if until is not None:
        history = history.filter(history_date__date__lte=until)
    # Nulls last, although no date is null: then no index serves the order, and the
    # database reads the cooperation's records (through its bodies, meetings …) and
    # sorts them. In the date index the newest of one cooperation lie among those of
    # all the others, which it would step through: more, the more cooperations.
    newest_first = F("history_date").desc(nulls_last=True)
    return list(history.select_related("history_user").order_by(newest_first)[:count])


def audit_log(
    *,
    cooperation: Cooperation,
    person=None,
    model_label: str | None = None,
    since: datetime.date | None = None,
    until: datetime.date | None = None,
    offset: int = 0,
    limit: int = 50,
) -> tuple[list[AuditEntry], bool]:
    """The cooperation's changes, newest first, ``limit`` of them from ``offset``, and
    whether there are more. Filtered by the person who made them, the kind of data
    (a model's label) and the days from ``since`` to ``until``.

    Queries: two per kind of data, one per kind of related row a change names, and one
    per kind of links its records hold (a topic's measures)."""
    records = []
    for model in audited_models():
        if model_label is None or model._meta.label == model_label:
            found = _records(
                model,
                cooperation,
                person=person,
                since=since,
                until=until,
                count=offset + limit + 1,
            )
            records += [(record.history_date, model, record) for record in found]
    records.sort(key=lambda item: item[0], reverse=True)
    more = len(records) > offset + limit
    page = [(model, record) for _when, model, record in records[offset : offset + limit]]
    previous = _previous_records(page)
    shown = page + [(model, previous.get((model, record.history_id))) for model, record in page]
    return _entries(page, previous, _related_objects(shown), _links(shown)), more


def object_history(obj, *, latest: int = HISTORY_SHOWN) -> list[AuditEntry]:
    """The ``latest`` changes of ``obj`` and of the rows that belong to it (every row
    whose required foreign key names it: a meeting's agenda items, results and
    attendance, a measure's status changes), newest first, as the audit log shows them.

    Queries: one per kind of data, whatever the data: every record of these rows with
    the rows they name, so that each record's predecessor is among them; and one per
    kind of links the shown records and their predecessors hold."""
    model = type(obj)
    sources = [(model, model._meta.pk.attname)] + [
        (child, field.attname)
        for child in sorted(history_models(), key=lambda child: child._meta.label)
        for field in child._meta.concrete_fields
        if field.many_to_one and not field.null and field.related_model is model
    ]
    records = [
        (source, record)
        for source, attname in sources
        for record in source.history.filter(**{attname: obj.pk})
        .select_related("history_user", *_named_rows(source))
        .order_by("history_date", "history_id")
    ]
    previous, last = {}, {}
    for source, record in records:
        row = (source, getattr(record, source._meta.pk.attname))
        previous[(source, record.history_id)] = last.get(row)
        last[row] = record
    related = {
        (field.related_model, _raw(record, field)): getattr(record, field.name)
        for source, record in records
        for field in source._meta.concrete_fields
        if field.is_relation and _raw(record, field) is not None
    }
    newest = sorted(
        records, key=lambda item: (item[1].history_date, item[1].history_id), reverse=True
    )
    shown = newest[:latest]
    return _entries(
        shown,
        previous,
        {key: row for key, row in related.items() if row is not None},
        _links(
            shown + [(source, previous[(source, record.history_id)]) for source, record in shown]
        ),
    )


def _named_rows(model) -> list[str]:
    """The rows a record of ``model`` names, with those their names show (a person's
    municipality), for select_related."""
    return [
        name
        for field in model._meta.concrete_fields
        if field.is_relation
        for name in [field.name]
        + [
            f"{field.name}__{further.name}"
            for further in field.related_model._meta.concrete_fields
            if further.is_relation
        ]
    ]


def _entries(page, previous: dict, related: dict, links: dict) -> list[AuditEntry]:
    """The (model, historical record) pairs as entries, each with its changed fields
    from its ``previous`` record and every object it names by its name (``related``
    by model and id, ``links`` by model and record)."""
    entries = []
    for model, record in page:
        pk = getattr(record, model._meta.pk.attname)
        before = previous.get((model, record.history_id))
        changes = (
            [] if record.history_type == "-" else _changes(model, before, record, related, links)
        )
        entries.append(
            AuditEntry(
                when=record.history_date,
                who=str(record.history_user) if record.history_user_id else "",
                kind=record.history_type,
                model=str(model._meta.verbose_name),
                label=model._meta.label,
                object_id=pk,
                text=_object_text(model, record, related),
                changes=changes,
                references={
                    field.attname: _raw(record, field)
                    for field in model._meta.concrete_fields
                    if field.is_relation
                },
            )
        )
    return entries


def _previous_records(page) -> dict:
    """Each record's predecessor (the same object's record before it), read with one
    query per kind of data on the page."""
    by_model = defaultdict(list)
    for model, record in page:
        by_model[model].append(record)
    previous = {}
    for model, records in by_model.items():
        attname = model._meta.pk.attname
        ids = {getattr(record, attname) for record in records}
        latest = max(record.history_date for record in records)
        earlier = defaultdict(list)
        for candidate in model.history.filter(
            **{f"{attname}__in": ids, "history_date__lte": latest}
        ).order_by("history_date", "history_id"):
            earlier[getattr(candidate, attname)].append(candidate)
        for record in records:
            before = [
                candidate
                for candidate in earlier[getattr(record, attname)]
                if (candidate.history_date, candidate.history_id)
                < (record.history_date, record.history_id)
            ]
            previous[(model, record.history_id)] = before[-1] if before else None
    return previous


def field_changes(model, before, after) -> list[Change]:
    """The fields of ``model`` that differ between two of its historical records (the
    earlier may be None: then the fields ``after`` sets), as a reader sees their values;
    one query per kind of row they name and one per kind of links they hold."""
    pair = [(model, before), (model, after)]
    return _changes(model, before, after, _related_objects(pair), _links(pair))


def _changes(model, before, after, related, links) -> list[Change]:
    changes = []
    for field in _logged_fields(model):
        old, new = _raw(before, field), _raw(after, field)
        if old != new and not (before is None and new in (None, "")):
            changes.append(
                Change(
                    # As German writes a label on its own: "Status-quo-Kosten".
                    capfirst(str(field.verbose_name)),
                    _text(field, old, related),
                    _text(field, new, related),
                )
            )
    for field in _linked_fields(model):
        old, new = (
            sorted(links.get((model, record.history_id), {}).get(field.name, []), key=_sort_key)
            if record is not None
            else []
            for record in (before, after)
        )
        if old != new:
            changes.append(
                Change(capfirst(str(field.verbose_name)), ", ".join(old), ", ".join(new))
            )
    return changes


def _sort_key(name: str) -> str:
    # As a German list sorts: "Ämter" with "Amt", not after "Z".
    spelt = unicodedata.normalize("NFKD", name.casefold())
    return "".join(char for char in spelt if not unicodedata.combining(char))


def _linked_fields(model) -> list:
    """The many-to-many fields whose links each record of ``model`` holds
    (``HistoricalRecords(m2m_fields=...)``: a topic's measures)."""
    return sorted(model.history.model._history_m2m_fields, key=lambda field: field.name)


def _links(records) -> dict:
    """The names of the rows each of the (model, record) pairs links to, by (model,
    history id) and field name: one query per kind of links."""
    wanted = defaultdict(set)
    for model, record in records:
        if record is not None:
            wanted[model].add(record.history_id)
    links = defaultdict(lambda: defaultdict(list))
    for model, ids in wanted.items():
        for field in _linked_fields(model):
            target = field.m2m_reverse_field_name()
            rows = getattr(model.history.model, field.name).model.objects
            for row in rows.filter(history_id__in=ids).select_related(target):
                linked = getattr(row, target)
                links[(model, row.history_id)][field.name].append(
                    # A row deleted since: its kind and id.
                    name_of(linked)
                    if linked is not None
                    else f"{field.related_model._meta.verbose_name} #{getattr(row, f'{target}_id')}"
                )
    return links


def _related_objects(records) -> dict:
    """Every row the (model, record) pairs refer to, by (model, id), each with the rows
    its name shows (a person's municipality): one query per model."""
    wanted = defaultdict(set)
    for model, record in records:
        if record is None:
            continue
        # All, not only the logged ones: the object's name may show any of them.
        for field in model._meta.concrete_fields:
            if field.is_relation and _raw(record, field) is not None:
                wanted[field.related_model].add(_raw(record, field))
    # One statement per model (in_bulk would split a long CSV's ids into several).
    return {
        (related, obj.pk): obj
        for related, ids in wanted.items()
        for obj in related._default_manager.filter(pk__in=ids).select_related(
            *[field.name for field in related._meta.concrete_fields if field.is_relation]
        )
    }


def name_of(obj) -> str:
    """What the audit log calls an object: its ``audit_name`` where its model gives one
    ("7. Projektleitungsgruppe, 11.05.2020": the day tells a body's meetings apart),
    else its text."""
    return str(getattr(obj, "audit_name", obj))


def _text(field, value, related) -> str:
    if value is None or value == "":
        return ""
    if field.is_relation:
        obj = related.get((field.related_model, value))
        # A row deleted since: its kind and id.
        return name_of(obj) if obj else f"{field.related_model._meta.verbose_name} #{value}"
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, datetime.datetime):
        return formats.date_format(timezone.localtime(value), "SHORT_DATETIME_FORMAT")
    if isinstance(value, datetime.date):
        return formats.date_format(value, "SHORT_DATE_FORMAT")
    if isinstance(value, datetime.time | decimal.Decimal):
        # 14:30, 1.234,50: as the reader's language writes them.
        return str(formats.localize(value))
    return str(value)


def _object_text(model, record, related) -> str:
    """What the object was called at the time of the record, without reading it again:
    the record as the object, with the rows it names read already; the model and id
    where one of those rows has been deleted since."""
    obj = model(**{field.attname: _raw(record, field) for field in model._meta.concrete_fields})
    for field in model._meta.concrete_fields:
        if not field.is_relation:
            continue
        value = _raw(record, field)
        if value is not None and (field.related_model, value) not in related:
            return f"{model._meta.verbose_name} #{getattr(record, model._meta.pk.attname)}"
        field.set_cached_value(obj, related.get((field.related_model, value)))
    return name_of(obj)[:120]
