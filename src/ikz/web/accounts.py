"""Signing in with e-mail address and password, the start page after it, choosing a
password (from a reset mail or an invitation's link) and the page a sign-in gets while
it is locked after too many failures."""

from axes.helpers import get_cool_off
from django.conf import settings
from django.contrib.auth import views as auth_views
from django.contrib.auth.views import redirect_to_login
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from ikz.core import second_factor
from ikz.core.accounts import invitation_tokens
from ikz.core.permissions import awaits_second_factor, cooperations_of, is_administrator
from ikz.web import kept
from ikz.web.access import public, signed_in
from ikz.web.forms.accounts import PasswordResetForm, SetPasswordForm, SignInForm
from ikz.web.second_factor import hold_sign_in


class SignInView(auth_views.LoginView):
    """With a second factor set up, the right password leads to the code
    (``ikz.web.second_factor``), not into the cockpit."""

    template_name = "web/accounts/login.html"
    authentication_form = SignInForm

    def get_context_data(self, **kwargs):
        # A form sent after the session ended waits for its account (ikz.web.kept).
        return super().get_context_data(**kwargs) | {"kept": kept.waiting(self.request)}

    def form_valid(self, form):
        account = form.get_user()
        if second_factor.device_of(account) is None:
            return super().form_valid(form)
        return hold_sign_in(self.request, account, self.get_success_url())


class PasswordResetView(auth_views.PasswordResetView):
    """An unknown address gets the same "sent" page as a known one: the page must not
    tell who has an account."""

    template_name = "web/accounts/password_reset_form.html"
    form_class = PasswordResetForm
    subject_template_name = "web/accounts/password_reset_subject.txt"
    email_template_name = "web/accounts/password_reset_email.txt"
    success_url = reverse_lazy("web:password_reset_done")

    @property
    def extra_email_context(self):
        # The link to the address the cockpit is reached at, as an invitation's: not the
        # host a request named (behind a proxy, an inner one).
        return {"base_url": settings.IKZ_BASE_URL}


class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "web/accounts/password_reset_done.html"


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "web/accounts/password_reset_confirm.html"
    form_class = SetPasswordForm
    success_url = reverse_lazy("web:password_reset_complete")


class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "web/accounts/password_reset_complete.html"


class InvitationView(auth_views.PasswordResetConfirmView):
    """The link of an invitation (``ikz.core.accounts.invite``): choose a password, be
    signed in, land on the start page."""

    template_name = "web/accounts/invitation.html"
    form_class = SetPasswordForm
    token_generator = invitation_tokens
    post_reset_login = True
    post_reset_login_backend = "ikz.core.auth.EmailBackend"
    success_url = reverse_lazy("web:home")

    def form_valid(self, form):
        # With a second factor (an existing account invited anew), the password alone
        # must not sign in: the start page then sends to the sign-in, which asks for it.
        self.post_reset_login = second_factor.device_of(form.user) is None
        return super().form_valid(form)


sign_in = public(SignInView.as_view())
password_reset = public(PasswordResetView.as_view())
password_reset_done = public(PasswordResetDoneView.as_view())
password_reset_confirm = public(PasswordResetConfirmView.as_view())
password_reset_complete = public(PasswordResetCompleteView.as_view())
invitation = public(InvitationView.as_view())


@signed_in
@require_safe
def home(request):
    """Where a sign-in lands: the cockpit of one's only cooperation, or the choice among
    several. Without any, an administrator goes to the admin and everyone else learns
    whom to ask for a role. A coordinator whose cooperation requires a second factor
    sets it up (or confirms it) first."""
    if awaits_second_factor(request.user):
        return redirect_to_login(reverse("web:home"), reverse("web:second_factor"))
    cooperations = list(cooperations_of(request.user).only("name", "slug"))
    if len(cooperations) == 1:
        return redirect("web:cockpit", cooperations[0].slug)
    if not cooperations and is_administrator(request.user):
        return redirect("admin:index")
    return render(
        request,
        "web/accounts/home.html",
        {
            "choices": [
                (cooperation, reverse("web:cockpit", args=[cooperation.slug]))
                for cooperation in cooperations
            ]
        },
    )


def locked_out(request, original_response, credentials):
    """django-axes' answer (``AXES_LOCKOUT_CALLABLE``) to a sign-in while its account and
    address are locked: when to try again. Every attempt during the lock starts the
    cool-off anew, so the time counts from this one."""
    return render(
        request,
        "web/accounts/locked.html",
        {"until": request.axes_attempt_time + get_cool_off(request)},
        status=settings.AXES_HTTP_RESPONSE_CODE,
    )


# Signing out stays Django's own (POST only, CSRF-checked, LOGOUT_REDIRECT_URL or a
# safe ``next``).
_sign_out = auth_views.LogoutView.as_view()


@public
@require_http_methods(["GET", "POST"])
def logout(request):
    """Public. POST signs out. GET (a typed address, a link) only asks: signing out on
    GET would let any other site sign users out with an image, and Django 5's
    LogoutView answers it with a blank 405."""
    if request.method == "POST":
        return _sign_out(request)
    return render(request, "web/accounts/logout.html")


@require_POST
@signed_in
def session_renew(request):
    """Every signed-in account: "stay signed in" on the notice before the idle timeout
    (web/_session.html). The request itself renews the session
    (``SESSION_SAVE_EVERY_REQUEST``); the answer has nothing to say."""
    return HttpResponse(status=204)
