"""What someone typed into a form that reached the server after their session had ended
(the idle timeout, or signing out in another tab): kept in this browser's session and
put back into the form on its page once the same account has signed in again, to be
saved once more. Nothing kept is ever saved on its own.

Whose entries they are cannot come from the session, which has ended (or, after a new
sign-in in another tab, belongs to whoever signed in there): the page says it. Every
signed-in page carries its account's mark (``account_mark``), which the page's script
(static ikz/session.js) sends with each form as ``MARK_FIELD``. A form sent without a
valid mark (no script) is not kept, and the sign-in page says so.
"""

import datetime
from urllib.parse import urlsplit

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core import signing
from django.http import HttpResponseRedirect
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django_htmx.http import HttpResponseClientRedirect

SESSION_KEY = "ikz_kept_entries"
MARK_FIELD = "ikz_account"
MARK_SALT = "ikz.web.kept.account"
# Never kept: the token of the page that was refused, and the mark itself.
NOT_KEPT = {"csrfmiddlewaretoken", MARK_FIELD}
# Names and values together: an hour of minutes is well below, and a session row
# stays small.
MAX_CHARACTERS = 100_000


def account_mark(user) -> str:
    """The mark of a signed-in account's pages: its id, signed, so that a form cannot
    claim another account's."""
    return signing.Signer(salt=MARK_SALT).sign(str(user.pk))


def marked_account(request) -> str | None:
    """The account id the sent form's mark names, or None without a valid one."""
    try:
        return signing.Signer(salt=MARK_SALT).unsign(request.POST.get(MARK_FIELD, ""))
    except signing.BadSignature:
        return None


def referring_page(request) -> str | None:
    """The address (path and query) of the page a request came from, if it is this
    site's: htmx names it, a browser sends it as the referrer."""
    for address in (request.headers.get("HX-Current-URL"), request.headers.get("Referer")):
        if address and url_has_allowed_host_and_scheme(
            address, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        ):
            parts = urlsplit(address)
            return (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    return None


def page_of_form(request) -> str:
    """The page a form was sent from, else the form's own address."""
    return referring_page(request) or request.get_full_path()


def keep(request, account: str) -> bool:
    """Keeps the sent form's entries for ``account`` (the only form kept: a later one
    replaces it); False when they are too large to keep."""
    entries = {name: request.POST.getlist(name) for name in request.POST if name not in NOT_KEPT}
    if sum(len(name) + sum(map(len, values)) for name, values in entries.items()) > MAX_CHARACTERS:
        return False
    request.session[SESSION_KEY] = {
        "account": account,
        "action": request.get_full_path(),
        "page": page_of_form(request),
        "entries": entries,
        # Chosen files are not kept (their content is not in the session); their
        # fields are named so that the page can ask for them again.
        "files": sorted(request.FILES),
        "at": timezone.now().isoformat(),
    }
    return True


def sign_in_again(request):
    """A form sent without a session to a page that needs one: its entries are kept for
    the account that typed them (the form's mark names it), and the sign-in leads back
    to the form's page."""
    account = marked_account(request)
    if account is None or not keep(request, account):
        messages.warning(
            request,
            _(
                "You were no longer signed in when you sent the form, and what you "
                "entered could not be kept. Please sign in and enter it again."
            ),
        )
    return back_to_form(request)


def back_to_form(request):
    """To the form's page, through the sign-in if this browser is not signed in."""
    page = page_of_form(request)
    target = (
        HttpResponseRedirect(page) if request.user.is_authenticated else redirect_to_login(page)
    )
    if request.htmx:
        # htmx would put the page into the element it updates.
        return HttpResponseClientRedirect(target.url)
    return target


def waiting(request) -> dict | None:
    """The kept entries, whoever's: the sign-in page says that some wait."""
    return request.session.get(SESSION_KEY)


def kept_for_page(request) -> dict | None:
    """The kept entries if they are the signed-in account's and this is their page,
    with the entries as JSON for the page's script."""
    kept = request.session.get(SESSION_KEY)
    if (
        not kept
        or kept["account"] != str(request.user.pk)
        or kept["page"] != request.get_full_path()
    ):
        return None
    return {
        **kept,
        "at": timezone.localtime(datetime.datetime.fromisoformat(kept["at"])),
        "script_data": {"action": kept["action"], "entries": kept["entries"]},
    }


def forget_sent(request) -> None:
    """The account sends the kept form again: it is no longer kept, whatever the answer
    (a form with errors shows what was sent)."""
    kept = request.session.get(SESSION_KEY)
    if kept and kept["action"] == request.get_full_path():
        del request.session[SESSION_KEY]


def forget_others(sender, request, user, **kwargs) -> None:
    """``user_logged_in``: another account's kept entries go."""
    kept = request.session.get(SESSION_KEY)
    if kept and kept["account"] != str(user.pk):
        del request.session[SESSION_KEY]
