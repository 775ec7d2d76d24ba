"""The second factor in the browser: the code asked after the password, the page where
a person sets it up (QR code for the app) or confirms it for this session, and its
removal. The rules are ``ikz.core.second_factor``'s."""

import time

import segno
from django.contrib import messages
from django.contrib.auth import get_user_model, login
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp import login as confirm_for_session

from ikz.core import second_factor
from ikz.core.permissions import cooperations_awaiting_second_factor
from ikz.web.access import public, signed_in
from ikz.web.forms.second_factor import CodeForm
from ikz.web.navigation import safe_next

# Between the password and the code: the password is forgotten after this long.
PENDING_SECONDS = 5 * 60
PENDING_KEY = "ikz_sign_in_pending"
# The secret an enrolment shows, until its code confirms it.
ENROLMENT_KEY = "ikz_second_factor_key"
# Pixels per module of the QR code: large enough for an older phone's camera.
QR_SCALE = 5


def hold_sign_in(request, account, target: str):
    """After the right password of an account with a second factor: not signed in yet,
    the code first (``sign_in_code``), within ``PENDING_SECONDS``."""
    request.session[PENDING_KEY] = {
        "account": account.pk,
        "backend": account.backend,
        "until": time.time() + PENDING_SECONDS,
        "target": target,
    }
    return redirect("web:sign_in_code")


def _pending(request):
    held = request.session.get(PENDING_KEY)
    if not held or held["until"] < time.time():
        return None
    account = get_user_model()._default_manager.filter(pk=held["account"], is_active=True).first()
    return (account, held) if account is not None else None


@public
@require_http_methods(["GET", "POST"])
def sign_in_code(request):
    """Public: the second step of signing in. Without a password just given (or after
    ``PENDING_SECONDS``), back to the first."""
    pending = _pending(request)
    if pending is None:
        request.session.pop(PENDING_KEY, None)
        return redirect("web:login")
    account, held = pending
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            device = second_factor.verify(account, form.cleaned_data["code"])
        except ValidationError as error:
            form.add_error("code", error)
        else:
            del request.session[PENDING_KEY]
            # django-otp keeps a device set on the account in the new session.
            account.otp_device = device
            login(request, account, backend=held["backend"])
            return redirect(held["target"])
    return render(request, "web/second_factor/sign_in_code.html", {"form": form})


@signed_in
@require_http_methods(["GET", "POST"])
def setup(request):
    """Every signed-in account: set up a second factor (the QR code and the secret for
    the app, then a code from it) or confirm it for this session; with it confirmed,
    the form that removes it (``remove``). A coordinator whose cooperation requires one
    is sent here (``ikz.web.access``) and back to where they were going afterwards."""
    account = request.user
    device = second_factor.device_of(account)
    form = CodeForm(request.POST or None)
    target = safe_next(request)
    if device is None:
        key = request.session.get(ENROLMENT_KEY) or second_factor.new_key()
        request.session[ENROLMENT_KEY] = key
        if request.method == "POST" and form.is_valid():
            try:
                device = second_factor.enrol(account, key, form.cleaned_data["code"])
            except ValidationError as error:
                form.add_error("code", error)
            else:
                del request.session[ENROLMENT_KEY]
                confirm_for_session(request, device)
                messages.success(request, _("The second factor is set up."))
                return redirect(target or "web:home")
        return setup_page(request, form, device=None, target=target, key=key)
    if request.method == "POST" and form.is_valid():
        try:
            device = second_factor.verify(account, form.cleaned_data["code"])
        except ValidationError as error:
            form.add_error("code", error)
        else:
            confirm_for_session(request, device)
            messages.success(request, _("The second factor is confirmed for this session."))
            return redirect(target or "web:home")
    return setup_page(request, form, device=device, target=target)


@require_POST
@signed_in
def remove(request):
    """Every signed-in account whose session has confirmed its second factor: remove
    it, with a code from the app (not someone at a computer left signed in). An address
    of its own: a code sent to confirm the factor, from a page shown before the session
    confirmed it in another tab, must not remove it."""
    account = request.user
    device = second_factor.device_of(account)
    if device is None or not account.is_verified():
        return redirect("web:second_factor")
    form = CodeForm(request.POST)
    if form.is_valid():
        try:
            second_factor.remove(account, form.cleaned_data["code"])
        except ValidationError as error:
            form.add_error("code", error)
        else:
            request.session.pop(DEVICE_ID_SESSION_KEY, None)
            messages.success(request, _("The second factor is removed."))
            return redirect("web:second_factor")
    return setup_page(request, form, device=device, target="")


def setup_page(request, form, *, device, target: str, key: str = ""):
    """The second factor's page: without a device, the QR code and the secret of
    ``key`` to set one up."""
    context = {"form": form, "device": device, "next": target}
    if device is None:
        qr_code = segno.make(second_factor.setup_address(request.user, key), error="m")
        context |= {
            "qr_code": qr_code.svg_data_uri(scale=QR_SCALE, border=2),
            "qr_size": qr_code.symbol_size(scale=QR_SCALE, border=2)[0],
            "typed_key": second_factor.key_for_typing(key),
        }
    context["requiring"] = cooperations_awaiting_second_factor(request.user)
    return render(request, "web/second_factor/setup.html", context)
