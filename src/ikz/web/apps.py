from django.apps import AppConfig
from django.contrib.auth.signals import user_logged_in
from django.utils.translation import gettext_lazy as _


class WebConfig(AppConfig):
    name = "ikz.web"
    label = "web"
    verbose_name = _("Cockpit and public pages")

    def ready(self):
        # The public page's cache follows every change to what it shows.
        from ikz.web.public import connect_public_changes  # noqa: PLC0415 app registry: models first

        connect_public_changes()
        # Entries kept after a session ended are only for the account that typed them.
        from ikz.web.kept import forget_others  # noqa: PLC0415 app registry: auth's views load models

        user_logged_in.connect(forget_others, dispatch_uid="ikz.web.kept.forget_others")
