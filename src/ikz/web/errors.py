"""The error pages that need more than a template of the same name (400.html, 403.html
and 404.html are Django's handlers' own): a server error, which must not fail itself; a
form the CSRF check refused; a method a view does not take."""

import logging

from django.conf import settings
from django.http import HttpResponseNotAllowed, HttpResponseServerError
from django.middleware.csrf import REASON_NO_CSRF_COOKIE
from django.shortcuts import render
from django.template import loader
from django.utils.html import format_html

from ikz.web import kept
from ikz.web.access import PUBLIC, SIGNED_IN, public
from ikz.web.middleware import request_id_of

logger = logging.getLogger(__name__)

# Only for when 500.html itself fails; German first, as the cockpit's pages.
BARE_500_PAGE = (
    '<!DOCTYPE html><html lang="de"><title>Serverfehler / Server error</title>'
    "<h1>Serverfehler / Server error</h1><p>Fehlernummer / Error number: {}</p></html>"
)


@public
def server_error(request):
    """Public: the 500 page (``handler500``) with the request's id, which the error's
    log line carries too. Rendered without the request, as Django's own handler does:
    no context processor, no session or user, no query. It must not fail itself, or
    the user would get the WSGI server's bare error instead."""
    request_id = request_id_of(request)
    try:
        page = loader.get_template("500.html").render({"request_id": request_id})
    except Exception:
        logger.exception("500.html could not be rendered")
        page = format_html(BARE_500_PAGE, request_id or "-")
    return HttpResponseServerError(page)


@public
def csrf_failure(request, reason=""):
    """Public: a form the CSRF check refused (``CSRF_FAILURE_VIEW``). Its page was most
    likely made before this browser's last sign-in, which renews the token: a form of a
    cooperation's work pages, sent from this site by the account now signed in (or by
    one signed in no more), is kept and shown again (``ikz.web.kept``). Anything else
    gets the page that says why and leads back."""
    account = kept.marked_account(request) if _keeps_refused(request) else None
    if (
        account is not None
        and (not request.user.is_authenticated or str(request.user.pk) == account)
        and kept.keep(request, account)
    ):
        return kept.back_to_form(request)
    return render(
        request,
        "403_csrf.html",
        {"no_cookie": reason == REASON_NO_CSRF_COOKIE, "back": kept.referring_page(request)},
        status=403,
    )


def _keeps_refused(request) -> bool:
    """A POST from this site's own page (another site's is refused, not kept) to a work
    page (not a sign-in or account page, whose entries hold passwords and codes)."""
    origin = request.headers.get("Origin")
    view = request.resolver_match.func if request.resolver_match else None
    return (
        request.method == "POST"
        and origin is not None
        and (
            origin == f"{request.scheme}://{request.get_host()}"
            or origin in settings.CSRF_TRUSTED_ORIGINS
        )
        and getattr(view, "access", PUBLIC) not in (PUBLIC, SIGNED_IN)
    )


class NotAllowedPageMiddleware:
    """A method a view does not take (a link to an action that only a form sends) gets
    a page in the layout, with its ``Allow`` header, instead of Django's empty 405."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if not isinstance(response, HttpResponseNotAllowed):
            return response
        page = render(request, "405.html", {"back": kept.referring_page(request)}, status=405)
        page["Allow"] = response["Allow"]
        return page
