from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

admin.site.site_header = _("IKZ Cockpit administration")
admin.site.site_title = _("IKZ Cockpit")
admin.site.index_title = _("Data of the cooperation")

urlpatterns = [
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include("ikz.web.urls")),
]
