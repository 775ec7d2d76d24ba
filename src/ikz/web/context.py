"""What every page's frame needs to know: the account (the navigation) and the nonce
of its inline style."""

from ikz.core.permissions import awaits_second_factor, can_anywhere


def navigation(request) -> dict:
    return {
        "may_view_reports": can_anywhere(request.user, "view_internal"),
        "awaits_second_factor": awaits_second_factor(request.user),
        # Made when a page uses it (django-csp's lazy nonce; none where its middleware
        # has not run); a page cached whole puts a slot here (ikz.web.public).
        "csp_nonce": getattr(request, "csp_nonce", ""),
    }
