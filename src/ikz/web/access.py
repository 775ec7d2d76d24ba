"""Who may open a page: every view declares it in its ``access`` attribute, "public" or
the action of ``ikz.core.permissions`` it requires (tests/web/test_permissions.py checks
that none is missing). The decision itself is the permission module's."""

import functools

from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.urls import reverse

from ikz.core.audit import cooperation_path
from ikz.core.models import Cooperation
from ikz.core.permissions import awaits_second_factor, can, can_anywhere, may_change_own
from ikz.web import kept

PUBLIC = "public"
SIGNED_IN = "signed_in"


def public(view):
    """Public pages: anyone, without an account; they show only what is marked public."""
    view.access = PUBLIC
    return view


def requires(action: str, model=None, lookup: str = "pk", may=None):
    """Pages of a cooperation's people: anonymous visitors are sent to the login. With
    ``model``, the view gets the object of the URL's ``pk`` (404 when there is none), and
    an account that may not do ``action`` on it gets 403; without, an account that may
    do it in no cooperation gets 403 (the view then offers only the cooperations
    ``cooperations_of`` gives). ``lookup`` names the URL's argument that finds the
    object (``pk``, or ``slug`` for a cooperation). ``may``, a function of the
    permission module (user, object), decides instead of ``can`` where ``action`` alone
    does not say it (attaching a document: a coordinator, or a member as their
    municipality's); ``action`` is then the least it asks.

    A coordinator refused only because their cooperation wants a second factor first
    is sent to set it up (or confirm it), and comes back afterwards."""

    def decorate(view):
        @functools.wraps(view)
        def checked(request, *args, **kwargs):
            if model is None:
                if not can_anywhere(request.user, action):
                    return refused(request, None)
                return view(request, *args, **kwargs)
            rows = (
                model.objects.all()
                if model is Cooperation
                # The permission asks for the cooperation: read with the object.
                else model.objects.select_related(cooperation_path(model).removesuffix("_id"))
            )
            obj = get_object_or_404(rows, **{lookup: kwargs.pop(lookup)})
            if may is not None:
                allowed = may(request.user, obj)
            elif action == "change_own":
                # It asks whose the object is: a member acts on their own only.
                allowed = may_change_own(request.user, obj)
            else:
                allowed = can(request.user, action, obj)
            if not allowed:
                return refused(request, obj)
            return view(request, obj, *args, **kwargs)

        wrapped = sign_in_first(checked)
        wrapped.access = action
        return wrapped

    return decorate


def sign_in_first(view):
    """``login_required``, except that a form sent after the session ended keeps what was
    typed into it for after the sign-in (``ikz.web.kept``); and a form sent again once
    signed in is no longer kept."""
    guarded = login_required(view)

    @functools.wraps(view)
    def checked(request, *args, **kwargs):
        if request.method != "POST":
            return guarded(request, *args, **kwargs)
        if not request.user.is_authenticated:
            return kept.sign_in_again(request)
        kept.forget_sent(request)
        return view(request, *args, **kwargs)

    return checked


def refused(request, obj):
    """403, or the way to the second factor for a coordinator who lacks only that."""
    if awaits_second_factor(request.user, obj):
        return redirect_to_login(request.get_full_path(), reverse("web:second_factor"))
    raise PermissionDenied


def signed_in(view):
    """Pages for every signed-in account, with a role or without: anonymous visitors
    are sent to the login."""
    wrapped = login_required(view)
    wrapped.access = SIGNED_IN
    return wrapped
