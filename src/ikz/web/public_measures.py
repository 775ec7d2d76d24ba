"""The public measures: the measures marked public with their progress (a percentage
per status, a parent's the mean of its public parts), and each one's status history,
the public results behind it and its public documents. A measure that is not public
answers 404, as if it did not exist."""

from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.views.decorators.http import require_safe

from ikz.core.models import Cooperation
from ikz.core.queries import public_documents_of
from ikz.measures.queries import find_progress, public_progress_of
from ikz.meetings.queries import public_history_of
from ikz.web.access import public

PER_PAGE = 20


@public
@require_safe
def public_measures(request, slug):
    """Public: the public measures with their status and progress, parts below the
    measure they belong to, page by page."""
    cooperation = get_object_or_404(Cooperation, slug=slug)
    roots = public_progress_of(cooperation, today=timezone.localdate())
    return render(
        request,
        "web/public/measures.html",
        {
            "cooperation": cooperation,
            "page": Paginator(roots, PER_PAGE).get_page(request.GET.get("seite")),
        },
    )


@public
@require_safe
def public_measure(request, slug, pk):
    """Public: a public measure's status, progress and public parts, its status history
    (a change's result linked only where it is public) and its public documents."""
    cooperation = get_object_or_404(Cooperation, slug=slug)
    node = find_progress(public_progress_of(cooperation, today=timezone.localdate()), pk)
    if node is None:
        raise Http404
    measure = node.measure
    parent = measure.parent if measure.parent_id else None
    return render(
        request,
        "web/public/measure.html",
        {
            "cooperation": cooperation,
            "node": node,
            "measure": measure,
            "parent": parent if parent is not None and parent.is_public else None,
            "history": public_history_of(measure),
            "documents": list(public_documents_of(cooperation).filter(measure=measure)),
        },
    )
