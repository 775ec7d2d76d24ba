"""Rows whose history keeps their many-to-many links (``HistoricalRecords(m2m_fields=
[...])``: a topic's measures). django-simple-history copies the links into each record
when the row is saved, and on its own makes one more record per step of a change of the
links (removing, adding). Saved here, a change of row and links is one record."""

from collections.abc import Iterable

from django.db.models import Max, Model

from ikz.core.domain import save_validated


def save_with_links(instance: Model, **links: Iterable) -> Model:
    """Save a row, validated first, and set its links (``measures=[...]``), with one
    record in its history that holds both: a stored row's links are set before the row
    is saved, whose record reads them; a new row's after its first record, into which
    they are then written (``record_links``)."""
    new = instance.pk is None
    if new:
        save_validated(instance)
    # Read by django-simple-history: no record of the links' steps.
    instance.skip_history_when_saving = True
    try:
        for name, values in links.items():
            getattr(instance, name).set(values)
    finally:
        del instance.skip_history_when_saving
    if new:
        for name in links:
            record_links(type(instance), name, [instance.pk])
    else:
        save_validated(instance)
    return instance


def record_links(model: type[Model], name: str, ids: Iterable[int]) -> None:
    """Write the links ``name`` of the rows ``ids`` of ``model`` as they are now into
    each row's latest history record, which was made before they were set (a new row's,
    rows created in bulk). Queries: three, however many rows."""
    ids = list(ids)
    field = model._meta.get_field(name)
    through = field.remote_field.through
    owner, target = field.m2m_field_name(), field.m2m_reverse_field_name()
    pk = model._meta.pk.attname
    latest = dict(
        model.history.filter(**{f"{pk}__in": ids})
        .values_list(pk)
        .annotate(latest=Max("history_id"))
        .order_by()
    )
    linked = getattr(model.history.model, name).model
    linked.objects.bulk_create(
        linked(
            history_id=latest[row[owner]],
            id=row["id"],
            **{f"{owner}_id": row[owner], f"{target}_id": row[target]},
        )
        for row in through.objects.filter(**{f"{owner}__in": ids}).values("id", owner, target)
        if row[owner] in latest
    )
