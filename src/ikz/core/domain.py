"""Rules about the cooperation, its members, people, partners and bodies."""

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Model, Q, QuerySet
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from ikz.core.models import (
    Body,
    Cooperation,
    Document,
    Membership,
    Municipality,
    Participation,
    Partner,
    Person,
    Role,
)


def members_on(cooperation: Cooperation, day: datetime.date) -> QuerySet[Municipality]:
    """The municipalities that take part in the cooperation on ``day``: joined on or
    before it and not yet left (a member that left and returned counts once)."""
    return (
        Municipality.objects.filter(
            Q(participations__left_on__isnull=True) | Q(participations__left_on__gt=day),
            participations__cooperation=cooperation,
            participations__joined_on__lte=day,
        )
        .distinct()
        .order_by("name")
    )


@dataclass(frozen=True)
class PopulationTotal:
    """The inhabitants of several municipalities, and the reference dates the figures
    have: one date when all agree, a range when they do not."""

    total: int
    first_date: datetime.date | None
    last_date: datetime.date | None
    missing: int  # municipalities without a figure

    @property
    def as_of(self) -> str:
        """ "Stand 31.12.2019", or "Stand uneinheitlich: 31.12.2019–31.12.2022" when the
        figures come from different dates; empty without any date."""
        if self.first_date is None:
            return ""
        first = date_format(self.first_date, "SHORT_DATE_FORMAT")
        if self.first_date == self.last_date:
            return _("as of %(date)s") % {"date": first}
        last = date_format(self.last_date, "SHORT_DATE_FORMAT")
        return _("as of different dates: %(first)s–%(last)s") % {"first": first, "last": last}


def total_population(municipalities) -> PopulationTotal:
    municipalities = list(municipalities)
    dates = [m.population_date for m in municipalities if m.population and m.population_date]
    return PopulationTotal(
        total=sum(m.population or 0 for m in municipalities),
        first_date=min(dates, default=None),
        last_date=max(dates, default=None),
        missing=sum(1 for m in municipalities if m.population is None),
    )


def find_or_add(find: Callable[[], Model | None], add: Callable[[], Model]) -> tuple[Model, bool]:
    """The row ``find`` finds, else the one ``add`` creates; (row, created).

    Two imports may create the same body or place at the same moment: the database's
    unique constraint lets one insert win, and the other, refused (by the database, or by
    validation when the winner committed first), finds the winner's row instead of
    failing; a savepoint keeps its own transaction usable."""
    found = find()
    if found is not None:
        return found, False
    try:
        with transaction.atomic():
            return add(), True
    except (IntegrityError, ValidationError):
        found = find()
        if found is None:
            raise
        return found, False


def save_validated(instance):
    """Save a new row validated first, so a broken rule gives the user's message, not a
    database error; the one way the domain functions store what they create."""
    instance.full_clean()
    instance.save()
    return instance


def create_cooperation(*, name: str, slug: str, **fields) -> Cooperation:
    """Side effects: one Cooperation row."""
    return save_validated(Cooperation(name=name, slug=slug, **fields))


def add_municipality(*, name: str, **fields) -> Municipality:
    """A municipality (AGS and population optional: a report may name a place only).
    Side effects: one Municipality row."""
    return save_validated(Municipality(name=name, **fields))


def add_member(
    *, cooperation: Cooperation, municipality: Municipality, joined_on: datetime.date
) -> Participation:
    """Let a municipality join (or rejoin) the cooperation on ``joined_on``.

    Side effects: one Participation row, validated first."""
    return save_validated(
        Participation(cooperation=cooperation, municipality=municipality, joined_on=joined_on)
    )


def add_body(*, cooperation: Cooperation, name: str, kind: str, **fields) -> Body:
    """Side effects: one Body row."""
    return save_validated(Body(cooperation=cooperation, name=name, kind=kind, **fields))


def add_partner(*, cooperation: Cooperation, name: str, **fields) -> Partner:
    """Side effects: one Partner row."""
    return save_validated(Partner(cooperation=cooperation, name=name, **fields))


