"""A report's period and template; a report file to import."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from ikz.core.models import Cooperation
from ikz.reports.models import StatusReport
from ikz.reports.periods import parse_period
from ikz.web.form_layout import KernForm
from ikz.web.forms.versioned import VersionedForm


class ReportForm(KernForm, forms.Form):
    cooperation = forms.ModelChoiceField(Cooperation.objects.all(), label=_("cooperation"))
    # As the reports print it ("Dezember 2020/Januar 2021" and the like, see
    # ikz.reports.periods) or as numbers; 40 leaves room for blanks around the dash.
    period = forms.CharField(
        label=_("period"),
        help_text=_(
            "Whole months as the report names them, e.g. “April/Mai 2020” or “Juni 2020”, "
            "or as 06/2020, 2020-06 or 2020-04/2020-05."
        ),
        max_length=40,
        # Or chosen as months below.
        required=False,
    )
    first_month = forms.CharField(
        label=_("first month"),
        required=False,
        max_length=7,
        widget=forms.TextInput(attrs={"type": "month"}),
        help_text=_("Instead of writing the period: its first month (2020-04)."),
    )
    last_month = forms.CharField(
        label=_("last month"),
        required=False,
        max_length=7,
        widget=forms.TextInput(attrs={"type": "month"}),
        help_text=_("Its last month; empty for a period of one month."),
    )
    report_date = forms.DateField(
        label=_("report date"), widget=forms.DateInput(attrs={"type": "date"})
    )
    template = forms.ChoiceField(label=_("template"), choices=StatusReport.Template.choices)
    appendix = forms.BooleanField(
        label=_("with appendix"),
        required=False,
        help_text=_("Full report only: all results of the period's meetings at the end."),
    )

    def __init__(self, *args, cooperations=None, **kwargs):
        super().__init__(*args, **kwargs)
        # Only the cooperations in which the account may start a report.
        if cooperations is not None:
            self.fields["cooperation"].queryset = cooperations

    def clean_period(self):
        if not self.cleaned_data["period"].strip():
            return None
        try:
            return parse_period(self.cleaned_data["period"])
        except ValidationError as error:
            raise ValidationError(error.messages) from None

    def clean(self):
        data = super().clean()
        if data.get("period") is not None or "period" in self.errors:
            return data
        first, last = data.get("first_month"), data.get("last_month")
        if not first:
            self.add_error(
                "period",
                _("Write the period, e.g. “Juni 2020”, or choose its first month below."),
            )
            return data
        try:
            data["period"] = parse_period(f"{first}/{last or first}")
        except ValidationError as error:
            self.add_error("first_month", error.messages)
        return data


class ReportEditForm(VersionedForm):
    """A draft's template, appendix and the coordinator's own words."""

    template = forms.ChoiceField(label=_("template"), choices=StatusReport.Template.choices)
    appendix = forms.BooleanField(
        label=_("with appendix"),
        required=False,
        help_text=_("Full report only: all results of the period's meetings at the end."),
    )
    intro = forms.CharField(
        label=_("introduction"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_(
            "Shown after the report's date in every format; a blank line starts a paragraph."
        ),
    )
    decisions_text = forms.CharField(
        label=_("decisions needed"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "What the steering group is asked to decide, one decision a line; shown in every format."
        ),
    )


class ReportConfirmForm(VersionedForm):
    """A confirmation (issuing, deleting): only the version of the draft it was shown for."""


MAX_IMPORT_MB = 10


class ImportForm(KernForm, forms.Form):
    file = forms.FileField(
        label=_("report file"),
        help_text=_(
            "Markdown, text, Word (.docx) or PowerPoint (.pptx) in the form of the status report."
        ),
    )
    dry_run = forms.BooleanField(label=_("only check, write nothing"), required=False, initial=True)

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_IMPORT_MB * 1024 * 1024:
            raise ValidationError(
                _("The file is too large: at most %(limit)d MB can be imported."),
                code="too_large",
                params={"limit": MAX_IMPORT_MB},
            )
        return upload
