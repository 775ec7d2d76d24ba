from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.contrib.auth.signals import user_logged_in
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "ikz.core"
    label = "core"
    verbose_name = _("Cooperation and members")

    def ready(self):
        from ikz.core.accounts import note_sign_in  # noqa: PLC0415 app registry: models first

        # Every sign-in: password, invitation link, second factor.
        user_logged_in.connect(note_sign_in, dispatch_uid="ikz.core.accounts.note_sign_in")


class IkzAdminConfig(admin_apps.AdminConfig):
    """Django's admin on the cockpit's site, whose permissions come from the roles."""

    # Named in INSTALLED_APPS in place of django.contrib.admin; ikz.core is CoreConfig.
    default = False
    default_site = "ikz.core.admin_site.IkzAdminSite"
