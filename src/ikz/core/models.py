"""The cooperation itself: its member municipalities, people, partners and bodies."""

import datetime
import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import FileExtensionValidator, RegexValidator
from django.db import models
from django.db.models import Func, Q, Value
from django.db.models.functions import Length, Lower, Substr
from django.db.models.lookups import Exact
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from ikz.core.files import UploadSizeValidator, UploadTypeValidator, extension_of

AGS_PATTERN = r"^[0-9]{8}$"
COLOUR_PATTERN = r"^#[0-9A-Fa-f]{6}$"


def only_chars(expression, chars: str) -> Func:
    """``expression`` with ``chars`` trimmed off its start: empty exactly when it consists
    of them. Plain SQL for CHECK constraints instead of REGEXP, which the SQLite library
    lacks (Django adds it to its own connections only); SQLite and PostgreSQL both have
    the two-argument LTRIM."""
    return Func(expression, Value(chars), function="LTRIM", output_field=models.CharField())


def hex_colour(field: str) -> Q:
    """The database's view of ``COLOUR_PATTERN``: ``#`` and six hexadecimal digits."""
    return Q(
        Exact(Length(field), 7),
        Exact(Substr(field, 1, 1), "#"),
        Exact(only_chars(Substr(field, 2), "0123456789ABCDEFabcdef"), ""),
    )


ags_validator = RegexValidator(
    AGS_PATTERN,
    _("The official municipality key (AGS) has exactly 8 digits, e.g. 14729300 for Naunhof."),
    code="invalid_ags",
)
colour_validator = RegexValidator(
    COLOUR_PATTERN,
    _("Enter a colour as #RRGGBB, e.g. #1F5F8B."),
    code="invalid_colour",
)


