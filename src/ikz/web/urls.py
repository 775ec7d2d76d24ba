from django.urls import path

from ikz.web import views

app_name = "web"
urlpatterns = [
    path("", views.start_page, name="start"),
    path("k/<slug:slug>/", views.cooperation_page, name="cooperation"),
]
