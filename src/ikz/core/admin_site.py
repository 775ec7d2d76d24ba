"""The admin site, apart from the model admins: Django builds it (IkzAdminConfig) before
it imports the modules that register models on it."""

from functools import update_wrapper

from django.contrib import admin
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from ikz.core.models import Cooperation
from ikz.core.permissions import can_anywhere, visible_to


class IkzAdminSite(admin.AdminSite):
    """The admin for everyone with a role: what each may see and change in it is decided
    by ikz.core.permissions (the model admins ask it), not by Django's staff flag and
    model permissions."""

    site_header = _("IKZ Cockpit administration")
    site_title = _("IKZ Cockpit")
    index_title = _("Data of the cooperation")

    def has_permission(self, request):
        return can_anywhere(request.user, "view_internal")

    def each_context(self, request):
        context = super().each_context(request)
        # The header of every admin page names the cooperations one works on that hold
        # invented data (the demo), so that no one mistakes them for a real one's.
        if request.user.is_authenticated:
            samples = list(
                visible_to(request.user, Cooperation.objects.filter(is_sample=True), path="pk")
                .order_by("name")
                .values_list("name", flat=True)
            )
            if samples:
                context["site_header"] = _("%(header)s – sample data: %(names)s") % {
                    "header": context["site_header"],
                    "names": ", ".join(samples),
                }
        return context

    def admin_view(self, view, cacheable=False):
        inner = super().admin_view(view, cacheable)

        def guarded(request, *args, **kwargs):
            # One sign-in for the whole cockpit, with its throttling; a signed-in person
            # without a role gets the 403 page that says so, not the sign-in form again.
            if not self.has_permission(request):
                if request.user.is_authenticated:
                    raise PermissionDenied
                return redirect_to_login(request.get_full_path(), reverse("web:login"))
            return inner(request, *args, **kwargs)

        return update_wrapper(guarded, inner)

    def login(self, request, extra_context=None):
        # Links to the admin's own sign-in go to the cockpit's (which checks "next").
        if request.user.is_authenticated:
            if not self.has_permission(request):
                raise PermissionDenied
            return redirect("admin:index")
        target = request.GET.get("next") or reverse("admin:index")
        return redirect_to_login(target, reverse("web:login"))
