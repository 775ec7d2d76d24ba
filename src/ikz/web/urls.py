from django.contrib.auth import views as auth_views
from django.urls import path

from ikz.web import views

app_name = "web"
urlpatterns = [
    path("", views.start_page, name="start"),
    path("k/<slug:slug>/", views.cooperation_page, name="cooperation"),
    path("k/<slug:slug>/logo", views.cooperation_logo, name="cooperation_logo"),
    path(
        "anmelden/",
        auth_views.LoginView.as_view(template_name="web/login.html"),
        name="login",
    ),
    path("abmelden/", views.logout, name="logout"),
    path("berichte/", views.report_list, name="reports"),
    path("berichte/import/", views.report_import, name="report_import"),
    path("berichte/<int:pk>/", views.report_detail, name="report"),
    path("berichte/<int:pk>/ausstellen/", views.report_issue, name="report_issue"),
    path("berichte/<int:pk>/<str:identifier>/", views.report_download, name="report_download"),
    path(
        "berichte/<int:pk>/sitzungsuebersicht/<str:identifier>/",
        views.report_meeting_overview,
        name="report_meeting_overview",
    ),
]
