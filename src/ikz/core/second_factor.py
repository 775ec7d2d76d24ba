"""The second factor: a six-digit code that changes every 30 seconds (TOTP, RFC 6238),
shown by an authenticator app on the person's phone, asked after the password. One
device per account (django-otp's TOTPDevice); a cooperation can require it of its
coordinators (``Cooperation.second_factor_for_coordinators``, ``ikz.core.permissions``)."""

import time
from base64 import b32encode
from binascii import unhexlify

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice, default_key

# One step of the clock on either side: a phone a little fast or slow still fits.
TOLERANCE_STEPS = 1


def new_key() -> str:
    """A new secret for an enrolment (hex, as TOTPDevice keeps it), not stored yet."""
    return default_key()


def device_of(account) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=account, confirmed=True).order_by("pk").first()


def setup_address(account, key: str) -> str:
    """The ``otpauth://`` address the QR code carries, for the app to add the account."""
    return TOTPDevice(user=account, key=key).config_url


def key_for_typing(key: str) -> str:
    """The secret as the apps ask for it when the QR code cannot be scanned: base32, in
    groups of four."""
    letters = b32encode(unhexlify(key.encode())).decode()
    return " ".join(letters[start : start + 4] for start in range(0, len(letters), 4))


def _wrong_code() -> ValidationError:
    return ValidationError(
        _("This code is not right. Enter the six digits your app shows now."), code="wrong"
    )


def enrol(account, key: str, code: str) -> TOTPDevice:
    """Set up the second factor with the secret ``key`` the person's app was given,
    once ``code`` shows the app has it. ValidationError, nothing stored, for a wrong code
    or when the account has a second factor already.

    Side effects: one confirmed TOTPDevice row, whose last used step is the code's, so
    that the same code cannot sign in again."""
    if device_of(account) is not None:
        raise ValidationError(_("A second factor is set up already."), code="exists")
    totp = TOTP(unhexlify(key.encode()))
    totp.time = time.time()
    if not (code.isdigit() and totp.verify(int(code), TOLERANCE_STEPS)):
        raise _wrong_code()
    device = TOTPDevice(
        user=account,
        name=_("Authenticator app"),
        key=key,
        tolerance=TOLERANCE_STEPS,
        confirmed=True,
        last_t=totp.t(),
    )
    device.save()
    return device


def verify(account, code: str) -> TOTPDevice:
    """The account's device, once ``code`` is its current code. ValidationError when it
    is not, or while wrong codes have locked it: after each wrong code the next attempt
    waits twice as long (1, 2, 4 … seconds), which makes guessing hopeless.

    Side effects (django-otp, in one transaction with the device's row locked, so that
    two attempts at once count as two): a wrong code raises the device's failure count
    and stamps it; a right one resets the count and marks its step as used."""
    with transaction.atomic():
        device = (
            TOTPDevice.objects.select_for_update()
            .filter(user=account, confirmed=True)
            .order_by("pk")
            .first()
        )
        if device is None:
            raise ValidationError(_("This account has no second factor."), code="none")
        allowed, details = device.verify_is_allowed()
        if not allowed:
            # To the second: the first waits last seconds, not minutes.
            until = timezone.localtime(details["locked_until"]).strftime("%H:%M:%S")
            raise ValidationError(
                _("Too many wrong codes. Please try again after %(time)s."),
                code="locked",
                params={"time": until},
            )
        right = device.verify_token(code)
    # Raised outside the transaction, which would otherwise undo the failure count.
    if not right:
        raise _wrong_code()
    return device


def remove(account, code: str) -> None:
    """Remove the account's second factor, once ``code`` proves the person holds it
    (not someone at a computer left signed in). ValidationError as ``verify`` raises.

    Side effects: the device's row is deleted; the account signs in with the password
    alone until a new one is set up."""
    verify(account, code).delete()