class Cooperation(models.Model):
    """The tenant: a set of member municipalities steering joint measures."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    slug = models.SlugField(
        _("short name in addresses"),
        unique=True,
        help_text=_("Lower-case letters, digits and hyphens, e.g. partheland."),
    )
    report_title = models.CharField(
        _("report title"),
        max_length=300,
        blank=True,
        help_text=_("Title printed on every status report."),
    )
    region = models.CharField(_("region"), max_length=200, blank=True)
    website = models.URLField(_("website"), blank=True)
    logo = models.FileField(
        _("logo"),
        upload_to="logos/",
        blank=True,
        validators=[FileExtensionValidator(["png", "jpg", "jpeg", "svg"])],
    )
    primary_colour = models.CharField(
        _("primary colour"), max_length=7, blank=True, validators=[colour_validator]
    )
    secondary_colour = models.CharField(
        _("secondary colour"), max_length=7, blank=True, validators=[colour_validator]
    )
    # The legal pages (Impressum, Datenschutzerklärung) are filled from these.
    publisher = models.TextField(
        _("publisher"),
        blank=True,
        help_text=_(
            "Who publishes the cooperation's pages, with postal address, e.g. "
            "Stadt Naunhof, Markt 1, 04683 Naunhof. Imprint and privacy notice."
        ),
    )
    publisher_representative = models.CharField(
        _("represented by"),
        max_length=200,
        blank=True,
        help_text=_("E.g. Bürgermeister Max Muster."),
    )
    contact_email = models.EmailField(_("contact e-mail address"), blank=True)
    contact_phone = models.CharField(_("contact telephone"), max_length=50, blank=True)
    content_responsible = models.CharField(
        _("responsible for the content"),
        max_length=300,
        blank=True,
        help_text=_("Name and address of the person responsible (§ 18 (2) MStV)."),
    )
    vat_id = models.CharField(
        _("VAT identification number"),
        max_length=20,
        blank=True,
        help_text=_("Where the publisher has one (§ 5 (1) no. 6 DDG), e.g. DE123456789."),
    )
    legal_supervision = models.TextField(
        _("supervisory authority of the publisher"),
        blank=True,
        help_text=_(
            "The authority supervising the publisher (Rechtsaufsicht), for the imprint, "
            "e.g. Landratsamt Landkreis Leipzig, with its address."
        ),
    )
    data_protection_officer = models.TextField(
        _("data protection officer"),
        blank=True,
        help_text=_("Name or office and how to reach them."),
    )
    supervisory_authority = models.TextField(
        _("data protection supervisory authority"),
        blank=True,
        help_text=_(
            "E.g. Sächsische Datenschutz- und Transparenzbeauftragte, Postfach 11 01 32, "
            "01330 Dresden. Empty: that authority, the one for public bodies in Saxony."
        ),
    )
    privacy_addendum = models.TextField(
        _("further privacy information"),
        blank=True,
        help_text=_("E.g. the hosting provider processing data on the publisher's behalf."),
    )

    # The accessibility statement (Erklärung zur Barrierefreiheit, Saxony's BfWebG with
    # its ordinance BfWebVO): each empty field shows the cockpit's default text.
    class Accessibility(models.TextChoices):
        FULL = "full", _("fully compliant")
        PARTIAL = "partial", _("partially compliant")
        NONE = "none", _("not compliant")

    accessibility_status = models.CharField(
        _("accessibility: status of compliance"),
        max_length=10,
        choices=Accessibility,
        default=Accessibility.PARTIAL,
        help_text=_("How far the pages meet BITV 2.0 (EN 301 549, WCAG 2.1 level AA)."),
    )
    accessibility_barriers = models.TextField(
        _("accessibility: content not yet accessible"),
        blank=True,
        help_text=_(
            "What is not yet accessible, why, and the accessible alternative. Empty: the "
            "cockpit's own list (uploaded documents, Word and PowerPoint files)."
        ),
    )
    accessibility_contact = models.TextField(
        _("accessibility: contact for feedback"),
        blank=True,
        help_text=_(
            "Whom to tell about a barrier, by e-mail, telephone and post. Empty: the "
            "contact e-mail address, telephone and the publisher's address."
        ),
    )
    accessibility_enforcement_body = models.TextField(
        _("accessibility: enforcement body"),
        blank=True,
        help_text=_(
            "Where to turn when feedback is not answered satisfactorily. Empty: the "
            "Saxon state commissioner for the inclusion of people with disabilities."
        ),
    )
    accessibility_enforcement_url = models.URLField(
        _("accessibility: website of the enforcement body"), blank=True
    )
    accessibility_reviewed_on = models.DateField(
        _("accessibility: last reviewed on"), null=True, blank=True
    )
    accessibility_review_method = models.CharField(
        _("accessibility: how it was reviewed"),
        max_length=300,
        blank=True,
        help_text=_("E.g. a BITV test by an outside body. Empty: a self-assessment."),
    )
    second_factor_for_coordinators = models.BooleanField(
        _("coordinators sign in with a second factor"),
        default=False,
        help_text=_(
            "Coordinators then confirm their sign-in with a code from an authenticator app "
            "(TOTP) before they change anything; until then they read as observers do."
        ),
    )
    # The demo (ikz.sample) marks itself, so that no one takes its invented data for a
    # real cooperation's: the footer and the admin say so.
    is_sample = models.BooleanField(
        _("sample data"),
        default=False,
        help_text=_("The data of this cooperation are invented, for trying the cockpit out."),
    )
    sample_until = models.DateField(
        _("sample data carried on until"),
        null=True,
        blank=True,
        help_text=_("The day up to which the sample data were generated."),
    )
    # Part of the cache key of the public page: set whenever something it shows changes
    # (ikz.web.public), so that a cached page is never older than the data.
    public_changed_at = models.DateTimeField(
        _("public page last changed"), default=timezone.now, editable=False
    )
    # A stamp, not a change of the cooperation: not in its history.
    history = HistoricalRecords(excluded_fields=["public_changed_at"])

    class Meta:
        verbose_name = _("cooperation")
        verbose_name_plural = _("cooperations")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(primary_colour="") | hex_colour("primary_colour"),
                name="cooperation_primary_colour_hex",
                violation_error_message=_("Enter a colour as #RRGGBB, e.g. #1F5F8B."),
            ),
            models.CheckConstraint(
                condition=Q(secondary_colour="") | hex_colour("secondary_colour"),
                name="cooperation_secondary_colour_hex",
                violation_error_message=_("Enter a colour as #RRGGBB, e.g. #1F5F8B."),
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def mission_statement(self):
        """The Leitbild in force: the latest adopted version, or None."""
        return self.mission_statements.filter(adopted_on__isnull=False).order_by("-version").first()


class MissionStatement(models.Model):
    """One version of the Leitbild. Drafts are internal; a version is public once adopted."""

    cooperation = models.ForeignKey(
        Cooperation,
        on_delete=models.CASCADE,
        related_name="mission_statements",
        verbose_name=_("cooperation"),
    )
    version = models.PositiveIntegerField(_("version"))
    text = models.TextField(_("text"))
    adopted_on = models.DateField(
        _("adopted on"),
        null=True,
        blank=True,
        help_text=_("Empty while the version is a draft."),
    )
    adopted_by = models.ForeignKey(
        "meetings.Outcome",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("adopted by outcome"),
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("mission statement version")
        verbose_name_plural = _("mission statement versions")
        ordering = ["cooperation_id", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["cooperation", "version"],
                name="mission_statement_version_unique",
                violation_error_message=_("This version of the mission statement exists."),
            )
        ]

    def __str__(self):
        return _("%(cooperation)s – mission statement, version %(version)d") % {
            "cooperation": self.cooperation,
            "version": self.version,
        }

    @property
    def is_public(self) -> bool:
        return self.adopted_on is not None


class Municipality(models.Model):
    class Kind(models.TextChoices):
        MUNICIPALITY = "municipality", _("municipality (Gemeinde)")
        TOWN = "town", _("town (Stadt)")
        DISTRICT = "district", _("district (Landkreis)")

    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind, default=Kind.MUNICIPALITY)
    # Empty only for a place a report names before anyone has entered its key.
    ags = models.CharField(
        _("official municipality key (AGS)"),
        max_length=8,
        unique=True,
        null=True,
        blank=True,
        validators=[ags_validator],
        error_messages={"unique": _("A municipality with this AGS exists already.")},
    )
    population = models.PositiveIntegerField(_("population"), null=True, blank=True)
    population_date = models.DateField(_("population as of"), null=True, blank=True)
    population_source = models.CharField(_("source of the population"), max_length=200, blank=True)
    district = models.CharField(
        _("district (Landkreis)"),
        max_length=200,
        blank=True,
        help_text=_(
            "The district the municipality belongs to, e.g. Landkreis Leipzig; empty for a "
            "district-free city. Names the authority approving purpose agreements (§ 74 "
            "SächsKomZG)."
        ),
    )
    area_km2 = models.DecimalField(
        _("area in km²"), max_digits=8, decimal_places=2, null=True, blank=True
    )
    website = models.URLField(_("website"), blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("municipality")
        verbose_name_plural = _("municipalities")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ags__isnull=True)
                | Q(Exact(Length("ags"), 8), Exact(only_chars("ags", "0123456789"), "")),
                name="municipality_ags_8_digits",
                violation_error_message=_(
                    "The official municipality key (AGS) has exactly 8 digits, "
                    "e.g. 14729300 for Naunhof."
                ),
            ),
            # A place a report names has no AGS yet: its name is what tells it apart, so
            # two imports naming it at once must end with one row.
            models.UniqueConstraint(
                Lower("name"),
                condition=Q(ags__isnull=True),
                name="municipality_place_name_unique",
                violation_error_message=_(
                    "A place of this name without an AGS exists already; enter the AGS to "
                    "tell two municipalities of the same name apart."
                ),
            ),
            models.CheckConstraint(
                condition=Q(population__isnull=True) | Q(population_date__isnull=False),
                name="municipality_population_has_date",
                violation_error_message=_(
                    "A population figure needs the date it refers to (Stichtag)."
                ),
            ),
        ]

    def __str__(self):
        return self.name

    def clean(self):
        # A form's empty field means "no key yet", which must not collide as "".
        if self.ags == "":
            self.ags = None


class PopulationFigure(models.Model):
    """A municipality's population as of a reference date (Stichtag). The municipality
    shows its latest figure; the earlier ones stay here, because a key per inhabitant
    names the date of the figures it splits by, and a settlement of a past year must
    still find them after the master data moved on."""

    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.CASCADE,
        related_name="population_figures",
        verbose_name=_("municipality"),
    )
    as_of = models.DateField(_("population as of"))
    population = models.PositiveIntegerField(_("population"))
    source = models.CharField(_("source of the population"), max_length=200, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("population figure")
        verbose_name_plural = _("population figures")
        ordering = ["municipality_id", "-as_of"]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "as_of"],
                name="population_figure_unique",
                violation_error_message=_(
                    "The municipality has a population figure of this date already."
                ),
            )
        ]

    def __str__(self):
        return f"{self.municipality}: {self.population} ({self.as_of:%d.%m.%Y})"


class Participation(models.Model):
    """A municipality's membership in a cooperation; members leave and return."""

    cooperation = models.ForeignKey(
        Cooperation,
        on_delete=models.CASCADE,
        related_name="participations",
        verbose_name=_("cooperation"),
    )
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        related_name="participations",
        verbose_name=_("municipality"),
    )
    joined_on = models.DateField(_("joined on"))
    left_on = models.DateField(_("left on"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("participation")
        verbose_name_plural = _("participations")
        ordering = ["cooperation", "municipality__name", "joined_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(left_on__isnull=True) | Q(left_on__gte=models.F("joined_on")),
                name="participation_left_after_joined",
                violation_error_message=_("A municipality cannot leave before it joined."),
            ),
            models.UniqueConstraint(
                fields=["cooperation", "municipality", "joined_on"],
                name="participation_unique_start",
                violation_error_message=_("This participation exists already."),
            ),
        ]

    def __str__(self):
        return f"{self.municipality} in {self.cooperation}"

    def clean(self):
        # Members leave and return, but are never members twice at the same time.
        if not (self.cooperation_id and self.municipality_id and self.joined_on):
            return
        overlapping = (
            Participation.objects.filter(
                cooperation_id=self.cooperation_id,
                municipality_id=self.municipality_id,
                joined_on__lte=self.left_on or datetime.date.max,
            )
            .filter(Q(left_on__isnull=True) | Q(left_on__gt=self.joined_on))
            .exclude(pk=self.pk)
        )
        if overlapping.exists():
            raise ValidationError(
                {
                    "joined_on": _("%(municipality)s is already a member at that time.")
                    % {"municipality": self.municipality.name}
                }
            )


class Partner(models.Model):
    """An outside organisation: tourism association, consultancy, district office."""

    class Kind(models.TextChoices):
        CONSULTANCY = "consultancy", _("consultancy")
        ASSOCIATION = "association", _("association")
        AUTHORITY = "authority", _("authority")
        COMPANY = "company", _("company")
        OTHER = "other", _("other")

    cooperation = models.ForeignKey(
        Cooperation,
        on_delete=models.CASCADE,
        related_name="partners",
        verbose_name=_("cooperation"),
    )
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind, default=Kind.OTHER)
    website = models.URLField(_("website"), blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("partner")
        verbose_name_plural = _("partners")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["cooperation", "name"],
                name="partner_name_unique",
                violation_error_message=_("A partner with this name exists already."),
            )
        ]

    def __str__(self):
        return self.name


