"""Rules about the cooperation, its members, people, partners and bodies."""

import datetime
import math
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Model, Q, QuerySet
from django.utils.formats import date_format, number_format
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from simple_history.models import HistoricalChanges

from ikz.core.colours import AA_CONTRAST, BODY_TEXT, WHITE, contrast
from ikz.core.files import UploadSizeValidator, UploadTypeValidator, extension_of
from ikz.core.models import (
    COLOUR_PATTERN,
    Body,
    Cooperation,
    Document,
    Membership,
    Municipality,
    Participation,
    Partner,
    Person,
    PopulationFigure,
    Role,
)
from ikz.core.versions import check_version


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
    Side effects: one Municipality row; its population figure (``record_population``)."""
    with transaction.atomic():
        municipality = save_validated(Municipality(name=name, **fields))
        record_population(municipality)
    return municipality


def record_population(municipality: Municipality) -> None:
    """The municipality's current population kept as the figure of its reference date,
    beside the earlier ones. Side effects: its PopulationFigure of that date added or
    replaced (a corrected figure of the same date)."""
    if municipality.population is None:
        return
    PopulationFigure.objects.update_or_create(
        municipality=municipality,
        as_of=municipality.population_date,
        defaults={
            "population": municipality.population,
            "source": municipality.population_source,
        },
    )


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


# Master data kept in the browser ------------------------------------------------------

# The logo shows in the page header and in every report: pictures only (an SVG is
# markup a browser would run, which ikz.core.files refuses in any upload).
LOGO_EXTENSIONS = ("png", "jpg", "jpeg")


def edit(obj: Model, *, version: int | None, **fields) -> Model:
    """Store what an edit form changed on ``obj`` (a municipality, body, membership,
    partner, person, field of action), if it is still at ``version`` (the version the
    form was based on).

    Side effects, in one transaction: the row locked and its version checked
    (``VersionConflict`` when someone saved it since: nothing is stored); the row,
    validated first, with its history record."""
    with transaction.atomic():
        check_version(obj, version)
        for name, value in fields.items():
            setattr(obj, name, value)
        obj.full_clean()
        obj.save()
    return obj


def _ratio(value: float) -> str:
    # Rounded down: 4.49 must not read as the 4.5 it misses.
    return number_format(math.floor(value * 10) / 10, 1)


def colour_errors(*, primary_colour: str = "", secondary_colour: str = "") -> dict[str, str]:
    """The cooperation's colours (#RRGGBB) that text would not stand out on, by field,
    each message with the contrast it reaches (WCAG 2 AA, 4.5 : 1): the primary colour is
    text and links on white; the secondary colour is a light background (boxes,
    highlights) with body text on it."""
    errors = {}
    needed = number_format(AA_CONTRAST, 1)
    if re.fullmatch(COLOUR_PATTERN, primary_colour or ""):
        ratio = contrast(primary_colour, WHITE)
        if ratio < AA_CONTRAST:
            errors["primary_colour"] = _(
                "The colour %(colour)s reaches a contrast ratio of only %(ratio)s : 1 on "
                "white; %(needed)s : 1 is needed."
            ) % {"colour": primary_colour, "ratio": _ratio(ratio), "needed": needed}
    if re.fullmatch(COLOUR_PATTERN, secondary_colour or ""):
        ratio = contrast(BODY_TEXT, secondary_colour)
        if ratio < AA_CONTRAST:
            errors["secondary_colour"] = _(
                "The colour %(colour)s is too dark as a background for text: the text on it "
                "reaches a contrast ratio of only %(ratio)s : 1; %(needed)s : 1 is needed."
            ) % {"colour": secondary_colour, "ratio": _ratio(ratio), "needed": needed}
    return errors


def check_logo(logo) -> None:
    """ValidationError on ``logo`` unless it is a PNG or JPEG picture within the upload
    limit that opens as what its name says (``ikz.core.files``)."""
    extension = extension_of(logo.name)
    if extension not in LOGO_EXTENSIONS:
        raise ValidationError(
            {"logo": _("The logo is a picture as .png, .jpg or .jpeg, not “.%(extension)s”.")
             % {"extension": extension or "–"}}
        )  # fmt: skip
    try:
        UploadSizeValidator()(logo)
        UploadTypeValidator()(logo)
    except ValidationError as error:
        raise ValidationError({"logo": error.messages}) from None


def edit_cooperation(cooperation: Cooperation, *, version: int | None, **fields) -> Cooperation:
    """The cooperation's settings as its coordinators keep them: name, region, logo,
    colours, contact, imprint and privacy texts. A colour text would not stand out on
    is refused with the contrast it reaches (``colour_errors``); a new ``logo`` (an uploaded file) must be
    a picture (``check_logo``); ``logo=None`` removes it.

    Side effects, in one transaction: the row locked and its version checked
    (``VersionConflict``); the new logo file written to the media storage under
    ``logos/`` (the one replaced is kept: issued reports name it); the Cooperation row,
    validated first, with its history record."""
    errors = colour_errors(
        primary_colour=fields.get("primary_colour", ""),
        secondary_colour=fields.get("secondary_colour", ""),
    )
    if errors:
        raise ValidationError(errors)
    logo = fields.pop("logo", False)
    if logo:
        check_logo(logo)
    with transaction.atomic():
        check_version(cooperation, version)
        for name, value in fields.items():
            setattr(cooperation, name, value)
        if logo is None:
            cooperation.logo = ""
        # Validated before the new logo's file is written, so that a refusal leaves none.
        cooperation.full_clean(exclude=["logo"])
        if logo:
            cooperation.logo.save(logo.name, logo, save=False)
        cooperation.save()
    return cooperation


def check_population(*, population: int | None, population_date) -> None:
    """A population figure and its reference date (Stichtag) go together."""
    if population is not None and population_date is None:
        raise ValidationError(
            {"population_date": _("A population figure needs the date it refers to (Stichtag).")}
        )
    if population is None and population_date is not None:
        raise ValidationError(
            {"population": _("A reference date needs the population figure it dates.")}
        )


def check_ags(ags: str | None) -> None:
    """The official municipality key (AGS), if given, is 8 digits: ValidationError on
    ``ags`` that says what is wrong with it."""
    if ags is None:
        return
    if not ags.isascii() or not ags.isdigit():
        raise ValidationError(
            {"ags": _("The official municipality key (AGS) consists of digits only; "
                      "“%(ags)s” has other characters.") % {"ags": ags}}
        )  # fmt: skip
    if len(ags) != 8:
        raise ValidationError(
            {"ags": _("The official municipality key (AGS) has exactly 8 digits, not "
                      "%(count)d.") % {"count": len(ags)}}
        )  # fmt: skip


def edit_municipality(municipality: Municipality, *, version: int | None, **fields) -> Municipality:
    """A member municipality's data (name, kind, AGS, population with its reference
    date, ...), as ``edit`` stores it; the AGS has 8 digits, the population and its
    date go together. A figure of a new date does not replace the earlier one's record.

    Side effects, in one transaction: as ``edit``; the population figure
    (``record_population``)."""
    check_ags(fields.get("ags", municipality.ags))
    check_population(
        population=fields.get("population", municipality.population),
        population_date=fields.get("population_date", municipality.population_date),
    )
    with transaction.atomic():
        municipality = edit(municipality, version=version, **fields)
        record_population(municipality)
    return municipality


def join_new_municipality(
    *, cooperation: Cooperation, joined_on: datetime.date, **fields
) -> Participation:
    """A municipality new to the installation joins the cooperation on ``joined_on``.

    Side effects, in one transaction: one Municipality row and one Participation row,
    each validated first, with their history records."""
    check_ags(fields.get("ags"))
    check_population(
        population=fields.get("population"), population_date=fields.get("population_date")
    )
    with transaction.atomic():
        municipality = add_municipality(**fields)
        return add_member(cooperation=cooperation, municipality=municipality, joined_on=joined_on)


def current_participation(cooperation: Cooperation, municipality: Municipality):
    """The municipality's membership that has not ended (none once it has left)."""
    return Participation.objects.filter(
        cooperation=cooperation, municipality=municipality, left_on__isnull=True
    ).first()


