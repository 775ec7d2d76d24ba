"""What the cockpit holds about a person, for their right of access (Art. 15 GDPR), and
their anonymisation when they leave. A person is an account and, where it has one, the
Person record that says whom they act for.

Both follow the relations to the account and the Person record from the model registry,
so that a model added later is covered without being named here."""

import datetime

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ikz.core.audit import history_models
from ikz.core.domain import withdraw_role
from ikz.core.models import Person, Role

# The account's own fields worth knowing; never the password hash.
ACCOUNT_FIELDS = ["username", "email", "first_name", "last_name", "date_joined", "last_login"]
ANONYMOUS_NAME = "anonymisiert"


def _historical_models() -> list[type[models.Model]]:
    return [model.history.model for model in history_models()]


def _value(value):
    if isinstance(value, datetime.datetime | datetime.date):
        return value.isoformat()
    if isinstance(value, models.Model):
        return str(value)
    return value


def _rows_referring_to(obj: models.Model) -> list[dict]:
    """Every current row of another model that refers to ``obj`` (its tasks, roles,
    memberships …), as model, field, id and its text. Historical rows are the changes,
    listed on their own."""
    historical = set(_historical_models())
    rows = []
    for relation in obj._meta.related_objects:
        related = relation.related_model
        if related in historical or not (relation.one_to_many or relation.one_to_one):
            continue
        for row in related._default_manager.filter(**{relation.field.name: obj}).order_by("pk"):
            rows.append(
                {
                    "model": str(related._meta.verbose_name),
                    "field": str(relation.field.verbose_name),
                    "id": row.pk,
                    "text": str(row),
                }
            )
    return rows


def export_person(*, user) -> dict:
    """Everything held about the account: its fields, what refers to it (roles and
    their history, the Person record and what refers to that), and every change it made.

    Side effects: none (reads only)."""
    person = Person.objects.filter(user=user).select_related("cooperation").first()
    changes = []
    for model in history_models():
        # Sorted below, all together; sorting each here let SQLite read a history in
        # date order through its date index, all of it, instead of the user's rows.
        for record in model.history.filter(history_user=user):
            changes.append(
                {
                    "when": record.history_date.isoformat(),
                    "kind": record.get_history_type_display(),
                    "model": str(model._meta.verbose_name),
                    "id": getattr(record, model._meta.pk.attname),
                    "text": str(record.instance),
                }
            )
    changes.sort(key=lambda change: change["when"])
    role_history = [
        {
            "when": record.history_date.isoformat(),
            "kind": record.get_history_type_display(),
            "cooperation": str(record.cooperation),
            "role": record.get_kind_display(),
            "municipality": str(record.municipality) if record.municipality_id else None,
        }
        for record in Role.history.filter(user_id=user.pk)
        .select_related("cooperation", "municipality")
        .order_by("history_date")
    ]
    return {
        "exported_at": timezone.now().isoformat(),
        "account": {name: _value(getattr(user, name)) for name in ACCOUNT_FIELDS},
        "refers_to_the_account": _rows_referring_to(user),
        "role_history": role_history,
        "person": (
            {
                field.name: _value(getattr(person, field.name))
                for field in Person._meta.concrete_fields
            }
            if person
            else None
        ),
        "refers_to_the_person": _rows_referring_to(person) if person else [],
        "changes_made": changes,
    }


def anonymise_person(*, user, by) -> None:
    """Remove the name and address of someone who leaves; what they did stays, not by
    whom. ValidationError for one's own account and for an administrator's.

    Side effects, in one transaction, in this order:
    1. every role of the account withdrawn (its history records the withdrawal; a
       cooperation's last coordinator cannot be withdrawn, and then nothing changes);
    2. the Person record's name and e-mail address emptied, in its history too, and
       its link to the account removed;
    3. the account's user name replaced, its name and address emptied, its password
       made unusable, the account deactivated;
    4. every change it made keeps its record, without the account (history user
       removed in every history)."""
    if user.pk == by.pk:
        raise ValidationError(_("You cannot anonymise your own account."))
    if user.is_superuser:
        raise ValidationError(_("An administrator's account is not anonymised here."))
    with transaction.atomic():
        for role in Role.objects.filter(user=user):
            withdraw_role(role=role)
        person = Person.objects.filter(user=user).first()
        if person is not None:
            person.name, person.email, person.user = "", "", None
            person.save()
            Person.history.filter(id=person.pk).update(name="", email="", user=None)
        user.username = f"{ANONYMOUS_NAME}-{user.pk}"
        user.email = user.first_name = user.last_name = ""
        user.set_unusable_password()
        user.is_active = False
        user.save()
        for model in _historical_models():
            model.objects.filter(history_user=user).update(history_user=None)
