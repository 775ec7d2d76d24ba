"""Where a page sends one on afterwards: the ``next`` address a form or link carries,
if it is one of this site's. Another site's would let any link lend it the cockpit's
name (an open redirect)."""

from django.utils.http import url_has_allowed_host_and_scheme


def safe_next(request) -> str:
    """The ``next`` address of the form (or else of the link), if it is a page of this
    site, reached over HTTPS when this request was; "" otherwise."""
    address = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        address, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return address
    return ""