def leave(participation: Participation, *, left_on: datetime.date, version: int | None):
    """The municipality leaves the cooperation on ``left_on`` (its data, votes and
    tasks stay; it may join again later).

    Side effects: as ``edit``, on the Participation row."""
    if left_on < participation.joined_on:
        raise ValidationError(
            {"left_on": _("%(municipality)s cannot leave before it joined on %(date)s.")
             % {"municipality": participation.municipality.name,
                "date": date_format(participation.joined_on, "SHORT_DATE_FORMAT")}}
        )  # fmt: skip
    return edit(participation, version=version, left_on=left_on)


def add_membership(*, body: Body, person: Person, **fields) -> Membership:
    """``person`` joins ``body`` with a role and a term.

    Side effects: one Membership row, validated first."""
    if person.cooperation_id != body.cooperation_id:
        raise ValidationError({"person": _("The person belongs to another cooperation.")})
    return save_validated(Membership(body=body, person=person, **fields))


def edit_membership(membership: Membership, *, version: int | None, **fields) -> Membership:
    """A membership's person, role and term, as ``edit`` stores them; the person is one
    of the body's cooperation.

    Side effects: as ``edit``."""
    person = fields.get("person", membership.person)
    if person.cooperation_id != membership.body.cooperation_id:
        raise ValidationError({"person": _("The person belongs to another cooperation.")})
    return edit(membership, version=version, **fields)


