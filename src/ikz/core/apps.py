from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "ikz.core"
    label = "core"
    verbose_name = _("Cooperation and members")


class IkzAdminConfig(admin_apps.AdminConfig):
    """Django's admin on the cockpit's site, whose permissions come from the roles."""

    # Named in INSTALLED_APPS in place of django.contrib.admin; ikz.core is CoreConfig.
    default = False
    default_site = "ikz.core.admin_site.IkzAdminSite"
