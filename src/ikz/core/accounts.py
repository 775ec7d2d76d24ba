"""People's accounts: a coordinator invites someone by e-mail address into a role, and
the invitation's link lets them choose their password."""

import functools

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import PasswordResetTokenGenerator
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.core.validators import validate_email
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.crypto import constant_time_compare
from django.utils.encoding import force_bytes
from django.utils.http import base36_to_int, urlsafe_base64_encode
from django.utils.translation import gettext as _

from ikz.core.domain import grant_role, save_validated
from ikz.core.models import Cooperation, Municipality, Person, Role

SECONDS_PER_DAY = 24 * 60 * 60


class InvitationTokenGenerator(PasswordResetTokenGenerator):
    """The token in an invitation's link. Void, as a password reset link is, once a
    password is set or the person has signed in; but valid for ``IKZ_INVITATION_DAYS``
    instead of ``PASSWORD_RESET_TIMEOUT``, and never accepted as a reset link nor the
    other way round (its own salt)."""

    key_salt = "ikz.core.accounts.InvitationTokenGenerator"

    def check_token(self, user, token):
        # Django's check_token compares the age with PASSWORD_RESET_TIMEOUT itself.
        if not (user and token):
            return False
        try:
            issued = base36_to_int(token.split("-")[0])
        except ValueError:
            return False
        if self._num_seconds(self._now()) - issued > settings.IKZ_INVITATION_DAYS * SECONDS_PER_DAY:
            return False
        return any(
            constant_time_compare(self._make_token_with_timestamp(user, issued, secret), token)
            for secret in [self.secret, *self.secret_fallbacks]
        )


invitation_tokens = InvitationTokenGenerator()


def invite(
    *,
    cooperation: Cooperation,
    email: str,
    kind: str,
    municipality: Municipality | None = None,
    invited_by,
    name: str = "",
):
    """Give the person with the address ``email`` a role in the cooperation and send
    them a link to choose their password. The account is the one with that address (in
    any case), or a new one; ``name`` ("first last") is used only for a new one.
    ValidationError, and nothing stored or sent, when the address is invalid, several or
    only deactivated accounts have it, or the role cannot be granted (held already, a
    member without municipality).

    Side effects, in this order: a new User row when none has the address (user name
    the address, no usable password, active); one Role row (``grant_role``, stamped
    with the time of the invitation); after the commit, one mail to the address with
    the link (``/einladung/…``), signed by ``invited_by``."""
    address = get_user_model().objects.normalize_email(email.strip())
    validate_email(address)
    with transaction.atomic():
        account = _account_for(address, name)
        role = grant_role(
            user=account,
            cooperation=cooperation,
            kind=kind,
            municipality=municipality,
            granted_by=invited_by,
            invited_at=timezone.now(),
        )
        # Not before the commit: a mail must never announce a role that was rolled back.
        transaction.on_commit(functools.partial(_send_invitation, role, invited_by))
    return account


def invite_again(*, role: Role, invited_by) -> None:
    """Send the invitation for ``role`` once more, with a new link (the earlier ones
    stay valid until they expire). ValidationError when the account has signed in
    since it holds the role: it needs no invitation, a forgotten password is reset on
    the sign-in page.

    Side effects, in this order: the role's ``invited_at`` set to now (no change of the
    role, no history record); after the commit, one mail as ``invite`` sends it."""
    if role.signed_in_at is not None:
        raise ValidationError(
            _("%(user)s has signed in already and needs no invitation."),
            params={"user": role.user.get_full_name() or role.user.email},
        )
    with transaction.atomic():
        role.invited_at = timezone.now()
        Role.objects.filter(pk=role.pk).update(invited_at=role.invited_at)
        transaction.on_commit(functools.partial(_send_invitation, role, invited_by))


def note_sign_in(sender, user, **kwargs) -> None:
    """Receiver of Django's ``user_logged_in``: the account's roles not signed in to yet
    are from now on (the roles page says "signed in since").

    Side effects: one UPDATE of those Role rows (no history record: a stamp, no change
    of the role)."""
    Role.objects.filter(user=user, signed_in_at__isnull=True).update(signed_in_at=timezone.now())


def inviter_name(user) -> str:
    """How an invitation names who sent it: their person's name in the cockpit, else
    the account's full name; empty when neither is known (never the user name, which
    may be "admin")."""
    person = Person.objects.filter(user=user).exclude(name="").first()
    return person.name if person else user.get_full_name()


def _account_for(address: str, name: str):
    accounts = list(get_user_model()._default_manager.filter(email__iexact=address)[:2])
    if len(accounts) > 1:
        raise ValidationError(
            _(
                "Several accounts have the email address %(email)s; the administration "
                "must change the address of all but one first."
            ),
            params={"email": address},
        )
    if accounts:
        if not accounts[0].is_active:
            raise ValidationError(
                _(
                    "The account with the email address %(email)s is deactivated; only the "
                    "administration can activate it again."
                ),
                params={"email": address},
            )
        return accounts[0]
    first_name, _space, last_name = name.strip().rpartition(" ")
    account = get_user_model()(
        username=address,
        email=address,
        # "Anna" alone is a first name.
        first_name=first_name or last_name,
        last_name=last_name if first_name else "",
    )
    account.set_unusable_password()
    return save_validated(account)


def _send_invitation(role: Role, inviter) -> None:
    account = role.user
    link = settings.IKZ_BASE_URL + reverse(
        "web:invitation",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(account.pk)),
            "token": invitation_tokens.make_token(account),
        },
    )
    # The person has not chosen a language yet: the installation's.
    with translation.override(settings.LANGUAGE_CODE):
        context = {
            "name": account.get_full_name(),
            "email": account.email,
            "inviter": inviter_name(inviter),
            "cooperation": role.cooperation.name,
            "role": role.get_kind_display(),
            "municipality": role.municipality,
            "link": link,
            "days": settings.IKZ_INVITATION_DAYS,
            "has_password": account.has_usable_password(),
        }
        subject = render_to_string("web/accounts/invitation_subject.txt", context)
        body = render_to_string("web/accounts/invitation_email.txt", context)
    # A header must be one line.
    send_mail(" ".join(subject.split()), body, None, [account.email])