def add_person(*, cooperation: Cooperation, bodies=(), **fields) -> Person:
    """A person of a municipality or a partner, member of ``bodies``.

    Side effects: one Person row, one Membership row per body."""
    person = save_validated(Person(cooperation=cooperation, **fields))
    for body in bodies:
        save_validated(Membership(body=body, person=person))
    return person


def grant_role(
    *,
    user,
    cooperation: Cooperation,
    kind: str,
    municipality: Municipality | None = None,
    granted_by=None,
    invited_at: datetime.datetime | None = None,
) -> Role:
    """Give an account a role in the cooperation (a municipality member: for one
    municipality); ``invited_at``: when an invitation for it is sent. ValidationError
    when it holds that role already.

    Side effects: one Role row (its history records who granted it)."""
    return save_validated(
        Role(
            user=user,
            cooperation=cooperation,
            kind=kind,
            municipality=municipality,
            granted_by=granted_by,
            invited_at=invited_at,
        )
    )


def withdraw_role(*, role: Role) -> None:
    """Take a role away again; the history keeps that it was held, and until when. A
    cooperation keeps at least one coordinator: ValidationError for its last.

    Side effects: the Role row deleted (a historical record of the deletion stays)."""
    with transaction.atomic():
        # Locked, so that two coordinators withdrawing each other leave one of them.
        coordinators = list(
            Role.objects.select_for_update()
            .filter(cooperation_id=role.cooperation_id, kind=Role.Kind.COORDINATOR)
            .values_list("pk", flat=True)
        )
        if role.kind == Role.Kind.COORDINATOR and coordinators == [role.pk]:
            raise ValidationError(
                _("A cooperation keeps at least one coordinator; grant the role to another first.")
            )
        role.delete()


def attach_document(
    *,
    file,
    meeting=None,
    agenda_item=None,
    measure=None,
    agreement=None,
    title: str = "",
    is_public: bool = False,
    municipality: Municipality | None = None,
) -> Document:
    """Attach an uploaded ``file`` to one meeting (and, with ``agenda_item``, one of its
    topics; the topic alone names its meeting), measure or agreement. The title is the
    file's name without its extension unless given; ``municipality`` is whose document
    it is (a member of the cooperation). ValidationError, with nothing written, when the
    file is too large or not of an allowed type, the document belongs to none or several,
    the topic is not of the meeting, or the municipality is no member.

    Side effects, in one transaction: the file written to the media storage under
    ``documents/<cooperation>/`` (whole or not at all, under a free name); one Document
    row and its historical record. When saving the row fails, the written file is
    removed again."""
    if agenda_item is not None and meeting is None:
        meeting = agenda_item.meeting
    owners = [owner for owner in (meeting, measure, agreement) if owner is not None]
    if len(owners) != 1:
        raise ValidationError(_("A document belongs to exactly one meeting, measure or agreement."))
    cooperation_id = (
        meeting.body.cooperation_id if meeting is not None else owners[0].cooperation_id
    )
    if (
        municipality is not None
        and not Participation.objects.filter(
            cooperation_id=cooperation_id, municipality=municipality
        ).exists()
    ):
        raise ValidationError(
            {"municipality": _("%(municipality)s is no member of the cooperation.")
             % {"municipality": municipality.name}}
        )  # fmt: skip
    max_title = Document._meta.get_field("title").max_length
    document = Document(
        cooperation_id=cooperation_id,
        title=(title.strip() or Path(file.name).stem or file.name)[:max_title],
        file=file,
        is_public=is_public,
        meeting=meeting,
        agenda_item=agenda_item,
        measure=measure,
        agreement=agreement,
        municipality=municipality,
    )
    # The file's size and type are checked here, before anything is written.
    document.full_clean()
    try:
        with transaction.atomic():
            document.save()
    except BaseException:
        # The FileField wrote the file before the INSERT (pre_save); a row that is not
        # saved must not leave it behind.
        if document.file and document.file._committed:
            document.file.storage.delete(document.file.name)
        raise
    return document
