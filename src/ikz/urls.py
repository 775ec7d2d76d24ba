from django.contrib import admin
from django.urls import include, path

from ikz.web import errors

urlpatterns = [
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include("ikz.web.urls")),
]

# The 500 page with the request id; Django's own handler renders it without any context.
handler500 = errors.server_error