class Person(models.Model):
    """Someone acting for a municipality or a partner. The role is what matters in the
    cooperation ("Bürgermeister Naunhof"); the name is optional."""

    cooperation = models.ForeignKey(
        Cooperation, on_delete=models.CASCADE, related_name="people", verbose_name=_("cooperation")
    )
    role = models.CharField(_("role"), max_length=200)
    name = models.CharField(_("name"), max_length=200, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="people",
        verbose_name=_("municipality"),
    )
    partner = models.ForeignKey(
        Partner,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="people",
        verbose_name=_("partner"),
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="person",
        verbose_name=_("user account"),
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        ordering = ["role", "name"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(municipality__isnull=False) & Q(partner__isnull=True))
                | (Q(municipality__isnull=True) & Q(partner__isnull=False)),
                name="person_belongs_to_municipality_or_partner",
                violation_error_message=_(
                    "A person belongs either to a municipality or to a partner."
                ),
            )
        ]

    def __str__(self):
        organisation = self.municipality or self.partner
        label = self.name or self.role
        if self.name:
            label = f"{self.name} ({self.role})"
        return (
            f"{label}, {organisation}" if organisation and str(organisation) not in label else label
        )


class Body(models.Model):
    """A joint body (Gremium) or a member's council."""

    class Kind(models.TextChoices):
        STEERING_GROUP = "steering_group", _("steering group (Lenkungsgruppe)")
        PROJECT_GROUP = "project_group", _("project group (Projektleitungsgruppe)")
        WORKING_GROUP = "working_group", _("working group")
        CITIZEN_WORKSHOP = "citizen_workshop", _("citizen workshop (Bürgerwerkstatt)")
        COUNCIL = "council", _("council")
        OTHER = "other", _("other")

    cooperation = models.ForeignKey(
        Cooperation, on_delete=models.CASCADE, related_name="bodies", verbose_name=_("cooperation")
    )
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=30, choices=Kind)
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="bodies",
        verbose_name=_("municipality"),
        help_text=_("For a council: the municipality whose council it is."),
    )
    description = models.TextField(_("description"), blank=True)
    invitation_text = models.TextField(
        _("invitation letter text"),
        blank=True,
        help_text=_(
            "The short letter the invitations of this body open with. Empty: a standard text."
        ),
    )
    is_public = models.BooleanField(
        _("meetings public"),
        default=False,
        help_text=_("A new meeting of this body is planned as public unless changed there."),
    )
    members = models.ManyToManyField(
        Person, through="Membership", related_name="bodies", verbose_name=_("members")
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("body")
        verbose_name_plural = _("bodies")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["cooperation", "name"],
                name="body_name_unique",
                violation_error_message=_("A body with this name exists already."),
            ),
            models.CheckConstraint(
                condition=~Q(kind="council") | Q(municipality__isnull=False),
                name="body_council_has_municipality",
                violation_error_message=_("A council belongs to a municipality."),
            ),
        ]

    def __str__(self):
        return self.name


