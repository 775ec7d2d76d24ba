"""No lost updates: an edit form carries the version of the object it was based on (its
latest history record), and a save based on an older one is refused with what changed
in between. Every domain model keeps a history (django-simple-history), which is the
version and tells who changed what."""

from dataclasses import dataclass

from django.db import models
from django.db.models import Max

from ikz.core.audit import Change, field_changes


@dataclass(frozen=True)
class Conflict:
    """What happened since the form's version: who saved when, and which fields."""

    changed_by: str
    changed_at: object
    changes: list[Change]
    version: int | str  # the version the form carries now, to save deliberately over it


class VersionConflict(Exception):
    """Raised by a domain function whose save was based on an older version than the
    stored one; nothing was saved. ``conflict`` says who saved what since."""

    def __init__(self, conflict: Conflict):
        super().__init__(f"saved meanwhile by {conflict.changed_by or 'someone'}")
        self.conflict = conflict


def lock(obj: models.Model) -> None:
    """Lock the object's row until the transaction ends (where the database can)."""
    list(type(obj)._default_manager.select_for_update().filter(pk=obj.pk).values_list("pk"))


def current_version(obj: models.Model) -> int | None:
    """The id of the object's latest history record; None for a model without history
    or an object not saved yet."""
    history = getattr(type(obj), "history", None)
    if history is None or obj.pk is None:
        return None
    return (
        history.filter(**{type(obj)._meta.pk.attname: obj.pk})
        .order_by("-history_date", "-history_id")
        .values_list("history_id", flat=True)
        .first()
    )


def conflict_since(obj: models.Model, version: int | None) -> Conflict | None:
    """None when the object is still at ``version``; otherwise what changed since. The
    row is locked first (where the database can), so that of two saves based on the
    same version the second sees the first."""
    model = type(obj)
    if obj.pk is None or getattr(model, "history", None) is None:
        return None
    lock(obj)
    now = current_version(obj)
    if now is None or now == version:
        return None
    records = model.history.filter(history_id__in=[now, version or 0])
    by_id = {record.history_id: record for record in records}
    latest, base = by_id[now], by_id.get(version)
    changes = field_changes(model, base, latest)
    return Conflict(
        changed_by=str(latest.history_user) if latest.history_user_id else "",
        changed_at=latest.history_date,
        changes=changes,
        version=now,
    )


def check_version(obj: models.Model, version: int | None) -> None:
    """Raise VersionConflict unless ``obj`` is still at ``version``. Call it inside the
    save's transaction: it locks the row, so that of two saves based on the same version
    the second sees the first."""
    conflict = conflict_since(obj, version)
    if conflict is not None:
        raise VersionConflict(conflict)


def rows_version(*histories: models.QuerySet) -> str:
    """The version of a set of rows that one form edits together, such as a meeting's
    attendance: the newest record of each of their histories (``Model.history.filter(
    ...)``, deleted rows included), "12-40"; each history counts on its own, since
    their numbers are not comparable."""
    return "-".join(
        str(history.aggregate(latest=Max("history_id"))["latest"] or 0) for history in histories
    )


def rows_conflict(owner: models.Model, version: str | None, *histories) -> Conflict | None:
    """None when the rows are still at ``version`` (as a form sent it back); otherwise
    who saved last and when (the rows' fields are not compared). The row of their
    ``owner`` (the meeting of an attendance) is locked first, so that of two saves based
    on the same version the second sees the first: call it in the save's transaction."""
    lock(owner)
    now = rows_version(*histories)
    if now == version:
        return None
    latest = max(
        (record for history in histories if (record := history.order_by("-history_id").first())),
        key=lambda record: record.history_date,
        default=None,
    )
    return Conflict(
        changed_by=str(latest.history_user) if latest and latest.history_user_id else "",
        changed_at=latest.history_date if latest else None,
        changes=[],
        version=now,
    )


def check_rows_version(owner: models.Model, version: str | None, *histories) -> None:
    """Raise VersionConflict unless the rows are still at ``version``; see
    ``rows_conflict``. Call it inside the save's transaction."""
    conflict = rows_conflict(owner, version, *histories)
    if conflict is not None:
        raise VersionConflict(conflict)
