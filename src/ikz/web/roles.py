"""A cooperation's people and their roles: granted (by invitation) and withdrawn by its
coordinators, with the history of both; what is held about a person exported, and a
person who leaves anonymised."""

import json

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from ikz.core.accounts import invite, invite_again
from ikz.core.domain import withdraw_role
from ikz.core.models import Cooperation, Role
from ikz.core.permissions import may_manage_person
from ikz.core.privacy import anonymise_person, export_person
from ikz.core.queries import accounts_in, role_history, roles_in, roles_of
from ikz.web.access import requires
from ikz.web.forms.roles import InvitationForm

# The history shown under the roles: enough for the last changes, not every one.
HISTORY_SHOWN = 50


@require_http_methods(["GET", "POST"])
@requires("manage_roles", Cooperation, lookup="slug")
def cooperation_roles(request, cooperation):
    """Coordinators: who holds which role, an invitation for a new one, and the
    history of granted and withdrawn roles."""
    form = InvitationForm(request.POST or None, cooperation=cooperation)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            invite(
                cooperation=cooperation,
                email=data["email"],
                kind=data["kind"],
                municipality=data["municipality"],
                invited_by=request.user,
                name=data["name"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("%(email)s has the role and an invitation by e-mail.") % {"email": data["email"]},
            )
            return redirect("web:roles", slug=cooperation.slug)
    return render(
        request,
        "web/roles/roles.html",
        {
            "cooperation": cooperation,
            "roles": roles_in(cooperation),
            "history": role_history(cooperation, latest=HISTORY_SHOWN),
            "form": form,
        },
    )


@require_POST
@requires("manage_roles", Cooperation, lookup="slug")
def role_withdraw(request, cooperation, role_id):
    """Coordinators: take a role of the cooperation away; its last coordinator's stays."""
    role = get_object_or_404(Role, pk=role_id, cooperation=cooperation)
    try:
        withdraw_role(role=role)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The role of %(user)s is withdrawn.") % {"user": role.user})
    return redirect("web:roles", slug=cooperation.slug)


@require_POST
@requires("manage_roles", Cooperation, lookup="slug")
def role_invite_again(request, cooperation, role_id):
    """Coordinators: mail the invitation for a role once more, while its account has
    not signed in."""
    role = get_object_or_404(
        Role.objects.select_related("user"), pk=role_id, cooperation=cooperation
    )
    try:
        invite_again(role=role, invited_by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("The invitation is sent again to %(email)s.") % {"email": role.user.email},
        )
    return redirect("web:roles", slug=cooperation.slug)


def _person_in(cooperation: Cooperation, request, user_id: int):
    """The account of someone in the cooperation (a role or a Person record there): 404
    for anyone else; 403 where the coordinator may not reach all of their data."""
    account = get_object_or_404(accounts_in(cooperation), pk=user_id)
    if not may_manage_person(request.user, account):
        raise PermissionDenied
    return account


@require_safe
@requires("manage_roles", Cooperation, lookup="slug")
def person_export(request, cooperation, user_id):
    """Coordinators: everything held about a person, as JSON (Art. 15 GDPR)."""
    account = _person_in(cooperation, request, user_id)
    content = json.dumps(export_person(user=account), ensure_ascii=False, indent=2)
    response = HttpResponse(content, content_type="application/json; charset=utf-8")
    name = f"person-{account.pk}-{timezone.localdate():%Y-%m-%d}.json"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@require_http_methods(["GET", "POST"])
@requires("manage_roles", Cooperation, lookup="slug")
def person_anonymise(request, cooperation, user_id):
    """Coordinators: asks first (GET); POST removes the person's name and address."""
    account = _person_in(cooperation, request, user_id)
    if request.method == "POST":
        label = account.get_full_name() or account.email or account.get_username()
        try:
            anonymise_person(user=account, by=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("%(person)s is anonymised.") % {"person": label})
        return redirect("web:roles", slug=cooperation.slug)
    return render(
        request,
        "web/roles/anonymise.html",
        {
            "cooperation": cooperation,
            "account": account,
            "roles": roles_of(account),
        },
    )
