"""What an admin change form sends as it is shown, for tests that post it."""

import datetime


def change_form_data(response) -> dict:
    """The form's fields as shown (dates as ISO, which the admin accepts) and its
    inlines' management forms."""
    form = response.context["adminform"].form
    data = {}
    for name in form.fields:
        value = form[name].value()
        if isinstance(value, datetime.date):
            value = value.isoformat()
        data[name] = "" if value is None else value
    for inline in response.context["inline_admin_formsets"]:
        management = inline.formset.management_form
        for name in management.fields:
            data[management.add_prefix(name)] = management[name].value()
    return data
