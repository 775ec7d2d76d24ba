"""The master data of a cooperation in the browser, kept by its coordinators (the admin
stays for superusers): the cooperation's settings, its member municipalities with their
joining and leaving, its bodies and their members, partners, fields of action and
people. The rules and the saves are ``ikz.core.domain``'s and, for the fields of action,
``ikz.measures.domain``'s; every page asks "change" of the cooperation, and each object
is looked up among the cooperation's own (404 for another's)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from ikz.core.domain import (
    add_body,
    add_member,
    add_membership,
    add_partner,
    add_person,
    current_participation,
    delete_unreferenced,
    edit,
    edit_cooperation,
    edit_membership,
    edit_municipality,
    end_membership,
    join_new_municipality,
    leave,
)
from ikz.core.models import Body, Cooperation, Membership, Municipality, Partner, Person
from ikz.core.queries import (
    bodies_of,
    memberships_of,
    participation_rows,
    partners_of,
    people_of,
)
from ikz.core.versions import VersionConflict
from ikz.measures.domain import add_field_of_action, edit_field_of_action, remove_field_of_action
from ikz.measures.models import FieldOfAction
from ikz.measures.queries import fields_of_action_of
from ikz.web.access import requires
from ikz.web.form_layout import add_domain_error
from ikz.web.forms.masterdata import (
    BodyForm,
    DeleteForm,
    EndMembershipForm,
    FieldOfActionForm,
    JoinForm,
    JoinNewForm,
    LeaveForm,
    MembershipForm,
    MunicipalityForm,
    PartnerForm,
    PersonForm,
    SettingsForm,
)


def saved(form, save) -> bool:
    """Whether ``save()`` (a domain call with the form's entries) stored them; otherwise
    the form shows why: the change saved meanwhile, or the rule that refused them."""
    try:
        save()
    except VersionConflict as error:
        form.show_conflict(error.conflict)
    except ValidationError as error:
        add_domain_error(form, error)
    else:
        return True
    return False


def deleted(request, obj, remove) -> bool:
    """Whether ``remove(version)`` deleted ``obj``; a message says what happened."""
    form = DeleteForm(request.POST)
    form.is_valid()
    try:
        remove(form.cleaned_data.get("version"))
    except VersionConflict as error:
        messages.error(
            request,
            _("%(who)s changed “%(name)s” in the meantime; check it and delete it again.")
            % {"who": error.conflict.changed_by or _("Someone"), "name": obj},
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("“%(name)s” is deleted.") % {"name": obj})
        return True
    return False


def edit_page(request, cooperation, obj, form, *, section: str, heading: str, back: str, **extra):
    """An object's edit form (``web/masterdata/edit.html``, or a page extending it)."""
    template = extra.pop("template", "web/masterdata/edit.html")
    return render(
        request,
        template,
        {
            "cooperation": cooperation,
            "section": section,
            "object": obj,
            "form": form,
            "heading": heading,
            "back": back,
            "version": form.initial.get("version"),
            **extra,
        },
    )


# The cooperation's settings -----------------------------------------------------------


@require_http_methods(["GET", "POST"])
@requires("change", Cooperation, lookup="slug")
def settings(request, cooperation):
    """Coordinators: name, region, logo, colours, contact, imprint and privacy texts."""
    form = SettingsForm(request.POST or None, request.FILES or None, edited=cooperation)
    if request.method == "POST" and form.is_valid():
        values = form.values()
        if saved(
            form,
            lambda: edit_cooperation(cooperation, version=form.cleaned_data["version"], **values),
        ):
            messages.success(request, _("The cooperation's settings are saved."))
            return redirect("web:masterdata_settings", slug=cooperation.slug)
    return render(
        request,
        "web/masterdata/settings.html",
        {"cooperation": cooperation, "section": "settings", "form": form},
    )


# Member municipalities ------------------------------------------------------------------


def municipality_of(cooperation: Cooperation, municipality_id: int) -> Municipality:
    """A municipality that is or was a member of the cooperation (404 for another)."""
    return get_object_or_404(
        Municipality.objects.filter(participations__cooperation=cooperation).distinct(),
        pk=municipality_id,
    )


@require_http_methods(["GET", "POST"])
@requires("change", Cooperation, lookup="slug")
def municipalities(request, cooperation):
    """Coordinators: the member municipalities, present and past, and a new one that
    joins."""
    form = JoinNewForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        values = form.values()
        joined_on = form.cleaned_data["joined_on"]
        if saved(
            form,
            lambda: join_new_municipality(cooperation=cooperation, joined_on=joined_on, **values),
        ):
            messages.success(
                request, _("%(municipality)s is a member now.") % {"municipality": values["name"]}
            )
            return redirect("web:masterdata_municipalities", slug=cooperation.slug)
    return render(
        request,
        "web/masterdata/municipalities.html",
        {
            "cooperation": cooperation,
            "section": "municipalities",
            "participations": participation_rows(cooperation),
            "form": form,
        },
    )


def municipality_page(
    request, cooperation, municipality, *, form=None, leave_form=None, join_form=None
):
    """A municipality's edit form with its memberships, and the form that ends the
    current one or, once it has left, the one that starts a new one."""
    participation = current_participation(cooperation, municipality)
    if participation is not None:
        leave_form = leave_form or LeaveForm(
            edited=participation, initial={"left_on": timezone.localdate()}
        )
    else:
        join_form = join_form or JoinForm(initial={"joined_on": timezone.localdate()})
    return edit_page(
        request, cooperation, municipality, form or MunicipalityForm(edited=municipality),
        section="municipalities", heading=municipality.name,
        back=reverse("web:masterdata_municipalities", args=[cooperation.slug]),
        template="web/masterdata/municipality.html",
        participations=participation_rows(cooperation).filter(municipality=municipality),
        leave_form=leave_form, join_form=join_form,
    )  # fmt: skip


@require_http_methods(["GET", "POST"])
@requires("change", Cooperation, lookup="slug")
def municipality(request, cooperation, municipality_id):
    """Coordinators: a member municipality's data (AGS, population with its reference
    date), its memberships, its leaving or joining again."""
    municipality = municipality_of(cooperation, municipality_id)
    form = MunicipalityForm(request.POST or None, edited=municipality)
    if request.method == "POST" and form.is_valid():
        values = form.values()
        if saved(
            form,
            lambda: edit_municipality(municipality, version=form.cleaned_data["version"], **values),
        ):
            messages.success(request, _("“%(name)s” is saved.") % {"name": municipality})
            return redirect("web:masterdata_municipality", cooperation.slug, municipality.pk)
    return municipality_page(request, cooperation, municipality, form=form)


@require_POST
@requires("change", Cooperation, lookup="slug")
def municipality_leave(request, cooperation, municipality_id):
    """Coordinators: the municipality leaves the cooperation on a day."""
    municipality = municipality_of(cooperation, municipality_id)
    participation = current_participation(cooperation, municipality)
    if participation is None:
        raise Http404
    form = LeaveForm(request.POST, edited=participation)
    if form.is_valid():
        left_on = form.cleaned_data["left_on"]
        if saved(
            form,
            lambda: leave(participation, left_on=left_on, version=form.cleaned_data["version"]),
        ):
            messages.success(
                request,
                _("%(municipality)s has left the cooperation.") % {"municipality": municipality},
            )
            return redirect("web:masterdata_municipality", cooperation.slug, municipality.pk)
    return municipality_page(request, cooperation, municipality, leave_form=form)


@require_POST
@requires("change", Cooperation, lookup="slug")
def municipality_join(request, cooperation, municipality_id):
    """Coordinators: a municipality that left joins again on a day."""
    municipality = municipality_of(cooperation, municipality_id)
    form = JoinForm(request.POST)
    if form.is_valid():
        joined_on = form.cleaned_data["joined_on"]
        if saved(
            form,
            lambda: add_member(
                cooperation=cooperation, municipality=municipality, joined_on=joined_on
            ),
        ):
            messages.success(
                request, _("%(municipality)s is a member again.") % {"municipality": municipality}
            )
            return redirect("web:masterdata_municipality", cooperation.slug, municipality.pk)
    return municipality_page(request, cooperation, municipality, join_form=form)


# Bodies and their members -----------------------------------------------------------------


def body_page(request, cooperation, body, *, form=None, member_form=None):
    return edit_page(
        request, cooperation, body, form or BodyForm(edited=body, cooperation=cooperation),
        section="bodies", heading=body.name,
        back=reverse("web:masterdata_bodies", args=[cooperation.slug]),
        template="web/masterdata/body.html",
        delete_url=reverse("web:masterdata_body_delete", args=[cooperation.slug, body.pk]),
        memberships=memberships_of(body),
        member_form=member_form or MembershipForm(prefix="member", cooperation=cooperation),
    )  # fmt: skip


@require_http_methods(["GET", "POST"])
@requires("change", Cooperation, lookup="slug")
def bodies(request, cooperation):
    """Coordinators: the bodies with their number of members, and a new body."""
    form = BodyForm(request.POST or None, cooperation=cooperation)
    if request.method == "POST" and form.is_valid():
        values = form.values()
        if saved(form, lambda: add_body(cooperation=cooperation, **values)):
            messages.success(request, _("“%(name)s” is created.") % {"name": values["name"]})
            return redirect("web:masterdata_bodies", slug=cooperation.slug)
    return render(
        request,
        "web/masterdata/bodies.html",
        {"cooperation": cooperation, "section": "bodies", "bodies": bodies_of(cooperation),
         "form": form},
    )  # fmt: skip


@require_http_methods(["GET", "POST"])
@requires("change", Cooperation, lookup="slug")
def body(request, cooperation, body_id):
    """Coordinators: a body's name, kind, council municipality, whether its meetings
    are public, description and invitation letter text, and its members with their
    role and term."""
    body = get_object_or_404(Body, pk=body_id, cooperation=cooperation)
    form = BodyForm(request.POST or None, edited=body, cooperation=cooperation)
    if request.method == "POST" and form.is_valid():
        values = form.values()
        if saved(form, lambda: edit(body, version=form.cleaned_data["version"], **values)):
            messages.success(request, _("“%(name)s” is saved.") % {"name": body})
            return redirect("web:masterdata_body", cooperation.slug, body.pk)
    return body_page(request, cooperation, body, form=form)


@require_POST
@requires("change", Cooperation, lookup="slug")
def body_delete(request, cooperation, body_id):
    """Coordinators: delete a body nothing refers to (no meetings, members, tasks)."""
    body = get_object_or_404(Body, pk=body_id, cooperation=cooperation)
    if deleted(request, body, lambda version: delete_unreferenced(body, version=version)):
        return redirect("web:masterdata_bodies", slug=cooperation.slug)
    return redirect("web:masterdata_body", cooperation.slug, body.pk)


@require_POST
@requires("change", Cooperation, lookup="slug")
def membership_add(request, cooperation, body_id):
    """Coordinators: a person joins the body, with a role and a term."""
    body = get_object_or_404(Body, pk=body_id, cooperation=cooperation)
    form = MembershipForm(request.POST, prefix="member", cooperation=cooperation)
    if form.is_valid():
        values = form.values()
        if saved(form, lambda: add_membership(body=body, **values)):
            messages.success(
                request, _("%(person)s is a member of %(body)s.")
                % {"person": values["person"], "body": body},
            )  # fmt: skip
            return redirect("web:masterdata_body", cooperation.slug, body.pk)
    return body_page(request, cooperation, body, member_form=form)


def membership_of(cooperation, body_id: int, membership_id: int) -> Membership:
    return get_object_or_404(
        Membership.objects.select_related("body", "person"),
        pk=membership_id, body_id=body_id, body__cooperation=cooperation,
    )  # fmt: skip


def membership_page(request, cooperation, membership, *, form=None, end_form=None):
    body = membership.body
    return edit_page(
        request, cooperation, membership,
        form or MembershipForm(edited=membership, cooperation=cooperation),
        section="bodies", heading=str(membership),
        back=reverse("web:masterdata_body", args=[cooperation.slug, body.pk]),
        template="web/masterdata/membership.html",
        end_form=end_form or EndMembershipForm(
            edited=membership, initial={"end": membership.end or timezone.localdate()}
        ),
    )  # fmt: skip


@require_http_methods(["GET", "POST"])
@requires("change", Cooperation, lookup="slug")
def membership(request, cooperation, body_id, membership_id):
    """Coordinators: a membership's person, role and term."""
    membership = membership_of(cooperation, body_id, membership_id)
    form = MembershipForm(request.POST or None, edited=membership, cooperation=cooperation)
    if request.method == "POST" and form.is_valid():
        values = form.values()
        if saved(
            form,
            lambda: edit_membership(membership, version=form.cleaned_data["version"], **values),
        ):
            messages.success(request, _("“%(name)s” is saved.") % {"name": membership})
            return redirect("web:masterdata_body", cooperation.slug, body_id)
    return membership_page(request, cooperation, membership, form=form)


@require_POST
@requires("change", Cooperation, lookup="slug")
def membership_end(request, cooperation, body_id, membership_id):
    """Coordinators: a membership ends on a day (it stays in the body's history)."""
    membership = membership_of(cooperation, body_id, membership_id)
    form = EndMembershipForm(request.POST, edited=membership)
    if form.is_valid():
        end = form.cleaned_data["end"]
        if saved(form,
            lambda: end_membership(membership, end=end, version=form.cleaned_data["version"]),
        ):  # fmt: skip
            messages.success(request, _("“%(name)s” has ended.") % {"name": membership})
            return redirect("web:masterdata_body", cooperation.slug, body_id)
    return membership_page(request, cooperation, membership, end_form=form)


# Partners, fields of action, people -------------------------------------------------------


@require_http_methods(["GET", "POST"])
@requires("change", Cooperation, lookup="slug")
def partners(request, cooperation):
    """Coordinators: the partners with their number of people, and a new partner."""
    form = PartnerForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        values = form.values()
        if saved(form, lambda: add_partner(cooperation=cooperation, **values)):
            messages.success(request, _("“%(name)s” is created.") % {"name": values["name"]})
            return redirect("web:masterdata_partners", slug=cooperation.slug)
    return render(
        request,
        "web/masterdata/partners.html",
        {"cooperation": cooperation, "section": "partners",
         "partners": partners_of(cooperation), "form": form},
    )  # fmt: skip


@require_http_methods(["GET", "POST"])
@requires("change", Cooperation, lookup="slug")
def partner(request, cooperation, partner_id):
    """Coordinators: a partner's name, kind and website."""
    partner = get_object_or_404(Partner, pk=partner_id, cooperation=cooperation)
    form = PartnerForm(request.POST or None, edited=partner)
    if request.method == "POST" and form.is_valid():
        values = form.values()
        if saved(form, lambda: edit(partner, version=form.cleaned_data["version"], **values)):
            messages.success(request, _("“%(name)s” is saved.") % {"name": partner})
            return redirect("web:masterdata_partners", slug=cooperation.slug)
    return edit_page(
        request, cooperation, partner, form, section="partners", heading=partner.name,
        back=reverse("web:masterdata_partners", args=[cooperation.slug]),
        delete_url=reverse("web:masterdata_partner_delete", args=[cooperation.slug, partner.pk]),
    )  # fmt: skip


@require_POST
@requires("change", Cooperation, lookup="slug")
def partner_delete(request, cooperation, partner_id):
    """Coordinators: delete a partner nothing refers to (no people, tasks, topics)."""
    partner = get_object_or_404(Partner, pk=partner_id, cooperation=cooperation)
    if deleted(request, partner, lambda version: delete_unreferenced(partner, version=version)):
        return redirect("web:masterdata_partners", slug=cooperation.slug)
    return redirect("web:masterdata_partner", cooperation.slug, partner.pk)


@require_http_methods(["GET", "POST"])
@requires("change", Cooperation, lookup="slug")
def fields_of_action(request, cooperation):
    """Coordinators: the fields of action in their order, each with its number of
    measures, and a new one."""
    form = FieldOfActionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        values = form.values()
        if saved(form, lambda: add_field_of_action(cooperation=cooperation, **values)):
            messages.success(request, _("“%(name)s” is created.") % {"name": values["name"]})
            return redirect("web:masterdata_fields", slug=cooperation.slug)
    return render(
        request,
        "web/masterdata/fields.html",
        {"cooperation": cooperation, "section": "fields",
         "fields": fields_of_action_of(cooperation), "form": form},
    )  # fmt: skip


@require_http_methods(["GET", "POST"])
@requires("change", Cooperation, lookup="slug")
def field_of_action(request, cooperation, field_id):
    """Coordinators: a field of action's name, order and description."""
    field = get_object_or_404(FieldOfAction, pk=field_id, cooperation=cooperation)
    form = FieldOfActionForm(request.POST or None, edited=field)
    if request.method == "POST" and form.is_valid():
        values = form.values()
        if saved(form,
            lambda: edit_field_of_action(field, version=form.cleaned_data["version"], **values),
        ):  # fmt: skip
            messages.success(request, _("“%(name)s” is saved.") % {"name": field})
            return redirect("web:masterdata_fields", slug=cooperation.slug)
    return edit_page(
        request, cooperation, field, form, section="fields", heading=field.name,
        back=reverse("web:masterdata_fields", args=[cooperation.slug]),
        delete_url=reverse("web:masterdata_field_delete", args=[cooperation.slug, field.pk]),
    )  # fmt: skip


@require_POST
@requires("change", Cooperation, lookup="slug")
def field_of_action_delete(request, cooperation, field_id):
    """Coordinators: delete a field of action no measure belongs to."""
    field = get_object_or_404(FieldOfAction, pk=field_id, cooperation=cooperation)
    if deleted(request, field, lambda version: remove_field_of_action(field, version=version)):
        return redirect("web:masterdata_fields", slug=cooperation.slug)
    return redirect("web:masterdata_field", cooperation.slug, field.pk)


@require_http_methods(["GET", "POST"])
@requires("change", Cooperation, lookup="slug")
def people(request, cooperation):
    """Coordinators: the people of the municipalities and partners, and a new one."""
    form = PersonForm(request.POST or None, cooperation=cooperation)
    if request.method == "POST" and form.is_valid():
        values = form.values()
        if saved(form, lambda: add_person(cooperation=cooperation, **values)):
            messages.success(
                request, _("“%(name)s” is created.") % {"name": values["name"] or values["role"]}
            )
            return redirect("web:masterdata_people", slug=cooperation.slug)
    return render(
        request,
        "web/masterdata/people.html",
        {"cooperation": cooperation, "section": "people", "people": people_of(cooperation),
         "form": form},
    )  # fmt: skip


@require_http_methods(["GET", "POST"])
@requires("change", Cooperation, lookup="slug")
def person(request, cooperation, person_id):
    """Coordinators: a person's name, office, e-mail and municipality or partner."""
    person = get_object_or_404(Person, pk=person_id, cooperation=cooperation)
    form = PersonForm(request.POST or None, edited=person, cooperation=cooperation)
    if request.method == "POST" and form.is_valid():
        values = form.values()
        if saved(form, lambda: edit(person, version=form.cleaned_data["version"], **values)):
            messages.success(request, _("“%(name)s” is saved.") % {"name": person})
            return redirect("web:masterdata_people", slug=cooperation.slug)
    return edit_page(
        request, cooperation, person, form, section="people", heading=str(person),
        back=reverse("web:masterdata_people", args=[cooperation.slug]),
        delete_url=reverse("web:masterdata_person_delete", args=[cooperation.slug, person.pk]),
    )  # fmt: skip


@require_POST
@requires("change", Cooperation, lookup="slug")
def person_delete(request, cooperation, person_id):
    """Coordinators: delete a person nothing refers to (no memberships, tasks, topics)."""
    person = get_object_or_404(Person, pk=person_id, cooperation=cooperation)
    if deleted(request, person, lambda version: delete_unreferenced(person, version=version)):
        return redirect("web:masterdata_people", slug=cooperation.slug)
    return redirect("web:masterdata_person", cooperation.slug, person.pk)