class Membership(models.Model):
    class Role(models.TextChoices):
        CHAIR = "chair", _("chair")
        MEMBER = "member", _("member")
        DEPUTY = "deputy", _("deputy")
        GUEST = "guest", _("permanent guest")

    body = models.ForeignKey(
        Body, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("body")
    )
    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("person")
    )
    role = models.CharField(_("role"), max_length=20, choices=Role, default=Role.MEMBER)
    start = models.DateField(_("from"), null=True, blank=True)
    end = models.DateField(_("until"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        ordering = ["body_id", "role", "person_id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(start__isnull=True)
                | Q(end__isnull=True)
                | Q(end__gte=models.F("start")),
                name="membership_end_after_start",
                violation_error_message=_("A membership cannot end before it starts."),
            )
        ]

    def __str__(self):
        return f"{self.person} – {self.body}"


def document_path(document, filename):
    return f"documents/{document.cooperation_id}/{filename}"


class Document(models.Model):
    """A file attached to exactly one meeting, measure or agreement. Files are internal
    unless marked public, and then only when what they belong to is public too."""

    cooperation = models.ForeignKey(
        Cooperation,
        on_delete=models.CASCADE,
        related_name="documents",
        verbose_name=_("cooperation"),
    )
    title = models.CharField(_("title"), max_length=300)
    file = models.FileField(
        _("file"),
        upload_to=document_path,
        validators=[UploadSizeValidator(), UploadTypeValidator()],
    )
    is_public = models.BooleanField(_("public"), default=False)
    meeting = models.ForeignKey(
        "meetings.Meeting",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="documents",
        verbose_name=_("meeting"),
    )
    # A document of a topic belongs to the topic's meeting too (``clean``): the meeting
    # lists it, and it is public only where the topic is.
    agenda_item = models.ForeignKey(
        "meetings.AgendaItem",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="documents",
        verbose_name=_("agenda item"),
    )
    measure = models.ForeignKey(
        "measures.Measure",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="documents",
        verbose_name=_("measure"),
    )
    agreement = models.ForeignKey(
        "agreements.Agreement",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="documents",
        verbose_name=_("agreement"),
    )
    # Whose document it is: its members may change it (core.permissions, "change_own").
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="documents",
        verbose_name=_("municipality"),
        help_text=_("The municipality the document comes from; its members may edit it."),
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        ordering = ["-uploaded_at"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(meeting__isnull=False, measure__isnull=True, agreement__isnull=True)
                    | Q(meeting__isnull=True, measure__isnull=False, agreement__isnull=True)
                    | Q(meeting__isnull=True, measure__isnull=True, agreement__isnull=False)
                ),
                name="document_attached_to_exactly_one",
                violation_error_message=_(
                    "A document belongs to exactly one meeting, measure or agreement."
                ),
            )
        ]

    def __str__(self):
        return self.title

    @property
    def extension(self) -> str:
        """The stored file's type as its extension, "pdf"."""
        return extension_of(self.file.name)

    @property
    def download_name(self) -> str:
        """The name a download gets: the title (not the storage's name, which may carry
        a suffix that kept it apart from another file), with the file's extension."""
        name = re.sub(r"[/\\\x00-\x1f]+", "-", self.title).strip(" .-") or "dokument"
        extension = self.extension
        if extension and not name.lower().endswith(f".{extension}"):
            name = f"{name}.{extension}"
        return name

    def clean(self):
        if self.agenda_item_id is None:
            return
        if self.meeting_id is None:
            raise ValidationError(
                {"agenda_item": _("A document of an agenda item belongs to its meeting too.")}
            )
        if self.agenda_item.meeting_id != self.meeting_id:
            raise ValidationError(
                {"agenda_item": _("The agenda item is not one of the document's meeting.")}
            )


