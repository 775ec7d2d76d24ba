"""The base of every form that edits a stored object: no lost updates."""

from django import forms
from django.utils.translation import gettext_lazy as _

from ikz.core.versions import Conflict, current_version
from ikz.web.form_layout import KernForm


class VersionedForm(KernForm, forms.Form):
    """An edit form that carries the version of the object it was based on
    (``edited``), for the domain function that saves it to check (``cleaned_data
    ["version"]``). When that function refuses the save (``VersionConflict``), the view
    calls ``show_conflict``: the form shows what changed since (``conflict``, by
    ``web/_conflict.html``) and keeps one's own entries; saved again, they are meant."""

    version = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, edited=None, initial=None, **kwargs):
        self.edited = edited
        self.conflict = None
        if edited is not None:
            initial = {**(initial or {}), "version": current_version(edited)}
        super().__init__(*args, initial=initial, **kwargs)

    def show_conflict(self, conflict: Conflict) -> None:
        self.conflict = conflict
        # The form now carries the version saved meanwhile: saved again, it goes through.
        self.data = self.data.copy()
        self.data[self.add_prefix("version")] = conflict.version
        self.add_error(
            None,
            _("%(who)s saved this in the meantime; check your entries and save again to keep "
              "them.")
            % {"who": conflict.changed_by or _("Someone")},
        )  # fmt: skip
