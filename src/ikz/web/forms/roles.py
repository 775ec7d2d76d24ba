"""An invitation: a role in the cooperation for a new or an existing account."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy

from ikz.core.domain import members_on
from ikz.core.models import Cooperation, Municipality, Role
from ikz.web.form_layout import KernForm


class InvitationForm(KernForm, forms.Form):
    email = forms.EmailField(label=gettext_lazy("e-mail address"))
    name = forms.CharField(
        label=gettext_lazy("name"),
        required=False,
        max_length=150,
        help_text=gettext_lazy("For a new account: first and last name."),
    )
    kind = forms.ChoiceField(label=gettext_lazy("role"), choices=Role.Kind.choices)
    municipality = forms.ModelChoiceField(
        Municipality.objects.none(),
        label=gettext_lazy("municipality"),
        required=False,
        help_text=gettext_lazy("Only for municipality members."),
    )

    def __init__(self, *args, cooperation: Cooperation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["municipality"].queryset = members_on(cooperation, timezone.localdate())
