"""Signing in with the e-mail address: the address identifies the person, not a user
name they would have to remember."""

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import PermissionDenied


class EmailBackend(ModelBackend):
    """The active account whose e-mail address is the one typed, in any case.

    Two active accounts with one address are refused outright (PermissionDenied also
    stops the backends after this one): signing in must not pick one of them. Any other
    mismatch leaves the login to the next backend, so that a superuser made with
    ``createsuperuser`` can still type their user name."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if not username or password is None:
            return None
        accounts = list(
            get_user_model()._default_manager.filter(
                email__iexact=username.strip(), is_active=True
            )[:2]
        )
        if len(accounts) > 1:
            raise PermissionDenied
        if not accounts:
            # As ModelBackend does: as slow as a found account, not to tell which exist.
            get_user_model()().set_password(password)
            return None
        account = accounts[0]
        if account.check_password(password) and self.user_can_authenticate(account):
            return account
        return None


def attempted_account(request, credentials) -> str:
    """What django-axes counts failed sign-ins by (with the client's IP address): the
    user name of the one active account with the typed address, so that the address in
    any spelling and the user name count together, and a successful sign-in, which axes
    knows by the user name, clears them; otherwise what was typed, in lower case."""
    typed = ((credentials or {}).get("username") or request.POST.get("username") or "").strip()
    if not typed:
        return ""
    owners = list(
        get_user_model()
        ._default_manager.filter(email__iexact=typed, is_active=True)
        .values_list("username", flat=True)[:2]
    )
    return (owners[0] if len(owners) == 1 else typed).lower()
