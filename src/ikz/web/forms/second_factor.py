"""The six digits an authenticator app shows."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ikz.web.form_layout import KernForm


class CodeForm(KernForm, forms.Form):
    code = forms.CharField(
        label=gettext_lazy("Code from your app"),
        max_length=12,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}
        ),
    )

    def clean_code(self):
        # The apps show "123 456".
        code = "".join(self.cleaned_data["code"].split())
        if not (len(code) == 6 and code.isdigit()):
            raise ValidationError(_("Enter the six digits your app shows."), code="form")
        return code
