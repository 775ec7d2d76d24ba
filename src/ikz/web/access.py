"""Who may open a page: every view declares it in its ``access`` attribute, "public" or
the action of ``ikz.core.permissions`` it requires (tests/web/test_permissions.py checks
that none is missing). The decision itself is the permission module's."""

import functools

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from ikz.core.models import Cooperation
from ikz.core.permissions import can, can_anywhere

PUBLIC = "public"
SIGNED_IN = "signed_in"


def public(view):
    """Public pages: anyone, without an account; they show only what is marked public."""
    view.access = PUBLIC
    return view


def requires(action: str, model=None, lookup: str = "pk"):
    """Pages of a cooperation's people: anonymous visitors are sent to the login. With
    ``model``, the view gets the object of the URL's ``pk`` (404 when there is none), and
    an account that may not do ``action`` on it gets 403; without, an account that may
    do it in no cooperation gets 403 (the view then offers only the cooperations
    ``cooperations_of`` gives). ``lookup`` names the URL's argument that finds the
    object (``pk``, or ``slug`` for a cooperation)."""

    def decorate(view):
        @functools.wraps(view)
        def checked(request, *args, **kwargs):
            if model is None:
                if not can_anywhere(request.user, action):
                    raise PermissionDenied
                return view(request, *args, **kwargs)
            rows = (
                model.objects.all()
                if model is Cooperation
                else model.objects.select_related("cooperation")
            )
            obj = get_object_or_404(rows, **{lookup: kwargs.pop(lookup)})
            if not can(request.user, action, obj):
                raise PermissionDenied
            return view(request, obj, *args, **kwargs)

        wrapped = login_required(checked)
        wrapped.access = action
        return wrapped

    return decorate


def signed_in(view):
    """Pages for every signed-in account, with a role or without: anonymous visitors
    are sent to the login."""
    wrapped = login_required(view)
    wrapped.access = SIGNED_IN
    return wrapped
