"""A document to attach to a meeting (or one of its topics), a measure or an agreement."""

from django import forms
from django.utils.translation import gettext_lazy as _

from ikz.core.files import DOCUMENT_TYPES, UploadSizeValidator, UploadTypeValidator, upload_max_mb
from ikz.core.models import Municipality
from ikz.meetings.models import AgendaItem
from ikz.web.form_layout import KernForm


class AgendaItemChoice(forms.ModelChoiceField):
    def label_from_instance(self, item):
        return f"{item.number} {item.title}".strip()


class DocumentForm(KernForm, forms.Form):
    title = forms.CharField(
        label=_("title"), max_length=300, required=False,
        help_text=_("Left empty, the file's name is the title."),
    )  # fmt: skip
    file = forms.FileField(label=_("file"))
    is_public = forms.BooleanField(
        label=_("public"), required=False,
        help_text=_("Anyone may download a public document once what it belongs to is public."),
    )  # fmt: skip
    municipality = forms.ModelChoiceField(
        Municipality.objects.none(), label=_("municipality"), required=False,
        empty_label=_("none: the cooperation's"),
        help_text=_("Whose document it is; its members may edit it."),
    )  # fmt: skip
    agenda_item = AgendaItemChoice(
        AgendaItem.objects.none(), label=_("agenda item"), required=False,
        empty_label=_("none: the whole meeting"),
    )  # fmt: skip

    def __init__(self, *args, cooperation, meeting=None, own=None, publishable=True, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = _("At most %(limit)d MB; allowed are: %(types)s.") % {
            "limit": upload_max_mb(),
            "types": ", ".join(f".{ext}" for ext in DOCUMENT_TYPES),
        }
        municipality = self.fields["municipality"]
        if own is None:
            municipality.queryset = (
                Municipality.objects.filter(participations__cooperation=cooperation)
                .distinct()
                .order_by("name")
            )
        else:
            # A member attaches documents as their own municipality's only.
            municipality.queryset = Municipality.objects.filter(pk__in=own).order_by("name")
            municipality.required = True
            municipality.empty_label = None
        if own is not None or not publishable:
            # What citizens see is published by the coordinators, as a meeting's results
            # are: a member's document is internal, as is what has no public place.
            del self.fields["is_public"]
        if meeting is None:
            del self.fields["agenda_item"]
        else:
            self.fields["agenda_item"].queryset = meeting.agenda_items.order_by("order")

    def clean_file(self):
        upload = self.cleaned_data["file"]
        # The model's own checks, so that their message stands next to the field.
        UploadSizeValidator()(upload)
        UploadTypeValidator()(upload)
        return upload
