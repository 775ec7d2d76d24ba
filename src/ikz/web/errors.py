"""The page of a server error, which must not fail itself."""

import logging

from django.http import HttpResponseServerError
from django.template import loader
from django.utils.html import format_html

from ikz.web.access import public
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
