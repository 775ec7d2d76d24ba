"""The audit log's filters: person, kind of data and days."""

from django import forms
from django.contrib.auth import get_user_model
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ikz.core.audit import audited_models
from ikz.core.models import Cooperation
from ikz.core.queries import role_holders
from ikz.web.form_layout import KernForm


class AuditFilterForm(KernForm, forms.Form):
    person = forms.ModelChoiceField(
        get_user_model().objects.none(), label=gettext_lazy("person"), required=False
    )
    kind = forms.ChoiceField(label=gettext_lazy("kind of data"), required=False)
    since = forms.DateField(label=gettext_lazy("from"), required=False)
    until = forms.DateField(label=gettext_lazy("until"), required=False)

    def __init__(self, *args, cooperation: Cooperation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = role_holders(cooperation)
        self.fields["kind"].choices = [("", _("all"))] + [
            (model._meta.label, capfirst(str(model._meta.verbose_name_plural)))
            for model in audited_models()
        ]

    def clean(self):
        cleaned = super().clean()
        since, until = cleaned.get("since"), cleaned.get("until")
        if since and until and since > until:
            self.add_error("until", _("The last day comes on or after the first."))
        return cleaned

    def log_filters(self) -> dict:
        """What ``ikz.core.audit.audit_log`` is to filter by; nothing when the form is
        wrong."""
        if not self.is_valid():
            return {}
        data = self.cleaned_data
        return {
            "person": data["person"],
            "model_label": data["kind"] or None,
            "since": data["since"],
            "until": data["until"],
        }
