"""How every form of the cockpit looks: the KERN UX design system's fields (label,
hint, the field, its error below it), chosen by the widget. Forms mix in ``KernForm``;
the admin keeps Django's own look."""

from django import forms
from django.core.exceptions import ValidationError
from django.forms.renderers import DjangoTemplates
from django.forms.widgets import Input
from django.utils.translation import gettext_lazy as _

# KERN's class of each kind of widget, and the one it adds when the value is wrong.
INPUT = ("kern-form-input__input", "kern-form-input__input--error")
SELECT = ("kern-form-input__select", "kern-form-input__select--error")
CHECKBOX = ("kern-form-check__checkbox", "kern-form-check__checkbox--error")
RADIO = ("kern-form-check__radio", "kern-form-check__radio--error")


def widget_classes(widget) -> tuple[str, str] | None:
    # Before the radio buttons: CheckboxSelectMultiple is a RadioSelect to Django.
    if isinstance(widget, forms.CheckboxInput | forms.CheckboxSelectMultiple):
        return CHECKBOX
    if isinstance(widget, forms.RadioSelect):
        return RADIO
    if isinstance(widget, forms.Select):
        return SELECT
    if isinstance(widget, Input | forms.Textarea) and not widget.is_hidden:
        return INPUT
    return None


class KernBoundField(forms.BoundField):
    def build_widget_attrs(self, attrs, widget=None):
        attrs = super().build_widget_attrs(attrs, widget)
        classes = widget_classes(widget or self.field.widget)
        if classes:
            own, wrong = classes
            wanted = [attrs.get("class", ""), own, wrong if self.errors else ""]
            attrs["class"] = " ".join(name for name in wanted if name)
        return attrs


class KernRenderer(DjangoTemplates):
    form_template_name = "web/forms/form.html"
    field_template_name = "web/forms/field.html"


def field_anchor(field) -> str:
    """The id an error summary links to: the field's input, or the first of its choices
    (a list of check boxes or radio buttons labels none as a whole)."""
    return field.id_for_label or f"{field.auto_id}_0"


def error_summary(*parts, prefixes=()) -> list[tuple[str, str]]:
    """(id to link to or "", message) of every error of the forms and formsets
    ``parts``, in the order shown: what ``web/forms/_error_summary.html`` lists at the
    top. The rows of a formset are told apart by ``prefixes`` (a label per row, e.g.
    "Task 2")."""
    summary = []
    for part in parts:
        is_formset = isinstance(part, forms.BaseFormSet)
        if is_formset:
            summary += [("", str(error)) for error in part.non_form_errors()]
        for index, form in enumerate(part.forms if is_formset else [part]):
            prefix = f"{prefixes[index]}: " if is_formset and index < len(prefixes) else ""
            summary += [("", prefix + str(error)) for error in form.non_field_errors()]
            for name in form.errors:
                if name in form.fields:
                    field = form[name]
                    target = "" if field.is_hidden else field_anchor(field)
                    summary += [(target, prefix + str(error)) for error in field.errors]
    return summary


class KernForm:
    """Mixed into the cockpit's forms (before ``forms.Form`` or ``forms.ModelForm``).
    Rendered whole, a form with errors lists them at its top, each linking to its
    field (``error_summary``)."""

    default_renderer = KernRenderer
    bound_field_class = KernBoundField

    def get_context(self):
        return {**super().get_context(), "summary": error_summary(self)}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            # Choices as KERN's check boxes and radio buttons, each with its label.
            if isinstance(field.widget, forms.RadioSelect | forms.CheckboxSelectMultiple):
                field.widget.template_name = "web/forms/choices.html"
                field.widget.option_template_name = "web/forms/choice.html"


class DayField(forms.DateField):
    """A day as German offices write it, 16.06.2020, in every language (ISO too)."""

    widget = forms.DateInput(format="%d.%m.%Y", attrs={"inputmode": "numeric"})
    input_formats = ["%d.%m.%Y", "%d.%m.%y", "%Y-%m-%d"]
    default_error_messages = {
        "invalid": _("Enter the day as day.month.year, e.g. 16.06.2020."),
    }

    def __init__(self, **kwargs):
        kwargs.setdefault("help_text", _("As day.month.year, e.g. 16.06.2020."))
        super().__init__(**kwargs)


class ClockField(forms.TimeField):
    """A time of day as 14:30."""

    widget = forms.TimeInput(format="%H:%M", attrs={"inputmode": "numeric"})
    input_formats = ["%H:%M", "%H.%M", "%H"]
    default_error_messages = {"invalid": _("Enter the time as hours:minutes, e.g. 14:30.")}

    def __init__(self, **kwargs):
        kwargs.setdefault("help_text", _("As hours:minutes, e.g. 14:30."))
        super().__init__(**kwargs)


def add_domain_error(form, error: ValidationError) -> None:
    """A domain function's refusal on the form: next to the field it names where the
    form has that field, above the form otherwise (a task's due date, a constraint)."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for field, errors in error.error_dict.items():
        form.add_error(field if field in form.fields else None, errors)
