"""A cost check's scenario (its key and reference data), its cost items, key figures and
status-quo costs; a new scenario copied from another; a yearly settlement."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ikz.agreements.cost_editing import COST_MODEL_FIELDS, ITEM_FIELDS, ITEM_VALUE_FIELDS
from ikz.agreements.costs import FIGURE_KIND
from ikz.agreements.models import FIGURE_KEYS, POPULATION_KEYS, CostItem, KeyFigure, Settlement
from ikz.core.domain import members_on
from ikz.core.models import Municipality
from ikz.measures.models import AllocationKey
from ikz.web.form_layout import DayField, KernForm
from ikz.web.forms.versioned import VersionedForm


def money_field(label, **kwargs):
    """An amount in euros as German offices write it: 1.234,56."""
    return forms.DecimalField(
        label=label, max_digits=12, decimal_places=2, min_value=0, localize=True,
        required=False, **kwargs,
    )  # fmt: skip


def figure_field(label, **kwargs):
    return forms.DecimalField(
        label=label, max_digits=12, decimal_places=3, min_value=0, localize=True,
        required=False, **kwargs,
    )  # fmt: skip


class CostModelForm(VersionedForm):
    """A scenario's settings; new, the first scenario of a new cost check."""

    name = forms.CharField(
        label=_("name of the cost check"), max_length=300,
        help_text=_("The scenarios of one cost check share this name."),
    )  # fmt: skip
    scenario = forms.CharField(
        label=_("scenario"), max_length=200, required=False,
        help_text=_("E.g. “3 municipalities” or “with the district”."),
    )  # fmt: skip
    measure = forms.ModelChoiceField(
        None, label=_("measure"), required=False, empty_label=_("none")
    )
    key = forms.ChoiceField(label=_("allocation key"), choices=AllocationKey.choices)
    population_date = DayField(
        label=_("population as of"), required=False,
        help_text=_("For a key by population: the reference date of the figures, e.g. "
                    "31.12.2019."),
    )  # fmt: skip
    figures_year = forms.IntegerField(
        label=_("year of the key figures"), required=False, min_value=1990, max_value=2100,
        help_text=_("For a key by case numbers or staff shares, and a mixed key with cases."),
    )  # fmt: skip
    base_amount = money_field(
        _("fixed base per municipality in €"),
        help_text=_("For a fixed base plus a per-inhabitant part."),
    )
    weight_population = forms.IntegerField(
        label=_("weight of population in %"), min_value=0, max_value=100, initial=0,
        help_text=_("For a mixed key; the three weights add up to 100."),
    )  # fmt: skip
    weight_equal = forms.IntegerField(
        label=_("weight of equal shares in %"), min_value=0, max_value=100, initial=0
    )
    weight_cases = forms.IntegerField(
        label=_("weight of case numbers in %"), min_value=0, max_value=100, initial=0
    )
    municipalities = forms.ModelMultipleChoiceField(
        None, label=_("paying municipalities"), widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one paying municipality.")},
    )  # fmt: skip

    def __init__(self, *args, cooperation, cost_model=None, **kwargs):
        super().__init__(*args, edited=cost_model, **kwargs)
        self.fields["measure"].queryset = cooperation.measures.order_by("title")
        members = members_on(cooperation, timezone.localdate())
        if cost_model is not None:
            # A municipality that has left keeps its place in the scenarios it paid in.
            members = Municipality.objects.filter(
                pk__in=list(members.values_list("pk", flat=True))
                + list(cost_model.municipalities.values_list("pk", flat=True))
            ).order_by("name")
        self.fields["municipalities"].queryset = members

    def clean(self):
        data = super().clean()
        key = data.get("key")
        if key in POPULATION_KEYS and not data.get("population_date"):
            self.add_error(
                "population_date", _("A key by population needs the date of its figures.")
            )
        needs_year = key in FIGURE_KEYS or (
            key == AllocationKey.MIXED and (data.get("weight_cases") or 0) > 0
        )
        if needs_year and not data.get("figures_year"):
            self.add_error(
                "figures_year", _("A key by case numbers or staff shares needs the year.")
            )
        if key == AllocationKey.BASE_POPULATION and data.get("base_amount") is None:
            self.add_error("base_amount", _("A fixed base needs its amount (zero or more)."))
        weights = [data.get(name) for name in ("weight_population", "weight_equal", "weight_cases")]
        if key == AllocationKey.MIXED and None not in weights and sum(weights) != 100:
            self.add_error("weight_population", _("The weights of a mixed key add up to 100 %."))
        return data

    def cost_model_fields(self) -> dict:
        return {name: self.cleaned_data[name] for name in COST_MODEL_FIELDS}


def cost_model_initial(cost_model) -> dict:
    return {
        **{name: getattr(cost_model, name) for name in COST_MODEL_FIELDS},
        "measure": cost_model.measure_id,
        "municipalities": [m.pk for m in cost_model.municipalities.all()],
    }


