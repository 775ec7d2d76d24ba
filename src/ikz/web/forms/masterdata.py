"""The master data a cooperation's coordinators keep: its settings, member
municipalities, bodies and their members, partners, fields of action and people. The
fields come from the models (labels, hints, lengths); the rules are the domain's."""

from django import forms
from django.forms.models import fields_for_model
from django.utils.translation import gettext_lazy as _

from ikz.core.models import Body, Cooperation, Membership, Municipality, Partner, Person
from ikz.measures.models import FieldOfAction
from ikz.web.form_layout import DayField, KernForm
from ikz.web.forms.versioned import VersionedForm

TEXT = forms.Textarea(attrs={"rows": 3})


def model_fields(model, names: list[str], **kwargs) -> dict:
    """The form fields of ``model``'s ``names``, in that order, days as 16.06.2020."""
    dates = {
        name: DayField
        for name in names
        if model._meta.get_field(name).get_internal_type() == "DateField"
    }
    return fields_for_model(model, fields=names, field_classes=dates, **kwargs)


class ModelFieldsForm(VersionedForm):
    """A form of some of a model's fields (``model``, ``names``); ``values()`` gives
    them for the domain function, without the version."""

    model = None
    names: list[str] = []
    widgets: dict = {}

    def __init__(self, *args, edited=None, **kwargs):
        initial = kwargs.pop("initial", None) or {}
        if edited is not None:
            initial = {
                **{
                    name: getattr(edited, edited._meta.get_field(name).attname)
                    for name in self.names
                },
                **initial,
            }
        super().__init__(*args, edited=edited, initial=initial, **kwargs)
        # The model's fields first; a field the form declares itself replaces its own.
        self.fields = {
            **model_fields(self.model, self.names, widgets=self.widgets),
            **self.fields,
        }

    def values(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.names}


class SettingsForm(ModelFieldsForm):
    model = Cooperation
    names = [
        "name", "report_title", "region", "website", "primary_colour", "secondary_colour",
        "contact_email", "contact_phone", "publisher", "publisher_representative",
        "content_responsible", "data_protection_officer", "supervisory_authority",
        "privacy_addendum", "second_factor_for_coordinators",
        "vat_id", "legal_supervision",
        "accessibility_status", "accessibility_barriers", "accessibility_contact",
        "accessibility_enforcement_body", "accessibility_enforcement_url",
        "accessibility_reviewed_on", "accessibility_review_method",
    ]  # fmt: skip
    widgets = dict.fromkeys(("publisher", "data_protection_officer", "supervisory_authority", "privacy_addendum"), TEXT)  # fmt: skip
    widgets |= dict.fromkeys(("legal_supervision", "accessibility_barriers", "accessibility_contact", "accessibility_enforcement_body"), TEXT)  # fmt: skip
    logo = forms.FileField(
        label=_("new logo"), required=False,
        help_text=_("A picture as .png, .jpg or .jpeg; it shows in the header and the reports."),
    )  # fmt: skip
    remove_logo = forms.BooleanField(label=_("remove the logo"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["primary_colour"].help_text = _(
            "As #RRGGBB, e.g. #1F5F8B: links, buttons and headings, dark enough for text on "
            "white (contrast 4.5 : 1)."
        )
        self.fields["secondary_colour"].help_text = _(
            "As #RRGGBB, e.g. #E9F2E4: a light background of boxes and highlights, light "
            "enough for dark text on it (contrast 4.5 : 1)."
        )

    def values(self) -> dict:
        values = super().values()
        if self.cleaned_data["logo"]:
            values["logo"] = self.cleaned_data["logo"]
        elif self.cleaned_data["remove_logo"]:
            values["logo"] = None
        return values


class MunicipalityForm(ModelFieldsForm):
    model = Municipality
    names = ["name", "kind", "ags", "population", "population_date", "population_source",
             "area_km2", "website"]  # fmt: skip
    # Checked by the domain, which says what is wrong (ikz.core.domain.check_ags).
    ags = forms.CharField(
        label=_("official municipality key (AGS)"), required=False, max_length=50,
        help_text=_("8 digits, e.g. 14729300 for Naunhof."),
    )  # fmt: skip

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["population_date"].help_text = _(
            "The reference date (Stichtag) of the population, e.g. 31.12.2019; needed "
            "with a population."
        )

    def values(self) -> dict:
        values = super().values()
        values["ags"] = values["ags"].strip() or None
        return values


class JoinNewForm(MunicipalityForm):
    """A municipality new to the installation, and the day it joins."""

    joined_on = DayField(label=_("joined on"))


class JoinForm(KernForm, forms.Form):
    joined_on = DayField(label=_("joins again on"))


class LeaveForm(VersionedForm):
    left_on = DayField(label=_("left on"))


class BodyForm(ModelFieldsForm):
    model = Body
    names = ["name", "kind", "municipality", "is_public", "description", "invitation_text"]
    widgets = {"description": TEXT, "invitation_text": forms.Textarea(attrs={"rows": 6})}

    def __init__(self, *args, cooperation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["municipality"].queryset = Municipality.objects.filter(
            participations__cooperation=cooperation
        ).distinct()


class MembershipForm(ModelFieldsForm):
    model = Membership
    names = ["person", "role", "start", "end"]

    def __init__(self, *args, cooperation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = Person.objects.filter(
            cooperation=cooperation
        ).select_related("municipality", "partner")

    def clean(self):
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if start and end and end < start:
            self.add_error("end", _("The membership cannot end before it starts."))
        return data


class EndMembershipForm(VersionedForm):
    end = DayField(label=_("member until"))


class PartnerForm(ModelFieldsForm):
    model = Partner
    names = ["name", "kind", "website"]


class FieldOfActionForm(ModelFieldsForm):
    model = FieldOfAction
    names = ["name", "order", "description"]
    widgets = {"description": TEXT}


class PersonForm(ModelFieldsForm):
    model = Person
    names = ["name", "role", "email", "municipality", "partner"]

    def __init__(self, *args, cooperation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["role"].help_text = _("The office, e.g. Bürgermeister Naunhof.")
        self.fields["municipality"].queryset = Municipality.objects.filter(
            participations__cooperation=cooperation
        ).distinct()
        self.fields["partner"].queryset = cooperation.partners.all()
        self.fields["municipality"].help_text = _("Either a municipality or a partner.")

    def clean(self):
        data = super().clean()
        if not data.get("municipality") and not data.get("partner"):
            self.add_error(
                "municipality", _("Choose the municipality or the partner the person acts for.")
            )
        elif data.get("municipality") and data.get("partner"):
            self.add_error(
                "partner", _("A person belongs either to a municipality or to a partner.")
            )
        return data


class DeleteForm(VersionedForm):
    """Only the version: what is deleted is what the coordinator saw."""
