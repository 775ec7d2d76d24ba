"""Documents in the browser: a file attached to a meeting (or one of its topics), a
measure or a purpose agreement, and its download. Who may do what is
``ikz.core.permissions``'s, the rules of an upload are ``ikz.core.domain.attach_document``'s;
the files are checked in size and type by the validators of ``ikz.core.files`` and sent
with its safe download headers."""

import mimetypes

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods, require_safe

from ikz.agreements.models import Agreement
from ikz.core.domain import attach_document
from ikz.core.files import safe_download_headers
from ikz.core.models import Document
from ikz.core.permissions import (
    can,
    may_attach_as,
    may_attach_document,
    may_download,
    own_municipality_ids,
)

# Re-exported: the meeting pages still import it from here.
from ikz.measures.models import Measure
from ikz.meetings.models import Meeting
from ikz.web.access import PUBLIC, refused, requires
from ikz.web.form_layout import add_domain_error
from ikz.web.forms.documents import DocumentForm


def upload(
    request, *, cooperation, area: tuple, back: str, meeting=None, measure=None, agreement=None
):
    """The upload form of a meeting, measure or agreement; attached, back to its page.
    ``area`` is the breadcrumb's (label, address) of the list the object belongs to."""
    owner = meeting or measure or agreement
    own = None if can(request.user, "change", owner) else own_municipality_ids(request.user, owner)
    form = DocumentForm(
        request.POST or None,
        request.FILES or None,
        cooperation=cooperation,
        meeting=meeting,
        own=own,
        # An agreement's documents have no public place (``is_public_document``).
        publishable=agreement is None,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        municipality = data["municipality"]
        if not may_attach_as(request.user, owner, municipality):
            # The form offers no other; a forged choice is refused all the same.
            return refused(request, owner)
        try:
            document = attach_document(
                file=data["file"],
                meeting=meeting,
                agenda_item=data.get("agenda_item"),
                measure=measure,
                agreement=agreement,
                title=data["title"],
                is_public=data.get("is_public", False),
                municipality=municipality,
            )
        except ValidationError as error:
            add_domain_error(form, error)
        else:
            messages.success(
                request,
                _("The document “%(title)s” is attached.") % {"title": document.title},
            )
            return redirect(back)
    if form.errors and "file" in request.FILES:
        # Browsers cannot fill a file field in again: say so where it is.
        form.add_error(
            "file",
            _(
                "Please choose the file again: a browser does not keep it when the form "
                "is shown again."
            ),
        )
    return render(
        request,
        "web/documents/upload.html",
        {
            "cooperation": cooperation,
            "owner_title": meeting.heading if meeting else owner.title,
            "area_label": area[0],
            "area_url": area[1],
            "form": form,
            "back": back,
        },
    )


@require_http_methods(["GET", "POST"])
@requires("change_own", Meeting, may=may_attach_document)
def meeting_document_upload(request, meeting):
    """Coordinators, and members as their municipality's: a document of the meeting or
    one of its topics."""
    cooperation = meeting.body.cooperation
    return upload(
        request,
        cooperation=cooperation,
        area=(_("Meetings"), reverse("web:meetings", args=[cooperation.slug])),
        back=reverse("web:meeting", args=[meeting.pk]),
        meeting=meeting,
    )


@require_http_methods(["GET", "POST"])
@requires("change_own", Measure, may=may_attach_document)
def measure_document_upload(request, measure):
    """Coordinators, and members as their municipality's: a document of the measure."""
    return upload(
        request,
        cooperation=measure.cooperation,
        area=(_("Measures"), reverse("web:measures", args=[measure.cooperation.slug])),
        back=reverse("web:measure", args=[measure.pk]),
        measure=measure,
    )


@require_http_methods(["GET", "POST"])
@requires("change", Agreement)
def agreement_document_upload(request, agreement):
    """Coordinators: a document of the agreement (a draft, the council's template, the
    authority's approval), internal."""
    return upload(
        request,
        cooperation=agreement.cooperation,
        area=(
            _("Purpose agreements"),
            reverse("web:agreements", args=[agreement.cooperation.slug]),
        ),
        back=reverse("web:agreement", args=[agreement.pk]),
        agreement=agreement,
    )


@require_safe
def document_download(request, pk, filename):
    """Public documents of public meetings and measures for anyone
    (``is_public_document``); every other for the cooperation's people, anonymous
    visitors signing in first. The name in the address is only for the browser."""
    document = get_object_or_404(
        Document.objects.select_related("meeting", "agenda_item", "measure"), pk=pk
    )
    if not may_download(request.user, document):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        return refused(request, document)
    try:
        file = document.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    content_type = mimetypes.guess_type(document.download_name)[0] or "application/octet-stream"
    response = FileResponse(file, content_type=content_type)
    return safe_download_headers(response, document.download_name)


# Open to anyone: the view itself sends all but public documents' visitors through the
# permission module.
document_download.access = PUBLIC
