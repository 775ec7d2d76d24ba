"""The accessibility statement (Erklärung zur Barrierefreiheit) of a cooperation's pages,
as Saxony's Barrierefreie-Websites-Gesetz (BfWebG) and its ordinance (BfWebVO) ask of
public bodies: status of compliance, what is not yet accessible and why with its
alternative, the feedback contact, the enforcement body and the last review; filled
from the cooperation's settings, each empty field with the cockpit's default. The
imprint and the privacy notice are ``ikz.web.public``'s."""

from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_safe

from ikz.core.models import Cooperation
from ikz.core.permissions import can
from ikz.web.access import public

# The enforcement body (Durchsetzungsverfahren) for public bodies in Saxony: the state
# commissioner for the inclusion of people with disabilities at the Saxon State
# Chancellery, as the Free State's own accessibility statements name it.
SAXON_ENFORCEMENT_BODY = (
    "Sächsische Staatskanzlei\n"
    "Landesbeauftragter für Inklusion der Menschen mit Behinderungen\n"
    "Archivstraße 1\n"
    "01097 Dresden"
)
SAXON_ENFORCEMENT_URL = (
    "https://www.sk.sachsen.de/behindertenbeauftragter-der-saechsischen-staatsregierung.html"
)
# The legal pages by the path of the pages that belong to no cooperation (signing in,
# the search, the list of cooperations): each cooperation answers for its own.
LEGAL_PAGES = {
    "impressum": "web:imprint",
    "datenschutz": "web:privacy",
    "barrierefreiheit": "web:accessibility",
}


@public
@require_safe
def legal_choice(request, page):
    """Public: a legal page for the pages of no cooperation — with one cooperation its
    page, otherwise each cooperation's to choose from."""
    url_name = LEGAL_PAGES[page]
    cooperations = list(Cooperation.objects.order_by("name").only("slug", "name"))
    if len(cooperations) == 1:
        return redirect(url_name, cooperations[0].slug)
    return render(
        request,
        "web/public/legal_choice.html",
        {
            "page": page,
            "links": [
                (cooperation, reverse(url_name, args=[cooperation.slug]))
                for cooperation in cooperations
            ],
        },
    )


@public
@require_safe
def accessibility(request, slug):
    """Public: the accessibility statement from the cooperation's settings; the
    feedback contact is the section every page's footer links to."""
    cooperation = get_object_or_404(Cooperation, slug=slug)
    own_body = cooperation.accessibility_enforcement_body
    return render(
        request,
        "web/public/accessibility.html",
        {
            "cooperation": cooperation,
            "may_change": can(request.user, "change", cooperation),
            "site": request.build_absolute_uri(reverse("web:cooperation", args=[slug])),
            "enforcement_body": own_body or SAXON_ENFORCEMENT_BODY,
            # A body of one's own comes with its own address or none.
            "enforcement_url": cooperation.accessibility_enforcement_url
            or ("" if own_body else SAXON_ENFORCEMENT_URL),
        },
    )
