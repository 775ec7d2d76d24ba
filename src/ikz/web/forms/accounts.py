"""Signing in with the e-mail address, asking for a new password and choosing one."""

from django.contrib.auth import forms as auth_forms
from django.contrib.auth import get_user_model
from django.forms import TextInput
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from ikz.web.form_layout import KernForm

# The longest address the User model's e-mail field holds.
EMAIL_MAX_LENGTH = 254


class SignInForm(KernForm, auth_forms.AuthenticationForm):
    """One field for the e-mail address; a superuser's user name is accepted there too
    (``ikz.core.auth``)."""

    username = auth_forms.UsernameField(
        label=capfirst(get_user_model()._meta.get_field("email").verbose_name),
        widget=TextInput(attrs={"autofocus": True, "autocomplete": "username"}),
    )
    error_messages = {
        **auth_forms.AuthenticationForm.error_messages,
        "invalid_login": _("Please enter a correct email address and password."),
    }

    def __init__(self, request=None, *args, **kwargs):
        super().__init__(request, *args, **kwargs)
        # Django limits the field to the user name's length, shorter than an address.
        self.fields["username"].max_length = EMAIL_MAX_LENGTH
        self.fields["username"].widget.attrs["maxlength"] = EMAIL_MAX_LENGTH


class PasswordResetForm(KernForm, auth_forms.PasswordResetForm):
    pass


class SetPasswordForm(KernForm, auth_forms.SetPasswordForm):
    pass
