from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WebConfig(AppConfig):
    name = "ikz.web"
    label = "web"
    verbose_name = _("Cockpit and public pages")

    def ready(self):
        # The public page's cache follows every change to what it shows.
        from ikz.web.public import connect_public_changes  # noqa: PLC0415 app registry: models first

        connect_public_changes()
