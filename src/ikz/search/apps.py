from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    name = "ikz.search"
    label = "search"
    verbose_name = _("Search")

    def ready(self):
        from ikz.search import indexing  # noqa: PLC0415 app registry: models are ready only now

        indexing.connect_receivers()
        post_migrate.connect(indexing.fill_after_migrate, sender=self)