class Role(models.Model):
    """What an account may do in one cooperation. Granted and withdrawn by the
    cooperation's coordinators (``core.domain.grant_role`` / ``withdraw_role``); the
    history keeps who held which role when. What each role allows is decided in one
    place, ``core.permissions``."""

    class Kind(models.TextChoices):
        COORDINATOR = "coordinator", _("coordinator")
        MEMBER = "member", _("municipality member")
        OBSERVER = "observer", _("observer")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="cooperation_roles",
        verbose_name=_("user account"),
    )
    cooperation = models.ForeignKey(
        Cooperation, on_delete=models.CASCADE, related_name="roles", verbose_name=_("cooperation")
    )
    kind = models.CharField(_("role"), max_length=20, choices=Kind)
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="roles",
        verbose_name=_("municipality"),
        help_text=_("Only for municipality members: the municipality whose data they edit."),
    )
    granted_on = models.DateField(_("granted on"), default=timezone.localdate)
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("granted by"),
    )
    # Not editable: stamps of the mail and of the first sign-in, no change of the role.
    invited_at = models.DateTimeField(
        _("invitation sent at"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("When the latest invitation for this role was mailed."),
    )
    signed_in_at = models.DateTimeField(
        _("first signed in at"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("The first sign-in of the account since it holds this role."),
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("role")
        verbose_name_plural = _("roles")
        ordering = ["cooperation_id", "kind", "user_id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind="member", municipality__isnull=False)
                | (~Q(kind="member") & Q(municipality__isnull=True)),
                name="role_member_has_municipality",
                violation_error_message=_(
                    "A municipality member's role names the municipality; other roles name none."
                ),
            ),
            models.UniqueConstraint(
                fields=["user", "cooperation", "kind"],
                condition=Q(municipality__isnull=True),
                name="role_once_per_cooperation",
                violation_error_message=_("This account holds this role already."),
            ),
            models.UniqueConstraint(
                fields=["user", "cooperation", "municipality"],
                condition=Q(municipality__isnull=False),
                name="role_member_once_per_municipality",
                violation_error_message=_(
                    "This account is a member for this municipality already."
                ),
            ),
        ]

    def __str__(self):
        label = f"{self.user}: {self.get_kind_display()}"
        if self.municipality_id:
            label = f"{label} ({self.municipality})"
        return label