class CopyScenarioForm(KernForm, forms.Form):
    source = forms.ModelChoiceField(
        None, label=_("copy of the scenario"), empty_label=None,
    )  # fmt: skip
    scenario = forms.CharField(
        label=_("name of the new scenario"), max_length=200,
        help_text=_("The new scenario starts with the cost items, key figures and status-quo "
                    "costs of the scenario copied."),
    )  # fmt: skip

    def __init__(self, *args, scenarios, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["source"].queryset = scenarios
        self.fields["source"].label_from_instance = lambda m: m.scenario or m.name


ITEM_REQUIRED = {
    "fte": _("Staff costs need the full-time equivalents."),
    "annual_cost_per_fte": _("Staff costs need the annual cost per FTE."),
    "amount": _("Enter the amount."),
    "overhead_percent": _("Overhead needs its percentage."),
    "spread_years": _("One-off costs need the years to spread them over."),
}


class CostItemForm(VersionedForm):
    kind = forms.ChoiceField(
        label=_("kind"), choices=CostItem.Kind.choices, widget=forms.RadioSelect
    )
    label = forms.CharField(label=_("label"), max_length=300)
    fte = forms.DecimalField(
        label=_("full-time equivalents"), max_digits=6, decimal_places=3, min_value=0,
        localize=True, required=False, help_text=_("For staff costs, e.g. 0,5."),
    )  # fmt: skip
    annual_cost_per_fte = money_field(
        _("annual cost per FTE in €"), help_text=_("For staff costs, employer costs included.")
    )
    amount = money_field(
        _("amount in €"),
        help_text=_("For material costs per year; for one-off costs the whole amount."),
    )
    overhead_percent = forms.DecimalField(
        label=_("overhead in %"), max_digits=5, decimal_places=2, min_value=0, localize=True,
        required=False, help_text=_("For overhead: a percentage of staff and material costs."),
    )  # fmt: skip
    spread_years = forms.IntegerField(
        label=_("spread over years"), min_value=1, max_value=100, required=False,
        help_text=_("For one-off costs."),
    )  # fmt: skip

    def clean(self):
        data = super().clean()
        for name in ITEM_FIELDS.get(data.get("kind"), ()):
            if data.get(name) is None and name not in self.errors:
                self.add_error(name, ITEM_REQUIRED[name])
        if data.get("kind") == CostItem.Kind.STAFF and data.get("fte") == 0:
            self.add_error("fte", _("Staff costs need more than zero full-time equivalents."))
        return data

    def item_values(self) -> dict:
        return {name: self.cleaned_data[name] for name in ("kind", "label", *ITEM_VALUE_FIELDS)}


def item_initial(item) -> dict:
    return {name: getattr(item, name) for name in ("kind", "label", *ITEM_VALUE_FIELDS)}


def figure_kind_of(cost_model) -> str:
    """The kind of key figure the scenario's key reads; case numbers otherwise."""
    return FIGURE_KIND.get(cost_model.key, KeyFigure.Kind.CASES)


def plain_figure(value):
    """A key figure without trailing zeros: 30 rather than 30,000, which reads as
    thirty thousand to some."""
    if value is None:
        return None
    return value.to_integral() if value == value.to_integral() else value.normalize()


def municipality_field(municipality) -> str:
    return f"kommune_{municipality.pk}"


class RowsForm(KernForm, forms.Form):
    """A value per paying municipality (empty: none), with the version of the rows."""

    version = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, municipalities, field, **kwargs):
        super().__init__(*args, **kwargs)
        self.municipalities = municipalities
        for municipality in municipalities:
            self.fields[municipality_field(municipality)] = field(municipality.name)

    def values(self) -> dict:
        return {m: self.cleaned_data[municipality_field(m)] for m in self.municipalities}

    def row_fields(self) -> list:
        """The rows, one per municipality, shown together in a fieldset."""
        return [self[municipality_field(m)] for m in self.municipalities]

    def head_fields(self) -> list:
        """What the rows are (the kind and year of the figures), shown above them."""
        rows = {municipality_field(m) for m in self.municipalities}
        return [field for field in self.visible_fields() if field.name not in rows]


class KeyFiguresForm(RowsForm):
    kind = forms.ChoiceField(label=_("kind of figure"), choices=KeyFigure.Kind.choices)
    year = forms.IntegerField(label=_("year"), min_value=1990, max_value=2100)

    def __init__(self, *args, municipalities, **kwargs):
        super().__init__(*args, municipalities=municipalities, field=figure_field, **kwargs)
        # The kind and the year first, then a row per municipality.
        self.order_fields(["kind", "year"])


class StatusQuoForm(RowsForm):
    def __init__(self, *args, municipalities, **kwargs):
        super().__init__(*args, municipalities=municipalities, field=money_field, **kwargs)


class SettlementForm(KernForm, forms.Form):
    agreement = forms.ModelChoiceField(None, label=_("purpose agreement"))
    cost_model = forms.ModelChoiceField(
        None, label=_("plan"),
        help_text=_("The scenario whose allocation gave the advance payments."),
    )  # fmt: skip
    year = forms.IntegerField(label=_("year"), min_value=1990, max_value=2100)
    advance_schedule = forms.ChoiceField(
        label=_("advance payments"), choices=Settlement.Schedule.choices,
        widget=forms.RadioSelect, initial=Settlement.Schedule.QUARTERLY,
    )  # fmt: skip
    actual_annual_cost = forms.DecimalField(
        label=_("actual annual cost in €"), max_digits=12, decimal_places=2, min_value=0,
        localize=True,
    )  # fmt: skip
    note = forms.CharField(
        label=_("note"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, agreements, cost_models, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agreement"].queryset = agreements
        self.fields["cost_model"].queryset = cost_models
