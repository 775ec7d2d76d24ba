from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "ikz.core"
    label = "core"
    verbose_name = _("Cooperation and members")

    def ready(self):
        from ikz.core.roles import ensure_coordinator_group  # noqa: PLC0415 app registry: models load once apps are ready

        # Sent once per app; the last app's signal sees every permission.
        post_migrate.connect(ensure_coordinator_group, dispatch_uid="ikz_coordinator_group")
