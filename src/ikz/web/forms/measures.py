"""The portfolio's filters, a measure's data and a status change outside a meeting."""

from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ikz.core.domain import members_on
from ikz.core.models import Municipality
from ikz.measures.domain import LIGHT_LABELS
from ikz.measures.models import FieldOfAction, Measure, MeasureStatus
from ikz.web.form_layout import DayField, KernForm
from ikz.web.forms.versioned import VersionedForm


class MeasureFilter(KernForm, forms.Form):
    """The list's filters, read from the address (a link to a filtered list works)."""

    suche = forms.CharField(label=_("search"), required=False, max_length=100)
    handlungsfeld = forms.ModelChoiceField(
        FieldOfAction.objects.none(), label=_("field of action"), required=False,
        empty_label=_("all"),
    )  # fmt: skip
    status = forms.ChoiceField(
        label=_("status"), required=False, choices=[("", _("all"))] + MeasureStatus.choices
    )
    kommune = forms.ModelChoiceField(
        Municipality.objects.none(), label=_("municipality"), required=False,
        empty_label=_("all"), help_text=_("Leading or taking part."),
    )  # fmt: skip
    ampel = forms.ChoiceField(
        label=_("traffic light"), required=False,
        choices=[("", _("all"))] + list(LIGHT_LABELS.items()),
    )  # fmt: skip

    def __init__(self, *args, cooperation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["handlungsfeld"].queryset = cooperation.fields_of_action.order_by(
            "order", "name"
        )
        self.fields["kommune"].queryset = members_on(cooperation, timezone.localdate())


class MeasureForm(VersionedForm):
    title = forms.CharField(label=_("title"), max_length=300)
    description = forms.CharField(
        label=_("description"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    field_of_action = forms.ModelChoiceField(
        FieldOfAction.objects.none(), label=_("field of action"), required=False,
        empty_label=_("none"),
    )  # fmt: skip
    parent = forms.ModelChoiceField(
        Measure.objects.none(), label=_("part of"), required=False, empty_label=_("none"),
        help_text=_("The measure this one is a part of (a sub-measure)."),
    )  # fmt: skip
    lead_municipality = forms.ModelChoiceField(
        Municipality.objects.none(), label=_("lead municipality"), required=False,
        empty_label=_("none"),
    )  # fmt: skip
    municipalities = forms.ModelMultipleChoiceField(
        Municipality.objects.none(), label=_("participating municipalities"), required=False,
        widget=forms.CheckboxSelectMultiple,
    )  # fmt: skip
    planned_start = DayField(label=_("planned start"), required=False)
    planned_end = DayField(label=_("planned end"), required=False)
    decision_due = DayField(
        label=_("decision due by"), required=False,
        help_text=_("While the decision is pending past this date, the traffic light turns yellow."),
    )  # fmt: skip
    progress = forms.IntegerField(label=_("progress in %"), min_value=0, max_value=100, initial=0)
    is_public = forms.BooleanField(
        label=_("public"), required=False,
        help_text=_("Shown on the cooperation's public page with its status."),
    )  # fmt: skip

    def __init__(self, *args, cooperation, measure=None, **kwargs):
        super().__init__(*args, edited=measure, **kwargs)
        self.measure = measure
        self.fields["field_of_action"].queryset = cooperation.fields_of_action.order_by(
            "order", "name"
        )
        others = cooperation.measures.order_by("title")
        self.fields["parent"].queryset = others.exclude(pk=measure.pk) if measure else others
        members = members_on(cooperation, timezone.localdate())
        if measure is not None:
            # A municipality that has left keeps its place on the measures it was part of.
            members = Municipality.objects.filter(
                Q(pk__in=members) | Q(pk=measure.lead_municipality_id)
                | Q(pk__in=measure.municipalities.values("pk"))
            ).order_by("name")  # fmt: skip
        self.fields["lead_municipality"].queryset = members
        self.fields["municipalities"].queryset = members

    def clean(self):
        data = super().clean()
        start, end = data.get("planned_start"), data.get("planned_end")
        if start and end and end < start:
            self.add_error("planned_end", _("The planned end lies before the planned start."))
        return data

    def measure_fields(self) -> dict:
        data = dict(self.cleaned_data)
        del data["municipalities"], data["version"]
        return data


class StatusForm(KernForm, forms.Form):
    to_status = forms.ChoiceField(
        label=_("new status"), choices=[("", _("Please choose"))] + MeasureStatus.choices
    )
    date = DayField(label=_("since"))
    note = forms.CharField(
        label=_("reason"), widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Why the status changes outside a meeting, e.g. the council’s decision "
                    "of 12.06.2020. It stays in the history."),
    )  # fmt: skip