def end_membership(
    membership: Membership, *, end: datetime.date, version: int | None
) -> Membership:
    """The membership ends on ``end`` (it stays in the body's history).

    Side effects: as ``edit``."""
    if membership.start is not None and end < membership.start:
        raise ValidationError(
            {"end": _("The membership cannot end before it started on %(date)s.")
             % {"date": date_format(membership.start, "SHORT_DATE_FORMAT")}}
        )  # fmt: skip
    return edit(membership, version=version, end=end)


def _relations(model) -> list:
    """The relations that point at rows of ``model``: every foreign key from another
    model's row, hidden ones (``related_name="+"``) and the rows of many-to-many tables
    included, the histories' (which keep deleted rows) left out."""
    return [
        relation
        for relation in model._meta.get_fields(include_hidden=True)
        if (relation.one_to_many or relation.one_to_one)
        and relation.auto_created
        and not relation.concrete
        and not issubclass(relation.related_model, HistoricalChanges)
    ]


def references_to(obj: Model) -> list[str]:
    """What still refers to ``obj``, by kind with its count: "Sitzungen (3)"."""
    found = []
    for relation in _relations(type(obj)):
        related = relation.related_model
        count = related._base_manager.filter(**{relation.field.name: obj}).count()
        if not count:
            continue
        if related._meta.auto_created:
            # A row of a many-to-many table stands for the row on its other side.
            other = next(
                field
                for field in related._meta.get_fields()
                if field.many_to_one and field is not relation.field
            )
            related = other.related_model
        found.append(f"{capfirst(related._meta.verbose_name_plural)} ({count})")
    return found


def delete_unreferenced(obj: Model, *, version: int | None) -> None:
    """Delete ``obj`` (a body, partner, person, field of action) if nothing refers to
    it; ValidationError naming what still does otherwise (end or leave instead).

    Side effects, in one transaction: the row locked and its version checked
    (``VersionConflict``); the row deleted (a historical record of the deletion
    stays)."""
    with transaction.atomic():
        check_version(obj, version)
        references = references_to(obj)
        if references:
            raise ValidationError(
                _("“%(name)s” cannot be deleted: %(references)s still refer to it.")
                % {"name": obj, "references": ", ".join(references)}
            )
        obj.delete()
