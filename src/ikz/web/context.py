"""What every page's frame needs to know about the account (the navigation)."""

from ikz.core.permissions import can_anywhere


def navigation(request) -> dict:
    return {"may_view_reports": can_anywhere(request.user, "view_internal")}
