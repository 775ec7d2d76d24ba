"""Template tags of the cockpit's frame: what the account may do (asked of
``ikz.core.permissions``, never decided here), the breadcrumb trail, and a task's due
date as the domain says it."""

from django import template
from django.utils.translation import gettext as _

from ikz.core.permissions import can, may_add_own
from ikz.measures.domain import Due

register = template.Library()


@register.simple_tag(takes_context=True)
def may(context, action: str, obj) -> bool:
    """``{% may "view_internal" cooperation as may_work %}``"""
    # A page without the object (a variable the view does not set is "").
    return bool(obj) and can(context["user"], action, obj)


@register.simple_tag(takes_context=True)
def may_add(context, obj) -> bool:
    """``{% may_add measure as may_add_task %}``: a coordinator's, or a member's for
    their municipality (``may_add_own``)."""
    return bool(obj) and may_add_own(context["user"], obj)


@register.inclusion_tag("web/_breadcrumbs.html")
def breadcrumbs(*trail):
    """``{% breadcrumbs "Partheland" url "Sitzungen" url "7. Sitzung" %}``: pairs of
    label and address, then the current page's label."""
    *pairs, current = trail
    links = [(pairs[index], pairs[index + 1]) for index in range(0, len(pairs), 2)]
    return {"links": links, "current": current, "label": _("You are here")}


@register.filter
def due_label(task) -> str:
    """``{{ task|due_label }}``: "bis Ende Juni 2020", "bis zur Sitzung … am …"."""
    return Due.of(task).label
