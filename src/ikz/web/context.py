"""What every page's frame needs to know about the account (the navigation)."""

from ikz.core.permissions import awaits_second_factor, can_anywhere


def navigation(request) -> dict:
    return {
        "may_view_reports": can_anywhere(request.user, "view_internal"),
        "awaits_second_factor": awaits_second_factor(request.user),
    }
