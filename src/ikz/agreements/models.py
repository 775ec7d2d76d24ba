"""Purpose agreements (Zweckvereinbarungen, §§ 71 ff. SächsKomZG) and the cost models
that split a shared service between the municipalities."""

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from ikz.core.models import Cooperation, Municipality
from ikz.measures.models import AllocationKey, Measure

# § 2b UStG: a public-law cooperation of five years or more needs a VAT assessment.
VAT_RELEVANT_TERM_YEARS = 5
# Keys that split by a figure per municipality and year (KeyFigure).
FIGURE_KEYS = [AllocationKey.CASES, AllocationKey.STAFF_FTE, AllocationKey.STAFF_HOURS]
POPULATION_KEYS = [AllocationKey.POPULATION, AllocationKey.BASE_POPULATION]


class CostModel(models.Model):
    """The costs of a shared service in one scenario, and the key that splits them.

    A cost check (Kostenprüfung) is the set of a cooperation's cost models with the same
    ``name``, one per ``scenario``."""

    cooperation = models.ForeignKey(
        Cooperation,
        on_delete=models.CASCADE,
        related_name="cost_models",
        verbose_name=_("cooperation"),
    )
    name = models.CharField(_("name"), max_length=300)
    scenario = models.CharField(_("scenario"), max_length=200, blank=True)
    measure = models.ForeignKey(
        Measure,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="cost_models",
        verbose_name=_("measure"),
    )
    key = models.CharField(
        _("allocation key"), max_length=20, choices=AllocationKey, default=AllocationKey.POPULATION
    )
    # Whole percentages, so that "adds up to 100" is exact in every database.
    weight_population = models.PositiveSmallIntegerField(
        _("weight of population in %"), default=0, validators=[MaxValueValidator(100)]
    )
    weight_equal = models.PositiveSmallIntegerField(
        _("weight of equal shares in %"), default=0, validators=[MaxValueValidator(100)]
    )
    weight_cases = models.PositiveSmallIntegerField(
        _("weight of case numbers in %"), default=0, validators=[MaxValueValidator(100)]
    )
    population_date = models.DateField(
        _("population as of"),
        null=True,
        blank=True,
        help_text=_("Reference date of the population figures a population key uses."),
    )
    figures_year = models.PositiveSmallIntegerField(
        _("year of the key figures"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1990), MaxValueValidator(2100)],
        help_text=_("Year of the case numbers or staff shares the plan uses."),
    )
    base_amount = models.DecimalField(
        _("fixed base per municipality in €"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_(
            "With a fixed base plus a per-inhabitant part: what every paying municipality "
            "pays before the rest is split per inhabitant."
        ),
    )
    municipalities = models.ManyToManyField(
        Municipality, related_name="cost_models", verbose_name=_("paying municipalities")
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("cost model")
        verbose_name_plural = _("cost models")
        ordering = ["cooperation_id", "name", "scenario"]
        constraints = [
            models.UniqueConstraint(
                fields=["cooperation", "name", "scenario"],
                name="cost_model_unique",
                violation_error_message=_(
                    "A cost model with this name and scenario exists already."
                ),
            ),
            models.CheckConstraint(
                condition=~Q(key="mixed")
                | Q(weight_population=100 - models.F("weight_equal") - models.F("weight_cases")),
                name="cost_model_mixed_weights_sum_to_100",
                violation_error_message=_("The weights of a mixed key add up to 100 %%."),
            ),
            models.CheckConstraint(
                condition=~Q(key__in=POPULATION_KEYS) | Q(population_date__isnull=False),
                name="cost_model_population_key_has_date",
                violation_error_message=_(
                    "A population key names the reference date of its figures."
                ),
            ),
            models.CheckConstraint(
                condition=Q(figures_year__isnull=False)
                | (~Q(key__in=FIGURE_KEYS) & ~Q(key="mixed", weight_cases__gt=0)),
                name="cost_model_figures_key_has_year",
                violation_error_message=_(
                    "A key by case numbers or staff shares names the year of its figures."
                ),
            ),
            models.CheckConstraint(
                condition=~Q(key="base_population")
                | Q(base_amount__isnull=False, base_amount__gte=0),
                name="cost_model_base_key_has_base_amount",
                violation_error_message=_(
                    "A fixed base plus a per-inhabitant part needs the base amount (zero or more)."
                ),
            ),
        ]

    def __str__(self):
        return f"{self.name} ({self.scenario})" if self.scenario else self.name


class CostItem(models.Model):
    class Kind(models.TextChoices):
        STAFF = "staff", _("staff")
        MATERIAL = "material", _("material costs")
        OVERHEAD = "overhead", _("overhead (percentage)")
        ONE_OFF = "one_off", _("one-off costs")

    cost_model = models.ForeignKey(
        CostModel, on_delete=models.CASCADE, related_name="items", verbose_name=_("cost model")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind)
    label = models.CharField(_("label"), max_length=300)
    fte = models.DecimalField(
        _("full-time equivalents"), max_digits=6, decimal_places=3, null=True, blank=True
    )
    annual_cost_per_fte = models.DecimalField(
        _("annual cost per FTE in €"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    amount = models.DecimalField(
        _("amount in €"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("Annual amount; for one-off costs the whole amount."),
    )
    overhead_percent = models.DecimalField(
        _("overhead in %"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    spread_years = models.PositiveSmallIntegerField(_("spread over years"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("cost item")
        verbose_name_plural = _("cost items")
        ordering = ["cost_model_id", "id"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(
                        kind="staff",
                        fte__isnull=False,
                        fte__gt=0,
                        annual_cost_per_fte__isnull=False,
                        annual_cost_per_fte__gte=0,
                    )
                    | Q(kind="material", amount__isnull=False, amount__gte=0)
                    | Q(kind="overhead", overhead_percent__isnull=False, overhead_percent__gte=0)
                    | Q(
                        kind="one_off",
                        amount__isnull=False,
                        amount__gte=0,
                        spread_years__isnull=False,
                        spread_years__gte=1,
                    )
                ),
                name="cost_item_fields_match_kind",
                violation_error_message=_(
                    "Staff costs need FTE and annual cost per FTE, material costs an amount, "
                    "overhead a percentage, one-off costs an amount and the years to spread "
                    "it over."
                ),
            )
        ]

    def __str__(self):
        return self.label


class KeyFigure(models.Model):
    """A municipality's figure of one year that a key splits by: case numbers (e.g. trade
    registrations), or its staff share in FTE or hours. The plan uses the figures of its
    ``figures_year``, a settlement those of the settled year."""

    class Kind(models.TextChoices):
        CASES = "cases", _("case numbers")
        FTE = "fte", _("staff share in FTE")
        HOURS = "hours", _("staff share in hours")

    cost_model = models.ForeignKey(
        CostModel,
        on_delete=models.CASCADE,
        related_name="key_figures",
        verbose_name=_("cost model"),
    )
    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, related_name="+", verbose_name=_("municipality")
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind, default=Kind.CASES)
    year = models.PositiveSmallIntegerField(
        _("year"), validators=[MinValueValidator(1990), MaxValueValidator(2100)]
    )
    value = models.DecimalField(_("value"), max_digits=12, decimal_places=3)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("key figure")
        verbose_name_plural = _("key figures")
        ordering = ["cost_model_id", "year", "kind", "municipality_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["cost_model", "municipality", "kind", "year"],
                name="key_figure_unique",
                violation_error_message=_(
                    "This municipality has this figure for this year already."
                ),
            ),
            models.CheckConstraint(
                condition=Q(value__gte=0),
                name="key_figure_value_not_negative",
                violation_error_message=_("A key figure cannot be negative."),
            ),
        ]

    def __str__(self):
        return f"{self.municipality} {self.year}: {self.value} ({self.get_kind_display()})"


class StatusQuoCost(models.Model):
    """What the municipality pays today on its own, to compare with its share."""

    cost_model = models.ForeignKey(
        CostModel,
        on_delete=models.CASCADE,
        related_name="status_quo_costs",
        verbose_name=_("cost model"),
    )
    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, related_name="+", verbose_name=_("municipality")
    )
    annual_cost = models.DecimalField(_("annual cost today in €"), max_digits=12, decimal_places=2)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("status-quo cost")
        verbose_name_plural = _("status-quo costs")
        constraints = [
            models.UniqueConstraint(
                fields=["cost_model", "municipality"],
                name="status_quo_cost_unique",
                violation_error_message=_("This municipality has a status-quo cost already."),
            )
        ]

    def __str__(self):
        return f"{self.municipality}: {self.annual_cost} €"


class Agreement(models.Model):
    """A purpose agreement (Zweckvereinbarung) under §§ 71 ff. SächsKomZG. Its state is
    the latest step of its current revision (0: the agreement, 1…: its amendments);
    ``ikz.agreements.lifecycle`` is the only way from one step to the next."""

    class Kind(models.TextChoices):
        DELEGATING = "delegating", _("delegating a task (§ 71 (1) SächsKomZG)")
        MANDATING = (
            "mandating",
            _("mandating, incl. staff on a time share – Personal Sharing (§ 71 (2) SächsKomZG)"),
        )
        JOINT_OFFICE = "joint_office", _("joint office (§ 71 (4) SächsKomZG)")
        OTHER = "other", _("other public-law contract")

    class State(models.TextChoices):
        DESIRED = "desired", _("desired")
        DRAFTING = "drafting", _("drafting")
        DRAFT_AVAILABLE = "draft_available", _("draft available")
        COUNCIL_RESOLUTIONS = "council_resolutions", _("council resolutions")
        APPROVAL_REQUESTED = "approval_requested", _("approval requested")
        APPROVED = "approved", _("approved")
        PUBLISHED = "published", _("published")
        IN_FORCE = "in_force", _("in force")
        TERMINATED = "terminated", _("terminated")
        NOT_PURSUED = "not_pursued", _("not pursued")

    class Term(models.TextChoices):
        FIXED = "fixed", _("fixed term")
        INDEFINITE = "indefinite", _("indefinite")

    cooperation = models.ForeignKey(
        Cooperation,
        on_delete=models.CASCADE,
        related_name="agreements",
        verbose_name=_("cooperation"),
    )
    title = models.CharField(_("title"), max_length=300)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind)
    performing_municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="performed_agreements",
        verbose_name=_("performing municipality"),
    )
    parties = models.ManyToManyField(
        Municipality, through="Party", related_name="agreements", verbose_name=_("parties")
    )
    measure = models.ForeignKey(
        Measure,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="agreements",
        verbose_name=_("measure"),
    )
    task_catalogue = models.TextField(_("task catalogue"), blank=True)
    term = models.CharField(_("term"), max_length=20, choices=Term, default=Term.INDEFINITE)
    term_years = models.PositiveSmallIntegerField(_("term in years"), null=True, blank=True)
    notice_period_months = models.PositiveSmallIntegerField(
        _("notice period in months"), null=True, blank=True
    )
    state = models.CharField(_("state"), max_length=30, choices=State, default=State.DESIRED)
    revision = models.PositiveSmallIntegerField(
        _("revision"), default=0, help_text=_("0: the agreement; 1 and up: its amendments.")
    )
    not_pursued_reason = models.TextField(_("reason it is not pursued"), blank=True)
    cost_model = models.ForeignKey(
        CostModel,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="agreements",
        verbose_name=_("cost model"),
    )
    # § 2b (3) no. 2 UStG: None while a criterion is not yet answered.
    vat_public_law_basis = models.BooleanField(
        _("public-law basis"),
        null=True,
        blank=True,
        help_text=_("The service rests on a public-law agreement (e.g. § 71 SächsKomZG)."),
    )
    vat_common_public_task = models.BooleanField(
        _("common public task"),
        null=True,
        blank=True,
        help_text=_(
            "The service keeps up public infrastructure and fulfils a public task all "
            "parties share."
        ),
    )
    vat_cost_reimbursement_only = models.BooleanField(
        _("reimbursement of costs only"),
        null=True,
        blank=True,
        help_text=_("The performer is paid its costs only, without a surcharge for profit."),
    )
    vat_serves_public_bodies = models.BooleanField(
        _("performer serves mainly public bodies"),
        null=True,
        blank=True,
        help_text=_("The performer provides services of this kind essentially to public bodies."),
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("purpose agreement")
        verbose_name_plural = _("purpose agreements")
        ordering = ["cooperation_id", "title"]
        constraints = [
            models.CheckConstraint(
                condition=Q(term="fixed", term_years__isnull=False, term_years__gte=1)
                | Q(term="indefinite", term_years__isnull=True),
                name="agreement_term_years_match_term",
                violation_error_message=_(
                    "A fixed term needs its number of years; an indefinite term has none."
                ),
            )
        ]

    def __str__(self):
        return self.title

    def clean(self):
        if (
            self.cost_model_id
            and self.cooperation_id
            and self.cost_model.cooperation_id != self.cooperation_id
        ):
            raise ValidationError(
                {"cost_model": _("The cost check belongs to another cooperation.")}
            )

    @property
    def is_long_term(self) -> bool:
        """§ 2b UStG: a term of five years or more (or no end) counts as long-term."""
        return (
            self.term == self.Term.INDEFINITE or (self.term_years or 0) >= VAT_RELEVANT_TERM_YEARS
        )

    @property
    def needs_supervisory_approval(self) -> bool:
        """§ 72 (1) SächsKomZG: a task transferred or a joint office run needs the
        supervisory authority's approval; a mandate alone does not."""
        return self.kind in {self.Kind.DELEGATING, self.Kind.JOINT_OFFICE}


class Party(models.Model):
    """A municipality bound by the agreement, from the day it joined until the day it
    left (both empty: from the start, still a party)."""

    agreement = models.ForeignKey(
        Agreement, on_delete=models.CASCADE, related_name="party_rows", verbose_name=_("agreement")
    )
    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, related_name="+", verbose_name=_("municipality")
    )
    joined_on = models.DateField(_("party from"), null=True, blank=True)
    left_on = models.DateField(_("party until"), null=True, blank=True)
    leave_approved_on = models.DateField(
        _("leaving approved on"),
        null=True,
        blank=True,
        help_text=_("Where the agreement needed approval, leaving needs it too (§ 72 (3))."),
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("party")
        verbose_name_plural = _("parties")
        ordering = ["agreement_id", "municipality__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["agreement", "municipality"],
                name="agreement_party_unique",
                violation_error_message=_("This municipality is a party already."),
            ),
            models.CheckConstraint(
                condition=Q(joined_on__isnull=True)
                | Q(left_on__isnull=True)
                | Q(left_on__gt=models.F("joined_on")),
                name="agreement_party_leaves_after_joining",
                violation_error_message=_("A party leaves after the day it joined."),
            ),
        ]

    def __str__(self):
        return f"{self.agreement}: {self.municipality}"


class AgreementStep(models.Model):
    """One step a revision of the agreement reached, dated, with what caused it: the
    decision (a result of a meeting), the reference (the approval's file number, the
    Amtsblatt's issue) and a note."""

    agreement = models.ForeignKey(
        Agreement, on_delete=models.CASCADE, related_name="steps", verbose_name=_("agreement")
    )
    revision = models.PositiveSmallIntegerField(_("revision"), default=0)
    state = models.CharField(_("state"), max_length=30, choices=Agreement.State)
    date = models.DateField(_("date"))
    outcome = models.ForeignKey(
        "meetings.Outcome",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="agreement_steps",
        verbose_name=_("outcome"),
    )
    reference = models.CharField(
        _("reference"),
        max_length=300,
        blank=True,
        help_text=_("E.g. the approval's file number or the issue of the Sächsisches Amtsblatt."),
    )
    note = models.TextField(_("note"), blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("agreement step")
        verbose_name_plural = _("agreement steps")
        ordering = ["agreement_id", "date", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["agreement", "revision", "state"],
                name="agreement_step_unique",
                violation_error_message=_("The agreement reached this step already."),
            )
        ]

    def __str__(self):
        return f"{self.agreement}: {self.get_state_display()} ({self.date:%d.%m.%Y})"


class ChecklistItem(models.Model):
    """A point a draft must settle before it counts as available, ticked with a note of
    how it is settled. Points the register itself shows (parties, tasks, term) are
    checked from it (``ikz.agreements.lifecycle.missing_points``)."""

    class Point(models.TextChoices):
        RESOURCES = "resources", _("who provides staff, rooms and IT")
        COSTS = "costs", _("cost sharing and fees (reimbursement of costs only)")
        DATA_PROTECTION = (
            "data_protection",
            _("data protection (Art. 28 GDPR where personal data is processed for another party)"),
        )
        LIABILITY = "liability", _("liability")
        WRITTEN_FORM = "written_form", _("written form (§ 72 (1) SächsKomZG)")

    agreement = models.ForeignKey(
        Agreement, on_delete=models.CASCADE, related_name="checklist", verbose_name=_("agreement")
    )
    point = models.CharField(_("point"), max_length=30, choices=Point)
    note = models.TextField(_("how it is settled"), blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("checklist item")
        verbose_name_plural = _("checklist items")
        ordering = ["agreement_id", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["agreement", "point"],
                name="checklist_item_unique",
                violation_error_message=_("This point is settled already."),
            )
        ]

    def __str__(self):
        return self.get_point_display()


class Settlement(models.Model):
    """The yearly settlement of an agreement's costs: advances from the plan
    (``cost_model`` with its figures), final shares from the year's actual cost and the
    key figures of ``year``."""

    class Schedule(models.TextChoices):
        QUARTERLY = "quarterly", _("quarterly")
        YEARLY = "yearly", _("yearly")

    agreement = models.ForeignKey(
        Agreement,
        on_delete=models.CASCADE,
        related_name="settlements",
        verbose_name=_("agreement"),
    )
    cost_model = models.ForeignKey(
        CostModel,
        on_delete=models.PROTECT,
        related_name="settlements",
        verbose_name=_("plan"),
        help_text=_("The cost model whose allocation gave the advance payments."),
    )
    year = models.PositiveSmallIntegerField(
        _("year"), validators=[MinValueValidator(1990), MaxValueValidator(2100)]
    )
    advance_schedule = models.CharField(
        _("advance payments"), max_length=20, choices=Schedule, default=Schedule.QUARTERLY
    )
    actual_annual_cost = models.DecimalField(
        _("actual annual cost in €"), max_digits=12, decimal_places=2
    )
    note = models.TextField(_("note"), blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("settlement")
        verbose_name_plural = _("settlements")
        ordering = ["agreement_id", "year"]
        constraints = [
            models.UniqueConstraint(
                fields=["agreement", "year"],
                name="settlement_unique",
                violation_error_message=_("The agreement has a settlement of this year already."),
            ),
            models.CheckConstraint(
                condition=Q(actual_annual_cost__gte=0),
                name="settlement_actual_cost_not_negative",
                violation_error_message=_("The actual annual cost cannot be negative."),
            ),
        ]

    def __str__(self):
        return f"{self.agreement}: {self.year}"

    def clean(self):
        if (
            self.agreement_id
            and self.cost_model_id
            and self.cost_model.cooperation_id != self.agreement.cooperation_id
        ):
            raise ValidationError(
                {"cost_model": _("The plan must be a cost model of the agreement's cooperation.")}
            )
